//! Marked items in the Backlog pane: UI state, kept by item id, so marks
//! survive reorders and reloads from other sessions (ids that disappear
//! drop out). With marks, item actions apply to every marked item as one
//! step.
//!
//! `V` marks a range: the first press anchors it at the selection, moving
//! the selection extends (or shrinks) it, and a second `V`, `Esc` or any
//! action that is not a move ends it, leaving what it covered marked.

use super::list::RankedList;
use crate::domain::Workspace;
use std::collections::HashSet;
use uuid::Uuid;

/// A range being marked with `V`.
#[derive(Debug, Clone, Default)]
struct Range {
    anchor: Uuid,
    /// The marks there were before the range began: moving back over a row
    /// unmarks it only if the range marked it.
    before: HashSet<Uuid>,
    /// The row the range reached last.
    cursor: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Marks {
    set: HashSet<Uuid>,
    range: Option<Range>,
}

impl Marks {
    pub fn len(&self) -> usize {
        self.set.len()
    }
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
    pub fn contains(&self, id: Uuid) -> bool {
        self.set.contains(&id)
    }
    /// The marked ids, in no order.
    pub fn ids(&self) -> impl Iterator<Item = &Uuid> {
        self.set.iter()
    }
    /// True while a `V` range is open.
    pub fn ranging(&self) -> bool {
        self.range.is_some()
    }

    /// Marks `id`, or unmarks it if it was marked. Returns whether it is
    /// marked now.
    pub fn toggle(&mut self, id: Uuid) -> bool {
        self.range = None;
        if self.set.remove(&id) {
            false
        } else {
            self.set.insert(id);
            true
        }
    }

    pub fn clear(&mut self) {
        self.set.clear();
        self.range = None;
    }

    /// Ends an open range, keeping what it marked.
    pub fn end_range(&mut self) {
        self.range = None;
    }

    /// Starts a range at `id` (shown at visible row `row`) and marks it.
    pub fn start_range(&mut self, id: Uuid, row: usize) {
        let before = self.set.clone();
        self.set.insert(id);
        self.range = Some(Range { anchor: id, before, cursor: row });
    }

    /// The selection moved to `row` while a range is open: rows the range
    /// now covers are marked, rows it left are unmarked (unless they were
    /// marked before it). Costs the rows moved over, not the list.
    pub fn extend(&mut self, ws: &Workspace, list: &RankedList, row: usize) {
        let Some(r) = &mut self.range else { return };
        let Some(anchor) = ws.item_pos(r.anchor).and_then(|p| list.index_of(ws, p)) else {
            self.range = None;
            return;
        };
        let within = |c: usize, i: usize| (anchor.min(c)..=anchor.max(c)).contains(&i);
        let (old, new) = (r.cursor, row);
        for i in old.min(new)..=old.max(new) {
            let Some(id) = list.get(i).map(|p| ws.items[p].meta.id) else { continue };
            match (within(old, i), within(new, i)) {
                (false, true) => {
                    self.set.insert(id);
                }
                (true, false) if !r.before.contains(&id) => {
                    self.set.remove(&id);
                }
                _ => {}
            }
        }
        r.cursor = row;
    }

    /// Drops ids that are no longer live items (deleted here or by another
    /// session). `only`: check just these (the items a change touched).
    pub fn prune(&mut self, ws: &Workspace, only: Option<&[Uuid]>) {
        let live = |id: &Uuid| ws.item(*id).is_some_and(|i| i.is_live());
        match only {
            Some(ids) => {
                for id in ids {
                    if self.set.contains(id) && !live(id) {
                        self.set.remove(id);
                    }
                }
            }
            None => self.set.retain(live),
        }
        if let Some(r) = &self.range
            && !live(&r.anchor)
        {
            self.range = None;
        }
    }

    /// The marked items in rank order (the order a block move keeps).
    pub fn ordered(&self, ws: &Workspace) -> Vec<Uuid> {
        let mut items: Vec<&crate::domain::Item> =
            self.set.iter().filter_map(|id| ws.item(*id)).filter(|i| i.is_live()).collect();
        items.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.meta.id.cmp(&b.meta.id)));
        items.into_iter().map(|i| i.meta.id).collect()
    }
}
