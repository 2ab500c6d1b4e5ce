//! Comments, dependencies, assignees, the Definition of Ready and named
//! views in the TUI: state changes through the keys, and snapshots of what
//! they look like at 80x24 and 160x48.

mod tui_common;

use backlog::tui::app::App;
use backlog::tui::state::Modal;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

/// The demo's blocked story: the watch app waits for the React Native upgrade.
fn blocked_key(a: &App) -> String {
    let ws = &a.ws;
    let blocker = ws.live_items().find(|i| !i.blocks.is_empty()).expect("the demo has a blocker");
    ws.item(blocker.blocks[0]).unwrap().key.clone()
}

#[test]
fn m_adds_a_comment_with_who_and_when_and_u_takes_it_back() {
    let mut a = app();
    select(&mut a, "TAN-18");
    typ(&mut a, "m");
    assert!(matches!(&a.state.modal, Some(Modal::Form(f)) if f.title == "Comment on TAN-18"));
    // Letters are text in the form, not list commands.
    typ(&mut a, "Checked with legal: fine");
    key(&mut a, KeyCode::Enter);
    let c = item(&a, "TAN-18").comments.last().unwrap().clone();
    assert_eq!(
        (c.text.as_str(), c.author.as_str(), c.role),
        ("Checked with legal: fine", "po", backlog::domain::Role::Po)
    );
    assert_eq!(a.state.message.as_ref().unwrap().0, "Commented on TAN-18");
    typ(&mut a, "u");
    assert!(item(&a, "TAN-18").comments.iter().all(|x| x.text != "Checked with legal: fine"));
}

#[test]
fn l_edits_what_an_item_blocks_and_is_blocked_by_in_one_step() {
    let mut a = app();
    select(&mut a, "TAN-9");
    typ(&mut a, "L");
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("L opens the dependency form") };
    assert_eq!(f.title, "Dependencies of TAN-9");
    // Blocks: TAN-24 and TAN-30.
    typ(&mut a, "TAN-24, tan-30");
    key(&mut a, KeyCode::Enter);
    let blocks: Vec<String> = item(&a, "TAN-9").blocks.iter().map(|id| a.ws.item(*id).unwrap().key.clone()).collect();
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    assert!(a.state.backlog.blocked.contains(&item(&a, "TAN-24").meta.id), "the list knows at once");
    // One undo step takes both back.
    typ(&mut a, "u");
    assert!(item(&a, "TAN-9").blocks.is_empty());
    assert!(!a.state.backlog.blocked.contains(&item(&a, "TAN-24").meta.id));

    // A cycle is refused with the reason, and nothing changes.
    typ(&mut a, "L");
    typ(&mut a, "TAN-24");
    key(&mut a, KeyCode::Enter);
    select(&mut a, "TAN-24");
    typ(&mut a, "L");
    typ(&mut a, "TAN-9");
    key(&mut a, KeyCode::Enter);
    let msg = &a.state.message.as_ref().unwrap().0;
    assert!(msg.contains("cycle"), "{msg}");
    assert!(item(&a, "TAN-24").blocks.is_empty());
}

#[test]
fn moving_to_ready_asks_what_is_missing_and_y_moves_it_anyway() {
    let mut a = app();
    let bare = a.ws.live_items().find(|i| i.status == backlog::domain::Status::New && i.estimate.is_none()).unwrap();
    let key_ = bare.key.clone();
    select(&mut a, &key_);
    typ(&mut a, "e");
    // Status is the fourth field: Tab three times, then → to refined, ready.
    for _ in 0..3 {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Enter);
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("the Definition of Ready asks: {:?}", a.state.message) };
    assert_eq!(c.title, "Definition of Ready");
    assert!(c.message.contains("· no estimate"), "{}", c.message);
    typ(&mut a, "y");
    assert_eq!(item(&a, &key_).status, backlog::domain::Status::Ready);
    let msg = &a.state.message.as_ref().unwrap().0;
    assert!(msg.contains("misses the Definition of Ready"), "{msg}");
    // The list marks it as ready but short of the definition.
    let screen = render(&mut a, 160, 48);
    let row = screen.lines().find(|l| l.contains(&format!("{key_} "))).unwrap().to_owned();
    assert!(row.contains("ready ✗"), "{row}");
}

#[test]
fn w_saves_the_filter_as_a_view_and_applies_it_later() {
    let mut a = app();
    typ(&mut a, "/label:payroll");
    key(&mut a, KeyCode::Enter);
    let n = a.state.backlog.list.len();
    assert!(n > 0);
    typ(&mut a, "w");
    assert!(matches!(a.state.modal, Some(Modal::Views { .. })));
    typ(&mut a, "s");
    typ(&mut a, "Payroll work");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.ws.settings.views.len(), 1);
    assert_eq!(a.ws.settings.views[0].filter, "label:payroll");
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.state.backlog.list.len(), a.state.backlog.list.total(), "Esc cleared the filter");
    typ(&mut a, "1w");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.state.pane, backlog::tui::state::Pane::Backlog);
    assert_eq!(a.state.backlog.query.text(), "label:payroll");
    assert_eq!(a.state.backlog.list.len(), n);
}

#[test]
fn snapshots_of_the_detail_the_dependency_form_and_the_views() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = app();
        let k = blocked_key(&a);
        select(&mut a, &k);
        key(&mut a, KeyCode::Enter);
        insta::assert_snapshot!(format!("detail_blocked_with_comment_{w}x{h}"), render(&mut a, w, h));
        key(&mut a, KeyCode::Esc);
        typ(&mut a, "L");
        insta::assert_snapshot!(format!("dependency_form_{w}x{h}"), render(&mut a, w, h));
        key(&mut a, KeyCode::Esc);
        typ(&mut a, "/is:blocked");
        key(&mut a, KeyCode::Enter);
        typ(&mut a, "ws");
        typ(&mut a, "Blocked");
        key(&mut a, KeyCode::Enter);
        typ(&mut a, "w");
        insta::assert_snapshot!(format!("views_{w}x{h}"), render(&mut a, w, h));
    }
}

#[test]
fn d_shows_the_definitions_and_space_ticks_an_item_without_leaking_keys() {
    let mut ws = demo_ws();
    ws.settings.definition_of_ready.items = vec!["Designs attached".into(), "Sized by the team".into()];
    let mut a = app_on(ws, backlog::domain::Role::Po);
    select(&mut a, "TAN-25");
    typ(&mut a, "D");
    assert!(matches!(a.state.modal, Some(Modal::Definition { .. })));
    for (w, h) in [(80, 24), (160, 48)] {
        insta::assert_snapshot!(format!("definition_{w}x{h}"), render(&mut a, w, h));
    }
    typ(&mut a, "j ");
    assert_eq!(item(&a, "TAN-25").checked, ["Sized by the team"]);
    // Letters that are list commands elsewhere do nothing here.
    typ(&mut a, "dnJs");
    assert!(matches!(a.state.modal, Some(Modal::Definition { .. })));
    assert!(item(&a, "TAN-25").is_live());
    typ(&mut a, "k ");
    assert_eq!(item(&a, "TAN-25").checked, ["Designs attached", "Sized by the team"]);
    key(&mut a, KeyCode::Esc);
    assert!(a.state.modal.is_none());
}

#[test]
fn a_saved_view_is_picked_from_the_palette() {
    let mut a = app();
    typ(&mut a, "/label:payroll");
    key(&mut a, KeyCode::Enter);
    typ(&mut a, "ws");
    typ(&mut a, "Payroll work");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    assert!(a.state.backlog.query.text().is_empty());
    typ(&mut a, ":payroll wo");
    let screen = render(&mut a, 100, 30);
    assert!(screen.contains("view     Payroll work: label:payroll"), "{screen}");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.state.backlog.query.text(), "label:payroll");
}
