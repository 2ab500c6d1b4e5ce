//! The filter language of `/` and `--where`: words that must all appear
//! somewhere in an item (title, key, labels, description, story triple,
//! criteria, external keys), and terms on its fields:
//!
//! ```text
//! status:ready,review  kind:bug  label:ux  pts:>5  pts:none  sprint:none|active|NAME
//! owner:pm  @lena  @me  @none  init:R3  epic:TAN-4  is:blocked  is:unestimated  is:ready-ok
//! is:open  is:done  "two words"  -term (not)
//! ```
//!
//! Parsing resolves names (sprints, initiatives, epics) once, so matching an
//! item costs no lookups by name. Values are matched case-insensitively;
//! a status or kind may be given by its first letters (`status:prog`).

use super::entity::Role;
use super::item::{Item, ItemKind, Status};
use super::ready::{Gate, blocked_set, missing};
use super::workspace::Workspace;
use std::collections::HashSet;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    terms: Vec<Term>,
    /// Terms that could not be understood, said as a person would fix them.
    pub problems: Vec<String>,
    /// Items blocked by open work when the query was parsed, if a term asks.
    blocked: HashSet<Uuid>,
}

#[derive(Debug, Clone, PartialEq)]
struct Term {
    not: bool,
    test: Test,
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    /// Lower-case text that must appear in one of the item's texts.
    Text(String),
    Status(Vec<Status>),
    Kind(Vec<ItemKind>),
    Label(String),
    Points(Cmp, u32),
    Unestimated,
    Sprint(Option<Uuid>),
    Owner(Role),
    Assignee(Option<String>),
    Initiative(Option<Uuid>),
    Epic(Option<Uuid>),
    Blocked,
    ReadyOk,
    Open,
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
    /// `user`, the session's person). Never fails: what it cannot read is
    /// listed in `problems` and matches nothing, so a half-typed term
    /// narrows the list instead of being ignored.
    pub fn parse(text: &str, ws: &Workspace, user: &str) -> Query {
        let mut q = Query::default();
        for word in split(text) {
            let (not, body) = match word.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest.to_owned()),
                _ => (false, word),
            };
            let test = match term(&body, ws, user) {
                Ok(t) => t,
                Err(problem) => {
                    q.problems.push(problem);
                    Test::Nothing
                }
            };
            q.terms.push(Term { not, test });
        }
        if q.terms.iter().any(|t| matches!(t.test, Test::Blocked | Test::ReadyOk)) {
            q.blocked = blocked_set(ws);
        }
        q
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether `item` (of the workspace the query was parsed against)
    /// passes every term.
    pub fn matches(&self, ws: &Workspace, item: &Item) -> bool {
        self.terms.iter().all(|t| self.test(ws, &t.test, item) != t.not)
    }

    fn test(&self, ws: &Workspace, test: &Test, i: &Item) -> bool {
        match test {
            Test::Text(w) => text_matches(i, w),
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
            Test::Epic(x) => i.parent == *x,
            Test::Blocked => self.blocked.contains(&i.meta.id),
            Test::ReadyOk => missing(&ws.settings, Gate::Ready, i, self.blocked.contains(&i.meta.id)).is_empty(),
            Test::Open => !i.status.is_closed(),
            Test::Nothing => false,
        }
    }
}

/// Whether an initiative, goal or anything else with a few texts matches
/// the query's words (other terms are about items and do not apply).
pub fn texts_match(q: &Query, texts: &[&str]) -> bool {
    q.terms.iter().all(|t| match &t.test {
        Test::Text(w) => texts.iter().any(|s| contains_ci(s, w)) != t.not,
        _ => true,
    })
}

fn text_matches(i: &Item, w: &str) -> bool {
    contains_ci(&i.key, w)
        || contains_ci(&i.title, w)
        || i.labels.iter().any(|l| contains_ci(l, w))
        || i.external.iter().any(|x| contains_ci(&x.key, w))
        || i.assignee.as_deref().is_some_and(|a| contains_ci(a, w))
        || i.story
            .as_ref()
            .is_some_and(|s| contains_ci(&s.as_a, w) || contains_ci(&s.i_want, w) || contains_ci(&s.so_that, w))
        || i.acceptance_criteria.iter().any(|c| contains_ci(&c.text, w))
        || contains_ci(&i.description, w)
}

/// Case-insensitive substring test without allocating for ASCII text.
pub fn contains_ci(hay: &str, needle_lower: &str) -> bool {
    if needle_lower.is_empty() {
        return true;
    }
    if hay.is_ascii() && needle_lower.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle_lower.as_bytes());
        let first = n[0];
        return h.len() >= n.len()
            && (0..=h.len() - n.len())
                .any(|at| h[at].eq_ignore_ascii_case(&first) && h[at..at + n.len()].eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(needle_lower)
}

/// Splits on white space, keeping "quoted phrases" (and `-"not this"`)
/// together.
fn split(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

const FIELDS: &str = "status, kind, label, pts, sprint, owner, init, epic, is, or @name";

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
        "owner" | "o" => v.parse::<Role>().map(Test::Owner).map_err(|_| "owner: use pm or po".to_owned()),
        "init" | "initiative" | "i" => match v.as_str() {
            "none" | "" => Ok(Test::Initiative(None)),
            _ => ws
                .initiative_by_key(value.trim())
                .or_else(|| ws.live_initiatives().find(|i| i.title.to_lowercase() == v))
                .map(|i| Test::Initiative(Some(i.meta.id)))
                .ok_or_else(|| format!("no initiative {value:?}")),
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
            _ => Err(format!("is:{v}? use blocked, unestimated, ready-ok, open or done")),
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
