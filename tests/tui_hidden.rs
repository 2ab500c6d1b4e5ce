//! Done and dropped items are hidden in the backlog's rank view by default;
//! `H` shows them and hides them again, and the list title says how many
//! are hidden.

mod tui_common;

use tui_common::*;

#[test]
fn done_work_is_hidden_by_default_and_h_shows_it() {
    let mut a = app_as_opened();
    let closed = a.ws.live_items().filter(|i| i.status.is_closed()).count();
    let total = a.ws.live_items().count();
    assert!(closed > 0);
    let shown = visible_keys(&a);
    assert_eq!(shown.len(), total - closed);
    assert!(shown.iter().all(|k| !item(&a, k).status.is_closed()), "no done or dropped row");
    let screen = render(&mut a, 100, 30);
    assert!(screen.contains(&format!("{} items · {closed} done hidden (H shows)", total - closed)), "{screen}");

    typ(&mut a, "H");
    assert_eq!(visible_keys(&a).len(), total);
    assert!(!render(&mut a, 100, 30).contains("done hidden"));
    typ(&mut a, "H");
    assert_eq!(visible_keys(&a).len(), total - closed);
}

#[test]
fn an_item_marked_done_leaves_the_view_and_undo_brings_it_back() {
    let mut a = app_as_opened();
    select(&mut a, "TAN-11");
    let hidden = a.state.backlog.list.hidden_closed();
    typ(&mut a, "e");
    // Title, kind, points, then status: two steps left of "refined" is "dropped".
    key(&mut a, ratatui::crossterm::event::KeyCode::Tab);
    key(&mut a, ratatui::crossterm::event::KeyCode::Tab);
    key(&mut a, ratatui::crossterm::event::KeyCode::Tab);
    typ(&mut a, "hh");
    key(&mut a, ratatui::crossterm::event::KeyCode::Enter);
    assert_eq!(item(&a, "TAN-11").status.as_str(), "dropped");
    assert!(!visible_keys(&a).contains(&"TAN-11".to_owned()));
    assert_eq!(a.state.backlog.list.hidden_closed(), hidden + 1);
    typ(&mut a, "u");
    assert!(visible_keys(&a).contains(&"TAN-11".to_owned()));
    assert_eq!(a.state.backlog.list.hidden_closed(), hidden);
}

#[test]
fn the_alignment_jump_to_a_done_item_shows_done_work() {
    let mut a = app_as_opened();
    let id = item(&a, "TAN-37").meta.id;
    backlog::tui::update::jump_to(&mut a.state, &a.ws, backlog::tui::update::AlignTarget::Item(id));
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-37"));
    assert!(a.state.backlog.show_done);
}

#[test]
fn a_query_asking_for_done_work_shows_it_as_backlog_list_does() {
    let mut a = app_as_opened();
    typ(&mut a, "/status:done");
    ratatui_enter(&mut a);
    let shown = visible_keys(&a);
    assert!(!shown.is_empty());
    assert!(shown.iter().all(|k| item(&a, k).status.as_str() == "done"), "{shown:?}");
}

fn ratatui_enter(a: &mut backlog::tui::app::App) {
    key(a, ratatui::crossterm::event::KeyCode::Enter);
}
