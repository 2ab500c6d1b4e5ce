//! The grooming views on a `TestBackend` at 80x24 and 160x48: marks and
//! their count, the bulk form, the split popup, the criteria editor, an
//! expanded epic with its progress, and the note that done work is hidden.
//! Update after an intended change with `INSTA_UPDATE=always cargo test
//! --test tui_grooming_snapshots`, then read the `.snap` diffs.

mod tui_common;

use backlog::tui::app::App;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// Snapshots the app as a user opens it (done work hidden) after `setup`.
fn snap_both(name: &str, setup: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let mut app = app_as_opened();
        resize(&mut app, w, h);
        setup(&mut app);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(&mut app, w, h));
    }
}

#[test]
fn done_hidden_note() {
    snap_both("grooming_done_hidden", |_| {});
}

#[test]
fn marks_and_their_count() {
    snap_both("grooming_marks", |a| {
        select(a, "TAN-11");
        typ(a, "  j ");
    });
}

#[test]
fn bulk_form() {
    snap_both("grooming_bulk_form", |a| {
        select(a, "TAN-11");
        typ(a, "   e");
        key(a, KeyCode::Right);
    });
}

#[test]
fn split_popup() {
    snap_both("grooming_split", |a| {
        select(a, "TAN-18");
        typ(a, "xNight surcharges");
        key(a, KeyCode::Enter);
        typ(a, "Sunday and holiday surcharges");
        key(a, KeyCode::Tab);
        key(a, KeyCode::Right);
    });
}

#[test]
fn criteria_editor() {
    snap_both("grooming_criteria_add", |a| {
        select(a, "TAN-18");
        typ(a, "caShows the surcharge on the payslip");
    });
}

#[test]
fn expanded_epic() {
    snap_both("grooming_expanded_epic", |a| {
        select(a, "TAN-4");
        typ(a, "z");
    });
}

#[test]
fn expanded_epic_with_done_work_shown() {
    snap_both("grooming_expanded_epic_all", |a| {
        typ(a, "H");
        select(a, "TAN-4");
        typ(a, "z");
    });
}
