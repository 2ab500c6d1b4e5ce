//! Signals as a terminal user expects them, end to end: Ctrl-Z and
//! `kill -TSTP` suspend to the shell with the terminal given back and `fg`
//! resumes (run from a job-control shell in a pty, as a user does); a stop
//! and continue from outside redraws; SIGHUP with the terminal still open
//! restores it; a file-size limit (SIGXFSZ) is an error, not a death. The
//! harness is in `common/pty.rs`.

mod common;

use common::pty::*;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::time::Instant;

fn count(s: &vt100::Screen, needle: &str) -> usize {
    s.contents().matches(needle).count()
}

/// The shell waits at a fresh prompt on the main screen, after `stops`
/// "Stopped" reports.
fn prompt_after(s: &vt100::Screen, stops: usize) -> bool {
    let lines = lines(s);
    let last = lines.iter().rev().find(|l| !l.trim().is_empty());
    !s.alternate_screen() && count(s, "Stopped") == stops && last.is_some_and(|l| l.trim_end() == PROMPT.trim_end())
}

/// The TUI is drawn, with mouse reporting and bracketed paste on (it runs
/// with `--mouse`), and `key` is the selected row.
fn tui_up(s: &vt100::Screen, key: &str) -> bool {
    ready(s)
        && s.bracketed_paste()
        && s.mouse_protocol_mode() != vt100::MouseProtocolMode::None
        && selected(s).is_some_and(|(k, _)| k == key)
}

fn below(s: &vt100::Screen, key: &str, other: &str) -> bool {
    row_of(s, key).is_some_and(|r| row_of(s, other) == Some(r - 1))
}

fn signal(pid: i32, sig: i32) {
    // SAFETY: kill has no memory effects; the pid is a child of the test.
    assert_eq!(unsafe { libc::kill(pid, sig) }, 0, "kill {pid}: {}", std::io::Error::last_os_error());
}

/// Starts the TUI (with `--mouse`) from a job-control shell, suspends it
/// with Ctrl-Z (a key in raw mode) and checks the terminal is the shell's
/// again, takes the job's pid from `jobs -p`, and brings it back with `fg`:
/// redrawn, in raw mode. Returns the shell and the TUI's pid.
fn suspended_once_and_back(env: &Env, selected: &str) -> (Tui, i32) {
    let mut sh = env.shell();
    sh.wait_for("the shell's prompt", |s| prompt_after(s, 0));
    sh.send(&env.tui_line("--mouse"));
    sh.wait_for("the backlog", |s| tui_up(s, selected));

    sh.send("\x1a");
    sh.wait_for("the prompt after Ctrl-Z", |s| prompt_after(s, 1));
    sh.assert_given_back();
    sh.send("jobs -p\r");
    let digits = |l: &String| !l.trim().is_empty() && l.trim().chars().all(|c| c.is_ascii_digit());
    sh.wait_for("the job's pid", |s| lines(s).iter().any(digits));
    let pid = sh.screen(|s| lines(s).into_iter().find(digits)).unwrap().trim().parse().unwrap();

    sh.send("fg\r");
    sh.wait_for("the TUI redrawn after fg", |s| tui_up(s, selected));
    assert!(sh.raw_mode(), "raw mode again after fg");
    (sh, pid)
}

/// Ctrl-Z and `kill -TSTP` both give the terminal back to the shell and
/// stop; `fg` brings the TUI back taking keys, and what it changes after
/// each return reaches the file.
#[test]
fn ctrl_z_and_sigtstp_suspend_to_the_shell_and_fg_resumes() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let order = ranked_keys(&env.read());
    let (mut sh, pid) = suspended_once_and_back(&env, &order[0]);
    sh.send("J");
    sh.wait_for(&format!("{} moved below {}", order[0], order[1]), |s| below(s, &order[0], &order[1]));

    signal(pid, libc::SIGTSTP);
    sh.wait_for("the prompt after SIGTSTP", |s| prompt_after(s, 2));
    sh.assert_given_back();
    sh.send("fg\r");
    sh.wait_for("the TUI redrawn after the second fg", |s| tui_up(s, &order[0]) && below(s, &order[0], &order[1]));
    assert!(sh.raw_mode(), "raw mode again after the second fg");
    sh.send("J");
    sh.wait_for(&format!("{} moved below {}", order[0], order[2]), |s| below(s, &order[0], &order[2]));

    sh.send("q");
    sh.wait_for("the prompt after quitting", |s| prompt_after(s, 2));
    sh.assert_given_back();
    let mut want = order.clone();
    let moved = want.remove(0);
    want.insert(2, moved);
    assert_eq!(ranked_keys(&env.read()), want, "both moves, made after each fg, are on disk");
    sh.send("exit\r");
    sh.wait_eof();
    report("ctrl_z_and_sigtstp", start);
}

/// Stopped from outside (`kill -STOP`, which cannot be caught), the TUI
/// leaves the terminal as it is and the shell writes over its screen;
/// continued by `fg`, it takes the terminal back and redraws everything.
#[test]
fn a_stop_from_outside_then_fg_redraws_everything() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let order = ranked_keys(&env.read());
    let (mut sh, pid) = suspended_once_and_back(&env, &order[0]);

    signal(pid, libc::SIGSTOP);
    sh.wait_for("the shell's report over the TUI", |s| s.alternate_screen() && s.contents().contains("Stopped"));
    // The terminal is still raw: no line discipline turns Enter into the
    // newline the shell waits for.
    sh.send("fg\n");
    sh.wait_for("everything redrawn", |s| tui_up(s, &order[0]) && !s.contents().contains("Stopped"));
    assert!(sh.raw_mode(), "raw mode after the stop from outside");
    sh.send("J");
    sh.wait_for(&format!("{} moved below {}", order[0], order[1]), |s| below(s, &order[0], &order[1]));
    sh.send("q");
    sh.wait_for("the prompt after quitting", |s| prompt_after(s, 1));
    sh.assert_given_back();
    sh.send("exit\r");
    sh.wait_eof();
    report("stop_from_outside", start);
}

/// Where no shell could bring it back (here the TUI leads its own session,
/// as under `ssh host backlog`), Ctrl-Z and SIGTSTP say so instead of
/// freezing the terminal, and the session carries on.
#[test]
fn without_job_control_suspending_says_so_and_carries_on() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let order = ranked_keys(&env.read());
    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    tui.send("\x1a");
    tui.wait_for("the refusal", |s| status(s).contains("Cannot suspend"));
    tui.send("j");
    tui.wait_for("the next row, the message gone", |s| {
        !status(s).contains("Cannot suspend") && selected(s).is_some_and(|(k, _)| k == order[1])
    });
    signal(tui.pid, libc::SIGTSTP);
    tui.wait_for("the refusal of SIGTSTP", |s| status(s).contains("Cannot suspend"));
    tui.quit();
    report("without_job_control", start);
}

/// `kill -HUP` while the terminal is still open (the shell that started
/// the TUI exiting, a supervisor): the session ends, saved, and the
/// terminal is restored, not left raw on the alternate screen.
#[test]
fn sighup_with_the_terminal_open_restores_it_and_saves() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let first = env.read();
    let key = ranked_keys(&first)[0].clone();
    let was_in_sprint = first.item_by_key(&key).unwrap().sprint.is_some();

    let mut tui = env.tui_with(&["--mouse"], &[]);
    tui.wait_for("the backlog", |s| tui_up(s, &key));
    tui.send("s");
    tui.wait_for("the sprint toggle", |s| {
        status(s).contains(&key) && (status(s).contains("Sent") || status(s).contains("Pulled"))
    });
    signal(tui.pid, libc::SIGHUP);
    let (status, _) = tui.wait_exit(LIMIT);
    assert!(status.success(), "backlog exited with {status:?} on SIGHUP");
    tui.assert_restored();
    let in_sprint = env.read().item_by_key(&key).unwrap().sprint.is_some();
    assert_eq!(in_sprint, !was_in_sprint, "the edit made before SIGHUP is on disk");
    report("sighup_terminal_open", start);
}

/// Past a file-size limit (`ulimit -f`) a save is an error the store
/// reports, exit 1 with the file as it was: not a death by SIGXFSZ, whose
/// default action is to kill.
#[test]
fn a_file_size_limit_is_an_error_not_a_death() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let before = std::fs::read(&env.ws).unwrap();
    const LIMIT_BYTES: u64 = 16 * 1024;
    assert!(before.len() as u64 > 2 * LIMIT_BYTES, "the workspace ({} bytes) is over the limit", before.len());
    let key = ranked_keys(&env.read())[0].clone();

    let mut cmd = env.command();
    cmd.args(["edit", &key, "--title", "Does not fit"]);
    // SAFETY: between fork and exec, only async-signal-safe calls.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit { rlim_cur: LIMIT_BYTES, rlim_max: LIMIT_BYTES };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // The default action, whatever the test runner inherited: the
            // binary itself must ignore it.
            libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.signal(), None, "killed by a signal: {:?}", out.status);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("backlog: ") && err.contains("could not save"), "{err}");
    assert!(err.contains(env.ws.to_str().unwrap()), "the error names the file: {err}");
    assert_eq!(std::fs::read(&env.ws).unwrap(), before, "the file is as it was");
    report("file_size_limit", start);
}
