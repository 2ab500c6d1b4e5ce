//! Undo and redo never take back what another session saved since: each
//! field goes back only where it still holds the value the undone action
//! wrote, and the status line says when an undo was partial. Another
//! session's save reaches the app as the saver delivers it
//! (`App::replace_workspace`), as in the terminal.

mod tui_common;

use backlog::domain::command::{ItemPatch, SprintPatch};
use backlog::domain::{Command, Position};
use backlog::tui::state::Level;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

fn message(a: &backlog::tui::app::App) -> (String, Level) {
    a.state.message.clone().expect("a status message")
}

/// The report: `J`, a CLI edit of title, points and labels, `u`.
#[test]
fn undo_puts_the_rank_back_and_keeps_another_sessions_later_edit() {
    let mut a = app();
    select(&mut a, "TAN-18");
    let id = item(&a, "TAN-18").meta.id;
    let rank = item(&a, "TAN-18").rank.clone();
    typ(&mut a, "J");
    assert_ne!(item(&a, "TAN-18").rank, rank);

    let patch = ItemPatch {
        title: Some("Surcharges, renamed elsewhere".into()),
        estimate: Some(Some(8)),
        labels: Some(vec!["payroll".into()]),
        ..ItemPatch::default()
    };
    a.replace_workspace(elsewhere(&a.ws, Command::EditItem { id, patch: Box::new(patch) }));

    typ(&mut a, "u");
    let it = item(&a, "TAN-18");
    assert_eq!(it.rank, rank, "the move is undone");
    assert_eq!(it.title, "Surcharges, renamed elsewhere", "the other session's title stays");
    assert_eq!(it.estimate, Some(8));
    assert_eq!(it.labels, vec!["payroll".to_owned()]);
    let (msg, level) = message(&a);
    assert!(msg.starts_with("Undone: Moved TAN-18"), "{msg}");
    assert_eq!(level, Level::Info);
    assert_valid(&a.ws);
}

#[test]
fn a_field_changed_since_by_another_session_is_left_and_the_undo_says_it_was_partial() {
    let mut a = app();
    select(&mut a, "TAN-18");
    let id = item(&a, "TAN-18").meta.id;
    typ(&mut a, "e");
    ctrl(&mut a, 'u');
    typ(&mut a, "Mine");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    ctrl(&mut a, 'u');
    typ(&mut a, "13");
    key(&mut a, KeyCode::Enter);
    assert_eq!((item(&a, "TAN-18").title.as_str(), item(&a, "TAN-18").estimate), ("Mine", Some(13)));

    // Another session renames it after that.
    a.replace_workspace(elsewhere(
        &a.ws,
        Command::EditItem { id, patch: Box::new(ItemPatch { title: Some("Theirs".into()), ..ItemPatch::default() }) },
    ));
    typ(&mut a, "u");
    let it = item(&a, "TAN-18");
    assert_eq!(it.title, "Theirs", "their later title is not taken back");
    assert_eq!(it.estimate, Some(5), "the estimate, untouched since, is undone");
    let (msg, level) = message(&a);
    assert!(msg.starts_with("Undone partly") && msg.contains("TAN-18 title"), "{msg}");
    assert_eq!(level, Level::Warn);

    // Redo brings back what the edit wrote where nothing changed since.
    ctrl(&mut a, 'r');
    let it = item(&a, "TAN-18");
    assert_eq!((it.title.as_str(), it.estimate), ("Theirs", Some(13)));
}

#[test]
fn undoing_a_delete_keeps_an_edit_the_merge_kept_inside_the_tombstone() {
    let mut a = app();
    select(&mut a, "TAN-18");
    let id = item(&a, "TAN-18").meta.id;
    typ(&mut a, "d");
    typ(&mut a, "y");
    assert!(!a.ws.item(id).unwrap().is_live());
    // The saver merged another session's rename into the deleted item.
    let mut merged = a.ws.clone();
    let pos = merged.item_pos(id).unwrap();
    merged.items[pos].title = "Renamed while being deleted".into();
    a.replace_workspace(merged);

    typ(&mut a, "u");
    let it = a.ws.item(id).unwrap();
    assert!(it.is_live(), "the delete is undone");
    assert_eq!(it.title, "Renamed while being deleted");
}

#[test]
fn undoing_a_pull_into_the_sprint_keeps_a_later_change_to_the_sprint() {
    let mut a = app();
    select(&mut a, "TAN-11");
    let id = item(&a, "TAN-11").meta.id;
    assert!(item(&a, "TAN-11").sprint.is_none());
    typ(&mut a, "s");
    let sprint = item(&a, "TAN-11").sprint.expect("pulled into the sprint");
    let history = a.ws.sprint(sprint).unwrap().history.len();

    a.replace_workspace(elsewhere(
        &a.ws,
        Command::EditSprint {
            id: sprint,
            patch: SprintPatch { goal: Some("A new goal".into()), ..SprintPatch::default() },
        },
    ));
    typ(&mut a, "u");
    assert!(a.ws.item(id).unwrap().sprint.is_none(), "the pull is undone");
    let s = a.ws.sprint(sprint).unwrap();
    assert_eq!(s.goal, "A new goal", "the sprint's later change stays");
    assert_eq!(s.history.len(), history - 1, "and the pull's history entry goes with the pull");
}

#[test]
fn undoing_an_add_deletes_the_item_even_after_another_session_moved_it() {
    let mut a = app();
    let next = a.ws.workspace.next_key;
    typ(&mut a, "n");
    typ(&mut a, "Brand new");
    key(&mut a, KeyCode::Enter);
    let id = a.ws.item_by_key(&format!("TAN-{next}")).unwrap().meta.id;
    a.replace_workspace(elsewhere(&a.ws, Command::RankItem { id, to: Position::Top }));
    typ(&mut a, "u");
    assert!(!a.ws.item(id).unwrap().is_live());
    assert!(a.ws.workspace.next_key > next, "its key is never handed out again");
}

/// An undo is a change of its own in the history: it says what it took
/// back, and which record; a redo takes back the undo.
#[test]
fn undo_and_redo_are_recorded_as_taking_back_a_change() {
    let mut a = app();
    // The test clock is the demo's morning, before its afternoon's records:
    // find each record by what it says.
    let find = |a: &backlog::tui::app::App, start: &str| {
        a.ws.history.records().iter().rev().find(|r| r.what.starts_with(start)).cloned().expect(start)
    };
    select(&mut a, "TAN-18");
    typ(&mut a, "J");
    let moved = find(&a, "Moved TAN-18");
    typ(&mut a, "u");
    let undo = find(&a, "Undid ");
    assert_eq!(undo.what, format!("Undid {}", moved.what));
    assert_eq!(undo.reverts, Some(moved.id));
    ctrl(&mut a, 'r');
    let redo = find(&a, "Redid ");
    assert_eq!(redo.what, format!("Redid {}", moved.what));
    assert_eq!(redo.reverts, Some(undo.id));
}
