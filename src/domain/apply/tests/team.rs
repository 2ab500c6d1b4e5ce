//! Releases, the team and WIP limits (schema 6).

use super::*;
use crate::domain::command::{MemberPatch, NewMember, NewRelease, ReleasePatch, SettingsPatch};

fn release(w: &mut W, name: &str) -> Uuid {
    w.created(Command::AddRelease(NewRelease {
        name: name.into(),
        target: Some(d("2026-04-30")),
        ..Default::default()
    }))
}

fn member(w: &mut W, name: &str, capacity: u32) -> Uuid {
    w.created(Command::AddMember(NewMember { name: name.into(), capacity }))
}

#[test]
fn a_release_is_named_once_in_any_case_and_items_point_at_it() {
    let mut w = W::new();
    let r = release(&mut w, "2.0");
    assert_eq!(
        invalid_field(&w.refuse(Command::AddRelease(NewRelease { name: " 2.0 ".into(), ..Default::default() }))),
        "release"
    );
    assert_eq!(invalid_field(&w.refuse(Command::AddRelease(NewRelease::default()))), "release name");
    let a = w.add_with(NewItem { title: "A".into(), release: Some(r), ..Default::default() });
    assert_eq!(w.item(a).release, Some(r));
    // A release that is not there cannot be named.
    let e = w.refuse(Command::EditItem {
        id: a,
        patch: Box::new(ItemPatch { release: Some(Some(Uuid::from_u128(99))), ..Default::default() }),
    });
    assert!(matches!(e, DomainError::NotFound { what: "release", .. }), "{e:?}");
    let c = w.run(Command::EditRelease {
        id: r,
        patch: ReleasePatch { name: Some("2.0.1".into()), target: Some(None), ..Default::default() },
    });
    assert_eq!(c.summary, "Updated release 2.0.1");
    assert_eq!(w.ws.release(r).map(|x| (x.name.as_str(), x.target)), Some(("2.0.1", None)));
}

#[test]
fn deleting_a_release_leaves_its_items_in_none_in_one_undoable_change() {
    let mut w = W::new();
    let r = release(&mut w, "2.0");
    let a = w.add_with(NewItem { title: "A".into(), release: Some(r), ..Default::default() });
    let b = w.add_with(NewItem { title: "B".into(), release: Some(r), ..Default::default() });
    let change = w.run(Command::DeleteRelease { id: r });
    assert_eq!(change.summary, "Deleted release 2.0; its 2 items ship in no release now");
    assert_eq!((w.item(a).release, w.item(b).release), (None, None));
    assert!(w.ws.release(r).is_some_and(|x| !x.is_live()), "kept as a tombstone for merges");
    w.run(Command::Restore(change.before));
    assert!(w.ws.release(r).is_some_and(|x| x.is_live()), "undo brings the release back");
    assert_eq!((w.item(a).release, w.item(b).release), (Some(r), Some(r)), "and its items into it");
}

#[test]
fn a_rename_on_the_team_follows_its_assignees_and_days_off_are_a_set() {
    let mut w = W::new();
    let ana = member(&mut w, "Ana", 10);
    let item = w.add_with(NewItem { title: "A".into(), assignee: Some("ana".into()), ..Default::default() });
    let other = w.add_with(NewItem { title: "B".into(), assignee: Some("Bo".into()), ..Default::default() });
    assert_eq!(invalid_field(&w.refuse(Command::AddMember(NewMember { name: "ANA".into(), capacity: 3 }))), "team");
    w.run(Command::EditMember { id: ana, patch: MemberPatch { name: Some("Ana Lima".into()), ..Default::default() } });
    assert_eq!(w.item(item).assignee.as_deref(), Some("Ana Lima"));
    assert_eq!(w.item(other).assignee.as_deref(), Some("Bo"));
    let days = vec![d("2026-03-05"), d("2026-03-04"), d("2026-03-05")];
    let c = w.run(Command::EditMember { id: ana, patch: MemberPatch { days_off: days, ..Default::default() } });
    assert_eq!(c.summary, "Ana Lima: 3 day(s) off");
    assert_eq!(w.ws.member(ana).unwrap().days_off, [d("2026-03-04"), d("2026-03-05")], "sorted, once each");
    let back = MemberPatch { days_back: vec![d("2026-03-04")], ..Default::default() };
    w.run(Command::EditMember { id: ana, patch: back });
    assert_eq!(w.ws.member(ana).unwrap().days_off, [d("2026-03-05")]);
    w.run(Command::DeleteMember { id: ana });
    assert_eq!(w.ws.live_members().count(), 0);
    assert_eq!(w.item(item).assignee.as_deref(), Some("Ana Lima"), "items keep their assignee");
}

#[test]
fn a_sprint_without_a_capacity_of_its_own_takes_the_teams_shares() {
    let mut w = W::new();
    // Two weeks, ten working days.
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    assert_eq!(w.ws.sprint_capacity(w.sprint(s)), None, "no team, no capacity");
    let ana = member(&mut w, "Ana", 10);
    member(&mut w, "Bo", 6);
    assert_eq!(w.ws.sprint_capacity(w.sprint(s)), Some(16));
    // Three days off of ten: 7 of Ana's 10; a Saturday off costs nothing.
    let off = vec![d("2026-03-03"), d("2026-03-04"), d("2026-03-05"), d("2026-03-07")];
    w.run(Command::EditMember { id: ana, patch: MemberPatch { days_off: off, ..Default::default() } });
    assert_eq!(w.ws.sprint_capacity(w.sprint(s)), Some(13));
    // Set by hand, the sprint's own wins.
    w.run(Command::EditSprint {
        id: s,
        patch: crate::domain::command::SprintPatch { capacity: Some(Some(20)), ..Default::default() },
    });
    assert_eq!(w.ws.sprint_capacity(w.sprint(s)), Some(20));
    // The pull warning counts against it.
    let big = w.add_points("Big", 13, None);
    let c = w.edit(big, ItemPatch { sprint: Some(Some(s)), ..Default::default() });
    assert!(!c.warnings.iter().any(|x| x.contains("capacity")), "{:?}", c.warnings);
    let more = w.add_points("More", 8, None);
    let c = w.edit(more, ItemPatch { sprint: Some(Some(s)), ..Default::default() });
    assert!(c.warnings.iter().any(|x| x.contains("over capacity: 21 of 20")), "{:?}", c.warnings);
}

#[test]
fn a_move_past_a_columns_wip_limit_is_made_and_warned_about() {
    let mut w = W::new();
    let limits = |v: Vec<(&str, Option<u32>)>| {
        Command::EditSettings(Box::new(SettingsPatch {
            wip_limits: Some(v.into_iter().map(|(c, n)| (c.to_owned(), n)).collect()),
            ..Default::default()
        }))
    };
    assert_eq!(invalid_field(&w.refuse(limits(vec![("doing", Some(2))]))), "wip");
    assert_eq!(invalid_field(&w.refuse(limits(vec![("review", Some(0))]))), "wip");
    w.run(limits(vec![("In progress", Some(1))]));
    assert_eq!(w.ws.settings.wip_limits.get("in_progress"), Some(&1), "kept by the column's slug");
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let a = w.add_points("A", 3, Some(s));
    let b = w.add_points("B", 3, Some(s));
    w.run(Command::StartSprint { id: s, move_dates: false });
    assert!(w.set_status(a, Status::InProgress).warnings.is_empty(), "one is within the limit");
    let c = w.set_status(b, Status::InProgress);
    assert_eq!(w.item(b).status, Status::InProgress, "made all the same");
    assert_eq!(
        c.warnings,
        ["In progress now holds 2 items, past its WIP limit of 1: finish one before starting another"]
    );
    // Work under way pulled into the running sprint counts as well.
    let c = w.add_points("C", 2, None);
    w.set_status(c, Status::InProgress);
    let pulled = w.edit(c, ItemPatch { sprint: Some(Some(s)), ..Default::default() });
    assert!(
        pulled.warnings.iter().any(|x| x.starts_with("In progress now holds 3 items, past its WIP limit of 1")),
        "{:?}",
        pulled.warnings
    );
    w.edit(c, ItemPatch { sprint: Some(None), ..Default::default() });
    // Within the column, or out of it, says nothing more.
    assert!(w.set_status(a, Status::Review).warnings.is_empty());
    // Lifted, nothing is counted.
    w.run(limits(vec![("in_progress", None)]));
    assert!(w.ws.settings.wip_limits.is_empty());
    assert!(w.set_status(a, Status::InProgress).warnings.is_empty());
}
