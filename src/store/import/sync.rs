//! A re-import: an item imported before is brought up to date with the
//! source by the store's three-way merge, with the values the last import
//! wrote as the base, the item here as ours and the source as theirs. A
//! field both changed becomes a conflict record; what was deleted here
//! stays deleted unless asked.

use super::report::{Report, Skipped};
use super::row::{Options, ParentLink, Row, imported, is_open, norm_key};
use crate::domain::command::ItemPatch;
use crate::domain::item::{Imported, Item, clean_comments};
use crate::domain::snapshot::{Entity, Snapshot};
use crate::domain::text::clean;
use crate::domain::{Command, EntityRef};
use crate::store::Batch;
use crate::store::merge::{self, Prefer};
use std::collections::HashMap;
use uuid::Uuid;

/// What rows name, by key or name: the items imported before and now, and
/// the sprints and releases this import found or made.
#[derive(Clone, Copy)]
pub(super) struct Links<'a> {
    pub existing: &'a HashMap<String, Uuid>,
    pub created: &'a HashMap<String, Uuid>,
    pub sprints: &'a HashMap<String, Uuid>,
    /// By lower-cased name.
    pub releases: &'a HashMap<String, Uuid>,
}

/// Brings one item imported before up to date with the source: the last
/// imported values are the base, the item here is ours, the source's new
/// values are theirs, merged by the store's merge.
pub(super) fn sync(
    batch: &mut Batch,
    r: &Row,
    links: &Links,
    system: &str,
    opts: &Options,
    report: &mut Report,
) -> Result<(), anyhow::Error> {
    let Links { existing, created, sprints, releases } = *links;
    let id = existing[&r.norm];
    let item = batch.workspace().item(id).expect("indexed");
    if !item.is_live() && !opts.restore_deleted {
        report.kept_deleted.push(item.key.clone());
        return Ok(());
    }
    let lookup = |n: &str| created.get(n).or_else(|| existing.get(n)).copied();
    let parent = match &r.parent {
        Some(ParentLink::Epic(p) | ParentLink::Label(Some(p))) => lookup(p),
        _ => None,
    };
    // A sprint already over cannot take items: membership there stays.
    let sprint = match r.sprint.as_ref().and_then(|s| sprints.get(s)).copied() {
        Some(s) if is_open(batch, s) => Some(s),
        Some(_) => item.sprint,
        None => None,
    };
    let release = r.release.as_ref().and_then(|n| releases.get(&n.to_lowercase())).copied();
    let new_base = imported(r, parent, sprint, release);
    // Comments are a log: the source's, as stored, join the item's (the
    // merge takes the union), so none needs a base.
    let their_comments = clean_comments(r.rec.comments.clone());
    // The source has not changed since the last import: whatever changed
    // here stays, and nothing needs merging.
    let same = |x: &crate::domain::item::ExternalRef| {
        // The key last: it is the one compared through a copy.
        x.system == system && x.imported.as_deref() == Some(&new_base) && norm_key(&x.key) == r.norm
    };
    if item.is_live() && item.external.iter().any(same) && their_comments.iter().all(|c| item.comments.contains(c)) {
        report.unchanged += 1;
        return Ok(());
    }
    let mut cur = item.clone();
    if !cur.is_live() {
        cur.meta.deleted_at = None;
        batch.apply(Command::Restore(vec![Snapshot {
            entity: EntityRef::Item(id),
            value: Some(Entity::Item(Box::new(cur.clone()))),
        }]))?;
        cur = batch.workspace().item(id).expect("restored").clone();
        report.restored.push(cur.key.clone());
    }
    let pos = cur.external.iter().position(|x| x.system == system && norm_key(&x.key) == r.norm).expect("indexed");
    let base = cur.external[pos].imported.as_deref().cloned().unwrap_or_else(|| Imported {
        // Imported before bases were kept: the item as it is is the base,
        // so the source's changes come in.
        title: cur.title.clone(),
        description_digest: Imported::digest(&cur.description),
        kind: cur.kind,
        status: cur.status,
        estimate: cur.estimate,
        labels: cur.labels.clone(),
        parent: cur.parent,
        sprint: cur.sprint,
        assignee: cur.assignee.clone(),
        release: cur.release,
        updated: None,
        resolved: None,
        extra: Default::default(),
    });
    // The base keeps only a digest of the description: it is whichever
    // side still has that text, or (both changed it) a stand-in.
    let theirs_description = clean(&r.description);
    let base_description = if base.description_digest == Imported::digest(&theirs_description) {
        theirs_description.clone()
    } else if base.description_digest == Imported::digest(&cur.description) {
        cur.description.clone()
    } else {
        "(the description as last imported)".to_owned()
    };
    let with = |v: &Imported, description: &str| -> Item {
        let mut i = cur.clone();
        i.title.clone_from(&v.title);
        i.description = description.to_owned();
        i.kind = v.kind;
        i.status = v.status;
        i.estimate = v.estimate;
        i.labels.clone_from(&v.labels);
        i.parent = v.parent;
        i.sprint = v.sprint;
        i.assignee.clone_from(&v.assignee);
        i.release = v.release;
        i
    };
    let mut b = with(&base, &base_description);
    b.comments.clear();
    let mut t = with(&new_base, &theirs_description);
    t.comments = their_comments;
    let (b, t) = (Entity::Item(Box::new(b)), Entity::Item(Box::new(t)));
    let ours = Entity::Item(Box::new(cur.clone()));
    let (merged, clashes) = merge::merge_entity(EntityRef::Item(id), Some(&b), &ours, &t, Prefer::Ours);
    let Entity::Item(m) = merged else { unreachable!("an item merges into an item") };
    let mut p = ItemPatch::default();
    let mut changed = false;
    macro_rules! field {
        ($f:ident, $wrap:expr) => {
            if m.$f != cur.$f {
                p.$f = Some($wrap(m.$f.clone()));
                changed = true;
            }
        };
    }
    field!(title, |v| v);
    field!(description, |v| v);
    field!(kind, |v| v);
    field!(status, |v| v);
    field!(estimate, |v| v);
    field!(labels, |v| v);
    field!(parent, |v| v);
    field!(sprint, |v| v);
    field!(assignee, |v| v);
    field!(release, |v| v);
    field!(comments, |v| v);
    let base_moved = cur.external[pos].imported.as_deref() != Some(&new_base);
    if base_moved {
        let mut ext = cur.external.clone();
        ext[pos].imported = Some(Box::new(new_base));
        if r.rec.url.is_some() {
            ext[pos].url.clone_from(&r.rec.url);
        }
        p.external = Some(ext);
    }
    if (changed || base_moved)
        && let Err(e) = batch.apply(Command::EditItem { id, patch: Box::new(p) })
    {
        report.skipped.push(Skipped { line: r.rec.line, key: r.key.clone(), why: e.to_string() });
        return Ok(());
    }
    if changed {
        report.updated += 1
    } else {
        report.unchanged += 1
    }
    if !clashes.is_empty() {
        report.conflicts += clashes.len();
        let (now, role, by) = (batch.ctx().now, batch.ctx().role, batch.ctx().user.clone());
        let names = merge::Names::import(system);
        batch.apply(Command::RecordConflicts(merge::records(clashes, now, role, &by, &names)))?;
    }
    Ok(())
}
