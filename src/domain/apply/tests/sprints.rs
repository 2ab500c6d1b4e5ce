//! Sprints: the lifecycle (one active at a time, start, close and its
//! review), the history of scope changes, the burndown built from it, and
//! velocity.

use super::{W, d, invalid_field, t};
use crate::domain::command::{Command, ItemPatch, NewItem, NewSprint};
use crate::domain::item::Status;
use crate::domain::sprint::{self, DayPoint, SprintChange, SprintState};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

#[test]
fn only_one_sprint_can_be_active() {
    let mut w = W::new();
    let s1 = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let s2 = w.new_sprint("S2", "2026-03-16", "2026-03-27");
    w.run(Command::StartSprint { id: s1, move_dates: false });
    let e = w.refuse(Command::StartSprint { id: s2, move_dates: false });
    assert!(e.to_string().contains("S1 is still active"), "{e}");
    let e = w.refuse(Command::StartSprint { id: s1, move_dates: false });
    assert_eq!(invalid_field(&e), "sprint");
    w.run(Command::CloseSprint {
        id: s1,
        goal_met: Some(true),
        carry_over: crate::domain::command::CarryOver::Backlog,
        notes: String::new(),
    });
    w.run(Command::StartSprint { id: s2, move_dates: false });
    assert_eq!(w.ws.active_sprint().map(|s| s.meta.id), Some(s2));
    let e = w.refuse(Command::StartSprint { id: s1, move_dates: false });
    assert_eq!(invalid_field(&e), "sprint");
}

#[test]
fn starting_a_sprint_records_its_scope() {
    let mut w = W::new();
    let s =
        w.created(Command::AddSprint(NewSprint { name: Some("S1".into()), capacity: Some(5), ..Default::default() }));
    let a = w.add_points("A", 3, Some(s));
    let b = w.add_with(NewItem {
        title: "B".into(),
        estimate: Some(5),
        status: Some(Status::Done),
        sprint: Some(s),
        ..Default::default()
    });
    let dropped = w.add_with(NewItem {
        title: "Dropped".into(),
        estimate: Some(8),
        status: Some(Status::Dropped),
        sprint: Some(s),
        ..Default::default()
    });
    w.add_points("Elsewhere", 13, None);
    assert!(w.sprint(s).history.is_empty(), "a planned sprint keeps no history");

    w.at("2026-03-02T10:00:00Z");
    let c = w.run(Command::StartSprint { id: s, move_dates: false });
    let sprint = w.sprint(s);
    assert_eq!(sprint.state, SprintState::Active);
    assert_eq!(sprint.started_at, Some(t("2026-03-02T10:00:00Z")));
    let events: Vec<(Uuid, SprintChange)> = sprint.history.iter().map(|e| (e.item, e.change.clone())).collect();
    assert_eq!(
        events,
        [
            (a, SprintChange::Added { points: 3 }),
            (b, SprintChange::Added { points: 5 }),
            (b, SprintChange::Done { points: 5 }),
        ]
    );
    assert!(!events.iter().any(|(id, _)| *id == dropped));
    assert_eq!(sprint.committed(), 8);
    assert_eq!(c.warnings, ["S1 starts over capacity: 8 points committed, capacity 5"]);
}

#[test]
fn changes_during_a_sprint_are_recorded() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let a = w.add_points("A", 3, Some(s));
    let b = w.add_points("B", 5, Some(s));
    w.run(Command::StartSprint { id: s, move_dates: false });

    w.at("2026-03-03T10:00:00Z");
    let c = w.add_points("Scope creep", 2, None);
    w.edit(c, ItemPatch { sprint: Some(Some(s)), ..Default::default() });
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.added, p.removed), (10, 2, 0));

    w.at("2026-03-04T10:00:00Z");
    w.edit(a, ItemPatch { estimate: Some(Some(5)), ..Default::default() });
    w.set_status(a, Status::Done);
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.done), (12, 5));

    w.at("2026-03-05T10:00:00Z");
    w.set_status(a, Status::InProgress);
    w.edit(b, ItemPatch { sprint: Some(None), ..Default::default() });
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.done, p.added, p.removed), (7, 0, 2, 5));

    let tail: Vec<(DateTime<Utc>, Uuid, SprintChange)> =
        w.sprint(s).history[2..].iter().map(|e| (e.at, e.item, e.change.clone())).collect();
    assert_eq!(
        tail,
        [
            (t("2026-03-03T10:00:00Z"), c, SprintChange::Added { points: 2 }),
            (t("2026-03-04T10:00:00Z"), a, SprintChange::Estimated { from: 3, to: 5 }),
            (t("2026-03-04T10:00:00Z"), a, SprintChange::Done { points: 5 }),
            (t("2026-03-05T10:00:00Z"), a, SprintChange::Reopened { points: 5 }),
            (t("2026-03-05T10:00:00Z"), b, SprintChange::Removed { points: 5 }),
        ]
    );
    // Progress as of an earlier moment replays only what had happened.
    let p = w.sprint(s).progress_at(t("2026-03-04T12:00:00Z"));
    assert_eq!((p.scope, p.done, p.added, p.removed), (12, 5, 2, 0));
}

/// An item that left the sprint done, was reopened outside it and pulled
/// back in is not done.
#[test]
fn an_item_reopened_outside_the_sprint_and_pulled_back_is_not_done() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let a = w.add_points("A", 3, Some(s));
    w.run(Command::StartSprint { id: s, move_dates: false });
    w.at("2026-03-03T10:00:00Z");
    w.set_status(a, Status::Done);
    w.edit(a, ItemPatch { sprint: Some(None), ..Default::default() });
    w.set_status(a, Status::InProgress);
    w.edit(a, ItemPatch { sprint: Some(Some(s)), ..Default::default() });
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.done), (3, 0));
}

/// Dropped work is not sprint scope: `StartSprint` leaves dropped items out,
/// so dropping an item mid-sprint takes its points out too (and un-dropping
/// puts them back), instead of leaving them as work that never burns down.
#[test]
fn dropping_an_item_mid_sprint_takes_it_out_of_scope() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let a = w.add_points("A", 3, Some(s));
    let b = w.add_points("B", 5, Some(s));
    w.run(Command::StartSprint { id: s, move_dates: false });
    w.at("2026-03-03T10:00:00Z");
    w.set_status(b, Status::Dropped);
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.removed), (3, 5));
    // Moving a dropped item around does not touch the scope.
    w.edit(b, ItemPatch { sprint: Some(None), ..Default::default() });
    w.edit(b, ItemPatch { sprint: Some(Some(s)), ..Default::default() });
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.added, p.removed), (3, 0, 5));
    // Picking it up again brings it back, done or not.
    w.at("2026-03-04T10:00:00Z");
    w.set_status(b, Status::Done);
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.done, p.added), (8, 5, 5));

    w.set_status(a, Status::Done);
    w.set_status(a, Status::Dropped);
    w.run(Command::CloseSprint {
        id: s,
        goal_met: None,
        carry_over: crate::domain::command::CarryOver::Backlog,
        notes: String::new(),
    });
    let r = w.sprint(s).review.clone().unwrap();
    assert_eq!((r.completed, r.not_completed), (5, 0));
    assert!(r.returned.is_empty());
}

#[test]
fn closing_freezes_the_review_and_returns_unfinished_work() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let [a, b, c, d] = [("A", 3), ("B", 5), ("C", 2), ("D", 8)].map(|(t, p)| w.add_points(t, p, Some(s)));
    let outside = w.add("Outside");
    w.run(Command::StartSprint { id: s, move_dates: false });
    w.at("2026-03-04T10:00:00Z");
    let e = w.add_points("E", 1, Some(s));
    w.edit(d, ItemPatch { sprint: Some(None), ..Default::default() });
    w.set_status(a, Status::Done);
    w.set_status(e, Status::Done);
    w.set_status(b, Status::Review);
    let ranks_before: Vec<String> = [b, c].iter().map(|&id| w.item(id).rank.clone()).collect();
    let order_before = w.order();

    w.at("2026-03-13T16:00:00Z");
    let change = w.run(Command::CloseSprint {
        id: s,
        goal_met: Some(false),
        carry_over: crate::domain::command::CarryOver::Backlog,
        notes: " Too much unplanned work\u{1b}[31m \n".into(),
    });
    assert_eq!(change.summary, "Closed S1: 4 of 11 points done, 2 items back to the backlog");
    let sprint = w.sprint(s);
    assert_eq!(sprint.state, SprintState::Closed);
    assert_eq!(
        sprint.review,
        Some(sprint::SprintReview {
            closed_at: t("2026-03-13T16:00:00Z"),
            committed: 18,
            completed: 4,
            not_completed: 7,
            scope_added: 1,
            scope_removed: 8,
            goal_met: Some(false),
            returned: vec![b, c],
            carried_over: Vec::new(),
            carried_to: None,
            notes: "Too much unplanned work[31m".into(),
            extra: Default::default(),
        })
    );
    assert_eq!(w.item(b).sprint, None);
    assert_eq!(w.item(c).sprint, None);
    assert_eq!(w.item(b).status, Status::Review, "status is left alone");
    let ranks_after: Vec<String> = [b, c].iter().map(|&id| w.item(id).rank.clone()).collect();
    assert_eq!(ranks_after, ranks_before);
    assert_eq!(w.order(), order_before);
    assert_eq!(w.item(a).sprint, Some(s), "done work stays with the sprint");
    assert_eq!(w.item(outside).sprint, None);

    // The review is history: later edits do not change it.
    w.at("2026-03-16T09:00:00Z");
    w.set_status(a, Status::InProgress);
    assert_eq!(w.sprint(s).review.as_ref().map(|r| r.completed), Some(4));
    assert_eq!(w.sprint(s).committed(), 18);
    let err = w.refuse(Command::CloseSprint {
        id: s,
        goal_met: None,
        carry_over: crate::domain::command::CarryOver::Backlog,
        notes: String::new(),
    });
    assert_eq!(invalid_field(&err), "sprint");
    let err = w.refuse(Command::EditItem {
        id: b,
        patch: Box::new(ItemPatch { sprint: Some(Some(s)), ..Default::default() }),
    });
    assert_eq!(invalid_field(&err), "sprint");
}

fn day(date: &str, scope: u32, done: u32, ideal: f64) -> DayPoint {
    DayPoint { date: d(date), scope, done, remaining: scope - done, ideal }
}

/// A five-day sprint (span of four days from start to end date), with the
/// expected series worked out by hand:
///
/// | day | event                          | scope | done | ideal |
/// | --- | ------------------------------ | ----- | ---- | ----- |
/// | Mon | start A5 B3 C2; A done         | 10    | 5    | 10    |
/// | Tue | D3 pulled in                   | 13    | 5    | 7.5   |
/// | Wed | B re-estimated 3 -> 5          | 15    | 5    | 5     |
/// | Thu | B done; C taken out            | 13    | 10   | 2.5   |
/// | Fri | closed                         | 13    | 10   | 0     |
#[test]
fn burndown_follows_scope_changes_and_re_estimates_day_by_day() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-06");
    let a = w.add_points("A", 5, Some(s));
    let b = w.add_points("B", 3, Some(s));
    let c = w.add_points("C", 2, Some(s));
    assert!(w.sprint(s).burndown(d("2026-03-04")).is_empty(), "not started");
    w.run(Command::StartSprint { id: s, move_dates: false });
    w.at("2026-03-02T15:00:00Z");
    w.set_status(a, Status::Done);
    w.at("2026-03-03T10:00:00Z");
    w.add_points("D", 3, Some(s));
    w.at("2026-03-04T11:00:00Z");
    w.edit(b, ItemPatch { estimate: Some(Some(5)), ..Default::default() });
    w.at("2026-03-05T16:00:00Z");
    w.set_status(b, Status::Done);
    w.at("2026-03-05T17:00:00Z");
    w.edit(c, ItemPatch { sprint: Some(None), ..Default::default() });

    let so_far = [
        day("2026-03-02", 10, 5, 10.0),
        day("2026-03-03", 13, 5, 7.5),
        day("2026-03-04", 15, 5, 5.0),
        day("2026-03-05", 13, 10, 2.5),
    ];
    assert_eq!(w.sprint(s).burndown(d("2026-03-05")), so_far);
    assert_eq!(w.sprint(s).burndown(d("2026-03-03")), so_far[..2]);
    let mut whole = so_far.to_vec();
    whole.push(day("2026-03-06", 13, 10, 0.0));
    assert_eq!(w.sprint(s).burndown(d("2026-04-01")), whole, "stops at the end date");

    w.at("2026-03-06T17:00:00Z");
    w.run(Command::CloseSprint {
        id: s,
        goal_met: None,
        carry_over: crate::domain::command::CarryOver::Backlog,
        notes: String::new(),
    });
    assert_eq!(w.sprint(s).burndown(d("2026-04-01")), whole);
    let r = w.sprint(s).review.clone().unwrap();
    assert_eq!((r.committed, r.completed, r.not_completed, r.scope_added, r.scope_removed), (10, 10, 3, 3, 2));
}

/// Timestamps carry fractions of a second: something done in the last
/// second of a day belongs to that day.
#[test]
fn burndown_counts_the_last_second_of_a_day_on_that_day() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-06");
    let a = w.add_points("A", 5, Some(s));
    w.add_points("B", 3, Some(s));
    w.run(Command::StartSprint { id: s, move_dates: false });
    w.at("2026-03-03T23:59:59.500Z");
    w.set_status(a, Status::Done);
    let series = w.sprint(s).burndown(d("2026-03-04"));
    assert_eq!(series.iter().map(|p| p.done).collect::<Vec<_>>(), [0, 5, 5]);
}

#[test]
fn velocity_averages_the_last_closed_sprints() {
    let mut w = W::new();
    assert_eq!(sprint::velocity(&w.ws.sprints, 3), None);
    let mut start = d("2026-01-05");
    for (n, points) in [3u32, 5, 8, 13].into_iter().enumerate() {
        let end = start + Duration::days(11);
        let s = w.new_sprint(&format!("S{n}"), &start.to_string(), &end.to_string());
        let done = w.add_with(NewItem {
            title: format!("Done in S{n}"),
            estimate: Some(points),
            sprint: Some(s),
            ..Default::default()
        });
        w.add_points("Not finished", 20, Some(s));
        w.run(Command::StartSprint { id: s, move_dates: false });
        w.set_status(done, Status::Done);
        w.run(Command::CloseSprint {
            id: s,
            goal_met: None,
            carry_over: crate::domain::command::CarryOver::Backlog,
            notes: String::new(),
        });
        start += Duration::days(14);
    }
    // An active sprint and a planned one do not count.
    let open = w.new_sprint("Open", "2026-03-02", "2026-03-13");
    w.add_points("In flight", 40, Some(open));
    w.run(Command::StartSprint { id: open, move_dates: false });
    w.new_sprint("Later", "2026-03-16", "2026-03-27");

    assert_eq!(sprint::velocity(&w.ws.sprints, 3), Some(26.0 / 3.0));
    assert_eq!(sprint::velocity(&w.ws.sprints, 1), Some(13.0));
    assert_eq!(sprint::velocity(&w.ws.sprints, 10), Some(29.0 / 4.0));
    // Memory order does not matter: the last ones are the latest by date.
    w.ws.sprints.reverse();
    assert_eq!(sprint::velocity(&w.ws.sprints, 2), Some(21.0 / 2.0));
}

// ------------------------------------------------------- a past from elsewhere

fn review(closed_at: &str, committed: u32, completed: u32, returned: Vec<Uuid>) -> sprint::SprintReview {
    sprint::SprintReview {
        closed_at: t(closed_at),
        committed,
        completed,
        not_completed: committed - completed,
        scope_added: 0,
        scope_removed: 0,
        goal_met: None,
        returned,
        carried_over: Vec::new(),
        carried_to: None,
        notes: String::new(),
        extra: Default::default(),
    }
}

/// An import gives a sprint the past it had elsewhere: its charts and
/// review then say what they said there, and velocity counts it.
#[test]
fn a_sprint_takes_the_past_it_had_elsewhere() {
    use crate::domain::command::SprintPast;
    use sprint::SprintEvent;
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-02-02", "2026-02-13");
    let (a, b) = (w.add_points("A", 3, Some(s)), w.add_points("B", 5, Some(s)));
    w.set_status(a, Status::Done);
    let gone = Uuid::from_u128(42);
    let history = vec![
        SprintEvent::new(t("2026-02-02T09:00:00Z"), a, SprintChange::Added { points: 3 }),
        SprintEvent::new(t("2026-02-02T09:00:00Z"), b, SprintChange::Added { points: 5 }),
        SprintEvent::new(t("2026-02-02T09:00:00Z"), gone, SprintChange::Added { points: 2 }),
        SprintEvent::new(t("2026-02-05T12:00:00Z"), a, SprintChange::Done { points: 3 }),
        SprintEvent::new(t("2026-02-06T12:00:00Z"), gone, SprintChange::Done { points: 2 }),
    ];
    let past = SprintPast {
        state: SprintState::Closed,
        started_at: Some(t("2026-02-02T09:00:00Z")),
        history: history.clone(),
        review: Some(review("2026-02-13T17:00:00Z", 10, 5, vec![b])),
    };
    let c = w.run(Command::RecordSprintPast { id: s, past: Box::new(past.clone()) });
    assert_eq!(c.summary, "Recorded the past of S1 closed: 5 of 10 points done");
    let sp = w.sprint(s);
    assert_eq!((sp.state, sp.history.clone(), sp.committed()), (SprintState::Closed, history, 10));
    let days = sp.burndown(d("2026-03-01"));
    assert_eq!(days.len(), 12, "from the start to the close");
    assert_eq!((days[3].done, days[4].done, days[11].remaining), (3, 5, 5), "an item not here still counts");
    assert_eq!(w.item(b).sprint, None, "unfinished work went back to the backlog");
    assert_eq!(w.item(a).sprint, Some(s));
    assert_eq!(sprint::velocity(w.ws.live_sprints(), 3), Some(5.0));
    assert_eq!(sp.dates(), "2026-02-02 – 2026-02-13");
    // Once is all: it has run now.
    let e = w.refuse(Command::RecordSprintPast { id: s, past: Box::new(past) });
    assert!(e.to_string().contains("has run here already"), "{e}");

    // Closed with no record of when: out of velocity and charts.
    let s2 = w.new_sprint("S2", "2026-03-02", "2026-03-02");
    let none = SprintPast { state: SprintState::Closed, started_at: None, history: Vec::new(), review: None };
    let c = w.run(Command::RecordSprintPast { id: s2, past: Box::new(none) });
    assert_eq!(c.summary, "Recorded the past of S2 closed, dates unknown");
    assert_eq!((w.sprint(s2).dates(), w.sprint(s2).burndown(d("2026-04-01"))), ("dates unknown".to_owned(), vec![]));
    assert_eq!(sprint::velocity(w.ws.live_sprints(), 3), Some(5.0), "S2 is not in velocity");
    // Only its end known: in velocity by its end, no chart.
    let s3 = w.new_sprint("S3", "2026-03-20", "2026-03-20");
    let ended = SprintPast {
        state: SprintState::Closed,
        started_at: None,
        history: Vec::new(),
        review: Some(review("2026-03-20T23:59:59Z", 3, 3, vec![])),
    };
    w.run(Command::RecordSprintPast { id: s3, past: Box::new(ended) });
    assert_eq!(w.sprint(s3).dates(), "? – 2026-03-20");
    assert_eq!(sprint::velocity(w.ws.live_sprints(), 3), Some(4.0));
}

#[test]
fn a_past_that_cannot_be_is_refused() {
    use crate::domain::command::SprintPast;
    let mut w = W::new();
    let s1 = w.new_sprint("S1", "2026-02-02", "2026-02-13");
    let s2 = w.new_sprint("S2", "2026-02-16", "2026-02-27");
    let start = Some(t("2026-02-02T09:00:00Z"));
    let past = |state, started_at, review| SprintPast { state, started_at, history: Vec::new(), review };
    for (p, why) in [
        (past(SprintState::Planned, None, None), "active or closed"),
        (past(SprintState::Active, None, None), "has a start and no review"),
        (past(SprintState::Active, start, Some(review("2026-02-13T17:00:00Z", 1, 1, vec![]))), "no review"),
        (past(SprintState::Closed, start, None), "has a review"),
        (past(SprintState::Closed, start, Some(review("2026-02-01T17:00:00Z", 1, 1, vec![]))), "before it started"),
    ] {
        let e = w.refuse(Command::RecordSprintPast { id: s1, past: Box::new(p) });
        assert!(e.to_string().contains(why), "{why}: {e}");
    }
    w.run(Command::RecordSprintPast { id: s1, past: Box::new(past(SprintState::Active, start, None)) });
    assert_eq!(w.ws.active_sprint().map(|s| s.meta.id), Some(s1));
    let e = w.refuse(Command::RecordSprintPast { id: s2, past: Box::new(past(SprintState::Active, start, None)) });
    assert!(e.to_string().contains("S1 is still active"), "{e}");
}
