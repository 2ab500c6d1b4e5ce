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
        let cols = update::board_columns(&a.ws, &backlog::tui::state::Narrow::everything());
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
    assert!(matches!(a.state.modal, Some(Modal::CloseSprint { sprint }) if sprint == s23));
    assert_eq!(a.ws.sprint(s23).unwrap().state, SprintState::Active, "nothing changes before the answer");
    typ(&mut a, "y");
    assert!(matches!(a.state.modal, Some(Modal::Review { sprint }) if sprint == s23), "the review follows");
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
    typ(&mut a, "4Sy");
    typ(&mut a, "x");
    // Sprint 24 is next: 17 of 32 points. Pull in 16 more.
    typ(&mut a, "3");
    for k in ["TAN-11", "TAN-25"] {
        select(&mut a, k);
        typ(&mut a, "s");
    }
    typ(&mut a, "4S");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("S asks before starting") };
    assert!(c.message.contains("Sprint 24"), "{}", c.message);
    assert!(c.message.contains("33 points against a capacity of 32 (over by 1)"), "{}", c.message);
}
