//! One command's transaction: every mutation goes through [`Tx`], which
//! copies an entity before its first change. The copies give undo, the
//! merge base and the role guard one mechanism, and a failed command rolls
//! back to exactly where it started.

use super::entity::{EntityRef, Meta, Role};
use super::error::DomainError;
use super::history::{self, Record};
use super::item::Item;
use super::release::Release;
use super::snapshot::Snapshot;
use super::sprint::Sprint;
use super::strategy::{Goal, Initiative};
use super::team::Member;
use super::workspace::{GuardMode, Workspace};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use uuid::Uuid;

/// Makes ids. Real sessions get UUID v7 from the clock time passed in;
/// tests get a deterministic sequence.
#[derive(Debug)]
pub struct IdGen {
    last: u128,
    sequential: bool,
    /// Random bytes not used yet, fetched many ids' worth at a time: one
    /// system call per id was a twentieth of a big import.
    pool: Vec<u8>,
}

/// A copy draws its own random bytes: two copies sharing a pool would
/// make the same ids.
impl Clone for IdGen {
    fn clone(&self) -> IdGen {
        IdGen { last: self.last, sequential: self.sequential, pool: Vec::new() }
    }
}

/// Random bytes per id, and ids per refill of the pool.
const TAIL: usize = 10;
const POOL_IDS: usize = 256;

impl IdGen {
    pub fn random() -> IdGen {
        IdGen { last: 0, sequential: false, pool: Vec::new() }
    }
    /// Deterministic ids for tests and fixtures.
    pub fn sequential() -> IdGen {
        IdGen { last: 0, sequential: true, pool: Vec::new() }
    }
    pub fn next(&mut self, now: DateTime<Utc>) -> Uuid {
        let ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
        let tail: [u8; TAIL] = if self.sequential {
            let n = (self.last as u64 & 0xffff_ffff).wrapping_add(1);
            let mut b = [0u8; TAIL];
            b[2..].copy_from_slice(&n.to_be_bytes());
            b
        } else {
            if self.pool.len() < TAIL {
                self.pool.resize(TAIL * POOL_IDS, 0);
                getrandom::fill(&mut self.pool).expect("the system's random source works");
            }
            let at = self.pool.len() - TAIL;
            let tail = self.pool[at..].try_into().expect("ten bytes");
            self.pool.truncate(at);
            tail
        };
        let mut id = uuid::Builder::from_unix_timestamp_millis(ms, &tail).into_uuid().as_u128();
        // Strictly increasing within a session, even within one millisecond:
        // past the last id by a step. The step is random (32 bits of the
        // tail), so copies of one generator that both fall back here do not
        // make the same id; tests step by one.
        if id <= self.last {
            let step = if self.sequential {
                1
            } else {
                u128::from(u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]])) + 1
            };
            id = self.last + step;
        }
        self.last = id;
        Uuid::from_u128(id)
    }
}

/// Who is acting, when, and whether they confirmed crossing the role line.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub now: DateTime<Utc>,
    pub role: Role,
    /// Set once the user has confirmed editing the other role's entities
    /// (always set by the CLI, which warns instead of asking).
    pub confirmed: bool,
    pub ids: IdGen,
    /// The person at the keyboard (see `config::Identity`): recorded with
    /// every change and comment; empty when unknown.
    pub user: String,
    /// How the change reached the workspace when not typed by `user`
    /// (`commit 1a2b3c4` for a closing word in a commit): kept in history.
    pub via: Option<String>,
    /// The git branch the workspace is on, if it is in a repository.
    pub branch: Option<String>,
    /// The history record the next command takes back (undo, revert).
    pub reverts: Option<Uuid>,
}

impl Ctx {
    pub fn new(now: DateTime<Utc>, role: Role) -> Ctx {
        Ctx {
            now: Ctx::trunc(now),
            role,
            confirmed: false,
            ids: IdGen::random(),
            user: String::new(),
            via: None,
            branch: None,
            reverts: None,
        }
    }
    /// Sets the clock, to the millisecond (finer adds noise to the file
    /// and nothing a person could use).
    pub fn set_now(&mut self, now: DateTime<Utc>) {
        self.now = Ctx::trunc(now);
    }
    fn trunc(now: DateTime<Utc>) -> DateTime<Utc> {
        use chrono::SubsecRound;
        now.trunc_subsecs(3)
    }
    pub fn new_id(&mut self) -> Uuid {
        self.ids.next(self.now)
    }
    pub fn meta(&mut self, owner: Role) -> Meta {
        let id = self.new_id();
        let mut m = Meta::new(id, owner, self.now, self.role);
        m.updated_by_person.clone_from(&self.user);
        m
    }
}

/// What a command did.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// One line for the status bar or the CLI ("Added BL-42 …").
    pub summary: String,
    pub before: Vec<Snapshot>,
    pub after: Vec<Snapshot>,
    /// Role-guard crossings and soft problems (over capacity, …).
    pub warnings: Vec<String>,
    /// The entity the command created, if any.
    pub created: Option<EntityRef>,
    /// What history kept of it (none when nothing recorded changed); the
    /// workspace holds them too. A copy that takes in this change takes
    /// these with it.
    pub records: Vec<Record>,
}

impl Change {
    pub fn touched(&self) -> impl Iterator<Item = EntityRef> + '_ {
        self.before.iter().map(|s| s.entity)
    }

    /// This change followed by `next`, as one: each entity's first
    /// pre-image and last after-image (one undo step for both).
    pub fn then(mut self, next: Change) -> Change {
        for (b, a) in next.before.into_iter().zip(next.after) {
            match self.before.iter().position(|s| s.entity == b.entity) {
                Some(i) => self.after[i] = a,
                None => {
                    self.before.push(b);
                    self.after.push(a);
                }
            }
        }
        self.warnings.extend(next.warnings);
        self.created = self.created.or(next.created);
        self.records.extend(next.records);
        self
    }
}

pub(crate) struct Tx<'a> {
    pub ws: &'a mut Workspace,
    pub ctx: &'a mut Ctx,
    before: Vec<Snapshot>,
    seen: HashSet<EntityRef>,
    pub warnings: Vec<String>,
    pub created: Option<EntityRef>,
    /// (sprint, item) for each pull into a sprint so far: what the pulls
    /// come to is said once, when the command is done, with the final
    /// numbers (see `apply::sprints::tell_pulls`).
    pub pulled: Vec<(Uuid, Uuid)>,
}

impl<'a> Tx<'a> {
    pub fn new(ws: &'a mut Workspace, ctx: &'a mut Ctx) -> Tx<'a> {
        Tx {
            ws,
            ctx,
            before: Vec::new(),
            seen: HashSet::new(),
            warnings: Vec::new(),
            created: None,
            pulled: Vec::new(),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.ctx.now
    }

    /// Records the pre-image of `r` the first time it is touched.
    pub fn touch(&mut self, r: EntityRef) {
        if self.seen.insert(r) {
            let value = self.ws.get(r);
            self.before.push(Snapshot { entity: r, value });
        }
    }

    /// The workspace's sprint members and blockers, brought up to date with
    /// the items this transaction has changed so far (they are noted for
    /// good when it commits).
    pub fn sync_links(&self) {
        for snap in &self.before {
            if let EntityRef::Item(id) = snap.entity
                && let Some(pos) = self.ws.item_pos(id)
            {
                self.ws.note_links(pos);
            }
        }
    }

    /// The role guard: `label` names the entity for messages.
    pub fn guard(&mut self, owner: Role, label: &str) -> Result<(), DomainError> {
        let role = self.ctx.role;
        if owner == role {
            return Ok(());
        }
        match self.ws.settings.role_guard {
            GuardMode::Off => Ok(()),
            GuardMode::Strict => Err(DomainError::Guard { entity: label.to_owned(), owner, role }),
            GuardMode::Warn if self.ctx.confirmed => {
                let w = format!("{label} is owned by the {}; edited as {}", owner.label(), role.label());
                if !self.warnings.contains(&w) {
                    self.warnings.push(w);
                }
                Ok(())
            }
            GuardMode::Warn => Err(DomainError::NeedsConfirmation { entity: label.to_owned(), owner, role }),
        }
    }

    pub fn item(&self, id: Uuid) -> Result<&Item, DomainError> {
        self.ws.item(id).filter(|i| i.is_live()).ok_or_else(|| DomainError::not_found("item", id))
    }

    /// Guarded mutable access to a live item.
    pub fn item_mut(&mut self, id: Uuid) -> Result<&mut Item, DomainError> {
        let item = self.item(id)?;
        let (owner, key) = (item.meta.owner, item.key.clone());
        self.guard(owner, &key)?;
        self.item_mut_unguarded(id)
    }

    /// Mutable access for cascades (unlinking, sprint returns): the guard
    /// applies to what the user asked for, not to its consequences.
    pub fn item_mut_unguarded(&mut self, id: Uuid) -> Result<&mut Item, DomainError> {
        let pos = self.ws.item_pos(id).ok_or_else(|| DomainError::not_found("item", id))?;
        self.touch(EntityRef::Item(id));
        Ok(&mut self.ws.items[pos])
    }

    /// Records that `r` is about to be created (its pre-image is "absent").
    pub fn creating(&mut self, r: EntityRef) {
        self.touch(r);
        self.created = Some(r);
    }

    pub fn insert_item(&mut self, item: Item) {
        let r = EntityRef::Item(item.meta.id);
        self.touch(r);
        self.created = Some(r);
        self.ws.push_item(item);
    }

    pub fn goal_mut(&mut self, id: Uuid, guarded: bool) -> Result<&mut Goal, DomainError> {
        let g = self.ws.goal(id).filter(|g| g.meta.is_live()).ok_or_else(|| DomainError::not_found("goal", id))?;
        if guarded {
            let (owner, key) = (g.meta.owner, g.key.clone());
            self.guard(owner, &key)?;
        }
        self.touch(EntityRef::Goal(id));
        Ok(self.ws.goals.iter_mut().find(|g| g.meta.id == id).expect("found above"))
    }

    pub fn initiative_mut(&mut self, id: Uuid, guarded: bool) -> Result<&mut Initiative, DomainError> {
        let i = self
            .ws
            .initiative(id)
            .filter(|i| i.meta.is_live())
            .ok_or_else(|| DomainError::not_found("initiative", id))?;
        if guarded {
            let (owner, key) = (i.meta.owner, i.key.clone());
            self.guard(owner, &key)?;
        }
        self.touch(EntityRef::Initiative(id));
        Ok(self.ws.roadmap.iter_mut().find(|i| i.meta.id == id).expect("found above"))
    }

    pub fn sprint_mut(&mut self, id: Uuid, guarded: bool) -> Result<&mut Sprint, DomainError> {
        let s = self.ws.sprint(id).filter(|s| s.is_live()).ok_or_else(|| DomainError::not_found("sprint", id))?;
        if guarded {
            let (owner, name) = (s.meta.owner, s.name.clone());
            self.guard(owner, &name)?;
        }
        self.touch(EntityRef::Sprint(id));
        Ok(self.ws.sprints.iter_mut().find(|s| s.meta.id == id).expect("found above"))
    }

    /// Guarded mutable access to a live release.
    pub fn release_mut(&mut self, id: Uuid) -> Result<&mut Release, DomainError> {
        let r = self.ws.release(id).filter(|r| r.is_live()).ok_or_else(|| DomainError::not_found("release", id))?;
        let (owner, name) = (r.meta.owner, format!("release {}", r.name));
        self.guard(owner, &name)?;
        self.touch(EntityRef::Release(id));
        Ok(self.ws.releases.iter_mut().find(|r| r.meta.id == id).expect("found above"))
    }

    /// Guarded mutable access to a live team member.
    pub fn member_mut(&mut self, id: Uuid) -> Result<&mut Member, DomainError> {
        let m = self.ws.member(id).filter(|m| m.is_live()).ok_or_else(|| DomainError::not_found("member", id))?;
        let (owner, name) = (m.meta.owner, m.name.clone());
        self.guard(owner, &name)?;
        self.touch(EntityRef::Member(id));
        Ok(self.ws.team.iter_mut().find(|m| m.meta.id == id).expect("found above"))
    }

    /// Finishes the command: every touched entity that really changed gets
    /// its revision bumped and its `updated_*` stamped.
    pub fn commit(self, summary: String) -> Change {
        self.finish(summary, true)
    }

    /// [`Tx::commit`] without after-images, for a caller that keeps only
    /// the pre-images (a batch, saved whole and never replayed): an import
    /// would otherwise copy every item it creates, descriptions and all.
    pub fn commit_without_after(self, summary: String) -> Change {
        self.finish(summary, false)
    }

    fn finish(self, summary: String, after_images: bool) -> Change {
        let Tx { ws, ctx, before, warnings, created, .. } = self;
        let mut kept_before = Vec::with_capacity(before.len());
        let mut after = Vec::with_capacity(if after_images { before.len() } else { 0 });
        let mut edits = Vec::new();
        for snap in before {
            // Items changed in place: keep the index's first and last right.
            if let EntityRef::Item(id) = snap.entity
                && let Some(pos) = ws.item_pos(id)
            {
                ws.note_item(pos);
            }
            // Compared in place: a copy per touched entity is what made
            // big commands slow.
            if ws.holds(snap.entity, &snap.value) {
                continue;
            }
            // A new entity keeps the meta it was born with.
            let prev = snap.value.as_ref().and_then(|e| e.meta()).map(|m| m.rev);
            if let (Some(prev_rev), Some(meta)) = (prev, ws.meta_mut(snap.entity)) {
                meta.rev = prev_rev.max(meta.rev) + 1;
                meta.updated_at = ctx.now;
                meta.updated_by = ctx.role;
                meta.updated_by_person.clone_from(&ctx.user);
            }
            // A batch (an import) keeps no after-images and records no
            // field values for what it creates: the record says what it
            // did, and each new entity its own creation time.
            let now = (after_images || snap.value.is_some()).then(|| ws.get(snap.entity)).flatten();
            if now.is_some() {
                edits.extend(history::diff(snap.entity, snap.value.as_ref(), now.as_ref()));
            }
            if after_images {
                after.push(Snapshot { entity: snap.entity, value: now });
            }
            kept_before.push(snap);
        }
        let mut records = Vec::new();
        if !edits.is_empty() {
            let r = record(ctx, &ws.history, &summary, edits);
            ws.history.push(r.clone());
            records.push(r);
        }
        Change { summary, before: kept_before, after, warnings, created, records }
    }

    /// Undoes everything this transaction touched.
    pub fn rollback(self) {
        if put_back(self.ws, self.before) {
            self.ws.reindex();
        }
    }
}

/// One change as history keeps it. Its id is a UUID v7 of the change's
/// time, then the record's place among those of the same millisecond (so
/// two changes in one millisecond keep their order), then a hash of what
/// it records: the same commands give the same file (tests, goldens),
/// whatever came before them on another branch.
fn record(ctx: &Ctx, history: &history::History, what: &str, edits: Vec<history::Edit>) -> Record {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    (&ctx.user, ctx.role.as_str(), &ctx.via, what, ctx.reverts).hash(&mut h);
    for e in &edits {
        (&e.entity, e.id, &e.field, e.old.to_string(), e.new.to_string(), e.added.len()).hash(&mut h);
    }
    Record {
        id: history.next_id(ctx.now, h.finish()),
        at: ctx.now,
        by: ctx.user.clone(),
        role: ctx.role,
        via: ctx.via.clone(),
        branch: ctx.branch.clone(),
        what: what.to_owned(),
        reverts: ctx.reverts,
        edits,
        extra: Default::default(),
    }
}

/// One record for a batch as a whole (an import): what it did, not each
/// entity it created (their creation is their `created_at`), so a big
/// import costs one line of history. Added to `ws`'s history.
pub fn record_batch(ws: &mut Workspace, ctx: &Ctx, what: &str) -> Record {
    let r = record(ctx, &ws.history, what, Vec::new());
    ws.history.push(r.clone());
    r
}

/// Undoes committed changes, last first, with their pre-images: the
/// workspace is then as it was before the first (a batch that failed
/// midway, undone without having kept a copy of the whole workspace).
/// Their history records go too.
pub fn revert(ws: &mut Workspace, changes: Vec<Change>) {
    let ids: HashSet<Uuid> = changes.iter().flat_map(|c| &c.records).map(|r| r.id).collect();
    ws.history.remove(&ids);
    let mut removed = false;
    for change in changes.into_iter().rev() {
        removed |= put_back(ws, change.before);
    }
    if removed {
        ws.reindex();
    }
}

/// Puts the pre-images back, last first. Returns true when it removed
/// items, whose lookups the caller must then rebuild (once, not per item:
/// a big import undone would otherwise take quadratic time).
fn put_back(ws: &mut Workspace, before: Vec<Snapshot>) -> bool {
    let mut removed = false;
    for snap in before.into_iter().rev() {
        match snap.value {
            Some(e) => ws.put(e),
            None => {
                // Created here: only items can be, and an item just pushed
                // is the last one.
                if let EntityRef::Item(id) = snap.entity {
                    if ws.items.last().is_some_and(|i| i.meta.id == id) {
                        ws.items.pop();
                        removed = true;
                    }
                } else if let Some(id) = snap.entity.id() {
                    ws.goals.retain(|g| g.meta.id != id);
                    ws.roadmap.retain(|g| g.meta.id != id);
                    ws.sprints.retain(|g| g.meta.id != id);
                    ws.releases.retain(|g| g.meta.id != id);
                    ws.team.retain(|g| g.meta.id != id);
                }
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_increase_and_copies_of_a_generator_draw_their_own_random_bytes() {
        let start = DateTime::from_timestamp(1_750_000_000, 0).unwrap();
        let mut a = IdGen::random();
        let mut last = a.next(start);
        let mut b = a.clone();
        for ms in 1..(POOL_IDS as i64 * 2 + 3) {
            // A new millisecond each time: both ids are then wholly the
            // clock and fresh random bytes.
            let now = start + chrono::Duration::milliseconds(ms);
            let (x, y) = (a.next(now), b.next(now));
            assert!(x > last, "strictly increasing within one generator");
            assert_ne!(x, y, "a copy drew its own random bytes (step {ms})");
            assert_eq!((x.get_version_num(), y.get_version_num()), (7, 7));
            let same_ms = a.next(now);
            assert!(same_ms > x, "and within one millisecond");
            last = same_ms;
        }
    }

    /// Copies of one generator that fall behind their shared last id in
    /// the same millisecond step past it by their own random amounts, not
    /// both by one: no two make the same id.
    #[test]
    fn copies_falling_back_in_one_millisecond_still_differ() {
        let now = DateTime::from_timestamp(1_750_000_000, 0).unwrap();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..200 {
            let mut a = IdGen::random();
            let first = a.next(now);
            let (mut b, mut c) = (a.clone(), a.clone());
            let (x, y) = (b.next(now), c.next(now));
            assert!(x > first && y > first);
            assert_ne!(x, y);
            assert_eq!((x.get_version_num(), x.get_variant()), (7, uuid::Variant::RFC4122));
            assert!(seen.insert(x) && seen.insert(y));
        }
    }
}
