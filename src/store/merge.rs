//! Three-way merge of a session's changes into the file as it is now on
//! disk. The base is what the session saw before it changed each entity
//! (the pre-images its commands recorded), so only entities this session
//! touched are merged; everything else is taken from disk as it is.
//!
//! Per field: a side that left a field as it was takes the other side's
//! value; if both changed it to different values, the saving session's
//! value stays and a [`Conflict`] records both. Nested objects merge field
//! by field; a sprint's history is an append-only log (union), labels are a
//! set. Deletes are tombstones, so they merge like any other field.

use crate::domain::entity::{EntityRef, Role};
use crate::domain::snapshot::Entity;
use crate::domain::workspace::{Conflict, Workspace};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

/// Pre-images of the entities a session changed since it last synced with
/// the file: the merge base. `None` = the session created it.
#[derive(Debug, Clone, Default)]
pub struct Pending(BTreeMap<EntityRef, Option<Entity>>);

impl Pending {
    /// Remembers the first pre-image of each entity a change touched.
    pub fn record(&mut self, change: &crate::domain::Change) {
        for snap in &change.before {
            self.0.entry(snap.entity).or_insert_with(|| snap.value.clone());
        }
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn clear(&mut self) {
        self.0.clear()
    }
    /// After merging into `disk`, the disk's versions become the base for
    /// whatever this session still has to write. That includes the conflict
    /// list whenever there is something to merge: the merge may record
    /// conflicts that are not on disk yet.
    pub fn rebased(&self, disk: &Workspace) -> Pending {
        let conflicts = (!self.is_empty()).then_some(EntityRef::Conflicts);
        Pending(self.0.keys().copied().chain(conflicts).map(|r| (r, disk.get(r))).collect())
    }
}

/// What a merge did, for the status line or the CLI.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeReport {
    /// Conflicts recorded by this merge.
    pub conflicts: Vec<Uuid>,
    /// Keys of entities this session created that another writer had
    /// already used: (old, new).
    pub renumbered: Vec<(String, String)>,
}

/// Merges `ours` (the session's workspace) into `theirs` (the file now),
/// for the entities in `base`. Deterministic: the same inputs give the
/// same result, whoever runs it.
pub fn merge(
    mut theirs: Workspace,
    ours: &Workspace,
    base: &Pending,
    now: DateTime<Utc>,
    role: Role,
) -> (Workspace, MergeReport) {
    let mut report = MergeReport::default();
    let mut drafts: Vec<Draft> = Vec::new();

    for (&r, base_e) in &base.0 {
        let Some(ours_e) = ours.get(r) else { continue };
        match r {
            EntityRef::Conflicts => {
                let Entity::Conflicts(list) = ours_e else {
                    continue;
                };
                union_conflicts(&mut theirs.conflicts, list);
            }
            _ => {
                let created = base_e.is_none();
                let ours_e = if created { renumber(r, ours_e, &mut theirs, ours, &mut report) } else { ours_e };
                let merged = match theirs.get(r) {
                    None => ours_e,
                    Some(theirs_e) => {
                        let b = base_e.as_ref().map(Entity::to_value);
                        let label = label(&ours_e);
                        let mut field_drafts = Vec::new();
                        let (mut o, mut t) = (ours_e.to_value(), theirs_e.to_value());
                        if r == EntityRef::Info {
                            // Key counters only grow: both sides advancing them
                            // is not a conflict (the larger wins, below).
                            for k in KEY_COUNTERS {
                                if let (Some(a), Some(b)) = (o.get(k).cloned(), t.get(k).cloned()) {
                                    let max = if a.as_u64() >= b.as_u64() { a } else { b };
                                    o[k] = max.clone();
                                    t[k] = max;
                                }
                            }
                        }
                        let v = merge_entity(b.as_ref(), &o, &t, &mut field_drafts);
                        for (field, b, o, t) in field_drafts {
                            drafts.push(Draft { entity: r, label: label.clone(), field, base: b, ours: o, theirs: t });
                        }
                        match Entity::from_value(r, v) {
                            Ok(e) => e,
                            // Cannot happen for values that each parsed, but
                            // never lose our side if it does.
                            Err(_) => ours_e,
                        }
                    }
                };
                let merged = match merged {
                    Entity::Info(mut info) => {
                        // Key counters only grow, so no key is ever handed out twice.
                        info.next_key = info.next_key.max(theirs.workspace.next_key).max(ours.workspace.next_key);
                        info.next_goal_key =
                            info.next_goal_key.max(theirs.workspace.next_goal_key).max(ours.workspace.next_goal_key);
                        info.next_initiative_key = info
                            .next_initiative_key
                            .max(theirs.workspace.next_initiative_key)
                            .max(ours.workspace.next_initiative_key);
                        Entity::Info(info)
                    }
                    e => e,
                };
                theirs.put(merged);
            }
        }
    }

    let ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
    for d in drafts {
        let id = conflict_id(ms, &d);
        if theirs.conflicts.iter().any(|c| c.id == id) {
            continue;
        }
        report.conflicts.push(id);
        theirs.conflicts.push(Conflict {
            id,
            at: now,
            entity: d.entity.kind().to_owned(),
            entity_id: d.entity.id(),
            label: d.label,
            field: d.field,
            base: d.base,
            ours: d.ours,
            theirs: d.theirs,
            ours_by: role,
            resolved_at: None,
        });
    }
    (theirs, report)
}

struct Draft {
    entity: EntityRef,
    label: String,
    field: String,
    base: Value,
    ours: Value,
    theirs: Value,
}

/// A conflict's id is derived from what it records, so merging the same
/// inputs twice gives the same file.
fn conflict_id(ms: u64, d: &Draft) -> Uuid {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    (d.entity, &d.field, d.ours.to_string(), d.theirs.to_string()).hash(&mut h);
    let a = h.finish();
    d.base.to_string().hash(&mut h);
    let b = h.finish();
    let mut tail = [0u8; 10];
    tail[..8].copy_from_slice(&a.to_be_bytes());
    tail[8..].copy_from_slice(&b.to_be_bytes()[..2]);
    uuid::Builder::from_unix_timestamp_millis(ms, &tail).into_uuid()
}

fn label(e: &Entity) -> String {
    match e {
        Entity::Item(i) => i.key.clone(),
        Entity::Goal(g) => g.key.clone(),
        Entity::Initiative(i) => i.key.clone(),
        Entity::Sprint(s) => s.name.clone(),
        Entity::Vision(_) => "vision".into(),
        Entity::Settings(_) => "settings".into(),
        Entity::Info(_) => "workspace".into(),
        Entity::Conflicts(_) => "conflicts".into(),
    }
}

/// An entity this session created whose key another writer took in the
/// meantime gets the next free key.
fn renumber(r: EntityRef, e: Entity, theirs: &mut Workspace, ours: &Workspace, report: &mut MergeReport) -> Entity {
    match (r, e) {
        (EntityRef::Item(id), Entity::Item(mut item)) => {
            let taken = theirs.key_taken(&item.key, id);
            if taken {
                let n = theirs.workspace.next_key.max(ours.workspace.next_key);
                theirs.workspace.next_key = n + 1;
                let new = theirs.item_key(n);
                report.renumbered.push((std::mem::replace(&mut item.key, new.clone()), new));
            }
            Entity::Item(item)
        }
        (EntityRef::Goal(id), Entity::Goal(mut g)) => {
            if theirs.goals.iter().any(|x| x.meta.id != id && x.key.eq_ignore_ascii_case(&g.key)) {
                let n = theirs.workspace.next_goal_key.max(ours.workspace.next_goal_key);
                theirs.workspace.next_goal_key = n + 1;
                let new = format!("G{n}");
                report.renumbered.push((std::mem::replace(&mut g.key, new.clone()), new));
            }
            Entity::Goal(g)
        }
        (EntityRef::Initiative(id), Entity::Initiative(mut i)) => {
            if theirs.roadmap.iter().any(|x| x.meta.id != id && x.key.eq_ignore_ascii_case(&i.key)) {
                let n = theirs.workspace.next_initiative_key.max(ours.workspace.next_initiative_key);
                theirs.workspace.next_initiative_key = n + 1;
                let new = format!("R{n}");
                report.renumbered.push((std::mem::replace(&mut i.key, new.clone()), new));
            }
            Entity::Initiative(i)
        }
        (_, e) => e,
    }
}

fn union_conflicts(theirs: &mut Vec<Conflict>, ours: Vec<Conflict>) {
    for c in ours {
        match theirs.iter_mut().find(|t| t.id == c.id) {
            Some(t) => t.resolved_at = t.resolved_at.or(c.resolved_at),
            None => theirs.push(c),
        }
    }
}

type FieldDraft = (String, Value, Value, Value);

/// The workspace's key counters.
const KEY_COUNTERS: [&str; 3] = ["next_key", "next_goal_key", "next_initiative_key"];

/// Bookkeeping fields that describe a version rather than content.
const VERSION_FIELDS: [&str; 3] = ["rev", "updated_at", "updated_by"];

fn merge_entity(base: Option<&Value>, ours: &Value, theirs: &Value, drafts: &mut Vec<FieldDraft>) -> Value {
    let (Some(o), Some(t)) = (ours.as_object(), theirs.as_object()) else {
        return ours.clone();
    };
    let b = base.and_then(Value::as_object);
    let mut out = merge_objects("", b, o, t, drafts, true);
    // The merged version is newer than both: bump past the larger revision,
    // and stamp it with the later of the two edits.
    let rev = |m: &Map<String, Value>| m.get("rev").and_then(Value::as_u64).unwrap_or(0);
    if o.contains_key("rev") {
        out.insert("rev".into(), Value::from(rev(o).max(rev(t)) + 1));
        // Compared as times: RFC 3339 strings with different numbers of
        // fractional digits do not sort as text ("10Z" > "10.250Z").
        let at = |m: &Map<String, Value>| {
            m.get("updated_at").and_then(Value::as_str).and_then(|s| s.parse::<DateTime<Utc>>().ok())
        };
        let later = if at(o) >= at(t) { o } else { t };
        for k in ["updated_at", "updated_by"] {
            if let Some(v) = later.get(k) {
                out.insert(k.into(), v.clone());
            }
        }
    }
    Value::Object(out)
}

fn merge_objects(
    path: &str,
    b: Option<&Map<String, Value>>,
    o: &Map<String, Value>,
    t: &Map<String, Value>,
    drafts: &mut Vec<FieldDraft>,
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
        if let Some(v) = merge_field(&field, k, bv, o.get(k), t.get(k), drafts) {
            out.insert(k.clone(), v);
        }
    }
    out
}

fn merge_field(
    field: &str,
    key: &str,
    b: Option<&Value>,
    o: Option<&Value>,
    t: Option<&Value>,
    drafts: &mut Vec<FieldDraft>,
) -> Option<Value> {
    if o == t || b == t {
        return o.cloned();
    }
    if b == o {
        return t.cloned();
    }
    // Both sides changed it, differently.
    let is_list = |v: Option<&Value>| v.is_none_or(Value::is_array);
    if (key == "labels" || key == "history") && is_list(b) && is_list(o) && is_list(t) {
        let list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
        let b = b.and_then(Value::as_array);
        let merged = if key == "labels" { merge_set(b, &list(o), &list(t)) } else { union_log(b, &list(o), &list(t)) };
        return (!merged.is_empty()).then_some(Value::Array(merged));
    }
    match (b, o, t) {
        (b, Some(Value::Object(om)), Some(Value::Object(tm))) if b.is_none_or(Value::is_object) => {
            let bm = b.and_then(Value::as_object);
            Some(Value::Object(merge_objects(field, bm, om, tm, drafts, false)))
        }
        _ => {
            let show = |v: Option<&Value>| v.cloned().unwrap_or(Value::Null);
            drafts.push((field.to_owned(), show(b), show(o), show(t)));
            o.cloned()
        }
    }
}

/// An append-only log: everything either side added, in time order.
fn union_log(b: Option<&Vec<Value>>, o: &[Value], t: &[Value]) -> Vec<Value> {
    let base: Vec<&Value> = b.map(|b| b.iter().collect()).unwrap_or_default();
    let mut out: Vec<Value> = t.to_vec();
    for e in o {
        if !base.contains(&e) && !out.contains(e) {
            out.push(e.clone());
        }
    }
    let at = |v: &Value| v.get("at").and_then(Value::as_str).and_then(|s| s.parse::<DateTime<Utc>>().ok());
    out.sort_by_key(|v| at(v));
    out
}

/// A set: keep what either side added, drop what either side removed.
fn merge_set(b: Option<&Vec<Value>>, o: &[Value], t: &[Value]) -> Vec<Value> {
    let base: HashSet<String> = b.into_iter().flatten().map(Value::to_string).collect();
    let ours: HashSet<String> = o.iter().map(Value::to_string).collect();
    let removed_by_us: HashSet<&String> = base.difference(&ours).collect();
    let mut out: Vec<Value> = t.iter().filter(|v| !removed_by_us.contains(&v.to_string())).cloned().collect();
    for v in o {
        if !base.contains(&v.to_string()) && !out.contains(v) {
            out.push(v.clone());
        }
    }
    // The order the domain keeps labels in (plain string order, which is
    // not the order of their JSON text: `"ux a"` sorts before `"ux"`).
    out.sort_by_key(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned));
    out
}
