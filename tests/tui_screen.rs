//! What every pane shares on screen: the tab bar (a click on a tab opens
//! its pane), the hint line, and clicks acting only on what is drawn where
//! they land. Everything goes through `App::on_event`, as in the terminal.

mod tui_common;

use backlog::tui::app::Outside;
use backlog::tui::state::{Modal, Pane};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use tui_common::*;

fn click(app: &mut backlog::tui::app::App, column: u16, row: u16) {
    send(
        app,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }),
    );
}

/// A click on a tab's label opens that pane, at full width and when the
/// bar is compacted to fit a narrow terminal.
#[test]
fn clicking_a_tab_opens_its_pane() {
    let mut a = app();
    for (w, h) in [(80, 24), (160, 48), (40, 10)] {
        resize(&mut a, w, h);
        for pane in [Pane::Vision, Pane::Sprint, Pane::Roadmap, Pane::Backlog] {
            // Find the tab on screen (" 2 Roadmap ", or " 2 " when compact)
            // and click every column of it.
            let other = if pane == Pane::Backlog { Pane::Vision } else { Pane::Backlog };
            a.state.pane = other;
            let t = draw(&mut a, w, h);
            let bar = row_text(t.backend().buffer(), 0);
            let n = pane.index() + 1;
            let (start, len) = [format!(" {n} {} ", pane.title()), format!(" {n} ")]
                .iter()
                .find_map(|l| bar.find(l.as_str()).map(|i| (i, l.len())))
                .expect("every tab shows its number");
            for col in start..start + len {
                a.state.pane = other;
                click(&mut a, col as u16, 0);
                assert_eq!(a.state.pane, pane, "clicked column {col} of {bar:?} at {w}x{h}");
            }
        }
    }
}

/// `? help` is on the hint line of every pane and view, at 80 columns and
/// at the smallest size.
#[test]
fn the_hint_line_always_shows_help() {
    let views = ["1", "2", "2v", "2vv", "3", "3v", "3vv", "3/x", "3j\n", "4", "4v", "4vv"];
    for (w, h) in [(80, 24), (40, 10), (160, 48)] {
        for keys in views {
            let mut a = app();
            for c in keys.chars() {
                if c == '\n' { key(&mut a, KeyCode::Enter) } else { typ(&mut a, &c.to_string()) }
            }
            let t = draw(&mut a, w, h);
            let last = row_text(t.backend().buffer(), h - 1);
            assert!(last.trim_end().ends_with("? help"), "{keys:?} at {w}x{h}: {last:?}");
        }
    }
}

/// Clicks act on what is drawn where they land: not on list rows hidden
/// under the detail, not on borders or the status lines.
#[test]
fn clicks_respect_what_is_on_screen() {
    let mut a = app();
    // Row 5 shows TAN-37 (rows: tab bar, border, header, then the list).
    click(&mut a, 10, 5);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-37"));
    // The bottom border and the status lines are not rows.
    for row in [21, 22, 23] {
        click(&mut a, 10, row);
        assert_eq!(selected_key(&a).as_deref(), Some("TAN-37"), "click on row {row}");
    }
    // Nor the header.
    click(&mut a, 10, 2);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-37"));

    // The detail over the list at 80 columns: clicks do not select rows
    // that cannot be seen.
    key(&mut a, KeyCode::Enter);
    click(&mut a, 10, 8);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-37"));

    // Beside the list at 160 columns: clicks on the list select, clicks on
    // the detail do not.
    resize(&mut a, 160, 48);
    click(&mut a, 10, 3);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-40"));
    click(&mut a, 120, 5);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-40"));

    // With a modal open, clicks do nothing and the wheel scrolls the modal,
    // not the list behind it.
    resize(&mut a, 80, 24);
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "?");
    send(
        &mut a,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 10,
            row: 10,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert!(matches!(a.state.modal, Some(Modal::Help { scroll: 1, .. })));
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-40"));
}

/// Every key a terminal can send that a binding might use: printable
/// characters (upper case with Shift), the named keys, and Ctrl with each
/// letter.
fn every_key() -> Vec<KeyEvent> {
    let mut keys: Vec<KeyEvent> = (' '..='~')
        .map(|c| {
            KeyEvent::new(
                KeyCode::Char(c),
                if c.is_ascii_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE },
            )
        })
        .collect();
    for code in [
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Insert,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
    ] {
        keys.push(KeyEvent::new(code, KeyModifiers::NONE));
    }
    keys.extend(('a'..='z').map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
    keys
}

/// While the terminal is too small for anything but its notice, no key
/// changes data or opens something unseen, in any pane: no command, undo,
/// redo, editor, form, question or filter. Quitting, suspending and moving
/// the selection still work.
#[test]
fn too_small_to_see_no_key_changes_anything() {
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    let quits = [KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE), ctrl('c')];
    for pane in ["1", "2", "3", "4"] {
        for k in every_key() {
            let mut a = app();
            typ(&mut a, pane);
            // Something to undo, made while it could be seen.
            if pane == "3" {
                typ(&mut a, "J");
                assert_eq!(a.state.undo.len(), 1);
            }
            resize(&mut a, 30, 8);
            let ws = a.ws.clone();
            let (undo, redo) = (a.state.undo.len(), a.state.redo.len());
            send(&mut a, Event::Key(k));
            let what = format!("{k:?} in pane {pane}");
            assert!(a.ws == ws, "{what} changed the workspace");
            assert_eq!((a.state.undo.len(), a.state.redo.len()), (undo, redo), "{what} undid or redid");
            assert!(a.state.modal.is_none(), "{what} opened {:?}", a.state.modal);
            assert!(!a.state.backlog.typing, "{what} started a filter");
            let want_outside = (k == ctrl('z')).then_some(Outside::Suspend);
            assert_eq!(a.outside, want_outside, "{what}");
            assert_eq!(a.state.quit, quits.contains(&k), "{what}");
        }
    }

    // Navigation still works; and once the panes show again, so do edits.
    let mut a = app();
    let first = selected_key(&a);
    resize(&mut a, 30, 8);
    typ(&mut a, "j");
    assert_ne!(selected_key(&a), first, "j moves the selection at any size");
    resize(&mut a, 80, 24);
    typ(&mut a, "J");
    assert_eq!(a.state.undo.len(), 1, "J moves the item again once it can be seen");
}

/// What was open when the terminal shrank is not answered unseen: Enter in
/// a form, `y` to a question, text pasted into a form.
#[test]
fn too_small_to_see_an_open_form_or_question_waits() {
    let mut a = app();
    typ(&mut a, "n");
    typ(&mut a, "Typed before the shrink");
    assert!(matches!(a.state.modal, Some(Modal::Form(_))));
    let ws = a.ws.clone();
    resize(&mut a, 30, 8);
    send(&mut a, Event::Paste(" and pasted".into()));
    key(&mut a, KeyCode::Enter);
    assert!(a.ws == ws, "Enter submitted the form unseen");
    assert!(matches!(a.state.modal, Some(Modal::Form(_))), "the form is still open");
    resize(&mut a, 80, 24);
    key(&mut a, KeyCode::Enter);
    let added = a.ws.live_items().find(|i| i.title.starts_with("Typed before the shrink")).map(|i| i.title.clone());
    assert_eq!(added.as_deref(), Some("Typed before the shrink"), "submitted once seen, without the unseen paste");

    let mut a = app();
    typ(&mut a, "d");
    assert!(matches!(a.state.modal, Some(Modal::Confirm(_))), "d asks first");
    let ws = a.ws.clone();
    resize(&mut a, 30, 8);
    typ(&mut a, "y");
    key(&mut a, KeyCode::Enter);
    assert!(a.ws == ws, "the delete was confirmed unseen");
    assert!(matches!(a.state.modal, Some(Modal::Confirm(_))));
}

/// Ctrl-Z suspends from anywhere, a form included (kept as it was); a
/// user who binds Ctrl-Z to something else gets that instead.
#[test]
fn ctrl_z_suspends_unless_rebound() {
    let mut a = app();
    typ(&mut a, "n");
    typ(&mut a, "Half typed");
    ctrl(&mut a, 'z');
    assert_eq!(a.outside, Some(Outside::Suspend));
    match &a.state.modal {
        Some(Modal::Form(f)) => assert!(format!("{f:?}").contains("Half typed"), "the form keeps its text"),
        other => panic!("the form is gone: {other:?}"),
    }

    let mut o = std::collections::BTreeMap::new();
    o.insert("undo".to_owned(), toml::Value::String("ctrl-z".into()));
    o.insert("suspend".to_owned(), toml::Value::Array(Vec::new()));
    let mut a = app();
    a.state.keymap = backlog::tui::keymap::Keymap::with_overrides(&o).unwrap();
    typ(&mut a, "J");
    ctrl(&mut a, 'z');
    assert_eq!(a.outside, None);
    assert!(a.state.undo.is_empty() && a.state.redo.len() == 1, "Ctrl-Z undid the move");
}
