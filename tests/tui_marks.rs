//! Marks and bulk actions in the Backlog pane: Space marks and moves down,
//! V marks a range, Esc clears a filter before it clears the marks (which
//! survive any filter, the status line counting those not shown), and with
//! marks every item action applies to all of them as one undo step.

mod tui_common;

use backlog::domain::Role;
use backlog::tui::state::Modal;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

fn marked_keys(a: &backlog::tui::app::App) -> Vec<String> {
    a.state.backlog.marks.ordered(&a.ws).iter().map(|id| a.ws.item(*id).expect("marked item").key.clone()).collect()
}

fn rank_order(a: &backlog::tui::app::App) -> Vec<String> {
    a.ws.ranked_item_positions().iter().map(|&p| a.ws.items[p].key.clone()).collect()
}

#[test]
fn space_marks_and_moves_down_and_esc_clears_the_filter_before_the_marks() {
    let mut a = app();
    select(&mut a, "TAN-11");
    let first = selected_key(&a).expect("a selection");
    typ(&mut a, " ");
    let second = selected_key(&a).expect("a selection");
    assert_ne!(first, second, "Space moves down");
    typ(&mut a, " ");
    assert_eq!(marked_keys(&a), vec![first.clone(), second.clone()]);
    // Space on a marked item unmarks it.
    typ(&mut a, "k ");
    assert_eq!(marked_keys(&a), vec![first.clone()]);

    typ(&mut a, "/swap");
    key(&mut a, KeyCode::Enter);
    assert!(!a.state.backlog.query.text().is_empty());
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.state.backlog.query.text(), "", "the first Esc clears the filter");
    assert_eq!(marked_keys(&a), vec![first.clone()], "and keeps the marks");
    key(&mut a, KeyCode::Esc);
    assert!(a.state.backlog.marks.is_empty(), "the second clears the marks");
}

/// Marks are work put together by hand: a filter that hides marked items
/// leaves them marked, the status line says how many act unseen, and a
/// bulk action still reaches them.
#[test]
fn marks_survive_a_change_of_filter_and_the_status_line_counts_the_unseen() {
    let mut a = app();
    for k in ["TAN-11", "TAN-12", "TAN-7"] {
        select(&mut a, k);
        typ(&mut a, " ");
    }
    typ(&mut a, "/TAN-12 OR TAN-7");
    key(&mut a, KeyCode::Enter);
    assert_eq!(marked_keys(&a).len(), 3, "the filter unmarks nothing");
    assert_eq!(a.state.backlog.marks_unseen, 1, "TAN-11 is marked but not shown");
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("3 marked (1 not shown)"), "{screen}");
    // Another filter, another count; the same marks.
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "/kind:bug");
    key(&mut a, KeyCode::Enter);
    assert_eq!(marked_keys(&a).len(), 3);
    assert_eq!(a.state.backlog.marks_unseen, 3);
    // A bulk edit acts on every mark, shown or not.
    typ(&mut a, "e");
    assert!(render(&mut a, 80, 24).contains("Edit 3 marked items"));
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.state.backlog.marks_unseen, 0, "all in view again");
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("3 marked") && !screen.contains("not shown"), "{screen}");
}

#[test]
fn v_marks_a_range_that_follows_the_selection_and_a_second_v_ends_it() {
    let mut a = app();
    typ(&mut a, " "); // a mark made before the range stays
    select(&mut a, "TAN-5");
    let start = a.state.backlog.cursor;
    typ(&mut a, "Vjjj");
    assert_eq!(a.state.backlog.marks.len(), 5, "the earlier mark and four rows");
    typ(&mut a, "k");
    assert_eq!(a.state.backlog.marks.len(), 4, "moving back shrinks the range");
    typ(&mut a, "V");
    assert!(!a.state.backlog.marks.ranging());
    typ(&mut a, "jj");
    assert_eq!(a.state.backlog.marks.len(), 4, "after the second V moving marks nothing");
    assert_eq!(a.state.backlog.cursor, start + 4);
}

#[test]
fn the_bulk_form_adds_a_label_to_every_marked_item_in_one_undo_step() {
    let mut a = app();
    for k in ["TAN-11", "TAN-12", "TAN-14"] {
        select(&mut a, k);
        typ(&mut a, " ");
    }
    let before: Vec<Vec<String>> = ["TAN-11", "TAN-12", "TAN-14"].iter().map(|k| item(&a, k).labels.clone()).collect();
    typ(&mut a, "e");
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("the bulk form is open") };
    assert_eq!(f.title, "Edit 3 marked items");
    // Status, points, kind, owner, assignee, initiative, epic, add labels.
    for _ in 0..7 {
        key(&mut a, KeyCode::Tab);
    }
    typ(&mut a, "groomed");
    // Status: two steps right of "leave as is" is "refined".
    key(&mut a, KeyCode::BackTab);
    for _ in 0..6 {
        key(&mut a, KeyCode::BackTab);
    }
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.message);
    for k in ["TAN-11", "TAN-12", "TAN-14"] {
        let it = item(&a, k);
        assert!(it.labels.contains(&"groomed".to_owned()), "{k}: {:?}", it.labels);
        assert_eq!(it.status.as_str(), "refined", "{k}");
    }
    let msg = a.state.message.clone().expect("a message").0;
    assert!(msg.starts_with("Edited 3 items: status refined, +groomed"), "{msg}");
    assert_eq!(a.state.undo.len(), 1, "one undo step");
    typ(&mut a, "u");
    let after: Vec<Vec<String>> = ["TAN-11", "TAN-12", "TAN-14"].iter().map(|k| item(&a, k).labels.clone()).collect();
    assert_eq!(after, before, "one undo takes back every label");
    assert_eq!(marked_keys(&a).len(), 3, "marks stay after an action");
    assert_valid(&a.ws);
}

#[test]
fn an_untouched_bulk_form_changes_nothing_and_says_so() {
    let mut a = app();
    typ(&mut a, " ");
    typ(&mut a, "e");
    key(&mut a, KeyCode::Enter);
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("the form stays open") };
    assert!(f.error.as_deref().is_some_and(|e| e.starts_with("Nothing set")), "{:?}", f.error);
    assert!(a.state.undo.is_empty());
}

#[test]
fn t_and_b_move_the_marked_block_keeping_its_order_and_m_puts_it_before_the_selection() {
    let mut a = app();
    for k in ["TAN-12", "TAN-30", "TAN-20"] {
        select(&mut a, k);
        typ(&mut a, " ");
    }
    let block = marked_keys(&a);
    typ(&mut a, "T");
    assert_eq!(&rank_order(&a)[..3], &block[..], "at the top, in their order");
    assert_eq!(a.state.undo.len(), 1);
    typ(&mut a, "B");
    let order = rank_order(&a);
    assert_eq!(&order[order.len() - 3..], &block[..], "at the bottom, in their order");
    select(&mut a, "TAN-5");
    typ(&mut a, "M");
    let order = rank_order(&a);
    let at = order.iter().position(|k| k == "TAN-5").expect("TAN-5");
    assert_eq!(&order[at - 3..at], &block[..], "right before the selection");
    typ(&mut a, "uuu");
    assert_eq!(rank_order(&a), rank_order(&app()), "three undos put the rank back");
}

#[test]
fn t_and_b_without_marks_move_the_selection() {
    let mut a = app();
    select(&mut a, "TAN-20");
    typ(&mut a, "T");
    assert_eq!(rank_order(&a)[0], "TAN-20");
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-20"), "the selection follows the item");
    typ(&mut a, "B");
    assert_eq!(rank_order(&a).last().map(String::as_str), Some("TAN-20"));
}

#[test]
fn deleting_marked_items_asks_once_naming_the_count_and_one_undo_brings_them_back() {
    let mut a = app();
    for k in ["TAN-11", "TAN-12"] {
        select(&mut a, k);
        typ(&mut a, " ");
    }
    typ(&mut a, "d");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("a question") };
    assert!(c.message.starts_with("Delete 2 marked items?"), "{}", c.message);
    typ(&mut a, "y");
    assert!(a.ws.item_by_key("TAN-11").is_none() && a.ws.item_by_key("TAN-12").is_none());
    assert!(a.state.backlog.marks.is_empty(), "deleted items drop out of the marks");
    typ(&mut a, "u");
    assert!(a.ws.item_by_key("TAN-11").is_some() && a.ws.item_by_key("TAN-12").is_some());
}

#[test]
fn s_with_marks_pulls_them_all_into_the_sprint_then_sends_them_back() {
    let mut a = app();
    for k in ["TAN-11", "TAN-12"] {
        select(&mut a, k);
        typ(&mut a, " ");
    }
    typ(&mut a, "s");
    let sprint = item(&a, "TAN-11").sprint;
    assert!(sprint.is_some());
    assert_eq!(item(&a, "TAN-12").sprint, sprint);
    typ(&mut a, "s");
    assert!(item(&a, "TAN-11").sprint.is_none() && item(&a, "TAN-12").sprint.is_none());
    assert_eq!(a.state.undo.len(), 2);
}

#[test]
fn a_pm_bulk_edit_of_po_items_asks_once_for_the_whole_batch() {
    let mut a = app_on(demo_ws(), Role::Pm);
    typ(&mut a, "3");
    for k in ["TAN-11", "TAN-12", "TAN-14"] {
        select(&mut a, k);
        typ(&mut a, " ");
    }
    typ(&mut a, "T");
    let Some(Modal::Confirm(_)) = &a.state.modal else { panic!("the role guard asks: {:?}", a.state.message) };
    typ(&mut a, "y");
    assert!(a.state.modal.is_none(), "asked once, not per item");
    assert_eq!(&rank_order(&a)[..3], &["TAN-11", "TAN-12", "TAN-14"]);
}

#[test]
fn marks_survive_a_reload_and_ids_that_disappear_drop_out() {
    let mut a = app();
    for k in ["TAN-11", "TAN-12"] {
        select(&mut a, k);
        typ(&mut a, " ");
    }
    let id = item(&a, "TAN-12").meta.id;
    let other = elsewhere(&a.ws, backlog::domain::Command::DeleteItem { id });
    a.replace_workspace(other);
    assert_eq!(marked_keys(&a), vec!["TAN-11".to_owned()]);
}

#[test]
fn the_bulk_form_assigns_and_unassigns_every_marked_item() {
    let mut a = app();
    for k in ["TAN-11", "TAN-12"] {
        select(&mut a, k);
        typ(&mut a, " ");
    }
    typ(&mut a, "e");
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    typ(&mut a, "ana");
    key(&mut a, KeyCode::Enter);
    assert_eq!(item(&a, "TAN-11").assignee.as_deref(), Some("ana"));
    assert_eq!(item(&a, "TAN-12").assignee.as_deref(), Some("ana"));
    typ(&mut a, "e");
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    typ(&mut a, "-");
    key(&mut a, KeyCode::Enter);
    assert_eq!(item(&a, "TAN-11").assignee, None);
    assert_eq!(item(&a, "TAN-12").assignee, None);
    typ(&mut a, "u");
    assert_eq!(item(&a, "TAN-12").assignee.as_deref(), Some("ana"));
}

/// The rows the rank view should show, worked out from the workspace.
fn expected_rows(a: &backlog::tui::app::App) -> Vec<String> {
    let spec = a.state.filter_spec(&a.ws);
    a.ws.ranked_item_positions()
        .into_iter()
        .filter(|&p| spec.matches(&a.ws, &a.ws.items[p]))
        .map(|p| a.ws.items[p].key.clone())
        .collect()
}

/// More than a handful of items changed at once are taken into the list in
/// one pass (see `RankedList::on_items_changed`): the rows stay exactly what
/// the workspace says, with or without a filter, through the moves, a bulk
/// edit that hides some of them, and the undos.
#[test]
fn bulk_changes_to_many_items_keep_the_list_exact() {
    let mut a = app_as_opened();
    typ(&mut a, "GkkVgV");
    assert!(a.state.backlog.marks.len() > 16, "enough marks for the bulk path");
    for keys in ["B", "T", "j", "M"] {
        typ(&mut a, keys);
        assert_eq!(visible_keys(&a), expected_rows(&a), "after {keys}");
    }
    // Drop them all (status dropped): they leave the rank view.
    typ(&mut a, "e");
    key(&mut a, KeyCode::Left); // status: from "leave as is" back round to "dropped"
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.message);
    assert_eq!(visible_keys(&a), expected_rows(&a));
    assert!(visible_keys(&a).len() < 5, "{:?}", visible_keys(&a));
    typ(&mut a, "u");
    assert_eq!(visible_keys(&a), expected_rows(&a));
    // The same under a text filter.
    typ(&mut a, "/s");
    key(&mut a, KeyCode::Enter);
    typ(&mut a, "uuu");
    assert_eq!(visible_keys(&a), expected_rows(&a));
    assert_eq!(a.ws.ranked_item_positions(), app_as_opened().ws.ranked_item_positions(), "all undone");
    assert_cursor_in_bounds(&a);
}

/// A bulk move to done asks once, naming every marked item short of the
/// Definition of Done; `y` moves them all in one step.
#[test]
fn a_bulk_move_to_done_names_every_item_short_of_the_definition() {
    let mut a = app();
    let keys = ["TAN-11", "TAN-12", "TAN-23"];
    for k in keys {
        select(&mut a, k);
        typ(&mut a, " ");
    }
    let short: Vec<&str> = keys
        .into_iter()
        .filter(|k| {
            let it = item(&a, k);
            !backlog::domain::ready::missing_for(&a.ws, backlog::domain::ready::Gate::Done, it).is_empty()
        })
        .collect();
    assert!(short.len() >= 2, "the demo has unfinished criteria on these: {short:?}");
    typ(&mut a, "e");
    // Status: six steps right of "leave as is" is "done".
    for _ in 0..6 {
        key(&mut a, KeyCode::Right);
    }
    key(&mut a, KeyCode::Enter);
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("asked: {:?}", a.state.message) };
    assert!(
        c.message.starts_with(&format!("{} items do not meet the Definition of Done:", short.len())),
        "{}",
        c.message
    );
    for k in &short {
        assert!(c.message.contains(&format!("· {k}: ")), "{k} named: {}", c.message);
    }
    assert!(c.message.ends_with("Move them anyway?"));
    typ(&mut a, "y");
    for k in keys {
        assert_eq!(item(&a, k).status.as_str(), "done", "{k}");
    }
    assert_eq!(a.state.undo.len(), 1, "one undo step");
}
