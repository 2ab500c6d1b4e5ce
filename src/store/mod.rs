//! The workspace file: finding it, reading it, and changing it without ever
//! losing what anyone saved.
//!
//! A [`Store`] holds the session's copy of the workspace and the merge base
//! of its unsaved changes. Every save takes the shared lock, reads the file,
//! merges if someone else wrote it meanwhile, and replaces it atomically.

pub mod backup;
pub mod codec;
mod error;
pub mod fsio;
pub mod locate;
pub mod merge;

pub use error::StoreError;
pub use merge::{MergeReport, Pending};

use crate::domain::{Change, Command, Ctx, Role, Workspace, apply};
use fsio::{Lock, Paths, Stamp};
use std::path::Path;

/// What the session last read or wrote, to tell whether the file changed.
#[derive(Debug, Clone, Copy)]
struct Seen {
    stamp: Option<Stamp>,
    digest: u64,
}

/// The outcome of a save.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Saved {
    /// Someone else had written the file; their changes were merged in.
    pub merged: bool,
    pub report: MergeReport,
    /// False when there was nothing new to write.
    pub wrote: bool,
}

#[derive(Debug)]
pub struct Store {
    paths: Paths,
    ws: Workspace,
    pending: Pending,
    seen: Seen,
    read_only: Option<String>,
    role: Role,
}

impl Store {
    /// Opens an existing workspace file. A file that does not parse is an
    /// error (and is never written); a newer schema opens read-only.
    pub fn open(path: &Path, role: Role) -> Result<Store, StoreError> {
        let paths = Paths::resolve(path)?;
        // Stamp first: if another writer replaces the file between the two
        // calls, the stamp is stale and the next sync reads the file again.
        // The other way round, the newer stamp would hide that version and
        // the next save would write over it.
        let stamp = fsio::stamp(&paths.file);
        let bytes = fsio::read(&paths.file)?.ok_or_else(|| StoreError::NotFound { path: path.to_owned() })?;
        let decoded = codec::decode(&paths.file, &bytes)?;
        // Tidy up after a writer that died mid-save, if nobody is saving.
        if let Ok(lock) = Lock::acquire_within(&paths, std::time::Duration::from_millis(200)) {
            fsio::remove_stray_temps(&paths, &lock);
        }
        Ok(Store {
            paths,
            ws: decoded.ws,
            pending: Pending::default(),
            seen: Seen { stamp, digest: fsio::digest(&bytes) },
            read_only: decoded.read_only,
            role,
        })
    }

    /// Writes a new workspace file; refuses to replace an existing one.
    pub fn create(path: &Path, ws: Workspace, role: Role) -> Result<Store, StoreError> {
        let paths = Paths::resolve(path)?;
        let lock = Lock::acquire(&paths)?;
        if paths.file.exists() {
            return Err(StoreError::Exists { path: path.to_owned() });
        }
        let bytes = codec::encode(&ws);
        fsio::write_atomic(&paths, &bytes, || Ok(()))?;
        drop(lock);
        Ok(Store {
            seen: Seen { stamp: fsio::stamp(&paths.file), digest: fsio::digest(&bytes) },
            paths,
            ws,
            pending: Pending::default(),
            read_only: None,
            role,
        })
    }

    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }
    /// The real file (symlinks resolved).
    pub fn path(&self) -> &Path {
        &self.paths.file
    }
    pub fn paths(&self) -> &Paths {
        &self.paths
    }
    pub fn role(&self) -> Role {
        self.role
    }
    /// Why the workspace cannot be changed, if it cannot.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }
    /// True while changes made with [`Store::apply_local`] are not saved.
    pub fn has_unsaved(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Applies a command and saves at once, holding the lock throughout so
    /// the command sees the latest file (the CLI's path: a key it prints is
    /// the key on disk).
    pub fn apply(&mut self, cmd: Command, ctx: &mut Ctx) -> Result<(Change, Saved), StoreError> {
        self.check_writable()?;
        let lock = Lock::acquire(&self.paths)?;
        self.sync_locked(&lock)?;
        let change = self.apply_local(cmd, ctx)?;
        let saved = self.save_locked(&lock)?;
        Ok((change, saved))
    }

    /// Applies a command in memory only; [`Store::save`] writes it later
    /// (the TUI's path: the screen updates before the disk does).
    pub fn apply_local(&mut self, cmd: Command, ctx: &mut Ctx) -> Result<Change, StoreError> {
        self.check_writable()?;
        let change = apply(&mut self.ws, cmd, ctx)?;
        self.pending.record(&change);
        Ok(change)
    }

    /// Writes unsaved changes, merging with whatever is on disk now.
    pub fn save(&mut self) -> Result<Saved, StoreError> {
        self.check_writable()?;
        let lock = Lock::acquire(&self.paths)?;
        self.save_locked(&lock)
    }

    /// True if the file on disk is no longer the version this session last
    /// read or wrote (a cheap metadata check; a watcher can poll it).
    pub fn changed_on_disk(&self) -> bool {
        fsio::stamp(&self.paths.file) != self.seen.stamp
    }

    /// Takes in changes someone else saved. Unsaved local changes are kept
    /// and merged on top. Returns the merge report when the file changed.
    pub fn sync(&mut self) -> Result<Option<MergeReport>, StoreError> {
        if !self.changed_on_disk() {
            return Ok(None);
        }
        let lock = Lock::acquire(&self.paths)?;
        self.sync_locked(&lock)
    }

    fn check_writable(&self) -> Result<(), StoreError> {
        match &self.read_only {
            Some(reason) => Err(StoreError::ReadOnly { path: self.paths.file.clone(), reason: reason.clone() }),
            None => Ok(()),
        }
    }

    /// Reads the file if it changed and merges this session's unsaved
    /// changes into it. The lock guarantees nobody writes meanwhile.
    fn sync_locked(&mut self, _lock: &Lock) -> Result<Option<MergeReport>, StoreError> {
        let stamp = fsio::stamp(&self.paths.file);
        if stamp == self.seen.stamp {
            return Ok(None);
        }
        let Some(bytes) = fsio::read(&self.paths.file)? else {
            return Ok(None); // gone: the next save writes it again
        };
        let digest = fsio::digest(&bytes);
        if digest == self.seen.digest {
            self.seen.stamp = stamp;
            return Ok(None);
        }
        let theirs = codec::decode(&self.paths.file, &bytes)?;
        if let Some(reason) = theirs.read_only {
            self.read_only = Some(reason.clone());
            return Err(StoreError::ReadOnly { path: self.paths.file.clone(), reason });
        }
        // From here the file is the base for what is still unsaved.
        let rebased = self.pending.rebased(&theirs.ws);
        let (merged, report) = merge::merge(theirs.ws, &self.ws, &self.pending, chrono::Utc::now(), self.role);
        self.ws = merged;
        self.seen = Seen { stamp, digest };
        self.pending = rebased;
        Ok(Some(report))
    }

    fn save_locked(&mut self, lock: &Lock) -> Result<Saved, StoreError> {
        let mut saved = Saved::default();
        if let Some(report) = self.sync_locked(lock)? {
            saved.merged = true;
            saved.report = report;
        }
        let bytes = codec::encode(&self.ws);
        let digest = fsio::digest(&bytes);
        if digest != self.seen.digest || !self.paths.file.exists() {
            fsio::write_atomic(&self.paths, &bytes, || backup::keep_current(&self.paths))?;
            saved.wrote = true;
        }
        self.seen = Seen { stamp: fsio::stamp(&self.paths.file), digest };
        self.pending.clear();
        Ok(saved)
    }
}
