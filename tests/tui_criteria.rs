//! The acceptance-criteria popup (`c`): add, edit, delete, reorder and
//! check off, each one undo step; and no key typed in it reaches the list
//! behind it.

mod tui_common;

use backlog::tui::state::Modal;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

fn criteria(a: &backlog::tui::app::App, key: &str) -> Vec<(String, bool)> {
    item(a, key).acceptance_criteria.iter().map(|c| (c.text.clone(), c.met)).collect()
}

#[test]
fn add_edit_delete_reorder_and_check_off_each_in_one_undo_step() {
    let mut a = app();
    select(&mut a, "TAN-18");
    let start = criteria(&a, "TAN-18");
    assert_eq!(start.len(), 3);
    typ(&mut a, "c");
    // Add after the first criterion.
    typ(&mut a, "aShows the surcharge per shift");
    key(&mut a, KeyCode::Enter);
    let now = criteria(&a, "TAN-18");
    assert_eq!(now.len(), 4);
    assert_eq!(now[1], ("Shows the surcharge per shift".to_owned(), false));
    // Edit it: the text is there to change.
    typ(&mut a, "e");
    key(&mut a, KeyCode::Backspace);
    typ(&mut a, "t and total");
    key(&mut a, KeyCode::Enter);
    assert_eq!(criteria(&a, "TAN-18")[1].0, "Shows the surcharge per shift and total");
    // Move it down, check it off, delete the first.
    typ(&mut a, "J ");
    let now = criteria(&a, "TAN-18");
    assert_eq!(now[2], ("Shows the surcharge per shift and total".to_owned(), true));
    typ(&mut a, "ggkkd");
    let now = criteria(&a, "TAN-18");
    assert_eq!(now.len(), 3);
    assert_eq!(now[0], start[1]);
    assert!(matches!(a.state.modal, Some(Modal::Criteria { .. })), "still open");
    // Five changes, five undo steps, back to the start.
    assert_eq!(a.state.undo.len(), 5);
    typ(&mut a, "uuuuu");
    assert_eq!(criteria(&a, "TAN-18"), start);
    assert_valid(&a.ws);
}

#[test]
fn esc_while_writing_cancels_and_an_empty_line_adds_nothing() {
    let mut a = app();
    select(&mut a, "TAN-18");
    typ(&mut a, "caHalf-written");
    key(&mut a, KeyCode::Esc);
    assert_eq!(criteria(&a, "TAN-18").len(), 3);
    assert!(matches!(a.state.modal, Some(Modal::Criteria { edit: None, .. })), "the popup stays");
    typ(&mut a, "a");
    key(&mut a, KeyCode::Enter);
    assert_eq!(criteria(&a, "TAN-18").len(), 3);
    key(&mut a, KeyCode::Esc);
    assert!(a.state.modal.is_none());
}

#[test]
fn an_item_without_criteria_opens_the_popup_to_add_the_first() {
    let mut a = app();
    let key_ = visible_keys(&a)
        .into_iter()
        .find(|k| item(&a, k).acceptance_criteria.is_empty())
        .expect("an item without criteria");
    select(&mut a, &key_);
    typ(&mut a, "caFirst one");
    key(&mut a, KeyCode::Enter);
    assert_eq!(criteria(&a, &key_), vec![("First one".to_owned(), false)]);
}

/// The report: any key but Space/j/k closed the popup and the next
/// letters ran list commands. Now letters typed in the popup (here: those
/// of "new", "delete", "quit" and sprint commands) do nothing behind it.
#[test]
fn no_key_typed_in_the_popup_reaches_the_list() {
    let mut a = app();
    select(&mut a, "TAN-18");
    let ws_before = serde_json::to_value(&a.ws).expect("json");
    let cursor = a.state.backlog.cursor;
    typ(&mut a, "c");
    for k in ["s", "T", "B", "y", "z", "H", "V", "m", "L", "D", "w", "/", ":", "1", "4", "R", "S", "v", "i"] {
        typ(&mut a, k);
        assert!(matches!(a.state.modal, Some(Modal::Criteria { .. })), "{k} closed the popup or opened another");
    }
    // `?` is the popup's own help; closing it comes back to the popup.
    typ(&mut a, "?");
    assert!(matches!(a.state.modal, Some(Modal::Help { .. })));
    key(&mut a, KeyCode::Esc);
    assert!(matches!(a.state.modal, Some(Modal::Criteria { .. })), "back in the popup");
    key(&mut a, KeyCode::Tab);
    assert!(matches!(a.state.modal, Some(Modal::Criteria { .. })));
    assert!(serde_json::to_value(&a.ws).expect("json") == ws_before, "nothing changed");
    assert_eq!(a.state.backlog.cursor, cursor);
    assert_eq!(a.state.pane, backlog::tui::state::Pane::Backlog);
    // While writing, every letter is text.
    typ(&mut a, "aqdu");
    assert!(matches!(&a.state.modal, Some(Modal::Criteria { edit: Some(e), .. }) if e.input.text() == "qdu"));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    assert!(a.state.modal.is_none());
    assert!(serde_json::to_value(&a.ws).expect("json") == ws_before, "nothing changed");
}

/// While a criterion is being written, `?` is a question mark, not help.
#[test]
fn a_question_mark_in_a_criterion_is_text() {
    let mut a = app();
    select(&mut a, "TAN-18");
    let n = item(&a, "TAN-18").acceptance_criteria.len();
    typ(&mut a, "ca");
    typ(&mut a, "Works offline?");
    key(&mut a, KeyCode::Enter);
    let c = criteria(&a, "TAN-18");
    assert_eq!(c.len(), n + 1);
    assert!(c.iter().any(|(t, _)| t == "Works offline?"), "{c:?}");
}
