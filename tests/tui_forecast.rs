//! Forecasts where people look: the roadmap timeline's 50–85% ranges, the
//! dates in an initiative's and an epic's detail, and the backlog's
//! "lands by" column, on the demo workspace given a longer history (and
//! on the demo without the sprints it brought from Jira, whose one closed
//! sprint is too few: the refusal says so). Fixed clock; update with `INSTA_UPDATE=always cargo test
//! --test tui_forecast`, then read the `.snap` diffs.

mod tui_common;

use backlog::domain::item::ItemKind;
use backlog::domain::workspace::View;
use backlog::domain::{Role, Workspace};
use backlog::tui::app::App;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn snap_both(name: &str, ws: impl Fn() -> Workspace, setup: impl Fn(&mut App)) {
    snap_with(name, || app_on(ws(), Role::Po), setup);
}

fn snap_with(name: &str, app: impl Fn() -> App, setup: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let mut app = app();
        resize(&mut app, w, h);
        setup(&mut app);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(&mut app, w, h));
    }
}

#[test]
fn the_timeline_draws_each_initiatives_forecast_range() {
    snap_both("forecast_timeline_months", demo_ws_with_history, |a| typ(a, "2v"));
    snap_both("forecast_timeline_quarters", demo_ws_with_history, |a| typ(a, "2vv"));
}

#[test]
fn the_timeline_says_why_there_is_no_forecast() {
    let mut a = app_on(demo_ws_young(), Role::Po);
    typ(&mut a, "2v");
    let screen = render(&mut a, 120, 30);
    assert!(screen.contains("No forecasts: only 1 closed sprint(s) to learn from"), "{screen}");
    assert!(!screen.contains("forecast  "), "no ranges without a forecast: {screen}");
}

#[test]
fn an_initiative_detail_shows_its_dates() {
    snap_both("forecast_initiative_detail", demo_ws_with_history, |a| {
        typ(a, "2");
        key(a, KeyCode::Enter);
    });
}

/// Selects the first epic with open children in the backlog and opens it.
fn open_epic(a: &mut App) {
    let ws = a.ws.clone();
    let pos = ws
        .ranked_item_positions()
        .into_iter()
        .find(|&p| {
            let e = &ws.items[p];
            e.kind == ItemKind::Epic && ws.live_items().any(|c| c.parent == Some(e.meta.id) && !c.status.is_closed())
        })
        .expect("an epic with open children");
    let row = a.state.backlog.list.index_of(&ws, pos).expect("listed");
    a.state.backlog.cursor = row;
    a.state.clamp_backlog();
    key(a, KeyCode::Enter);
}

#[test]
fn an_epic_detail_shows_its_dates() {
    snap_both("forecast_epic_detail", demo_ws_with_history, open_epic);
}

#[test]
fn an_epic_detail_says_why_there_is_no_forecast() {
    let mut a = app_on(demo_ws_young(), Role::Po);
    open_epic(&mut a);
    let screen = render(&mut a, 160, 48);
    assert!(screen.contains("No forecast: only 1 closed sprint(s) to learn from"), "{screen}");
}

fn with_lands_view() -> Workspace {
    let mut ws = demo_ws_with_history();
    ws.settings.views.push(View {
        name: "When".into(),
        filter: String::new(),
        sort: String::new(),
        columns: vec!["pts".into(), "status".into(), "lands".into()],
        show_done: false,
        extra: Default::default(),
    });
    ws
}

#[test]
fn the_backlog_shows_when_each_item_lands_in_a_view_that_names_it() {
    // As a user opens it: done work hidden.
    snap_with(
        "forecast_backlog_lands",
        || app_on_as_opened(with_lands_view(), Role::Po),
        |a| {
            typ(a, "w");
            key(a, KeyCode::Enter);
        },
    );
}

#[test]
fn the_lands_by_column_is_off_by_default() {
    for (w, h) in SIZES {
        let mut a = app_on(demo_ws_with_history(), Role::Po);
        let screen = render(&mut a, w, h);
        assert!(!screen.contains("LANDS BY"), "{screen}");
    }
}

/// An edit makes the forecasts stale; the next background step makes them
/// again, and a frame only reads them.
#[test]
fn an_edit_refreshes_the_forecasts_off_the_keypress() {
    use ratatui::crossterm::event::{Event, KeyEvent, KeyModifiers};
    let mut a = app_on(demo_ws_with_history(), Role::Po);
    let before = a.state.revision;
    assert!(a.state.forecasts.fresh(before, a.state.today));
    // Move the selected item down the rank: the work above it changes.
    a.on_event(&Event::Key(KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT)));
    assert!(a.state.revision > before, "the reorder changed the workspace");
    assert!(a.busy(), "the forecasts wait for the background step");
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("a terminal");
    terminal.draw(|f| backlog::tui::view::draw(f, &a.state, &a.ws)).expect("draws");
    assert!(!a.state.forecasts.fresh(a.state.revision, a.state.today), "a draw makes nothing");
    while a.step() {}
    assert!(a.state.forecasts.fresh(a.state.revision, a.state.today));
    assert!(!a.busy());
}
