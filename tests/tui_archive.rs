//! The archive in the TUI: `is:archived` in the backlog's `/` filter opens
//! the archived items it finds, read-only, and the velocity chart draws the
//! archived sprints. The archive arrives as the reading thread would send
//! it; rendered on a `TestBackend` at 80x24 and 160x48.
//!
//! Update after an intended change with `INSTA_UPDATE=always cargo test
//! --test tui_archive`, then read the `.snap` diffs.

mod tui_common;

use backlog::domain::archive::{put, select, take};
use backlog::domain::{Role, Workspace};
use backlog::tui::app::App;
use backlog::tui::archive::{ArchiveEvent, on_event};
use backlog::tui::state::Modal;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

/// The demo with its settled past (TAN-1, 2, 3 and 34) moved out, and the
/// archive that holds it; one archived title carries an escape sequence.
fn split() -> (Workspace, Workspace) {
    let mut ws = demo_ws();
    let sel = select(&ws, chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    let mut archive = Workspace::new("Tandem", "TAN", ws.vision.meta.clone());
    archive.workspace.archive_of = Some("backlog.json".into());
    put(&mut archive, take(&mut ws, &sel));
    let pos = archive.item_pos(archive.item_by_key("TAN-3").unwrap().meta.id).unwrap();
    archive.items[pos].title.push_str(" \u{1b}[2J\u{1b}[31mred");
    (ws, archive)
}

fn modal_rows(a: &App) -> Option<Vec<String>> {
    match &a.state.modal {
        Some(Modal::Archive { rows: Some(rows), .. }) => {
            let shelf = a.state.archive.open.as_ref().expect("read while open");
            Some(rows.iter().map(|&p| shelf.items[p].key.clone()).collect())
        }
        _ => None,
    }
}

#[test]
fn is_archived_in_the_filter_opens_the_archive_read_only_and_esc_closes_it_with_the_filter() {
    let (ws, archive) = split();
    let before = ws.clone();
    let mut a = app_on(ws, Role::Po);
    typ(&mut a, "/is:archived ");
    assert!(render(&mut a, 80, 24).contains("Enter open the archive"), "the hint says what Enter does");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.state.modal, Some(Modal::Archive { rows: None, .. })), "waits for the archive");
    assert!(render(&mut a, 80, 24).contains("Reading the archive…"));

    on_event(&mut a.state, &a.ws, ArchiveEvent::Read(Some(Box::new(archive.clone()))));
    // The most recently closed first.
    assert_eq!(modal_rows(&a).unwrap(), ["TAN-34", "TAN-3", "TAN-2", "TAN-1"]);
    for (w, h) in [(80, 24), (160, 48)] {
        let frame = render(&mut a, w, h);
        assert!(!frame.contains('\u{1b}'), "no escape reaches the screen");
        insta::assert_snapshot!(format!("archive_{w}x{h}"), frame);
    }
    // j moves; the detail follows, with the epic the item sat under.
    typ(&mut a, "jj");
    let frame = render(&mut a, 160, 48);
    assert!(frame.contains("epic: TAN-1 Working-hours checks in the rota editor"), "{frame}");
    assert!(frame.contains("initiative: R3 "), "links into the workspace read: {frame}");
    // Read-only: a key that edits elsewhere closes it, and changes nothing.
    typ(&mut a, "e");
    assert!(a.state.modal.is_none());
    assert!(a.state.archive.open.is_none(), "the archive is dropped once closed");
    assert_eq!(a.state.backlog.query.text(), "", "the filter goes with it");
    assert_eq!(a.ws, before);
    assert!(visible_keys(&a).contains(&"TAN-18".to_owned()), "the backlog again");
}

#[test]
fn the_filter_s_other_words_narrow_the_archive_and_an_answer_for_a_closed_popup_is_dropped() {
    let (ws, archive) = split();
    let mut a = app_on(ws, Role::Po);
    typ(&mut a, "/rest is:archived");
    key(&mut a, KeyCode::Enter);
    on_event(&mut a.state, &a.ws, ArchiveEvent::Read(Some(Box::new(archive.clone()))));
    assert_eq!(modal_rows(&a).unwrap(), ["TAN-2"]);
    key(&mut a, KeyCode::Esc);
    on_event(&mut a.state, &a.ws, ArchiveEvent::Read(Some(Box::new(archive))));
    assert!(a.state.modal.is_none() && a.state.archive.open.is_none(), "read after it closed: not kept");
    // Without an archive, the popup says how to make one.
    typ(&mut a, "/is:archived");
    key(&mut a, KeyCode::Enter);
    on_event(&mut a.state, &a.ws, ArchiveEvent::Read(None));
    assert!(render(&mut a, 100, 30).contains("`backlog archive` makes one"));
}

#[test]
fn the_velocity_chart_draws_archived_sprints_before_the_workspace_s() {
    let mut a = app_on(demo_ws(), Role::Po);
    let ws = a.ws.clone();
    let closed = ws.sprints.iter().find(|s| s.review.is_some()).expect("a closed sprint").clone();
    let archived: Vec<_> = (1..=2u64)
        .map(|k| {
            let mut s = closed.clone();
            s.meta.id = uuid::Uuid::from_u128(0xA0 + u128::from(k));
            s.name = format!("Sprint {}", 19 - k);
            s.start = s.start - chrono::Days::new(14 * (k + 3));
            s.end = s.end - chrono::Days::new(14 * (k + 3));
            s
        })
        .collect();
    typ(&mut a, "4vv");
    let labels = |a: &mut App| render(a, 160, 48).lines().find(|l| l.contains("S20")).unwrap_or_default().to_owned();
    assert!(!labels(&mut a).contains("S17"));
    on_event(&mut a.state, &a.ws, ArchiveEvent::Sprints(archived));
    let row = labels(&mut a);
    let at = |s: &str| row.find(s).unwrap_or_else(|| panic!("{s} in {row}"));
    assert!(at("S17") < at("S18") && at("S18") < at("S20"), "oldest first: {row}");
}

/// Past the size the config sets, the TUI says so as it opens, naming the
/// remedy; under it, or with the warning off, it says nothing.
#[test]
fn a_workspace_past_the_size_limit_is_said_on_opening_with_the_remedy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    let store = backlog::store::Store::create(&path, demo_ws(), Role::Po).unwrap();
    let today = backlog::store::demo::ANCHOR;
    let said = |mb: f64| {
        let config = backlog::config::Config { warn_size_mb: Some(mb), ..Default::default() };
        let a = backlog::tui::build_app(&store, &config, Role::Po, today).expect("app");
        a.state.log.iter().find(|l| l.text.contains("git hosts")).map(|l| l.text.clone())
    };
    let warning = said(0.05).expect("said");
    assert!(warning.starts_with("backlog.json is 0.1 MB, past 0.05 MB"), "{warning}");
    assert!(warning.contains("`backlog archive` moves what closed long ago to backlog.archive.json"), "{warning}");
    assert_eq!(said(40.0), None, "under the default");
    assert_eq!(said(0.0), None, "0 turns it off");
}

/// The palette opens the whole archive; a filter typed before stays when it
/// closes (only an `is:archived` filter goes with the popup).
#[test]
fn the_palette_opens_the_whole_archive_and_leaves_the_backlog_filter_alone() {
    let (ws, archive) = split();
    let mut a = app_on(ws, Role::Po);
    typ(&mut a, "/swap");
    key(&mut a, KeyCode::Enter);
    let filtered = visible_keys(&a);
    typ(&mut a, ":archive");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(&a.state.modal, Some(Modal::Archive { query, .. }) if query == "is:archived"));
    on_event(&mut a.state, &a.ws, ArchiveEvent::Read(Some(Box::new(archive))));
    assert_eq!(modal_rows(&a).unwrap().len(), 4);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.state.backlog.query.text(), "swap");
    assert_eq!(visible_keys(&a), filtered);
}
