//! The role guard on delete in a real pseudo-terminal, at 80x24 and
//! 120x40: a PM deleting the PO's story is asked once, with the owner named
//! in the question (warn), or refused before any question in a line that
//! fits (strict). The file on disk says what happened.

mod common;

use common::pty::*;

/// Moves the selection down to `key` in the backlog pane.
fn select(tui: &mut Tui, key: &str) {
    for _ in 0..60 {
        if tui.screen(|s| selected(s).is_some_and(|(k, _)| k == key)) {
            return;
        }
        let was = tui.screen(|s| selected(s).map(|(k, _)| k));
        tui.send("j");
        // A row highlighted, and another one: a frame still being drawn
        // highlights none.
        tui.wait_for("the selection moves", |s| selected(s).is_some_and(|(k, _)| Some(&k) != was.as_ref()));
    }
    panic!("{key} never selected");
}

#[test]
fn deleting_the_other_roles_story_asks_once_or_is_refused_first() {
    let _serial = serial();
    for (rows, cols) in [(24, 80), (40, 120)] {
        // Warn (the default): one question, naming the owner; yes deletes.
        let env = Env::demo();
        let mut tui = env.tui_with(&["--role", "pm"], &[]);
        tui.resize(rows, cols);
        tui.send("3");
        // A PM session opens on the roadmap: wait for the backlog's rows,
        // not only its tab, or a `j` sent now lands after the frame read.
        tui.wait_for("the backlog", |s| ready(s) && selected(s).is_some());
        select(&mut tui, "TAN-11");
        tui.send("d");
        tui.wait_for("the delete question names the owner", |s| {
            // The dialog wraps its text where the width says.
            let text = s.contents();
            ["Delete TAN-11", "is owned", "by the PO", "delete as PM anyway?"].iter().all(|w| text.contains(w))
        });
        tui.send("y");
        tui.wait_for("deleted and saved", |s| status(s).contains("Deleted TAN-11") && status(s).contains("│ saved "));
        assert!(!tui.screen(|s| s.contents().contains("Owned by the other role")), "no second question");
        tui.quit();
        assert!(env.read().item_by_key("TAN-11").is_none(), "{rows}x{cols}: TAN-11 is deleted on disk");

        // Strict: refused before anything is asked, and the file is as it was.
        let env = Env::demo();
        env.cli(&["settings", "set", "--role-guard", "strict"]);
        let before = std::fs::read(&env.ws).unwrap();
        let mut tui = env.tui_with(&["--role", "pm"], &[]);
        tui.resize(rows, cols);
        tui.send("3");
        // A PM session opens on the roadmap: wait for the backlog's rows,
        // not only its tab, or a `j` sent now lands after the frame read.
        tui.wait_for("the backlog", |s| ready(s) && selected(s).is_some());
        select(&mut tui, "TAN-11");
        tui.send("d");
        tui.wait_for("the refusal, whole, on the status line", |s| {
            status(s).contains("TAN-11 is the PO's (strict role guard)")
        });
        assert!(!tui.screen(|s| s.contents().contains("Delete TAN-11")), "{rows}x{cols}: no question was asked");
        tui.quit();
        assert!(std::fs::read(&env.ws).unwrap() == before, "{rows}x{cols}: the file is untouched");
    }
}
