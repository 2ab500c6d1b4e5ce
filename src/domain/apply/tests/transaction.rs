//! What `apply` does around every command: the role guard (strict, warn,
//! off), rollback of a command that fails part way, and one revision bump
//! per entity, stamped with who and when.

use super::{W, invalid_field, t};
use crate::domain::command::{Command, ItemPatch, NewGoal, NewItem};
use crate::domain::entity::Role;
use crate::domain::error::DomainError;
use crate::domain::item::Status;
use crate::domain::workspace::GuardMode;

// ---------------------------------------------------------- role guard

#[test]
fn strict_guard_refuses_the_other_roles_entities() {
    let mut w = W::new();
    w.ws.settings.role_guard = GuardMode::Strict;
    let id = w.add("PO story");
    w.ctx.role = Role::Pm;
    let e = w.refuse(Command::EditItem {
        id,
        patch: Box::new(ItemPatch { title: Some("PM was here".into()), ..Default::default() }),
    });
    assert_eq!(e, DomainError::Guard { entity: "BL-1".into(), owner: Role::Po, role: Role::Pm });
    assert!(e.to_string().contains("role guard is strict"), "{e}");
    let e = w.refuse(Command::AddItem(Box::new(NewItem { title: "x".into(), ..Default::default() })));
    assert!(matches!(e, DomainError::Guard { .. }), "{e:?}");
    // Confirming does not get past strict.
    w.ctx.confirmed = true;
    let e = w.refuse(Command::DeleteItem { id });
    assert!(matches!(e, DomainError::Guard { .. }), "{e:?}");
    // The PM's own things are fine.
    w.created(Command::AddGoal(NewGoal { title: "Goal".into(), ..Default::default() }));
}

#[test]
fn warn_guard_asks_for_confirmation_then_warns() {
    let mut w = W::new();
    assert_eq!(w.ws.settings.role_guard, GuardMode::Warn, "warn is the default");
    w.ws.settings.definition_guard = GuardMode::Off;
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let id = w.add("PO story");
    w.ctx.role = Role::Pm;
    let e = w.refuse(Command::EditItem {
        id,
        patch: Box::new(ItemPatch { title: Some("PM was here".into()), ..Default::default() }),
    });
    assert_eq!(e, DomainError::NeedsConfirmation { entity: "BL-1".into(), owner: Role::Po, role: Role::Pm });
    w.ctx.confirmed = true;
    // Touches the item twice (title, then sprint): one warning.
    let c = w.edit(id, ItemPatch { title: Some("PM was here".into()), sprint: Some(Some(s)), ..Default::default() });
    assert_eq!(c.warnings, ["BL-1 is owned by the PO; edited as PM"]);
    assert_eq!(w.item(id).title, "PM was here");
}

#[test]
fn guard_off_is_silent() {
    let mut w = W::new();
    w.ws.settings.role_guard = GuardMode::Off;
    let id = w.add("PO story");
    w.ctx.role = Role::Pm;
    let c = w.edit(id, ItemPatch { title: Some("PM was here".into()), ..Default::default() });
    assert!(c.warnings.is_empty());
    assert_eq!(w.item(id).meta.updated_by, Role::Pm);
}

#[test]
fn the_guard_covers_what_was_asked_not_its_consequences() {
    let mut w = W::new();
    w.ws.settings.role_guard = GuardMode::Strict;
    let r = w.initiative("R", &[]);
    let id = w.add_with(NewItem { title: "Linked".into(), initiative: Some(r), ..Default::default() });
    // Deleting their own initiative unlinks the PO's items, without asking.
    let c = w.as_pm(|w| w.run(Command::DeleteInitiative { id: r }));
    assert!(c.warnings.is_empty());
    assert_eq!(w.item(id).initiative, None);
}

// ----------------------------------------------------------- rollback

#[test]
fn a_failed_command_rolls_back_everything_it_did() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let done =
        w.add_with(NewItem { title: "Done".into(), status: Some(Status::Done), sprint: Some(s), ..Default::default() });
    w.run(Command::StartSprint { id: s, move_dates: false });
    w.run(Command::CloseSprint {
        id: s,
        goal_met: None,
        carry_over: crate::domain::command::CarryOver::Backlog,
        notes: String::new(),
    });
    let id = w.add("Item");

    // The title and labels change before the sprint is found to be closed.
    let e = w.refuse(Command::EditItem {
        id,
        patch: Box::new(ItemPatch {
            title: Some("Changed".into()),
            labels: Some(vec!["x".into()]),
            sprint: Some(Some(s)),
            ..Default::default()
        }),
    });
    assert_eq!(invalid_field(&e), "sprint");

    // A create that fails after the item was inserted and the key spent.
    let e = w.refuse(Command::AddItem(Box::new(NewItem {
        title: "Into a closed sprint".into(),
        sprint: Some(s),
        ..Default::default()
    })));
    assert_eq!(invalid_field(&e), "sprint");
    assert!(w.ws.item_by_key("BL-3").is_none());
    let next = w.add("Next");
    assert_eq!(w.item(next).key, "BL-3");
    assert_eq!(w.ws.item_by_key("BL-3").map(|i| i.meta.id), Some(next));
    assert_eq!(w.item(done).sprint, Some(s));
}

// ------------------------------------------------------- bookkeeping

#[test]
fn each_command_bumps_revisions_once_and_stamps_who_and_when() {
    let mut w = W::new();
    w.ws.settings.role_guard = GuardMode::Off;
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let id = w.add_points("Story", 3, Some(s));
    let other = w.add("Untouched");
    w.run(Command::StartSprint { id: s, move_dates: false });
    let created = w.item(id).meta.clone();
    assert_eq!(created.rev, 1);
    let sprint_rev = w.sprint(s).meta.rev;

    // One command that touches the item three times (fields, estimate,
    // status) and the sprint twice (two history events).
    w.at("2026-03-03T10:00:00Z");
    w.ctx.role = Role::Pm;
    w.edit(
        id,
        ItemPatch {
            title: Some("Story, renamed".into()),
            estimate: Some(Some(5)),
            status: Some(Status::Done),
            ..Default::default()
        },
    );
    let meta = &w.item(id).meta;
    assert_eq!(meta.rev, 2);
    assert_eq!(meta.updated_at, t("2026-03-03T10:00:00Z"));
    assert_eq!(meta.updated_by, Role::Pm);
    assert_eq!(meta.created_at, created.created_at);
    assert_eq!(w.sprint(s).meta.rev, sprint_rev + 1);
    assert_eq!(w.item(other).meta.rev, 1);

    // A command that changes nothing records nothing.
    let c = w.edit(id, ItemPatch { title: Some("Story, renamed".into()), ..Default::default() });
    assert!(c.before.is_empty() && c.after.is_empty());
    assert_eq!(w.item(id).meta.rev, 2);
}
