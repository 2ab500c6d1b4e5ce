//! The story's commits in the TUI detail, end to end: a real pty at 80x24
//! and 120x40 over a workspace in a git repository. The commits arrive
//! from a background read (the test waits for them to be drawn), git's
//! text cannot drive the terminal, and a commit made while the TUI runs
//! shows up without a key being pressed.

mod common;

use common::pty::*;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Runs git in the environment's folder with a fixed identity; the date
/// is fixed per call number so commits keep their order.
fn git(env: &Env, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(env.dir.path())
        .env("HOME", env.dir.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada Lovelace")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada Lovelace")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("GIT_AUTHOR_DATE", "1780000000 +0000")
        .env("GIT_COMMITTER_DATE", "1780000000 +0000")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn have_git() -> bool {
    Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn the_detail_lists_a_storys_commits_once_read_and_new_ones_as_they_come() {
    if !have_git() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let _serial = serial();
    for (rows, cols) in [(24, 80), (40, 120)] {
        let start = Instant::now();
        let env = Env::empty();
        env.cli(&["add", "Login form"]);
        env.cli(&["add", "Reset password"]);
        git(&env, &["init", "-q", "-b", "main"]);
        git(&env, &["add", "backlog.json"]);
        git(&env, &["commit", "-q", "-m", "start"]);
        git(&env, &["commit", "-q", "--allow-empty", "-m", "BL-1: \u{1b}[2J\u{1b}]0;pwned\u{7}scaffold"]);
        git(&env, &["branch", "bl-1-login"]);

        let mut tui = env.tui(&[]);
        tui.resize(rows, cols);
        tui.wait_for("the backlog", ready);
        tui.wait_for("BL-1 selected", |s| selected(s).is_some_and(|(k, _)| k == "BL-1"));
        tui.send("\r");
        tui.wait_for("the commit in the detail", |s| {
            let text = s.contents();
            text.contains("Commits (1)") && text.contains("Branches: bl-1-login")
        });
        tui.screen(|s| {
            let text = s.contents();
            let line = lines(s).into_iter().find(|l| l.contains("Ada Lovelace")).unwrap_or_default();
            assert!(line.contains("✓ "), "on main: {line}");
            assert!(line.contains("\\u{1b}[2J"), "the escape is shown, not run: {line}");
            assert!(text.contains("1 Vision"), "the screen was not cleared by the subject:\n{text}");
        });

        // A commit from another terminal: no key is pressed, it shows up.
        git(&env, &["commit", "-q", "--allow-empty", "-m", "fixes BL-1 from the outside"]);
        tui.wait_for("the new commit", |s| {
            let text = s.contents();
            text.contains("Commits (2)") && text.contains("closes · fixes")
        });
        tui.quit();
        assert_eq!(env.read().item_by_key("BL-1").unwrap().status.to_string(), "new", "reading moves nothing");
        report(&format!("trail_detail_{cols}x{rows}"), start);
    }
}

#[test]
fn outside_a_repository_the_detail_has_no_commits_and_no_complaint() {
    let _serial = serial();
    let env = Env::empty();
    env.cli(&["add", "Login form"]);
    let mut tui = env.tui(&[("GIT_CEILING_DIRECTORIES", env.dir.path().to_str().unwrap())]);
    tui.wait_for("the backlog", ready);
    tui.send("\r");
    tui.wait_for("the detail", |s| s.contents().contains("owned by PO"));
    tui.screen(|s| {
        assert!(!s.contents().contains("Commits"), "{}", s.contents());
        assert!(!status(s).contains("git"), "no message about git: {}", status(s));
    });
    tui.quit();
}
