//! Conflicts a merge recorded: resolving with ours or theirs, cleaning
//! their text, and the role guard on taking theirs.

use super::{W, t};
use crate::domain::command::{Command, NewItem, Take};
use crate::domain::entity::Role;
use crate::domain::error::DomainError;
use crate::domain::item::{ItemKind, Status};
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
        ours_by_person: String::new(),
        resolved_at: None,
        sides: None,
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
    assert_eq!(change.summary, "Resolved conflict on BL-1 title: kept theirs (the other version)");
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

/// A record whose entity kept `theirs`, as a git merge that took the later
/// edit from the merged branch writes it.
fn kept_theirs(w: &mut W, id: Uuid, field: &str, ours: serde_json::Value, theirs: serde_json::Value) -> Uuid {
    let cid = conflict(w, id, field, ours, theirs);
    let c = w.ws.conflicts.iter_mut().find(|c| c.id == cid).unwrap();
    c.sides = Some(crate::domain::conflict::Sides::new("this branch", "the merged branch (pm)", Take::Theirs));
    cid
}

#[test]
fn keeping_ours_where_the_file_kept_theirs_puts_ours_back() {
    let mut w = W::new();
    let id = w.add("Theirs");
    let c = kept_theirs(&mut w, id, "title", json!("Ours"), json!("Theirs"));
    let change = w.run(Command::ResolveConflict { id: c, take: Take::Ours });
    assert_eq!(change.summary, "Resolved conflict on BL-1 title: kept ours (this branch)");
    assert_eq!(w.item(id).title, "Ours");
    // Keeping the side the file holds changes nothing but the record.
    let id2 = w.add("Kept");
    let c2 = kept_theirs(&mut w, id2, "title", json!("Other"), json!("Kept"));
    let rev = w.item(id2).meta.rev;
    w.run(Command::ResolveConflict { id: c2, take: Take::Theirs });
    assert_eq!((w.item(id2).title.as_str(), w.item(id2).meta.rev), ("Kept", rev));
}

#[test]
fn a_status_or_estimate_pick_is_logged_in_the_running_sprint_like_an_edit() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let id = w.add_points("Story", 3, Some(s));
    w.run(Command::StartSprint { id: s, move_dates: false });
    let st = conflict(&mut w, id, "status", json!("in_progress"), json!("done"));
    let pts = conflict(&mut w, id, "estimate", json!(3), json!(5));
    let events = w.sprint(s).history.len();
    w.run(Command::ResolveConflict { id: pts, take: Take::Theirs });
    w.run(Command::ResolveConflict { id: st, take: Take::Theirs });
    assert_eq!((w.item(id).status, w.item(id).estimate), (Status::Done, Some(5)));
    assert_eq!(w.sprint(s).history.len(), events + 2, "the re-estimate and the completion reach the burndown");
}

#[test]
fn taking_a_delete_unlinks_what_hung_on_it_as_a_delete_does() {
    let mut w = W::new();
    let epic = w.add_with(NewItem { title: "Epic".into(), kind: Some(ItemKind::Epic), ..Default::default() });
    let child = w.add_with(NewItem { title: "Child".into(), parent: Some(epic), ..Default::default() });
    let c = conflict(&mut w, epic, "deleted_at", json!(null), json!("2026-03-01T10:00:00Z"));
    w.run(Command::ResolveConflict { id: c, take: Take::Theirs });
    assert!(!w.item(epic).is_live());
    assert_eq!(w.item(child).parent, None, "no child points at a deleted epic");
}

#[test]
fn picks_that_would_break_a_rule_are_refused_and_change_nothing() {
    let mut w = W::new();
    let (a, b) = (w.add("A"), w.add("B"));
    // A blocks B; taking B blocks A would close a circle.
    w.run(Command::LinkItems { blocker: a, blocked: b, linked: true });
    let c = conflict(&mut w, b, "blocks", json!([]), json!([a.to_string()]));
    let e = w.refuse(Command::ResolveConflict { id: c, take: Take::Theirs });
    let msg = e.to_string();
    assert!(msg.contains("a cycle could never finish"), "{msg}");
    assert!(msg.contains("Keep ours (the session that saved: (none))"), "{msg}");
    assert!(w.item(b).blocks.is_empty());
    assert_eq!(w.ws.open_conflicts().count(), 1, "a refused pick leaves the conflict open");

    // A story is not an epic: nothing may hang under it.
    let d = conflict(&mut w, a, "parent", json!(null), json!(b.to_string()));
    let msg = w.refuse(Command::ResolveConflict { id: d, take: Take::Theirs }).to_string();
    assert!(msg.contains("BL-2 is a story, not an epic"), "{msg}");

    // Two sprints cannot run at once.
    let s1 = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let s2 = w.new_sprint("S2", "2026-03-16", "2026-03-27");
    w.run(Command::StartSprint { id: s1, move_dates: false });
    let cid = Uuid::from_u128(0xabc);
    w.ws.conflicts.push(Conflict {
        id: cid,
        at: w.ctx.now,
        entity: "sprint".into(),
        entity_id: Some(s2),
        label: "S2".into(),
        field: "state".into(),
        base: json!("planned"),
        ours: json!("planned"),
        theirs: json!("active"),
        ours_by: Role::Po,
        ours_by_person: String::new(),
        resolved_at: None,
        sides: None,
        extra: Default::default(),
    });
    let msg = w.refuse(Command::ResolveConflict { id: cid, take: Take::Theirs }).to_string();
    assert!(msg.contains("S1 is still active"), "{msg}");
}
