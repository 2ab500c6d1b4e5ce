//! Who changed what, and from what: one [`Record`] per change, with the
//! person and role who made it and each field's old and new value.
//!
//! Records are made where changes are made (the transaction's commit, see
//! [`diff`]), so every writer (TUI, CLI, import, merge driver, agents) keeps
//! them the same way. The history is a set of records keyed by id, kept in
//! time order: two copies of the workspace merge by taking both sides'
//! records ([`History::merge3`]), never by clashing. A merge that keeps a
//! value other than the latest record says adds a record of its own
//! ([`settle`]), so replaying an entity's records always ends at what it
//! holds.

pub mod commits;
mod describe;
mod diff;
pub mod name;
mod settle;
pub mod since;

pub use describe::{describe, field_name, short_diff};
pub use diff::{APPEND_ONLY, diff, edits_of};
pub use name::Name;
pub use settle::settle;

use super::entity::{EntityRef, Extra, Role};
use super::json::{deserialize_exact, deserialize_exact_list, serialize_exact};
use super::shared::Shared;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// One change: when, who, how it arrived, and what it did to each field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: Uuid,
    #[serde(with = "crate::domain::stamp")]
    pub at: DateTime<Utc>,
    /// The person (see `config::Identity`); empty when unknown, as in
    /// changes made before people were recorded.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    pub role: Role,
    /// How it reached the workspace: `cli`, `tui`, `import …`, `merge …`,
    /// `commit 1a2b3c4`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// The git branch the workspace was on, when it is in a repository:
    /// after a merge, the side a change came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// The change's one line ("Moved BL-12 to done").
    pub what: String,
    /// The change this one takes back (`backlog undo`, `revert`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverts: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "crate::domain::tight::vec")]
    pub edits: Vec<Edit>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Record {
    /// The id's hash tail (ids begin with their time, shared by changes
    /// made together): what `backlog log` shows and `revert` takes.
    pub fn handle(&self) -> String {
        let s = self.id.simple().to_string();
        s[s.len() - 8..].to_owned()
    }
    /// Who, in the words every list uses: `anna (PO)`, or the role alone.
    pub fn who(&self) -> String {
        super::entity::person_and_role(&self.by, self.role)
    }
    /// Who, then how and where when it says more than "typed here":
    /// `anna (PO) · via commit 1a2b3c4 · on main`.
    pub fn who_and_how(&self) -> String {
        let mut s = self.who();
        if let Some(v) = self.via.as_deref().filter(|v| !matches!(*v, "cli" | "tui")) {
            s.push_str(&format!(" · via {v}"));
        }
        if let Some(b) = &self.branch {
            s.push_str(&format!(" · on {b}"));
        }
        s
    }
    /// Its edits of entity `id`.
    pub fn edits_of(&self, id: Uuid) -> impl Iterator<Item = &Edit> {
        self.edits.iter().filter(move |e| e.id == Some(id))
    }
}

/// One field of one entity, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    /// The entity's kind, as in conflict records (`item`, `goal`, …).
    #[serde(deserialize_with = "name::deserialize")]
    pub entity: Name,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    /// The field's name in the file; `created` for a new entity.
    #[serde(deserialize_with = "name::deserialize")]
    pub field: Name,
    /// The value before (`null` or absent: not set).
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        serialize_with = "serialize_exact",
        deserialize_with = "deserialize_exact"
    )]
    pub old: Value,
    #[serde(
        default,
        skip_serializing_if = "Value::is_null",
        serialize_with = "serialize_exact",
        deserialize_with = "deserialize_exact"
    )]
    pub new: Value,
    /// For append-only lists (comments): the elements added and removed,
    /// rather than the whole list twice.
    #[serde(
        default,
        skip_serializing_if = "<[Value]>::is_empty",
        serialize_with = "exact_list",
        deserialize_with = "deserialize_exact_list"
    )]
    pub added: Box<[Value]>,
    #[serde(
        default,
        skip_serializing_if = "<[Value]>::is_empty",
        serialize_with = "exact_list",
        deserialize_with = "deserialize_exact_list"
    )]
    pub removed: Box<[Value]>,
    /// The values were dropped by the retention setting: who and when stay.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub compacted: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

fn exact_list<S: serde::Serializer>(v: &[Value], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(super::json::Exact))
}

/// The field of an edit that records a creation.
pub const CREATED: &str = "created";

impl Edit {
    pub fn new(r: EntityRef, field: &str, old: Value, new: Value) -> Edit {
        Edit {
            entity: Name::Borrowed(r.kind()),
            id: r.id(),
            field: name::name(field),
            old,
            new,
            added: Box::default(),
            removed: Box::default(),
            compacted: false,
            extra: Extra::default(),
        }
    }
    /// The entity edited, if its kind is one this version knows.
    pub fn entity_ref(&self) -> Option<EntityRef> {
        EntityRef::from_kind(&self.entity, self.id).filter(|r| *r != EntityRef::Conflicts)
    }
    /// A list edit (elements added or removed) rather than a value's.
    pub fn is_list(&self) -> bool {
        !self.added.is_empty() || !self.removed.is_empty()
    }
}

/// Every record, oldest first (by time, then id): the order replay and
/// the file use. Records are [`Shared`] with copies of the workspace (a
/// record, once made, is almost never written again).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(from = "Vec<Shared<Record>>")]
pub struct History(Vec<Shared<Record>>, #[serde(skip)] Index);

/// Where each entity's records are, built on first use and kept up to date
/// as records are added at the end (the usual case), so showing an item's
/// history costs its own records, not the whole history's.
#[derive(Debug, Clone, Default)]
struct Index(std::sync::OnceLock<HashMap<Uuid, Vec<usize>>>);

impl From<Vec<Shared<Record>>> for History {
    fn from(v: Vec<Shared<Record>>) -> History {
        History(v, Index::default())
    }
}

impl From<Vec<Record>> for History {
    fn from(v: Vec<Record>) -> History {
        History::from(v.into_iter().map(Shared::new).collect::<Vec<_>>())
    }
}

impl PartialEq for History {
    fn eq(&self, other: &History) -> bool {
        self.0 == other.0
    }
}

/// One record per line of the file, even in its pretty-printed body: a
/// change is one line in a diff, and a record costs its content, not its
/// indentation.
impl Serialize for History {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for r in &self.0 {
            // `to_raw_value` trusts serde_json's own output; `from_string`
            // parsed every line again, a fifth of what history costs a save.
            let raw = serde_json::value::to_raw_value(r).map_err(S::Error::custom)?;
            seq.serialize_element(&raw)?;
        }
        seq.end()
    }
}

fn order(r: &Record) -> (DateTime<Utc>, Uuid) {
    (r.at, r.id)
}

impl History {
    pub fn new(records: Vec<Record>) -> History {
        History::of_shared(records.into_iter().map(Shared::new).collect())
    }
    /// As [`History::new`], with records that may be another copy's.
    pub fn of_shared(mut records: Vec<Shared<Record>>) -> History {
        records.sort_by_key(|r| order(r));
        records.dedup_by_key(|r| r.id);
        History::from(records)
    }
    fn index(&self) -> &HashMap<Uuid, Vec<usize>> {
        self.1.0.get_or_init(|| {
            let mut map: HashMap<Uuid, Vec<usize>> = HashMap::new();
            for (i, r) in self.0.iter().enumerate() {
                note(&mut map, i, r);
            }
            map
        })
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn records(&self) -> &[Shared<Record>] {
        &self.0
    }
    pub fn last(&self) -> Option<&Record> {
        self.0.last().map(|r| &**r)
    }
    /// The id of a new record made at `at`: its time, then its place among
    /// the records of that millisecond, then `hash` (what it records).
    pub fn next_id(&self, at: DateTime<Utc>, hash: u64) -> Uuid {
        let ms = at.timestamp_millis();
        let seq = self.0.iter().rev().take_while(|r| r.at.timestamp_millis() >= ms).count().min(0xfff) as u16;
        let mut tail = [0u8; 10];
        tail[0] = (seq >> 8) as u8;
        tail[1] = seq as u8;
        tail[2..].copy_from_slice(&hash.to_be_bytes());
        uuid::Builder::from_unix_timestamp_millis(u64::try_from(ms).unwrap_or(0), &tail).into_uuid()
    }
    /// Puts the file's order back after reading (a hand-edited file).
    pub fn normalize(&mut self) {
        if !self.0.is_sorted_by_key(|r| order(r)) {
            self.0.sort_by_key(|r| order(r));
            self.1 = Index::default();
        }
    }
    /// Adds a record in its place (almost always the end); a record it
    /// holds already is not added twice.
    pub fn push(&mut self, r: Record) {
        self.push_shared(Shared::new(r));
    }
    /// As [`History::push`], with a record that may be another copy's.
    pub fn push_shared(&mut self, r: Shared<Record>) {
        let at = self.0.partition_point(|x| order(x) <= order(&r));
        if at > 0 && self.0[at - 1].id == r.id {
            return;
        }
        if self.0.len() - at > 64 && self.0.iter().any(|x| x.id == r.id) {
            return;
        }
        let end = at == self.0.len();
        match self.1.0.get_mut() {
            Some(map) if end => note(map, at, &r),
            _ => self.1 = Index::default(),
        }
        self.0.insert(at, r);
    }
    pub fn get(&self, id: Uuid) -> Option<&Record> {
        self.0.iter().rev().find(|r| r.id == id).map(|r| &**r)
    }
    /// Takes out the records with these ids (a batch that failed).
    pub fn remove(&mut self, ids: &HashSet<Uuid>) {
        if !ids.is_empty() {
            self.0.retain(|r| !ids.contains(&r.id));
            self.1 = Index::default();
        }
    }
    /// Each record that edited entity `id`, with its edits of it, oldest
    /// first.
    pub fn of(&self, id: Uuid) -> impl DoubleEndedIterator<Item = (&Record, Vec<&Edit>)> + ExactSizeIterator + '_ {
        let at: &[usize] = self.index().get(&id).map_or(&[], Vec::as_slice);
        at.iter().map(move |&i| {
            let r = &*self.0[i];
            (r, r.edits.iter().filter(|e| e.id == Some(id)).collect())
        })
    }
    /// Whether a change that arrived `via` (`commit 1a2b3c4`) already
    /// edited entity `id`: such a change is applied once.
    pub fn applied_via(&self, id: Uuid, via: &str) -> bool {
        self.0.iter().any(|r| r.via.as_deref() == Some(via) && r.edits.iter().any(|e| e.id == Some(id)))
    }
    /// The records `needle` names: a beginning of a handle, or of the full
    /// id (with or without dashes), in any case.
    pub fn find(&self, needle: &str) -> Vec<&Record> {
        let needle: String = needle.trim().to_ascii_lowercase().chars().filter(|c| *c != '-').collect();
        if needle.len() < 4 {
            return Vec::new();
        }
        self.0
            .iter()
            .filter(|r| r.handle().starts_with(&needle) || r.id.simple().to_string().starts_with(&needle))
            .map(|r| &**r)
            .collect()
    }
    /// The record of the batch that created an entity at `at` (an import
    /// records itself once, not each item it adds).
    pub fn batch_at(&self, at: DateTime<Utc>) -> Option<&Record> {
        self.since(at).iter().take_while(|r| r.at == at).find(|r| r.edits.is_empty()).map(|r| &**r)
    }
    /// Whether a later record takes `id` back.
    pub fn reverted(&self, id: Uuid) -> bool {
        self.0.iter().rev().any(|r| r.reverts == Some(id))
    }
    /// Records made after `at` (not at it), oldest first: what is new to
    /// someone who has seen everything up to `at`.
    pub fn after(&self, at: DateTime<Utc>) -> &[Shared<Record>] {
        let from = self.0.partition_point(|r| r.at <= at);
        &self.0[from..]
    }
    /// Records from `at` on, oldest first.
    pub fn since(&self, at: DateTime<Utc>) -> &[Shared<Record>] {
        let from = self.0.partition_point(|r| r.at < at);
        &self.0[from..]
    }
    pub fn records_mut(&mut self) -> &mut [Shared<Record>] {
        self.1 = Index::default();
        &mut self.0
    }

    /// Adds the records with these ids that `from` holds and `self` lacks:
    /// a session's own new records, put into the file it merges into.
    /// Nothing else of `from` comes back (what retention took out of the
    /// file stays out).
    pub fn take_new(&mut self, from: &History, ids: &[Uuid]) {
        if ids.is_empty() {
            return;
        }
        let want: HashSet<Uuid> = ids.iter().copied().collect();
        // `push` finds a record it holds already by its place in the order.
        for r in from.0.iter().rev().filter(|r| want.contains(&r.id)) {
            self.push_shared(r.clone());
        }
    }

    /// Three-way merge of two copies' records since `base`: what either
    /// added stays; what either took out (retention) stays out; a record
    /// both changed (compacted differently) keeps the shorter. Never a
    /// conflict, and the same result whichever side is ours.
    pub fn merge3(base: &History, ours: &History, theirs: &History) -> History {
        let base_by: HashMap<Uuid, &Shared<Record>> = base.0.iter().map(|r| (r.id, r)).collect();
        let theirs_by: HashMap<Uuid, &Shared<Record>> = theirs.0.iter().map(|r| (r.id, r)).collect();
        let ours_ids: HashSet<Uuid> = ours.0.iter().map(|r| r.id).collect();
        let mut out: Vec<Shared<Record>> = Vec::with_capacity(ours.0.len().max(theirs.0.len()));
        for o in &ours.0 {
            let b = base_by.get(&o.id);
            match (b, theirs_by.get(&o.id)) {
                // Taken out by theirs.
                (Some(_), None) => {}
                (None, None) => out.push(o.clone()),
                (b, Some(t)) => out.push(pick(b.copied(), o, t).clone()),
            }
        }
        for t in &theirs.0 {
            if !ours_ids.contains(&t.id) && !base_by.contains_key(&t.id) {
                out.push(t.clone());
            }
        }
        History::of_shared(out)
    }
}

/// Adds record `r` at position `i` to the index.
fn note(map: &mut HashMap<Uuid, Vec<usize>>, i: usize, r: &Record) {
    for id in r.edits.iter().filter_map(|e| e.id) {
        let at = map.entry(id).or_default();
        if at.last() != Some(&i) {
            at.push(i);
        }
    }
}

/// Of two versions of one record: the one that changed since the base,
/// and of two changes the shorter (compaction only ever shortens).
fn pick<'a>(base: Option<&Shared<Record>>, ours: &'a Shared<Record>, theirs: &'a Shared<Record>) -> &'a Shared<Record> {
    if ours == theirs || base == Some(theirs) {
        return ours;
    }
    if base == Some(ours) {
        return theirs;
    }
    let size = |r: &Shared<Record>| serde_json::to_string(r).map_or(usize::MAX, |s| s.len());
    match size(ours).cmp(&size(theirs)) {
        std::cmp::Ordering::Less => ours,
        std::cmp::Ordering::Greater => theirs,
        std::cmp::Ordering::Equal => {
            if serde_json::to_string(ours).ok() <= serde_json::to_string(theirs).ok() {
                ours
            } else {
                theirs
            }
        }
    }
}

/// Drops the values (not who or when) of records older than `before`:
/// the retention setting. The entities' current values are never read or
/// touched. Returns how many edits it compacted.
pub fn compact(history: &mut History, before: DateTime<Utc>) -> usize {
    let due = |e: &Edit| !e.compacted && e.field != CREATED;
    // Most saves find nothing new to compact: look before touching.
    if !history.0.iter().take_while(|r| r.at < before).any(|r| r.edits.iter().any(due)) {
        return 0;
    }
    let mut n = 0;
    // Only records with something due are written (and so copied, when
    // another workspace shares them).
    for r in history.records_mut().iter_mut().take_while(|r| r.at < before).filter(|r| r.edits.iter().any(due)) {
        for e in r.edits.iter_mut().filter(|e| due(e)) {
            e.old = Value::Null;
            e.new = Value::Null;
            e.added = Box::default();
            e.removed = Box::default();
            e.compacted = true;
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests;
