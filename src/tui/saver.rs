//! Saving off the input path. A thread owns the [`Store`]: the UI applies
//! each command to its own copy of the workspace at once and sends the
//! resulting change here; this thread folds changes into its copy and
//! writes them (locked, merged, atomic), and it watches the file for other
//! writers. A keystroke never waits for the disk.
//!
//! Nothing is dropped on the way out: a save that fails is retried, and
//! the UI may ask for another try or for a recovery file. Once told to
//! stop, the thread never starts waiting for the lock again: it saves if
//! the lock is free at that moment, else writes a recovery file.

use crate::domain::{Change, Workspace};
use crate::store::{MergeReport, Store, StoreError};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the file is checked for someone else's changes.
pub const POLL: Duration = Duration::from_millis(400);
/// How soon a failed save is tried again.
const RETRY: Duration = Duration::from_secs(1);

/// What the saver tells the UI. `upto` is the sequence number of the last
/// change it had folded in.
#[derive(Debug)]
pub enum SaverEvent {
    Saved {
        upto: u64,
    },
    /// The workspace as merged: with someone else's changes from the file,
    /// or with what a change of ours met here.
    Merged {
        upto: u64,
        ws: Box<Workspace>,
        report: MergeReport,
    },
    Failed {
        upto: u64,
        error: String,
    },
    /// The recovery file asked for, written or not; `None` when nothing
    /// was left unsaved by then.
    Recovered(Result<Option<PathBuf>, String>),
    /// Something a save said (no backup kept, and why), told after the
    /// save's own event.
    Warning(String),
    /// A recovery file's changes were merged into the workspace (and this
    /// session's changes up to `upto` saved).
    RecoveryMerged {
        upto: u64,
        file: PathBuf,
        ws: Box<Workspace>,
        report: MergeReport,
    },
}

enum ToSaver {
    Change(u64, Box<Change>),
    /// Try to save again now.
    Retry,
    /// Write what is unsaved to a recovery file.
    WriteRecovery,
    /// Merge a recovery file into the workspace.
    MergeRecovery(PathBuf),
    /// Stop; with `keep`, save if the lock is free, else write a recovery
    /// file; without, drop what is unsaved (the user said so, twice).
    Stop {
        keep: bool,
    },
}

/// How the saver ended.
#[derive(Debug, Default)]
pub struct Finished {
    /// Changes that could not be written to the workspace were put here.
    pub recovery: Option<PathBuf>,
    pub error: Option<String>,
    /// Some changes are not in the workspace file (in a recovery file, or
    /// dropped on request, or lost to an error writing even that).
    pub unsaved: bool,
}

pub struct Saver {
    tx: Sender<ToSaver>,
    done: mpsc::Receiver<Finished>,
    handle: Option<JoinHandle<()>>,
    cancel: Arc<AtomicBool>,
}

struct Worker<F> {
    store: Store,
    notify: F,
    upto: u64,
    /// Changes folded in and not written yet.
    dirty: bool,
    /// What changes met here (merged into a newer version); the UI hears
    /// it with the next save.
    absorbed: Option<MergeReport>,
    last_error: Option<String>,
    /// Unsaved changes already kept in a recovery file.
    recovered: Option<PathBuf>,
}

impl<F: Fn(SaverEvent)> Worker<F> {
    fn absorb(&mut self, seq: u64, change: &Change) {
        if let Some(r) = self.store.absorb(change) {
            self.absorbed.get_or_insert_default().conflicts.extend(r.conflicts);
        }
        self.upto = seq;
        self.dirty = true;
        self.recovered = None;
    }

    fn save(&mut self) {
        match self.store.save() {
            Ok(saved) => {
                self.dirty = false;
                self.last_error = None;
                let absorbed = self.absorbed.take();
                if saved.merged || absorbed.is_some() {
                    let mut report = saved.report;
                    report.conflicts.extend(absorbed.into_iter().flat_map(|r| r.conflicts));
                    let ws = Box::new(self.store.workspace().clone());
                    (self.notify)(SaverEvent::Merged { upto: self.upto, ws, report });
                } else {
                    (self.notify)(SaverEvent::Saved { upto: self.upto });
                }
                saved.warnings.into_iter().for_each(|w| (self.notify)(SaverEvent::Warning(w)));
            }
            Err(StoreError::Cancelled { .. }) => {}
            Err(e) => self.failed(e.to_string()),
        }
    }

    fn failed(&mut self, error: String) {
        self.last_error = Some(error.clone());
        (self.notify)(SaverEvent::Failed { upto: self.upto, error });
    }

    fn sync(&mut self) {
        if !self.store.changed_on_disk() {
            return;
        }
        match self.store.sync() {
            Ok(Some(report)) => {
                let ws = Box::new(self.store.workspace().clone());
                (self.notify)(SaverEvent::Merged { upto: self.upto, ws, report });
            }
            Ok(None) | Err(StoreError::Cancelled { .. }) => {}
            Err(e) => (self.notify)(SaverEvent::Failed { upto: self.upto, error: e.to_string() }),
        }
    }

    fn recover(&mut self) -> Result<PathBuf, String> {
        let path = self.store.write_recovery().map_err(|e| e.to_string())?;
        self.recovered = Some(path.clone());
        Ok(path)
    }

    fn merge_recovery(&mut self, file: PathBuf) {
        match self.store.merge_recovery(&file) {
            Ok(saved) => {
                self.dirty = false;
                let ws = Box::new(self.store.workspace().clone());
                (self.notify)(SaverEvent::RecoveryMerged { upto: self.upto, file, ws, report: saved.report });
                saved.warnings.into_iter().for_each(|w| (self.notify)(SaverEvent::Warning(w)));
            }
            Err(e) => self.failed(format!("{}: {e}", file.display())),
        }
    }

    /// The last act: save if the lock is free now, else keep what is
    /// unsaved in a recovery file. Never waits for the lock.
    fn finish(mut self, keep: bool) -> Finished {
        let mut out = Finished { error: self.last_error.take(), ..Finished::default() };
        if !self.dirty {
            return out;
        }
        if !keep {
            out.unsaved = true;
            return out;
        }
        match self.store.try_save() {
            Ok(_) => {
                out.error = None;
                // Saved after all: a recovery file written meanwhile holds
                // nothing the workspace lacks.
                if let Some(p) = self.recovered.take() {
                    let _ = std::fs::remove_file(p);
                }
            }
            Err(e) => {
                out.error = Some(e.to_string());
                out.unsaved = true;
                out.recovery = match self.recovered.take() {
                    Some(p) => Some(p),
                    None => match self.recover() {
                        Ok(p) => Some(p),
                        Err(e) => {
                            out.error = Some(format!(
                                "{}; and no recovery file could be written: {e}",
                                out.error.unwrap_or_default()
                            ));
                            None
                        }
                    },
                };
            }
        }
        out
    }
}

impl Saver {
    pub fn spawn(mut store: Store, notify: impl Fn(SaverEvent) + Send + 'static) -> Saver {
        let (tx, rx) = mpsc::channel::<ToSaver>();
        let (done_tx, done) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        store.set_cancel(cancel.clone());
        let flag = cancel.clone();
        let handle = std::thread::Builder::new()
            .name("saver".into())
            .spawn(move || {
                let cancel = flag;
                let mut w =
                    Worker { store, notify, upto: 0, dirty: false, absorbed: None, last_error: None, recovered: None };
                let keep = loop {
                    let wait = if w.dirty { RETRY } else { POLL };
                    let first = match rx.recv_timeout(wait) {
                        Ok(m) => Some(m),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => break true,
                    };
                    // Fold in everything already queued, then write once.
                    let mut stop = None;
                    let mut retry = false;
                    for m in first.into_iter().chain(std::iter::from_fn(|| rx.try_recv().ok())) {
                        match m {
                            ToSaver::Change(seq, c) => w.absorb(seq, &c),
                            ToSaver::Retry => retry = true,
                            ToSaver::WriteRecovery => {
                                let r = if w.dirty { w.recover().map(Some) } else { Ok(None) };
                                // The wait it cut short is over; later saves wait again.
                                cancel.store(false, Ordering::Relaxed);
                                (w.notify)(SaverEvent::Recovered(r));
                            }
                            ToSaver::MergeRecovery(file) => w.merge_recovery(file),
                            ToSaver::Stop { keep } => stop = Some(keep),
                        }
                    }
                    if let Some(keep) = stop {
                        break keep;
                    }
                    if w.dirty && (retry || w.recovered.is_none()) {
                        w.save();
                    } else if !w.dirty {
                        w.sync();
                    }
                };
                let _ = done_tx.send(w.finish(keep));
            })
            .expect("spawn the saver thread");
        Saver { tx, done, handle: Some(handle), cancel }
    }

    pub fn send(&self, seq: u64, change: Change) {
        let _ = self.tx.send(ToSaver::Change(seq, Box::new(change)));
    }

    /// Try to save again, now.
    pub fn retry(&self) {
        let _ = self.tx.send(ToSaver::Retry);
    }

    /// Write what is unsaved to a recovery file ([`SaverEvent::Recovered`]),
    /// cutting short a wait for the lock (a stuck process may hold it).
    pub fn write_recovery(&self) {
        self.cancel.store(true, Ordering::Relaxed);
        let _ = self.tx.send(ToSaver::WriteRecovery);
    }

    /// Merge a recovery file into the workspace
    /// ([`SaverEvent::RecoveryMerged`]).
    pub fn merge_recovery(&self, file: PathBuf) {
        let _ = self.tx.send(ToSaver::MergeRecovery(file));
    }

    /// Stops: a wait for the lock ends at once, what is unsaved is saved if
    /// the lock is free right now, else kept in a recovery file (or, with
    /// `keep` false, dropped). Waits at most `timeout` for the thread.
    pub fn finish(mut self, keep: bool, timeout: Duration) -> Finished {
        self.cancel.store(true, Ordering::Relaxed);
        let _ = self.tx.send(ToSaver::Stop { keep });
        let result = self.done.recv_timeout(timeout).unwrap_or_else(|_| Finished {
            recovery: None,
            error: Some("the last save did not finish in time".into()),
            unsaved: true,
        });
        if let Some(h) = self.handle.take()
            && h.is_finished()
        {
            let _ = h.join();
        }
        result
    }
}
