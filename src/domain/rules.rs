//! What a link between entities must keep, in one place, so that every
//! path that makes a link judges it alike: an edit that would break a rule
//! is refused, a merge that broke one repairs it and records what it did
//! (`store::merge::reconcile`), and settling a conflict cannot pick a
//! value that breaks one.
//!
//! Each check names the rule it found broken; a deleted target reads as
//! not found, as it does everywhere else.

use super::error::DomainError;
use super::item::ItemKind;
use super::sprint::SprintState;
use super::workspace::Workspace;
use std::collections::HashSet;
use uuid::Uuid;

/// `id` is not there to link to: named by its key, marked deleted, where
/// the workspace still has it.
fn gone(ws: &Workspace, what: &'static str, id: Uuid) -> DomainError {
    DomainError::NotFound { what, reference: super::conflict::name_of(ws, id) }
}

/// Item `id`, of `kind`, under the epic `parent`.
pub fn parent(ws: &Workspace, id: Uuid, kind: ItemKind, parent: Uuid) -> Result<(), DomainError> {
    if parent == id {
        return Err(DomainError::invalid("parent", "an item cannot be its own parent"));
    }
    let epic = ws.item(parent).filter(|i| i.is_live()).ok_or_else(|| gone(ws, "parent item", parent))?;
    if epic.kind != ItemKind::Epic {
        return Err(DomainError::invalid("parent", format!("{} is a {}, not an epic", epic.key, epic.kind)));
    }
    if kind == ItemKind::Epic {
        return Err(DomainError::invalid("parent", "an epic cannot have a parent epic"));
    }
    Ok(())
}

/// Item `id` becoming `kind` (it was `was`, with `parent`): an epic has no
/// parent, and an epic with children stays an epic.
pub fn kind(ws: &Workspace, id: Uuid, was: ItemKind, kind: ItemKind, parent: Option<Uuid>) -> Result<(), DomainError> {
    if kind == ItemKind::Epic && parent.is_some() {
        return Err(DomainError::invalid("parent", "an epic cannot have a parent epic"));
    }
    if kind != ItemKind::Epic && was == ItemKind::Epic && ws.live_items().any(|i| i.parent == Some(id)) {
        return Err(DomainError::invalid("kind", "this epic still has child items; move them out first"));
    }
    Ok(())
}

pub fn initiative(ws: &Workspace, id: Uuid) -> Result<(), DomainError> {
    ws.initiative(id).filter(|i| i.meta.is_live()).map(|_| ()).ok_or_else(|| gone(ws, "initiative", id))
}

pub fn goal(ws: &Workspace, id: Uuid) -> Result<(), DomainError> {
    ws.goal(id).filter(|g| g.meta.is_live()).map(|_| ()).ok_or_else(|| gone(ws, "goal", id))
}

pub fn sprint(ws: &Workspace, id: Uuid) -> Result<(), DomainError> {
    ws.sprint(id).filter(|s| s.is_live()).map(|_| ()).ok_or_else(|| gone(ws, "sprint", id))
}

pub fn release(ws: &Workspace, id: Uuid) -> Result<(), DomainError> {
    ws.release(id).filter(|r| r.is_live()).map(|_| ()).ok_or_else(|| gone(ws, "release", id))
}

/// A sprint that can take open work: live, and not closed.
pub fn open_sprint(ws: &Workspace, id: Uuid) -> Result<(), DomainError> {
    sprint(ws, id)?;
    match ws.sprint(id) {
        Some(s) if s.state == SprintState::Closed => {
            Err(DomainError::invalid("sprint", format!("{} is closed; pick a planned or active sprint", s.name)))
        }
        _ => Ok(()),
    }
}

/// `blocker` blocking `blocked`: another live item, and no circle (a
/// circle of blockers could never finish).
pub fn blocks(ws: &Workspace, blocker: Uuid, blocked: Uuid) -> Result<(), DomainError> {
    if blocker == blocked {
        return Err(DomainError::invalid("blocks", "an item cannot block itself"));
    }
    let target = ws.item(blocked).filter(|i| i.is_live()).ok_or_else(|| gone(ws, "item", blocked))?;
    if reaches(ws, blocked, blocker) {
        let key = ws.item(blocker).map_or_else(|| blocker.to_string(), |i| i.key.clone());
        return Err(DomainError::invalid(
            "blocks",
            format!("{} already blocks {key} (directly or through others); a cycle could never finish", target.key),
        ));
    }
    Ok(())
}

/// Whether `from` blocks `to`, following live `blocks` links.
pub fn reaches(ws: &Workspace, from: Uuid, to: Uuid) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if seen.insert(id)
            && let Some(i) = ws.item(id).filter(|i| i.is_live())
        {
            stack.extend(i.blocks.iter().copied());
        }
    }
    false
}

/// Sprint `id` becoming the active one: only one sprint runs at a time.
pub fn one_active(ws: &Workspace, id: Uuid) -> Result<(), DomainError> {
    match ws.live_sprints().find(|s| s.state == SprintState::Active && s.meta.id != id) {
        Some(other) => Err(DomainError::invalid(
            "sprint",
            format!("{} is still active; close it before starting another", other.name),
        )),
        None => Ok(()),
    }
}
