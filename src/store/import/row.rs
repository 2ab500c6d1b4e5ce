//! What the steps of an import share: a record with every field mapped
//! ([`Row`]), the user's [`Options`], and the rules for keys, for the base
//! a sync compares with, and for scores in range. Below `plan` and the steps
//! it calls (`sync`, `sprints`, `strategy`), so none of them imports `plan`
//! back.

use super::record::Record;
use crate::domain::item::{Imported, ItemKind, Status};
use crate::domain::sprint::SprintState;
use crate::domain::text::{clean_cow, clean_labels, clean_line};
use crate::store::Batch;
use std::collections::HashMap;
use uuid::Uuid;

/// What the user asked of the import beyond the file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Round estimates off the scale to the nearest scale value instead of
    /// widening the scale.
    pub snap: bool,
    /// `--status-map`: source status (any case) -> status.
    pub status_map: HashMap<String, Status>,
    /// The kind of rows whose source has no type.
    pub kind: Option<ItemKind>,
    /// A label added to every imported item.
    pub label: Option<String>,
    pub restore_deleted: bool,
    pub allow_duplicates: bool,
    pub dry_run: bool,
}

/// A key as the store would keep it, for matching.
pub fn norm_key(k: &str) -> String {
    clean_line(k).to_uppercase()
}

/// Where an item's parent goes.
#[derive(Debug, Clone)]
pub(super) enum ParentLink {
    /// Under this epic (by normalised key).
    Epic(String),
    /// Kept as a label; under the parent's own epic, if it has one.
    Label(Option<String>),
}

/// A record with every field mapped.
pub(super) struct Row<'r> {
    pub rec: &'r Record,
    pub key: String,
    pub norm: String,
    pub kind: ItemKind,
    pub status: Status,
    pub estimate: Option<u32>,
    pub labels: Vec<String>,
    pub description: String,
    pub parent: Option<ParentLink>,
    pub sprint: Option<String>,
    /// The release it ships in: its first fix version, by name.
    pub release: Option<String>,
}

/// The values a row brings, as the base the next import compares with.
pub(super) fn imported(r: &Row, parent: Option<Uuid>, sprint: Option<Uuid>, release: Option<Uuid>) -> Imported {
    Imported {
        title: clean_line(&r.rec.title),
        description_digest: Imported::digest(&clean_cow(&r.description)),
        kind: r.kind,
        status: r.status,
        estimate: r.estimate,
        labels: clean_labels(&r.labels),
        parent,
        sprint,
        assignee: r.rec.assignees.first().map(|a| clean_line(a)).filter(|a| !a.is_empty()),
        release,
        updated: r.rec.updated,
        resolved: r.rec.resolved,
        extra: Default::default(),
    }
}

pub(super) fn is_open(batch: &Batch, sprint: Uuid) -> bool {
    batch.workspace().sprint(sprint).is_some_and(|s| s.is_live() && s.state != SprintState::Closed)
}

/// The scores of `what` the domain accepts: one out of its range (from a
/// file written before ranges were checked) is left out with a note in the
/// domain's words, so that what it scores still comes in.
pub(super) fn scores_in_range(
    what: &str,
    s: &crate::domain::score::Scoring,
    notes: &mut Vec<String>,
) -> (Option<crate::domain::score::Wsjf>, Option<crate::domain::score::Rice>) {
    let mut keep = |name: &str, r: Result<(), crate::domain::score::ScoreError>| match r {
        Ok(()) => true,
        Err(e) => {
            notes.push(format!("{what}: {name} not kept: {e}"));
            false
        }
    };
    let wsjf = s.wsjf.clone().filter(|w| keep("wsjf", w.check()));
    let rice = s.rice.clone().filter(|r| keep("rice", r.check()));
    (wsjf, rice)
}
