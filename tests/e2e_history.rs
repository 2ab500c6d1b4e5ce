//! History end to end, in a real pty: the morning question ("what changed
//! since I last looked?") is one key, an item's every change is another,
//! and a change another process saves shows up while the popup is open.

mod common;

use common::pty::*;
use std::time::Instant;

fn as_person(env: &Env, who: &str, args: &[&str]) -> String {
    let out = env.command().env("BACKLOG_USER", who).args(args).output().expect("the binary runs");
    assert!(out.status.success(), "backlog {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn text(s: &vt100::Screen) -> String {
    lines(s).join("\n")
}

#[test]
fn what_changed_since_i_last_looked_is_one_key_and_an_items_history_another() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    // Lena looked yesterday evening; Ben worked after that.
    as_person(&env, "lena", &["log", "--limit", "1"]);
    as_person(&env, "ben", &["edit", "TAN-9", "--title", "Swap history per shop", "--points", "3"]);

    let mut tui = env.tui(&[("BACKLOG_USER", "lena")]);
    tui.wait_for("the backlog", |s| ready(s) && selected(s).is_some());
    tui.wait_for("the news on the status line", |s| {
        status(s).contains("1 change(s) by others since you last looked: A shows them")
    });

    tui.send("A");
    tui.wait_for("the activity feed", |s| {
        let t = text(s);
        t.contains("Activity: 1 since you last looked") && t.contains("ben (PO)") && t.contains("TAN-9  points: 2 -> 3")
    });
    tui.send("\x1b");
    tui.wait_for("the feed closed", |s| !text(s).contains("Activity:"));

    // TAN-9's own history, from its creation to Ben's edit.
    tui.send("\x07");
    tui.wait_for("go to", |s| text(s).contains("Go to"));
    tui.send("TAN-9\r");
    tui.wait_for("TAN-9 selected", |s| selected(s).is_some_and(|(k, _)| k == "TAN-9"));
    tui.send("Y");
    tui.wait_for("its history", |s| {
        let t = text(s);
        t.contains("History of TAN-9") && t.contains("title: Swap history on the employee profile -> Swap history per")
    });
    // Another process changes it: the open popup shows that too.
    as_person(&env, "ben", &["edit", "TAN-9", "--status", "in_progress"]);
    tui.wait_for("the new change, live", |s| text(s).contains("status: ready -> in progress"));
    // At 80x24 it still fits, newest in view.
    tui.resize(24, 80);
    tui.wait_for("the popup at 80x24", |s| {
        let t = text(s);
        t.contains("History of TAN-9") && t.contains("status: ready -> in progress")
    });
    // (Esc alone: followed at once by a key, a terminal reads it as Alt.)
    tui.send("\x1b");
    tui.wait_for("the history closed", |s| !text(s).contains("History of TAN-9 ("));
    tui.send("q");
    let (code, _) = tui.wait_exit(LIMIT);
    assert!(code.success(), "{code:?}");

    // What `A` showed is remembered for Lena alone, outside the workspace:
    // only Ben's later change is new to her now.
    let new = as_person(&env, "lena", &["log", "--new"]);
    assert!(new.contains("status: ready -> in progress") && !new.contains("points: 2 -> 3"), "{new}");
    assert!(!std::fs::read_to_string(&env.ws).unwrap().contains("seen"), "nothing of it in the shared file");
    report("history_activity", start);
}
