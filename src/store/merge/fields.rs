//! One entity, field by field. A field only one side changed takes that
//! side's value; a field both sides changed to different values is a
//! [`Clash`]: one value stays in the entity (see [`Prefer`]) and the other
//! is kept in the clash. Nested objects merge field by field; labels and
//! an initiative's goals are sets; a sprint's history and comments are
//! append-only logs. A tombstone is a field too, but deleting an entity the
//! other side edited is a clash, never a silent choice.

use super::Prefer;
use crate::domain::entity::{EntityRef, Role};
use crate::domain::snapshot::Entity;
use crate::domain::workspace::Conflict;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use std::cmp::Ordering;
use std::collections::HashSet;

/// A field both sides changed to different values.
#[derive(Debug, Clone, PartialEq)]
pub struct Clash {
    pub entity: EntityRef,
    /// The entity's handle (key, name) when the clash was found.
    pub label: String,
    /// Dotted path of the field (`title`, `story.as_a`).
    pub field: String,
    pub base: Value,
    /// The value the merged entity holds.
    pub kept: Value,
    /// The value it does not.
    pub other: Value,
    /// Who made the kept edit, when the merge knows better than the caller.
    pub kept_by: Option<Role>,
    /// And the person, likewise.
    pub kept_person: Option<String>,
    /// Where the kept value came from.
    pub kept_from: KeptFrom,
}

/// Where the value a clash kept came from.
#[derive(Debug, Clone, PartialEq)]
pub enum KeptFrom {
    Ours,
    Theirs,
    /// Neither side: the merge repaired the field, for this reason (a link
    /// to something the other side deleted was cleared).
    Repair(String),
}

/// Bookkeeping fields that describe a version rather than content.
const VERSION_FIELDS: [&str; 4] = ["rev", "updated_at", "updated_by", "updated_by_person"];
/// The workspace's key counters: they only grow, so both sides advancing
/// one is not a clash (the larger wins).
const KEY_COUNTERS: [&str; 3] = ["next_key", "next_goal_key", "next_initiative_key"];
/// Lists that are sets (order is not content).
const SETS: [&str; 6] = ["labels", "goals", "blocks", "checked", "views", "days_off"];
/// Append-only logs of timestamped entries.
const LOGS: [&str; 2] = ["history", "comments"];

/// Which side is ahead when both changed a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Winner {
    Ours,
    Theirs,
    /// Decided per field by value (neither side is special and both edits
    /// carry the same time).
    ByValue,
}

/// Merges one entity. `base` is `None` when both sides created it (the
/// same id arriving from two branches).
pub fn merge_entity(
    r: EntityRef,
    base: Option<&Entity>,
    ours: &Entity,
    theirs: &Entity,
    prefer: Prefer,
) -> (Entity, Vec<Clash>) {
    merge3(r, base, ours, theirs, prefer, true)
}

/// Takes an entity from `wrote` (what an action wrote) back to `want` (what
/// was there before it), field by field, wherever `current` still holds
/// what the action wrote; other fields stay as they are now and come back
/// as clashes. Undo and redo: unlike a merge, taking back a creation (or a
/// delete) is what was asked for, even if the entity was edited since.
pub fn revert_entity(r: EntityRef, wrote: &Entity, current: &Entity, want: &Entity) -> (Entity, Vec<Clash>) {
    merge3(r, Some(wrote), current, want, Prefer::Ours, false)
}

fn merge3(
    r: EntityRef,
    base: Option<&Entity>,
    ours: &Entity,
    theirs: &Entity,
    prefer: Prefer,
    tombstone_clash: bool,
) -> (Entity, Vec<Clash>) {
    if base == Some(theirs) || ours == theirs {
        return (ours.clone(), Vec::new());
    }
    if base == Some(ours) {
        return (theirs.clone(), Vec::new());
    }
    if let (Entity::Conflicts(o), Entity::Conflicts(t)) = (ours, theirs) {
        let b = match base {
            Some(Entity::Conflicts(b)) => b.as_slice(),
            _ => &[],
        };
        return (Entity::Conflicts(conflict_list(b, o, t)), Vec::new());
    }
    let b = base.map(Entity::to_value);
    let (mut o, mut t) = (ours.to_value(), theirs.to_value());
    if r == EntityRef::Info {
        for k in KEY_COUNTERS {
            if let (Some(a), Some(c)) = (o.get(k).cloned(), t.get(k).cloned()) {
                let max = if a.as_u64() >= c.as_u64() { a } else { c };
                o[k] = max.clone();
                t[k] = max;
            }
        }
    }
    let (Some(om), Some(tm)) = (o.as_object(), t.as_object()) else {
        return (ours.clone(), Vec::new());
    };
    let bm = b.as_ref().and_then(Value::as_object);
    let winner = match prefer {
        Prefer::Ours => Winner::Ours,
        Prefer::Neither => match updated_at(om).cmp(&updated_at(tm)) {
            Ordering::Greater => Winner::Ours,
            Ordering::Less => Winner::Theirs,
            Ordering::Equal => Winner::ByValue,
        },
    };
    let kept_by = |side: Winner| match (prefer, side) {
        (Prefer::Ours, _) => None,
        (_, Winner::Theirs) => role_of(tm),
        _ => role_of(om),
    };
    let kept_person = |side: Winner| match (prefer, side) {
        (Prefer::Ours, _) => None,
        (_, Winner::Theirs) => person_of(tm),
        _ => person_of(om),
    };
    let mut m = Merger { winner, found: Vec::new() };
    let mut out = m.objects("", bm, om, tm, true);
    if tombstone_clash {
        m.tombstone(bm, om, tm, &mut out);
    }
    version(&mut out, om, tm, winner);
    let label = label(ours);
    let clashes = m
        .found
        .into_iter()
        .map(|f| Clash {
            entity: r,
            label: label.clone(),
            field: f.field,
            base: f.base,
            kept: f.kept,
            other: f.other,
            kept_by: kept_by(f.side),
            kept_person: kept_person(f.side),
            kept_from: if f.side == Winner::Theirs { KeptFrom::Theirs } else { KeptFrom::Ours },
        })
        .collect();
    match Entity::from_value(r, Value::Object(out)) {
        Ok(e) => (e, clashes),
        // Cannot happen for values that each parsed; never lose our side if
        // it does.
        Err(_) => (ours.clone(), clashes),
    }
}

/// The handle people know an entity by.
pub fn label(e: &Entity) -> String {
    match e {
        Entity::Item(i) => i.key.clone(),
        Entity::Goal(g) => g.key.clone(),
        Entity::Initiative(i) => i.key.clone(),
        Entity::Sprint(s) => s.name.clone(),
        Entity::Release(r) => format!("release {}", r.name),
        Entity::Member(m) => m.name.clone(),
        Entity::Vision(_) => "vision".into(),
        Entity::Settings(_) => "settings".into(),
        Entity::Info(_) => "workspace".into(),
        Entity::Conflicts(_) => "conflicts".into(),
    }
}

/// Merges two maps of fields nobody models (unknown top-level fields); a
/// clash keeps the larger value, as neither side is special.
pub fn merge_map(
    base: Option<&Map<String, Value>>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
) -> Map<String, Value> {
    Merger { winner: Winner::ByValue, found: Vec::new() }.objects("", base, ours, theirs, false)
}

fn updated_at(m: &Map<String, Value>) -> Option<DateTime<Utc>> {
    // Compared as times: RFC 3339 strings with different numbers of
    // fractional digits do not sort as text ("10Z" > "10.250Z").
    m.get("updated_at").and_then(Value::as_str).and_then(|s| s.parse().ok())
}

fn role_of(m: &Map<String, Value>) -> Option<Role> {
    m.get("updated_by").and_then(Value::as_str).and_then(|s| s.parse().ok())
}

fn person_of(m: &Map<String, Value>) -> Option<String> {
    Some(m.get("updated_by_person").and_then(Value::as_str).unwrap_or_default().to_owned())
}

/// The merged version is newer than both: its revision passes the larger
/// one, and it carries the stamp of the later edit.
fn version(out: &mut Map<String, Value>, o: &Map<String, Value>, t: &Map<String, Value>, winner: Winner) {
    if !o.contains_key("rev") {
        return;
    }
    let rev = |m: &Map<String, Value>| m.get("rev").and_then(Value::as_u64).unwrap_or(0);
    out.insert("rev".into(), Value::from(rev(o).max(rev(t)) + 1));
    let later = match updated_at(o).cmp(&updated_at(t)) {
        Ordering::Greater => o,
        Ordering::Less => t,
        Ordering::Equal if winner == Winner::Ours => o,
        // Same time and neither side preferred: any fixed rule will do, as
        // long as it ignores sides.
        Ordering::Equal => {
            if role_of(o).map(Role::as_str) >= role_of(t).map(Role::as_str) {
                o
            } else {
                t
            }
        }
    };
    for k in ["updated_at", "updated_by", "updated_by_person"] {
        match later.get(k) {
            Some(v) => out.insert(k.into(), v.clone()),
            None => out.remove(k),
        };
    }
}

struct Found {
    field: String,
    base: Value,
    kept: Value,
    other: Value,
    side: Winner,
}

struct Merger {
    winner: Winner,
    found: Vec<Found>,
}

impl Merger {
    fn objects(
        &mut self,
        path: &str,
        b: Option<&Map<String, Value>>,
        o: &Map<String, Value>,
        t: &Map<String, Value>,
        top: bool,
    ) -> Map<String, Value> {
        let mut keys: Vec<&String> = o.keys().chain(t.keys()).chain(b.into_iter().flat_map(|b| b.keys())).collect();
        keys.sort();
        keys.dedup();
        let mut out = Map::new();
        for k in keys {
            if top && VERSION_FIELDS.contains(&k.as_str()) {
                if let Some(v) = o.get(k).or_else(|| t.get(k)) {
                    out.insert(k.clone(), v.clone());
                }
                continue;
            }
            let field = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
            let bv = b.and_then(|b| b.get(k));
            if let Some(v) = self.field(&field, k, top, bv, o.get(k), t.get(k)) {
                out.insert(k.clone(), v);
            }
        }
        out
    }

    fn field(
        &mut self,
        field: &str,
        key: &str,
        top: bool,
        b: Option<&Value>,
        o: Option<&Value>,
        t: Option<&Value>,
    ) -> Option<Value> {
        if o == t || b == t {
            return o.cloned();
        }
        if b == o {
            return t.cloned();
        }
        // Both sides changed it, differently.
        let is_list = |v: Option<&Value>| v.is_none_or(Value::is_array);
        if top && (SETS.contains(&key) || LOGS.contains(&key)) && is_list(b) && is_list(o) && is_list(t) {
            let list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
            let b = b.and_then(Value::as_array);
            let merged =
                if SETS.contains(&key) { merge_set(b, &list(o), &list(t)) } else { union_log(b, &list(o), &list(t)) };
            return (!merged.is_empty()).then_some(Value::Array(merged));
        }
        if let (Some(Value::Object(om)), Some(Value::Object(tm))) = (o, t)
            && b.is_none_or(Value::is_object)
        {
            let bm = b.and_then(Value::as_object);
            return Some(Value::Object(self.objects(field, bm, om, tm, false)));
        }
        let side = match self.winner {
            Winner::ByValue => {
                let (a, b) = (show(o).to_string(), show(t).to_string());
                if a >= b { Winner::Ours } else { Winner::Theirs }
            }
            w => w,
        };
        let (kept, other) = if side == Winner::Theirs { (t, o) } else { (o, t) };
        self.found.push(Found { field: field.to_owned(), base: show(b), kept: show(kept), other: show(other), side });
        kept.cloned()
    }

    /// Deleting an entity that the other side edited is a clash on the
    /// tombstone, whichever way the fields merged.
    fn tombstone(
        &mut self,
        b: Option<&Map<String, Value>>,
        o: &Map<String, Value>,
        t: &Map<String, Value>,
        out: &mut Map<String, Value>,
    ) {
        const TOMB: &str = "deleted_at";
        let Some(b) = b else { return };
        let deleted = |m: &Map<String, Value>| m.get(TOMB).is_some() && b.get(TOMB).is_none();
        let edited = |m: &Map<String, Value>| {
            m.iter().any(|(k, v)| k != TOMB && !VERSION_FIELDS.contains(&k.as_str()) && b.get(k) != Some(v))
                || b.keys().any(|k| !m.contains_key(k))
        };
        let (side, deleter) = if deleted(o) && !deleted(t) && edited(t) {
            (Winner::Ours, o)
        } else if deleted(t) && !deleted(o) && edited(o) {
            (Winner::Theirs, t)
        } else {
            return;
        };
        // Which stays: the preferred side's version of the tombstone.
        let keep_deleted = match self.winner {
            Winner::Ours => side == Winner::Ours,
            Winner::Theirs => side == Winner::Theirs,
            // Same time: the entity stays, edited; nothing is hidden.
            Winner::ByValue => false,
        };
        let tomb = deleter.get(TOMB).cloned().unwrap_or(Value::Null);
        let (kept, other) = if keep_deleted { (tomb, Value::Null) } else { (Value::Null, tomb) };
        let kept_side = if keep_deleted {
            side
        } else if side == Winner::Ours {
            Winner::Theirs
        } else {
            Winner::Ours
        };
        match &kept {
            Value::Null => out.remove(TOMB),
            v => out.insert(TOMB.into(), v.clone()),
        };
        self.found.push(Found { field: TOMB.into(), base: Value::Null, kept, other, side: kept_side });
    }
}

/// Conflict records, by id: each side's new and changed records; one
/// resolved on either side is resolved, at the earlier time.
fn conflict_list(base: &[Conflict], ours: &[Conflict], theirs: &[Conflict]) -> Vec<Conflict> {
    let find = |list: &[Conflict], id| list.iter().find(|c| c.id == id).cloned();
    let mut ids: Vec<uuid::Uuid> = ours.iter().chain(theirs).map(|c| c.id).collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| match (find(base, id), find(ours, id), find(theirs, id)) {
            // Taken out on one side (an undone edit), untouched on the other.
            (Some(b), Some(o), None) if b == o => None,
            (Some(b), None, Some(t)) if b == t => None,
            (_, Some(o), None) => Some(o),
            (_, None, Some(t)) => Some(t),
            (b, Some(o), Some(t)) if b.as_ref() == Some(&t) || o == t => Some(o),
            (b, Some(o), Some(t)) if b.as_ref() == Some(&o) => Some(t),
            (_, Some(mut o), Some(t)) => {
                o.resolved_at = match (o.resolved_at, t.resolved_at) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                Some(o)
            }
            (_, None, None) => None,
        })
        .collect()
}

fn show(v: Option<&Value>) -> Value {
    v.cloned().unwrap_or(Value::Null)
}

/// An append-only log: everything either side added, in time order. Two
/// entries at the same moment keep the order their side wrote them in;
/// which side's go first is fixed by their content, not by who merges.
fn union_log(b: Option<&Vec<Value>>, o: &[Value], t: &[Value]) -> Vec<Value> {
    let base: Vec<&Value> = b.map(|b| b.iter().collect()).unwrap_or_default();
    let at = |v: &Value| v.get("at").and_then(Value::as_str).and_then(|s| s.parse::<DateTime<Utc>>().ok());
    let one_way = |first: &[Value], second: &[Value]| {
        let mut out: Vec<Value> = first.to_vec();
        for e in second {
            if !base.contains(&e) && !out.contains(e) {
                out.push(e.clone());
            }
        }
        out.sort_by_key(|v| at(v));
        out
    };
    let (a, c) = (one_way(t, o), one_way(o, t));
    if a == c { a } else { std::cmp::min_by_key(a, c, |l| Value::Array(l.clone()).to_string()) }
}

/// A set: keep what either side added, drop what either side removed, in
/// plain string order (the order the domain keeps labels in, which is not
/// the order of their JSON text: `"ux a"` sorts before `"ux"`).
fn merge_set(b: Option<&Vec<Value>>, o: &[Value], t: &[Value]) -> Vec<Value> {
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    let base: HashSet<String> = b.into_iter().flatten().map(text).collect();
    let ours: HashSet<String> = o.iter().map(text).collect();
    let removed_by_us: HashSet<&String> = base.difference(&ours).collect();
    let mut out: Vec<Value> = t.iter().filter(|v| !removed_by_us.contains(&text(v))).cloned().collect();
    for v in o {
        if !base.contains(&text(v)) && !out.contains(v) {
            out.push(v.clone());
        }
    }
    out.sort_by_key(text);
    out.dedup();
    out
}
