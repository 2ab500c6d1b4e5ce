//! The commits and branches naming each story, for the detail, read off
//! the input path. A thread owns the reading (git processes and the
//! cache): it reads once at the start and again whenever git's refs move
//! (a commit, a checkout, a fetch; seen from file times, without running
//! git), and sends what it read as a message. The UI keeps the last answer
//! as derived state; a keypress never waits for git.

use crate::domain::Workspace;
use crate::store::trail::{self, KeyPattern, Trail};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, SystemTime};

/// How often the repository's refs are looked at for a change.
pub const POLL: Duration = Duration::from_secs(2);

/// What the UI knows of the repository.
#[derive(Debug, Clone, Default)]
pub enum Known {
    /// No answer yet.
    #[default]
    NotRead,
    /// The workspace is not in a git repository: the detail says nothing.
    NoRepository,
    Read(Arc<Trail>),
}

impl Known {
    pub fn trail(&self) -> Option<&Trail> {
        match self {
            Known::Read(t) => Some(t),
            _ => None,
        }
    }
}

/// What the reading thread tells the UI.
#[derive(Debug)]
pub enum TrailEvent {
    Read(Box<Trail>),
    NoRepository,
    Failed(String),
}

/// The handle on the reading thread; dropping it ends the thread.
pub struct TrailReader {
    tx: Sender<KeyPattern>,
    pattern: KeyPattern,
}

impl TrailReader {
    /// Starts reading the repository holding `file`, for `ws`'s keys.
    pub fn spawn(file: PathBuf, ws: &Workspace, notify: impl Fn(TrailEvent) + Send + 'static) -> TrailReader {
        let (tx, rx) = mpsc::channel::<KeyPattern>();
        let pattern = trail::pattern_for(ws);
        let first = pattern.clone();
        std::thread::Builder::new()
            .name("trail".into())
            .spawn(move || {
                let Ok(Some(repo)) = crate::store::git::InRepo::find(&file) else {
                    notify(TrailEvent::NoRepository);
                    return;
                };
                let dirs = git_dirs(&repo.root);
                let mut pattern = first;
                let mut seen = None;
                let mut read = true;
                loop {
                    let now = signature(&dirs);
                    if read || now != seen {
                        seen = now;
                        let cache = trail::cache_path_for(&repo.root, &pattern);
                        notify(match trail::read(&repo.root, &pattern, cache.as_deref()) {
                            Ok(t) => TrailEvent::Read(Box::new(t)),
                            Err(e) => TrailEvent::Failed(e.to_string()),
                        });
                    }
                    read = false;
                    match rx.recv_timeout(POLL) {
                        Ok(p) => {
                            // The last pattern asked for: read once for all.
                            pattern = rx.try_iter().last().unwrap_or(p);
                            read = true;
                        }
                        Err(RecvTimeoutError::Timeout) => {}
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })
            .expect("spawn the trail thread");
        TrailReader { tx, pattern }
    }

    /// The workspace changed from outside: if its keys' prefixes did, read
    /// again for them.
    pub fn workspace_changed(&mut self, ws: &Workspace) {
        let pattern = trail::pattern_for(ws);
        if pattern != self.pattern {
            self.pattern = pattern.clone();
            let _ = self.tx.send(pattern);
        }
    }
}

/// What the UI makes of an answer.
pub fn on_event(state: &mut super::state::State, ev: TrailEvent) {
    match ev {
        TrailEvent::Read(t) => state.trail = Known::Read(Arc::new(*t)),
        TrailEvent::NoRepository => state.trail = Known::NoRepository,
        // Said once: the poll would say it again every few seconds.
        TrailEvent::Failed(e) => {
            let msg = format!("Commits could not be read: {e}");
            if !state.log.iter().any(|l| l.text == msg) {
                state.warn(msg);
            }
        }
    }
}

/// The repository's own folder and the one its worktrees share.
fn git_dirs(root: &Path) -> Vec<PathBuf> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--git-dir", "--git-common-dir"])
        .output();
    let Ok(out) = out else { return Vec::new() };
    let mut dirs: Vec<PathBuf> = String::from_utf8_lossy(&out.stdout).lines().map(|l| root.join(l.trim())).collect();
    dirs.dedup();
    dirs
}

/// When git last moved a ref: a commit, checkout, fetch or branch writes
/// one of these (refs are replaced through a lock file, which touches the
/// folder they are in).
fn signature(dirs: &[PathBuf]) -> Option<Vec<Option<SystemTime>>> {
    if dirs.is_empty() {
        return None;
    }
    let names = ["HEAD", "logs/HEAD", "packed-refs", "FETCH_HEAD", "refs/heads", "refs/remotes/origin"];
    Some(
        dirs.iter()
            .flat_map(|d| names.iter().map(move |n| std::fs::metadata(d.join(n)).and_then(|m| m.modified()).ok()))
            .collect(),
    )
}
