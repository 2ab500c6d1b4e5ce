//! Signals as a terminal user expects them, end to end: a file-size limit
//! (SIGXFSZ) is an error, not a death. The harness is in `common/pty.rs`.

mod common;

use common::pty::*;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::time::Instant;

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
