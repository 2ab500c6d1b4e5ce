//! Undo/redo (putting entities back) and resolving merge conflicts.

use crate::domain::command::Take;
use crate::domain::entity::EntityRef;
use crate::domain::error::DomainError;
use crate::domain::snapshot::{Entity, Snapshot};
use crate::domain::text::clean;
use crate::domain::tx::Tx;
use crate::domain::workspace::Workspace;
use uuid::Uuid;

pub(super) fn restore(tx: &mut Tx, snaps: Vec<Snapshot>) -> Result<String, DomainError> {
    let now = tx.now();
    let n = snaps.len();
    for snap in snaps {
        tx.touch(snap.entity);
        match snap.value {
            // Key counters only ever grow, so undoing a create never lets a
            // key be handed out twice.
            Some(Entity::Info(mut info)) => {
                let cur = &tx.ws.workspace;
                info.next_key = info.next_key.max(cur.next_key);
                info.next_goal_key = info.next_goal_key.max(cur.next_goal_key);
                info.next_initiative_key = info.next_initiative_key.max(cur.next_initiative_key);
                tx.ws.workspace = info;
            }
            Some(e) => {
                let e = keep_key(tx.ws, e);
                tx.ws.put(e)
            }
            // It did not exist before: undoing its creation deletes it.
            None => {
                if let Some(meta) = tx.ws.meta_mut(snap.entity) {
                    meta.deleted_at = Some(now);
                }
            }
        }
    }
    Ok(format!("Restored {n} {}", if n == 1 { "entity" } else { "entities" }))
}

/// Keys are handed out once and are not content: a merge may have
/// renumbered an entity since the snapshot was taken, and putting the old
/// key back would give two entities the same key.
fn keep_key(ws: &Workspace, e: Entity) -> Entity {
    match e {
        Entity::Item(mut x) => {
            if let Some(cur) = ws.item(x.meta.id) {
                x.key.clone_from(&cur.key);
            }
            Entity::Item(x)
        }
        Entity::Goal(mut x) => {
            if let Some(cur) = ws.goal(x.meta.id) {
                x.key.clone_from(&cur.key);
            }
            Entity::Goal(x)
        }
        Entity::Initiative(mut x) => {
            if let Some(cur) = ws.initiative(x.meta.id) {
                x.key.clone_from(&cur.key);
            }
            Entity::Initiative(x)
        }
        e => e,
    }
}

pub(super) fn record_conflicts(
    tx: &mut Tx,
    list: Vec<crate::domain::workspace::Conflict>,
) -> Result<String, DomainError> {
    tx.touch(EntityRef::Conflicts);
    let n = list.into_iter().filter(|c| tx.ws.add_conflict(c.clone())).count();
    Ok(format!("Recorded {n} conflict(s)"))
}

/// Their value comes from someone else's copy of the file: every string in
/// it is cleaned like any other text before it is stored.
fn clean_value(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) => Value::String(clean(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(clean_value).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, clean_value(v))).collect()),
        other => other,
    }
}

pub(super) fn resolve_conflict(tx: &mut Tx, id: Uuid, take: Take) -> Result<String, DomainError> {
    let c = tx
        .ws
        .conflicts
        .iter()
        .find(|c| c.id == id && c.resolved_at.is_none())
        .cloned()
        .ok_or_else(|| DomainError::not_found("open conflict", id))?;
    if take == Take::Theirs {
        let r = EntityRef::from_kind(&c.entity, c.entity_id)
            .ok_or_else(|| DomainError::invalid("conflict", format!("unknown entity kind {:?}", c.entity)))?;
        let current =
            tx.ws.get(r).ok_or_else(|| DomainError::NotFound { what: "entity", reference: c.label.clone() })?;
        if let Some(meta) = current.meta() {
            tx.guard(meta.owner, &c.label)?;
        }
        let mut value = current.to_value();
        if let Some(obj) = value.as_object_mut() {
            if c.theirs.is_null() {
                obj.remove(&c.field);
            } else {
                obj.insert(c.field.clone(), clean_value(c.theirs.clone()));
            }
        }
        let entity = Entity::from_value(r, value)
            .map_err(|e| DomainError::invalid("conflict", format!("their value no longer fits: {e}")))?;
        tx.touch(r);
        tx.ws.put(entity);
    }
    tx.touch(EntityRef::Conflicts);
    let now = tx.now();
    if let Some(slot) = tx.ws.conflicts.iter_mut().find(|x| x.id == id) {
        slot.resolved_at = Some(now);
    }
    let side = match take {
        Take::Ours => "ours",
        Take::Theirs => "theirs",
    };
    Ok(format!("Resolved conflict on {} {}: kept {side}", c.label, c.field))
}
