use super::Query;
use crate::domain::command::{Command, ItemPatch, NewInitiative, NewItem, NewSprint};
use crate::domain::entity::{Meta, Role};
use crate::domain::item::{Comment, Criterion, ExternalRef, ItemKind, Status, Story};
use crate::domain::strategy::Horizon;
use crate::domain::tx::{Ctx, IdGen};
use crate::domain::{Workspace, apply};
use uuid::Uuid;

struct Fx {
    ws: Workspace,
    ctx: Ctx,
    /// The session's person (`@me`).
    user: String,
}

impl Fx {
    fn new() -> Fx {
        let now = "2026-03-02T09:00:00Z".parse().unwrap();
        let ws = Workspace::new("T", "BL", Meta::new(Uuid::nil(), Role::Pm, now, Role::Pm));
        let mut ctx = Ctx::new(now, Role::Po);
        ctx.ids = IdGen::sequential();
        ctx.confirmed = true;
        Fx { ws, ctx, user: String::new() }
    }
    fn run(&mut self, cmd: Command) -> Option<Uuid> {
        apply(&mut self.ws, cmd, &mut self.ctx).unwrap().created.and_then(|r| r.id())
    }
    fn add(&mut self, new: NewItem) -> Uuid {
        self.run(Command::AddItem(Box::new(new))).unwrap()
    }
    /// Keys of the items `q` matches, in key order.
    fn find(&self, q: &str) -> Vec<String> {
        let q = Query::parse(q, &self.ws, &self.user);
        assert!(q.problems.is_empty(), "{:?}", q.problems);
        let mut keys: Vec<String> =
            self.ws.live_items().filter(|i| q.matches(&self.ws, i)).map(|i| i.key.clone()).collect();
        keys.sort_by_key(|k| k[3..].parse::<u32>().unwrap());
        keys
    }
}

/// BL-1 epic; BL-2 story under it, ready, 5 pts, in S1, for lena, blocked
/// by BL-3; BL-3 bug, 8 pts, labels ux; BL-4 done task; BL-5 story from Jira.
fn fixture() -> Fx {
    let mut f = Fx::new();
    f.ctx.role = Role::Pm;
    let init = f
        .run(Command::AddInitiative(Box::new(NewInitiative {
            title: "Payroll".into(),
            horizon: Some(Horizon::Now),
            ..Default::default()
        })))
        .unwrap();
    f.ctx.role = Role::Po;
    let sprint = f.run(Command::AddSprint(NewSprint { name: Some("S1".into()), ..Default::default() })).unwrap();
    let epic = f.add(NewItem { title: "Swaps".into(), kind: Some(ItemKind::Epic), ..Default::default() });
    let story = f.add(NewItem {
        title: "Offer a shift".into(),
        parent: Some(epic),
        estimate: Some(5),
        status: Some(Status::Ready),
        sprint: Some(sprint),
        initiative: Some(init),
        assignee: Some("Lena".into()),
        story: Some(Story::new("barista", "to offer my shift", "I can rest")),
        acceptance_criteria: vec![Criterion::new("Colleagues get a push", false)],
        ..Default::default()
    });
    let bug = f.add(NewItem {
        title: "Crash at midnight".into(),
        kind: Some(ItemKind::Bug),
        estimate: Some(8),
        labels: vec!["UX".into()],
        description: "Happens when the **clock** turns".into(),
        ..Default::default()
    });
    f.run(Command::LinkItems { blocker: bug, blocked: story, linked: true });
    let done = f.add(NewItem { title: "Old task".into(), kind: Some(ItemKind::Task), ..Default::default() });
    f.run(Command::EditItem {
        id: done,
        patch: Box::new(ItemPatch { status: Some(Status::Done), ..Default::default() }),
    });
    f.add(NewItem {
        title: "Imported".into(),
        external: vec![ExternalRef::new("jira", "MESOS-313")],
        comments: vec![Comment {
            at: f.ctx.now,
            author: "mira".into(),
            role: Role::Po,
            text: "Reproduced on Staging after the upgrade".into(),
            extra: Default::default(),
        }],
        ..Default::default()
    });
    f
}

#[test]
fn words_search_every_text_of_an_item() {
    let f = fixture();
    assert_eq!(f.find("offer"), ["BL-2"]);
    assert_eq!(f.find("barista"), ["BL-2"], "story triple");
    assert_eq!(f.find("push"), ["BL-2"], "criteria");
    assert_eq!(f.find("clock"), ["BL-3"], "description");
    assert_eq!(f.find("ux"), ["BL-3"], "labels");
    assert_eq!(f.find("mesos-313"), ["BL-5"], "external keys");
    assert_eq!(f.find("bl-4"), ["BL-4"], "keys");
    assert_eq!(f.find("lena"), ["BL-2"], "assignee");
    assert_eq!(f.find("staging"), ["BL-5"], "comments");
    assert_eq!(f.find("\"at midnight\""), ["BL-3"], "a quoted phrase");
    assert_eq!(f.find("shift offer"), ["BL-2"], "all words, any order");
    assert!(f.find("shift crash").is_empty());
}

#[test]
fn terms_on_fields() {
    let f = fixture();
    assert_eq!(f.find("status:ready"), ["BL-2"]);
    assert_eq!(f.find("status:ready,done"), ["BL-2", "BL-4"]);
    assert_eq!(f.find("status:don"), ["BL-4"], "first letters");
    assert_eq!(f.find("kind:bug"), ["BL-3"]);
    assert_eq!(f.find("label:ux"), ["BL-3"]);
    assert_eq!(f.find("pts:>5"), ["BL-3"]);
    assert_eq!(f.find("pts:<=5"), ["BL-2"]);
    assert_eq!(f.find("pts:5"), ["BL-2"]);
    assert_eq!(f.find("pts:none"), ["BL-1", "BL-4", "BL-5"]);
    assert_eq!(f.find("is:unestimated"), ["BL-1", "BL-4", "BL-5"]);
    assert_eq!(f.find("sprint:S1"), ["BL-2"]);
    assert_eq!(f.find("sprint:none -kind:epic"), ["BL-3", "BL-4", "BL-5"]);
    assert!(f.find("sprint:active").is_empty(), "S1 is only planned");
    assert_eq!(f.find("owner:po").len(), 5);
    assert!(f.find("owner:pm").is_empty());
    assert_eq!(f.find("@lena"), ["BL-2"]);
    assert_eq!(f.find("assignee:Lena"), ["BL-2"]);
    assert_eq!(f.find("assignee:none"), f.find("@none"));
    assert_eq!(f.find("@none").len(), 4);
    assert_eq!(f.find("init:R1"), ["BL-2"]);
    assert_eq!(f.find("epic:bl-1"), ["BL-2"]);
    assert_eq!(f.find("is:blocked"), ["BL-2"]);
    assert_eq!(f.find("-is:blocked status:ready"), Vec::<String>::new());
    assert_eq!(f.find("is:open -kind:epic"), ["BL-2", "BL-3", "BL-5"]);
    assert_eq!(f.find("is:done"), ["BL-4"]);
    assert!(f.find("10:30").is_empty(), "a colon after something not a field name is text");
}

#[test]
fn ready_ok_follows_the_definition_of_ready() {
    let mut f = fixture();
    // BL-2 has points, a criterion and its story, but BL-3 blocks it.
    assert!(f.find("is:ready-ok").iter().all(|k| k != "BL-2"));
    let bug = f.ws.item_by_key("BL-3").unwrap().meta.id;
    f.run(Command::EditItem {
        id: bug,
        patch: Box::new(ItemPatch { status: Some(Status::Done), ..Default::default() }),
    });
    assert!(f.find("is:ready-ok").iter().any(|k| k == "BL-2"), "a finished blocker no longer blocks");
    assert!(f.find("is:blocked").is_empty());
}

#[test]
fn what_cannot_be_read_is_said_and_matches_nothing() {
    let f = fixture();
    for (q, says) in [
        ("status:nope", "status:nope? use one of new"),
        ("sprint:S9", "no sprint named \"S9\""),
        ("pts:>x", "pts:>x? use a number"),
        ("colour:red", "colour: is not a filter field"),
        ("is:late", "is:late? use blocked"),
        ("epic:BL-99", "no epic"),
    ] {
        let parsed = Query::parse(q, &f.ws, "");
        assert!(parsed.problems.len() == 1 && parsed.problems[0].contains(says), "{q}: {:?}", parsed.problems);
        assert!(!f.ws.live_items().any(|i| parsed.matches(&f.ws, i)), "{q} matched something");
    }
}

#[test]
fn at_me_is_the_sessions_person() {
    let mut f = fixture();
    f.user = "lena".into();
    assert_eq!(f.find("@me"), ["BL-2"], "assigned to Lena, any case");
    assert_eq!(f.find("-@me").len(), 4);
    f.user = "anna".into();
    assert!(f.find("@me").is_empty());
    let parsed = Query::parse("@me", &f.ws, "");
    assert_eq!(parsed.problems, ["@me: who are you? set `user = \"name\"` in the config file, or $USER"]);
}

#[test]
fn or_takes_either_side_in_either_case() {
    let f = fixture();
    assert_eq!(f.find("kind:bug OR kind:epic"), ["BL-1", "BL-3"]);
    assert_eq!(f.find("kind:bug or kind:epic"), ["BL-1", "BL-3"], "lower case too");
    assert_eq!(f.find("@lena OR label:ux"), ["BL-2", "BL-3"]);
    assert!(f.find("kind:bug \"OR\" kind:epic").is_empty(), "a quoted operator is a word");
}

#[test]
fn and_binds_tighter_than_or_and_parentheses_group() {
    let f = fixture();
    // bug OR (epic AND unestimated)
    assert_eq!(f.find("kind:bug OR kind:epic pts:none"), ["BL-1", "BL-3"]);
    assert_eq!(f.find("kind:bug OR kind:epic AND pts:none"), ["BL-1", "BL-3"]);
    // (bug OR task) AND unestimated
    assert_eq!(f.find("(kind:bug OR kind:task) pts:none"), ["BL-4"]);
    assert_eq!(f.find("pts:none and (kind:bug or kind:task)"), ["BL-4"]);
    assert_eq!(f.find("((kind:bug))"), ["BL-3"]);
}

#[test]
fn not_and_minus_exclude_a_term_or_a_group() {
    let f = fixture();
    assert_eq!(f.find("-kind:epic -kind:bug -kind:task"), ["BL-2", "BL-5"]);
    assert_eq!(f.find("-(kind:epic OR kind:bug OR kind:task)"), ["BL-2", "BL-5"]);
    assert_eq!(f.find("NOT (kind:epic OR kind:bug) not kind:task"), ["BL-2", "BL-5"]);
    assert_eq!(f.find("(kind:bug OR label:ux) -status:done"), ["BL-3"]);
    assert_eq!(f.find("-\"at midnight\""), ["BL-1", "BL-2", "BL-4", "BL-5"]);
    assert_eq!(f.find("--(kind:bug)"), ["BL-3"], "not not");
}

#[test]
fn a_key_typed_in_full_is_that_item_only() {
    let mut f = fixture();
    for n in 6..=31 {
        f.add(NewItem { title: format!("Filler {n}"), ..Default::default() });
    }
    assert_eq!(f.find("BL-3"), ["BL-3"], "not BL-30 and BL-31");
    assert_eq!(f.find("bl-3"), ["BL-3"]);
    assert_eq!(f.find("\"BL-3\""), ["BL-3", "BL-30", "BL-31"], "quoted, it is text");
    assert_eq!(f.find("BL-3 OR BL-30"), ["BL-3", "BL-30"]);
    assert_eq!(f.find("-BL-3 kind:bug"), Vec::<String>::new());
    assert!(f.find("BL-99").is_empty(), "a key of ours nobody has: nothing, not BL-990");
    assert_eq!(f.find("MESOS-313"), ["BL-5"], "another system's key is text (external keys)");
    assert_eq!(f.find("BL-"), f.find(""), "half a key is text");
    let q = Query::parse("BL-4 OR -BL-2", &f.ws, "");
    let id = |k: &str| f.ws.item_by_key(k).unwrap().meta.id;
    assert!(q.names(id("BL-4")) && !q.names(id("BL-2")), "named, not excluded");
}

#[test]
fn status_terms_anywhere_ask_for_statuses() {
    let f = fixture();
    assert!(Query::parse("kind:bug OR (s:done)", &f.ws, "").names_status());
    assert!(Query::parse("-is:done", &f.ws, "").names_status());
    assert!(!Query::parse("kind:bug OR done", &f.ws, "").names_status(), "the word done is text");
}

#[test]
fn shape_problems_say_where_and_read_what_they_can() {
    let f = fixture();
    let cases: [(&str, &[&str]); 8] = [
        ("(kind:bug OR", &["\"(\" at column 1 is not closed", "\"OR\" at column 11 has nothing after it"]),
        ("kind:bug)", &["\")\" at column 9 has no \"(\" before it"]),
        ("OR kind:bug", &["\"OR\" at column 1 has nothing before it"]),
        ("kind:bug or", &["\"or\" at column 10 has nothing after it"]),
        ("kind:bug AND", &["\"AND\" at column 10 has nothing after it"]),
        ("kind:bug NOT", &["\"NOT\" at column 10 has nothing after it"]),
        ("kind:bug ()", &["\"()\" at column 10 is empty"]),
        ("kind:bug -(", &["\"(\" at column 11 is not closed"]),
    ];
    for (text, says) in cases {
        let q = Query::parse(text, &f.ws, "");
        assert_eq!(q.problems.len(), says.len(), "{text}: {:?}", q.problems);
        for (p, s) in q.problems.iter().zip(says) {
            assert!(p.starts_with(s), "{text}: {p:?} should start {s:?}");
        }
        // What could be read is used: the bugs, as the user typed so far.
        let found: Vec<&str> = f.ws.live_items().filter(|i| q.matches(&f.ws, i)).map(|i| i.key.as_str()).collect();
        assert_eq!(found, ["BL-3"], "{text}");
    }
    // A place in characters, not bytes.
    let q = Query::parse("café OR", &f.ws, "");
    assert!(q.problems[0].starts_with("\"OR\" at column 6"), "{:?}", q.problems);
    let (_, at) = q.problems_at().next().unwrap();
    assert_eq!(&"café OR"[at], "OR");
    // A term problem is placed on its term.
    let q = Query::parse("kind:bug OR status:nope", &f.ws, "");
    assert_eq!(q.problems_at().map(|(_, at)| &"kind:bug OR status:nope"[at]).collect::<Vec<_>>(), ["status:nope"]);
}

#[test]
fn other_panes_use_the_words_and_ignore_item_terms_either_way() {
    let f = fixture();
    let texts = ["R1", "Payroll", "The monthly run"];
    let m = |q: &str| super::texts_match(&Query::parse(q, &f.ws, ""), &texts);
    assert!(m("payroll"));
    assert!(!m("-payroll"));
    assert!(m("kind:bug OR payroll"), "a term about items does not count against it");
    assert!(m("-kind:bug"), "nor for it when negated");
    assert!(!m("kind:bug swaps"));
    assert!(m("swaps OR monthly"));
    assert!(!m("-(swaps OR monthly)"));
}

#[test]
fn sorts_read_back_as_written_and_old_views_keep_their_meaning() {
    use super::{Sort, SortField};
    for &field in SortField::ALL {
        for desc in [false, true] {
            let sort = Sort { field, desc };
            assert_eq!(Sort::parse(&sort.to_string()), Ok(sort), "{sort}");
        }
    }
    assert_eq!(Sort::parse("wsjf").unwrap(), Sort { field: SortField::Wsjf, desc: true }, "highest first");
    assert_eq!(Sort::parse("").unwrap(), Sort::default());
    assert_eq!(Sort::parse("PTS:Desc").unwrap(), Sort { field: SortField::Points, desc: true });
    assert_eq!(Sort::new(SortField::Points).to_string(), "points");
    assert_eq!(Sort::new(SortField::Wsjf).flipped().to_string(), "wsjf:asc");
    assert!(Sort::parse("colour").unwrap_err().contains("use rank, key, kind"));
    assert!(Sort::parse("points:sideways").unwrap_err().contains(":asc or :desc"));
}

#[test]
fn a_sort_orders_by_its_field_ties_by_rank_and_missing_values_last() {
    use super::{Sort, SortField};
    let mut f = fixture();
    for n in 6..=10 {
        f.add(NewItem { title: format!("filler {n}"), estimate: Some(5), ..Default::default() });
    }
    let rank = f.ws.ranked_item_positions();
    let keys = |sort: &str| {
        let mut rows = rank.clone();
        Sort::parse(sort).unwrap().order(&f.ws, &mut rows, |p| p);
        rows.iter().map(|&p| f.ws.items[p].key.clone()).collect::<Vec<_>>()
    };
    let before = f.ws.clone();
    assert_eq!(keys("points"), ["BL-2", "BL-6", "BL-7", "BL-8", "BL-9", "BL-10", "BL-3", "BL-1", "BL-4", "BL-5"]);
    assert_eq!(keys("points:desc"), ["BL-3", "BL-2", "BL-6", "BL-7", "BL-8", "BL-9", "BL-10", "BL-1", "BL-4", "BL-5"]);
    assert_eq!(keys("key:desc")[..3], ["BL-10", "BL-9", "BL-8"], "keys in number order");
    assert_eq!(keys("title")[..3], ["BL-3", "BL-10", "BL-6"], "Crash, filler 10, filler 6: any case, as text");
    assert_eq!(keys("assignee"), {
        let mut v = vec!["BL-2".to_owned()];
        v.extend(keys("rank").into_iter().filter(|k| k != "BL-2"));
        v
    });
    assert_eq!(keys("status:desc")[0], "BL-4", "done is furthest along");
    assert_eq!(keys("sprint")[0], "BL-2");
    assert_eq!(keys("rank:desc"), keys("rank").into_iter().rev().collect::<Vec<_>>());
    assert_eq!(f.ws, before, "sorting changes nothing");
    assert_eq!(Sort::new(SortField::Updated).to_string(), "updated");
}

mod props {
    use super::super::{Query, syntax};
    use super::fixture;
    use proptest::prelude::*;

    /// A filter as a tree, printed with as few parentheses as the
    /// precedence needs, in random case and spelling.
    #[derive(Debug, Clone)]
    enum E {
        Atom(&'static str),
        Not(Box<E>),
        And(Vec<E>),
        Or(Vec<E>),
    }

    const ATOMS: &[&str] = &["kind:bug", "kind:epic", "pts:none", "@lena", "status:ready", "label:ux", "offer", "BL-4"];

    fn expr() -> impl Strategy<Value = E> {
        let leaf = prop::sample::select(ATOMS).prop_map(E::Atom);
        leaf.prop_recursive(4, 24, 3, |inner| {
            prop_oneof![
                inner.clone().prop_map(|e| E::Not(Box::new(e))),
                prop::collection::vec(inner.clone(), 2..4).prop_map(E::And),
                prop::collection::vec(inner, 2..4).prop_map(E::Or),
            ]
        })
    }

    /// Prints `e`; `style` picks spellings (`-`/NOT/not, AND/and/nothing,
    /// OR/or) and whether to add parentheses that are not needed.
    fn print(e: &E, style: &mut impl Iterator<Item = u8>, out: &mut String) {
        match e {
            E::Atom(a) => out.push_str(a),
            E::Not(x) => {
                // `-` goes before a term or a group; `--term` is "not -term".
                let word = !matches!(**x, E::Not(_));
                match style.next().unwrap_or(0) % 3 {
                    0 if word => out.push('-'),
                    0 | 1 => out.push_str("NOT "),
                    _ => out.push_str("not "),
                }
                group(x, !matches!(**x, E::Atom(_) | E::Not(_)), style, out);
            }
            E::And(v) => {
                for (i, x) in v.iter().enumerate() {
                    if i > 0 {
                        out.push_str([" ", " AND ", " and "][usize::from(style.next().unwrap_or(0) % 3)]);
                    }
                    group(x, matches!(x, E::Or(_)), style, out);
                }
            }
            E::Or(v) => {
                for (i, x) in v.iter().enumerate() {
                    if i > 0 {
                        out.push_str([" OR ", " or ", " Or "][usize::from(style.next().unwrap_or(0) % 3)]);
                    }
                    group(x, false, style, out);
                }
            }
        }
    }

    fn group(e: &E, needed: bool, style: &mut impl Iterator<Item = u8>, out: &mut String) {
        let extra = style.next().unwrap_or(0).is_multiple_of(5);
        if needed || extra {
            out.push('(');
            print(e, style, out);
            out.push(')');
        } else {
            print(e, style, out);
        }
    }

    fn eval(e: &E, one: &dyn Fn(&str) -> bool) -> bool {
        match e {
            E::Atom(a) => one(a),
            E::Not(x) => !eval(x, one),
            E::And(v) => v.iter().all(|x| eval(x, one)),
            E::Or(v) => v.iter().any(|x| eval(x, one)),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// However it is spelled and parenthesised, a filter finds what
        /// its tree says, with AND binding tighter than OR.
        #[test]
        fn a_printed_tree_finds_what_the_tree_says(e in expr(), style in prop::collection::vec(any::<u8>(), 64)) {
            let f = fixture();
            let mut text = String::new();
            print(&e, &mut style.into_iter().cycle(), &mut text);
            let q = Query::parse(&text, &f.ws, "");
            prop_assert!(q.problems.is_empty(), "{text}: {:?}", q.problems);
            for item in f.ws.live_items() {
                let one = |a: &str| Query::parse(a, &f.ws, "").matches(&f.ws, item);
                prop_assert_eq!(q.matches(&f.ws, item), eval(&e, &one), "{} on {}", text, item.key);
            }
        }

        /// Whatever is typed, reading it never fails, and each problem
        /// quotes what is at the column it names, which is where its
        /// place is.
        #[test]
        fn every_problem_points_at_what_it_quotes(
            parts in prop::collection::vec(
                prop::sample::select(&["(", ")", "OR", "or", "AND", "NOT", "-", "-(", "\"", "kind:bug", "café", "x)", "(y", " ", "  ", "status:nope", "BL-3", "ünï"][..]),
                0..14,
            )
        ) {
            let f = fixture();
            let text: String = parts.concat();
            let q = Query::parse(&text, &f.ws, "");
            let mut last = 0;
            for (message, at) in q.problems_at() {
                prop_assert!(at.start >= last, "in the order of the text: {:?}", q.problems);
                last = at.start;
                let quoted = &text[at.clone()];
                if message.starts_with('"') {
                    // A shape problem: "X" at column N …, X quoted as Rust
                    // quotes a string (a `"` in it shows as `\"`).
                    let head = format!("{quoted:?} at column ");
                    prop_assert!(message.starts_with(&head), "{message:?} quotes {quoted:?}");
                    let col: usize = message[head.len()..].split(' ').next().unwrap().parse().unwrap();
                    prop_assert_eq!(syntax::column(&text, at.start), col);
                    let from: String = text.chars().skip(col - 1).collect();
                    prop_assert!(from.starts_with(quoted), "{text:?}: column {col} is not {quoted:?}");
                } else {
                    // A term problem is placed on the term.
                    prop_assert!(!quoted.trim().is_empty(), "{text:?}: {message}");
                }
            }
        }
    }
}

/// A shape problem quotes its text as Rust quotes a string, so a `"` in it
/// reads `\"` (proptest found `-("")` with the test reading it raw).
#[test]
fn a_quote_in_a_shape_problem_is_escaped_in_the_message() {
    let f = fixture();
    let text = "-(\"\")";
    let q = Query::parse(text, &f.ws, "");
    for (message, at) in q.problems_at() {
        let quoted = &text[at.clone()];
        if message.starts_with('"') {
            assert!(message.starts_with(&format!("{quoted:?} at column ")), "{message:?} quotes {quoted:?}");
        }
    }
    assert!(q.problems_at().any(|(m, _)| m.contains("\\\"")), "{:?}", q.problems);
}

/// The fast search agrees with lower-casing the whole text, for any text
/// (accents, the Kelvin sign, a dotted capital I, emoji) and any word.
mod contains {
    use super::super::contains_ci;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[a-zA-Z ]{0,6}",
            Just("\u{212A}".to_owned()),
            Just("\u{130}".to_owned()),
            Just("é".to_owned()),
            Just("’".to_owned()),
            Just("🦀".to_owned()),
            Just("İstanbul".to_owned()),
        ];
        prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn agrees_with_lower_casing_the_text(hay in text(), needle in text()) {
            let needle = needle.to_lowercase();
            prop_assert_eq!(contains_ci(&hay, &needle), hay.to_lowercase().contains(&needle), "{:?} in {:?}", needle, hay);
        }
    }

    #[test]
    fn finds_a_word_in_any_case_and_not_past_the_end() {
        assert!(contains_ci("Reproduced on STAGING", "staging"));
        assert!(contains_ci("naïve Kelvin", "kelvin"));
        assert!(contains_ci("300 \u{212A}", "k"), "the Kelvin sign lower-cases to k");
        assert!(contains_ci("İstanbul", "i"), "a dotted capital I lower-cases to i and a dot");
        assert!(!contains_ci("stagin", "staging"));
        assert!(!contains_ci("", "a"));
        assert!(contains_ci("x", ""));
    }
}
