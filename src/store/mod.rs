//! The workspace file: finding it, reading it, and changing it without ever
//! losing what anyone saved.
//!
//! A [`Store`] holds the session's copy of the workspace and the merge base
//! of its unsaved changes. Every save takes the shared lock, reads the file,
//! merges if someone else wrote it meanwhile, and replaces it atomically.

pub mod archive;
mod around;
pub mod backup;
pub mod codec;
pub mod demo;
mod error;
pub mod export;
pub mod fsio;
pub mod git;
pub mod import;
pub mod locate;
pub mod merge;
pub mod recovery;
pub mod retention;
pub mod revert;
pub mod seen;
pub mod size;
mod splice;
pub mod trail;

pub use error::StoreError;
pub use merge::{MergeReport, Pending};

use crate::domain::history::History;
use crate::domain::{Change, Command, Ctx, EntityRef, Role, Workspace, apply, apply_without_after};
use fsio::{Lock, Paths, Stamp};
use std::path::Path;

/// What the session last read or wrote, to tell whether the file changed.
#[derive(Debug, Clone, Copy)]
struct Seen {
    stamp: Option<Stamp>,
    digest: u64,
}

/// An archive opens read-only: its items come back through `unarchive`,
/// which keeps the workspace's links whole.
fn archive_of(ws: &Workspace) -> Option<String> {
    let of = ws.workspace.archive_of.as_deref()?;
    Some(format!(
        "it is the archive of {}; bring items back with `backlog unarchive KEY` there",
        crate::domain::text::for_terminal(of, false)
    ))
}

/// Makes `bytes` (a backup) the workspace file at `path`, after checking
/// they parse; the current version, parseable or not, becomes a backup
/// itself (unless the backups path is not a folder: then it says why).
/// Needs no open [`Store`]: restoring a backup is how a file that does
/// not parse gets repaired.
pub fn restore(path: &Path, bytes: &[u8]) -> Result<Option<backup::NotAFolder>, StoreError> {
    let paths = Paths::resolve(path)?;
    codec::decode(&paths.file, bytes)?;
    let _lock = Lock::acquire(&paths)?;
    backup::replace(&paths, bytes)
}

/// Commands applied one by one to a copy of the workspace, kept only if
/// all of them succeed ([`Store::apply_batch`]; a dry run uses one on its
/// own and throws it away).
pub struct Batch<'a> {
    ws: Workspace,
    ctx: &'a mut Ctx,
    changes: Vec<Change>,
    /// What the batch did, in one line, for its history record.
    summary: Option<String>,
}

impl<'a> Batch<'a> {
    pub fn new(ws: Workspace, ctx: &'a mut Ctx) -> Batch<'a> {
        Batch { ws, ctx, changes: Vec::new(), summary: None }
    }
    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }
    pub fn ctx(&self) -> &Ctx {
        self.ctx
    }
    /// The context the next command runs with (a closing word's move is
    /// made as the commit's author, via the commit).
    pub fn ctx_mut(&mut self) -> &mut Ctx {
        self.ctx
    }
    /// Applies one command. The change keeps its pre-images (the save's
    /// merge base, and the way back if the batch fails) but not its
    /// after-images: a batch is saved whole, never replayed, and an
    /// import's after-images would be a second copy of everything it
    /// brought.
    pub fn apply(&mut self, cmd: Command) -> Result<&Change, crate::domain::DomainError> {
        let change = apply_without_after(&mut self.ws, cmd, self.ctx)?;
        self.changes.push(change);
        Ok(self.changes.last().expect("just pushed"))
    }
    /// The one line history keeps for what the batch created (else the
    /// first change's, and how many more).
    pub fn summarize(&mut self, what: impl Into<String>) {
        self.summary = Some(what.into());
    }
    /// Room for `n` more items (see [`Workspace::reserve_items`]).
    pub fn reserve_items(&mut self, n: usize) {
        self.ws.reserve_items(n);
    }
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }
    pub fn into_workspace(self) -> Workspace {
        self.ws
    }
}

/// The outcome of a save.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Saved {
    /// Someone else had written the file; their changes were merged in.
    pub merged: bool,
    pub report: MergeReport,
    /// False when there was nothing new to write.
    pub wrote: bool,
    /// What the user should hear about the save (no backup kept, and why).
    pub warnings: Vec<String>,
}

#[derive(Debug)]
pub struct Store {
    paths: Paths,
    ws: Workspace,
    pending: Pending,
    seen: Seen,
    read_only: Option<String>,
    role: Role,
    /// The person at the keyboard, for what a merge records.
    person: String,
    /// What opening the file did that the user should hear about.
    notices: Vec<String>,
    /// Set by the owner to stop waiting for the lock (the TUI is closing).
    cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// Why the last save kept no backup, if it did not: said once, not at
    /// every save of a session.
    no_backup: Option<backup::NotAFolder>,
    /// Warnings for the save under way ([`Saved::warnings`]).
    warnings: Vec<String>,
    /// Only part of the file was read ([`Store::open_around`]): never
    /// saved as it is, only written around ([`Store::apply_with`]).
    partial: bool,
    /// The bytes that part was read from and where it lies in them, until
    /// the file is written.
    source: Option<Source>,
    /// Whether each whole write finds where things lie in the file it
    /// wrote ([`Store::keep_layout`]), and what it found.
    keep_layout: bool,
    layout: Option<Layout>,
}

/// The file as this store last wrote it, held open, and where its items
/// and records lie: the next save writes the file again around what
/// changed ([`splice`]), copying the rest from it.
#[derive(Debug)]
struct Layout {
    file: std::fs::File,
    stamp: Stamp,
    spans: splice::Spans,
}

/// The file a cut was read from ([`around`]).
struct Source {
    bytes: fsio::Contents,
    spans: splice::Spans,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source").field("len", &self.bytes.len()).field("spans", &self.spans).finish()
    }
}

impl Store {
    /// Opens an existing workspace file. A file that does not parse is an
    /// error (and is never written); a newer schema opens read-only.
    pub fn open(path: &Path, role: Role) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::NotFound { path: path.to_owned() });
        }
        let store = Store::read(Paths::resolve(path)?, role)?;
        // Tidy up after a writer that died mid-save, if nobody is saving.
        if let Ok(lock) = Lock::acquire_within(&store.paths, std::time::Duration::from_millis(200)) {
            fsio::remove_stray_temps(&store.paths, &lock);
        }
        Ok(store)
    }

    /// [`Store::open`] once the path is resolved: the file read and decoded.
    fn read(paths: Paths, role: Role) -> Result<Store, StoreError> {
        let path = &paths.file;
        // Stamp before reading: if a save lands in between, the stamp is
        // older than the bytes and the next sync reads the file again. The
        // other way round, the stale bytes would pass for the new version
        // and a save would overwrite what the other writer saved.
        let mut stamp = fsio::stamp(&paths.file);
        let bytes = fsio::read_once(&paths.file)?.ok_or_else(|| StoreError::NotFound { path: path.to_owned() })?;
        let mut digest = fsio::digest(&bytes);
        let mut notices = Vec::new();
        let decoded = match codec::decode_owned(&paths.file, bytes) {
            Ok(decoded) => decoded,
            Err(codec::Undecoded { error: StoreError::Parse { .. }, bytes: Some(bytes) })
                if git::has_conflict_markers(&bytes) =>
            {
                // Merged by git without our driver: redo the merge from
                // git's index, as `backlog git resolve` would.
                let repo = git::InRepo::find(&paths.file)?;
                let Some(merged) = repo.map(|r| r.resolve(role, "")).transpose()?.flatten() else {
                    return Err(StoreError::ConflictMarkers { path: paths.file.clone() });
                };
                notices.push(git::resolved_notice(&paths.file, &merged.report));
                notices.extend(merged.warnings);
                stamp = fsio::stamp(&paths.file);
                digest = fsio::digest(&merged.bytes);
                codec::Decoded { ws: merged.ws, read_only: None, repairs: Vec::new() }
            }
            Err(undecoded) => return Err(undecoded.error),
        };
        notices.extend(decoded.repairs.iter().map(|r| format!("{}: {r}", paths.file.display())));
        let read_only = decoded.read_only.or_else(|| archive_of(&decoded.ws));
        Ok(Store { read_only, notices, ..Store::new(paths, decoded.ws, Seen { stamp, digest }, role) })
    }

    /// A store of `ws`, read or written as `seen`, with nothing unsaved
    /// and nothing to say yet.
    fn new(paths: Paths, ws: Workspace, seen: Seen, role: Role) -> Store {
        Store {
            paths,
            ws,
            pending: Pending::default(),
            seen,
            read_only: None,
            role,
            person: String::new(),
            notices: Vec::new(),
            cancel: None,
            no_backup: None,
            warnings: Vec::new(),
            partial: false,
            source: None,
            keep_layout: false,
            layout: None,
        }
    }

    /// The item `reference` names and the items that touch it, read from
    /// a file too big to decode whole for one look or one edit ([`around`]):
    /// what `show` and `edit` need. The store writes only through
    /// [`Store::apply_with`]. `None` when that read cannot stand in for the
    /// whole file: open it whole then.
    pub fn open_around(path: &Path, role: Role, reference: &str) -> Result<Option<Store>, StoreError> {
        if !path.exists() {
            return Ok(None);
        }
        let paths = Paths::resolve(path)?;
        let stamp = fsio::stamp(&paths.file);
        let Some(bytes) = fsio::read_once(&paths.file)? else { return Ok(None) };
        let Ok(text) = simdutf8::basic::from_utf8(&bytes) else { return Ok(None) };
        let Some((ws, spans)) = around::read(&paths.file, text, reference) else { return Ok(None) };
        if archive_of(&ws).is_some() {
            return Ok(None);
        }
        // No digest: not worth its 20 ms at 100k items, as this store
        // writes only if the file kept its stamp, and reads it whole else.
        let source = Some(Source { bytes, spans });
        Ok(Some(Store { partial: true, source, ..Store::new(paths, ws, Seen { stamp, digest: 0 }, role) }))
    }

    /// Writes a new workspace file; refuses to replace an existing one. A
    /// symbolic link that points nowhere is refused too: creating its
    /// target would write where the user did not say, and replacing the
    /// link would undo what they set up; the error names both ways out.
    pub fn create(path: &Path, ws: Workspace, role: Role) -> Result<Store, StoreError> {
        if let Ok(target) = std::fs::read_link(path)
            && !path.exists()
        {
            let target = path.parent().unwrap_or(Path::new("")).join(target);
            return Err(StoreError::DanglingLink { path: path.to_owned(), target });
        }
        let paths = Paths::resolve(path)?;
        let lock = Lock::acquire(&paths)?;
        if paths.file.exists() {
            return Err(StoreError::Exists { path: path.to_owned() });
        }
        let bytes = codec::encode(&ws);
        fsio::write_atomic(&paths, &bytes, || Ok(()))?;
        // Stamped under the lock: once it is released, the file may already
        // be someone else's version.
        let stamp = fsio::stamp(&paths.file);
        drop(lock);
        Ok(Store::new(paths, ws, Seen { stamp, digest: fsio::digest(&bytes) }, role))
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
    /// Who merges: the person named in what a merge records.
    pub fn set_person(&mut self, person: &str) {
        person.clone_into(&mut self.person);
    }
    pub fn role(&self) -> Role {
        self.role
    }
    /// What opening the file did that the user should know (a git merge
    /// redone, a repair).
    pub fn notices(&self) -> &[String] {
        &self.notices
    }
    /// Why the workspace cannot be changed, if it cannot.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }
    /// Whether only part of the file was read (tests tell by it which way
    /// an edit went).
    #[cfg(test)]
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// True while changes made with [`Store::apply_local`] are not saved.
    pub fn has_unsaved(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Applies a command and saves at once, holding the lock throughout so
    /// the command sees the latest file (the CLI's path: a key it prints is
    /// the key on disk).
    pub fn apply(&mut self, cmd: Command, ctx: &mut Ctx) -> Result<(Change, Saved), StoreError> {
        self.apply_with(ctx, |_| Ok(cmd))
    }

    /// [`Store::apply`] for a command made from what the file holds now:
    /// `build` runs under the lock, on the latest file, so what it reads
    /// (the labels an edit adds to, the neighbours a move goes between, the
    /// item a key names) cannot be stale, and a change written meanwhile by
    /// another process is never overwritten by a list built before it.
    pub fn apply_with<E: From<StoreError>>(
        &mut self,
        ctx: &mut Ctx,
        build: impl FnOnce(&Workspace) -> Result<Command, E>,
    ) -> Result<(Change, Saved), E> {
        if self.partial {
            return self.apply_around(ctx, build);
        }
        self.check_writable()?;
        let lock = self.lock()?;
        self.sync_locked(&lock)?;
        let cmd = build(&self.ws)?;
        let change = self.apply_local(cmd, ctx)?;
        let saved = self.save_locked(&lock)?;
        Ok((change, saved))
    }

    /// [`Store::apply_with`] for a store of a cut ([`Store::open_around`]).
    /// Under the lock, on the version the cut was read from, the command is
    /// made from the cut; an edit of an item's own fields (one that reads
    /// nothing the cut lacks: [`crate::domain::edit_reads_only_near`]) is
    /// applied to it, and the file written around it ([`splice`]):
    /// the other items and the history are copied as they lie, not decoded
    /// and encoded again. Anything else reads the whole file first, under
    /// the same lock, and goes the usual way.
    fn apply_around<E: From<StoreError>>(
        &mut self,
        ctx: &mut Ctx,
        build: impl FnOnce(&Workspace) -> Result<Command, E>,
    ) -> Result<(Change, Saved), E> {
        let lock = self.lock()?;
        let cut = self.seen.stamp;
        let made = if self.source.is_some() && fsio::stamp(&self.paths.file) == cut {
            match self.splice_locked(&lock, build(&self.ws)?, ctx)? {
                Ok(done) => return Ok(done),
                Err(cmd) => Ok(cmd),
            }
        } else {
            Err(build)
        };
        self.read_whole_locked(&lock)?;
        self.check_writable()?;
        let cmd = match made {
            Err(build) => build(&self.ws)?,
            // A command made from the cut holds ids, which name the same
            // entities in the whole file of the same version; only a program
            // that ignores the lock can have replaced it meanwhile.
            Ok(cmd) if self.seen.stamp == cut => cmd,
            Ok(_) => {
                let problem = "another program replaced it while this command held the lock; run the command again";
                return Err(StoreError::Unusable { path: self.paths.file.clone(), problem: problem.into() }.into());
            }
        };
        let change = self.apply_local(cmd, ctx)?;
        let saved = self.save_locked(&lock)?;
        Ok((change, saved))
    }

    /// Applies `cmd` to the cut and writes the file around it, if the cut
    /// can: else gives the command back, with nothing changed.
    fn splice_locked(
        &mut self,
        _lock: &Lock,
        cmd: Command,
        ctx: &mut Ctx,
    ) -> Result<Result<(Change, Saved), Command>, StoreError> {
        let local = match &cmd {
            Command::EditItem { id, patch } => crate::domain::edit_reads_only_near(&self.ws, *id, patch),
            _ => false,
        };
        let Some(source) = self.source.as_ref().filter(|_| local) else { return Ok(Err(cmd)) };
        // Compaction rewrites old records, which the splice copies.
        if self.ws.settings.history_days.is_some() {
            return Ok(Err(cmd));
        }
        let (mut ws, mut trial) = (self.ws.clone(), ctx.clone());
        let change = apply(&mut ws, cmd.clone(), &mut trial)?;
        if change.created.is_some() {
            return Ok(Err(cmd));
        }
        // Nothing changed: the file already holds these bytes.
        if change.before.is_empty() {
            *ctx = trial;
            return Ok(Ok((change, Saved::default())));
        }
        let encoded = codec::encode(&ws);
        let Ok(encoded) = std::str::from_utf8(&encoded) else { return Ok(Err(cmd)) };
        let Some(plan) = splice::splice(&source.spans, encoded, |_| true) else { return Ok(Err(cmd)) };
        let (digest, wrote, skipped) = replace_streamed(&self.paths, self.seen.digest, |w| {
            write_pieces(w, &plan.pieces, Old::Bytes(&source.bytes))
        })?;
        self.written(digest, skipped);
        // The cut now stands for an older version: a later write reads
        // the whole file.
        self.source = None;
        self.ws = ws;
        *ctx = trial;
        Ok(Ok((change, Saved { wrote, warnings: std::mem::take(&mut self.warnings), ..Saved::default() })))
    }

    /// Reads the whole file under the lock, in place of the cut this store
    /// held, keeping who is at the keyboard and what stops a wait. What
    /// reading it had to say is said with the next save's warnings.
    fn read_whole_locked(&mut self, lock: &Lock) -> Result<(), StoreError> {
        let mut whole = Store::read(self.paths.clone(), self.role)?;
        fsio::remove_stray_temps(&whole.paths, lock);
        whole.warnings = std::mem::take(&mut whole.notices);
        whole.person = std::mem::take(&mut self.person);
        whole.cancel = self.cancel.take();
        *self = whole;
        Ok(())
    }

    /// Applies several commands and saves once, under one lock (imports).
    /// All or nothing: if one fails, none is saved.
    pub fn apply_all(&mut self, cmds: Vec<Command>, ctx: &mut Ctx) -> Result<(Vec<Change>, Saved), StoreError> {
        self.check_writable()?;
        let lock = self.lock()?;
        self.sync_locked(&lock)?;
        let mut scratch = self.ws.clone();
        let mut changes = Vec::with_capacity(cmds.len());
        for cmd in cmds {
            changes.push(apply(&mut scratch, cmd, ctx)?);
        }
        self.ws = scratch;
        self.pending.record_all(&changes);
        let saved = self.save_locked(&lock)?;
        Ok((changes, saved))
    }

    /// Runs `f` on the latest file under one lock, and saves once if it
    /// succeeds; if it fails, what it applied is undone and nothing is
    /// saved. `f` sees the workspace between commands (an import links
    /// what it just created), but changes it only through [`Batch::apply`].
    pub fn apply_batch<T, E: From<StoreError>>(
        &mut self,
        ctx: &mut Ctx,
        f: impl FnOnce(&mut Batch<'_>) -> Result<T, E>,
    ) -> Result<(T, Vec<Change>, Saved), E> {
        self.check_writable()?;
        let lock = self.lock()?;
        self.sync_locked(&lock)?;
        // The batch works on the store's own workspace, not a copy (copying
        // a big workspace cost as much as the import itself); if `f` fails,
        // the changes' pre-images put it back. Meanwhile the store refuses
        // to save, so that a panic inside `f` can never write what the
        // batch left half done.
        self.read_only = Some("a batch of changes did not finish; open the file again".into());
        let placeholder = Workspace::new("", "", self.ws.vision.meta.clone());
        let mut batch = Batch::new(std::mem::replace(&mut self.ws, placeholder), ctx);
        let out = f(&mut batch);
        let Batch { mut ws, mut changes, summary, ctx } = batch;
        self.read_only = None;
        let out = match out {
            Ok(out) => out,
            Err(e) => {
                crate::domain::revert(&mut ws, changes);
                self.ws = ws;
                return Err(e);
            }
        };
        // What it created has no record of its own: one says what the
        // batch did, with the last change (so the save takes it along).
        let unrecorded = changes.iter().filter(|c| c.created.is_some() && c.records.is_empty()).count();
        if unrecorded > 0 {
            let what = summary.unwrap_or_else(|| match changes.len() {
                1 => changes[0].summary.clone(),
                n => format!("{} and {} more changes", changes[0].summary, n - 1),
            });
            let r = crate::domain::record_batch(&mut ws, ctx, &what);
            changes.last_mut().expect("some changes").records.push(r);
        }
        self.ws = ws;
        if changes.is_empty() {
            return Ok((out, changes, Saved::default()));
        }
        // Nobody who takes the lock wrote since the sync above; if nothing
        // else did either and nothing was unsaved before, there is nothing
        // to merge, and the pre-images are needed only if the write fails
        // (the changes then stay unsaved, to be merged by a later save).
        // Recording them for 200,000 new items would be thrown away.
        let stamp = fsio::stamp(&self.paths.file);
        let saved = if self.pending.is_empty() && stamp.is_some() && stamp == self.seen.stamp {
            match self.write_streamed_locked(&lock) {
                Ok(wrote) => Saved { wrote, warnings: std::mem::take(&mut self.warnings), ..Saved::default() },
                Err(e) => {
                    self.pending.record_all(&changes);
                    return Err(e.into());
                }
            }
        } else {
            self.pending.record_all(&changes);
            self.save_locked(&lock)?
        };
        Ok((out, changes, saved))
    }

    /// Replaces the file with `bytes` (a backup being restored), after
    /// checking they parse; the current version becomes a backup. Returns
    /// why it could not, if so.
    pub fn restore_bytes(&mut self, bytes: &[u8]) -> Result<Option<backup::NotAFolder>, StoreError> {
        let decoded = codec::decode(&self.paths.file, bytes)?;
        let lock = self.lock()?;
        let skipped = backup::replace(&self.paths, bytes)?;
        self.seen = Seen { stamp: fsio::stamp(&self.paths.file), digest: fsio::digest(bytes) };
        drop(lock);
        self.read_only = decoded.read_only;
        self.ws = decoded.ws;
        self.pending.clear();
        Ok(skipped)
    }

    /// Applies a command in memory only; [`Store::save`] writes it later
    /// (the TUI's path: the screen updates before the disk does).
    pub fn apply_local(&mut self, cmd: Command, ctx: &mut Ctx) -> Result<Change, StoreError> {
        self.check_writable()?;
        let change = apply(&mut self.ws, cmd, ctx)?;
        self.pending.record(&change);
        Ok(change)
    }

    /// Takes in a change another copy of this workspace already made (the
    /// TUI applies commands on its own copy and hands the result to the
    /// saver thread, which owns the store). Where this store still has the
    /// version the change started from, the change's after-image goes in;
    /// where it has a newer one (another session's save, synced since the
    /// other copy last heard), the two are merged like any other edits and
    /// a field both changed becomes a conflict. Returns what was merged,
    /// if anything had to be: this store then holds what the other copy
    /// lacks.
    pub fn absorb(&mut self, change: &Change) -> Option<MergeReport> {
        let pending = &mut self.pending;
        let (merged, clashes) = merge::replay(&mut self.ws, change, |r, current| pending.note(r, current));
        for r in &change.records {
            self.pending.note_record(r.id);
            self.ws.history.push(r.clone());
        }
        let mut report = MergeReport::default();
        if !clashes.is_empty() {
            self.pending.note(EntityRef::Conflicts, self.ws.get(EntityRef::Conflicts));
            for c in merge::records(clashes, chrono::Utc::now(), self.role, &self.person, &merge::Names::session()) {
                let id = c.id;
                if self.ws.add_conflict(c) {
                    report.conflicts.push(id);
                }
            }
        }
        merged.then_some(report)
    }

    /// Writes what this session holds, with the base of its unsaved
    /// changes, to a new recovery file (beside the workspace, else in the
    /// user's data folder, else the temp folder), for when it cannot be
    /// saved into the workspace itself. Returns where.
    pub fn write_recovery(&self) -> Result<std::path::PathBuf, StoreError> {
        recovery::write(&self.paths.file, &recovery::encode(&self.ws, &self.pending, &self.paths.file))
    }

    /// Merges the changes kept in a recovery file into the workspace, with
    /// the store's merge (the file brings its own base), and saves. This
    /// session's own unsaved changes are saved first. The recovery file is
    /// removed once its changes are on disk.
    pub fn merge_recovery(&mut self, path: &Path) -> Result<Saved, StoreError> {
        self.check_writable()?;
        let bytes = fsio::read(path)?.ok_or_else(|| StoreError::NotFound { path: path.to_owned() })?;
        let rec = recovery::decode(path, &bytes)?;
        let lock = self.lock()?;
        if !self.pending.is_empty() {
            self.save_locked(&lock)?;
        }
        self.ws = rec.ws;
        self.pending = rec.base;
        // Forget what was read, so the save reads the file and merges.
        self.seen = Seen { stamp: None, digest: 0 };
        let saved = self.save_locked(&lock)?;
        drop(lock);
        std::fs::remove_file(path).map_err(|e| StoreError::io("remove the merged recovery file", path, e))?;
        Ok(saved)
    }

    /// From the next whole write on, this store finds where the items and
    /// records lie in the file it wrote (reading it back, from the page
    /// cache, a piece at a time), and writes only what changed around them
    /// at the saves after: for a session that saves many times (the TUI).
    /// A save that merged another's changes, or that the pieces cannot say
    /// as the codec would, writes whole and finds them again.
    pub fn keep_layout(&mut self) {
        self.keep_layout = true;
    }

    /// From now on, a wait for the lock ends as soon as `flag` is set.
    pub fn set_cancel(&mut self, flag: std::sync::Arc<std::sync::atomic::AtomicBool>) {
        self.cancel = Some(flag);
    }

    fn lock(&self) -> Result<Lock, StoreError> {
        let cancel = self.cancel.clone();
        let cancelled = move || cancel.as_ref().is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed));
        Lock::acquire_until(&self.paths, fsio::LOCK_TIMEOUT, &cancelled)
    }

    /// Saves only if the lock is free right now: never waits.
    pub fn try_save(&mut self) -> Result<Saved, StoreError> {
        self.check_writable()?;
        let lock = Lock::acquire_within(&self.paths, std::time::Duration::ZERO)?;
        self.save_locked(&lock)
    }

    /// Writes unsaved changes, merging with whatever is on disk now.
    pub fn save(&mut self) -> Result<Saved, StoreError> {
        self.check_writable()?;
        let lock = self.lock()?;
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
        let lock = self.lock()?;
        self.sync_locked(&lock)
    }

    fn check_writable(&self) -> Result<(), StoreError> {
        if self.partial {
            let reason = "only one item and those it touches were read".to_owned();
            return Err(StoreError::ReadOnly { path: self.paths.file.clone(), reason });
        }
        match &self.read_only {
            Some(reason) => Err(StoreError::ReadOnly { path: self.paths.file.clone(), reason: reason.clone() }),
            None => Ok(()),
        }
    }

    /// Reads the file if it changed and merges this session's unsaved
    /// changes into it. The lock guarantees nobody writes meanwhile.
    fn sync_locked(&mut self, _lock: &Lock) -> Result<Option<MergeReport>, StoreError> {
        let stamp = fsio::stamp(&self.paths.file);
        if stamp.is_some() && stamp == self.seen.stamp {
            return Ok(None);
        }
        // Gone: deleted or moved by someone. Writing it again would undo
        // that with this session's copy, so the session keeps its changes
        // and says so instead.
        let Some(bytes) = fsio::read(&self.paths.file)? else {
            return Err(StoreError::Deleted { path: self.paths.file.clone() });
        };
        let digest = fsio::digest(&bytes);
        if digest == self.seen.digest {
            self.seen.stamp = stamp;
            return Ok(None);
        }
        // The bytes go as soon as they are read: the merge below holds three
        // workspaces already.
        let theirs = codec::decode_owned(&self.paths.file, bytes).map_err(|u| u.error)?;
        if let Some(reason) = theirs.read_only {
            self.read_only = Some(reason.clone());
            return Err(StoreError::ReadOnly { path: self.paths.file.clone(), reason });
        }
        // From here the file is the base for what is still unsaved.
        let mut rebased = self.pending.rebased(&theirs.ws);
        let opts = merge::Opts {
            now: chrono::Utc::now(),
            role: self.role,
            by: self.person.clone(),
            prefer: merge::Prefer::Ours,
            names: merge::Names::session(),
        };
        let (merged, report) = merge::merge(theirs.ws, &self.ws, &self.pending, opts);
        rebased.add_repaired(&report);
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
        saved.wrote = self.write_locked(lock)?;
        saved.warnings = std::mem::take(&mut self.warnings);
        Ok(saved)
    }

    /// The history retention setting, applied as the file is written: the
    /// values of changes older than it go, who and when stay, and no
    /// entity is read or changed.
    fn compact_history(&mut self) {
        if let Some(days) = self.ws.settings.history_days {
            let before = chrono::Utc::now() - chrono::Duration::days(i64::from(days));
            crate::domain::history::compact(&mut self.ws.history, before);
        }
    }

    /// Takes note of a version just written: its digest, its stamp, and
    /// whether a backup of the one before was kept.
    fn written(&mut self, digest: u64, skipped: Option<backup::NotAFolder>) {
        self.note_backup(skipped);
        self.seen = Seen { stamp: fsio::stamp(&self.paths.file), digest };
    }

    /// Takes note of whether a save kept a backup: a reason it did not is
    /// a warning the first time, or when it changes.
    fn note_backup(&mut self, skipped: Option<backup::NotAFolder>) {
        if let Some(s) = skipped.as_ref().filter(|s| self.no_backup.as_ref() != Some(*s)) {
            self.warnings.push(s.to_string());
        }
        self.no_backup = skipped;
    }

    /// [`Store::write_locked`] streaming the bytes into the temp file as
    /// they are made, for a batch that changed the workspace (a write is
    /// then all but certain): an import's file is never whole in memory
    /// beside the workspace. If the bytes turn out to be the file's own,
    /// the temp file is dropped and the file left alone, as there.
    fn write_streamed_locked(&mut self, _lock: &Lock) -> Result<bool, StoreError> {
        self.compact_history();
        let ws = &self.ws;
        let (digest, wrote, skipped) = replace_streamed(&self.paths, self.seen.digest, |w| codec::encode_to(ws, w))?;
        self.written(digest, skipped);
        self.pending.clear();
        self.layout = self.scan_layout();
        Ok(wrote)
    }

    /// [`Store::write_locked`] around what changed since the file was last
    /// written whole, if this store knows where everything lies in it and
    /// nothing else wrote it since; `None` to write it whole. Changed
    /// items are those with unsaved changes; new records, those after the
    /// file's last.
    fn write_spliced_locked(&mut self) -> Result<Option<bool>, StoreError> {
        let Some(layout) = self.layout.take() else { return Ok(None) };
        let now = fsio::stamp(&self.paths.file);
        // Compaction rewrites old records, which are copied here.
        if self.ws.settings.history_days.is_some() || now != Some(layout.stamp) || self.seen.stamp != now {
            return Ok(None);
        }
        // The file's records are still the history's first (an undo of a
        // saved change takes its record out).
        let (count, last) = layout.spans.records();
        let records = self.ws.history.records();
        if records.len() < count || count.checked_sub(1).map(|n| records[n].id) != last {
            return Ok(None);
        }
        let mut changed: std::collections::HashSet<uuid::Uuid> = self
            .pending
            .refs()
            .filter_map(|r| match r {
                EntityRef::Item(id) => Some(id),
                _ => None,
            })
            .collect();
        let shared = |id| self.ws.item_pos(id).map(|p| self.ws.items[p].clone());
        let mut items: Vec<_> = changed.iter().filter_map(|&id| shared(id)).collect();
        // The items' array is placed by one of them: an unchanged one if
        // need be, written as the codec writes it.
        if items.is_empty() {
            let Some(anchor) = layout.spans.ids().find_map(shared) else { return Ok(None) };
            changed.insert(anchor.meta.id);
            items.push(anchor);
        }
        let part = self.ws.with_items_and_history(items, History::of_shared(records[count..].to_vec()));
        let encoded = codec::encode(&part);
        let Ok(encoded) = std::str::from_utf8(&encoded) else { return Ok(None) };
        let Some(plan) = splice::splice(&layout.spans, encoded, |id| changed.contains(&id)) else { return Ok(None) };
        let (digest, wrote, skipped) = replace_streamed(&self.paths, self.seen.digest, |w| {
            write_pieces(w, &plan.pieces, Old::File(&layout.file))
        })?;
        self.written(digest, skipped);
        self.pending.clear();
        self.layout = match wrote {
            true => Layout::open(&self.paths.file, self.seen.stamp, plan.spans),
            false => Some(layout),
        };
        Ok(Some(wrote))
    }

    /// Where the items and records lie in the file just written whole, if
    /// this store keeps that and the file reads as the workspace written.
    fn scan_layout(&self) -> Option<Layout> {
        use std::io::Read;
        if !self.keep_layout {
            return None;
        }
        let (mut file, stamp) = Layout::version(&self.paths.file, self.seen.stamp)?;
        let mut scan = splice::Scan::default();
        let mut buf = vec![0; PIECE];
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => scan.feed(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        if !scan.ids().all(|id| self.ws.item(id).is_some()) {
            return None;
        }
        let spans = scan.finish(self.ws.items.len(), self.ws.history.len(), self.ws.history.last().map(|r| r.id))?;
        Some(Layout { file, stamp, spans })
    }

    /// Writes the workspace unless the file already holds these bytes;
    /// returns whether it wrote. The caller has synced under `_lock`.
    fn write_locked(&mut self, lock: &Lock) -> Result<bool, StoreError> {
        // Changes are waiting, so the bytes almost surely differ: they go
        // straight into the temp file (which is dropped if they do not)
        // rather than into a second copy of the whole file in memory first.
        if !self.pending.is_empty() {
            if let Some(wrote) = self.write_spliced_locked()? {
                return Ok(wrote);
            }
            return self.write_streamed_locked(lock);
        }
        self.compact_history();
        let bytes = codec::encode(&self.ws);
        let digest = fsio::digest(&bytes);
        let wrote = digest != self.seen.digest;
        if wrote {
            let skipped = backup::replace(&self.paths, &bytes)?;
            self.note_backup(skipped);
        }
        self.seen = Seen { stamp: fsio::stamp(&self.paths.file), digest };
        self.pending.clear();
        if wrote || self.layout.is_none() {
            self.layout = self.scan_layout();
        }
        Ok(wrote)
    }
}

impl Layout {
    /// The file at `path` where `spans` lie, if it is still the version
    /// `stamp` names.
    fn open(path: &Path, stamp: Option<Stamp>, spans: splice::Spans) -> Option<Layout> {
        let (file, stamp) = Layout::version(path, stamp)?;
        Some(Layout { file, stamp, spans })
    }

    /// The file at `path` opened, if it is the version `stamp` names.
    fn version(path: &Path, stamp: Option<Stamp>) -> Option<(std::fs::File, Stamp)> {
        let file = std::fs::File::open(path).ok()?;
        let stamp = fsio::stamp_of(&file).filter(|s| Some(*s) == stamp)?;
        Some((file, stamp))
    }
}

/// Replaces the file with what `fill` writes, unless that is the version
/// last seen (`seen`, its digest), keeping the current one as a backup;
/// returns the new version's digest, whether it was written, and why no
/// backup was kept, if none was.
fn replace_streamed(
    paths: &Paths,
    seen: u64,
    fill: impl FnOnce(&mut fsio::Chunks<'_>) -> std::io::Result<()>,
) -> Result<(u64, bool, Option<backup::NotAFolder>), StoreError> {
    let mut skipped = None;
    let (digest, wrote) = fsio::write_atomic_streamed(
        paths,
        fill,
        |d| d != seen,
        || {
            skipped = backup::keep_current(paths)?;
            Ok(())
        },
    )?;
    Ok((digest, wrote, skipped))
}

/// How much of the old file is copied at a time.
const PIECE: usize = 4 << 20;

/// Where a splice's unchanged pieces come from: the old file's bytes in
/// memory, or the old file held open (the page cache holds it).
enum Old<'a> {
    Bytes(&'a [u8]),
    File(&'a std::fs::File),
}

/// Writes `pieces`: encoded text as it is, ranges of the old file from
/// `old`, a piece at a time.
fn write_pieces(w: &mut fsio::Chunks<'_>, pieces: &[splice::Piece<'_>], old: Old<'_>) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::FileExt;
    let mut buf = Vec::new();
    for piece in pieces {
        match (*piece, &old) {
            (splice::Piece::New(text), _) => w.write_all(text.as_bytes())?,
            (splice::Piece::Old(start, end), Old::Bytes(bytes)) => w.write_all(&bytes[start..end])?,
            (splice::Piece::Old(start, end), Old::File(old)) => {
                let mut at = start;
                while at < end {
                    buf.resize((end - at).min(PIECE), 0);
                    old.read_exact_at(&mut buf, at as u64)?;
                    w.write_all(&buf)?;
                    at += buf.len();
                }
            }
        }
    }
    Ok(())
}
