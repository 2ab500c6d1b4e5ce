//! Conflicts a merge recorded: resolving with ours or theirs, cleaning
//! their text, and the role guard on taking theirs.

use super::{W, t};
use crate::domain::command::{Command, Take};
use crate::domain::entity::Role;
use crate::domain::error::DomainError;
use crate::domain::workspace::Conflict;
use serde_json::json;
use uuid::Uuid;

fn conflict(w: &mut W, id: Uuid, field: &str, ours: serde_json::Value, theirs: serde_json::Value) -> Uuid {
    let cid = Uuid::from_u128(0xc0ff_ee00 + w.ws.conflicts.len() as u128);
    w.ws.conflicts.push(Conflict {
        id: cid,
        at: w.ctx.now,
        entity: "item".into(),
        entity_id: Some(id),
        label: w.item(id).key.clone(),
        field: field.into(),
        base: json!(null),
        ours,
        theirs,
        ours_by: Role::Po,
        resolved_at: None,
        extra: Default::default(),
    });
    cid
}

#[test]
fn resolving_a_conflict_with_theirs_sets_the_field() {
    let mut w = W::new();
    let id = w.add_points("Ours", 3, None);
    let c1 = conflict(&mut w, id, "title", json!("Ours"), json!("Theirs"));
    let c2 = conflict(&mut w, id, "estimate", json!(3), json!(null));
    w.at("2026-03-03T10:00:00Z");
    let change = w.run(Command::ResolveConflict { id: c1, take: Take::Theirs });
    assert_eq!(change.summary, "Resolved conflict on BL-1 title: kept theirs");
    assert_eq!(w.item(id).title, "Theirs");
    assert_eq!(w.item(id).meta.rev, 2);
    assert_eq!(w.ws.conflicts[0].resolved_at, Some(t("2026-03-03T10:00:00Z")));
    assert_eq!(w.ws.open_conflicts().count(), 1);
    // Their value may be "no value".
    w.run(Command::ResolveConflict { id: c2, take: Take::Theirs });
    assert_eq!(w.item(id).estimate, None);
    // Resolved is resolved.
    let e = w.refuse(Command::ResolveConflict { id: c1, take: Take::Ours });
    assert!(matches!(e, DomainError::NotFound { .. }), "{e:?}");
}

#[test]
fn resolving_a_conflict_with_ours_keeps_the_value() {
    let mut w = W::new();
    let id = w.add("Ours");
    let c = conflict(&mut w, id, "title", json!("Ours"), json!("Theirs"));
    w.run(Command::ResolveConflict { id: c, take: Take::Ours });
    assert_eq!(w.item(id).title, "Ours");
    assert_eq!(w.item(id).meta.rev, 1);
    assert_eq!(w.ws.open_conflicts().count(), 0);
}

/// Their side of a conflict is text from someone else's edit: it must be
/// cleaned like everything else before it is stored.
#[test]
fn their_side_of_a_conflict_is_cleaned_before_it_is_stored() {
    let mut w = W::new();
    let id = w.add("Ours");
    let c = conflict(&mut w, id, "title", json!("Ours"), json!("Their\u{1b}[2J title\u{202e}"));
    let l = conflict(&mut w, id, "labels", json!([]), json!(["a\u{9b}b"]));
    w.run(Command::ResolveConflict { id: c, take: Take::Theirs });
    w.run(Command::ResolveConflict { id: l, take: Take::Theirs });
    assert_eq!(w.item(id).title, "Their[2J title");
    assert_eq!(w.item(id).labels, ["ab"]);
}

#[test]
fn resolving_theirs_respects_the_role_guard() {
    let mut w = W::new();
    let id = w.add("Ours");
    let c = conflict(&mut w, id, "title", json!("Ours"), json!("Theirs"));
    w.ctx.role = Role::Pm;
    let e = w.refuse(Command::ResolveConflict { id: c, take: Take::Theirs });
    assert!(matches!(e, DomainError::NeedsConfirmation { .. }), "{e:?}");
}
