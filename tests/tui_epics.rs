//! Epics you can see into: `z` expands an epic to show its children
//! indented under it (and collapses it again), epics show their children's
//! progress in the list and the detail, and deleting an epic says how many
//! children it unlinks.

mod tui_common;

use backlog::tui::state::Modal;
use tui_common::*;

fn children(a: &backlog::tui::app::App, epic: &str) -> Vec<String> {
    let id = item(a, epic).meta.id;
    let mut kids: Vec<&backlog::domain::Item> = a.ws.live_items().filter(|i| i.parent == Some(id)).collect();
    kids.sort_by(|x, y| x.rank.cmp(&y.rank));
    kids.into_iter().map(|i| i.key.clone()).collect()
}

#[test]
fn z_shows_an_epics_children_under_it_and_hides_them_again() {
    let mut a = app_as_opened();
    // A child of TAN-13 ranked away from it, so expanding moves it.
    select(&mut a, "TAN-20");
    typ(&mut a, "T");
    let before = visible_keys(&a);
    select(&mut a, "TAN-13");
    typ(&mut a, "z");
    let rows = visible_keys(&a);
    let at = rows.iter().position(|k| k == "TAN-13").expect("TAN-13");
    let kids: Vec<String> = children(&a, "TAN-13").into_iter().filter(|k| !item(&a, k).status.is_closed()).collect();
    assert!(kids.contains(&"TAN-20".to_owned()));
    assert_eq!(&rows[at + 1..at + 1 + kids.len()], &kids[..], "the open children, in rank order, under it");
    assert_eq!(rows.iter().filter(|k| **k == "TAN-20").count(), 1, "each row once");
    assert_eq!(rows.len(), before.len(), "nothing else comes or goes");
    assert!(a.state.backlog.list.is_child_row(at + 1));
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-13"));
    // z on a child collapses its epic and selects it.
    typ(&mut a, "j");
    typ(&mut a, "z");
    assert_eq!(visible_keys(&a), before);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-13"));
}

#[test]
fn an_expanded_epic_stays_expanded_through_edits_and_takes_in_new_children() {
    let mut a = app_as_opened();
    select(&mut a, "TAN-4");
    typ(&mut a, "z");
    // Make TAN-23 a child of TAN-4 with the bulk form (epic field).
    select(&mut a, "TAN-23");
    typ(&mut a, " e");
    // Status, points, kind, owner, assignee, initiative, then the epic.
    for _ in 0..6 {
        key(&mut a, ratatui::crossterm::event::KeyCode::Tab);
    }
    typ(&mut a, "TAN-4");
    key(&mut a, ratatui::crossterm::event::KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.message);
    let rows = visible_keys(&a);
    let at = rows.iter().position(|k| k == "TAN-4").expect("TAN-4");
    assert!(rows[at + 1..].iter().take(8).any(|k| k == "TAN-23"), "{rows:?}");
    assert!(a.state.backlog.list.is_child_row(rows.iter().position(|k| k == "TAN-23").unwrap()));
}

#[test]
fn epics_show_progress_in_the_row_and_the_detail() {
    let mut a = app();
    let kids = children(&a, "TAN-4");
    let live: Vec<(bool, u32)> = kids
        .iter()
        .map(|k| item(&a, k))
        .filter(|i| i.status.as_str() != "dropped")
        .map(|i| (i.status.as_str() == "done", i.estimate.unwrap_or(0)))
        .collect();
    let done: Vec<&(bool, u32)> = live.iter().filter(|x| x.0).collect();
    let pts: u32 = live.iter().map(|x| x.1).sum();
    let done_pts: u32 = done.iter().map(|x| x.1).sum();
    let screen = render(&mut a, 160, 48);
    let want = format!("{}/{} · {done_pts}/{pts} pts", done.len(), live.len());
    let row = screen.lines().find(|l| l.contains("TAN-4 ")).expect("the TAN-4 row");
    assert!(row.contains(&want), "{row} lacks {want}");
    select(&mut a, "TAN-4");
    key(&mut a, ratatui::crossterm::event::KeyCode::Enter);
    let screen = render(&mut a, 160, 48);
    let want = format!("progress: {} of {} children done · {done_pts} of {pts} points", done.len(), live.len());
    assert!(screen.contains(&want), "{screen}");
}

#[test]
fn deleting_an_epic_says_how_many_children_it_unlinks() {
    let mut a = app();
    let n = children(&a, "TAN-13").len();
    assert!(n > 0);
    select(&mut a, "TAN-13");
    typ(&mut a, "d");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("a question") };
    assert!(c.message.contains(&format!("unlink its {n} child items")), "{}", c.message);
    typ(&mut a, "y");
    let msg = a.state.message.clone().expect("a message").0;
    assert_eq!(msg, format!("Deleted TAN-13, unlinked {n} child items"));
    typ(&mut a, "u");
    assert_eq!(children(&a, "TAN-13").len(), n, "undo links them again");
}

#[test]
fn deleting_marked_epics_counts_only_children_left_behind() {
    let mut a = app();
    let n = children(&a, "TAN-13").len();
    let first_child = children(&a, "TAN-13")[0].clone();
    for k in ["TAN-13", first_child.as_str()] {
        select(&mut a, k);
        typ(&mut a, " ");
    }
    typ(&mut a, "d");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("a question") };
    let left = n - 1;
    assert!(c.message.starts_with(&format!("Delete 2 marked items (unlinking {left} child items")), "{}", c.message);
    typ(&mut a, "y");
    let msg = a.state.message.clone().expect("a message").0;
    assert_eq!(msg, format!("Deleted 2 items, unlinked {left} child items"));
}

/// J/K around an expanded epic: the epic and the children shown under it
/// are one block. An item above or below moves past the whole block, the
/// epic moves past the row after its children, and a child moves only
/// among its epic's children.
#[test]
fn j_and_k_treat_an_expanded_epic_and_its_children_as_one_block() {
    let mut a = app_as_opened();
    select(&mut a, "TAN-13");
    typ(&mut a, "z");
    let rows = visible_keys(&a);
    let at = rows.iter().position(|k| k == "TAN-13").unwrap();
    let kids = (at + 1..rows.len()).take_while(|&r| a.state.backlog.list.is_child_row(r)).count();
    assert!(kids >= 2, "TAN-13 shows children: {rows:?}");
    let (above, below) = (rows[at - 1].clone(), rows[at + kids + 1].clone());
    let block = rows[at..=at + kids].to_vec();

    // The row below the block moves up past all of it, to just above the epic.
    select(&mut a, &below);
    typ(&mut a, "K");
    let rows = visible_keys(&a);
    let at = rows.iter().position(|k| k == "TAN-13").unwrap();
    assert_eq!(rows[at - 1], below, "{rows:?}");
    assert_eq!(rows[at..=at + kids], block[..], "the block stays whole");
    assert_eq!(selected_key(&a).as_deref(), Some(below.as_str()));

    assert_eq!(rows[at - 2], above, "{rows:?}");

    // The epic moves down past the row after its children, children and all.
    let next = rows[at + kids + 1].clone();
    select(&mut a, "TAN-13");
    typ(&mut a, "J");
    let rows = visible_keys(&a);
    let at = rows.iter().position(|k| k == "TAN-13").unwrap();
    assert_eq!(rows[at - 1], next, "{rows:?}");
    assert_eq!(rows[at - 2], below, "{rows:?}");
    assert_eq!(rows[at..=at + kids], block[..]);

    // The first child moves down one among its siblings; the last one
    // cannot leave its epic.
    select(&mut a, &block[1]);
    typ(&mut a, "J");
    let rows = visible_keys(&a);
    assert_eq!(rows[at + 1], block[2], "{rows:?}");
    assert_eq!(rows[at + 2], block[1], "{rows:?}");
    select(&mut a, rows[at + kids].as_str());
    let before = visible_keys(&a);
    typ(&mut a, "J");
    assert_eq!(visible_keys(&a), before);
    let msg = a.state.message.as_ref().map(|m| m.0.clone()).unwrap_or_default();
    assert!(msg.contains("last of its epic's children"), "{msg}");
}
