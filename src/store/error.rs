//! Why the file could not be read or written. Every message names the file
//! and says what to do next.

use crate::domain::DomainError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no workspace at {}: create one with `backlog init`, try the demo with `backlog --demo`, or point --workspace at an existing file", path.display())]
    NotFound { path: PathBuf },
    #[error("{} already exists; open it, or choose another path", path.display())]
    Exists { path: PathBuf },
    #[error("could not {action} {}: {source}", path.display())]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
    #[error(
        "could not save {}: {source}; the file on disk was not changed (free some space or fix the permissions, then try again)",
        path.display()
    )]
    Write { path: PathBuf, source: std::io::Error },
    #[error(
        "{}:{line}:{column}: {message}. The file was not changed: fix it at that place, or restore a backup (`backlog backups list`)",
        path.display()
    )]
    Parse { path: PathBuf, line: usize, column: usize, message: String },
    /// A newer schema in a shape this version cannot read at all (one it
    /// can read opens read-only instead: [`StoreError::ReadOnly`]).
    #[error(
        "{} uses schema version {found}, newer than this backlog understands ({supported}), and could not be read; it was not changed: upgrade backlog to open it",
        path.display()
    )]
    NewerSchema { path: PathBuf, found: u32, supported: u32 },
    #[error("{} is read-only here: {reason}", path.display())]
    ReadOnly { path: PathBuf, reason: String },
    /// The file's permissions do not let this user write it.
    #[error("{} is read-only for you, so it was left as it was: {fix}, then save again", path.display())]
    NotWritable { path: PathBuf, fix: String },
    /// The file went away while a session had it open.
    #[error(
        "{} was deleted or moved while it was open, so nothing was written there (that could undo the move); this session keeps its changes: put the file back (or restore a backup with `backlog backups restore`) and save again, or keep them in a recovery file when you quit (`backlog recover FILE` merges one back)",
        path.display()
    )]
    Deleted { path: PathBuf },
    /// The new version is in place, but the system did not confirm it is
    /// on disk.
    #[error(
        "{} was saved, but the system could not confirm the save reached the disk ({source}); it may not survive a crash or power cut: check the disk (`dmesg`) and keep a copy",
        path.display()
    )]
    NotDurable { path: PathBuf, source: std::io::Error },
    #[error(
        "could not keep the previous version of {} in {} ({source}), so the file was not changed: make that folder writable for you (or move it away), then save again",
        file.display(),
        dir.display()
    )]
    Backup { file: PathBuf, dir: PathBuf, source: std::io::Error },
    #[error(
        "another backlog process has held the lock on {} for over {seconds}s; try again, or check for a stuck process",
        path.display()
    )]
    LockTimeout { path: PathBuf, seconds: u64 },
    #[error("{message}")]
    Git { message: String },
    #[error("{}: {problem}", path.display())]
    Recovery { path: PathBuf, problem: String },
    #[error("{}: {problem}. The file was not changed", path.display())]
    Unusable { path: PathBuf, problem: String },
    #[error(
        "{} holds git conflict markers (git merged it line by line, without backlog's merge driver) and git has no merge of it in progress to redo; take one side with `git checkout --ours -- FILE` (or --theirs) or restore a backup (`backlog backups list`), then run `backlog git setup` so that the next merge goes through backlog",
        path.display()
    )]
    ConflictMarkers { path: PathBuf },
    /// Something backlog did not make sits where it keeps a file of its
    /// own (see `fsio::own`): it was neither opened nor followed.
    #[error("{} is {found} where backlog expects {wanted}, so it was left alone: {fix}", path.display())]
    NotOurs { path: PathBuf, found: &'static str, wanted: &'static str, fix: String },
    /// `backlog init` on a symbolic link that points nowhere.
    #[error(
        "{} is a symbolic link to {}, which does not exist; backlog does not create a file through a link without being told: to create the workspace there, name that path (`backlog init {}`; the link then opens it), or remove the link (`rm {}`) to create it in the link's place",
        path.display(),
        target.display(),
        target.display(),
        path.display()
    )]
    DanglingLink { path: PathBuf, target: PathBuf },
    /// `unarchive` of a key the archive does not hold.
    #[error("{key} is not in the archive {}: `backlog list --archived` shows what is there", archive.display())]
    NotArchived { key: String, archive: PathBuf },
    /// An archived item whose key a workspace item holds now.
    #[error(
        "{key} is taken in the workspace by another item, so the archived {key} was left in the archive: give the workspace's item another key first"
    )]
    KeyInUse { key: String },
    #[error("stopped waiting for the lock on {}: the session is closing", path.display())]
    Cancelled { path: PathBuf },
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl StoreError {
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> StoreError {
        StoreError::Io { action, path: path.into(), source }
    }
}
