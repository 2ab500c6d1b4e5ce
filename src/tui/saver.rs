//! Saving off the input path. A thread owns the [`Store`]: the UI applies
//! each command to its own copy of the workspace at once and sends the
//! resulting change here; this thread folds changes into its copy and
//! writes them (locked, merged, atomic), and it watches the file for other
//! writers. A keystroke never waits for the disk.

use crate::domain::{Change, Workspace};
use crate::store::{MergeReport, Store};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the file is checked for someone else's changes.
pub const POLL: Duration = Duration::from_millis(400);

/// What the saver tells the UI. `upto` is the sequence number of the last
/// change it had folded in.
#[derive(Debug)]
pub enum SaverEvent {
    Saved {
        upto: u64,
    },
    /// The file on disk had changes from someone else; here is the merged
    /// workspace.
    Merged {
        upto: u64,
        ws: Box<Workspace>,
        report: MergeReport,
    },
    Failed {
        upto: u64,
        error: String,
    },
}

enum ToSaver {
    Change(u64, Box<Change>),
    Stop,
}

/// How the saver ended.
#[derive(Debug, Default)]
pub struct Finished {
    /// Changes that could not be written to the workspace were put here.
    pub recovery: Option<PathBuf>,
    pub error: Option<String>,
}

pub struct Saver {
    tx: Sender<ToSaver>,
    done: mpsc::Receiver<Finished>,
    handle: Option<JoinHandle<()>>,
}

impl Saver {
    pub fn spawn(mut store: Store, notify: impl Fn(SaverEvent) + Send + 'static) -> Saver {
        let (tx, rx) = mpsc::channel::<ToSaver>();
        let (done_tx, done) = mpsc::channel();
        let handle = std::thread::Builder::new()
            .name("saver".into())
            .spawn(move || {
                let mut upto = 0;
                let mut dirty = false;
                // A change met a newer version here: the UI must hear the result.
                let mut absorbed: Option<MergeReport> = None;
                let mut stop = false;
                let mut last_error: Option<String> = None;
                while !stop {
                    let wait = if dirty { Duration::from_secs(1) } else { POLL };
                    let mut take = |m: ToSaver,
                                    upto: &mut u64,
                                    dirty: &mut bool,
                                    stop: &mut bool,
                                    merged: &mut Option<MergeReport>| {
                        match m {
                            ToSaver::Change(seq, c) => {
                                if let Some(r) = store.absorb(&c) {
                                    merged.get_or_insert_default().conflicts.extend(r.conflicts);
                                }
                                *upto = seq;
                                *dirty = true;
                            }
                            ToSaver::Stop => *stop = true,
                        }
                    };
                    match rx.recv_timeout(wait) {
                        Ok(m) => take(m, &mut upto, &mut dirty, &mut stop, &mut absorbed),
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => stop = true,
                    }
                    // Fold in everything already queued, then write once.
                    while let Ok(m) = rx.try_recv() {
                        take(m, &mut upto, &mut dirty, &mut stop, &mut absorbed);
                    }
                    if dirty {
                        match store.save() {
                            Ok(saved) => {
                                dirty = false;
                                last_error = None;
                                let absorbed = absorbed.take();
                                if saved.merged || absorbed.is_some() {
                                    let mut report = saved.report;
                                    report.conflicts.extend(absorbed.into_iter().flat_map(|r| r.conflicts));
                                    let ws = Box::new(store.workspace().clone());
                                    notify(SaverEvent::Merged { upto, ws, report });
                                } else {
                                    notify(SaverEvent::Saved { upto });
                                }
                            }
                            Err(e) => {
                                last_error = Some(e.to_string());
                                notify(SaverEvent::Failed { upto, error: e.to_string() });
                            }
                        }
                    } else if !stop && store.changed_on_disk() {
                        match store.sync() {
                            Ok(Some(report)) => {
                                let ws = Box::new(store.workspace().clone());
                                notify(SaverEvent::Merged { upto, ws, report });
                            }
                            Ok(None) => {}
                            Err(e) => notify(SaverEvent::Failed { upto, error: e.to_string() }),
                        }
                    }
                }
                let mut finished = Finished::default();
                if dirty {
                    // Never lose what the session holds: if the workspace
                    // cannot take it, it goes to a file beside it.
                    finished.error = last_error;
                    finished.recovery = store.write_recovery().ok();
                }
                let _ = done_tx.send(finished);
            })
            .expect("spawn the saver thread");
        Saver { tx, done, handle: Some(handle) }
    }

    pub fn send(&self, seq: u64, change: Change) {
        let _ = self.tx.send(ToSaver::Change(seq, Box::new(change)));
    }

    /// Writes what is left and stops, waiting at most `timeout`.
    pub fn finish(mut self, timeout: Duration) -> Finished {
        let _ = self.tx.send(ToSaver::Stop);
        let result = self.done.recv_timeout(timeout).unwrap_or_else(|_| Finished {
            recovery: None,
            error: Some("the last save did not finish in time".into()),
        });
        if let Some(h) = self.handle.take()
            && h.is_finished()
        {
            let _ = h.join();
        }
        result
    }
}
