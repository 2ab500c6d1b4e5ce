//! The Backlog pane: moving the selection, reordering with J/K, pulling a
//! story into the sprint, delete with undo and redo, the text and owner
//! filters, re-ranking by WSJF and sorting by a score, the detail at 80
//! columns, and another session's changes arriving. Everything goes
//! through `App::on_event`, as in the terminal.

mod tui_common;

use backlog::domain::command::{NewItem, Position};
use backlog::domain::{Command, Role};
use backlog::tui::app::App;
use backlog::tui::state::Modal;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

#[test]
fn moving_the_selection_stays_in_bounds() {
    let mut a = app();
    let len = a.state.backlog.list.len();
    assert_eq!(len, 40);
    let page = a.state.backlog_page();
    assert_eq!(page, 18, "24 rows less tab bar, borders, header, status lines");

    typ(&mut a, "k");
    assert_eq!(a.state.backlog.cursor, 0, "k at the top stays there");
    typ(&mut a, "j");
    assert_eq!(a.state.backlog.cursor, 1);
    typ(&mut a, "G");
    assert_eq!(a.state.backlog.cursor, len - 1);
    typ(&mut a, "j");
    assert_eq!(a.state.backlog.cursor, len - 1, "j at the bottom stays there");
    typ(&mut a, "g");
    assert_eq!(a.state.backlog.cursor, 0);
    key(&mut a, KeyCode::PageDown);
    assert_eq!(a.state.backlog.cursor, page);
    key(&mut a, KeyCode::PageDown);
    assert_eq!(a.state.backlog.cursor, 2 * page);
    key(&mut a, KeyCode::PageDown);
    assert_eq!(a.state.backlog.cursor, len - 1, "the last page stops at the last row");
    ctrl(&mut a, 'b');
    assert_eq!(a.state.backlog.cursor, len - 1 - page);
    key(&mut a, KeyCode::PageUp);
    key(&mut a, KeyCode::PageUp);
    assert_eq!(a.state.backlog.cursor, 0);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::End);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-39"));

    // The cursor row is always on the visible page.
    let b = &a.state.backlog;
    assert!(b.offset <= b.cursor && b.cursor < b.offset + page);

    // On an empty list every move keeps the cursor at 0 with nothing selected.
    typ(&mut a, "/nothing-matches-this");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.state.backlog.list.len(), 0);
    for k in ["j", "k", "G", "g"] {
        typ(&mut a, k);
        assert_eq!(a.state.backlog.cursor, 0);
        assert_eq!(a.state.selected_item(), None);
    }
    key(&mut a, KeyCode::PageDown);
    assert_eq!(a.state.backlog.cursor, 0);
}

#[test]
fn shrinking_the_terminal_keeps_the_cursor_on_the_page() {
    let mut a = app();
    typ(&mut a, "G");
    resize(&mut a, 80, 12);
    let b = &a.state.backlog;
    let page = a.state.backlog_page();
    assert!(b.offset <= b.cursor && b.cursor < b.offset + page, "{} {} {page}", b.offset, b.cursor);
    let t = draw(&mut a, 80, 12);
    let rows = reversed_rows(t.backend().buffer(), 1, 78);
    assert_eq!(rows.len(), 1, "the selected row is on screen");
    assert!(row_text(t.backend().buffer(), rows[0]).contains("TAN-39"));
}

#[test]
fn shift_j_and_k_reorder_and_the_selection_follows() {
    let mut a = app();
    select(&mut a, "TAN-18");
    assert_eq!(a.state.backlog.cursor, 1);
    let before = visible_keys(&a);
    assert_eq!(before[..4], ["TAN-40", "TAN-18", "TAN-37", "TAN-1"]);

    typ(&mut a, "J");
    assert_eq!(visible_keys(&a)[..4], ["TAN-40", "TAN-37", "TAN-18", "TAN-1"]);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-18"));
    assert_eq!(a.state.backlog.cursor, 2);
    // The ranks in the workspace say the same.
    assert!(item(&a, "TAN-37").rank < item(&a, "TAN-18").rank);
    assert!(item(&a, "TAN-18").rank < item(&a, "TAN-1").rank);
    assert_eq!(a.ws.ranked_item_positions(), {
        let l = &a.state.backlog.list;
        (0..l.len()).map(|i| l.get(i).unwrap()).collect::<Vec<_>>()
    });

    typ(&mut a, "KK");
    assert_eq!(visible_keys(&a)[..3], ["TAN-18", "TAN-40", "TAN-37"]);
    assert_eq!(a.state.backlog.cursor, 0);
    let top = visible_keys(&a);
    typ(&mut a, "K");
    assert_eq!(visible_keys(&a), top, "K at the top changes nothing");
    assert_eq!(a.state.message.as_ref().map(|m| m.0.as_str()), Some("Already at the top"));

    typ(&mut a, "G");
    let bottom = visible_keys(&a);
    typ(&mut a, "J");
    assert_eq!(visible_keys(&a), bottom, "J at the bottom changes nothing");

    // Filtered: J moves the item past its next *visible* neighbour.
    typ(&mut a, "/datev");
    key(&mut a, KeyCode::Enter);
    select(&mut a, "TAN-13");
    typ(&mut a, "J");
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-13"));
    let filtered = visible_keys(&a);
    let at = filtered.iter().position(|k| k == "TAN-13").unwrap();
    assert_eq!(filtered[at - 1], "TAN-14");
    assert!(item(&a, "TAN-14").rank < item(&a, "TAN-13").rank);
    assert!(item(&a, "TAN-13").rank < item(&a, "TAN-15").rank);
    assert_valid(&a.ws);
}

#[test]
fn s_pulls_a_story_into_the_sprint_and_sends_it_back() {
    let mut a = app();
    let target = a.ws.target_sprint().expect("the demo has an active sprint").meta.id;
    select(&mut a, "TAN-11");
    assert_eq!(item(&a, "TAN-11").sprint, None);

    typ(&mut a, "s");
    assert_eq!(item(&a, "TAN-11").sprint, Some(target));
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-11"));

    typ(&mut a, "s");
    assert_eq!(item(&a, "TAN-11").sprint, None);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-11"));
    assert_valid(&a.ws);
}

#[test]
fn delete_asks_first_then_undo_and_redo() {
    let mut a = app();
    select(&mut a, "TAN-18");
    typ(&mut a, "d");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("d asks to confirm") };
    assert!(c.message.contains("TAN-18"), "{}", c.message);
    assert!(a.ws.item_by_key("TAN-18").is_some(), "nothing is deleted before the answer");

    typ(&mut a, "n");
    assert!(a.state.modal.is_none());
    assert!(a.ws.item_by_key("TAN-18").is_some(), "n keeps it");

    typ(&mut a, "d");
    typ(&mut a, "y");
    assert!(a.state.modal.is_none());
    assert!(a.ws.item_by_key("TAN-18").is_none(), "y deletes it");
    assert_eq!(a.state.backlog.list.len(), 39);
    assert!(!visible_keys(&a).contains(&"TAN-18".to_owned()));
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-37"), "the next row is selected");
    assert_cursor_in_bounds(&a);

    typ(&mut a, "u");
    assert!(a.ws.item_by_key("TAN-18").is_some(), "u brings it back");
    assert_eq!(a.state.backlog.list.len(), 40);
    assert_eq!(visible_keys(&a)[1], "TAN-18", "in its old place");

    ctrl(&mut a, 'r');
    assert!(a.ws.item_by_key("TAN-18").is_none(), "Ctrl-r deletes it again");
    assert_eq!(a.state.backlog.list.len(), 39);
    assert_cursor_in_bounds(&a);

    typ(&mut a, "u");
    assert!(a.ws.item_by_key("TAN-18").is_some());
    typ(&mut a, "u");
    assert_eq!(a.state.message.as_ref().map(|m| m.0.as_str()), Some("Nothing to undo"));
    assert_valid(&a.ws);
}

#[test]
fn filter_narrows_as_you_type_and_esc_clears_it() {
    let mut a = app();
    typ(&mut a, "/");
    assert!(a.state.backlog.typing);
    typ(&mut a, "dat");
    let n_dat = a.state.backlog.list.len();
    typ(&mut a, "ev");
    let keys = visible_keys(&a);
    assert_eq!(keys.len(), 8);
    assert!(keys.len() <= n_dat);
    for k in &keys {
        let it = item(&a, k);
        let hay = format!("{} {} {}", it.key, it.title, it.labels.join(" ")).to_lowercase();
        assert!(hay.contains("datev"), "{k} does not match");
    }
    assert_eq!(a.state.backlog.list.total(), 40);
    assert_cursor_in_bounds(&a);

    // Esc while typing clears the query and shows everything again.
    key(&mut a, KeyCode::Esc);
    assert!(!a.state.backlog.typing);
    assert_eq!(a.state.backlog.query.text(), "");
    assert_eq!(a.state.backlog.list.len(), 40);

    // Enter keeps the filter; Esc afterwards (the back action) clears it.
    typ(&mut a, "/datev");
    key(&mut a, KeyCode::Enter);
    assert!(!a.state.backlog.typing);
    assert_eq!(a.state.backlog.list.len(), 8);
    typ(&mut a, "j");
    assert_eq!(a.state.backlog.cursor, 1, "keys navigate once typing is done");
    let selected = selected_key(&a);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.state.backlog.list.len(), 40);
    assert_eq!(selected_key(&a), selected, "clearing the filter keeps the selection");
}

#[test]
fn o_cycles_the_owner_filter() {
    let mut a = app();
    assert_eq!(a.state.owner_filter, None);
    typ(&mut a, "o");
    assert_eq!(a.state.owner_filter, Some(Role::Pm));
    // Every demo item is the PO's.
    assert_eq!(a.state.backlog.list.len(), 0);
    assert_cursor_in_bounds(&a);
    typ(&mut a, "o");
    assert_eq!(a.state.owner_filter, Some(Role::Po));
    assert_eq!(a.state.backlog.list.len(), 40);
    typ(&mut a, "o");
    assert_eq!(a.state.owner_filter, None);
    assert_eq!(a.state.backlog.list.len(), 40);
    assert!(a.state.backlog.list.spec().is_none());
}

#[test]
fn another_sessions_change_keeps_the_selection_and_the_open_form() {
    let mut a = app();
    select(&mut a, "TAN-18");
    typ(&mut a, "e");
    typ(&mut a, " (draft)");

    // Someone adds an item at the top: TAN-18 moves down a row.
    let other = elsewhere(
        &a.ws,
        Command::AddItem(Box::new(NewItem {
            title: "Urgent: fix login".into(),
            position: Position::Top,
            ..NewItem::default()
        })),
    );
    a.replace_workspace(other);
    assert_eq!(visible_keys(&a)[0], "TAN-41");
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-18"), "the selection follows the item, not the row");
    assert_eq!(a.state.backlog.cursor, 2);
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("the form stays open") };
    assert_eq!(f.field("title").raw(), "Night, Sunday and holiday surcharges in the export (draft)");

    // With a filter on, the new state is filtered too (the draft is
    // discarded: Esc asks first).
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "y");
    typ(&mut a, "/datev");
    key(&mut a, KeyCode::Enter);
    select(&mut a, "TAN-17");
    let id = item(&a, "TAN-19").meta.id;
    let other = elsewhere(&a.ws, Command::DeleteItem { id });
    a.replace_workspace(other);
    assert_eq!(visible_keys(&a).len(), 7);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-17"));

    // The selected item deleted elsewhere: the cursor stays in bounds.
    typ(&mut a, "G");
    let last = selected_key(&a).unwrap();
    let id = item(&a, &last).meta.id;
    let other = elsewhere(&a.ws, Command::DeleteItem { id });
    a.replace_workspace(other);
    assert_cursor_in_bounds(&a);
    assert!(selected_key(&a).is_some());
    assert_valid(&a.ws);
}

/// Found by tui_props: with a filter on, deleting an item and undoing the
/// delete showed the last row twice. The delete pulled the filter's scan
/// front back and the undo's insert did not push it forward again, so the
/// scan "found" the last item a second time.
#[test]
fn undoing_a_delete_under_a_filter_shows_each_row_once() {
    let mut a = app();
    typ(&mut a, "oo");
    assert_eq!(a.state.owner_filter, Some(Role::Po));
    typ(&mut a, "d");
    typ(&mut a, "y");
    assert_eq!(visible_keys(&a).len(), 39);
    typ(&mut a, "u");
    let keys = visible_keys(&a);
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(keys.len(), unique.len(), "a row is shown twice: {keys:?}");
    assert_eq!(keys.len(), 40);
    assert_eq!(keys[0], "TAN-40");

    // Also with a new item added while the filter is on: it is listed once,
    // at once, and selected.
    typ(&mut a, "n");
    typ(&mut a, "Filtered newcomer");
    key(&mut a, KeyCode::Enter);
    let keys = visible_keys(&a);
    assert_eq!(keys.iter().filter(|k| *k == "TAN-41").count(), 1, "{keys:?}");
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-41"));
}

/// `R` asks first, then re-ranks the open scored items by WSJF (highest
/// first) in the rank slots they hold; `u` puts every rank back.
#[test]
fn r_reranks_by_wsjf_after_asking_and_u_undoes_it() {
    let mut a = app();
    score_demo_items(&mut a);
    let before = serde_json::to_value(&a.ws.items).unwrap();
    let ranks = |a: &App| a.ws.live_items().map(|i| (i.key.clone(), i.rank.clone())).collect::<Vec<_>>();
    let ranks_before = ranks(&a);

    typ(&mut a, "R");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("R asks first") };
    assert!(c.message.contains("WSJF"), "{}", c.message);
    assert_eq!(serde_json::to_value(&a.ws.items).unwrap(), before, "nothing changes before the answer");

    typ(&mut a, "y");
    // The scored open items now run highest WSJF first in rank order.
    let scored: Vec<String> = {
        let l = &a.state.backlog.list;
        (0..l.len())
            .map(|i| &a.ws.items[l.get(i).unwrap()])
            .filter(|i| !i.status.is_closed() && i.scoring.wsjf_score().is_some())
            .map(|i| i.key.clone())
            .collect()
    };
    assert_eq!(scored, ["TAN-30", "TAN-29", "TAN-11", "TAN-23", "TAN-25", "TAN-18"]);
    // Unscored items keep their ranks.
    for ((k, r0), (_, r1)) in ranks_before.iter().zip(ranks(&a)) {
        if item(&a, k).scoring.wsjf_score().is_none() {
            assert_eq!(*r0, r1, "{k} moved");
        }
    }
    assert_valid(&a.ws);

    typ(&mut a, "u");
    assert_eq!(ranks(&a), ranks_before, "undo puts every rank back");
    // Every item as it was, but for the bookkeeping of the undo itself (a
    // restore is a new revision, so that merges see it).
    let content = |v: serde_json::Value| -> Vec<serde_json::Value> {
        let mut items = v.as_array().unwrap().clone();
        for i in &mut items {
            let o = i.as_object_mut().unwrap();
            for k in ["rev", "updated_at", "updated_by", "updated_by_person"] {
                o.remove(k);
            }
        }
        items
    };
    assert_eq!(content(serde_json::to_value(&a.ws.items).unwrap()), content(before), "exactly as before");
}

/// Sorting by a score is a way of looking: it changes no rank, records no
/// change and leaves nothing to undo.
#[test]
fn v_in_the_backlog_changes_no_rank() {
    let mut a = app();
    score_demo_items(&mut a);
    let before = serde_json::to_value(&a.ws).unwrap();
    let undo = a.state.undo.len();
    for _ in 0..3 {
        typ(&mut a, "v");
        assert_eq!(serde_json::to_value(&a.ws).unwrap(), before);
    }
    assert_eq!(a.state.undo.len(), undo);
    // J/K are refused in a score view rather than moving by a rank the
    // screen does not show.
    typ(&mut a, "vJ");
    assert_eq!(serde_json::to_value(&a.ws).unwrap(), before);
    assert!(a.state.message.as_ref().is_some_and(|m| m.0.contains("rank order")), "{:?}", a.state.message);
}

/// At 80 columns the detail covers the list: j/k and PgDn/PgUp scroll the
/// detail, and the selection stays on its item.
#[test]
fn the_full_screen_detail_scrolls_with_the_navigation_keys() {
    let mut a = app();
    long_description(&mut a);
    select(&mut a, "TAN-18");
    key(&mut a, KeyCode::Enter);
    assert!(update_view_full_screen(&a));
    typ(&mut a, "jj");
    assert_eq!(a.state.backlog.detail_scroll, 2);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-18"));
    key(&mut a, KeyCode::PageDown);
    typ(&mut a, &"j".repeat(50));
    let end = a.state.backlog.detail_scroll;
    assert!(end > 2);
    typ(&mut a, "k");
    assert_eq!(a.state.backlog.detail_scroll, end - 1, "k scrolls back at once from the end");
    let t = draw(&mut a, 80, 24);
    assert!(row_text(t.backend().buffer(), 21).contains("j/k scroll"));
    typ(&mut a, "g");
    assert_eq!(a.state.backlog.detail_scroll, 0);
    // Esc closes it; j moves the list again.
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "j");
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-37"));
    // Beside the list (wide terminals) j moves the selection, and the
    // detail follows it.
    resize(&mut a, 160, 48);
    key(&mut a, KeyCode::Enter);
    typ(&mut a, "k");
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-18"));
}

fn update_view_full_screen(a: &App) -> bool {
    backlog::tui::view::detail_full_screen(&a.state, &a.ws)
}

/// In a score view only scored items can depart from their score: the
/// unscored ones, listed after them, get no ⇡/⇣. Done and dropped items
/// are not in the view at all.
#[test]
fn unscored_items_get_no_rank_marker() {
    let mut a = app();
    // Twelve scored items in all, so the unscored ones sit twelve rows or
    // more below their rank (a strong departure, by the numbers alone).
    for k in ["TAN-9", "TAN-12", "TAN-20", "TAN-23", "TAN-26", "TAN-29", "TAN-30", "TAN-31", "TAN-32", "TAN-33"] {
        set_wsjf(&mut a, k, 5.0, 3.0, 2.0, 5.0);
    }
    typ(&mut a, "v");
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    // TAN-18 is the first open item by rank (done TAN-40 is not listed:
    // the score view is about open work) and has no score.
    let row = (3..21).find(|&y| row_text(buf, y).contains("TAN-18")).expect("TAN-18 on screen");
    let text = row_text(buf, row);
    assert!(text.contains("#1"), "{text}");
    assert!(!text.contains('⇣') && !text.contains('⇡'), "{text}");
    // Tied scores keep rank order, so the scored items ranked lowest have
    // moved up furthest: they are marked.
    assert!((3..21).any(|y| row_text(buf, y).contains('⇡')), "a scored item far down the rank is marked");
    assert!((3..21).all(|y| !row_text(buf, y).contains("TAN-40")), "a done item is not in the score view");
}

/// The key column fits the longest key on screen: six-digit keys are not
/// cut.
#[test]
fn the_key_column_fits_six_digit_keys() {
    let mut ws = demo_ws();
    let first = ws.ranked_item_positions()[0];
    ws.items[first].key = "TAN-123456".into();
    ws.reindex();
    let mut a = app_on(ws, backlog::domain::Role::Po);
    let text = render(&mut a, 80, 24);
    assert!(text.contains("TAN-123456 "), "{text}");
}

#[test]
fn the_filter_finds_an_item_by_its_external_key_and_the_detail_shows_the_link() {
    let mut a = app();
    typ(&mut a, "/rota-815");
    key(&mut a, KeyCode::Enter);
    let keys = visible_keys(&a);
    assert_eq!(keys.len(), 1, "{keys:?}");
    let it = item(&a, &keys[0]);
    assert!(it.external.iter().any(|x| x.key == "ROTA-815"));
    key(&mut a, KeyCode::Enter);
    let screen = render(&mut a, 160, 48);
    assert!(
        screen.contains("jira: ROTA-815  https://tandem-app.atlassian.net/browse/ROTA-815"),
        "the detail shows the reference and its URL:\n{screen}"
    );
}
