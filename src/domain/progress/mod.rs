//! What initiatives and epics add up to. One rule for everyone who counts
//! an initiative's stories (the Roadmap pane, its detail, `roadmap list`,
//! the exports and the alignment report):
//!
//! - An item delivers its own initiative, else its parent epic's
//!   ([`Workspace::initiative_of`]). A child linked to the initiative
//!   directly as well as through its epic is one story, counted once; a
//!   child linked to another initiative counts for that one.
//! - An epic is a container: its children count, the epic itself (and any
//!   estimate it carries) does not.
//! - Dropped and deleted items count nowhere.

use super::item::{Item, ItemKind, Status};
use super::workspace::Workspace;
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// What an epic's children add up to (dropped ones left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct EpicProgress {
    pub children: usize,
    pub done: usize,
    pub points: u32,
    pub done_points: u32,
}

/// What an initiative's stories add up to: the live, not dropped work
/// items that deliver it (see [`Workspace::initiative_of`]). An epic is a
/// container, not work: its children count, its own estimate does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct InitiativeProgress {
    pub stories: usize,
    /// Stories done.
    pub done: usize,
    pub points: u32,
    pub done_points: u32,
}

impl Workspace {
    /// The initiative `item` delivers: its own link, else that of its
    /// parent epic (if the parent is a live epic). Each item delivers at
    /// most one initiative, so a child linked directly and through its epic
    /// counts once, for its own link. Alignment, progress and the exports
    /// all ask this.
    pub fn initiative_of(&self, item: &Item) -> Option<Uuid> {
        item.initiative.or_else(|| {
            let parent = self.item(item.parent?)?;
            (parent.is_live() && parent.kind == ItemKind::Epic).then_some(parent.initiative)?
        })
    }

    /// Whether `item` is counted among an initiative's stories: live work
    /// (not an epic, not dropped).
    fn counts_as_story(item: &Item) -> bool {
        item.is_live() && item.kind != ItemKind::Epic && item.status != Status::Dropped
    }

    /// Every initiative's story count and points, in one pass over the
    /// items (a view asks once per frame, not once per initiative). The
    /// stories are those [`Workspace::initiative_items`] lists.
    pub fn initiative_progress(&self) -> HashMap<Uuid, InitiativeProgress> {
        let mut out: HashMap<Uuid, InitiativeProgress> = HashMap::new();
        for it in self.items.iter().filter(|it| Self::counts_as_story(it)) {
            if let Some(i) = self.initiative_of(it) {
                let p = out.entry(i).or_default();
                p.stories += 1;
                p.points += it.points();
                if it.status == Status::Done {
                    p.done_points += it.points();
                    p.done += 1;
                }
            }
        }
        out
    }

    /// The stories initiative `id` counts (its own and its epics'
    /// children, no epic, none dropped), in rank order.
    pub fn initiative_items(&self, id: Uuid) -> Vec<&Item> {
        self.ranked_item_positions()
            .into_iter()
            .map(|p| &*self.items[p])
            .filter(|it| Self::counts_as_story(it) && self.initiative_of(it) == Some(id))
            .collect()
    }

    /// Every initiative's stories (those [`Workspace::initiative_items`]
    /// lists for each) among `ranked`, the live items in rank order, in
    /// one pass: for a reader of many initiatives at once (the site), who
    /// has ranked the items already.
    pub fn stories_by_initiative<'a>(&self, ranked: &[&'a Item]) -> HashMap<Uuid, Vec<&'a Item>> {
        let mut out: HashMap<Uuid, Vec<&'a Item>> = HashMap::new();
        for &it in ranked {
            if Self::counts_as_story(it)
                && let Some(i) = self.initiative_of(it)
            {
                out.entry(i).or_default().push(it);
            }
        }
        out
    }

    /// Progress of the epic `id` (a scan: for one epic at a time).
    pub fn epic_progress(&self, id: Uuid) -> EpicProgress {
        EpicProgress::of(self.live_items().filter(|i| i.parent == Some(id)))
    }
}

impl EpicProgress {
    /// What an epic's live `children` add up to (the dropped left out).
    pub fn of<'a>(children: impl IntoIterator<Item = &'a Item>) -> EpicProgress {
        let mut p = EpicProgress::default();
        for c in children.into_iter().filter(|c| c.is_live() && c.status != Status::Dropped) {
            p.children += 1;
            p.points += c.points();
            if c.status == Status::Done {
                p.done += 1;
                p.done_points += c.points();
            }
        }
        p
    }
}

#[cfg(test)]
mod tests;
