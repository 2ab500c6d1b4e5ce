//! Quitting never drops unsaved work, end to end in a pty: when the
//! workspace cannot take the session's changes (a file broken by hand, a
//! lock held by a stuck process, a full disk, a file-size limit), `q` asks,
//! a recovery file keeps them, the exit status says they were not written,
//! and `backlog recover` (or the TUI, when it opens) merges them back.

mod common;

use backlog::store::fsio::{Lock, Paths};
use backlog::store::{Store, recovery};
use common::pty::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn added(tui: &mut Tui, title: &str) {
    tui.send("n");
    tui.wait_for("the new item form", |s| s.contents().contains("New backlog item"));
    tui.send(&format!("{title}\r"));
    tui.wait_for("the new item on screen", |s| s.contents().contains(title));
}

fn titles_in(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    let rec = recovery::decode(path, &bytes).expect("a recovery file");
    rec.ws.live_items().map(|i| i.title.clone()).collect()
}

/// The reason a save fails here: the file no longer parses.
fn break_file(env: &Env) -> Vec<u8> {
    let good = std::fs::read(&env.ws).unwrap();
    std::fs::write(&env.ws, b"{ \"broken by hand\": ").unwrap();
    good
}

#[test]
fn two_tuis_quitting_in_one_second_with_failing_saves_each_keep_their_own_changes() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let next = env.read().workspace.next_key;
    let mut a = env.tui(&[]);
    let mut b = env.tui(&[]);
    a.wait_for("A's backlog", ready);
    b.wait_for("B's backlog", ready);
    let good = break_file(&env);
    added(&mut a, "Kept by A");
    added(&mut b, "Kept by B");
    for t in [&a, &b] {
        t.wait_for("the failed save", |s| status(s).contains("Not saved"));
    }
    for t in [&mut a, &mut b] {
        t.send("q");
        t.wait_for("the quit question", |s| s.contents().contains("could not be saved"));
    }
    a.send("w");
    b.send("w");
    for t in [&mut a, &mut b] {
        let (status, _) = t.wait_exit(LIMIT);
        assert!(!status.success(), "changes not in the workspace: a failing exit status");
        t.assert_restored();
    }
    let files = recovery::beside(&env.ws);
    assert_eq!(files.len(), 2, "one recovery file each: {files:?}");
    let mut kept: Vec<Vec<String>> = files.iter().map(|f| titles_in(f)).collect();
    kept.sort();
    for (titles, mine) in kept.iter().zip(["Kept by A", "Kept by B"]) {
        assert!(titles.contains(&mine.to_owned()), "{mine} in its own file");
    }
    assert_eq!(std::fs::read(&env.ws).unwrap(), b"{ \"broken by hand\": ", "a broken file is never written");

    // Repaired by hand; both merge back, keys kept unique.
    std::fs::write(&env.ws, good).unwrap();
    for f in &files {
        let out = env.command().arg("recover").arg(f).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(!f.exists(), "a merged recovery file is removed");
    }
    let ws = env.read();
    let mine: Vec<(String, String)> =
        ws.live_items().filter(|i| i.title.starts_with("Kept by")).map(|i| (i.key.clone(), i.title.clone())).collect();
    assert_eq!(mine.len(), 2, "{mine:?}");
    assert_ne!(mine[0].0, mine[1].0, "the key both sessions handed out is given once");
    assert!(ws.workspace.next_key >= next + 2);
    report("two_tuis_quitting", start);
}

#[test]
fn a_lock_held_by_a_stuck_process_does_not_hold_the_quit() {
    let _serial = serial();
    let env = Env::demo();
    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    let lock = Lock::acquire(&Paths::resolve(&env.ws).unwrap()).unwrap();
    added(&mut tui, "Waiting for the lock");
    tui.send("q");
    tui.wait_for("the quit question", |s| s.contents().contains("still being saved"));
    // The save is stuck behind the lock: a recovery file cuts it short.
    tui.send("w");
    let (status, _) = tui.wait_exit(LIMIT);
    assert!(!status.success());
    drop(lock);
    let files = recovery::beside(&env.ws);
    assert_eq!(files.len(), 1);
    assert!(titles_in(&files[0]).contains(&"Waiting for the lock".to_owned()));
    assert!(env.read().live_items().all(|i| i.title != "Waiting for the lock"), "the workspace never got it");
}

#[test]
fn quitting_when_the_save_catches_up_needs_no_answer() {
    let _serial = serial();
    let env = Env::demo();
    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    let lock = Lock::acquire(&Paths::resolve(&env.ws).unwrap()).unwrap();
    added(&mut tui, "Saved late");
    tui.send("q");
    tui.wait_for("the quit question", |s| s.contents().contains("still being saved"));
    drop(lock);
    let (status, _) = tui.wait_exit(LIMIT);
    assert!(status.success(), "every change written: success");
    assert!(env.read().live_items().any(|i| i.title == "Saved late"));
    assert!(recovery::beside(&env.ws).is_empty());
}

#[test]
fn quitting_without_the_changes_takes_two_answers_and_fails_the_exit_status() {
    let _serial = serial();
    let env = Env::demo();
    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    let good = break_file(&env);
    added(&mut tui, "Thrown away");
    tui.wait_for("the failed save", |s| status(s).contains("Not saved"));
    tui.send("q");
    tui.wait_for("the quit question", |s| s.contents().contains("could not be saved"));
    tui.send("d");
    tui.wait_for("the second question", |s| s.contents().contains("Nothing can bring them back"));
    tui.send("n");
    tui.wait_for("back to the first question", |s| s.contents().contains("could not be saved"));
    // Retrying after the file is repaired saves, and then quitting is clean.
    std::fs::write(&env.ws, &good).unwrap();
    tui.send("r");
    let (code, _) = tui.wait_exit(LIMIT);
    assert!(code.success(), "saved on retry: a clean exit");
    assert!(env.read().live_items().any(|i| i.title == "Thrown away"));

    // Now for real: broken again, d, y.
    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    break_file(&env);
    added(&mut tui, "Really thrown away");
    tui.wait_for("the failed save", |s| status(s).contains("Not saved"));
    tui.send("q");
    tui.wait_for("the quit question", |s| s.contents().contains("could not be saved"));
    tui.send("d");
    tui.wait_for("the second question", |s| s.contents().contains("Nothing can bring them back"));
    tui.send("y");
    let (code, _) = tui.wait_exit(LIMIT);
    assert!(!code.success(), "changes dropped: a failing exit status");
    assert!(recovery::beside(&env.ws).is_empty(), "dropped, as asked twice");
}

#[test]
fn the_tui_offers_recovery_files_it_finds_beside_the_workspace() {
    let _serial = serial();
    let env = Env::demo();
    // A session whose change never reached the workspace.
    let mut store = Store::open(&env.ws, backlog::domain::Role::Po).unwrap();
    let mut ctx = backlog::domain::Ctx::new(chrono::Utc::now(), backlog::domain::Role::Po);
    let add = backlog::domain::command::NewItem { title: "Recovered in the TUI".into(), ..Default::default() };
    store.apply_local(backlog::domain::Command::AddItem(Box::new(add)), &mut ctx).unwrap();
    let file = store.write_recovery().unwrap();
    drop(store);
    assert_eq!(file.parent(), env.ws.parent(), "beside the workspace");

    let count = format!("Backlog {} items", env.read().live_items().count() + 1);
    let mut tui = env.tui(&[]);
    tui.wait_for("the offer", |s| s.contents().contains("Unsaved changes found"));
    tui.send("\r");
    tui.wait_for("merged and saved", |s| status(s).contains("Merged") && status(s).contains("│ saved "));
    tui.wait_for("the recovered item in the list", |s| s.contents().contains(&count));
    tui.quit();
    assert!(!file.exists());
    assert!(env.read().live_items().any(|i| i.title == "Recovered in the TUI"));
}

/// A small file system for the workspace, if this machine lets the test
/// mount one (root with CAP_SYS_ADMIN); `None`, said why, if not.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, bytes: usize) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).ok()?;
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(at)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Tmpfs(at.to_owned())),
            Ok(o) => {
                eprintln!("skipped: cannot mount a tmpfs here ({})", String::from_utf8_lossy(&o.stderr).trim());
                None
            }
            Err(e) => {
                eprintln!("skipped: no mount command ({e})");
                None
            }
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn on_a_full_disk_the_recovery_file_goes_to_the_data_folder() {
    let _serial = serial();
    let env = Env::demo();
    let good = std::fs::read(&env.ws).unwrap();
    let small = env.dir.path().join("small");
    // Room for the file and a little, not for a second copy.
    let Some(_fs) = Tmpfs::mount(&small, good.len() + 16 * 1024) else { return };
    let ws = small.join("backlog.json");
    std::fs::write(&ws, &good).unwrap();
    let env = Env { ws, ..env };
    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    added(&mut tui, "Too big for the disk");
    tui.wait_for("the failed save", |s| status(s).contains("Not saved"));
    // The path takes the status line's room: the reason is read whole in
    // the message log.
    read_in_log(&mut tui, "No space left");
    tui.send("q");
    tui.wait_for("the quit question", |s| s.contents().contains("could not be saved"));
    tui.send("w");
    let (status, _) = tui.wait_exit(LIMIT);
    assert!(!status.success());
    assert_eq!(std::fs::read(&env.ws).unwrap(), good, "the full disk's file is whole");
    assert!(recovery::beside(&env.ws).is_empty(), "no room beside it");
    let data = env.dir.path().join("data").join("backlog").join("recovery");
    let files: Vec<PathBuf> = std::fs::read_dir(&data).unwrap().flatten().map(|e| e.path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(titles_in(&files[0]).contains(&"Too big for the disk".to_owned()));
}

#[test]
fn under_a_file_size_limit_nothing_can_be_written_and_quitting_says_so() {
    let _serial = serial();
    let env = Env::demo();
    let size = std::fs::metadata(&env.ws).unwrap().len();
    // Blocks of 512 bytes: below the workspace's size, so no save and no
    // recovery file fits, anywhere.
    let blocks = size / 512 / 2;
    let mut shell = env.shell();
    shell.wait_for("the prompt", |s| s.contents().contains(PROMPT));
    shell.send(&format!("ulimit -f {blocks}; exec {}", env.tui_line("")));
    shell.wait_for("the backlog", ready);
    added(&mut shell, "Over the limit");
    shell.wait_for("the failed save", |s| status(s).contains("Not saved"));
    shell.send("q");
    shell.wait_for("the quit question", |s| s.contents().contains("could not be saved"));
    shell.send("w");
    shell.wait_for("no recovery file either", |s| s.contents().contains("No recovery file could be written"));
    shell.send("d");
    shell.wait_for("the second question", |s| s.contents().contains("Nothing can bring them back"));
    shell.send("y");
    let (status, _) = shell.wait_exit(LIMIT);
    assert!(!status.success(), "killed by no signal, and not a success either: {status:?}");
    assert!(env.read().live_items().all(|i| i.title != "Over the limit"));
}

/// Opens the message log (`@`), waits until it shows `text`, and closes it
/// again (waiting, so that the Esc is not read with the next key as Alt).
fn read_in_log(tui: &mut Tui, text: &str) {
    tui.send("@");
    tui.wait_for(&format!("{text:?} in the message log"), |s| {
        s.contents().contains("Messages (")
            && s.contents().split_whitespace().collect::<Vec<_>>().join(" ").contains(text)
    });
    tui.send("\x1b");
    tui.wait_for("the log closed", |s| !s.contents().contains("Messages ("));
}

#[test]
fn a_workspace_deleted_under_the_tui_is_shown_not_recreated() {
    let _serial = serial();
    let env = Env::demo();
    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    std::fs::remove_file(&env.ws).unwrap();
    tui.wait_for("the notice", |s| status(s).contains("Not saved"));
    read_in_log(&mut tui, "was deleted or moved");
    added(&mut tui, "Made after the delete");
    tui.send("q");
    tui.wait_for("the quit question", |s| s.contents().contains("could not be saved"));
    tui.send("w");
    let (code, _) = tui.wait_exit(LIMIT);
    assert!(!code.success());
    assert!(!env.ws.exists(), "never written again behind the user's back");
    let files = recovery::beside(&env.ws);
    assert_eq!(files.len(), 1);
    assert!(titles_in(&files[0]).contains(&"Made after the delete".to_owned()));
}
