//! The pseudo-terminal harness of the end-to-end tests: a private HOME
//! with a workspace in it ([`Env`]), the binary in a real pty whose output
//! a vt100 parser turns into a screen ([`Tui`]), and helpers to read that
//! screen.
//!
//! No sleeps as synchronisation: a reader thread parses the pty output and
//! wakes waiters through a condvar; timeouts are only failure limits.
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

pub const BIN: &str = env!("CARGO_BIN_EXE_backlog");
pub const ROWS: u16 = 30;
pub const COLS: u16 = 100;
/// A failure limit, never a wait: every wait ends as soon as its condition
/// holds.
pub const LIMIT: Duration = Duration::from_secs(10);

/// One test at a time: each drives a real process whose timing some tests
/// bound (hang-up, idle CPU), on a machine shared with builds. Serial runs
/// also keep one test's children from inheriting another's pty.
pub static SERIAL: Mutex<()> = Mutex::new(());

pub fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A private HOME with a demo workspace in it.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub ws: PathBuf,
}

impl Env {
    pub fn demo() -> Env {
        let dir = tempfile::tempdir().expect("a temp dir");
        let ws = dir.path().join("backlog.json");
        let out = Env::isolate(Command::new(BIN), dir.path())
            .args(["init", "--demo"])
            .arg(&ws)
            .stdin(Stdio::null())
            .output()
            .expect("backlog init runs");
        assert!(out.status.success(), "backlog init --demo failed: {}", String::from_utf8_lossy(&out.stderr));
        // These tests were written against the whole demo backlog, done
        // work included: show it, as `show_done = true` in the config does.
        // `Env::demo_as_opened` keeps the default (done work hidden).
        let config = dir.path().join("config").join("backlog");
        fs::create_dir_all(&config).expect("a config dir");
        fs::write(config.join("config.toml"), "show_done = true\n").expect("a config file");
        Env { dir, ws }
    }

    /// [`Env::demo`] without the two sprints it brought over from Jira: one
    /// closed sprint, too short a history to forecast from.
    pub fn demo_young() -> Env {
        let env = Env::demo();
        let mut v: serde_json::Value = serde_json::from_slice(&fs::read(&env.ws).expect("the demo")).expect("JSON");
        let sprints = v["sprints"].as_array_mut().expect("sprints");
        sprints.retain(|s| !matches!(s["name"].as_str(), Some("Sprint 20" | "Sprint 21")));
        fs::write(&env.ws, serde_json::to_vec_pretty(&v).expect("JSON")).expect("written");
        env
    }

    /// [`Env::demo`] without a config: done and dropped items are hidden in
    /// the backlog's rank view, as a new user sees it.
    pub fn demo_as_opened() -> Env {
        let env = Env::demo();
        fs::remove_file(env.dir.path().join("config").join("backlog").join("config.toml")).expect("the config");
        env
    }

    /// A private HOME with a new, empty workspace (`backlog init`).
    pub fn empty() -> Env {
        Env::empty_with_prefix("BL")
    }

    /// [`Env::empty`] with its keys' prefix (`backlog init --prefix`).
    pub fn empty_with_prefix(prefix: &str) -> Env {
        let dir = tempfile::tempdir().expect("a temp dir");
        let ws = dir.path().join("backlog.json");
        let out = Env::isolate(Command::new(BIN), dir.path())
            .args(["init", "--prefix", prefix])
            .arg(&ws)
            .stdin(Stdio::null())
            .output()
            .expect("backlog init runs");
        assert!(out.status.success(), "backlog init failed: {}", String::from_utf8_lossy(&out.stderr));
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

    /// The binary as a plain process (the CLI), in the same environment;
    /// panics unless it succeeds, returns what it printed.
    pub fn cli(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().expect("the backlog binary runs");
        assert!(out.status.success(), "backlog {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("the CLI prints UTF-8")
    }

    /// The binary on this workspace as a plain process, to add arguments,
    /// limits or expectations of failure to.
    pub fn command(&self) -> Command {
        let mut c = Env::isolate(Command::new(BIN), self.dir.path());
        c.arg("--workspace").arg(&self.ws).stdin(Stdio::null());
        c
    }

    pub fn read(&self) -> Workspace {
        let bytes = fs::read(&self.ws).expect("the workspace file exists");
        codec::decode(&self.ws, &bytes).expect("the workspace file parses").ws
    }

    /// The TUI on this workspace, in a fresh 100x30 pty.
    pub fn tui(&self, extra_env: &[(&str, &str)]) -> Tui {
        self.tui_with(&[], extra_env)
    }

    /// The TUI with extra arguments (`--role pm`) and environment.
    pub fn tui_with(&self, args: &[&str], extra_env: &[(&str, &str)]) -> Tui {
        let mut cmd = self.pty_command(BIN);
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        cmd.arg("--workspace");
        cmd.arg(&self.ws);
        for a in args {
            cmd.arg(a);
        }
        Tui::spawn(cmd)
    }

    /// An interactive shell with job control (`sh -i`) in a fresh 100x30
    /// pty, prompting with [`PROMPT`], to start the TUI from as a user
    /// would (see [`Env::tui_line`]).
    pub fn shell(&self) -> Tui {
        let mut cmd = self.pty_command("sh");
        cmd.arg("-i");
        cmd.env("PS1", PROMPT);
        // No startup file, whatever the machine's sh reads.
        cmd.env_remove("ENV");
        Tui::spawn(cmd)
    }

    /// The command line that starts the TUI on this workspace from
    /// [`Env::shell`], with `extra` arguments.
    pub fn tui_line(&self, extra: &str) -> String {
        format!("'{BIN}' --workspace '{}' {extra}\r", self.ws.display())
    }

    fn pty_command(&self, program: &str) -> CommandBuilder {
        let mut cmd = CommandBuilder::new(program);
        let home = self.dir.path();
        cmd.cwd(home);
        cmd.env("HOME", home);
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("TERM", "xterm-256color");
        for var in ["BACKLOG_WORKSPACE", "BACKLOG_ROLE", "VISUAL", "EDITOR", "NO_COLOR"] {
            cmd.env_remove(var);
        }
        cmd
    }
}

/// The prompt of [`Env::shell`].
pub const PROMPT: &str = "test-sh$ ";

/// Ranked keys of the live items, as the file orders them.
pub fn ranked_keys(ws: &Workspace) -> Vec<String> {
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
pub struct Tui {
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<File>,
    child: Box<dyn Child + Send + Sync>,
    pub pid: i32,
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
    pub fn send(&mut self, keys: &str) {
        let w = self.writer.as_mut().expect("the pty is open");
        w.write_all(keys.as_bytes()).expect("write to the pty");
        w.flush().expect("flush the pty");
    }

    /// Waits until `pred` holds for the screen; returns how long it took.
    /// Panics with the screen after `LIMIT`, or if the pty ends first.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&vt100::Screen) -> bool) -> Duration {
        self.wait_within(what, LIMIT, pred)
    }

    pub fn wait_within(&self, what: &str, limit: Duration, pred: impl Fn(&vt100::Screen) -> bool) -> Duration {
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
    pub fn screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.shared.lock().parser.screen())
    }

    /// Waits until the pty has delivered its last byte (after the exit).
    pub fn wait_eof(&self) {
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
    pub fn wait_exit(&mut self, limit: Duration) -> (portable_pty::ExitStatus, Duration) {
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

    pub fn resize(&self, rows: u16, cols: u16) {
        // The parser first: whatever the old size drew is cleared by the
        // full redraw that follows a resize.
        self.shared.lock().parser.screen_mut().set_size(nz(rows), nz(cols));
        let size = PtySize { rows, cols, pixel_width: 0, pixel_height: 0 };
        self.master.as_ref().expect("the pty is open").resize(size).expect("resize the pty");
    }

    /// The terminal's line discipline as the program left it.
    pub fn termios(&self) -> libc::termios {
        let fd = self.master.as_ref().and_then(|m| m.as_raw_fd()).expect("the pty is open");
        // SAFETY: tcgetattr only writes into the termios we pass.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0, "tcgetattr on the pty");
        t
    }

    /// Closes every descriptor of the master side, as sshd does when the
    /// connection drops: the program's terminal hangs up.
    pub fn hang_up(&mut self) {
        self.stop.take();
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        self.writer.take();
        self.master.take();
    }

    /// Asserts the program exited and gave the terminal back (see
    /// [`Tui::assert_given_back`]).
    pub fn assert_restored(&self) {
        self.wait_eof();
        self.assert_given_back();
    }

    /// Asserts the terminal is as a shell expects it: main screen, cursor
    /// shown, no bracketed paste or mouse reporting, cooked mode with echo.
    pub fn assert_given_back(&self) {
        self.screen(|s| {
            assert!(!s.alternate_screen(), "still on the alternate screen:\n{}", s.contents());
            assert!(!s.hide_cursor(), "the cursor is still hidden");
            assert!(!s.bracketed_paste(), "bracketed paste is still on");
            assert_eq!(s.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "the mouse is still captured");
        });
        let t = self.termios();
        assert!(t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0, "the terminal is still in raw mode");
    }

    /// True while the terminal is in raw mode (no line editing, no echo).
    pub fn raw_mode(&self) -> bool {
        let t = self.termios();
        t.c_lflag & (libc::ICANON | libc::ECHO) == 0
    }
}

impl Tui {
    /// Presses `q` and waits for a clean exit (status 0, terminal given
    /// back); returns how long the exit took.
    pub fn quit(&mut self) -> Duration {
        self.send("q");
        let (status, took) = self.wait_exit(LIMIT);
        assert!(status.success(), "backlog exited with {status:?}");
        self.assert_restored();
        took
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
pub fn lines(s: &vt100::Screen) -> Vec<String> {
    s.rows(0, s.size().1.get()).collect()
}

/// The key in the backlog table row `line` (`│TAN-41    story …`).
pub fn row_key(line: &str) -> Option<&str> {
    // A marked row has a dot in front of its key (`│●TAN-41 …`).
    let first = line.strip_prefix('│')?.trim_start_matches('●').split_whitespace().next()?;
    let (prefix, n) = first.split_once('-')?;
    (!prefix.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty()).then_some(first)
}

/// The screen row showing `key` in the backlog table.
pub fn row_of(s: &vt100::Screen, key: &str) -> Option<usize> {
    lines(s).iter().position(|l| row_key(l) == Some(key))
}

pub fn row_text(s: &vt100::Screen, key: &str) -> Option<String> {
    row_of(s, key).map(|r| lines(s)[r].clone())
}

/// The key of the highlighted (reverse-video) row, and that row.
pub fn selected(s: &vt100::Screen) -> Option<(String, usize)> {
    lines(s).iter().enumerate().find_map(|(r, l)| {
        let key = row_key(l)?;
        s.cell(r as u16, 1).filter(|c| c.inverse()).map(|_| (key.to_owned(), r))
    })
}

/// The status line (second line from the bottom).
pub fn status(s: &vt100::Screen) -> String {
    let l = lines(s);
    l[l.len().saturating_sub(2)].clone()
}

/// The backlog pane is up and every change is on disk.
pub fn ready(s: &vt100::Screen) -> bool {
    s.alternate_screen() && s.contents().contains("Backlog") && status(s).contains("│ saved ")
}

pub fn report(name: &str, start: Instant) {
    println!("{name}: {:?}", start.elapsed());
}

/// The reverse-video (selected) text of each screen row that has any, as
/// (row, first column, text): a selected card or row shows up here
/// whatever its layout.
pub fn inverse_runs(s: &vt100::Screen) -> Vec<(u16, u16, String)> {
    let (rows, cols) = (s.size().0.get(), s.size().1.get());
    (0..rows)
        .filter_map(|r| {
            let cells: Vec<(u16, &vt100::Cell)> = (0..cols)
                .filter_map(|c| s.cell(r, c).map(|cell| (c, cell)))
                .filter(|(_, c)| c.inverse() && !c.is_wide_continuation())
                .collect();
            let first = cells.first()?.0;
            let text: String =
                cells.iter().map(|(_, c)| if c.has_contents() { c.contents() } else { " " }).collect::<String>();
            Some((r, first, text.trim().to_owned()))
        })
        .collect()
}

/// True if some reverse-video run on the screen contains `needle`.
pub fn highlighted(s: &vt100::Screen, needle: &str) -> bool {
    inverse_runs(s).iter().any(|(_, _, t)| t.contains(needle))
}
