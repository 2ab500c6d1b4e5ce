//! The session's message log (`@`): every message the status line shows is
//! kept, whole, with its time; a message cut on the status line says where
//! to read it; the log opens at the newest and scrolls as lists do. Driven
//! through `App::on_event`, as in the terminal, on a fixed clock.

mod tui_common;

use backlog::tui::app::App;
use backlog::tui::state::{Level, Modal};
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

/// The whole warning a Done short of its definition gives.
const LONG: &str = "TAN-7: review → done · TAN-7 misses the Definition of Done: acceptance criteria not all met";

/// Moves TAN-7 to Done on the Sprint board, answering yes to the question
/// about its unmet criteria: a warning longer than the status line.
fn long_warning(a: &mut App) {
    typ(a, "4l>>y");
    assert_eq!(a.state.message.clone(), Some((LONG.to_owned(), Level::Warn)), "a change with a warning warns");
}

/// The status line row of a frame.
fn status_line(screen: &str, h: u16) -> String {
    screen.lines().nth(usize::from(h) - 2).unwrap_or_default().to_owned()
}

#[test]
fn a_cut_message_says_where_to_read_it_and_the_log_has_it_whole() {
    let mut a = app();
    long_warning(&mut a);
    let screen = render(&mut a, 80, 24);
    let status = status_line(&screen, 24);
    assert!(status.contains("TAN-7: review → done · TAN-7 misses the Def…"), "{status}");
    assert!(status.ends_with("… (@ messages)\""), "the cut says it continues: {status}");

    // At 160 columns it fits: no note.
    let wide = status_line(&render(&mut a, 160, 48), 48);
    assert!(wide.contains(LONG) && !wide.contains("(@ messages)"), "{wide}");

    typ(&mut a, "@");
    assert!(matches!(a.state.modal, Some(Modal::Messages { .. })));
    // Wrapped to the width, every word of it there, with its time: the
    // popup's rows read one after the other.
    let terminal = draw(&mut a, 80, 24);
    let buf = terminal.backend().buffer();
    let rows: Vec<String> = (1..23).map(|y| (3..77).map(|x| buf[(x, y)].symbol()).collect::<String>()).collect();
    let words = rows.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(&format!("09:30:00 warning: {LONG}")), "{}", rows.join("\n"));
    insta::assert_snapshot!("messages_80x24", render(&mut a, 80, 24));
    insta::assert_snapshot!("messages_160x48", render(&mut a, 160, 48));
    // Any other key closes it; nothing leaks to the board behind.
    key(&mut a, KeyCode::Esc);
    assert!(a.state.modal.is_none());
}

/// Every message of the session, oldest first, infos and errors too; the
/// same message said again is one entry, counted.
#[test]
fn the_log_keeps_every_message_and_counts_repeats() {
    let mut a = app();
    typ(&mut a, "o"); // "Showing only PM-owned items"
    typ(&mut a, "o");
    typ(&mut a, "o"); // "Showing everyone's items"
    typ(&mut a, "u"); // nothing to undo
    typ(&mut a, "u");
    typ(&mut a, "u");
    let texts: Vec<(String, Level, u32)> = a.state.log.iter().map(|m| (m.text.clone(), m.level, m.times)).collect();
    assert_eq!(
        texts,
        vec![
            ("Showing only PM-owned items".to_owned(), Level::Info, 1),
            ("Showing only PO-owned items".to_owned(), Level::Info, 1),
            ("Showing everyone's items".to_owned(), Level::Info, 1),
            ("Nothing to undo".to_owned(), Level::Info, 3),
        ]
    );
    assert!(a.state.log.iter().all(|m| m.at == now()), "stamped by the session's clock");
    typ(&mut a, "@");
    let log = render(&mut a, 80, 24);
    assert!(log.contains("Nothing to undo (×3)"), "{log}");
    // An error says so in words (colour may be off).
    key(&mut a, KeyCode::Esc);
    a.state.error("Not saved: disk full");
    typ(&mut a, "@");
    assert!(render(&mut a, 80, 24).contains("error: Not saved: disk full"));
}

/// The log opens at the newest, scrolls with j/k, PgUp/PgDn, g/G and
/// Home/End without closing, and at the end follows what comes in.
#[test]
fn the_log_opens_at_the_newest_and_scrolls_as_lists_do() {
    let mut a = app();
    for i in 1..=60 {
        a.state.info(format!("message number {i}"));
    }
    typ(&mut a, "@");
    let shown = |a: &mut App| render(a, 80, 24);
    let s = shown(&mut a);
    assert!(s.contains("message number 60") && !s.contains("message number 1 "), "opens at the newest:\n{s}");
    assert!(s.contains("lines 41–60 of 60"), "{s}");
    typ(&mut a, "g");
    let s = shown(&mut a);
    assert!(s.contains("message number 1 ") && s.contains("lines 1–20 of 60"), "{s}");
    key(&mut a, KeyCode::PageDown);
    assert!(shown(&mut a).contains("lines 21–40 of 60"));
    typ(&mut a, "j");
    assert!(shown(&mut a).contains("lines 22–41 of 60"));
    key(&mut a, KeyCode::PageUp);
    assert!(shown(&mut a).contains("lines 2–21 of 60"));
    key(&mut a, KeyCode::Home);
    assert!(shown(&mut a).contains("lines 1–20 of 60"));
    key(&mut a, KeyCode::End);
    assert!(shown(&mut a).contains("lines 41–60 of 60"));
    assert!(matches!(a.state.modal, Some(Modal::Messages { .. })), "moving never closes it");
    // At the end, a new message comes into view.
    a.state.info("message number 61");
    let s = shown(&mut a);
    assert!(s.contains("message number 61") && s.contains("lines 42–61 of 61"), "{s}");
    // Moved up, it stays where it was.
    typ(&mut a, "k");
    a.state.info("message number 62");
    assert!(shown(&mut a).contains("lines 41–60 of 62"));
    // The wheel scrolls it too.
    send(
        &mut a,
        ratatui::crossterm::event::Event::Mouse(ratatui::crossterm::event::MouseEvent {
            kind: ratatui::crossterm::event::MouseEventKind::ScrollUp,
            column: 10,
            row: 10,
            modifiers: ratatui::crossterm::event::KeyModifiers::NONE,
        }),
    );
    assert!(shown(&mut a).contains("lines 40–59 of 62"));
}

/// The log is an action like any other: named in the config, listed by
/// `?` and found by the palette.
#[test]
fn the_log_is_a_named_rebindable_action_in_help_and_the_palette() {
    use backlog::tui::action::Action;
    use backlog::tui::keymap::Keymap;
    assert_eq!(Action::from_name("messages"), Some(Action::Messages));
    let mut o = std::collections::BTreeMap::new();
    o.insert("messages".to_owned(), toml::Value::String("ctrl-l".into()));
    let km = Keymap::with_overrides(&o).unwrap();
    let mut a = app();
    a.state.keymap = km;
    a.state.warn("A warning much longer than the status line has room for at eighty columns, so it is cut");
    let status = status_line(&render(&mut a, 80, 24), 24);
    assert!(status.ends_with("… (Ctrl-l messages)\""), "the note names the key in force: {status}");
    typ(&mut a, "@");
    assert!(a.state.modal.is_none(), "@ no longer opens it");
    ctrl(&mut a, 'l');
    assert!(matches!(a.state.modal, Some(Modal::Messages { .. })));
    key(&mut a, KeyCode::Esc);

    let mut a = app();
    typ(&mut a, "?");
    let mut help = String::new();
    for _ in 0..10 {
        help.push_str(&render(&mut a, 120, 40));
        key(&mut a, KeyCode::PageDown);
    }
    assert!(help.contains("@             Message log: every info, warning and error"), "in the help");
    key(&mut a, KeyCode::Esc);
    typ(&mut a, ":messages");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.state.modal, Some(Modal::Messages { .. })), "run from the palette");
}
