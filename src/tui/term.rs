//! The terminal's side channels: an input thread that can be paused while
//! `$EDITOR` or the shell owns the terminal, a signal thread (SIGHUP,
//! SIGTERM, SIGINT, SIGTSTP, SIGCONT), job control (stopping for Ctrl-Z),
//! and a check that the terminal is still there. A dead terminal (a dropped
//! SSH connection) ends the session within a second and never spins.

use ratatui::crossterm::event::{self, Event};
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Everything the event loop waits on, in one channel.
#[derive(Debug)]
pub enum Msg {
    Input(Event),
    Saver(super::saver::SaverEvent),
    /// What the repository says about stories (read off the input path).
    Trail(super::trail::TrailEvent),
    /// What the archive beside the workspace holds (read off the input path).
    Archive(super::archive::ArchiveEvent),
    /// SIGTERM, SIGINT: quit normally.
    Terminate,
    /// SIGHUP, or the terminal is gone: save and leave without drawing
    /// (and restore the terminal if it is in fact still there).
    Hangup,
    /// SIGTSTP from outside (`kill -TSTP`): suspend as for Ctrl-Z, which
    /// in raw mode arrives as a key instead.
    Suspend,
    /// SIGCONT that ended a stop we did not make (`kill -STOP`): the shell
    /// may have changed the terminal meanwhile, so take it back and redraw.
    Continue,
}

/// Who has the terminal, for the signal thread: SIGTSTP and SIGCONT mean
/// different things while `$EDITOR` has it or while we are stopping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Holder {
    Us = 0,
    Editor = 1,
    Stopping = 2,
}

static HOLDER: AtomicU8 = AtomicU8::new(Holder::Us as u8);

/// Stops we made whose SIGCONT the signal thread has not seen yet: the
/// event loop takes the terminal back where it stopped, so that SIGCONT is
/// no news (counted, as the event loop may be back before the signal
/// thread wakes).
static OWN_STOPS: AtomicUsize = AtomicUsize::new(0);

fn take_own_stop() -> bool {
    OWN_STOPS.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok()
}

pub fn set_holder(h: Holder) {
    HOLDER.store(h as u8, Ordering::SeqCst);
}

fn holder() -> Holder {
    match HOLDER.load(Ordering::SeqCst) {
        1 => Holder::Editor,
        2 => Holder::Stopping,
        _ => Holder::Us,
    }
}

/// How long the input thread waits for a key before checking whether it
/// should pause or whether the terminal is still alive.
const POLL: Duration = Duration::from_millis(250);

#[derive(Default)]
struct Gate {
    paused: bool,
    parked: bool,
}

/// Pauses the input thread (so an editor gets the keys) and resumes it.
#[derive(Clone, Default)]
pub struct InputControl(Arc<(Mutex<Gate>, Condvar)>);

impl InputControl {
    pub fn pause(&self) {
        let (m, cv) = &*self.0;
        let mut g = m.lock().unwrap_or_else(|e| e.into_inner());
        g.paused = true;
        // Wait (briefly) until the thread is out of its poll.
        let (g, _) = cv.wait_timeout_while(g, POLL * 2, |g| !g.parked).unwrap_or_else(|e| e.into_inner());
        drop(g);
    }
    pub fn resume(&self) {
        let (m, cv) = &*self.0;
        let mut g = m.lock().unwrap_or_else(|e| e.into_inner());
        g.paused = false;
        cv.notify_all();
    }
}

/// Reads terminal events and forwards them; stops at the first error or
/// when the terminal has hung up.
pub fn spawn_input(tx: Sender<Msg>, ctl: InputControl) {
    // Create crossterm's event source here, before the first frame: it
    // installs the SIGWINCH handler, and a resize that comes before the
    // thread's first poll would otherwise be lost (the default action
    // ignores it), leaving a frame of the wrong size until the next key.
    let _ = event::poll(Duration::ZERO);
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                {
                    let (m, cv) = &*ctl.0;
                    let mut g = m.lock().unwrap_or_else(|e| e.into_inner());
                    while g.paused {
                        g.parked = true;
                        cv.notify_all();
                        g = cv.wait(g).unwrap_or_else(|e| e.into_inner());
                    }
                    g.parked = false;
                }
                match event::poll(POLL) {
                    Ok(true) => match event::read() {
                        Ok(ev) => {
                            if tx.send(Msg::Input(ev)).is_err() {
                                return;
                            }
                        }
                        Err(_) => {
                            let _ = tx.send(Msg::Hangup);
                            return;
                        }
                    },
                    Ok(false) => {
                        if !terminal_alive() {
                            let _ = tx.send(Msg::Hangup);
                            return;
                        }
                    }
                    Err(_) => {
                        let _ = tx.send(Msg::Hangup);
                        return;
                    }
                }
            }
        })
        .expect("spawn the input thread");
}

/// Forwards SIGHUP, SIGTERM, SIGINT, SIGTSTP and SIGCONT to the event
/// loop. Catching SIGTSTP means it no longer stops us by itself: the event
/// loop restores the terminal first, then stops (see [`stop`]).
pub fn spawn_signals(tx: Sender<Msg>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT, SIGTSTP, SIGCONT])?;
    std::thread::Builder::new().name("signals".into()).spawn(move || {
        for sig in signals.forever() {
            let msg = match (sig, holder()) {
                (SIGHUP, _) => Msg::Hangup,
                (SIGTSTP, Holder::Us) => Msg::Suspend,
                // Ctrl-Z in the editor stops its whole job, us included (the
                // default action), or the shell would wait on us for ever.
                (SIGTSTP, Holder::Editor) => {
                    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                    continue;
                }
                (SIGCONT, _) if take_own_stop() => continue,
                (SIGCONT, Holder::Us) => Msg::Continue,
                // Already stopping; or the editor has the terminal, and it
                // is taken back when the editor exits.
                (SIGTSTP | SIGCONT, _) => continue,
                _ => Msg::Terminate,
            };
            if tx.send(msg).is_err() {
                return;
            }
        }
    })?;
    Ok(())
}

/// True when a shell with job control can bring us back after a stop: it
/// gives each job a process group of its own. In the session leader's group
/// (`ssh host backlog`, a script run without job control) nobody would
/// `fg` us, and a stop would freeze the terminal.
pub fn job_control() -> bool {
    // SAFETY: neither call has preconditions.
    unsafe { libc::getpgrp() != libc::getsid(0) }
}

/// Stops our process group, as Ctrl-Z in a shell does (a wrapper such as
/// `cargo run` that waits on us must stop too, or the shell never gets the
/// terminal back), and returns once continued (`fg`). The caller restores
/// the terminal first and sets [`Holder::Stopping`].
pub fn stop() {
    OWN_STOPS.fetch_add(1, Ordering::SeqCst);
    // SAFETY: kill has no memory effects; 0 is our own process group.
    if unsafe { libc::kill(0, libc::SIGSTOP) } != 0 {
        OWN_STOPS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// After a hang-up: points stdout and stderr at /dev/null. Writes to the
/// dead terminal fail with EIO, and Rust's print macros panic on a failed
/// write (ratatui's restore and its `Terminal` drop print when they cannot
/// reach the terminal), which inside the panic hook aborts the process.
pub fn detach() {
    use std::os::fd::AsRawFd;
    if let Ok(null) = std::fs::OpenOptions::new().read(true).write(true).open("/dev/null") {
        for fd in [1, 2] {
            // SAFETY: dup2 onto the standard descriptors; `null` stays open
            // for the call.
            unsafe { libc::dup2(null.as_raw_fd(), fd) };
        }
    }
}

/// False once the controlling terminal has hung up: every terminal call
/// then fails with EIO.
pub fn terminal_alive() -> bool {
    use std::os::fd::AsRawFd;
    let fd = if unsafe { libc::isatty(0) } == 1 {
        0
    } else {
        match std::fs::File::open("/dev/tty") {
            Ok(f) => return tcgetattr_ok(f.as_raw_fd()),
            Err(_) => return false,
        }
    };
    tcgetattr_ok(fd)
}

fn tcgetattr_ok(fd: i32) -> bool {
    // SAFETY: tcgetattr only writes into the termios we pass.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    unsafe { libc::tcgetattr(fd, &mut t) == 0 }
}
