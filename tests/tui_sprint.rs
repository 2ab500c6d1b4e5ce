//! The Sprint pane: moving cards across the board and within a column (the
//! selection goes with the card), the question before Done with unmet
//! criteria, the role guard's refusal, and starting and closing a sprint.
//! Everything goes through `App::on_event`, as in the terminal.

mod tui_common;

use backlog::domain::{GuardMode, Role};
use backlog::tui::app::App;
use backlog::tui::state::{Level, Modal};
use backlog::tui::update;
use tui_common::*;

/// On the Sprint board `<`/`>` move a card to the previous/next column
/// (J/K reorder it within its column); the selection goes with the card,
/// whatever its rank among the cards there.
#[test]
fn on_the_board_the_selection_follows_a_moved_card() {
    let mut a = app();
    typ(&mut a, "4");
    let selected = |a: &App| {
        let cols =
            update::board_columns(&a.state, &a.ws, a.ws.target_sprint(), &backlog::tui::state::Narrow::everything());
        let c = a.state.sprint.column;
        cols[c].get(a.state.sprint.row[c]).map(|&p| a.ws.items[p].key.clone())
    };
    // Review holds TAN-38, ranked after both cards in progress.
    typ(&mut a, "ll");
    assert_eq!(selected(&a).as_deref(), Some("TAN-38"));
    typ(&mut a, "<");
    assert_eq!(item(&a, "TAN-38").status, backlog::domain::Status::InProgress);
    assert_eq!(a.state.sprint.column, 1);
    assert_eq!(selected(&a).as_deref(), Some("TAN-38"), "the moved card stays selected");
    // Within the column K moves it up, past TAN-17, and the selection too.
    typ(&mut a, "K");
    assert_eq!(a.state.sprint.row[1], 1);
    assert_eq!(selected(&a).as_deref(), Some("TAN-38"));
    typ(&mut a, ">");
    assert_eq!(item(&a, "TAN-38").status, backlog::domain::Status::Review);
    assert_eq!(selected(&a).as_deref(), Some("TAN-38"));
    // Done holds five cards; TAN-38 lands among them by rank (after the
    // question about its unmet criteria).
    typ(&mut a, ">y");
    assert_eq!(a.state.sprint.column, 3);
    assert_eq!(selected(&a).as_deref(), Some("TAN-38"));
}

/// The key of the card selected on the Sprint board.
fn selected_card_key(app: &App) -> Option<String> {
    update::selected_card(&app.state, &app.ws).and_then(|id| app.ws.item(id)).map(|i| i.key.clone())
}

/// Moving a card into Done with unmet criteria asks first; "n" leaves the
/// card, and the selection, where they were; "y" moves both.
#[test]
fn a_card_with_unmet_criteria_asks_before_done() {
    use backlog::domain::Status;
    let mut a = app();
    typ(&mut a, "4ll");
    assert_eq!(selected_card_key(&a).as_deref(), Some("TAN-38"));
    assert!(item(&a, "TAN-38").acceptance_criteria.iter().any(|c| !c.met));

    typ(&mut a, ">");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("moving into Done asks first") };
    assert!(
        c.message.contains("does not meet the Definition of Done:\n  · acceptance criteria not all met"),
        "{}",
        c.message
    );
    typ(&mut a, "n");
    assert_eq!(item(&a, "TAN-38").status, Status::Review);
    assert_eq!(a.state.sprint.column, 2, "the selection stays in Review");
    assert_eq!(selected_card_key(&a).as_deref(), Some("TAN-38"));

    typ(&mut a, ">y");
    assert_eq!(item(&a, "TAN-38").status, Status::Done);
    assert_eq!(a.state.sprint.column, 3);
    assert_eq!(selected_card_key(&a).as_deref(), Some("TAN-38"), "the selection goes with the card");
}

/// A move the role guard refuses (strict) leaves the card and the
/// selection where they were.
#[test]
fn a_refused_board_move_keeps_the_selection() {
    let mut ws = demo_ws();
    ws.settings.role_guard = GuardMode::Strict;
    let mut a = app_on(ws, Role::Pm);
    typ(&mut a, "4l");
    assert_eq!(selected_card_key(&a).as_deref(), Some("TAN-7"));
    let before = serde_json::to_value(&a.ws).unwrap();
    typ(&mut a, ">");
    assert_eq!(a.state.message.as_ref().map(|m| m.1), Some(Level::Error), "{:?}", a.state.message);
    assert_eq!(serde_json::to_value(&a.ws).unwrap(), before);
    assert_eq!(a.state.sprint.column, 1, "still on In progress");
    assert_eq!(selected_card_key(&a).as_deref(), Some("TAN-7"));
    // Reordering within the column: the same.
    typ(&mut a, "J");
    assert_eq!(a.state.sprint.row[1], 0);
    assert_eq!(selected_card_key(&a).as_deref(), Some("TAN-7"));
}

/// Closing the active sprint asks whether its goal was met, then shows the
/// sprint's review.
#[test]
fn closing_the_sprint_shows_the_review() {
    use backlog::domain::sprint::SprintState;
    let mut a = app();
    let s23 = a.ws.active_sprint().unwrap().meta.id;
    typ(&mut a, "4S");
    assert!(matches!(a.state.modal, Some(Modal::CloseSprint { sprint, .. }) if sprint == s23));
    assert_eq!(a.ws.sprint(s23).unwrap().state, SprintState::Active, "nothing changes before the answer");
    typ(&mut a, "y");
    assert!(matches!(a.state.modal, Some(Modal::Review { sprint, .. }) if sprint == s23), "the review follows");
    let s = a.ws.sprint(s23).unwrap();
    assert_eq!(s.state, SprintState::Closed);
    assert_eq!(s.review.as_ref().and_then(|r| r.goal_met), Some(true));
    typ(&mut a, "x");
    assert!(a.state.modal.is_none(), "any key closes the review");
    assert_valid(&a.ws);
}

/// Starting a sprint committed past its capacity says by how much.
#[test]
fn starting_a_sprint_over_capacity_says_by_how_much() {
    let mut a = app();
    // Closed with its unfinished work back to the backlog (c).
    typ(&mut a, "4Scy");
    typ(&mut a, "x");
    // Sprint 24 is next: 17 of 32 points. Pull in 16 more (nothing blocked,
    // so nothing asks).
    typ(&mut a, "3");
    for k in ["TAN-11", "TAN-23", "TAN-29"] {
        select(&mut a, k);
        typ(&mut a, "s");
    }
    typ(&mut a, "4S");
    // Sprint 24 is planned to start after today: the question has the dates.
    let Some(Modal::Choose(c)) = &a.state.modal else { panic!("S asks before starting") };
    assert!(c.message.contains("Sprint 24"), "{}", c.message);
    assert!(c.message.contains("33 points against a capacity of 32 (over by 1)"), "{}", c.message);
}

/// The item selected on the backlog side of the planning view.
fn planning_selected(a: &App) -> Option<String> {
    let sprint = update::shown_sprint(&a.state, &a.ws);
    let sides = update::planning_sides(&a.state.sprint.plan, &a.ws, sprint, &backlog::tui::state::Narrow::everything());
    let side = a.state.sprint.column.min(1);
    sides[side].get(a.state.sprint.row[side]).map(|p| a.ws.items[p].key.clone())
}

/// While Sprint 23 runs, `t` makes the planning view plan Sprint 24: `s`
/// pulls into it (not into the running sprint), and a pull past its
/// capacity says so in the status line.
#[test]
fn planning_targets_the_planned_sprint_while_another_runs() {
    let mut a = app();
    typ(&mut a, "4v");
    assert_eq!(update::shown_sprint(&a.state, &a.ws).map(|s| s.name.as_str()), Some("Sprint 23"));
    typ(&mut a, "t");
    assert_eq!(update::shown_sprint(&a.state, &a.ws).map(|s| s.name.as_str()), Some("Sprint 24"));
    let s24 = a.ws.sprint_by_name("Sprint 24").unwrap().meta.id;
    let key = planning_selected(&a).expect("a candidate is selected");
    let candidate = item(&a, &key).clone();
    assert!(candidate.sprint.is_none());
    typ(&mut a, "s");
    if matches!(a.state.modal, Some(Modal::Confirm(_))) {
        typ(&mut a, "y");
    }
    assert_eq!(item(&a, &key).sprint, Some(s24), "{key} went into Sprint 24, not the running sprint");
    // Sprint 24 holds 17 of 32 points: pulling the rest of the ready
    // candidates crosses the capacity, and the status line says it.
    let mut warned = false;
    for _ in 0..12 {
        typ(&mut a, "s");
        if matches!(a.state.modal, Some(Modal::Confirm(_))) {
            typ(&mut a, "y");
        }
        if a.state.message.as_ref().is_some_and(|(m, l)| m.contains("Sprint 24 is over capacity") && *l == Level::Warn)
        {
            warned = true;
            break;
        }
    }
    assert!(warned, "a pull past the capacity warns: {:?}", a.state.message);
    // t again goes round to the active sprint.
    typ(&mut a, "t");
    assert_eq!(update::shown_sprint(&a.state, &a.ws).map(|s| s.name.as_str()), Some("Sprint 23"));
}

/// Pulling a new or unestimated item asks first; `n` leaves it out.
#[test]
fn pulling_an_unestimated_new_item_asks_first() {
    let mut a = app();
    let new = a.ws.live_items().find(|i| i.status == backlog::domain::Status::New && i.sprint.is_none()).unwrap();
    let key = new.key.clone();
    select(&mut a, &key);
    typ(&mut a, "s");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("a question: {:?}", a.state.message) };
    assert!(c.message.contains("It is new"), "{}", c.message);
    typ(&mut a, "n");
    assert_eq!(item(&a, &key).sprint, None);
    typ(&mut a, "s");
    typ(&mut a, "y");
    assert!(item(&a, &key).sprint.is_some());
}

/// The close dialog carries unfinished work over to the next planned
/// sprint by default; `c` switches to the backlog and back.
#[test]
fn closing_carries_over_to_the_next_sprint_or_the_backlog() {
    use backlog::domain::command::CarryOver;
    let mut a = app();
    let s23 = a.ws.sprint_by_name("Sprint 23").unwrap().meta.id;
    let s24 = a.ws.sprint_by_name("Sprint 24").unwrap().meta.id;
    let open: Vec<String> =
        a.ws.live_items().filter(|i| i.sprint == Some(s23) && !i.status.is_closed()).map(|i| i.key.clone()).collect();
    assert!(!open.is_empty());
    typ(&mut a, "4S");
    assert!(matches!(a.state.modal, Some(Modal::CloseSprint { carry_over: CarryOver::Next, .. })));
    typ(&mut a, "c");
    assert!(matches!(a.state.modal, Some(Modal::CloseSprint { carry_over: CarryOver::Backlog, .. })));
    typ(&mut a, "c");
    typ(&mut a, "y");
    for k in &open {
        assert_eq!(item(&a, k).sprint, Some(s24), "{k} carried over");
    }
    let review = a.ws.sprint(s23).unwrap().review.clone().unwrap();
    assert_eq!(review.carried_to, Some(s24));
    assert_eq!(review.carried_over.len(), open.len());
}

/// Re-estimating an item done in a closed sprint asks first; the sprint's
/// review keeps the points it counted, so it still adds up.
#[test]
fn re_estimating_done_work_of_a_closed_sprint_asks_first() {
    use ratatui::crossterm::event::KeyCode;
    let mut a = app();
    let s22 = a.ws.sprint_by_name("Sprint 22").unwrap().meta.id;
    let review = a.ws.sprint(s22).unwrap().review.clone().unwrap();
    assert_eq!(item(&a, "TAN-5").sprint, Some(s22));
    assert_eq!(item(&a, "TAN-5").estimate, Some(5));
    select(&mut a, "TAN-5");
    typ(&mut a, "e");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("the edit form") };
    assert_eq!(f.fields[f.focus].name, "estimate");
    key(&mut a, KeyCode::Backspace);
    typ(&mut a, "8");
    key(&mut a, KeyCode::Enter);
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("a question first: {:?}", a.state.message) };
    assert!(c.message.contains("TAN-5 was done in Sprint 22, which is closed"), "{}", c.message);
    typ(&mut a, "n");
    assert_eq!(item(&a, "TAN-5").estimate, Some(5), "n keeps the estimate");
    typ(&mut a, "e");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Backspace);
    typ(&mut a, "8");
    key(&mut a, KeyCode::Enter);
    typ(&mut a, "y");
    assert_eq!(item(&a, "TAN-5").estimate, Some(8));
    let after = a.ws.sprint(s22).unwrap().review.clone().unwrap();
    assert_eq!(after, review, "the review is unchanged");
    // The review's list of done work still adds up to what it counted.
    let s = a.ws.sprint(s22).unwrap();
    let listed: u32 =
        a.ws.live_items()
            .filter(|i| i.sprint == Some(s22) && i.status == backlog::domain::Status::Done)
            .map(|i| s.points_counted(i.meta.id).unwrap_or(i.points()))
            .sum();
    assert_eq!(listed, after.completed);
    let md = backlog::store::export::sprint_md(&a.ws, s, a.state.today);
    assert!(md.contains("TAN-5 Offer a shift to the team (5 pts)"), "{md}");
}
