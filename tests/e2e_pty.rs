//! The TUI end to end, in a real pseudo-terminal: the binary runs in a
//! 100x30 pty, everything it writes is fed to a vt100 parser, the tests
//! type keys, wait for the screen to show what they expect, and then read
//! the workspace file on disk. The harness is in `common/pty.rs`. Each
//! test prints its wall time (`cargo test --test e2e_pty -- --nocapture`).

mod common;

use common::pty::*;
use std::fs;
use std::time::{Duration, Instant};

#[test]
fn po_workflow_create_edit_rank_sprint_undo_quit() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let before = env.read();
    let key = format!("{}-{}", before.workspace.key_prefix, before.workspace.next_key);
    let sprint = before.target_sprint().expect("the demo has an active sprint").name.clone();

    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);

    tui.send("n");
    tui.wait_for("the new item form", |s| s.contents().contains("New backlog item"));
    // Title, then Tab past Kind to Points.
    tui.send("Story typed in a pty\t\t3\r");
    tui.wait_for("the new item in the list", |s| {
        row_text(s, &key).is_some_and(|l| l.contains("Story typed in a pty") && l.contains(" 3 new"))
    });

    tui.send("e");
    tui.wait_for("the edit form", |s| s.contents().contains(&format!("Edit {key}")));
    // Ctrl-U clears the title before the cursor.
    tui.send("\x15Edited in the pty\r");
    tui.wait_for("the edited title, saved", |s| {
        row_text(s, &key).is_some_and(|l| l.contains("Edited in the pty")) && status(s).contains("│ saved ")
    });

    // The order before the moves, from the file.
    let order = ranked_keys(&env.read());
    let at = order.iter().position(|k| *k == key).expect("the new item is in the file");
    assert!(at >= 2, "the new item is too high to move up twice: {order:?}");
    for step in 1..=2 {
        tui.send("K");
        let below = &order[at - step];
        tui.wait_for(&format!("{key} above {below}"), |s| {
            row_of(s, &key).is_some_and(|r| row_of(s, below) == Some(r + 1))
        });
        assert_eq!(tui.screen(selected).map(|(k, _)| k), Some(key.clone()), "the moved item stays selected");
    }
    let mut expected = order.clone();
    let moved = expected.remove(at);
    expected.insert(at - 2, moved);

    // The new item is not refined yet: the pull asks first.
    tui.send("s");
    tui.wait_for("the question before pulling a new item", |s| {
        s.contents().contains("Pull into the sprint") && s.contents().contains("It is new")
    });
    tui.send("y");
    tui.wait_for("the item in the sprint", |s| row_text(s, &key).is_some_and(|l| l.contains(&sprint)));
    tui.send("u");
    tui.wait_for("the sprint pull undone", |s| {
        status(s).contains("Undone") && row_text(s, &key).is_some_and(|l| !l.contains(&sprint))
    });

    tui.send("q");
    let (status, _) = tui.wait_exit(LIMIT);
    assert!(status.success(), "backlog exited with {status:?}");
    tui.assert_restored();

    let after = env.read();
    let item = after.item_by_key(&key).expect("the new item is on disk");
    assert_eq!(item.title, "Edited in the pty");
    assert_eq!(item.estimate, Some(3));
    assert_eq!(item.sprint, None, "the pull into the sprint was undone");
    assert_eq!(ranked_keys(&after), expected, "{key} moved up two places, nothing else moved");
    report("po_workflow", start);
}

#[test]
fn long_text_in_editor() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    // An "editor" that rewrites the description and adds a criterion.
    let editor = env.dir.path().join("editor.sh");
    fs::write(
        &editor,
        "#!/bin/sh\nset -e\n\
         sed -i -e '/^## Description$/,/^## Acceptance criteria$/{/^## /!d}' \
         -e 's/^## Description$/&\\n\\nRewritten by the editor.\\n/' \"$1\"\n\
         printf '%s\\n' '- [ ] New criterion' >> \"$1\"\n",
    )
    .unwrap();
    fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();

    let mut tui = env.tui(&[("EDITOR", editor.to_str().unwrap())]);
    tui.wait_for("the backlog", ready);
    let (key, _) = tui.screen(selected).expect("a row is selected");
    let old = env.read().item_by_key(&key).unwrap().acceptance_criteria.clone();

    tui.send("E");
    tui.wait_for("the redraw after the editor", |s| {
        s.alternate_screen() && status(s).contains(&format!("Updated {key}")) && status(s).contains("│ saved ")
    });
    assert!(tui.screen(|s| s.contents().contains("Backlog")), "the panes are drawn again");

    tui.send("q");
    let (status, _) = tui.wait_exit(LIMIT);
    assert!(status.success(), "backlog exited with {status:?}");
    tui.assert_restored();

    let ws = env.read();
    let item = ws.item_by_key(&key).unwrap();
    assert_eq!(item.description, "Rewritten by the editor.");
    let got: Vec<(&str, bool)> = item.acceptance_criteria.iter().map(|c| (c.text.as_str(), c.met)).collect();
    let mut want: Vec<(&str, bool)> = old.iter().map(|c| (c.text.as_str(), c.met)).collect();
    assert!(!want.is_empty(), "pick an item with criteria, so keeping them is tested");
    want.push(("New criterion", false));
    assert_eq!(got, want, "the old criteria are kept as they were and the new one added");
    report("long_text_in_editor", start);
}

#[test]
fn changes_from_another_process_appear() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let order = ranked_keys(&env.read());

    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    tui.send("jjj");
    let row = {
        let want = &order[3];
        tui.wait_for(&format!("{want} selected"), |s| selected(s).is_some_and(|(k, _)| k == *want));
        tui.screen(selected).unwrap().1
    };

    // Another item, edited by another process.
    let other = &order[1];
    let t = Instant::now();
    env.cli(&["edit", other, "--title", "Changed elsewhere"]);
    let cli = t.elapsed();
    let shown = tui
        .wait_for("the other process's title", |s| row_text(s, other).is_some_and(|l| l.contains("Changed elsewhere")));
    println!("changes_from_another_process_appear: CLI took {cli:?}, on screen {shown:?} after it");
    assert_eq!(tui.screen(selected), Some((order[3].clone(), row)), "the selection stays on the same item and row");

    tui.send("q");
    let (status, _) = tui.wait_exit(LIMIT);
    assert!(status.success(), "backlog exited with {status:?}");
    assert_eq!(env.read().item_by_key(other).unwrap().title, "Changed elsewhere");
    report("changes_from_another_process_appear", start);
}

/// utime + stime of a process, in seconds (Linux only: elsewhere the
/// spinning check is skipped).
#[cfg(not(target_os = "linux"))]
fn cpu_seconds(_pid: i32) -> Option<f64> {
    None
}

/// utime + stime of a process, in seconds.
#[cfg(target_os = "linux")]
fn cpu_seconds(pid: i32) -> Option<f64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).expect("read /proc/PID/stat");
    // The command name may hold spaces: fields start after its ')'.
    let rest = &stat[stat.rfind(')').expect("a stat line") + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 (1-based), 11 and 12 here.
    let ticks: u64 = f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Some(ticks as f64 / hz)
}

#[test]
fn ssh_hang_up_saves_and_exits_without_spinning() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let first = env.read();
    let key = ranked_keys(&first)[0].clone();
    let was_in_sprint = first.item_by_key(&key).unwrap().sprint.is_some();

    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);

    // Idle: no keys. While another process edits the file and the TUI's
    // watcher picks the change up (it polls every 400 ms), the TUI must
    // not spin: a busy loop would burn CPU for the whole wait. A bound on
    // the CPU it takes, not a timing of our code, and no sleep: the wait
    // ends when the change is on screen.
    let other = ranked_keys(&first)[5].clone();
    let cpu0 = cpu_seconds(tui.pid);
    let t0 = Instant::now();
    env.cli(&["edit", &other, "--title", "Edited while the TUI idles"]);
    tui.wait_for("the other process's edit", |s| s.contents().contains("Edited while the TUI idles"));
    let window = t0.elapsed();
    if let (Some(cpu0), Some(cpu1)) = (cpu0, cpu_seconds(tui.pid)) {
        let idle = cpu1 - cpu0;
        println!("ssh_hang_up: {idle:.3} s CPU in {window:?} of idleness ({cpu0:.3} s before, to start up)");
        assert!(idle < window.as_secs_f64() / 2.0, "an idle TUI used {idle:.3} s of CPU in {window:?}: it is spinning");
    }

    tui.send("s");
    tui.wait_for("the sprint toggle", |s| {
        status(s).contains(&key) && (status(s).contains("Sent") || status(s).contains("Pulled"))
    });
    // Not waiting for "saved": the connection drops right after the key.
    let t = Instant::now();
    tui.hang_up();
    let (status, took) = tui.wait_exit(Duration::from_secs(2));
    println!("ssh_hang_up: exited {took:?} after the hang-up ({:?} from drop)", t.elapsed());
    // A hang-up is a normal end: not an error, not a panic on the dead
    // terminal.
    assert!(status.success(), "backlog exited with {status:?} on hang-up");

    let item_in_sprint = env.read().item_by_key(&key).unwrap().sprint.is_some();
    assert_eq!(item_in_sprint, !was_in_sprint, "the edit made just before the hang-up is on disk");
    report("ssh_hang_up", start);
}

#[test]
fn sigterm_restores_the_terminal_and_saves() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let first = env.read();
    let key = ranked_keys(&first)[0].clone();
    let was_in_sprint = first.item_by_key(&key).unwrap().sprint.is_some();

    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    tui.send("s");
    tui.wait_for("the sprint toggle", |s| {
        status(s).contains(&key) && (status(s).contains("Sent") || status(s).contains("Pulled"))
    });

    // SAFETY: kill has no memory effects; the pid is our child's.
    assert_eq!(unsafe { libc::kill(tui.pid, libc::SIGTERM) }, 0);
    let (status, took) = tui.wait_exit(LIMIT);
    println!("sigterm: exited {took:?} after the signal");
    assert!(status.success(), "backlog exited with {status:?} on SIGTERM");
    tui.assert_restored();

    let item_in_sprint = env.read().item_by_key(&key).unwrap().sprint.is_some();
    assert_eq!(item_in_sprint, !was_in_sprint, "the edit made before SIGTERM is on disk");
    report("sigterm", start);
}

#[test]
fn tiny_terminal_shows_a_notice_then_redraws() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let order = ranked_keys(&env.read());
    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);

    tui.resize(5, 20);
    tui.wait_for("the too-small notice", |s| s.contents().contains("too small"));
    // Moving still works at that size, it just cannot be seen; a change
    // (J moves the item in rank) is not made unseen.
    tui.send("jjJ");

    tui.resize(ROWS, COLS);
    let want = &order[2];
    tui.wait_for(&format!("the panes again, {want} selected"), |s| {
        !s.contents().contains("too small")
            && s.contents().contains("1 Vision")
            && ready(s)
            && selected(s).is_some_and(|(k, _)| k == *want)
    });

    tui.quit();
    assert_eq!(ranked_keys(&env.read()), order, "nothing moved while the terminal was too small");
    report("tiny_terminal", start);
}

/// Keys typed while the terminal is resized reach the TUI in the same
/// wake-up as the resize. crossterm's default event source (mio, waiting
/// edge-triggered) took the first of the two and dropped the readiness of
/// the other, so the keys (or the resize) waited for the next input: what
/// made `tiny_terminal_shows_a_notice_then_redraws` time out now and then.
/// Here `$EDITOR` holds the input thread still while both arrive, the
/// resize first (the order in which the keys were the ones held back).
#[test]
fn keys_typed_during_a_resize_are_not_held_back() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let order = ranked_keys(&env.read());
    let fifo = env.dir.path().join("go");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo reads the path we pass.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    // An "editor" that changes nothing and waits until the test says go.
    let editor = env.dir.path().join("editor.sh");
    fs::write(&editor, format!("#!/bin/sh\nread go < '{}'\n", fifo.display())).unwrap();
    fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();

    let mut tui = env.tui(&[("EDITOR", editor.to_str().unwrap())]);
    tui.wait_for("the backlog", ready);
    tui.send("E");
    // The input thread is paused before the terminal is handed over.
    tui.wait_for("the editor to have the terminal", |s| !s.alternate_screen());
    tui.resize(24, 80);
    tui.send("jj");
    // Opening the FIFO waits for the editor to read it; then it exits.
    fs::write(&fifo, "go\n").unwrap();

    let want = &order[2];
    tui.wait_for(&format!("the panes at 80x24, {want} selected"), |s| {
        ready(s) && s.contents().contains("1 Vision") && selected(s).is_some_and(|(k, _)| k == *want)
    });
    // The new size is the state's too: a page is 24 - 6 rows.
    tui.send("\x1b[6~");
    let paged = &order[2 + 18];
    tui.wait_for(&format!("a page down, {paged} selected"), |s| selected(s).is_some_and(|(k, _)| k == *paged));
    tui.quit();
    report("keys_typed_during_a_resize", start);
}
