//! The archive file beside the workspace (`backlog.archive.json` beside
//! `backlog.json`): the workspace's past, moved out so that the file a team
//! shares stays small. It is a workspace document marked as an archive
//! (schema 7), so the codec, the migrations, the backups and the three-way
//! merge serve it as they serve the workspace; which entities may move is
//! the domain's rule ([`crate::domain::archive`]).
//!
//! Both files are written under the workspace's lock, the receiving file
//! first: a crash in between leaves an entity in both, never in neither.
//! Where both hold an entity, the workspace's copy is the one that counts
//! (it is what people edit); the next `archive` or `unarchive` tidies up.

use super::fsio::{self, Paths};
use super::{Saved, Store, StoreError, backup, codec};
use crate::domain::archive::{self as rules, Selection};
use crate::domain::workspace::Info;
use crate::domain::{Ctx, Workspace};
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// Where the archive of the workspace file `file` lives.
pub fn path(file: &Path) -> PathBuf {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let archived = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.archive.{ext}"),
        _ => format!("{name}.archive"),
    };
    file.with_file_name(archived)
}

/// The archive of the workspace file `file`, if it has one. An archive from
/// a newer version of backlog is refused: rewriting it would lose what
/// that version wrote.
pub fn read(file: &Path) -> Result<Option<Workspace>, StoreError> {
    let path = path(file);
    let Some(bytes) = fsio::read(&path)? else { return Ok(None) };
    let decoded = codec::decode_owned(&path, bytes).map_err(|u| u.error)?;
    if let Some(reason) = decoded.read_only {
        return Err(StoreError::ReadOnly { path, reason });
    }
    Ok(Some(decoded.ws))
}

/// The archive as readers of the workspace see it: its items and sprints,
/// less those the workspace holds (its copy counts), beside the
/// workspace's strategy, releases, team, settings and sprints, and the
/// workspace items archived ones point at, so that every link of an
/// archived item reads as it did. `None` without an archive.
pub fn view(file: &Path, ws: &Workspace) -> Result<Option<Workspace>, StoreError> {
    Ok(read(file)?.map(|doc| view_of(doc, ws)))
}

/// [`view`] of an archive already read.
pub fn view_of(mut doc: Workspace, ws: &Workspace) -> Workspace {
    doc.items.retain(|i| ws.item(i.meta.id).is_none());
    doc.sprints.retain(|s| ws.sprint(s.meta.id).is_none());
    let archived: HashSet<Uuid> = doc.items.iter().map(|i| i.meta.id).collect();
    let linked: HashSet<Uuid> = doc
        .items
        .iter()
        .flat_map(|i| i.parent.into_iter().chain(i.split_from).chain(i.blocks.iter().copied()))
        .filter(|id| !archived.contains(id))
        .collect();
    doc.items.extend(linked.into_iter().filter_map(|id| ws.item(id)).cloned().map(Into::into));
    doc.sprints.extend(ws.sprints.iter().cloned());
    let archive_of = doc.workspace.archive_of.take();
    doc.workspace = Info { archive_of, ..ws.workspace.clone() };
    doc.settings = ws.settings.clone();
    doc.vision = ws.vision.clone();
    doc.goals = ws.goals.clone();
    doc.roadmap = ws.roadmap.clone();
    doc.releases = ws.releases.clone();
    doc.team = ws.team.clone();
    doc.reindex();
    doc
}

/// Only the archived sprints of the workspace file `file` (none without an
/// archive): what the charts need, read without keeping the items (serde
/// skips them unparsed).
pub fn read_sprints(file: &Path) -> Result<Vec<crate::domain::sprint::Sprint>, StoreError> {
    #[derive(serde::Deserialize)]
    struct Sprints {
        #[serde(default)]
        sprints: Vec<crate::domain::sprint::Sprint>,
    }
    let path = path(file);
    let Some(bytes) = fsio::read(&path)? else { return Ok(Vec::new()) };
    let read: Sprints = serde_json::from_slice(&bytes).map_err(|e| StoreError::Parse {
        path: path.clone(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    Ok(read.sprints.into_iter().filter(|s| s.is_live()).collect())
}

/// What `archive` or `unarchive` moved (or, in a dry run, would move).
#[derive(Debug, Clone, Default)]
pub struct Moving {
    /// Item keys and sprint names, in the order the files write them.
    pub items: Vec<String>,
    pub sprints: Vec<String>,
    /// The archive file.
    pub archive: PathBuf,
    pub saved: Saved,
}

impl Store {
    /// Moves closed sprints that ended before `before`, and done or dropped
    /// items untouched since, into the archive file (see
    /// [`crate::domain::archive::select`] for what stays). With `dry_run`,
    /// says what would move and writes nothing.
    pub fn archive(&mut self, before: NaiveDate, ctx: &Ctx, dry_run: bool) -> Result<Moving, StoreError> {
        self.check_writable()?;
        let lock = self.lock()?;
        self.sync_locked(&lock)?;
        let sel = rules::select(&self.ws, before);
        let archive = path(&self.paths.file);
        let mut moving = named(&self.ws, &sel, archive.clone());
        if dry_run || sel.is_empty() {
            return Ok(moving);
        }
        let mut doc = match read(&self.paths.file)? {
            Some(doc) => doc,
            None => self.new_archive(),
        };
        let moved = rules::take(&mut self.ws, &sel);
        rules::put(&mut doc, moved.clone());
        let what = format!("Archived {} closed before {before}", moving.what());
        let saved = write(&archive, &doc).and_then(|()| {
            let record = crate::domain::record_batch(&mut self.ws, ctx, &what);
            self.save_locked(&lock).inspect_err(|_| self.ws.history.remove(&HashSet::from([record.id])))
        });
        match saved {
            Ok(saved) => moving.saved = saved,
            Err(e) => {
                // As the workspace file still is: they are in it (and
                // perhaps in the archive too, where its copy does not count).
                rules::put(&mut self.ws, moved);
                return Err(e);
            }
        }
        Ok(moving)
    }

    /// Brings the archived items `keys` back into the workspace, with what
    /// must come with them (their epics, their sprint, the items they are
    /// linked with; [`crate::domain::archive::closure`]).
    pub fn unarchive(&mut self, keys: &[String], ctx: &Ctx) -> Result<Moving, StoreError> {
        self.check_writable()?;
        let lock = self.lock()?;
        self.sync_locked(&lock)?;
        let archive = path(&self.paths.file);
        let Some(mut doc) = read(&self.paths.file)? else {
            return Err(StoreError::NotArchived { key: keys.first().cloned().unwrap_or_default(), archive });
        };
        let mut ids = Vec::with_capacity(keys.len());
        for key in keys {
            match doc.item_by_key(key) {
                Some(item) => ids.push(item.meta.id),
                None => return Err(StoreError::NotArchived { key: key.clone(), archive }),
            }
        }
        let sel = rules::closure(&doc, ids);
        let mut moving = named(&doc, &sel, archive.clone());
        let mut moved = rules::take(&mut doc, &sel);
        // The workspace's copy counts where it has one already (a crash
        // between the two writes): only the archive's is dropped.
        moved.items.retain(|i| self.ws.item(i.meta.id).is_none());
        moved.sprints.retain(|s| self.ws.sprint(s.meta.id).is_none());
        if let Some(clash) = moved.items.iter().find(|i| self.ws.item_by_key(&i.key).is_some()) {
            return Err(StoreError::KeyInUse { key: clash.key.clone() });
        }
        rules::put(&mut self.ws, moved);
        let what = format!("Restored {} from the archive", moving.what());
        crate::domain::record_batch(&mut self.ws, ctx, &what);
        moving.saved = self.save_locked(&lock)?;
        write(&archive, &doc)?;
        Ok(moving)
    }

    /// An empty archive for this workspace: its name, key prefix and
    /// settings, marked with the workspace file's name.
    fn new_archive(&self) -> Workspace {
        let info = &self.ws.workspace;
        let mut doc = Workspace::new(&info.name, &info.key_prefix, self.ws.vision.meta.clone());
        doc.workspace.next_key = info.next_key;
        doc.workspace.archive_of = Some(self.paths.name.clone());
        doc.settings = self.ws.settings.clone();
        doc
    }
}

/// Writes the archive atomically, the version before kept as a backup.
fn write(archive: &Path, doc: &Workspace) -> Result<(), StoreError> {
    let paths = Paths::resolve(archive)?;
    backup::replace(&paths, &codec::encode(doc))?;
    Ok(())
}

/// The keys and names of what `sel` picks in `ws`, in file order.
fn named(ws: &Workspace, sel: &Selection, archive: PathBuf) -> Moving {
    let mut items: Vec<_> = ws.items.iter().filter(|i| sel.items.contains(&i.meta.id)).collect();
    items.sort_by_key(|i| i.meta.id);
    let mut sprints: Vec<_> = ws.sprints.iter().filter(|s| sel.sprints.contains(&s.meta.id)).collect();
    sprints.sort_by_key(|s| s.meta.id);
    Moving {
        items: items.into_iter().map(|i| i.key.clone()).collect(),
        sprints: sprints.into_iter().map(|s| s.name.clone()).collect(),
        archive,
        saved: Saved::default(),
    }
}

impl Moving {
    /// "3 items and 1 sprint".
    pub fn what(&self) -> String {
        use crate::domain::text::count as n;
        match (self.items.len() as u64, self.sprints.len() as u64) {
            (i, 0) => n(i, "item", "items"),
            (0, s) => n(s, "sprint", "sprints"),
            (i, s) => format!("{} and {}", n(i, "item", "items"), n(s, "sprint", "sprints")),
        }
    }
}
