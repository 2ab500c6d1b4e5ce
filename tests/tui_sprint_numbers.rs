//! The Sprint pane keeps its numbers straight: the gauge counts what the
//! warnings and `sprint show` count (dropped work out); pulling done work
//! or work short of the Definition of Ready asks; starting before the
//! planned start asks whether to move the dates; the close dialog takes
//! review notes, which the review shows. Through `App::on_event`, as in
//! the terminal.

mod tui_common;

use backlog::domain::command::ItemPatch;
use backlog::domain::{Command, Role, Status};
use backlog::tui::state::Modal;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

fn edit(a: &mut backlog::tui::app::App, key: &str, patch: ItemPatch) {
    let id = item(a, key).meta.id;
    a.apply(Command::EditItem { id, patch: Box::new(patch) }, true);
}

/// A dropped item with points in Sprint 24 is listed but counted nowhere:
/// the gauge, the side's total and the start question all say 17 points.
#[test]
fn the_planning_gauge_leaves_dropped_work_out() {
    let mut a = app();
    let s24 = a.ws.sprint_by_name("Sprint 24").unwrap().meta.id;
    edit(&mut a, "TAN-10", ItemPatch { estimate: Some(Some(13)), sprint: Some(Some(s24)), ..Default::default() });
    assert_eq!(item(&a, "TAN-10").status, Status::Dropped);
    typ(&mut a, "4vt");
    let text = render(&mut a, 80, 24);
    assert!(text.contains(" 17/32 pts"), "{text}");
    assert!(text.contains(" In the sprint 5 · 17p "), "{text}");
    assert!(text.contains("TAN-10"), "still listed:\n{text}");
    insta::assert_snapshot!("planning_with_dropped_80x24", text);
}

/// `s` on a done item asks, naming why; `n` leaves it out, `y` pulls it.
/// A story short of the Definition of Ready asks too, naming what it lacks
/// (what the question already said, such as no estimate, once).
#[test]
fn pulling_done_work_or_work_short_of_ready_asks() {
    let mut a = app();
    let s24 = a.ws.sprint_by_name("Sprint 24").unwrap().meta.id;
    typ(&mut a, "4vt3");
    select(&mut a, "TAN-3");
    typ(&mut a, "s");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("pulling done work asks") };
    assert_eq!(c.message, "Pull TAN-3 into Sprint 24? It is already done.");
    typ(&mut a, "n");
    assert_eq!(item(&a, "TAN-3").sprint, None, "left out");
    typ(&mut a, "s");
    typ(&mut a, "y");
    assert_eq!(item(&a, "TAN-3").sprint, Some(s24));

    select(&mut a, "TAN-12");
    typ(&mut a, "s");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("pulling unready work asks") };
    assert_eq!(
        c.message,
        "Pull TAN-12 into Sprint 24? It is new (not refined yet); it is not estimated; it misses the \
         Definition of Ready: no acceptance criterion."
    );
    insta::assert_snapshot!("pull_unready_question_80x24", render(&mut a, 80, 24));
    typ(&mut a, "y");
    let (msg, _) = a.state.message.clone().expect("a message");
    assert!(msg.contains("TAN-12 misses the Definition of Ready: no estimate, no acceptance criterion"), "{msg}");
}

/// Sprint 24 is planned to start after the demo's today: `S` asks whether
/// to keep its dates (Enter, k) or run it from today (m); Esc starts
/// nothing.
#[test]
fn starting_before_the_planned_start_asks_about_the_dates() {
    for (answer, moved) in [("m", true), ("k", false)] {
        let mut a = app();
        typ(&mut a, "4Scyx");
        let s24 = a.ws.sprint_by_name("Sprint 24").unwrap().clone();
        typ(&mut a, "S");
        let Some(Modal::Choose(c)) = &a.state.modal else { panic!("an early start asks") };
        assert!(c.message.contains(&format!("It is planned for {} – {}, starting in", s24.start, s24.end)));
        if moved {
            insta::assert_snapshot!("start_early_question_80x24", render(&mut a, 80, 24));
            insta::assert_snapshot!("start_early_question_120x40", render(&mut a, 120, 40));
            key(&mut a, KeyCode::Esc);
            assert!(a.state.modal.is_none());
            assert_eq!(a.ws.sprint(s24.meta.id).unwrap().state, backlog::domain::sprint::SprintState::Planned);
            typ(&mut a, "S");
        }
        typ(&mut a, answer);
        let s = a.ws.sprint(s24.meta.id).unwrap();
        assert_eq!(s.state, backlog::domain::sprint::SprintState::Active);
        let today = a.state.today;
        if moved {
            assert_eq!((s.start, s.end), (today, today + (s24.end - s24.start)));
        } else {
            assert_eq!((s.start, s.end), (s24.start, s24.end));
        }
        assert_valid(&a.ws);
    }
}

/// The close dialog takes review notes: `r` writes them (every key is
/// text, `?` too, until Enter), `y` closes, and the review shows them.
#[test]
fn the_close_dialog_takes_review_notes_and_the_review_shows_them() {
    let mut a = app();
    let s23 = a.ws.active_sprint().unwrap().meta.id;
    typ(&mut a, "4Sr");
    typ(&mut a, "Swaps live? Yes, at two venues");
    insta::assert_snapshot!("close_sprint_writing_notes_80x24", render(&mut a, 80, 24));
    key(&mut a, KeyCode::Esc);
    assert!(matches!(a.state.modal, Some(Modal::CloseSprint { writing: false, .. })), "Esc ends the notes only");
    typ(&mut a, "y");
    let review = a.ws.sprint(s23).unwrap().review.clone().expect("closed");
    assert_eq!(review.notes, "Swaps live? Yes, at two venues");
    assert!(matches!(a.state.modal, Some(Modal::Review { .. })));
    insta::assert_snapshot!("review_with_notes_80x24", render(&mut a, 80, 24));
    insta::assert_snapshot!("review_with_notes_160x48", render(&mut a, 160, 48));
}

/// The close dialog starts from the carry-over `sprint close` defaults to:
/// the backlog when nothing is planned.
#[test]
fn the_close_dialog_defaults_to_the_backlog_with_nothing_planned() {
    let mut ws = demo_ws();
    let s24 = ws.sprint_by_name("Sprint 24").unwrap().meta.id;
    let mut ctx = backlog::domain::Ctx::new(now(), Role::Po);
    backlog::domain::apply(&mut ws, Command::DeleteSprint { id: s24 }, &mut ctx).unwrap();
    let mut a = app_on(ws, Role::Po);
    typ(&mut a, "4S");
    assert!(matches!(
        a.state.modal,
        Some(Modal::CloseSprint { carry_over: backlog::domain::command::CarryOver::Backlog, .. })
    ));
}
