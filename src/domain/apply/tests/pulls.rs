//! What a pull into a sprint says, and the one count it says it with: the
//! commitment past capacity or velocity once per command with the final
//! numbers, the Definition of Ready as a warning, dropped work out of every
//! number; and the lifecycle's defaults (carry-over, an early start).

use super::{W, d};
use crate::domain::GuardMode;
use crate::domain::command::{CarryOver, Command, ItemPatch, SprintPatch};
use crate::domain::item::Status;
use crate::domain::planning::{self, holding};
use uuid::Uuid;

fn pull(id: Uuid, to: Uuid) -> Command {
    Command::EditItem { id, patch: Box::new(ItemPatch { sprint: Some(Some(to)), ..Default::default() }) }
}

/// A closed sprint that did 5 points (the velocity), and a planned one of
/// capacity 6.
fn with_history(w: &mut W) -> Uuid {
    let s1 = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let a = w.add_points("A", 5, Some(s1));
    w.run(Command::StartSprint { id: s1, move_dates: false });
    w.set_status(a, Status::Done);
    w.run(Command::CloseSprint { id: s1, goal_met: None, carry_over: CarryOver::Backlog, notes: String::new() });
    let s2 = w.new_sprint("S2", "2026-03-16", "2026-03-27");
    w.run(Command::EditSprint { id: s2, patch: SprintPatch { capacity: Some(Some(6)), ..Default::default() } });
    s2
}

#[test]
fn pulling_past_capacity_or_velocity_warns_once_with_the_final_commitment() {
    let mut w = W::new();
    w.ws.settings.definition_guard = GuardMode::Off;
    let s2 = with_history(&mut w);
    let b = w.add_points("B", 3, None);
    let quiet = w.run(pull(b, s2));
    assert!(quiet.warnings.is_empty(), "{:?}", quiet.warnings);
    // Three items in one command: each pull past the capacity would have
    // warned with the number it reached; the command warns once, with 14.
    let [c, e, f] = [("C", 5), ("E", 3), ("F", 3)].map(|(t, p)| w.add_points(t, p, None));
    let cmds = [c, e, f].map(|id| pull(id, s2)).to_vec();
    let loud = w.run(Command::Batch { commands: cmds, summary: None });
    assert_eq!(
        loud.warnings,
        ["S2 is over capacity: 14 of 6 points", "S2 commits 14 points, above the recent velocity of 5"]
    );
    assert_eq!(planning::committed(&w.ws, s2), 14);
}

#[test]
fn a_pull_that_misses_the_definition_of_ready_warns_once_for_the_command() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let bare = w.add_points("Bare", 3, None);
    let change = w.run(pull(bare, s));
    assert_eq!(
        change.warnings,
        ["BL-1 misses the Definition of Ready: no acceptance criterion, story triple incomplete"]
    );
    // Several at once: one warning naming each, five at most.
    let many: Vec<Uuid> = (0..7).map(|n| w.add(&format!("Item {n}"))).collect();
    let change = w.run(Command::Batch { commands: many.iter().map(|&id| pull(id, s)).collect(), summary: None });
    assert_eq!(change.warnings.len(), 1, "{:?}", change.warnings);
    let said = &change.warnings[0];
    assert!(said.starts_with("7 items pulled miss the Definition of Ready: BL-2 (no estimate, "), "{said}");
    assert!(said.ends_with("; and 2 more"), "{said}");
    // Done work is past readiness (a pull of it is refused or asked about
    // for that), and a guard turned off says nothing.
    let done = w.add_points("Done", 2, None);
    w.ctx.confirmed = true;
    w.set_status(done, Status::Done);
    assert!(w.run(pull(done, s)).warnings.is_empty());
    w.ws.settings.definition_guard = GuardMode::Off;
    let other = w.add("Other");
    assert!(w.run(pull(other, s)).warnings.is_empty());
}

/// The count a pull warns with is the count the sprint is shown with:
/// dropped items are out of it, done ones in it.
#[test]
fn what_a_sprint_holds_leaves_dropped_work_out() {
    let mut w = W::new();
    w.ws.settings.definition_guard = GuardMode::Off;
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let open = w.add_points("Open", 5, Some(s));
    let dropped = w.add_points("Dropped", 13, Some(s));
    w.set_status(dropped, Status::Dropped);
    let done = w.add_points("Done", 3, Some(s));
    w.ctx.confirmed = true;
    w.set_status(done, Status::Done);
    let unestimated = w.add("Unestimated");
    w.run(pull(unestimated, s));
    let h = holding(&w.ws, s);
    assert_eq!((h.items, h.points, h.done_points, h.unestimated), (3, 8, 3, 1));
    assert_eq!(planning::committed(&w.ws, s), h.points);
    let _ = open;
}

#[test]
fn refused_pulls_and_questions_name_done_and_dropped_work() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let item = w.add_points("Ready", 3, None);
    assert_eq!(planning::refused_pull(w.item(item)), None);
    w.ctx.confirmed = true;
    w.set_status(item, Status::Done);
    assert_eq!(planning::refused_pull(w.item(item)), Some("it is already done"));
    w.set_status(item, Status::Dropped);
    assert_eq!(planning::refused_pull(w.item(item)), Some("it was dropped"));
    // The question before a pull names the Definition of Ready's gaps too,
    // each once.
    let new = w.add("New");
    let gaps = planning::ready_gaps_unsaid(&w.ws, w.item(new), false);
    assert_eq!(gaps, ["no acceptance criterion", "story triple incomplete"], "no estimate is said already");
    let _ = s;
}

#[test]
fn closing_carries_over_to_the_next_planned_sprint_unless_there_is_none() {
    let mut w = W::new();
    let s1 = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    assert_eq!(planning::default_carry_over(&w.ws, s1), CarryOver::Backlog);
    w.new_sprint("S2", "2026-03-16", "2026-03-27");
    assert_eq!(planning::default_carry_over(&w.ws, s1), CarryOver::Next);
}

#[test]
fn starting_early_keeps_the_dates_unless_asked_to_move_them() {
    let mut w = W::new();
    w.at("2026-02-25T09:00:00Z");
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let early = planning::early_start(w.sprint(s), d("2026-02-25"));
    assert_eq!(early, Some((d("2026-02-25"), d("2026-03-08"))), "as long as planned, from today");
    assert_eq!(planning::early_start(w.sprint(s), d("2026-03-02")), None, "on the day is not early");
    let c = w.run(Command::StartSprint { id: s, move_dates: false });
    assert_eq!(c.summary, "Started S1 with 0 items, 0 points; its planned dates 2026-03-02 – 2026-03-13 stay");
    assert_eq!((w.sprint(s).start, w.sprint(s).end), (d("2026-03-02"), d("2026-03-13")));

    let s2 = w.new_sprint("S2", "2026-03-16", "2026-03-27");
    w.run(Command::CloseSprint { id: s, goal_met: None, carry_over: CarryOver::Backlog, notes: String::new() });
    let c = w.run(Command::StartSprint { id: s2, move_dates: true });
    assert_eq!(c.summary, "Started S2 with 0 items, 0 points; it now runs 2026-02-25 – 2026-03-08");
    let sprint = w.sprint(s2);
    assert_eq!((sprint.start, sprint.end), (d("2026-02-25"), d("2026-03-08")));
    assert_eq!(sprint.started_at.map(|t| t.date_naive()), Some(d("2026-02-25")));
}

/// Blockers are judged when the command is done: an item pulled with its
/// blocker in one batch is not ahead of it; pulled alone, it is.
#[test]
fn a_pull_with_its_blocker_in_the_same_command_does_not_warn() {
    let mut w = W::new();
    w.ws.settings.definition_guard = GuardMode::Off;
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let [a, b] = ["A", "B"].map(|t| w.add_points(t, 1, None));
    w.run(Command::LinkItems { blocker: a, blocked: b, linked: true });
    let both = w.run(Command::Batch { commands: vec![pull(b, s), pull(a, s)], summary: None });
    assert!(both.warnings.is_empty(), "{:?}", both.warnings);
    w.run(Command::EditItem { id: a, patch: Box::new(ItemPatch { sprint: Some(None), ..Default::default() }) });
    w.run(Command::EditItem { id: b, patch: Box::new(ItemPatch { sprint: Some(None), ..Default::default() }) });
    assert_eq!(w.run(pull(b, s)).warnings, ["BL-2 is blocked by BL-1 (open, not in this sprint)"]);
}
