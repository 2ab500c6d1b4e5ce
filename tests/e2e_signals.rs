//! Signals as a terminal user expects them, end to end: SIGHUP with the
//! terminal still open restores it; a file-size limit (SIGXFSZ) is an
//! error, not a death. The harness is in `common/pty.rs`.

mod common;

use common::pty::*;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::time::Instant;

/// The TUI is drawn, with mouse reporting and bracketed paste on (it runs
/// with `--mouse`), and `key` is the selected row.
fn tui_up(s: &vt100::Screen, key: &str) -> bool {
    ready(s)
        && s.bracketed_paste()
        && s.mouse_protocol_mode() != vt100::MouseProtocolMode::None
        && selected(s).is_some_and(|(k, _)| k == key)
}

fn signal(pid: i32, sig: i32) {
    // SAFETY: kill has no memory effects; the pid is a child of the test.
    assert_eq!(unsafe { libc::kill(pid, sig) }, 0, "kill {pid}: {}", std::io::Error::last_os_error());
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
