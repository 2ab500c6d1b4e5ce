//! Taking back a change from the history (`backlog undo`, `revert`),
//! through the one merge: each field the change set goes back to what it
//! was, wherever it still holds what the change wrote; a field changed
//! since is left as it is, and said so.

use super::merge::revert_entity;
use crate::domain::history::{APPEND_ONLY, CREATED, Edit, Record};
use crate::domain::snapshot::{Entity, Snapshot};
use crate::domain::workspace::Workspace;
use crate::domain::{EntityRef, conflict};
use chrono::{DateTime, Utc};
use serde_json::Value;

/// A field the revert did not take back, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct LeftAlone {
    /// The entity's key or name.
    pub entity: String,
    pub field: String,
    pub why: String,
}

/// What reverting `record` in `ws` comes to: the entities to restore (for
/// `Command::Restore`) and the fields left alone.
pub fn plan(ws: &Workspace, record: &Record, now: DateTime<Utc>) -> (Vec<Snapshot>, Vec<LeftAlone>) {
    let mut refs: Vec<EntityRef> = record.edits.iter().filter_map(Edit::entity_ref).collect();
    refs.sort_unstable();
    refs.dedup();
    let mut targets = Vec::new();
    let mut left = Vec::new();
    for r in refs {
        let Some(current) = ws.get(r) else { continue };
        let name = r.id().map_or_else(|| r.kind().to_owned(), |id| conflict::name_of(ws, id));
        let edits: Vec<&Edit> = record.edits.iter().filter(|e| e.entity_ref() == Some(r)).collect();
        let cur = current.to_value();
        let (mut wrote, mut want) = (cur.clone(), cur.clone());
        for e in &edits {
            let why = if e.field == CREATED {
                if e.new.is_null() {
                    continue;
                }
                // Taking back a creation deletes (a tombstone, as undo does).
                set(&mut want, "deleted_at", serde_json::to_value(now).expect("a time serializes"));
                None
            } else if e.compacted {
                Some("its old value was compacted by the history retention".to_owned())
            } else if APPEND_ONLY.contains(&&*e.field) {
                Some(format!("{} are kept: they are append-only", e.field))
            } else {
                set(&mut wrote, &e.field, e.new.clone());
                set(&mut want, &e.field, e.old.clone());
                None
            };
            if let Some(why) = why {
                left.push(LeftAlone { entity: name.clone(), field: e.field.to_string(), why });
            }
        }
        let (Ok(wrote), Ok(want)) = (Entity::from_value(r, wrote), Entity::from_value(r, want)) else {
            left.push(LeftAlone { entity: name, field: "*".into(), why: "its recorded values no longer fit".into() });
            continue;
        };
        let (merged, clashes) = revert_entity(r, &wrote, &current, &want);
        for c in clashes {
            let who = changed_since(ws, record, r, &c.field);
            left.push(LeftAlone {
                entity: name.clone(),
                field: c.field.clone(),
                why: format!("changed since{who}: it stays {}", conflict::describe(ws, &c.kept)),
            });
        }
        if merged != current {
            targets.push(Snapshot { entity: r, value: Some(merged) });
        }
    }
    (targets, left)
}

fn set(v: &mut Value, field: &str, to: Value) {
    let Some(m) = v.as_object_mut() else { return };
    if to.is_null() {
        m.remove(field);
    } else {
        m.insert(field.to_owned(), to);
    }
}

/// ` by NAME (ROLE)` of the latest record after `record` that changed the
/// field, if the history knows it.
fn changed_since(ws: &Workspace, record: &Record, r: EntityRef, field: &str) -> String {
    let top = field.split('.').next().unwrap_or(field);
    ws.history
        .since(record.at)
        .iter()
        .rev()
        .filter(|x| x.id != record.id)
        .find(|x| x.edits.iter().any(|e| e.entity_ref() == Some(r) && e.field == top))
        .map(|x| {
            if x.by.is_empty() {
                format!(" by the {}", x.role.label())
            } else {
                format!(" by {} ({})", x.by, x.role.label())
            }
        })
        .unwrap_or_default()
}
