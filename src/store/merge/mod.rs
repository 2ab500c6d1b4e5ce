//! The one three-way merge. Every path that brings two versions of the
//! workspace together goes through it, each with its own base:
//!
//! - the live store: the file as it is now on disk against the session's
//!   copy, with the pre-images the session's commands recorded as the base
//!   ([`merge`]; only entities the session touched are merged);
//! - the git merge driver and `backlog git resolve`: two branches and their
//!   common ancestor ([`merge_files`]);
//! - undo, edit forms and the saver thread: one entity at a time
//!   ([`merge_entity`]).
//!
//! Field by field ([`fields`]): a side that left a field as it was takes
//! the other side's value; if both changed it to different values, one
//! value stays and a [`Conflict`] records both. Then [`reconcile`] restores
//! what must hold across entities: unique keys, a strict rank order, links
//! that point at live entities, one active sprint.

mod fields;
mod reconcile;

pub use fields::{Clash, KeptFrom, label, merge_entity, revert_entity};

use crate::domain::command::Take;
use crate::domain::conflict::Sides;
use crate::domain::entity::{EntityRef, Role};
use crate::domain::history::{self, History, Record};
use crate::domain::snapshot::Entity;
use crate::domain::workspace::{Conflict, Workspace};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Pre-images of the entities one side changed since the base: the base,
/// where that side differs from it. `None` = the side created it.
#[derive(Debug, Clone, Default)]
pub struct Pending(BTreeMap<EntityRef, Option<Entity>>, Vec<Uuid>);

impl Pending {
    /// Remembers the first pre-image of each entity a change touched.
    pub fn record(&mut self, change: &crate::domain::Change) {
        self.1.extend(change.records.iter().map(|r| r.id));
        for snap in &change.before {
            // Copied only when first seen: an import touches the workspace
            // info once per item it adds.
            if let std::collections::btree_map::Entry::Vacant(v) = self.0.entry(snap.entity) {
                v.insert(snap.value.clone());
            }
        }
    }
    /// [`Pending::record`] for many changes in order. With nothing pending
    /// yet (an import's batch), the map is built at once from the sorted
    /// first pre-images instead of one insert each.
    pub fn record_all(&mut self, changes: &[crate::domain::Change]) {
        if !self.0.is_empty() || !self.1.is_empty() {
            changes.iter().for_each(|c| self.record(c));
            return;
        }
        let mut seen = std::collections::HashSet::new();
        let mut first: Vec<(EntityRef, Option<Entity>)> = Vec::new();
        for snap in changes.iter().flat_map(|c| &c.before) {
            if seen.insert(snap.entity) {
                first.push((snap.entity, snap.value.clone()));
            }
        }
        first.sort_unstable_by_key(|(r, _)| *r);
        self.0 = first.into_iter().collect();
        self.1 = changes.iter().flat_map(|c| &c.records).map(|r| r.id).collect();
    }
    /// Remembers a history record this side made (the history merges as a
    /// set of records: the side's new ones go into the other).
    pub fn note_record(&mut self, id: Uuid) {
        self.1.push(id);
    }
    /// The history records this side made since the base.
    pub fn records(&self) -> &[Uuid] {
        &self.1
    }
    /// Remembers `base` as the pre-image of `r`, unless one is known.
    pub fn note(&mut self, r: EntityRef, base: Option<Entity>) {
        self.0.entry(r).or_insert(base);
    }
    /// The entities `side` changed since `base`, with their base versions.
    /// Deletes are tombstones, so an entity `side` lacks was moved to or
    /// from the archive: left out here ([`merge_files`] takes it out).
    pub fn diff(base: &Workspace, side: &Workspace) -> Pending {
        let mut out = BTreeMap::new();
        let mut see = |r: EntityRef, changed: bool| {
            if changed {
                out.insert(r, base.get(r));
            }
        };
        see(EntityRef::Info, side.workspace != base.workspace);
        see(EntityRef::Settings, side.settings != base.settings);
        see(EntityRef::Vision, side.vision != base.vision);
        see(EntityRef::Conflicts, {
            let mut a: Vec<&Conflict> = side.conflicts.iter().collect();
            let mut b: Vec<&Conflict> = base.conflicts.iter().collect();
            a.sort_by_key(|c| c.id);
            b.sort_by_key(|c| c.id);
            a != b
        });
        for g in &side.goals {
            see(EntityRef::Goal(g.meta.id), base.goal(g.meta.id) != Some(g));
        }
        for i in &side.roadmap {
            see(EntityRef::Initiative(i.meta.id), base.initiative(i.meta.id) != Some(i));
        }
        for i in &side.items {
            see(EntityRef::Item(i.meta.id), base.item(i.meta.id) != Some(i));
        }
        for s in &side.sprints {
            see(EntityRef::Sprint(s.meta.id), base.sprint(s.meta.id) != Some(s));
        }
        for r in &side.releases {
            see(EntityRef::Release(r.meta.id), base.release(r.meta.id) != Some(r));
        }
        for m in &side.team {
            see(EntityRef::Member(m.meta.id), base.member(m.meta.id) != Some(m));
        }
        Pending(out, Vec::new())
    }
    /// The pre-image of `r`: `Some(None)` if this side created it, `None`
    /// if this side did not change it.
    pub fn get(&self, r: EntityRef) -> Option<&Option<Entity>> {
        self.0.get(&r)
    }
    pub fn refs(&self) -> impl Iterator<Item = EntityRef> + '_ {
        self.0.keys().copied()
    }
    /// Each entity with its pre-image.
    pub fn entries(&self) -> impl Iterator<Item = (EntityRef, &Option<Entity>)> + '_ {
        self.0.iter().map(|(r, e)| (*r, e))
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty() && self.1.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn clear(&mut self) {
        self.0.clear();
        self.1.clear();
    }
    /// Before merging into `disk`: the disk's versions become the base for
    /// whatever this session still has to write, including the conflict
    /// list (the merge may record conflicts that are not on disk yet). Add
    /// what the merge repaired with [`Pending::add_repaired`].
    pub fn rebased(&self, disk: &Workspace) -> Pending {
        let conflicts = (!self.is_empty()).then_some(EntityRef::Conflicts);
        // Its records stay this side's until written: a failed write
        // merges them again into whatever the file is then.
        Pending(self.0.keys().copied().chain(conflicts).map(|r| (r, disk.get(r))).collect(), self.1.clone())
    }
    /// Entities a merge repaired are this session's to write too; what the
    /// disk had (the version before the repair) is their base.
    pub fn add_repaired(&mut self, report: &MergeReport) {
        for (r, pre) in &report.repaired {
            self.note(*r, pre.clone());
        }
    }
}

/// Which value stays when both sides changed a field, and which of two
/// new entities with the same key is renumbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    /// The saving session's: what it shows on screen stays, and its new
    /// entities (never written anywhere yet) take new keys. The live store.
    Ours,
    /// Neither side is special (git's "ours" is only the branch you are
    /// on): the later edit stays, and the later-created entity is
    /// renumbered, so swapping the sides gives the same file.
    Neither,
}

/// Who merges, when, by which rule, and what it calls its two sides.
#[derive(Debug, Clone)]
pub struct Opts {
    pub now: DateTime<Utc>,
    /// Recorded as the author of a kept value the merge cannot attribute,
    /// and of the merge's own history record.
    pub role: Role,
    /// The person merging (empty when unknown).
    pub by: String,
    pub prefer: Prefer,
    pub names: Names,
}

/// What a merge calls its two sides, in the words its conflict records
/// keep (see [`crate::domain::conflict::Sides`]), the same in the CLI and
/// the TUI.
#[derive(Debug, Clone, PartialEq)]
pub struct Names {
    pub ours: String,
    pub theirs: String,
}

impl Names {
    /// The live store: a session's edits met what another saved.
    pub fn session() -> Names {
        Names { ours: "this session".into(), theirs: "the file".into() }
    }
    /// A git merge, with the labels git gives its sides where it gave them
    /// (`HEAD` is the branch merged into; a rebase names commits).
    pub fn git(ours: Option<&str>, theirs: Option<&str>) -> Names {
        let named = |what: &str, label: Option<&str>| match label.map(str::trim).filter(|l| !l.is_empty()) {
            Some(l) if l != "HEAD" => format!("{what} ({l})"),
            _ => what.to_owned(),
        };
        Names { ours: named("this branch", ours), theirs: named("the merged branch", theirs) }
    }
    /// A re-import: what was changed here met what changed at the source.
    pub fn import(source: &str) -> Names {
        Names { ours: "here".into(), theirs: format!("the import ({source})") }
    }
}

/// What a merge did, for the status line or the CLI.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeReport {
    /// Conflicts recorded by this merge.
    pub conflicts: Vec<Uuid>,
    /// Keys of new entities that the other side had already used:
    /// (old, new).
    pub renumbered: Vec<(String, String)>,
    /// Entities the merge changed beyond either side's version (a new
    /// key, a new rank, a link to something the other side deleted), each
    /// with the version it had before the repair.
    pub repaired: Vec<(EntityRef, Option<Entity>)>,
    /// The history record of what the merge itself kept or repaired.
    pub record: Option<Uuid>,
}

/// Merges `ours` (the session's workspace) into `theirs` (the file now),
/// for the entities in `base`. Deterministic: the same inputs give the
/// same result, whoever runs it.
pub fn merge(theirs: Workspace, ours: &Workspace, base: &Pending, opts: Opts) -> (Workspace, MergeReport) {
    run(theirs, ours, base, None, opts)
}

/// Merges two whole versions of the workspace that share `base` (two git
/// branches and their merge base). With [`Prefer::Neither`] the result
/// does not depend on which side is `ours`, up to which value a conflict
/// record calls ours.
pub fn merge_files(base: &Workspace, ours: &Workspace, theirs: Workspace, opts: Opts) -> (Workspace, MergeReport) {
    let mine = Pending::diff(base, ours);
    let other = Pending::diff(base, &theirs);
    let extra = fields::merge_map(Some(&base.extra), &ours.extra, &theirs.extra);
    let history = History::merge3(&base.history, &ours.history, &theirs.history);
    let mut gone = moved_out(base, ours, &theirs);
    let (mut ws, report) = run(theirs, ours, &mine, Some((&other, history)), opts);
    ws.extra = extra.into();
    if !gone.is_empty() {
        // What stays and links to it (the other side edited an item whose
        // epic the first moved out, say) keeps it.
        let all: Vec<&crate::domain::Item> = ws.items.iter().map(|i| &**i).collect();
        crate::domain::archive::keep_linked(&all, &mut gone);
        crate::domain::archive::take(&mut ws, &gone);
    }
    (ws, report)
}

/// An entity that came back into `ws` (one side moved it out, the other
/// edited it) brings back what it links to that `ws` lacks, from `from`
/// (the side that still had it): an epic, a sprint, the items it blocks.
/// Else the link repairs would cut those links.
fn bring_back_links(ws: &mut Workspace, from: &Workspace, mut todo: Vec<Uuid>) {
    while let Some(id) = todo.pop() {
        let Some(item) = ws.item(id) else { continue };
        let links: Vec<Uuid> = item.parent.into_iter().chain(item.blocks.iter().copied()).collect();
        let sprint = item.sprint.filter(|s| ws.sprint(*s).is_none());
        if let Some(s) = sprint.and_then(|s| from.sprint(s)) {
            ws.put(Entity::Sprint(Box::new(s.clone())));
        }
        for l in links {
            if ws.item(l).is_none()
                && let Some(x) = from.item(l)
            {
                ws.put(Entity::Item(Box::new(x.clone())));
                todo.push(l);
            }
        }
    }
}

/// Entities `ours` moved out (to or from the archive, the only way an
/// entity leaves a file) that `theirs` left as they were in `base`: they
/// stay out. The other way round needs nothing (the merge starts from
/// `theirs`, which lacks them, and puts in only what `ours` changed), and
/// an entity one side moved and the other edited comes back with the edit.
fn moved_out(base: &Workspace, ours: &Workspace, theirs: &Workspace) -> crate::domain::archive::Selection {
    let mut gone = crate::domain::archive::Selection::default();
    for i in &base.items {
        if ours.item(i.meta.id).is_none() && theirs.item(i.meta.id) == Some(i) {
            gone.items.insert(i.meta.id);
        }
    }
    for s in &base.sprints {
        if ours.sprint(s.meta.id).is_none() && theirs.sprint(s.meta.id) == Some(s) {
            gone.sprints.insert(s.meta.id);
        }
    }
    gone
}

fn run(
    mut theirs: Workspace,
    ours: &Workspace,
    mine: &Pending,
    other: Option<(&Pending, History)>,
    opts: Opts,
) -> (Workspace, MergeReport) {
    // History merges as a set of records, never a clash: two files keep
    // both sides' records (three-way, so what retention took out stays
    // out); a session puts its new records into the file.
    let other = match other {
        Some((pending, history)) => {
            theirs.history = history;
            Some(pending)
        }
        None => {
            theirs.history.take_new(&ours.history, mine.records());
            None
        }
    };
    let mut report = MergeReport::default();
    let mut clashes: Vec<Clash> = Vec::new();
    let mut keys = reconcile::KeyClashes::default();
    let mut returned = Vec::new();
    for (&r, base_e) in &mine.0 {
        let Some(ours_e) = ours.get(r) else { continue };
        if base_e.is_none() {
            // Before it is put in: the key index still shows whose the key is.
            keys.check(&theirs, r, &ours_e);
        }
        let merged = match theirs.get(r) {
            None => {
                if base_e.is_some() {
                    returned.extend(r.id());
                }
                ours_e
            }
            Some(theirs_e) => {
                let (m, found) = merge_entity(r, base_e.as_ref(), &ours_e, &theirs_e, opts.prefer);
                clashes.extend(found);
                m
            }
        };
        theirs.put(merged);
    }
    bring_back_links(&mut theirs, ours, returned);
    let mut fix = reconcile::Reconcile {
        ws: &mut theirs,
        ours,
        mine,
        other,
        opts: &opts,
        report: &mut report,
        clashes: &mut clashes,
    };
    let touched = fix.touched();
    fix.keys(keys);
    fix.ranks(&touched);
    // An archive's links point into its workspace, and its sprints are
    // all closed: only a workspace's links and sprints are repaired.
    if fix.ws.workspace.archive_of.is_none() {
        fix.links(&touched);
        fix.block_cycles(&touched);
        fix.active_sprints(&touched);
    }
    fix.names(&touched);
    for c in records(clashes, opts.now, opts.role, &opts.by, &opts.names) {
        let id = c.id;
        if theirs.add_conflict(c) {
            report.conflicts.push(id);
        }
    }
    // Each entity the merge touched, with its version before: the base
    // the sides started from, else (an entity only repaired) the version
    // before the repair.
    let mut refs: Vec<EntityRef> = touched.into_iter().chain(report.repaired.iter().map(|(r, _)| *r)).collect();
    refs.sort_unstable();
    refs.dedup();
    let before = |r: EntityRef| -> Option<Value> {
        let base = mine.get(r).or_else(|| other.and_then(|o| o.get(r)));
        let base = base.or_else(|| report.repaired.iter().find(|(x, _)| *x == r).map(|(_, pre)| pre));
        base?.as_ref().map(Entity::to_value)
    };
    let touched: Vec<(EntityRef, Option<Value>)> = refs.into_iter().map(|r| (r, before(r))).collect();
    report.record = settle(&mut theirs, &touched, &opts);
    (theirs, report)
}

/// Records what the merge itself changed (see [`history::settle`]), as
/// one record by the person merging, with an id drawn from its content
/// and time: the same merge twice gives the same file.
fn settle(ws: &mut Workspace, touched: &[(EntityRef, Option<Value>)], opts: &Opts) -> Option<Uuid> {
    let edits = history::settle(ws, touched);
    if edits.is_empty() {
        return None;
    }
    // After every record it settles, even if a clock was ahead.
    let now = chrono::SubsecRound::trunc_subsecs(opts.now, 3);
    let at = match ws.history.last() {
        Some(l) if l.at >= now => l.at + chrono::Duration::milliseconds(1),
        _ => now,
    };
    let what = format!("Merged with {}", opts.names.theirs);
    let id = {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut h = DefaultHasher::new();
        for e in &edits {
            (&e.entity, e.id, &e.field, e.old.to_string(), e.new.to_string()).hash(&mut h);
        }
        (&opts.by, &what).hash(&mut h);
        ws.history.next_id(at, h.finish())
    };
    ws.history.push(Record {
        id,
        at,
        by: opts.by.clone(),
        role: opts.role,
        via: Some("merge".into()),
        branch: None,
        what,
        reverts: None,
        edits,
        extra: Default::default(),
    });
    Some(id)
}

/// Puts a change made on another copy of the workspace into `ws`: each
/// after-image where `ws` still holds the change's before-image, else the
/// change merged into the newer version `ws` holds (the change is ours).
/// `seen` hears each entity's version in `ws` before it is replaced.
/// Returns whether anything had to be merged, and the fields both sides
/// changed.
pub fn replay(
    ws: &mut Workspace,
    change: &crate::domain::Change,
    mut seen: impl FnMut(EntityRef, Option<Entity>),
) -> (bool, Vec<Clash>) {
    let mut merged = false;
    let mut clashes = Vec::new();
    for (before, after) in change.before.iter().zip(&change.after) {
        let r = before.entity;
        let current = ws.get(r);
        let Some(wrote) = &after.value else { continue };
        let put = match &current {
            Some(cur) if current != before.value => {
                merged = true;
                let (m, found) = merge_entity(r, before.value.as_ref(), wrote, cur, Prefer::Ours);
                clashes.extend(found);
                m
            }
            _ => wrote.clone(),
        };
        seen(r, current);
        ws.put(put);
    }
    (merged, clashes)
}

/// Conflict records for clashes, with ids derived from what they record,
/// so merging the same inputs twice gives the same file. `ours` and
/// `theirs` are the values of the sides `names` names, whichever the
/// entity kept; a repair is the merge's own value against the one before.
pub fn records(clashes: Vec<Clash>, now: DateTime<Utc>, role: Role, by: &str, names: &Names) -> Vec<Conflict> {
    let ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
    clashes
        .into_iter()
        .map(|c| {
            let id = conflict_id(ms, &c);
            let (ours, theirs, sides) = match c.kept_from {
                KeptFrom::Ours => (c.kept, c.other, Sides::new(&names.ours, &names.theirs, Take::Ours)),
                KeptFrom::Theirs => (c.other, c.kept, Sides::new(&names.ours, &names.theirs, Take::Theirs)),
                KeptFrom::Repair(reason) => (
                    c.kept,
                    c.other,
                    Sides { reason: Some(reason), ..Sides::new("the merge's repair", "before the repair", Take::Ours) },
                ),
            };
            Conflict {
                id,
                at: now,
                entity: c.entity.kind().to_owned(),
                entity_id: c.entity.id(),
                label: c.label,
                field: c.field,
                base: c.base,
                ours,
                theirs,
                ours_by: c.kept_by.unwrap_or(role),
                ours_by_person: c.kept_person.unwrap_or_else(|| by.to_owned()),
                resolved_at: None,
                sides: Some(sides),
                extra: Default::default(),
            }
        })
        .collect()
}

fn conflict_id(ms: u64, c: &Clash) -> Uuid {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    (c.entity, &c.field, c.kept.to_string(), c.other.to_string()).hash(&mut h);
    let a = h.finish();
    c.base.to_string().hash(&mut h);
    let b = h.finish();
    let mut tail = [0u8; 10];
    tail[..8].copy_from_slice(&a.to_be_bytes());
    tail[8..].copy_from_slice(&b.to_be_bytes()[..2]);
    uuid::Builder::from_unix_timestamp_millis(ms, &tail).into_uuid()
}
