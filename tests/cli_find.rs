//! Finding and sorting from the command line, through the real binary:
//! `--where` takes OR, AND, NOT, `-( )` and parentheses as `/` does; a
//! key typed in full is that item; a filter that cannot be read names the
//! column of the problem and changes nothing; `list --sort FIELD[:desc]`
//! sorts by any column without touching the rank, and named views keep
//! their sort.

mod common;

use common::pty::Env;
use serde_json::Value;

fn keys_of(out: &str) -> Vec<String> {
    let items: Vec<Value> = serde_json::from_str(out).expect("list --json prints a JSON array");
    items.iter().map(|i| i["key"].as_str().unwrap().to_owned()).collect()
}

fn listed(env: &Env, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list", "--json"];
    all.extend(args);
    keys_of(&env.cli(&all))
}

/// BL-1..BL-35: every third a bug; odd ones labelled `ux`; BL-1..BL-6 for
/// alice, BL-7..BL-9 for bob; points 2, 3, 5, 8, 1 going round; BL-3 done.
fn backlog() -> Env {
    let env = Env::empty();
    for n in 1..=35u32 {
        let points = [1, 2, 3, 5, 8][n as usize % 5];
        let mut args = vec!["add".to_owned(), format!("Story {n}"), "--points".into(), points.to_string()];
        if n % 3 == 0 {
            args.extend(["--kind".into(), "bug".into()]);
        }
        if n % 2 == 1 {
            args.extend(["--label".into(), "ux".into()]);
        }
        match n {
            1..=6 => args.extend(["--assignee".into(), "alice".into()]),
            7..=9 => args.extend(["--assignee".into(), "bob".into()]),
            _ => {}
        }
        if n == 3 {
            args.extend(["--status".into(), "done".into()]);
        }
        env.cli(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
    env
}

#[test]
fn where_takes_or_not_and_parentheses() {
    let env = backlog();
    let w = |f: &str| listed(&env, &["--all", "--where", f]);
    let alice_or_bob = w("assignee:alice OR assignee:bob");
    assert_eq!(alice_or_bob, (1..=9).map(|n| format!("BL-{n}")).collect::<Vec<_>>());
    assert_eq!(w("@alice or @bob"), alice_or_bob, "either case, either spelling");
    // AND binds tighter: bob's, and alice's bugs.
    assert_eq!(w("@bob OR @alice kind:bug"), ["BL-3", "BL-6", "BL-7", "BL-8", "BL-9"]);
    assert_eq!(w("(@bob OR @alice) AND kind:bug"), ["BL-3", "BL-6", "BL-9"]);
    assert_eq!(w("@alice -label:ux"), ["BL-2", "BL-4", "BL-6"]);
    assert_eq!(w("@alice NOT (label:ux OR kind:bug)"), ["BL-2", "BL-4"]);
    assert_eq!(w("(kind:bug OR label:ux) -status:done @alice"), ["BL-1", "BL-5", "BL-6"]);
    assert_eq!(w("@alice -(label:ux OR kind:bug)"), ["BL-2", "BL-4"]);

    // The same filter picks what edit changes.
    let out = env.cli(&["edit", "--where", "@bob OR (kind:bug @alice -status:done)", "--label", "triage"]);
    assert_eq!(out.trim(), "Updated 4 items");
    assert_eq!(w("label:triage"), ["BL-6", "BL-7", "BL-8", "BL-9"]);
}

#[test]
fn a_key_in_full_is_that_item_and_shows_even_when_done() {
    let env = backlog();
    assert_eq!(listed(&env, &["--all", "--where", "BL-3"]), ["BL-3"], "not BL-30..BL-35 as well");
    assert_eq!(listed(&env, &["--where", "BL-3"]), ["BL-3"], "done, but named: shown without --all");
    assert_eq!(listed(&env, &["--where", "bl-3 OR BL-31"]), ["BL-3", "BL-31"]);
    assert_eq!(
        listed(&env, &["--all", "--where", "\"BL-3\""]),
        ["BL-3", "BL-30", "BL-31", "BL-32", "BL-33", "BL-34", "BL-35"],
        "quoted, a key is text"
    );
    assert!(listed(&env, &["--all", "--where", "BL-99"]).is_empty(), "no such item: nothing, not BL-99x");
    let out = env.cli(&["edit", "--where", "BL-3", "--label", "one"]);
    assert_eq!(out.trim(), "Updated BL-3 (labels)");
}

#[test]
fn a_filter_that_cannot_be_read_names_the_column_and_changes_nothing() {
    let env = backlog();
    let before = std::fs::read(&env.ws).unwrap();
    for (filter, says) in [
        ("(label:ux OR", ["\"(\" at column 1 is not closed", "\"OR\" at column 11 has nothing after it"].as_slice()),
        ("label:ux) @bob", &["\")\" at column 9 has no \"(\" before it"]),
        ("OR label:ux", &["\"OR\" at column 1 has nothing before it"]),
        ("label:ux -(", &["\"(\" at column 11 is not closed"]),
    ] {
        for args in [
            vec!["edit", "--where", filter, "--points", "8"],
            vec!["list", "--where", filter],
            vec!["rm", "--where", filter],
        ] {
            let out = env.command().args(&args).output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            for s in says {
                assert!(err.contains(s), "{args:?}: {err}");
            }
            assert!(err.contains(&format!("--where {filter:?}")), "quotes the filter: {err}");
        }
    }
    assert_eq!(std::fs::read(&env.ws).unwrap(), before, "nothing written");
}

#[test]
fn list_sorts_by_any_field_either_way_and_never_changes_the_rank() {
    let env = backlog();
    let before = std::fs::read(&env.ws).unwrap();
    let rank = listed(&env, &[]);
    let by = |sort: &str| listed(&env, &["--where", "@alice", "--sort", sort]);
    // Points go 2, 3, 5 (done), 8, 1, 2 for BL-1..BL-6.
    assert_eq!(by("points"), ["BL-5", "BL-1", "BL-6", "BL-2", "BL-4"], "ties in rank order");
    assert_eq!(by("points:desc"), ["BL-4", "BL-2", "BL-1", "BL-6", "BL-5"]);
    assert_eq!(by("pts:asc"), by("points"));
    assert_eq!(by("key:desc"), ["BL-6", "BL-5", "BL-4", "BL-2", "BL-1"]);
    assert_eq!(by("rank:desc"), ["BL-6", "BL-5", "BL-4", "BL-2", "BL-1"]);
    assert_eq!(listed(&env, &["--sort", "key"])[..3], ["BL-1", "BL-2", "BL-4"], "BL-10 after BL-9");
    assert_eq!(listed(&env, &["--sort", "key"])[8..10], ["BL-10", "BL-11"]);
    // Unassigned items last, whichever way.
    let who = listed(&env, &["--sort", "assignee:desc"]);
    assert_eq!(who[..4], ["BL-7", "BL-8", "BL-9", "BL-1"]);
    assert_eq!(who.len(), rank.len());

    // The table shows what it is sorted by.
    let table = env.cli(&["list", "--where", "@bob", "--sort", "assignee"]);
    assert!(table.lines().next().unwrap().contains("ASSIGNEE"), "{table}");

    let out = env.command().args(["list", "--sort", "colour"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--sort: \"colour\" is not something to sort by: use rank, key, kind, title"), "{err}");

    assert_eq!(std::fs::read(&env.ws).unwrap(), before, "sorting wrote nothing");
    assert_eq!(listed(&env, &[]), rank);
}

#[test]
fn named_views_keep_their_sort() {
    let env = backlog();
    env.cli(&["view", "save", "Alice", "--where", "@alice OR @bob", "--sort", "points:desc"]);
    let saved = &env.read().settings.views[0];
    assert_eq!((saved.filter.as_str(), saved.sort.as_str()), ("@alice OR @bob", "points:desc"));
    assert!(env.cli(&["view", "list"]).contains("points:desc"));
    assert_eq!(listed(&env, &["--view", "alice"]), ["BL-4", "BL-9", "BL-8", "BL-2", "BL-7", "BL-1", "BL-6", "BL-5"]);
    // --sort wins over the view's; the view's filter and --where both hold,
    // its OR not reaching into --where.
    assert_eq!(
        listed(&env, &["--view", "alice", "--where", "label:ux", "--sort", "key"]),
        ["BL-1", "BL-5", "BL-7", "BL-9"]
    );
    let out = env.command().args(["view", "save", "Bad", "--sort", "points:sideways"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("add :asc or :desc"), "{out:?}");
}
