//! Blocks links, comments, the assignee and the Definition of Ready/Done
//! gate.

use super::W;
use crate::domain::command::{Command, ItemPatch, NewItem, SettingsPatch};
use crate::domain::entity::Role;
use crate::domain::error::DomainError;
use crate::domain::item::{Criterion, Status, Story};
use crate::domain::ready::{Check, Checklist};
use crate::domain::workspace::GuardMode;

#[test]
fn links_are_a_set_refuse_cycles_and_go_with_a_deleted_item() {
    let mut w = W::new();
    let [a, b, c] = ["A", "B", "C"].map(|t| w.add(t));
    let link = |blocker, blocked| Command::LinkItems { blocker, blocked, linked: true };
    assert_eq!(w.run(link(a, b)).summary, "BL-1 now blocks BL-2");
    assert_eq!(w.run(link(a, b)).summary, "BL-1 already blocks BL-2");
    w.run(link(b, c));
    assert_eq!(w.item(a).blocks, [b]);
    let err = w.refuse(link(c, a));
    assert!(err.to_string().contains("cycle"), "{err}");
    let err = w.refuse(link(a, a));
    assert!(err.to_string().contains("itself"), "{err}");
    // Unlinking, then deleting a blocked item takes the link off its blocker.
    assert_eq!(
        w.run(Command::LinkItems { blocker: b, blocked: c, linked: false }).summary,
        "BL-2 no longer blocks BL-3"
    );
    w.run(Command::DeleteItem { id: b });
    assert!(w.item(a).blocks.is_empty());
}

#[test]
fn comments_append_with_author_role_and_time_and_are_not_guarded() {
    let mut w = W::new();
    w.ws.settings.role_guard = GuardMode::Strict;
    let a = w.add("A");
    w.ctx.user = "anna".into();
    w.run(Command::AddComment { id: a, text: "  First\u{1b}[31m thought  ".into() });
    w.at("2026-03-03T10:00:00Z");
    w.as_pm(|w| {
        w.ctx.user = String::new();
        w.run(Command::AddComment { id: a, text: "From the PM".into() })
    });
    let c = &w.item(a).comments;
    assert_eq!(c.len(), 2);
    assert_eq!((c[0].author.as_str(), c[0].role, c[0].text.as_str()), ("anna", Role::Po, "First[31m thought"));
    assert_eq!((c[1].author.as_str(), c[1].role), ("pm", Role::Pm), "no user name: the role speaks");
    assert!(c[0].at < c[1].at);
    let err = w.refuse(Command::AddComment { id: a, text: " \n ".into() });
    assert!(err.to_string().contains("comment"));
}

#[test]
fn assignee_is_cleaned_and_cleared() {
    let mut w = W::new();
    let a = w.add("A");
    w.edit(a, ItemPatch { assignee: Some(Some(" lena\u{7} ".into())), ..Default::default() });
    assert_eq!(w.item(a).assignee.as_deref(), Some("lena"));
    assert_eq!(w.edit(a, ItemPatch { assignee: Some(None), ..Default::default() }).summary, "Updated BL-1 (assignee)");
    assert_eq!(w.item(a).assignee, None);
}

fn unready(w: &mut W) -> uuid::Uuid {
    w.add_with(NewItem { title: "Bare".into(), ..Default::default() })
}

#[test]
fn moving_to_ready_asks_naming_what_is_missing_and_strict_refuses() {
    let mut w = W::new();
    let a = unready(&mut w);
    let to_ready =
        Command::EditItem { id: a, patch: Box::new(ItemPatch { status: Some(Status::Ready), ..Default::default() }) };
    match w.refuse(to_ready.clone()) {
        DomainError::NeedsReadyConfirmation { key, missing, .. } => {
            assert_eq!(key, "BL-1");
            assert_eq!(missing, ["no estimate", "no acceptance criterion", "story triple incomplete"]);
        }
        e => panic!("{e}"),
    }
    w.ctx.confirmed = true;
    let change = w.run(to_ready.clone());
    assert_eq!(w.item(a).status, Status::Ready);
    assert!(change.warnings[0].contains("misses the Definition of Ready: no estimate"), "{:?}", change.warnings);

    let b = unready(&mut w);
    w.run(Command::EditSettings(Box::new(SettingsPatch {
        definition_guard: Some(GuardMode::Strict),
        ..Default::default()
    })));
    let err = w.refuse(Command::EditItem {
        id: b,
        patch: Box::new(ItemPatch { status: Some(Status::Ready), ..Default::default() }),
    });
    assert!(matches!(err, DomainError::NotReady { .. }), "{err}");
    assert!(err.to_string().contains("strict"));
    // Meeting it in the same edit passes.
    w.edit(
        b,
        ItemPatch {
            estimate: Some(Some(3)),
            story: Some(Some(Story::new("cook", "to see my hours", "I am paid right"))),
            acceptance_criteria: Some(vec![Criterion::new("Hours add up", false)]),
            status: Some(Status::Ready),
            ..Default::default()
        },
    );
    // Done checks its own list: criteria met, and a ticked free-text item.
    w.run(Command::EditSettings(Box::new(SettingsPatch {
        definition_of_done: Some(Checklist {
            checks: vec![Check::CriteriaMet],
            items: vec!["Demoed".into()],
            ..Default::default()
        }),
        ..Default::default()
    })));
    let err = w.refuse(Command::EditItem {
        id: b,
        patch: Box::new(ItemPatch { status: Some(Status::Done), ..Default::default() }),
    });
    assert!(err.to_string().contains("acceptance criteria not all met, not ticked: Demoed"), "{err}");
    w.edit(
        b,
        ItemPatch {
            acceptance_criteria: Some(vec![Criterion::new("Hours add up", true)]),
            checked: Some(vec!["Demoed".into()]),
            status: Some(Status::Done),
            ..Default::default()
        },
    );
    assert_eq!(w.item(b).status, Status::Done);
    // Off: nothing asked.
    let c = unready(&mut w);
    w.run(Command::EditSettings(Box::new(SettingsPatch {
        definition_guard: Some(GuardMode::Off),
        ..Default::default()
    })));
    w.ctx.confirmed = false;
    w.set_status(c, Status::Done);
}

#[test]
fn an_open_blocker_fails_the_unblocked_check_until_it_is_done() {
    let mut w = W::new();
    w.ctx.confirmed = false;
    let a = w.add_with(NewItem {
        title: "A".into(),
        estimate: Some(3),
        story: Some(Story::new("x", "y", "z")),
        acceptance_criteria: vec![Criterion::new("ok", false)],
        ..Default::default()
    });
    let blocker = w.add("Blocker");
    w.run(Command::LinkItems { blocker, blocked: a, linked: true });
    let err = w.refuse(Command::EditItem {
        id: a,
        patch: Box::new(ItemPatch { status: Some(Status::Ready), ..Default::default() }),
    });
    assert!(err.to_string().contains("blocked by open work"), "{err}");
    w.set_status(blocker, Status::Dropped);
    w.set_status(a, Status::Ready);
}

#[test]
fn pulling_an_item_ahead_of_an_open_blocker_warns() {
    let mut w = W::new();
    // The Definition of Ready has its own test; here only the blocker.
    w.ws.settings.definition_guard = crate::domain::GuardMode::Off;
    let sprint = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let [a, b] = ["A", "B"].map(|t| w.add(t));
    w.run(Command::LinkItems { blocker: a, blocked: b, linked: true });
    let pull =
        |id| Command::EditItem { id, patch: Box::new(ItemPatch { sprint: Some(Some(sprint)), ..Default::default() }) };
    let change = w.run(pull(b));
    assert_eq!(change.warnings, ["BL-2 is blocked by BL-1 (open, not in this sprint)"]);
    // With its blocker in the same sprint, nothing to say.
    w.run(Command::EditItem { id: b, patch: Box::new(ItemPatch { sprint: Some(None), ..Default::default() }) });
    w.run(pull(a));
    assert!(w.run(pull(b)).warnings.is_empty());
}

/// A bulk move asks once, naming every item short of the definition (not
/// only the first), and nothing moves until it is confirmed.
#[test]
fn a_batch_asks_once_naming_every_item_short_of_the_definition() {
    let mut w = W::new();
    let [a, b] = [unready(&mut w), unready(&mut w)];
    let to_ready =
        |id| Command::EditItem { id, patch: Box::new(ItemPatch { status: Some(Status::Ready), ..Default::default() }) };
    let batch = Command::Batch { commands: vec![to_ready(a), to_ready(b)], summary: None };
    match w.refuse(batch.clone()) {
        DomainError::NeedsReadyConfirmation { key, missing, items, .. } => {
            assert_eq!((key.as_str(), items), ("BL-1", 2));
            assert_eq!(missing.len(), 2);
            assert!(missing[0].starts_with("BL-1: no estimate"), "{missing:?}");
            assert!(missing[1].starts_with("BL-2: no estimate"), "{missing:?}");
        }
        e => panic!("{e}"),
    }
    assert_eq!((w.item(a).status, w.item(b).status), (Status::New, Status::New), "nothing moved");
    w.ctx.confirmed = true;
    w.run(batch);
    assert_eq!((w.item(a).status, w.item(b).status), (Status::Ready, Status::Ready));
}
