//! What a change did to an entity, field by field, as the file names the
//! fields: the same names conflict records and `--json` use.

use super::{CREATED, Edit};
use crate::domain::entity::EntityRef;
use crate::domain::snapshot::Entity;
use serde_json::{Map, Value};

/// Bookkeeping, not content: every change moves them.
const SKIP: [&str; 6] = ["id", "rev", "created_at", "updated_at", "updated_by", "updated_by_person"];

/// Lists only ever appended to: an edit keeps the elements added (and any
/// removed), not the whole list before and after, so a comment costs its
/// own size however long the discussion.
pub const APPEND_ONLY: [&str; 1] = ["comments"];

/// Whether changes to `r` are kept in history: the entities people edit.
/// Not the workspace info (its key counter moves with every new item) nor
/// the conflict list (its records say what they are).
fn recorded(r: EntityRef) -> bool {
    !matches!(r, EntityRef::Info | EntityRef::Conflicts)
}

/// The edits that take `before` to `after` (`None`: absent).
pub fn diff(r: EntityRef, before: Option<&Entity>, after: Option<&Entity>) -> Vec<Edit> {
    if !recorded(r) {
        return Vec::new();
    }
    match (before, after) {
        (None, None) => Vec::new(),
        (None, Some(_)) => vec![Edit::new(r, CREATED, Value::Null, Value::Bool(true))],
        (Some(_), None) => vec![Edit::new(r, CREATED, Value::Bool(true), Value::Null)],
        (Some(b), Some(a)) => edits_of(r, &b.to_value(), &a.to_value()),
    }
}

/// [`diff`] of two versions already in JSON.
pub fn edits_of(r: EntityRef, before: &Value, after: &Value) -> Vec<Edit> {
    let empty = Map::new();
    let (b, a) = (before.as_object().unwrap_or(&empty), after.as_object().unwrap_or(&empty));
    let mut fields: Vec<&String> = b.keys().chain(a.keys().filter(|k| !b.contains_key(*k))).collect();
    fields.sort();
    let mut out = Vec::new();
    for f in fields {
        if SKIP.contains(&f.as_str()) || (matches!(r, EntityRef::Sprint(_)) && f == "history") {
            // A sprint's own history of its scope is written by the
            // changes to its items, which are recorded.
            continue;
        }
        let (old, new) = (b.get(f).unwrap_or(&Value::Null), a.get(f).unwrap_or(&Value::Null));
        if old == new {
            continue;
        }
        if APPEND_ONLY.contains(&f.as_str()) {
            let (was, now) = (list(old), list(new));
            let mut e = Edit::new(r, f, Value::Null, Value::Null);
            e.added = missing(now, was).into();
            e.removed = missing(was, now).into();
            if e.is_list() {
                out.push(e);
            }
            continue;
        }
        out.push(Edit::new(r, f, old.clone(), new.clone()));
    }
    out
}

fn list(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// The elements of `a` not in `b`, counting repeats.
fn missing(a: &[Value], b: &[Value]) -> Vec<Value> {
    let mut left: Vec<Option<&Value>> = b.iter().map(Some).collect();
    let mut out = Vec::new();
    for x in a {
        match left.iter_mut().find(|y| **y == Some(x)) {
            Some(slot) => *slot = None,
            None => out.push(x.clone()),
        }
    }
    out
}
