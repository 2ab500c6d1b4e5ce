//! Epics and their children, as the backlog list sees them: who is whose
//! parent, kept up to date change by change (a few lookups per changed
//! item), so an epic's progress and its expanded children cost what the
//! epic has, not what the workspace has.

use crate::domain::{Status, Workspace};
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub(super) struct Family {
    /// Epic position -> its live children's positions, in no order.
    children: HashMap<usize, Vec<usize>>,
    /// Child position -> its epic's position.
    parent_of: HashMap<usize, usize>,
}

/// How far an epic's children have got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Children not dropped.
    pub count: usize,
    pub done: usize,
    pub points: u32,
    pub done_points: u32,
    /// Children not dropped that have no estimate (the epic's own estimate
    /// is its children's: these are what it lacks).
    pub unestimated: usize,
}

impl Family {
    pub(super) fn build(ws: &Workspace, live: &[usize]) -> Family {
        let mut f = Family::default();
        for &pos in live {
            f.add(ws, pos);
        }
        f
    }

    /// Files a live item under its parent, if it has one.
    pub(super) fn add(&mut self, ws: &Workspace, pos: usize) {
        let item = &ws.items[pos];
        if !item.is_live() {
            return;
        }
        if let Some(parent) = item.parent.and_then(|p| ws.item_pos(p)) {
            self.children.entry(parent).or_default().push(pos);
            self.parent_of.insert(pos, parent);
        }
    }

    /// Takes an item out (before it is filed again as it is now).
    pub(super) fn remove(&mut self, pos: usize) {
        if let Some(parent) = self.parent_of.remove(&pos)
            && let Some(v) = self.children.get_mut(&parent)
        {
            v.retain(|&p| p != pos);
            if v.is_empty() {
                self.children.remove(&parent);
            }
        }
    }

    pub(super) fn children(&self, epic: usize) -> &[usize] {
        self.children.get(&epic).map_or(&[], Vec::as_slice)
    }

    pub(super) fn parent_of(&self, pos: usize) -> Option<usize> {
        self.parent_of.get(&pos).copied()
    }

    pub(super) fn progress(&self, ws: &Workspace, epic: usize) -> Progress {
        let mut p = Progress::default();
        for &c in self.children(epic) {
            let item = &ws.items[c];
            if item.status == Status::Dropped {
                continue;
            }
            let pts = item.estimate.unwrap_or(0);
            p.count += 1;
            p.unestimated += usize::from(item.estimate.is_none());
            p.points = p.points.saturating_add(pts);
            if item.status == Status::Done {
                p.done += 1;
                p.done_points = p.done_points.saturating_add(pts);
            }
        }
        p
    }
}
