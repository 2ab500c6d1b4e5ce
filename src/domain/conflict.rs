//! A conflict record: two values of one field that a merge could not
//! reconcile, kept side by side until a person settles it, and the words
//! both front ends use for it (where each value came from, the values as
//! keys and names, a short id any prefix of which finds it).

use super::command::Take;
use super::entity::{Extra, Role};
use super::workspace::Workspace;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// Two edits of the same field that a merge could not reconcile. The
/// entity holds one of them (see [`Sides::kept`]); both stay visible here
/// until someone resolves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// Collection of the entity: `item`, `goal`, `initiative`, `sprint`, …
    pub entity: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<Uuid>,
    /// Human handle of the entity (key or title) when it was recorded.
    pub label: String,
    pub field: String,
    #[serde(serialize_with = "super::json::serialize_exact")]
    pub base: Value,
    #[serde(serialize_with = "super::json::serialize_exact")]
    pub ours: Value,
    #[serde(serialize_with = "super::json::serialize_exact")]
    pub theirs: Value,
    pub ours_by: Role,
    /// The person who made the kept edit (schema 5), when known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ours_by_person: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
    /// Where `ours` and `theirs` came from (schema 3). A record from before
    /// has none: its `ours` is the value kept, the saving session's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sides: Option<Sides>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Where a conflict's two values came from, in the words a person reads:
/// the merge that met them names them (`this session` / `the file`, `this
/// branch` / `the merged branch pm-roadmap`, `here` / `the import`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sides {
    pub ours: String,
    pub theirs: String,
    /// Which of the two the entity held when the conflict was recorded.
    pub kept: Take,
    /// Why the merge chose, when it repaired something rather than picked a
    /// side (a link to what the other side deleted was cleared).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Sides {
    pub fn new(ours: impl Into<String>, theirs: impl Into<String>, kept: Take) -> Sides {
        Sides { ours: ours.into(), theirs: theirs.into(), kept, reason: None, extra: Extra::new() }
    }
}

impl Conflict {
    /// The side the entity held when the conflict was recorded.
    /// Who made the edit the file holds: `anna (PO)`, or the role.
    pub fn kept_by(&self) -> String {
        super::entity::person_and_role(&self.ours_by_person, self.ours_by)
    }
    pub fn kept(&self) -> Take {
        self.sides.as_ref().map_or(Take::Ours, |s| s.kept)
    }

    pub fn value(&self, side: Take) -> &Value {
        match side {
            Take::Ours => &self.ours,
            Take::Theirs => &self.theirs,
        }
    }

    /// Where the value of `side` came from.
    pub fn side_name(&self, side: Take) -> &str {
        match (&self.sides, side) {
            (Some(s), Take::Ours) => &s.ours,
            (Some(s), Take::Theirs) => &s.theirs,
            (None, Take::Ours) => "the session that saved",
            (None, Take::Theirs) => "the other version",
        }
    }

    /// The id's random tail (a conflict id begins with the time it was
    /// recorded, which all conflicts of one merge share): what lists show,
    /// cut to [`handle_len`].
    pub fn handle(&self) -> String {
        let s = self.id.simple().to_string();
        s[s.len() - 12..].to_owned()
    }
}

/// How many characters of [`Conflict::handle`] tell `list` apart: at
/// least six, more where two share a beginning.
pub fn handle_len<'a>(list: impl IntoIterator<Item = &'a Conflict>) -> usize {
    let mut handles: Vec<String> = list.into_iter().map(Conflict::handle).collect();
    handles.sort();
    let shared = handles
        .windows(2)
        .map(|w| w[0].chars().zip(w[1].chars()).take_while(|(a, b)| a == b).count())
        .max()
        .unwrap_or(0);
    (shared + 1).clamp(6, 12)
}

/// The open conflicts `needle` names: any beginning of a handle that lists
/// show, or of the full id (with or without dashes), in any case.
pub fn find<'a>(ws: &'a Workspace, needle: &str) -> Vec<&'a Conflict> {
    let needle: String = needle.trim().to_ascii_lowercase().chars().filter(|c| *c != '-').collect();
    if needle.is_empty() {
        return Vec::new();
    }
    ws.open_conflicts()
        .filter(|c| c.handle().starts_with(&needle) || c.id.simple().to_string().starts_with(&needle))
        .collect()
}

/// A value of a conflict as a person reads it: ids as the keys and names of
/// what they point at (marked when deleted), lists joined, no value as
/// `(none)`. Raw text is not cleaned here: callers print it through their
/// own sanitiser.
pub fn describe(ws: &Workspace, v: &Value) -> String {
    match v {
        Value::Null => "(none)".into(),
        Value::String(s) => match s.parse::<Uuid>() {
            Ok(id) => name_of(ws, id),
            Err(_) => s.clone(),
        },
        Value::Array(a) if a.is_empty() => "(none)".into(),
        Value::Array(a) => a.iter().map(|x| describe(ws, x)).collect::<Vec<_>>().join(", "),
        Value::Object(_) => match super::json::carried_number(v) {
            Some(n) => n.to_owned(),
            None => serde_json::to_string(&super::json::Exact(v)).unwrap_or_default(),
        },
        other => other.to_string(),
    }
}

/// The key or name of the entity with id `id`, whatever its kind, marked
/// when deleted.
pub fn name_of(ws: &Workspace, id: Uuid) -> String {
    let gone = |live: bool| if live { "" } else { " (deleted)" };
    if let Some(i) = ws.item(id) {
        return format!("{}{}", i.key, gone(i.is_live()));
    }
    if let Some(s) = ws.sprint(id) {
        return format!("{}{}", s.name, gone(s.is_live()));
    }
    if let Some(i) = ws.initiative(id) {
        return format!("{}{}", i.key, gone(i.meta.is_live()));
    }
    if let Some(g) = ws.goal(id) {
        return format!("{}{}", g.key, gone(g.meta.is_live()));
    }
    if let Some(r) = ws.release(id) {
        return format!("release {}{}", r.name, gone(r.is_live()));
    }
    if let Some(m) = ws.member(id) {
        return format!("{}{}", m.name, gone(m.is_live()));
    }
    format!("{id} (not in this workspace)")
}
