//! The TUI end to end, in a real pseudo-terminal: the binary runs in a
//! 100x30 pty, everything it writes is fed to a vt100 parser, the tests
//! type keys, wait for the screen to show what they expect, and then read
//! the workspace file on disk.
//!
//! No sleeps as synchronisation: a reader thread parses the pty output and
//! wakes waiters through a condvar; timeouts are only failure limits. Each
//! test prints its wall time (`cargo test --test e2e_pty -- --nocapture`).
//!
//! The test terminal answers no queries (no reply to "where is the
//! cursor?"), like some terminals and links too slow for the 2 s crossterm
//! waits: the TUI must never depend on an answer.

use backlog::domain::Workspace;
use backlog::store::codec;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::fs::{self, File};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_backlog");
const ROWS: u16 = 30;
const COLS: u16 = 100;
/// A failure limit, never a wait: every wait ends as soon as its condition
/// holds.
const LIMIT: Duration = Duration::from_secs(10);

/// One test at a time: each drives a real process whose timing some tests
/// bound (hang-up, idle CPU), on a machine shared with builds. Serial runs
/// also keep one test's children from inheriting another's pty.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A private HOME with a demo workspace in it.
struct Env {
    dir: tempfile::TempDir,
    ws: PathBuf,
}

impl Env {
    fn demo() -> Env {
        let dir = tempfile::tempdir().expect("a temp dir");
        let ws = dir.path().join("backlog.json");
        let out = Env::isolate(Command::new(BIN), dir.path())
            .args(["init", "--demo"])
            .arg(&ws)
            .stdin(Stdio::null())
            .output()
            .expect("backlog init runs");
        assert!(out.status.success(), "backlog init --demo failed: {}", String::from_utf8_lossy(&out.stderr));
        Env { dir, ws }
    }

    fn isolate(mut c: Command, home: &Path) -> Command {
        c.current_dir(home)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("TERM", "xterm-256color");
        for var in ["BACKLOG_WORKSPACE", "BACKLOG_ROLE", "VISUAL", "EDITOR", "NO_COLOR"] {
            c.env_remove(var);
        }
        c
    }

    /// The binary as a plain process (the CLI), in the same environment.
    fn cli(&self, args: &[&str]) {
        let out = Env::isolate(Command::new(BIN), self.dir.path())
            .arg("--workspace")
            .arg(&self.ws)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("the backlog binary runs");
        assert!(out.status.success(), "backlog {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn read(&self) -> Workspace {
        let bytes = fs::read(&self.ws).expect("the workspace file exists");
        codec::decode(&self.ws, &bytes).expect("the workspace file parses").ws
    }

    /// The TUI on this workspace, in a fresh 100x30 pty.
    fn tui(&self, extra_env: &[(&str, &str)]) -> Tui {
        let mut cmd = CommandBuilder::new(BIN);
        let home = self.dir.path();
        cmd.cwd(home);
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("TERM", "xterm-256color");
        for var in ["BACKLOG_WORKSPACE", "BACKLOG_ROLE", "VISUAL", "EDITOR", "NO_COLOR"] {
            cmd.env_remove(var);
        }
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        cmd.arg("--workspace");
        cmd.arg(&self.ws);
        Tui::spawn(cmd)
    }
}

/// Ranked keys of the live items, as the file orders them.
fn ranked_keys(ws: &Workspace) -> Vec<String> {
    ws.ranked_item_positions().into_iter().map(|p| ws.items[p].key.clone()).collect()
}

/// What the reader thread shares with the test.
struct Screen {
    parser: vt100::Parser,
    /// The pty has no more output: the child and every holder of the
    /// slave side are gone.
    eof: bool,
}

struct Shared {
    screen: Mutex<Screen>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Screen> {
        self.screen.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The binary in a pseudo-terminal. The test holds the master side only
/// (the slave is closed right after the spawn, as a terminal emulator or
/// sshd does), through descriptors of its own, so that dropping them all
/// really hangs the terminal up. Not portable-pty's `take_writer`: its
/// writer types "\n^D" into the terminal when dropped, which the TUI would
/// read as keys just before a hang-up.
struct Tui {
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<File>,
    child: Box<dyn Child + Send + Sync>,
    pid: i32,
    shared: Arc<Shared>,
    /// Dropping it tells the reader thread to stop.
    stop: Option<OwnedFd>,
    reader: Option<JoinHandle<()>>,
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal size is not zero")
}

/// A close-on-exec duplicate, so no other child can keep the pty open.
fn dup(fd: RawFd) -> File {
    // SAFETY: fcntl(F_DUPFD_CLOEXEC) returns a new descriptor we own.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    assert!(new >= 0, "dup the pty master: {}", std::io::Error::last_os_error());
    // SAFETY: `new` is a fresh descriptor owned by nothing else.
    unsafe { File::from_raw_fd(new) }
}

fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two descriptors into the array.
    let r = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(r, 0, "pipe2: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors are fresh and owned by nothing else.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

/// Reads the master into the parser until the pty ends or `stop` is
/// closed; wakes waiters after every read.
fn pump(mut master: File, stop: OwnedFd, shared: Arc<Shared>) {
    let mut buf = [0u8; 16 * 1024];
    loop {
        let mut fds = [
            libc::pollfd { fd: master.as_raw_fd(), events: libc::POLLIN, revents: 0 },
            libc::pollfd { fd: stop.as_raw_fd(), events: libc::POLLIN, revents: 0 },
        ];
        // SAFETY: poll reads and writes only the array we pass.
        let r = unsafe { libc::poll(fds.as_mut_ptr(), 2, -1) };
        if r < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            break;
        }
        if fds[1].revents != 0 {
            return;
        }
        if fds[0].revents == 0 {
            continue;
        }
        match master.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                shared.lock().parser.process(&buf[..n]);
                shared.changed.notify_all();
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            // EIO: the slave side is closed.
            Err(_) => break,
        }
    }
    shared.lock().eof = true;
    shared.changed.notify_all();
}

impl Tui {
    fn spawn(cmd: CommandBuilder) -> Tui {
        let pty = native_pty_system();
        let pair = pty.openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 }).expect("openpty");
        let child = pair.slave.spawn_command(cmd).expect("spawn backlog in the pty");
        drop(pair.slave);
        let pid = child.process_id().expect("the child has a pid") as i32;
        let fd = pair.master.as_raw_fd().expect("a unix pty master");
        let shared = Arc::new(Shared {
            screen: Mutex::new(Screen { parser: vt100::Parser::new(nz(ROWS), nz(COLS), 0), eof: false }),
            changed: Condvar::new(),
        });
        let (stop_rx, stop_tx) = pipe();
        let reader = {
            let (master, shared) = (dup(fd), shared.clone());
            std::thread::Builder::new()
                .name("pty-reader".into())
                .spawn(move || pump(master, stop_rx, shared))
                .expect("spawn the reader thread")
        };
        Tui {
            writer: Some(dup(fd)),
            master: Some(pair.master),
            child,
            pid,
            shared,
            stop: Some(stop_tx),
            reader: Some(reader),
        }
    }

    /// Types `keys` (raw bytes as a terminal sends them).
    fn send(&mut self, keys: &str) {
        let w = self.writer.as_mut().expect("the pty is open");
        w.write_all(keys.as_bytes()).expect("write to the pty");
        w.flush().expect("flush the pty");
    }

    /// Waits until `pred` holds for the screen; returns how long it took.
    /// Panics with the screen after `LIMIT`, or if the pty ends first.
    fn wait_for(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) -> Duration {
        self.wait_within(what, LIMIT, pred)
    }

    fn wait_within(&self, what: &str, limit: Duration, pred: impl Fn(&vt100::Screen) -> bool) -> Duration {
        let start = Instant::now();
        let deadline = start + limit;
        let mut s = self.shared.lock();
        loop {
            if pred(s.parser.screen()) {
                return start.elapsed();
            }
            let now = Instant::now();
            if s.eof || now >= deadline {
                let why = if s.eof { "the terminal closed" } else { "timed out" };
                panic!(
                    "{why} after {:?} waiting for {what}; the screen:\n{}",
                    start.elapsed(),
                    s.parser.screen().contents()
                );
            }
            s = self.shared.changed.wait_timeout(s, deadline - now).unwrap_or_else(PoisonError::into_inner).0;
        }
    }

    /// Runs `f` on the current screen.
    fn screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.shared.lock().parser.screen())
    }

    /// Waits until the pty has delivered its last byte (after the exit).
    fn wait_eof(&self) {
        let deadline = Instant::now() + LIMIT;
        let mut s = self.shared.lock();
        while !s.eof {
            let now = Instant::now();
            assert!(now < deadline, "the pty did not close after the exit");
            s = self.shared.changed.wait_timeout(s, deadline - now).unwrap_or_else(PoisonError::into_inner).0;
        }
    }

    /// Polls for the exit until `limit`; returns the status and how long
    /// it took.
    fn wait_exit(&mut self, limit: Duration) -> (portable_pty::ExitStatus, Duration) {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return (status, start.elapsed());
            }
            assert!(
                start.elapsed() < limit,
                "backlog still running {:?} after it should have ended; the screen:\n{}",
                start.elapsed(),
                self.screen(|s| s.contents())
            );
            std::thread::park_timeout(Duration::from_millis(5));
        }
    }

    fn resize(&self, rows: u16, cols: u16) {
        // The parser first: whatever the old size drew is cleared by the
        // full redraw that follows a resize.
        self.shared.lock().parser.screen_mut().set_size(nz(rows), nz(cols));
        let size = PtySize { rows, cols, pixel_width: 0, pixel_height: 0 };
        self.master.as_ref().expect("the pty is open").resize(size).expect("resize the pty");
    }

    /// The terminal's line discipline as the program left it.
    fn termios(&self) -> libc::termios {
        let fd = self.master.as_ref().and_then(|m| m.as_raw_fd()).expect("the pty is open");
        // SAFETY: tcgetattr only writes into the termios we pass.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0, "tcgetattr on the pty");
        t
    }

    /// Closes every descriptor of the master side, as sshd does when the
    /// connection drops: the program's terminal hangs up.
    fn hang_up(&mut self) {
        self.stop.take();
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        self.writer.take();
        self.master.take();
    }

    /// Asserts the program gave the terminal back: main screen, cursor
    /// shown, cooked mode with echo.
    fn assert_restored(&self) {
        self.wait_eof();
        self.screen(|s| {
            assert!(!s.alternate_screen(), "still on the alternate screen:\n{}", s.contents());
            assert!(!s.hide_cursor(), "the cursor is still hidden");
        });
        let t = self.termios();
        assert!(t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0, "the terminal is still in raw mode");
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        // A failed test must not leave its process behind.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.hang_up();
    }
}

/// The screen as lines.
fn lines(s: &vt100::Screen) -> Vec<String> {
    s.rows(0, s.size().1.get()).collect()
}

/// The key in the backlog table row `line` (`│TAN-41    story …`).
fn row_key(line: &str) -> Option<&str> {
    let first = line.strip_prefix('│')?.split_whitespace().next()?;
    let (prefix, n) = first.split_once('-')?;
    (!prefix.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty()).then_some(first)
}

/// The screen row showing `key` in the backlog table.
fn row_of(s: &vt100::Screen, key: &str) -> Option<usize> {
    lines(s).iter().position(|l| row_key(l) == Some(key))
}

fn row_text(s: &vt100::Screen, key: &str) -> Option<String> {
    row_of(s, key).map(|r| lines(s)[r].clone())
}

/// The key of the highlighted (reverse-video) row, and that row.
fn selected(s: &vt100::Screen) -> Option<(String, usize)> {
    lines(s).iter().enumerate().find_map(|(r, l)| {
        let key = row_key(l)?;
        s.cell(r as u16, 1).filter(|c| c.inverse()).map(|_| (key.to_owned(), r))
    })
}

/// The status line (second line from the bottom).
fn status(s: &vt100::Screen) -> String {
    let l = lines(s);
    l[l.len().saturating_sub(2)].clone()
}

/// The backlog pane is up and every change is on disk.
fn ready(s: &vt100::Screen) -> bool {
    s.alternate_screen() && s.contents().contains("Backlog") && status(s).contains("│ saved ")
}

fn report(name: &str, start: Instant) {
    println!("{name}: {:?}", start.elapsed());
}

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

    tui.send("s");
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

/// utime + stime of a process, in seconds.
fn cpu_seconds(pid: i32) -> f64 {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).expect("read /proc/PID/stat");
    // The command name may hold spaces: fields start after its ')'.
    let rest = &stat[stat.rfind(')').expect("a stat line") + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 (1-based), 11 and 12 here.
    let ticks: u64 = f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    ticks as f64 / hz
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

    // Idle: no keys, no other writers. A bound on the CPU it takes, not a
    // timing of our code.
    let cpu0 = cpu_seconds(tui.pid);
    let t0 = Instant::now();
    std::thread::sleep(Duration::from_secs(1));
    let idle = cpu_seconds(tui.pid) - cpu0;
    let window = t0.elapsed();
    println!("ssh_hang_up: {idle:.3} s CPU in {window:?} of idleness ({cpu0:.3} s before, to start up)");
    assert!(idle < 0.2, "an idle TUI used {idle:.3} s of CPU in {window:?}");

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
    // Keys still work at that size, they just cannot be seen.
    tui.send("jj");

    tui.resize(ROWS, COLS);
    let want = &order[2];
    tui.wait_for(&format!("the panes again, {want} selected"), |s| {
        !s.contents().contains("too small")
            && s.contents().contains("1 Vision")
            && ready(s)
            && selected(s).is_some_and(|(k, _)| k == *want)
    });

    tui.send("q");
    let (status, _) = tui.wait_exit(LIMIT);
    assert!(status.success(), "backlog exited with {status:?}");
    tui.assert_restored();
    report("tiny_terminal", start);
}
