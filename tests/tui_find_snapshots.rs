//! Snapshots of finding and sorting, at 80x24 and 120x40: the sort picker,
//! the backlog sorted by a column either way, a filter whose shape is half
//! typed, a key typed in full, the go-to prompt, and marks a filter hides.

mod tui_common;

use backlog::tui::app::App;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap_both(name: &str, open: fn() -> App, setup: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let mut app = open();
        resize(&mut app, w, h);
        setup(&mut app);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(&mut app, w, h));
    }
}

/// `O`: each column with its letter and the way it sorts; the rank, sorted
/// by now, says so.
#[test]
fn sort_picker() {
    snap_both("sort_picker", app_as_opened, |a| typ(a, "O"));
}

/// Sorted by points, high to low: the header's arrow, the manual rank
/// beside each row where there is room, unestimated work last.
#[test]
fn sorted_by_points_descending() {
    snap_both("sorted_by_points_desc", app_as_opened, |a| typ(a, "OpOp"));
}

/// Sorted by when each item was last changed, newest first: a column of
/// its own that shows while it is sorted by.
#[test]
fn sorted_by_updated() {
    snap_both("sorted_by_updated", app_as_opened, |a| typ(a, "Ou"));
}

/// The picker on the column sorted by: what picking it again does.
#[test]
fn sort_picker_on_a_sorted_column() {
    snap_both("sort_picker_sorted", app_as_opened, |a| typ(a, "OpO"));
}

/// A `(` not closed and an OR with nothing after it: the bugs meanwhile,
/// the problem said where the filter is typed.
#[test]
fn half_typed_filter_shape() {
    snap_both("filter_half_typed", app_as_opened, |a| typ(a, "/(kind:bug OR "));
}

/// A key typed in full: that one item (done, so hidden otherwise).
#[test]
fn exact_key() {
    snap_both("filter_exact_key", app_as_opened, |a| typ(a, "/TAN-1"));
}

/// Ctrl-g: what Enter would open, as it is typed.
#[test]
fn go_to_prompt() {
    snap_both("go_to", app_as_opened, |a| {
        ctrl(a, 'g');
        typ(a, "R3");
    });
    snap_both("go_to_unknown", app_as_opened, |a| {
        ctrl(a, 'g');
        typ(a, "TAN-404");
    });
}

/// Marks outlive the filter; the status line counts those not shown.
#[test]
fn marks_a_filter_hides() {
    snap_both("marks_not_shown", app_as_opened, |a| {
        typ(a, "  ");
        typ(a, "/kind:bug");
        key(a, KeyCode::Enter);
    });
}
