//! Definition of Ready and Definition of Done: checklists in the settings,
//! made of checks the tool can see for itself and free-text items a person
//! ticks per item. Moving an item to `ready` or `done` is checked against
//! them (see [`Settings::definition_guard`]).

use super::item::{Item, Status};
// The checklists are settings data (the workspace holds them); the rules
// that read them against items are here.
pub use super::checklist::{Check, Checklist};
use super::workspace::{Settings, Workspace};
use std::collections::HashSet;
use uuid::Uuid;

/// Which definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Ready,
    Done,
}

impl Gate {
    /// The gate an item passes on its way to `status`, if any.
    pub fn entering(status: Status) -> Option<Gate> {
        match status {
            Status::Ready => Some(Gate::Ready),
            Status::Done => Some(Gate::Done),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Gate::Ready => "Definition of Ready",
            Gate::Done => "Definition of Done",
        }
    }
    pub fn list(self, settings: &Settings) -> &Checklist {
        match self {
            Gate::Ready => &settings.definition_of_ready,
            Gate::Done => &settings.definition_of_done,
        }
    }
}

/// The free-text items a person ticks, Ready's then Done's, each once.
pub fn tickable(settings: &Settings) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for text in settings.definition_of_ready.items.iter().chain(&settings.definition_of_done.items) {
        if !out.contains(&text.as_str()) {
            out.push(text);
        }
    }
    out
}

/// Items that block `item` and are not finished yet.
pub fn open_blockers<'a>(ws: &'a Workspace, item: Uuid) -> impl Iterator<Item = &'a Item> + 'a {
    // Looked up, not scanned for; in the workspace's order, as before.
    let mut found = ws.blocker_positions(item);
    found.sort_unstable();
    found.into_iter().map(|p| &*ws.items[p]).filter(|b| !b.status.is_closed())
}

/// The set of items blocked by open work (for lists): read from the
/// workspace's kept links, so it costs the links, not the workspace.
pub fn blocked_set(ws: &Workspace) -> HashSet<Uuid> {
    ws.linked_as_blocked()
        .into_iter()
        .filter(|&id| ws.item(id).is_some_and(Item::is_live) && open_blockers(ws, id).next().is_some())
        .collect()
}

/// What `item` lacks to pass `gate`; empty when it passes. `blocked` says
/// whether open work blocks it (the caller knows it cheaper in bulk).
pub fn missing(settings: &Settings, gate: Gate, item: &Item, blocked: bool) -> Vec<String> {
    let list = gate.list(settings);
    let mut out = Vec::new();
    for &check in list.checks.iter().filter(|c| c.applies(item.kind)) {
        let ok = match check {
            Check::Points => item.estimate.is_some(),
            Check::Criteria => !item.acceptance_criteria.is_empty(),
            Check::CriteriaMet => item.acceptance_criteria.iter().all(|c| c.met),
            Check::Story => item.story.as_ref().is_some_and(|s| !s.as_a.is_empty() && !s.i_want.is_empty()),
            Check::Unblocked => !blocked,
        };
        if !ok {
            out.push(check.missing().to_owned());
        }
    }
    for text in &list.items {
        if !item.checked.contains(text) {
            out.push(format!("not ticked: {text}"));
        }
    }
    out
}

/// Circles of `blocks` links among live items (two branches linked them
/// each their own way): each circle once per way the walk closes it, in the
/// order a walk from the smallest id finds them, each as its members in
/// link order. `check` reports them; a merge breaks them.
pub fn circles(ws: &Workspace) -> Vec<Vec<Uuid>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark: std::collections::HashMap<Uuid, Mark> =
        ws.live_items().filter(|i| !i.blocks.is_empty()).map(|i| (i.meta.id, Mark::New)).collect();
    let mut starts: Vec<Uuid> = mark.keys().copied().collect();
    starts.sort();
    let mut out = Vec::new();
    for start in starts {
        if mark[&start] != Mark::New {
            continue;
        }
        // Iterative depth-first search; `path` is the current chain.
        let mut path: Vec<(Uuid, usize)> = vec![(start, 0)];
        mark.insert(start, Mark::OnPath);
        while let Some(&mut (id, ref mut next)) = path.last_mut() {
            let blocks = ws.item(id).map_or(&[][..], |i| i.blocks.as_slice());
            if let Some(&to) = blocks.get(*next) {
                *next += 1;
                match mark.get(&to).copied() {
                    Some(Mark::New) => {
                        mark.insert(to, Mark::OnPath);
                        path.push((to, 0));
                    }
                    Some(Mark::OnPath) => {
                        let from = path.iter().position(|(p, _)| *p == to).unwrap_or(0);
                        out.push(path[from..].iter().map(|(p, _)| *p).collect());
                    }
                    _ => {}
                }
            } else {
                mark.insert(id, Mark::Done);
                path.pop();
            }
        }
    }
    out
}

/// `missing` for one item, finding its blockers itself.
pub fn missing_for(ws: &Workspace, gate: Gate, item: &Item) -> Vec<String> {
    let blocked = open_blockers(ws, item.meta.id).next().is_some();
    missing(&ws.settings, gate, item, blocked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ItemKind;
    use crate::domain::command::{Command, NewItem};
    use crate::domain::{Ctx, Meta, Role, apply};

    fn ws_with(kind: ItemKind) -> Workspace {
        let now = chrono::DateTime::from_timestamp(1_750_000_000, 0).expect("a time");
        let mut ctx = Ctx::new(now, Role::Po);
        ctx.confirmed = true;
        let mut ws = Workspace::new("T", "BL", Meta::new(Uuid::from_u128(1), Role::Pm, now, Role::Pm));
        let item = NewItem { title: "Thing".into(), kind: Some(kind), ..Default::default() };
        apply(&mut ws, Command::AddItem(Box::new(item)), &mut ctx).expect("added");
        ws
    }

    /// An epic is not asked for an estimate of its own (its children carry
    /// it), a bug not for a story triple; what applies is asked of every
    /// kind, and `missing` asks exactly what applies.
    #[test]
    fn a_check_is_asked_only_of_the_kinds_it_applies_to() {
        assert!(!Check::Points.applies(ItemKind::Epic));
        assert!(Check::Points.applies(ItemKind::Story));
        assert!(Check::Story.applies(ItemKind::Story) && !Check::Story.applies(ItemKind::Bug));
        for kind in [ItemKind::Epic, ItemKind::Bug, ItemKind::Story] {
            assert!(Check::Criteria.applies(kind) && Check::Unblocked.applies(kind));
        }
        let epic = ws_with(ItemKind::Epic);
        let lacks = missing(&epic.settings, Gate::Ready, &epic.items[0], false);
        assert_eq!(lacks, ["no acceptance criterion"], "no estimate asked of the epic, no story triple");
        let story = ws_with(ItemKind::Story);
        let lacks = missing(&story.settings, Gate::Ready, &story.items[0], false);
        assert_eq!(lacks, ["no estimate", "no acceptance criterion", "story triple incomplete"]);
    }
}
