//! Undo/redo: putting entities back.

use crate::domain::error::DomainError;
use crate::domain::snapshot::{Entity, Snapshot};
use crate::domain::tx::Tx;
use crate::domain::workspace::Workspace;

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
