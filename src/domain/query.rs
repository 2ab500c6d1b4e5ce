//! The filter language of `/` and `--where`: words that must all appear
//! somewhere in an item (title, key, labels, description, story triple,
//! criteria, comments, assignee, external keys), and terms on its fields:
//!
//! ```text
//! status:ready,review  kind:bug  label:ux  pts:>5  pts:none  sprint:none|active|NAME
//! owner:pm  @lena  @me  assignee:lena  @none  init:R3  release:2.4  epic:TAN-4  is:blocked  is:unestimated
//! is:ready-ok  is:open  is:done  is:archived  "two words"  BL-3 (that item, exactly)
//! ```
//!
//! `is:archived` reads the archive beside the workspace instead (see
//! [`super::archive`]): `list` and the TUI open it for such a query.
//!
//! Terms side by side must all hold (`AND` may be written); `OR` takes
//! either side, binding looser than `AND`; `-` or `NOT` in front of a term
//! or a group excludes it; parentheses group: `(kind:bug OR label:ux)
//! -status:done`. See [`syntax`] for how the shape is read.
//!
//! Parsing resolves names (sprints, initiatives, epics, keys) once, so
//! matching an item costs no lookups by name. Values are matched
//! case-insensitively; a status or kind may be given by its first letters
//! (`status:prog`).

mod index;
mod sort;
pub mod syntax;

pub use index::{Found, TextIndex};
pub use sort::{Sort, SortField};

use super::entity::Role;
use super::item::{Item, ItemKind, Status};
use super::ready::{Gate, blocked_set, missing};
use super::workspace::Workspace;
use std::collections::HashSet;
use std::ops::Range;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    root: Node,
    /// What could not be understood, said as a person would fix it, in the
    /// order of the text (the TUI shows the last, where the user types).
    pub problems: Vec<String>,
    /// Where each problem is in the text (byte offsets), beside `problems`.
    places: Vec<Range<usize>>,
    /// Items named by their key (not excluded): shown even when done work
    /// is hidden.
    named: Vec<Uuid>,
    /// Items blocked by open work when the query was parsed, if a term asks.
    blocked: HashSet<Uuid>,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            root: Node::All(Vec::new()),
            problems: Vec::new(),
            places: Vec::new(),
            named: Vec::new(),
            blocked: HashSet::new(),
        }
    }
}

/// The query as a tree of tests.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Test(Test),
    Not(Box<Node>),
    All(Vec<Node>),
    Any(Vec<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    /// Lower-case text that must appear in one of the item's texts.
    Text(String),
    /// Exactly this item: a key typed in full.
    Key(Uuid),
    Status(Vec<Status>),
    Kind(Vec<ItemKind>),
    Label(String),
    Points(Cmp, u32),
    Unestimated,
    Sprint(Option<Uuid>),
    Owner(Role),
    Assignee(Option<String>),
    Initiative(Option<Uuid>),
    Release(Option<Uuid>),
    Epic(Option<Uuid>),
    Blocked,
    ReadyOk,
    Open,
    /// In the archive (`is:archived`): true of the items of an archive
    /// document, which the archive's readers filter; no workspace item is.
    Archived,
    /// Matches nothing: a term naming something that does not exist.
    Nothing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Lt,
    Le,
    Eq,
    Ge,
    Gt,
}

impl Query {
    /// Parses `text` against `ws` (names are resolved here; `@me` is
    /// `user`, the session's person). Never fails:
    /// what it cannot read is listed in `problems`; a term it cannot read
    /// matches nothing, so a half-typed term narrows the list instead of
    /// being ignored, and a half-typed shape (a dangling `OR`, a `(` not
    /// yet closed) is read as far as it goes.
    pub fn parse(text: &str, ws: &Workspace, user: &str) -> Query {
        let (tree, problems) = syntax::parse(text);
        let mut q = Query::default();
        let mut found: Vec<syntax::Problem> = problems;
        q.root = q.resolve(tree, ws, user, false, &mut found);
        found.sort_by_key(|p| p.at.start);
        (q.problems, q.places) = found.into_iter().map(|p| (p.message, p.at)).unzip();
        if q.any_test(&|t| matches!(t, Test::Blocked | Test::ReadyOk)) {
            q.blocked = blocked_set(ws);
        }
        q
    }

    /// The tests of a parsed tree; words become terms here.
    fn resolve(
        &mut self,
        tree: syntax::Tree,
        ws: &Workspace,
        user: &str,
        negated: bool,
        out: &mut Vec<syntax::Problem>,
    ) -> Node {
        use syntax::Tree;
        match tree {
            Tree::Word(w) => {
                let test = match key_term(&w, ws) {
                    Some(t) => t,
                    None => term(&w.text, ws, user).unwrap_or_else(|message| {
                        out.push(syntax::Problem { message, at: w.at.clone() });
                        Test::Nothing
                    }),
                };
                if let (Test::Key(id), false) = (&test, negated) {
                    self.named.push(*id);
                }
                Node::Test(test)
            }
            Tree::Not(t) => Node::Not(Box::new(self.resolve(*t, ws, user, !negated, out))),
            Tree::And(v) => Node::All(v.into_iter().map(|t| self.resolve(t, ws, user, negated, out)).collect()),
            Tree::Or(v) => Node::Any(v.into_iter().map(|t| self.resolve(t, ws, user, negated, out)).collect()),
        }
    }

    /// True if nothing was typed that could narrow anything.
    pub fn is_empty(&self) -> bool {
        matches!(&self.root, Node::All(v) if v.is_empty()) && self.problems.is_empty()
    }

    /// The problems with where each is in the text (byte offsets), for
    /// showing the place as well as the message.
    pub fn problems_at(&self) -> impl Iterator<Item = (&str, Range<usize>)> {
        self.problems.iter().map(String::as_str).zip(self.places.iter().cloned())
    }

    /// True if a term is about statuses (`status:`, `is:done`): the user
    /// asks about them, so done work is not hidden by default.
    pub fn names_status(&self) -> bool {
        self.any_test(&|t| matches!(t, Test::Status(_)))
    }

    /// True if the query asks for archived items (`is:archived`, not under
    /// a `-`): they are read from the archive instead of the workspace.
    pub fn asks_archived(&self) -> bool {
        fn walk(n: &Node) -> bool {
            match n {
                Node::Test(t) => *t == Test::Archived,
                Node::Not(_) => false,
                Node::All(v) | Node::Any(v) => v.iter().any(walk),
            }
        }
        walk(&self.root)
    }

    /// True if the item was named by its key (and not excluded): it shows
    /// even where done work is hidden.
    pub fn names(&self, id: Uuid) -> bool {
        self.named.contains(&id)
    }

    /// The items named by their key (and not excluded), in the order typed.
    pub fn named(&self) -> &[Uuid] {
        &self.named
    }

    fn any_test(&self, f: &dyn Fn(&Test) -> bool) -> bool {
        fn walk(n: &Node, f: &dyn Fn(&Test) -> bool) -> bool {
            match n {
                Node::Test(t) => f(t),
                Node::Not(n) => walk(n, f),
                Node::All(v) | Node::Any(v) => v.iter().any(|n| walk(n, f)),
            }
        }
        walk(&self.root, f)
    }

    /// Whether `item` (of the workspace the query was parsed against)
    /// passes.
    pub fn matches(&self, ws: &Workspace, item: &Item) -> bool {
        self.eval(ws, &self.root, item, &|w| holds_word(item, w))
    }

    /// [`Query::matches`] for the item at `pos`, its words answered by
    /// what a [`TextIndex`] found where it covers the item.
    pub fn matches_found(&self, ws: &Workspace, pos: usize, found: &Found) -> bool {
        let item = &ws.items[pos];
        self.eval(ws, &self.root, item, &|w| found.holds(w, pos).unwrap_or_else(|| holds_word(item, w)))
    }

    /// The words the query looks for in the items' texts (lower-case).
    pub fn words(&self) -> Vec<&str> {
        fn walk<'a>(n: &'a Node, out: &mut Vec<&'a str>) {
            match n {
                Node::Test(Test::Text(w)) if !out.contains(&w.as_str()) => out.push(w),
                Node::Test(_) => {}
                Node::Not(n) => walk(n, out),
                Node::All(v) | Node::Any(v) => v.iter().for_each(|n| walk(n, out)),
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out
    }

    fn eval(&self, ws: &Workspace, n: &Node, i: &Item, holds: &dyn Fn(&str) -> bool) -> bool {
        match n {
            Node::Test(t) => self.test(ws, t, i, holds),
            Node::Not(n) => !self.eval(ws, n, i, holds),
            Node::All(v) => v.iter().all(|n| self.eval(ws, n, i, holds)),
            Node::Any(v) => v.iter().any(|n| self.eval(ws, n, i, holds)),
        }
    }

    fn test(&self, ws: &Workspace, test: &Test, i: &Item, holds: &dyn Fn(&str) -> bool) -> bool {
        match test {
            Test::Text(w) => holds(w),
            Test::Key(id) => i.meta.id == *id,
            Test::Status(list) => list.contains(&i.status),
            Test::Kind(list) => list.contains(&i.kind),
            Test::Label(l) => i.labels.iter().any(|x| x.to_lowercase() == *l),
            Test::Points(cmp, n) => i.estimate.is_some_and(|p| match cmp {
                Cmp::Lt => p < *n,
                Cmp::Le => p <= *n,
                Cmp::Eq => p == *n,
                Cmp::Ge => p >= *n,
                Cmp::Gt => p > *n,
            }),
            Test::Unestimated => i.estimate.is_none(),
            Test::Sprint(s) => i.sprint == *s,
            Test::Owner(r) => i.meta.owner == *r,
            Test::Assignee(None) => i.assignee.is_none(),
            Test::Assignee(Some(a)) => i.assignee.as_deref().is_some_and(|x| x.to_lowercase() == *a),
            Test::Initiative(x) => i.initiative == *x,
            Test::Release(x) => i.release == *x,
            Test::Epic(x) => i.parent == *x,
            Test::Blocked => self.blocked.contains(&i.meta.id),
            Test::ReadyOk => missing(&ws.settings, Gate::Ready, i, self.blocked.contains(&i.meta.id)).is_empty(),
            Test::Open => !i.status.is_closed(),
            Test::Archived => ws.workspace.archive_of.is_some(),
            Test::Nothing => false,
        }
    }
}

/// A word that is an item's key, typed in full and unquoted: that item
/// (`BL-3`, not the BL-30s that contain it). A key of this workspace's
/// shape that no live item has matches nothing; other words are text.
fn key_term(w: &syntax::Word, ws: &Workspace) -> Option<Test> {
    let (prefix, number) = w.text.rsplit_once('-')?;
    if w.quoted || prefix.is_empty() || number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match ws.item_by_key(&w.text) {
        Some(i) => Some(Test::Key(i.meta.id)),
        None if prefix.eq_ignore_ascii_case(&ws.workspace.key_prefix) => Some(Test::Nothing),
        None => None,
    }
}

/// Whether an initiative, goal or anything else with a few texts matches
/// the query's words. Other terms are about items and do not apply: they
/// count neither for nor against (`kind:bug OR payroll` finds goals about
/// payroll; `-kind:bug` leaves every goal in).
pub fn texts_match(q: &Query, texts: &[&str]) -> bool {
    /// `None`: nothing in `n` applies to these texts.
    fn eval(n: &Node, texts: &[&str]) -> Option<bool> {
        match n {
            Node::Test(Test::Text(w)) => Some(texts.iter().any(|s| contains_ci(s, w))),
            Node::Test(_) => None,
            Node::Not(n) => eval(n, texts).map(|b| !b),
            Node::All(v) => v.iter().filter_map(|n| eval(n, texts)).fold(None, |acc, b| Some(acc.unwrap_or(true) && b)),
            Node::Any(v) => {
                v.iter().filter_map(|n| eval(n, texts)).fold(None, |acc, b| Some(acc.unwrap_or(false) || b))
            }
        }
    }
    eval(&q.root, texts).unwrap_or(true)
}

/// Whether any text of the item a word is looked for in holds `word`
/// (lower-case), as the filter reads it.
pub fn holds_word(i: &Item, word: &str) -> bool {
    any_text(i, |s| contains_ci(s, word))
}

/// Calls `f` on each text of the item a word is looked for in, until it
/// returns true: the one list for the direct test and the [`TextIndex`].
fn any_text(i: &Item, mut f: impl FnMut(&str) -> bool) -> bool {
    f(&i.key)
        || f(&i.title)
        || i.labels.iter().any(|l| f(l))
        || i.external.iter().any(|x| f(&x.key))
        || i.assignee.as_deref().is_some_and(&mut f)
        || i.story.as_ref().is_some_and(|s| f(&s.as_a) || f(&s.i_want) || f(&s.so_that))
        || i.acceptance_criteria.iter().any(|c| f(&c.text))
        || f(&i.description)
        || i.comments.iter().any(|c| f(&c.text))
}

/// Case-insensitive substring test. An ASCII word (what is typed almost
/// always) is found byte by byte in any text, UTF-8 or not, by jumping
/// between the places its first letter occurs in either case: the filter
/// reads every description and comment of the workspace on a keystroke.
pub fn contains_ci(hay: &str, needle_lower: &str) -> bool {
    if needle_lower.is_empty() {
        return true;
    }
    if needle_lower.is_ascii() {
        if contains_ascii_ci(hay.as_bytes(), needle_lower.as_bytes()) {
            return true;
        }
        // Two letters outside ASCII lower-case to ASCII ones (the Kelvin
        // sign to `k`, a dotted capital I to `i` and a dot): only a text
        // that holds one needs the slow way. Their lead bytes are looked
        // for first, as fast as the word was.
        let b = hay.as_bytes();
        let folds = |c: char| memchr::memmem::find(b, c.encode_utf8(&mut [0; 4]).as_bytes()).is_some();
        if memchr::memchr2(0xC4, 0xE2, b).is_none() || !(folds('\u{212A}') || folds('\u{130}')) {
            return false;
        }
    }
    hay.to_lowercase().contains(needle_lower)
}

fn contains_ascii_ci(hay: &[u8], needle: &[u8]) -> bool {
    let Some(last) = hay.len().checked_sub(needle.len()) else { return false };
    let (first, rest) = (needle[0], &needle[1..]);
    let starts = &hay[..=last];
    let fits = |at: usize| hay[at + 1..at + needle.len()].eq_ignore_ascii_case(rest);
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    if lower == upper {
        memchr::memchr_iter(first, starts).any(fits)
    } else {
        memchr::memchr2_iter(lower, upper, starts).any(fits)
    }
}

const FIELDS: &str = "status, kind, label, pts, sprint, owner, assignee (or @name), init, epic, is";

fn term(body: &str, ws: &Workspace, user: &str) -> Result<Test, String> {
    if let Some(name) = body.strip_prefix('@') {
        // As an assignee is typed in a form or `--assignee`.
        let who = super::resolve::assignee(name, user).map_err(|e| format!("@{e}"))?;
        return Ok(Test::Assignee(who.map(|n| n.to_lowercase())));
    }
    let Some((field, value)) = body.split_once(':') else {
        return Ok(Test::Text(body.to_lowercase()));
    };
    let v = value.trim().to_lowercase();
    match field.to_lowercase().as_str() {
        "status" | "s" => one_of(&v, Status::ALL, Status::as_str, "status").map(Test::Status),
        "kind" | "type" | "k" => one_of(&v, ItemKind::ALL, ItemKind::as_str, "kind").map(Test::Kind),
        "label" | "l" => Ok(Test::Label(v)),
        "pts" | "points" | "p" => points(&v),
        "sprint" => match v.as_str() {
            "none" | "" => Ok(Test::Sprint(None)),
            "active" | "current" => Ok(ws.active_sprint().map_or(Test::Nothing, |s| Test::Sprint(Some(s.meta.id)))),
            name => ws
                .live_sprints()
                .find(|s| s.name.to_lowercase() == name)
                .map(|s| Test::Sprint(Some(s.meta.id)))
                .ok_or_else(|| format!("no sprint named {value:?}")),
        },
        // `assignee:lena` as jira-cli and the issue trackers write it; `@lena` is the same.
        "assignee" | "who" => term(&format!("@{value}"), ws, user),
        "owner" | "o" => v.parse::<Role>().map(Test::Owner).map_err(|_| "owner: use pm or po".to_owned()),
        "init" | "initiative" | "i" => match v.as_str() {
            "none" | "" => Ok(Test::Initiative(None)),
            _ => ws
                .initiative_by_key(value.trim())
                .or_else(|| ws.live_initiatives().find(|i| i.title.to_lowercase() == v))
                .map(|i| Test::Initiative(Some(i.meta.id)))
                .ok_or_else(|| format!("no initiative {value:?}")),
        },
        "release" | "rel" | "fixversion" => match v.as_str() {
            "none" | "" => Ok(Test::Release(None)),
            _ => ws
                .release_by_name(value.trim())
                .map(|r| Test::Release(Some(r.meta.id)))
                .ok_or_else(|| format!("no release {value:?}")),
        },
        "epic" | "e" => match v.as_str() {
            "none" | "" => Ok(Test::Epic(None)),
            _ => ws
                .item_by_key(&value.trim().to_uppercase())
                .filter(|i| i.is_live())
                .map(|i| Test::Epic(Some(i.meta.id)))
                .ok_or_else(|| format!("no epic {value:?}")),
        },
        "is" => match v.as_str() {
            "blocked" => Ok(Test::Blocked),
            "unestimated" | "unpointed" => Ok(Test::Unestimated),
            "ready-ok" | "ready_ok" | "readyok" => Ok(Test::ReadyOk),
            "open" => Ok(Test::Open),
            "done" | "closed" => Ok(Test::Status(vec![Status::Done, Status::Dropped])),
            "archived" => Ok(Test::Archived),
            _ => Err(format!("is:{v}? use blocked, unestimated, ready-ok, open, done or archived")),
        },
        // A colon in ordinary text ("re: login"): a word, not a term.
        _ if !field.chars().all(|c| c.is_ascii_alphabetic()) || field.is_empty() => Ok(Test::Text(body.to_lowercase())),
        f => Err(format!("{f}: is not a filter field; use {FIELDS}")),
    }
}

/// Values by name or by their first letters, comma-separated.
fn one_of<T: Copy>(v: &str, all: &[T], name: fn(T) -> &'static str, what: &str) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let norm = part.replace(['-', ' '], "_");
        let exact: Vec<T> = all.iter().copied().filter(|x| name(*x) == norm).collect();
        let found = if exact.is_empty() {
            all.iter().copied().filter(|x| name(*x).starts_with(&norm)).collect()
        } else {
            exact
        };
        if found.is_empty() {
            let names: Vec<&str> = all.iter().map(|x| name(*x)).collect();
            return Err(format!("{what}:{part}? use one of {}", names.join(", ")));
        }
        out.extend(found);
    }
    if out.is_empty() {
        let names: Vec<&str> = all.iter().map(|x| name(*x)).collect();
        return Err(format!("{what}: needs a value: {}", names.join(", ")));
    }
    Ok(out)
}

fn points(v: &str) -> Result<Test, String> {
    if matches!(v, "none" | "unestimated" | "") {
        return Ok(Test::Unestimated);
    }
    let (cmp, n) = if let Some(n) = v.strip_prefix(">=") {
        (Cmp::Ge, n)
    } else if let Some(n) = v.strip_prefix("<=") {
        (Cmp::Le, n)
    } else if let Some(n) = v.strip_prefix('>') {
        (Cmp::Gt, n)
    } else if let Some(n) = v.strip_prefix('<') {
        (Cmp::Lt, n)
    } else {
        (Cmp::Eq, v.strip_prefix('=').unwrap_or(v))
    };
    n.trim().parse().map(|n| Test::Points(cmp, n)).map_err(|_| format!("pts:{v}? use a number, >5, <=3 or none"))
}

#[cfg(test)]
mod tests;
