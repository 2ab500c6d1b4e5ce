//! Planning the next sprint while one runs: carry-over on close, the next
//! sprint's name, the warnings a pull gives, and the questions it raises.

use super::{W, invalid_field};
use crate::domain::command::{CarryOver, Command, ItemPatch, NewSprint};
use crate::domain::item::Status;
use crate::domain::planning::{next_sprint_name, open_sprints, pull_concerns};
use crate::domain::sprint::SprintState;

#[test]
fn closing_carries_unfinished_work_over_to_the_next_planned_sprint_keeping_rank() {
    let mut w = W::new();
    let s24 = w.new_sprint("Sprint 24", "2026-03-02", "2026-03-13");
    let s25 = w.new_sprint("Sprint 25", "2026-03-16", "2026-03-27");
    let [a, b, c] = [("A", 3), ("B", 5), ("C", 2)].map(|(t, p)| w.add_points(t, p, Some(s24)));
    let planned = w.add_points("Planned for 25", 8, Some(s25));
    w.run(Command::StartSprint { id: s24, move_dates: false });
    w.at("2026-03-05T10:00:00Z");
    w.set_status(a, Status::Done);
    let order = w.order();
    let ranks: Vec<String> = [b, c].iter().map(|&i| w.item(i).rank.clone()).collect();

    w.at("2026-03-10T16:00:00Z");
    let change = w.run(Command::CloseSprint {
        id: s24,
        goal_met: Some(false),
        carry_over: CarryOver::Next,
        notes: String::new(),
    });
    assert_eq!(change.summary, "Closed Sprint 24: 3 of 10 points done, 2 items carried over to Sprint 25");
    let r = w.sprint(s24).review.clone().expect("a review");
    assert_eq!((r.completed, r.not_completed), (3, 7));
    assert_eq!(r.carried_over, [b, c]);
    assert_eq!(r.carried_to, Some(s25));
    assert!(r.returned.is_empty());
    assert_eq!(r.closed_at.to_rfc3339(), "2026-03-10T16:00:00+00:00", "the actual close, before the planned end");
    for i in [b, c, planned] {
        assert_eq!(w.item(i).sprint, Some(s25));
    }
    assert_eq!(w.item(a).sprint, Some(s24), "done work stays with its sprint");
    let after: Vec<String> = [b, c].iter().map(|&i| w.item(i).rank.clone()).collect();
    assert_eq!(after, ranks, "carried items keep their rank");
    assert_eq!(w.order(), order);

    // Starting Sprint 25 early commits the carried work with the planned.
    w.at("2026-03-11T08:00:00Z");
    w.run(Command::StartSprint { id: s25, move_dates: false });
    assert_eq!(w.sprint(s25).committed(), 15);
    assert_eq!(w.sprint(s25).started_at.map(|t| t.date_naive().to_string()).as_deref(), Some("2026-03-11"));
    assert_eq!(w.sprint(s25).start.to_string(), "2026-03-16", "the planned start stays");
}

#[test]
fn carrying_over_with_no_planned_sprint_is_refused() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    w.add_points("A", 3, Some(s));
    w.run(Command::StartSprint { id: s, move_dates: false });
    let e = w.refuse(Command::CloseSprint { id: s, goal_met: None, carry_over: CarryOver::Next, notes: String::new() });
    assert_eq!(invalid_field(&e), "carry_over");
    assert_eq!(w.sprint(s).state, SprintState::Active);
}

#[test]
fn a_new_sprint_after_sprint_24_is_sprint_25() {
    let mut w = W::new();
    assert_eq!(next_sprint_name(&w.ws), "Sprint 1");
    w.new_sprint("Sprint 24", "2026-03-02", "2026-03-13");
    let id = w.created(Command::AddSprint(NewSprint::default()));
    assert_eq!(w.sprint(id).name, "Sprint 25");
    assert_eq!(w.sprint(id).start.to_string(), "2026-03-14");
}

#[test]
fn pull_concerns_name_what_is_unusual_and_open_sprints_put_the_active_first() {
    let mut w = W::new();
    w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let s2 = w.new_sprint("S2", "2026-03-16", "2026-03-27");
    w.run(Command::StartSprint { id: s2, move_dates: false });
    let names: Vec<&str> = open_sprints(&w.ws).iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["S2", "S1"]);
    let ready = w.add_points("Ready", 3, None);
    // Past the Definition of Ready (it has no criteria): told, not asked.
    w.ctx.confirmed = true;
    w.set_status(ready, Status::Ready);
    assert!(pull_concerns(&w.ws, w.item(ready)).is_empty());
    let new = w.add("New and unestimated");
    assert_eq!(pull_concerns(&w.ws, w.item(new)), ["it is new (not refined yet)", "it is not estimated"]);
    w.set_status(ready, Status::Dropped);
    assert_eq!(pull_concerns(&w.ws, w.item(ready)), ["it was dropped"]);
    w.set_status(ready, Status::Done);
    assert_eq!(pull_concerns(&w.ws, w.item(ready)), ["it is already done"]);
    // Blocked by open work; no longer once the blocker is done.
    let blocked = w.add_points("Blocked", 3, None);
    w.set_status(blocked, Status::Ready);
    w.run(Command::LinkItems { blocker: new, blocked, linked: true });
    assert_eq!(pull_concerns(&w.ws, w.item(blocked)), ["it is blocked"]);
    w.set_status(new, Status::Done);
    assert!(pull_concerns(&w.ws, w.item(blocked)).is_empty());
}

#[test]
fn the_burndown_runs_from_the_actual_start_to_the_actual_close() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-06");
    w.add_points("A", 5, Some(s));
    // Started a day late, closed a day early.
    w.at("2026-03-03T09:00:00Z");
    w.run(Command::StartSprint { id: s, move_dates: false });
    w.at("2026-03-05T12:00:00Z");
    w.run(Command::CloseSprint { id: s, goal_met: None, carry_over: CarryOver::Backlog, notes: String::new() });
    let days: Vec<String> = w.sprint(s).burndown(super::d("2026-04-01")).iter().map(|p| p.date.to_string()).collect();
    assert_eq!(days, ["2026-03-03", "2026-03-04", "2026-03-05"]);
    // Started on time, closed two days late: the chart goes on to the close.
    let s2 = w.new_sprint("S2", "2026-03-09", "2026-03-13");
    w.at("2026-03-09T09:00:00Z");
    w.run(Command::StartSprint { id: s2, move_dates: false });
    w.at("2026-03-15T12:00:00Z");
    w.run(Command::CloseSprint { id: s2, goal_met: None, carry_over: CarryOver::Backlog, notes: String::new() });
    let series = w.sprint(s2).burndown(super::d("2026-04-01"));
    assert_eq!(series.first().map(|p| p.date.to_string()).as_deref(), Some("2026-03-09"));
    assert_eq!(series.last().map(|p| p.date.to_string()).as_deref(), Some("2026-03-15"));
}

/// The points a sprint holds are kept as items change, not counted on each
/// pull; after every kind of change they are what counting gives.
#[test]
fn the_points_a_sprint_holds_stay_what_counting_gives() {
    use crate::domain::snapshot::Snapshot;
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let other = w.new_sprint("S2", "2026-03-16", "2026-03-27");
    let counted = |w: &W, id| -> u32 {
        w.ws.live_items().filter(|i| i.sprint == Some(id) && i.status != Status::Dropped).map(|i| i.points()).sum()
    };
    let check = |w: &W, step: &str| {
        for id in [s, other] {
            assert_eq!(w.ws.sprint_points(id), counted(w, id), "{step}");
        }
    };
    let [a, b, c] = [("A", 3), ("B", 5), ("C", 8)].map(|(t, p)| w.add_points(t, p, Some(s)));
    check(&w, "added");
    w.edit(a, ItemPatch { estimate: Some(Some(13)), ..Default::default() });
    check(&w, "re-estimated");
    w.set_status(b, Status::Dropped);
    check(&w, "dropped");
    w.set_status(b, Status::Refined);
    check(&w, "picked up again");
    let before = w.ws.get(crate::domain::EntityRef::Item(c));
    w.edit(c, ItemPatch { sprint: Some(Some(other)), estimate: Some(Some(2)), ..Default::default() });
    check(&w, "moved and re-estimated in one edit");
    w.run(Command::Restore(vec![Snapshot { entity: crate::domain::EntityRef::Item(c), value: before }]));
    check(&w, "undone");
    w.run(Command::DeleteItem { id: a });
    check(&w, "deleted");
    w.run(Command::Batch {
        commands: vec![
            Command::EditItem { id: b, patch: Box::new(ItemPatch { estimate: Some(Some(1)), ..Default::default() }) },
            Command::EditItem { id: c, patch: Box::new(ItemPatch { sprint: Some(None), ..Default::default() }) },
            Command::AddItem(Box::new(crate::domain::command::NewItem {
                title: "D".into(),
                estimate: Some(20),
                sprint: Some(s),
                ..Default::default()
            })),
        ],
        summary: None,
    });
    check(&w, "a batch");
    assert_eq!(w.ws.sprint_points(s), 21);
    let refused = Command::Batch {
        commands: vec![
            Command::EditItem { id: b, patch: Box::new(ItemPatch { sprint: Some(Some(other)), ..Default::default() }) },
            Command::EditItem { id: b, patch: Box::new(ItemPatch { estimate: Some(Some(7)), ..Default::default() }) },
        ],
        summary: None,
    };
    w.refuse(refused);
    check(&w, "rolled back");
}
