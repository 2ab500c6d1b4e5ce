//! The archive beside the workspace, read off the input path. A thread
//! owns the reading: the archived sprints (for the velocity chart) at the
//! start and whenever the file changes, and the whole archive when the
//! archive popup asks for it. The UI keeps the sprints as derived state,
//! and the whole archive only while the popup is open: a big archive costs
//! memory only while someone looks at it.

use crate::domain::Workspace;
use crate::domain::sprint::Sprint;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, SystemTime};

/// How often the archive file is looked at for a change.
pub const POLL: Duration = Duration::from_secs(2);

/// What the session knows of the archive (derived state).
#[derive(Debug, Clone, Default)]
pub struct Shelf {
    /// The archived sprints, for the charts (none until read, or without
    /// an archive).
    pub sprints: Arc<Vec<Sprint>>,
    /// The whole archive as its readers see it
    /// ([`crate::store::archive::view_of`]), while the popup is open.
    pub open: Option<Arc<Workspace>>,
}

/// What the reading thread tells the UI.
#[derive(Debug)]
pub enum ArchiveEvent {
    /// The archived sprints (empty without an archive).
    Sprints(Vec<Sprint>),
    /// The whole archive, as asked (`None`: there is none).
    Read(Option<Box<Workspace>>),
    Failed(String),
}

/// The handle on the reading thread; dropping it ends the thread.
pub struct ArchiveReader {
    tx: Sender<()>,
}

impl ArchiveReader {
    /// Starts watching the archive of the workspace file `file`.
    pub fn spawn(file: PathBuf, notify: impl Fn(ArchiveEvent) + Send + 'static) -> ArchiveReader {
        let (tx, rx) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("archive".into())
            .spawn(move || {
                let path = crate::store::archive::path(&file);
                let mut seen: Option<Option<(u64, SystemTime)>> = None;
                loop {
                    let now = std::fs::metadata(&path)
                        .ok()
                        .map(|m| (m.len(), m.modified().unwrap_or(SystemTime::UNIX_EPOCH)));
                    if seen != Some(now) {
                        seen = Some(now);
                        notify(match crate::store::archive::read_sprints(&file) {
                            Ok(s) => ArchiveEvent::Sprints(s),
                            Err(e) => ArchiveEvent::Failed(e.to_string()),
                        });
                    }
                    match rx.recv_timeout(POLL) {
                        Ok(()) => {
                            // Asked several times meanwhile: read once.
                            rx.try_iter().for_each(drop);
                            notify(match crate::store::archive::read(&file) {
                                Ok(doc) => ArchiveEvent::Read(doc.map(Box::new)),
                                Err(e) => ArchiveEvent::Failed(e.to_string()),
                            });
                        }
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })
            .expect("spawn the archive thread");
        ArchiveReader { tx }
    }

    /// Reads the whole archive (an [`ArchiveEvent::Read`] follows).
    pub fn read_all(&self) {
        let _ = self.tx.send(());
    }
}

/// What the UI makes of an answer: the sprints kept for the charts; the
/// whole archive, with the popup's rows, if the popup still waits for it
/// (else it is dropped at once).
pub fn on_event(state: &mut super::state::State, ws: &Workspace, ev: ArchiveEvent) {
    use super::state::Modal;
    match ev {
        ArchiveEvent::Sprints(s) => state.archive.sprints = Arc::new(s),
        ArchiveEvent::Read(doc) => {
            let Some(Modal::Archive { query, .. }) = &state.modal else { return };
            let shelf = doc.map(|d| crate::store::archive::view_of(*d, ws));
            let found = shelf.as_ref().map(|s| super::derive::archive_rows(s, ws, query, &state.user));
            if let Some(Modal::Archive { rows, row, .. }) = &mut state.modal {
                *rows = Some(found.unwrap_or_default());
                *row = 0;
            }
            state.archive.open = shelf.map(Arc::new);
        }
        ArchiveEvent::Failed(e) => {
            if let Some(Modal::Archive { rows: rows @ None, .. }) = &mut state.modal {
                *rows = Some(Vec::new());
            }
            // Said once: the poll would say it again every few seconds.
            let msg = format!("The archive could not be read: {e}");
            if !state.log.iter().any(|l| l.text == msg) {
                state.warn(msg);
            }
        }
    }
}
