//! Every pane and modal of the TUI, rendered on a `TestBackend` at 80x24
//! and 160x48 from the demo workspace with a fixed clock, the plain theme
//! and the default keys. Each snapshot is the frame as text plus the
//! columns drawn reversed on each row (the plain theme's selection) and the
//! cursor position, so a lost selection or cursor shows up in review.
//!
//! Update after an intended change with `INSTA_UPDATE=always cargo test
//! --test tui_snapshots`, then read the `.snap` diffs.

mod tui_common;

use backlog::tui::app::App;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// Snapshots the app after `setup` at both sizes. Each size gets a fresh
/// app, so nothing carries over between them.
fn snap_both(name: &str, setup: impl Fn(&mut App)) {
    for (w, h) in SIZES {
        let mut app = app();
        resize(&mut app, w, h);
        setup(&mut app);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(&mut app, w, h));
    }
}

#[test]
fn vision_pane() {
    snap_both("vision", |a| typ(a, "1"));
}

#[test]
fn roadmap_pane() {
    snap_both("roadmap", |a| typ(a, "2"));
}

#[test]
fn backlog_pane() {
    // A PO session opens on the Backlog; the first row is selected.
    snap_both("backlog", |_| {});
}

#[test]
fn backlog_detail() {
    // TAN-18 is a story with a story triple and three acceptance criteria:
    // beside the list at 160 columns, over it at 80.
    snap_both("backlog_detail", |a| {
        typ(a, "j");
        assert_eq!(selected_key(a).as_deref(), Some("TAN-18"));
        key(a, KeyCode::Enter);
    });
}

#[test]
fn backlog_filtered() {
    snap_both("backlog_filtered", |a| typ(a, "/datev"));
}

#[test]
fn backlog_filter_matches_nothing() {
    snap_both("backlog_filter_empty", |a| {
        typ(a, "/zzzz");
        key(a, KeyCode::Enter);
    });
}

#[test]
fn sprint_pane() {
    snap_both("sprint", |a| typ(a, "4"));
}

#[test]
fn new_item_form() {
    snap_both("form_new_item", |a| typ(a, "n"));
}

/// Long values in fields not being edited show their beginning, with … at
/// the cut (the title, being edited, shows its end where the cursor is).
#[test]
fn form_showing_long_values() {
    snap_both("form_long_values", |a| {
        select(a, "TAN-7");
        typ(a, "e");
        key(a, KeyCode::Tab);
    });
}

/// The vision board's sections are text areas: long paragraphs show from
/// their start over three lines, … where there is more.
#[test]
fn vision_form_with_text_areas() {
    // The PO is asked first (the vision is the PM's), then edits.
    snap_both("form_vision", |a| typ(a, "1ey"));
}

#[test]
fn form_with_a_validation_error() {
    // Points must be on the workspace's scale (0 1 2 3 5 8 …): 4 is not.
    snap_both("form_error", |a| {
        typ(a, "n");
        typ(a, "Export rota as iCal");
        key(a, KeyCode::Tab);
        key(a, KeyCode::Tab);
        typ(a, "4");
        key(a, KeyCode::Enter);
    });
}

#[test]
fn delete_confirmation() {
    snap_both("confirm_delete", |a| typ(a, "d"));
}

#[test]
fn help() {
    snap_both("help", |a| typ(a, "?"));
}

/// Context help: the Sprint pane's planning keys first, then the rest.
#[test]
fn help_in_sprint_planning() {
    snap_both("help_sprint_planning", |a| typ(a, "4v?"));
}

/// Context help on the Roadmap.
#[test]
fn help_on_the_roadmap() {
    snap_both("help_roadmap", |a| typ(a, "2?"));
}

/// `?` in a popup: its own keys first; any key goes back to it.
#[test]
fn help_in_the_close_sprint_dialog() {
    snap_both("help_close_sprint", |a| typ(a, "4S?"));
    let mut a = app();
    typ(&mut a, "4S?x");
    assert!(matches!(a.state.modal, Some(backlog::tui::state::Modal::CloseSprint { .. })), "back to the dialog");
}

/// At 120 columns nothing in the help is cut off: every description is
/// there whole, scrolled through to the end.
#[test]
fn help_is_not_cut_at_120_columns() {
    let mut a = app();
    resize(&mut a, 120, 40);
    typ(&mut a, "?");
    let mut seen = String::new();
    for _ in 0..10 {
        seen.push_str(&render(&mut a, 120, 40));
        typ(&mut a, &"j".repeat(20));
    }
    for act in backlog::tui::action::Action::ALL {
        assert!(seen.contains(act.description()), "{act:?} whole in the help");
    }
}

#[test]
fn palette() {
    snap_both("palette", |a| typ(a, ":sprint"));
}

#[test]
fn terminal_too_small() {
    for (w, h) in [(30, 8), (1, 1)] {
        let mut app = app();
        insta::assert_snapshot!(format!("too_small_{w}x{h}"), render(&mut app, w, h));
    }
}

#[test]
fn vision_with_the_last_board_field_selected() {
    // The selection must stay in view when the board is taller than the pane.
    snap_both("vision_pitch_selected", |a| {
        typ(a, "1");
        typ(a, "jjjjj");
    });
}

#[test]
fn vision_with_a_goal_selected() {
    snap_both("vision_goal_selected", |a| {
        typ(a, "1");
        typ(a, "G");
    });
}

/// The plain theme has no colours: the selection is REVERSED, which the
/// text of a snapshot cannot show. Check the cells themselves.
#[test]
fn the_selected_backlog_row_is_drawn_reversed() {
    let mut a = app();
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    // Rows: tab bar, border, header, then the list from row 3.
    assert_eq!(reversed_rows(buf, 1, 78), vec![3]);
    assert!(row_text(buf, 3).contains("TAN-40"));

    typ(&mut a, "jj");
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    assert_eq!(reversed_rows(buf, 1, 78), vec![5]);
    assert!(row_text(buf, 5).contains("TAN-37"));

    // Past the first page the list scrolls and the selection stays visible.
    typ(&mut a, "G");
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    assert_eq!(reversed_rows(buf, 1, 78), vec![20]);
    assert!(row_text(buf, 20).contains("TAN-39"));

    // Beside the detail at 160 columns, the list row is still marked.
    typ(&mut a, "g");
    key(&mut a, KeyCode::Enter);
    let t = draw(&mut a, 160, 48);
    let buf = t.backend().buffer();
    assert_eq!(reversed_rows(buf, 1, 80), vec![3]);
    assert!(row_text(buf, 1).contains("TAN-40"), "the detail is titled with the key");
}
/// Cards on the Roadmap and the Sprint board are marked across their full
/// width, not just under their text.
#[test]
fn selected_cards_are_marked_across_the_column() {
    let mut a = app();
    typ(&mut a, "2");
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    // The NOW column's inner width is 1..=25; its first card is rows 2-4.
    assert_eq!(reversed_rows(buf, 1, 25), vec![2, 3, 4]);

    typ(&mut a, "4");
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    // The To do column's inner width is 1..=18; the card is rows 7-8.
    assert_eq!(reversed_rows(buf, 1, 18), vec![7, 8]);
}

/// The smallest size that draws the panes (40x10): nothing may be cut
/// without an ellipsis or overlap.
#[test]
fn every_pane_at_the_minimum_size() {
    for (pane, keys) in [("vision", "1"), ("roadmap", "2"), ("backlog", "3"), ("sprint", "4")] {
        let mut a = app();
        typ(&mut a, keys);
        insta::assert_snapshot!(format!("min_{pane}_40x10"), render(&mut a, 40, 10));
    }
    let mut a = app();
    typ(&mut a, "n");
    insta::assert_snapshot!("min_form_40x10", render(&mut a, 40, 10));
}

/// A new workspace: every pane says what to do next instead of showing an
/// empty box.
#[test]
fn every_pane_on_an_empty_workspace() {
    for (pane, keys) in [("vision", "1"), ("roadmap", "2"), ("backlog", "3"), ("sprint", "4")] {
        let mut a = app_on(empty_ws(), backlog::domain::Role::Po);
        typ(&mut a, keys);
        insta::assert_snapshot!(format!("empty_{pane}_80x24"), render(&mut a, 80, 24));
    }
}

/// After a change: the status line reports it and the selection has moved
/// with the item.
#[test]
fn backlog_after_a_reorder() {
    snap_both("backlog_after_move", |a| typ(a, "jJ"));
}

/// A PM session: the badge says PM, and crossing into the PO's items asks.
#[test]
fn pm_asked_to_confirm_editing_a_po_item() {
    for (w, h) in SIZES {
        let mut a = app_on(demo_ws(), backlog::domain::Role::Pm);
        typ(&mut a, "3s");
        insta::assert_snapshot!(format!("confirm_role_guard_{w}x{h}"), render(&mut a, w, h));
    }
}

/// The roadmap's timeline: initiatives with a timeframe on a calendar.
#[test]
fn roadmap_timeline_by_month() {
    snap_both("roadmap_timeline_months", |a| typ(a, "2v"));
}

#[test]
fn roadmap_timeline_by_quarter() {
    snap_both("roadmap_timeline_quarters", |a| typ(a, "2vv"));
}

/// The alignment report, opened from the Backlog (it opens from any pane).
#[test]
fn alignment_report() {
    snap_both("alignment", |a| typ(a, "a"));
}

/// Enter on an entry of the report shows it in its pane, selected.
#[test]
fn alignment_report_jumps_to_an_entry() {
    snap_both("alignment_jump", |a| {
        typ(a, "a");
        key(a, KeyCode::Enter);
    });
}

/// The backlog sorted by WSJF: the scored items first, with where each
/// stands in the manual rank, and ⇡ where the rank has it far lower than
/// its score.
#[test]
fn backlog_sorted_by_wsjf() {
    snap_both("backlog_by_wsjf", |a| {
        score_demo_items(a);
        typ(a, "3v");
    });
}

#[test]
fn backlog_sorted_by_rice() {
    snap_both("backlog_by_rice", |a| {
        score_demo_items(a);
        typ(a, "3vv");
    });
}

#[test]
fn sprint_planning() {
    snap_both("sprint_planning", |a| typ(a, "4v"));
}

/// `t` in planning: Sprint 24 is planned while Sprint 23 runs; the title
/// says which of the open sprints it is, and the gauge is Sprint 24's.
#[test]
fn sprint_planning_of_the_next_sprint() {
    snap_both("sprint_planning_next", |a| typ(a, "4vt"));
}

/// Enter on a roadmap card: the initiative read-only, with its stories.
#[test]
fn roadmap_initiative_detail() {
    snap_both("roadmap_detail", |a| {
        typ(a, "2");
        key(a, KeyCode::Enter);
    });
}

#[test]
fn sprint_charts() {
    snap_both("sprint_charts", |a| typ(a, "4vv"));
}

/// ← in the charts goes back to the closed Sprint 22.
#[test]
fn sprint_charts_of_an_older_sprint() {
    snap_both("sprint_charts_older", |a| {
        typ(a, "4vv");
        key(a, KeyCode::Left);
    });
}

/// `c` on TAN-18 (three criteria), after checking off the first.
#[test]
fn criteria_checklist_from_the_backlog() {
    snap_both("criteria_backlog", |a| {
        typ(a, "j");
        assert_eq!(selected_key(a).as_deref(), Some("TAN-18"));
        typ(a, "c j");
    });
}

/// `c` on the board's selected card (TAN-18 in To do).
#[test]
fn criteria_checklist_from_the_board() {
    snap_both("criteria_board", |a| typ(a, "4c"));
}

#[test]
fn close_sprint_dialog() {
    snap_both("close_sprint", |a| typ(a, "4S"));
}

/// `c` in the close dialog: unfinished work goes back to the backlog
/// instead of on to Sprint 24.
#[test]
fn close_sprint_dialog_to_the_backlog() {
    snap_both("close_sprint_backlog", |a| typ(a, "4Sc"));
}

#[test]
fn sprint_review_after_closing() {
    snap_both("sprint_review", |a| typ(a, "4Sy"));
}

#[test]
fn conflicts_modal() {
    for (w, h) in SIZES {
        let mut a = app_on(ws_with_conflict(), backlog::domain::Role::Po);
        typ(&mut a, "C");
        insta::assert_snapshot!(format!("conflicts_{w}x{h}"), render(&mut a, w, h));
        // A refused pick says why in the popup, whole, not cut to the
        // status line's room.
        a.state.error(
            "conflict: TAN-18 parent cannot take theirs (before the repair: TAN-4 (deleted)): no parent item \
             TAN-4 (deleted). Keep ours (the merge's repair: (none)), or change parent yourself",
        );
        insta::assert_snapshot!(format!("conflicts_refused_{w}x{h}"), render(&mut a, w, h));
    }
}

/// A description longer than the screen: the detail over the list at 80
/// columns says how much there is, and j/k scroll it down to the criteria.
#[test]
fn backlog_detail_scrolls_at_80_columns() {
    let mut a = app();
    long_description(&mut a);
    typ(&mut a, "j");
    key(&mut a, KeyCode::Enter);
    insta::assert_snapshot!("backlog_detail_long_top_80x24", render(&mut a, 80, 24));
    typ(&mut a, "G");
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-18"), "G scrolls the detail, not the list");
    insta::assert_snapshot!("backlog_detail_long_bottom_80x24", render(&mut a, 80, 24));
    // Beside the list there is room for it all at 160x48.
    insta::assert_snapshot!("backlog_detail_long_160x48", render(&mut a, 160, 48));
}

#[test]
fn quitting_when_the_last_save_failed() {
    use backlog::tui::state::{Modal, Quitting};
    snap_both("quit_failed", |a| {
        a.state.modal = Some(Modal::Quit(Quitting::Failed(
            "could not save /home/po/backlog.json: No space left on device (os error 28)".into(),
        )))
    });
    snap_both("quit_confirm_discard", |a| a.state.modal = Some(Modal::Quit(Quitting::ConfirmDiscard(String::new()))));
}

#[test]
fn recovery_files_offered_on_opening() {
    use backlog::tui::state::Modal;
    snap_both("recover_offer", |a| {
        a.state.modal = Some(Modal::Recover {
            files: vec![
                "/home/po/backlog.unsaved-20261130T101500Z-4242-1a2b3c4d.json".into(),
                "/home/po/backlog.unsaved-20261130T114200Z-4391-9f8e7d6c.json".into(),
            ],
            row: 1,
        })
    });
}
