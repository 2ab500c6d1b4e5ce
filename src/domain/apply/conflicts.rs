//! Conflicts: recording what a merge could not settle, and settling it.
//!
//! Picking a side is an edit like any other: the value goes through the
//! rules every link keeps ([`rules`], the ones a merge repairs by), and
//! where an edit has its own path (a sprint move logs scope, a status or
//! estimate change logs a running sprint's burn, a delete unlinks what hung
//! on the entity) the pick takes that path. A pick that would break a rule
//! is refused, naming the rule and the choice that is valid.

use super::{items, sprints, strategy};
use crate::domain::command::{ItemPatch, Take};
use crate::domain::conflict::{Conflict, describe};
use crate::domain::entity::EntityRef;
use crate::domain::error::DomainError;
use crate::domain::item::Status;
use crate::domain::rules;
use crate::domain::snapshot::Entity;
use crate::domain::text::clean;
use crate::domain::tx::Tx;
use crate::domain::workspace::Workspace;
use serde_json::Value;
use uuid::Uuid;

pub(super) fn record(tx: &mut Tx, list: Vec<Conflict>) -> Result<String, DomainError> {
    tx.touch(EntityRef::Conflicts);
    let n = list.into_iter().filter(|c| tx.ws.add_conflict(c.clone())).count();
    Ok(format!("Recorded {n} conflict(s)"))
}

pub(super) fn resolve(tx: &mut Tx, id: Uuid, take: Take) -> Result<String, DomainError> {
    let c = tx
        .ws
        .conflicts
        .iter()
        .find(|c| c.id == id && c.resolved_at.is_none())
        .cloned()
        .ok_or_else(|| DomainError::not_found("open conflict", id))?;
    // The side the entity kept needs no change: settling it says so.
    if take != c.kept() {
        let r = EntityRef::from_kind(&c.entity, c.entity_id)
            .ok_or_else(|| DomainError::invalid("conflict", format!("unknown entity kind {:?}", c.entity)))?;
        let value = clean_value(c.value(take).clone());
        if let Err(e) = pick(tx, r, &c.field, value, &c.label) {
            return Err(refusal(tx.ws, &c, take, e));
        }
    }
    tx.touch(EntityRef::Conflicts);
    let now = tx.now();
    if let Some(slot) = tx.ws.conflicts.iter_mut().find(|x| x.id == id) {
        slot.resolved_at = Some(now);
    }
    Ok(format!("Resolved conflict on {} {}: kept {} ({})", c.label, c.field, word(take), c.side_name(take)))
}

fn word(side: Take) -> &'static str {
    match side {
        Take::Ours => "ours",
        Take::Theirs => "theirs",
    }
}

/// Why `take` cannot be picked, and what can.
fn refusal(ws: &Workspace, c: &Conflict, take: Take, e: DomainError) -> DomainError {
    let rule = match e {
        // A reference that names its kind already ("release 2.0") is not
        // named twice.
        DomainError::NotFound { what, reference } if reference.starts_with(&format!("{what} ")) => {
            format!("no {reference}")
        }
        DomainError::NotFound { what, reference } => format!("no {what} {reference}"),
        DomainError::Invalid { reason, .. } => reason,
        // The role guard and the like say it best themselves.
        other => return other,
    };
    let other = match take {
        Take::Ours => Take::Theirs,
        Take::Theirs => Take::Ours,
    };
    DomainError::invalid(
        "conflict",
        format!(
            "{} {} cannot take {} ({}: {}): {rule}. Keep {} ({}: {}), or change {} yourself",
            c.label,
            c.field,
            word(take),
            c.side_name(take),
            describe(ws, c.value(take)),
            word(other),
            c.side_name(other),
            describe(ws, c.value(other)),
            c.field
        ),
    )
}

/// Sets `field` of `r` to `value` the way an edit would.
fn pick(tx: &mut Tx, r: EntityRef, field: &str, value: Value, label: &str) -> Result<(), DomainError> {
    let current = tx.ws.get(r).ok_or_else(|| DomainError::NotFound { what: "entity", reference: label.to_owned() })?;
    if field == "deleted_at" {
        if !value.is_null() {
            return delete(tx, r);
        }
        // Brought back: it comes back with its links, so each must hold.
        let back = with_field(r, &current, field, Value::Null)?;
        check_links(tx.ws, &back, None)?;
        return put(tx, r, back, label);
    }
    if let (Entity::Item(item), "sprint" | "status" | "estimate") = (&current, field) {
        let id = item.meta.id;
        let patch = match field {
            "sprint" => ItemPatch { sprint: Some(parse("sprint", value)?), ..ItemPatch::default() },
            "status" => ItemPatch { status: Some(parse::<Status>("status", value)?), ..ItemPatch::default() },
            _ => ItemPatch { estimate: Some(parse("estimate", value)?), ..ItemPatch::default() },
        };
        return items::edit(tx, id, patch).map(|_| ());
    }
    let mut next = with_field(r, &current, field, value)?;
    check_links(tx.ws, &next, Some((&current, field)))?;
    if let Entity::Item(item) = &mut next
        && field == "rank"
    {
        item.rank = free_rank(tx.ws, item.meta.id, &item.rank);
    }
    put(tx, r, next, label)
}

fn parse<T: serde::de::DeserializeOwned>(field: &'static str, v: Value) -> Result<T, DomainError> {
    serde_json::from_value(v).map_err(|e| DomainError::invalid(field, format!("the value no longer fits: {e}")))
}

/// `current` with `field` (a dotted path into nested objects) set to
/// `value`; no value removes the field.
fn with_field(r: EntityRef, current: &Entity, field: &str, value: Value) -> Result<Entity, DomainError> {
    let mut whole = current.to_value();
    let mut slot = &mut whole;
    let mut parts = field.split('.').peekable();
    while let Some(part) = parts.next() {
        let Some(obj) = slot.as_object_mut() else { break };
        if parts.peek().is_none() {
            match &value {
                Value::Null => obj.remove(part),
                v => obj.insert(part.to_owned(), v.clone()),
            };
            break;
        }
        slot = obj.entry(part.to_owned()).or_insert_with(|| Value::Object(Default::default()));
    }
    Entity::from_value(r, whole)
        .map_err(|e| DomainError::invalid("conflict", format!("that value no longer fits the {field} field: {e}")))
}

/// The links `next` holds that the pick sets (every link, when it comes
/// back from a delete), judged by the rules an edit and a merge keep.
fn check_links(ws: &Workspace, next: &Entity, changed: Option<(&Entity, &str)>) -> Result<(), DomainError> {
    let sets = |f: &str| changed.is_none_or(|(_, field)| field == f);
    match next {
        Entity::Item(i) => {
            let was = match changed {
                Some((Entity::Item(b), _)) => Some(b),
                _ => None,
            };
            if let Some(p) = i.parent.filter(|_| sets("parent")) {
                rules::parent(ws, i.meta.id, i.kind, p)?;
            }
            if let Some(b) = was.filter(|_| sets("kind")) {
                rules::kind(ws, i.meta.id, b.kind, i.kind, i.parent)?;
            }
            if let Some(x) = i.initiative.filter(|_| sets("initiative")) {
                rules::initiative(ws, x)?;
            }
            if let Some(x) = i.release.filter(|_| sets("release")) {
                rules::release(ws, x)?;
            }
            if let Some(s) = i.sprint.filter(|_| changed.is_none()) {
                rules::sprint(ws, s)?;
            }
            if sets("blocks") {
                for b in i.blocks.iter().filter(|b| was.is_none_or(|w| !w.blocks.contains(b))) {
                    rules::blocks(ws, i.meta.id, *b)?;
                }
            }
        }
        Entity::Initiative(x) if sets("goals") => {
            for g in &x.goals {
                rules::goal(ws, *g)?;
            }
        }
        Entity::Sprint(s) if sets("state") && s.state == crate::domain::sprint::SprintState::Active => {
            rules::one_active(ws, s.meta.id)?;
        }
        _ => {}
    }
    Ok(())
}

/// A rank no other live item holds: `rank`, or the first key after it.
fn free_rank(ws: &Workspace, id: Uuid, rank: &str) -> String {
    if !ws.live_items().any(|i| i.meta.id != id && i.rank == rank) {
        return rank.to_owned();
    }
    let next = ws.live_items().map(|i| i.rank.as_str()).filter(|r| *r > rank).min();
    crate::domain::rank::between(Some(rank), next).unwrap_or_else(|_| rank.to_owned())
}

fn put(tx: &mut Tx, r: EntityRef, e: Entity, label: &str) -> Result<(), DomainError> {
    if let Some(meta) = e.meta() {
        tx.guard(meta.owner, label)?;
    }
    tx.touch(r);
    tx.ws.put(e);
    Ok(())
}

/// Taking a delete: the domain's own delete, with what it unlinks.
fn delete(tx: &mut Tx, r: EntityRef) -> Result<(), DomainError> {
    match r {
        EntityRef::Item(id) => items::delete(tx, id),
        EntityRef::Goal(id) => strategy::delete_goal(tx, id),
        EntityRef::Initiative(id) => strategy::delete_initiative(tx, id),
        EntityRef::Sprint(id) => sprints::delete(tx, id),
        _ => return Err(DomainError::invalid("conflict", "this entity cannot be deleted")),
    }
    .map(|_| ())
}

/// Their value comes from someone else's copy of the file: every string in
/// it is cleaned like any other text before it is stored.
fn clean_value(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(clean(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(clean_value).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, clean_value(v))).collect()),
        other => other,
    }
}
