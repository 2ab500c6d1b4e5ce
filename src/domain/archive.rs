//! What `backlog archive` may move out of the workspace, and what must come
//! back with an item that is restored.
//!
//! The archive is a document of the workspace's own shape (the store keeps
//! it in a file beside the workspace). Nothing the workspace still shows
//! may change when its past leaves: an item goes only with its whole
//! family, its sprint, and everything linked to it by `blocks`; an item
//! planned under an open initiative or an unshipped release stays (their
//! progress counts it); the sprints velocity and forecasts read stay. So no link
//! left in the workspace points into the archive, and the merge's link
//! repairs never meet one. The archive's own links may point back into the
//! workspace (an archived story's initiative): they are read, never
//! repaired.

use super::history::{History, Record};
use super::item::Item;
use super::shared::Shared;
use super::sprint::{Sprint, SprintState};
use super::strategy::InitiativeStatus;
use super::workspace::Workspace;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashSet;
use uuid::Uuid;

/// Entities chosen to move, by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    pub items: HashSet<Uuid>,
    pub sprints: HashSet<Uuid>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.sprints.is_empty()
    }
}

/// Entities taken out of one document, to be put into the other.
#[derive(Debug, Clone, Default)]
pub struct Moved {
    pub items: Vec<Shared<Item>>,
    pub sprints: Vec<Sprint>,
    /// History records about the moved entities alone.
    pub records: Vec<Shared<Record>>,
}

/// How many of the latest closed sprints stay in the workspace: those
/// velocity averages over and forecasts sample, so that neither needs the
/// archive.
pub fn kept_sprints(ws: &Workspace) -> usize {
    (ws.settings.velocity_window as usize).max(super::forecast::scope::SAMPLED_SPRINTS)
}

/// What may be archived: closed sprints that ended before `before` (but for
/// the [`kept_sprints`] latest) and done or dropped items untouched since,
/// with the rules of the module's comment.
pub fn select(ws: &Workspace, before: NaiveDate) -> Selection {
    let cutoff: DateTime<Utc> = before.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
    let recent: HashSet<Uuid> = super::sprint::closed_oldest_first(ws.live_sprints())
        .into_iter()
        .rev()
        .take(kept_sprints(ws))
        .map(|s| s.meta.id)
        .collect();
    let sprints: HashSet<Uuid> = ws
        .live_sprints()
        .filter(|s| s.state == SprintState::Closed && s.end < before && !recent.contains(&s.meta.id))
        .map(|s| s.meta.id)
        .collect();
    let settled_initiative = |id: Option<Uuid>| {
        id.is_none_or(|i| {
            ws.initiative(i).is_some_and(|i| matches!(i.status, InitiativeStatus::Done | InitiativeStatus::Dropped))
        })
    };
    let shipped = |id: Option<Uuid>| id.is_none_or(|r| ws.release(r).is_some_and(|r| r.shipped.is_some()));
    let items: HashSet<Uuid> = ws
        .live_items()
        .filter(|i| {
            i.status.is_closed() && i.meta.updated_at < cutoff && settled_initiative(i.initiative) && shipped(i.release)
        })
        .map(|i| i.meta.id)
        .collect();
    // What stays keeps what it points at, and what points at it; until
    // nothing more is kept.
    let live: Vec<&Item> = ws.live_items().collect();
    let mut sel = Selection { items, sprints };
    loop {
        let before_len = (sel.items.len(), sel.sprints.len());
        let held: Vec<Uuid> = live
            .iter()
            .filter(|i| sel.items.contains(&i.meta.id))
            .filter(|i| {
                i.parent.is_some_and(|p| !sel.items.contains(&p))
                    || i.sprint.is_some_and(|s| !sel.sprints.contains(&s))
                    || i.blocks.iter().any(|b| !sel.items.contains(b) && ws.item(*b).is_some_and(|x| x.is_live()))
            })
            .map(|i| i.meta.id)
            .collect();
        for id in &held {
            sel.items.remove(id);
        }
        keep_linked(&live, &mut sel);
        if (sel.items.len(), sel.sprints.len()) == before_len {
            return sel;
        }
    }
}

/// Of a selection, what an item of `items` that stays points at stays
/// too (its epic, its sprint, the items it blocks), until nothing more
/// does: no link is left pointing at what moved. The merge asks it of what
/// a side moved out, about every item; `select` about the live ones.
pub fn keep_linked(items: &[&Item], sel: &mut Selection) {
    loop {
        let before = (sel.items.len(), sel.sprints.len());
        for i in items {
            if sel.items.contains(&i.meta.id) {
                continue;
            }
            for l in i.parent.iter().chain(&i.blocks) {
                sel.items.remove(l);
            }
            if let Some(s) = i.sprint {
                sel.sprints.remove(&s);
            }
        }
        if (sel.items.len(), sel.sprints.len()) == before {
            return;
        }
    }
}

/// What must come back with the archived items `ids`: each item's
/// parents, its sprint, and the items it is linked with by `blocks` either
/// way, so that the workspace holds no link into the archive.
pub fn closure(archive: &Workspace, ids: impl IntoIterator<Item = Uuid>) -> Selection {
    let mut sel = Selection::default();
    let mut todo: Vec<Uuid> = ids.into_iter().collect();
    while let Some(id) = todo.pop() {
        let Some(item) = archive.item(id) else { continue };
        if !sel.items.insert(id) {
            continue;
        }
        if let Some(s) = item.sprint.filter(|s| archive.sprint(*s).is_some()) {
            sel.sprints.insert(s);
        }
        todo.extend(item.parent);
        todo.extend(item.blocks.iter().copied());
        todo.extend(archive.blocker_positions(id).into_iter().map(|p| archive.items[p].meta.id));
    }
    sel
}

/// Takes the selected entities out of `ws`, with the history records that
/// are about them alone.
pub fn take(ws: &mut Workspace, sel: &Selection) -> Moved {
    let (items, kept): (Vec<Shared<Item>>, Vec<Shared<Item>>) =
        std::mem::take(&mut ws.items).into_iter().partition(|i| sel.items.contains(&i.meta.id));
    ws.items = kept;
    let (sprints, kept): (Vec<Sprint>, Vec<Sprint>) =
        std::mem::take(&mut ws.sprints).into_iter().partition(|s| sel.sprints.contains(&s.meta.id));
    ws.sprints = kept;
    ws.reindex();
    let about_moved = |r: &Record| {
        !r.edits.is_empty()
            && r.edits.iter().all(|e| e.id.is_some_and(|id| sel.items.contains(&id) || sel.sprints.contains(&id)))
    };
    let records: Vec<Shared<Record>> = ws.history.records().iter().filter(|r| about_moved(r)).cloned().collect();
    let ids: HashSet<Uuid> = records.iter().map(|r| r.id).collect();
    ws.history.remove(&ids);
    Moved { items, sprints, records }
}

/// Puts moved entities into `ws`; where `ws` has an entity already, the
/// moved version replaces it (it is the one just taken from the other side).
pub fn put(ws: &mut Workspace, moved: Moved) {
    for item in moved.items {
        ws.put(super::snapshot::Entity::Item(Box::new(item.into_inner())));
    }
    for s in moved.sprints {
        ws.put(super::snapshot::Entity::Sprint(Box::new(s)));
    }
    if !moved.records.is_empty() {
        // One sort of the whole history (`History::new` drops a record it
        // holds twice), not an insertion per record.
        let mut all = ws.history.records().to_vec();
        all.extend(moved.records);
        ws.history = History::of_shared(all);
    }
}

/// Sorted by id: the order the file writes, for messages and tests.
pub fn sorted_keys(items: &[Item]) -> Vec<&str> {
    let mut v: Vec<&Item> = items.iter().collect();
    v.sort_by_key(|i| i.meta.id);
    v.into_iter().map(|i| i.key.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::item::Status;

    fn demo() -> Workspace {
        let mut ws: Workspace = serde_json::from_str(include_str!("../../assets/demo.json")).expect("the demo parses");
        ws.reindex();
        ws
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    fn keys(ws: &Workspace, sel: &Selection) -> Vec<String> {
        let mut v: Vec<String> =
            ws.items.iter().filter(|i| sel.items.contains(&i.meta.id)).map(|i| i.key.clone()).collect();
        v.sort_by_key(|k| k[4..].parse::<u32>().unwrap_or(0));
        v
    }

    fn item_mut<'a>(ws: &'a mut Workspace, key: &str) -> &'a mut Item {
        ws.items.iter_mut().find(|i| i.key == key).expect("a demo item")
    }

    fn id(ws: &Workspace, key: &str) -> Uuid {
        ws.item_by_key(key).expect("a demo item").meta.id
    }

    #[test]
    fn the_settled_past_moves_and_what_the_workspace_still_counts_stays() {
        let ws = demo();
        // The rest of the demo's done work sits in the three closed sprints
        // (velocity's), under open epics or open initiatives.
        assert_eq!(keys(&ws, &select(&ws, day("2026-12-01"))), ["TAN-1", "TAN-2", "TAN-3", "TAN-34"]);
        assert_eq!(keys(&ws, &select(&ws, day("2026-09-10"))), ["TAN-1", "TAN-2", "TAN-3"], "touched since");
        assert!(select(&ws, day("2026-09-09")).is_empty(), "the epic's family closed that morning");
    }

    #[test]
    fn an_open_child_keeps_its_whole_family() {
        let mut ws = demo();
        item_mut(&mut ws, "TAN-3").status = Status::InProgress;
        assert_eq!(keys(&ws, &select(&ws, day("2026-12-01"))), ["TAN-34"]);
    }

    #[test]
    fn a_blocks_link_to_open_work_keeps_both_ends_either_way() {
        let mut ws = demo();
        let done = id(&ws, "TAN-2");
        item_mut(&mut ws, "TAN-18").blocks.push(done);
        assert_eq!(keys(&ws, &select(&ws, day("2026-12-01"))), ["TAN-34"], "blocked by open work");
        let mut ws = demo();
        let open = id(&ws, "TAN-18");
        item_mut(&mut ws, "TAN-2").blocks.push(open);
        assert_eq!(keys(&ws, &select(&ws, day("2026-12-01"))), ["TAN-34"], "blocking open work");
    }

    #[test]
    fn an_open_initiative_or_an_unshipped_release_keeps_its_items() {
        let mut ws = demo();
        let r10 = ws.initiative_by_key("R10").expect("R10").meta.id;
        ws.roadmap.iter_mut().find(|i| i.meta.id == r10).expect("R10").status = InitiativeStatus::InProgress;
        assert_eq!(keys(&ws, &select(&ws, day("2026-12-01"))), ["TAN-1", "TAN-2", "TAN-3"]);
        let mut ws = demo();
        let release = ws.releases[0].meta.id;
        assert!(ws.releases[0].shipped.is_none());
        item_mut(&mut ws, "TAN-34").release = Some(release);
        assert_eq!(keys(&ws, &select(&ws, day("2026-12-01"))), ["TAN-1", "TAN-2", "TAN-3"], "not shipped yet");
        ws.releases[0].shipped = Some(day("2026-11-20"));
        assert_eq!(keys(&ws, &select(&ws, day("2026-12-01"))), ["TAN-1", "TAN-2", "TAN-3", "TAN-34"], "shipped");
    }

    /// Twelve older sprints, each with one done story, before the demo's
    /// three: fifteen closed, of which the latest ten stay.
    fn with_old_sprints(ws: &mut Workspace) -> Vec<Uuid> {
        let model = ws.sprints.iter().find(|s| s.state == SprintState::Closed).expect("a closed sprint").clone();
        let story = ws.item_by_key("TAN-2").expect("a done story").clone();
        let mut ids = Vec::new();
        for n in 0..12u32 {
            let mut s = model.clone();
            s.meta.id = Uuid::from_u128(0xa000 + u128::from(n));
            s.name = format!("Old {n}");
            s.start = day("2025-01-06") + chrono::Duration::weeks(2 * i64::from(n));
            s.end = s.start + chrono::Duration::days(13);
            let mut i = story.clone();
            i.meta.id = Uuid::from_u128(0xb000 + u128::from(n));
            i.key = format!("TAN-{}", 100 + n);
            i.parent = None;
            i.initiative = None;
            i.sprint = Some(s.meta.id);
            ids.push(s.meta.id);
            ws.sprints.push(s);
            ws.push_item(i);
        }
        ids
    }

    #[test]
    fn the_sprints_velocity_and_forecasts_read_stay_and_older_ones_move_with_their_items() {
        let mut ws = demo();
        let old = with_old_sprints(&mut ws);
        let sel = select(&ws, day("2026-12-01"));
        assert_eq!(sel.sprints, old[..5].iter().copied().collect(), "15 closed, the latest 10 stay");
        assert_eq!(&keys(&ws, &sel)[4..], ["TAN-100", "TAN-101", "TAN-102", "TAN-103", "TAN-104"]);
        // Open work in an old sprint keeps it, and the sprint its story.
        item_mut(&mut ws, "TAN-100").status = Status::Review;
        let sel = select(&ws, day("2026-12-01"));
        assert!(!sel.sprints.contains(&old[0]) && sel.sprints.contains(&old[1]));
    }

    #[test]
    fn taking_and_putting_back_gives_the_same_workspace() {
        let mut ws = demo();
        with_old_sprints(&mut ws);
        let before = ws.clone();
        let sel = select(&ws, day("2026-12-01"));
        let moved = take(&mut ws, &sel);
        assert_eq!((moved.items.len(), moved.sprints.len()), (9, 5));
        assert!(!moved.records.is_empty(), "the history of what moved goes with it");
        assert!(ws.item_by_key("TAN-2").is_none() && ws.item_by_key("TAN-5").is_some(), "the lookups follow");
        let mut archive = Workspace::new("Tandem", "TAN", ws.vision.meta.clone());
        put(&mut archive, moved);
        let all = closure(&archive, archive.items.iter().map(|i| i.meta.id).collect::<Vec<_>>());
        let back = take(&mut archive, &all);
        assert!(archive.items.is_empty() && archive.sprints.is_empty() && archive.history.is_empty());
        put(&mut ws, back);
        assert_eq!(ws, before);
    }

    #[test]
    fn a_restored_item_brings_its_epic_and_sprint_but_not_its_siblings() {
        let mut ws = demo();
        with_old_sprints(&mut ws);
        let sel = select(&ws, day("2026-12-01"));
        let mut archive = Workspace::new("Tandem", "TAN", ws.vision.meta.clone());
        put(&mut archive, take(&mut ws, &sel));
        let back = closure(&archive, [id(&archive, "TAN-2")]);
        assert_eq!(keys(&archive, &back), ["TAN-1", "TAN-2"]);
        assert!(back.sprints.is_empty());
        let back = closure(&archive, [id(&archive, "TAN-101")]);
        assert_eq!(keys(&archive, &back), ["TAN-101"]);
        assert_eq!(back.sprints.len(), 1, "its sprint comes with it");
    }
}
