//! Who is in which sprint, and who blocks whom, looked up without a scan:
//! the workspace builds this on the first question and keeps it as items
//! change (`Workspace::note_item`), so a pull into a sprint at 100k items
//! counts what the sprint holds, not what the workspace holds.
//!
//! Entries may be stale in one direction only (an item listed that has
//! since left), so readers check each entry against the item itself.
//! Each sprint's points are kept as a sum, so a pull asks what the sprint
//! commits without counting its members: an import of 40,000 items into
//! one sprint would otherwise count 800 million times.

use super::item::{Item, Status};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

#[derive(Debug, Clone, Default)]
pub(crate) struct Links {
    /// Item position -> the sprint it is filed under.
    sprint_of: Vec<Option<Uuid>>,
    /// Item position -> the points it adds to that sprint ([`counted`]).
    counted: Vec<u32>,
    /// Sprint -> item positions, in no order.
    members: HashMap<Uuid, HashSet<usize>>,
    /// Sprint -> the points of its live members that are not dropped.
    points: HashMap<Uuid, u64>,
    /// Item position -> the items it blocks, as filed.
    blocks_of: HashMap<usize, Vec<Uuid>>,
    /// Blocked item -> positions of the items that block it.
    blockers: HashMap<Uuid, Vec<usize>>,
}

impl Links {
    pub(crate) fn build(items: &[super::shared::Shared<Item>]) -> Links {
        let mut l = Links { sprint_of: vec![None; items.len()], counted: vec![0; items.len()], ..Links::default() };
        for (pos, item) in items.iter().enumerate() {
            l.file(pos, item);
        }
        l
    }

    fn file(&mut self, pos: usize, item: &Item) {
        if pos >= self.sprint_of.len() {
            self.sprint_of.resize(pos + 1, None);
            self.counted.resize(pos + 1, 0);
        }
        self.sprint_of[pos] = item.sprint;
        self.counted[pos] = counted(item);
        if let Some(s) = item.sprint {
            self.members.entry(s).or_default().insert(pos);
            *self.points.entry(s).or_default() += u64::from(self.counted[pos]);
        }
        if !item.blocks.is_empty() {
            let blocks = item.blocks.clone();
            for &b in &blocks {
                self.blockers.entry(b).or_default().push(pos);
            }
            self.blocks_of.insert(pos, blocks);
        }
    }

    /// Files item `pos` again after it changed.
    pub(crate) fn refile(&mut self, pos: usize, item: &Item) {
        let same_blocks = match self.blocks_of.get(&pos) {
            Some(b) => *b == item.blocks,
            None => item.blocks.is_empty(),
        };
        let same_points = self.counted.get(pos).copied().unwrap_or(0) == counted(item);
        if self.sprint_of.get(pos).copied().flatten() == item.sprint && same_blocks && same_points {
            return;
        }
        if let Some(s) = self.sprint_of.get(pos).copied().flatten() {
            if let Some(m) = self.members.get_mut(&s) {
                m.remove(&pos);
            }
            if let Some(p) = self.points.get_mut(&s) {
                *p -= u64::from(self.counted[pos]);
            }
        }
        if let Some(blocks) = self.blocks_of.remove(&pos) {
            for b in blocks {
                unlist(self.blockers.get_mut(&b), pos);
            }
        }
        self.file(pos, item);
    }

    /// Positions filed under sprint `id`.
    pub(crate) fn members(&self, id: Uuid) -> impl Iterator<Item = usize> + '_ {
        self.members.get(&id).into_iter().flatten().copied()
    }

    /// The points sprint `id` holds: its live members', dropped ones left
    /// out.
    pub(crate) fn points(&self, id: Uuid) -> u64 {
        self.points.get(&id).copied().unwrap_or(0)
    }

    /// Items with something filed as blocking them.
    pub(crate) fn blocked_ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.blockers.iter().filter(|(_, v)| !v.is_empty()).map(|(&id, _)| id)
    }

    /// Positions of items filed as blocking `id`.
    pub(crate) fn blockers(&self, id: Uuid) -> &[usize] {
        self.blockers.get(&id).map_or(&[], Vec::as_slice)
    }
}

/// What an item adds to its sprint's points.
fn counted(item: &Item) -> u32 {
    if item.is_live() && item.status != Status::Dropped { item.points() } else { 0 }
}

fn unlist(list: Option<&mut Vec<usize>>, pos: usize) {
    if let Some(v) = list
        && let Some(i) = v.iter().position(|&p| p == pos)
    {
        v.swap_remove(i);
    }
}
