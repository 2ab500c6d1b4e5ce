//! Is execution still aligned with strategy, and does every link in the
//! file still point somewhere? [`check`] answers both in one pass over the
//! workspace; `backlog check` prints the [`Report`] (and exits non-zero when
//! [`Report::has_broken_links`]), the TUI shows it too.
//!
//! The rules, and the choices behind them:
//!
//! - An item's *initiative* is its own `initiative` link or, when it has
//!   none, the initiative of its parent epic (if that parent is a live epic).
//!   A dangling own link is not replaced by the parent's: it is reported as
//!   broken instead.
//! - **Goals without initiative**: live goals that are still being pursued
//!   (not `achieved`, not `dropped`) and that no live, non-dropped initiative
//!   links. A `done` initiative still counts: it served the goal.
//! - **Initiatives in `now` without ready stories**: live `now` initiatives
//!   that are not `done` or `dropped` and have no live, non-epic item with
//!   status exactly `ready` (PRODUCT.md says ready; `refined` is not ready,
//!   and work already in progress does not refill the queue for the next
//!   sprint). Bugs, spikes, tasks and tech debt count as well as stories:
//!   the point is whether there is work the team can pull. Epics do not:
//!   they are never pulled into a sprint.
//! - **Unlinked stories**: live items of kind `story` only (bugs, spikes,
//!   tasks and tech debt legitimately exist outside the roadmap; epics are
//!   containers), not `done` or `dropped`, with no initiative.
//! - **Sprint trace**: over the live, non-dropped items of the active
//!   sprint, the points of those whose initiative is live and links at least
//!   one live goal, against all their points (unestimated items count 0).
//! - **Stale**: live non-epic items `in_progress` or `review` whose
//!   `updated_at` is more than `settings.stale_after_days` days before `now`
//!   (an epic's own record is not touched when its children move, so epics
//!   would always look stale). `stale_after_days = 0` turns the rule off.
//! - **Open items in a closed sprint**: reopening a done item after its
//!   sprint closed leaves it linked to that sprint. It is not broken (that is
//!   a legitimate path), but it is listed so someone plans it again.
//! - **Broken**: `parent`, `initiative`, `sprint` or an initiative's `goals`
//!   naming a missing or deleted entity; a parent that is not an epic; an
//!   epic with a parent; more than one active sprint; two live items with the
//!   same key; `workspace.next_key` not above every key ever handed out
//!   (deleted items included, so the next item would reuse a key); rank keys
//!   that are not valid order keys.
//!
//! One pass with hash maps: linear in the size of the workspace, plus a sort
//! of what is reported.

use super::item::{Item, ItemKind, Status};
use super::rank;
use super::sprint::{Sprint, SprintState};
use super::strategy::{Goal, GoalStatus, Horizon, Initiative, InitiativeStatus};
use super::workspace::Workspace;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::collections::{HashMap, HashSet, hash_map};
use uuid::Uuid;

/// An entity named in the report: its id and the handle people use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: Uuid,
    /// `BL-12`, `G3`, `R7`.
    pub key: String,
    pub title: String,
}

impl Entry {
    fn item(i: &Item) -> Entry {
        Entry { id: i.meta.id, key: i.key.clone(), title: i.title.clone() }
    }
    fn goal(g: &Goal) -> Entry {
        Entry { id: g.meta.id, key: g.key.clone(), title: g.title.clone() }
    }
    fn initiative(i: &Initiative) -> Entry {
        Entry { id: i.meta.id, key: i.key.clone(), title: i.title.clone() }
    }
}

/// What is wrong with a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    ParentMissing,
    ParentDeleted,
    ParentNotEpic,
    EpicHasParent,
    InitiativeMissing,
    InitiativeDeleted,
    SprintMissing,
    SprintDeleted,
    GoalMissing,
    GoalDeleted,
    SeveralActiveSprints,
    DuplicateKey,
    NextKeyBehind,
    InvalidRank,
}

/// One inconsistency, with a message that names the entity and the fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenLink {
    /// Collection of the entity at fault: `item`, `initiative` or `sprint`.
    pub entity: &'static str,
    pub id: Uuid,
    /// Its key, or a sprint's name.
    pub key: String,
    pub problem: Problem,
    /// The entity the link points at, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Uuid>,
    pub message: String,
}

/// Work in progress that nobody has touched for a while.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleItem {
    #[serde(flatten)]
    pub item: Entry,
    pub status: Status,
    pub updated_at: DateTime<Utc>,
    /// Whole days since the last change.
    pub idle_days: i64,
}

/// How much of the active sprint serves a business goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trace {
    pub sprint: Uuid,
    pub name: String,
    pub traced_points: u32,
    pub total_points: u32,
    /// Sprint items that do not trace up to a goal, in rank order.
    pub untraced: Vec<Entry>,
}

impl Trace {
    /// Traced share of the points, 0..=1; `None` when the sprint has no
    /// points at all.
    pub fn share(&self) -> Option<f64> {
        (self.total_points > 0).then(|| f64::from(self.traced_points) / f64::from(self.total_points))
    }
}

/// Everything `backlog check` reports. Lists are in a stable order: items
/// in backlog (rank) order, goals by key, links by entity and key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub broken: Vec<BrokenLink>,
    pub goals_without_initiative: Vec<Entry>,
    pub now_without_ready: Vec<Entry>,
    pub unlinked_stories: Vec<Entry>,
    pub stale: Vec<StaleItem>,
    pub open_in_closed_sprint: Vec<Entry>,
    /// `None` when no sprint is active.
    pub sprint_trace: Option<Trace>,
}

impl Report {
    pub fn has_broken_links(&self) -> bool {
        !self.broken.is_empty()
    }
    /// Nothing broken and nothing to look at (the sprint trace is a number,
    /// not a finding, so it does not count).
    pub fn is_clean(&self) -> bool {
        self.broken.is_empty()
            && self.goals_without_initiative.is_empty()
            && self.now_without_ready.is_empty()
            && self.unlinked_stories.is_empty()
            && self.stale.is_empty()
            && self.open_in_closed_sprint.is_empty()
    }
}

/// The trailing number of a key (`BL-12` → 12, `G3` → 3), for sorting
/// keys the way people read them.
fn key_order(key: &str) -> (u64, &str) {
    let digits = key.len() - key.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let n = key[key.len() - digits..].parse().unwrap_or(u64::MAX);
    (n, key)
}

fn entity_order(entity: &str) -> u8 {
    match entity {
        "item" => 0,
        "initiative" => 1,
        _ => 2,
    }
}

struct Lookups<'a> {
    goals: HashMap<Uuid, &'a Goal>,
    initiatives: HashMap<Uuid, &'a Initiative>,
    sprints: HashMap<Uuid, &'a Sprint>,
}

impl<'a> Lookups<'a> {
    fn new(ws: &'a Workspace) -> Self {
        Lookups {
            goals: ws.goals.iter().map(|g| (g.meta.id, g)).collect(),
            initiatives: ws.roadmap.iter().map(|i| (i.meta.id, i)).collect(),
            sprints: ws.sprints.iter().map(|s| (s.meta.id, s)).collect(),
        }
    }
}

/// The initiative an item delivers: its own link, else its parent epic's.
fn initiative_of(ws: &Workspace, item: &Item) -> Option<Uuid> {
    item.initiative.or_else(|| {
        let parent = ws.item(item.parent?)?;
        (parent.is_live() && parent.kind == ItemKind::Epic).then_some(parent.initiative)?
    })
}

/// Checks links and alignment as of `now`.
pub fn check(ws: &Workspace, now: DateTime<Utc>) -> Report {
    let look = Lookups::new(ws);
    let mut broken = Vec::new();
    let roadmap = roadmap_links(ws, &look, &mut broken);
    active_sprints(ws, &mut broken);
    let active = ws.active_sprint();

    let stale_after =
        (ws.settings.stale_after_days > 0).then(|| Duration::days(i64::from(ws.settings.stale_after_days)));
    let mut keys = Keys::new(ws.items.len());
    let mut ready_for: HashSet<Uuid> = HashSet::new();
    let mut unlinked: Vec<usize> = Vec::new();
    let mut stale: Vec<usize> = Vec::new();
    let mut in_closed: Vec<usize> = Vec::new();
    let mut sprint_items: Vec<(usize, bool)> = Vec::new();

    for (pos, item) in ws.items.iter().enumerate() {
        keys.see(pos, item);
        if !item.is_live() {
            continue;
        }
        if item_links(ws, &look, item, &mut broken) {
            in_closed.push(pos);
        }
        let initiative = initiative_of(ws, item);
        if item.kind != ItemKind::Epic
            && item.status == Status::Ready
            && let Some(i) = initiative
        {
            ready_for.insert(i);
        }
        if item.kind == ItemKind::Story && !item.status.is_closed() && initiative.is_none() {
            unlinked.push(pos);
        }
        if let Some(after) = stale_after
            && item.kind != ItemKind::Epic
            && matches!(item.status, Status::InProgress | Status::Review)
            && now - item.meta.updated_at > after
        {
            stale.push(pos);
        }
        if let Some(a) = active
            && item.sprint == Some(a.meta.id)
            && item.status != Status::Dropped
        {
            let traced = initiative.is_some_and(|i| roadmap.tracing.contains(&i));
            sprint_items.push((pos, traced));
        }
    }
    keys.report(ws, &mut broken);
    broken.sort_by(|a, b| {
        (entity_order(a.entity), key_order(&a.key), a.id, a.problem).cmp(&(
            entity_order(b.entity),
            key_order(&b.key),
            b.id,
            b.problem,
        ))
    });

    let mut goals_without_initiative: Vec<&Goal> = ws
        .live_goals()
        .filter(|g| !matches!(g.status, GoalStatus::Achieved | GoalStatus::Dropped))
        .filter(|g| !roadmap.served.contains(&g.meta.id))
        .collect();
    goals_without_initiative.sort_by(|a, b| key_order(&a.key).cmp(&key_order(&b.key)));
    let now_without_ready = ws
        .ranked_initiatives(Horizon::Now)
        .into_iter()
        .filter(|i| !matches!(i.status, InitiativeStatus::Done | InitiativeStatus::Dropped))
        .filter(|i| !ready_for.contains(&i.meta.id))
        .map(Entry::initiative)
        .collect();

    let in_rank_order = |mut positions: Vec<usize>| -> Vec<&Item> {
        positions.sort_by(|&a, &b| {
            let (a, b) = (&ws.items[a], &ws.items[b]);
            a.rank.cmp(&b.rank).then(a.meta.id.cmp(&b.meta.id))
        });
        positions.into_iter().map(|p| &ws.items[p]).collect()
    };
    let entries =
        |positions: Vec<usize>| -> Vec<Entry> { in_rank_order(positions).into_iter().map(Entry::item).collect() };

    let sprint_trace = active.map(|s| {
        let (mut traced_points, mut total_points) = (0u32, 0u32);
        let mut untraced = Vec::new();
        for &(pos, traced) in &sprint_items {
            let points = ws.items[pos].points();
            total_points = total_points.saturating_add(points);
            if traced {
                traced_points = traced_points.saturating_add(points);
            } else {
                untraced.push(pos);
            }
        }
        Trace { sprint: s.meta.id, name: s.name.clone(), traced_points, total_points, untraced: entries(untraced) }
    });

    let stale = in_rank_order(stale)
        .into_iter()
        .map(|item| StaleItem {
            item: Entry::item(item),
            status: item.status,
            updated_at: item.meta.updated_at,
            idle_days: (now - item.meta.updated_at).num_days(),
        })
        .collect();

    Report {
        broken,
        goals_without_initiative: goals_without_initiative.into_iter().map(Entry::goal).collect(),
        now_without_ready,
        unlinked_stories: entries(unlinked),
        stale,
        open_in_closed_sprint: entries(in_closed),
        sprint_trace,
    }
}

/// What the roadmap tells the item rules.
struct Roadmap {
    /// Live initiatives that link at least one live goal.
    tracing: HashSet<Uuid>,
    /// Goals linked by a live initiative that is not dropped.
    served: HashSet<Uuid>,
}

/// Initiatives' goal links and rank keys.
fn roadmap_links(ws: &Workspace, look: &Lookups, broken: &mut Vec<BrokenLink>) -> Roadmap {
    let mut roadmap = Roadmap { tracing: HashSet::new(), served: HashSet::new() };
    for i in ws.live_initiatives() {
        let mut flag = |problem, target, message| {
            broken.push(BrokenLink {
                entity: "initiative",
                id: i.meta.id,
                key: i.key.clone(),
                problem,
                target,
                message,
            });
        };
        for g in &i.goals {
            let (problem, what) = match look.goals.get(g) {
                Some(goal) if goal.meta.is_live() => {
                    roadmap.tracing.insert(i.meta.id);
                    if i.status != InitiativeStatus::Dropped {
                        roadmap.served.insert(*g);
                    }
                    continue;
                }
                Some(goal) => (Problem::GoalDeleted, format!("goal {} is deleted", goal.key)),
                None => (Problem::GoalMissing, format!("goal {g} does not exist")),
            };
            let k = &i.key;
            let message = format!("{k}: {what}; remove it from the initiative's goals with `backlog roadmap edit {k}`");
            flag(problem, Some(*g), message);
        }
        if rank::validate(&i.rank).is_err() {
            let message = format!(
                "{}: rank key {:?} is not a valid order key; move it to the top or bottom of its \
                 roadmap column to give it a new one",
                i.key, i.rank
            );
            flag(Problem::InvalidRank, None, message);
        }
    }
    roadmap
}

/// At most one sprint may be active; every later-started one is flagged.
fn active_sprints(ws: &Workspace, broken: &mut Vec<BrokenLink>) {
    let mut active: Vec<&Sprint> = ws.live_sprints().filter(|s| s.state == SprintState::Active).collect();
    active.sort_by_key(|s| (s.started_at, s.meta.id));
    let Some((first, rest)) = active.split_first() else {
        return;
    };
    for s in rest {
        broken.push(BrokenLink {
            entity: "sprint",
            id: s.meta.id,
            key: s.name.clone(),
            problem: Problem::SeveralActiveSprints,
            target: Some(first.meta.id),
            message: format!(
                "{}: active at the same time as {}; only one sprint can be active, close one \
                 with `backlog sprint close \"{}\"`",
                s.name, first.name, s.name
            ),
        });
    }
}

/// One live item's parent, initiative, sprint and rank. Returns whether
/// the item is still open in a closed sprint (suspicious, not broken).
fn item_links(ws: &Workspace, look: &Lookups, item: &Item, broken: &mut Vec<BrokenLink>) -> bool {
    let key = &item.key;
    let mut flag = |problem, target, message| {
        broken.push(BrokenLink { entity: "item", id: item.meta.id, key: key.clone(), problem, target, message });
    };
    if let Some(p) = item.parent {
        let clear = format!("clear it with `backlog edit {key} --parent none`");
        match ws.item(p) {
            None => flag(Problem::ParentMissing, Some(p), format!("{key}: parent {p} does not exist; {clear}")),
            Some(parent) if !parent.is_live() => {
                flag(Problem::ParentDeleted, Some(p), format!("{key}: parent {} is deleted; {clear}", parent.key))
            }
            Some(_) if item.kind == ItemKind::Epic => flag(
                Problem::EpicHasParent,
                Some(p),
                format!("{key}: is an epic, and an epic cannot have a parent; {clear}"),
            ),
            Some(parent) if parent.kind != ItemKind::Epic => {
                let pk = &parent.key;
                flag(
                    Problem::ParentNotEpic,
                    Some(p),
                    format!(
                        "{key}: parent {pk} is a {}, not an epic; {clear}, or make {pk} an epic \
                         with `backlog edit {pk} --kind epic`",
                        parent.kind
                    ),
                )
            }
            Some(_) => {}
        }
    }
    if let Some(i) = item.initiative {
        let clear = format!("clear it with `backlog edit {key} --initiative none`");
        match look.initiatives.get(&i) {
            None => flag(Problem::InitiativeMissing, Some(i), format!("{key}: initiative {i} does not exist; {clear}")),
            Some(init) if !init.meta.is_live() => {
                flag(Problem::InitiativeDeleted, Some(i), format!("{key}: initiative {} is deleted; {clear}", init.key))
            }
            Some(_) => {}
        }
    }
    let mut in_closed = false;
    if let Some(s) = item.sprint {
        let clear = format!("clear it with `backlog edit {key} --sprint none`");
        match look.sprints.get(&s) {
            None => flag(Problem::SprintMissing, Some(s), format!("{key}: sprint {s} does not exist; {clear}")),
            Some(sprint) if !sprint.is_live() => {
                flag(Problem::SprintDeleted, Some(s), format!("{key}: sprint {:?} is deleted; {clear}", sprint.name))
            }
            Some(sprint) => {
                in_closed = sprint.state == SprintState::Closed && !item.status.is_closed();
            }
        }
    }
    if rank::validate(&item.rank).is_err() {
        flag(
            Problem::InvalidRank,
            None,
            format!(
                "{key}: rank key {:?} is not a valid order key; give it a new one with \
                 `backlog rank {key} --top` (or --bottom)",
                item.rank
            ),
        );
    }
    in_closed
}

/// Key bookkeeping: duplicates among live items, and the highest number
/// ever handed out (deleted items included).
struct Keys {
    first_with_key: HashMap<String, usize>,
    duplicates: HashMap<usize, Vec<usize>>,
    max: Option<(u64, usize)>,
}

impl Keys {
    fn new(n: usize) -> Keys {
        Keys { first_with_key: HashMap::with_capacity(n), duplicates: HashMap::new(), max: None }
    }

    fn see(&mut self, pos: usize, item: &Item) {
        if let Some(n) = item.key_number()
            && self.max.is_none_or(|(m, _)| n > m)
        {
            self.max = Some((n, pos));
        }
        if !item.is_live() {
            return;
        }
        // Case-insensitive, like the workspace's key lookup.
        match self.first_with_key.entry(item.key.to_ascii_uppercase()) {
            hash_map::Entry::Occupied(e) => self.duplicates.entry(*e.get()).or_default().push(pos),
            hash_map::Entry::Vacant(e) => {
                e.insert(pos);
            }
        }
    }

    fn report(self, ws: &Workspace, broken: &mut Vec<BrokenLink>) {
        let mut groups: Vec<Vec<&Item>> = self
            .duplicates
            .into_iter()
            .map(|(first, rest)| {
                let mut g: Vec<&Item> = std::iter::once(first).chain(rest).map(|p| &ws.items[p]).collect();
                g.sort_by_key(|i| i.meta.id);
                g
            })
            .collect();
        groups.sort_by_key(|g| g[0].meta.id);
        // Fresh keys to suggest, from where the counter should be.
        let mut spare = ws.workspace.next_key.max(self.max.map_or(0, |(m, _)| m + 1));
        for group in groups {
            // The oldest keeps the key; the newer ones are re-keyed.
            let keep = group[0];
            for fix in &group[1..] {
                let fresh = ws.item_key(spare);
                spare += 1;
                broken.push(BrokenLink {
                    entity: "item",
                    id: fix.meta.id,
                    key: fix.key.clone(),
                    problem: Problem::DuplicateKey,
                    target: Some(keep.meta.id),
                    message: format!(
                        "{}: the key is also used by an older live item ({:?}); keys must be \
                         unique: change this item's key to {fresh} in the workspace file and \
                         set workspace.next_key to {spare}",
                        fix.key, keep.title
                    ),
                });
            }
        }
        if let Some((m, pos)) = self.max
            && ws.workspace.next_key <= m
        {
            let item = &ws.items[pos];
            let deleted = if item.is_live() { "" } else { " (deleted)" };
            broken.push(BrokenLink {
                entity: "item",
                id: item.meta.id,
                key: item.key.clone(),
                problem: Problem::NextKeyBehind,
                target: None,
                message: format!(
                    "{}{deleted}: workspace.next_key is {} but this key was already handed out, \
                     so new items would reuse keys; set workspace.next_key to {} in the \
                     workspace file",
                    item.key,
                    ws.workspace.next_key,
                    m + 1
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::command::{ItemPatch, NewGoal, NewInitiative, NewItem, NewSprint};
    use crate::domain::{Change, Command, Ctx, GuardMode, IdGen, Meta, Role, apply};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().expect("test timestamp")
    }

    /// A workspace built through `apply`, plus direct access for corrupting
    /// it the way a bad merge or a hand edit would.
    struct Fx {
        ws: Workspace,
        ctx: Ctx,
    }

    impl Fx {
        fn new() -> Fx {
            let now = t("2026-03-02T09:00:00Z");
            let mut ws = Workspace::new("Test", "BL", Meta::new(Uuid::nil(), Role::Pm, now, Role::Pm));
            ws.settings.role_guard = GuardMode::Off;
            let mut ctx = Ctx::new(now, Role::Po);
            ctx.ids = IdGen::sequential();
            Fx { ws, ctx }
        }
        fn run(&mut self, cmd: Command) -> Change {
            apply(&mut self.ws, cmd, &mut self.ctx).expect("command applies")
        }
        fn created(&mut self, cmd: Command) -> Uuid {
            self.run(cmd).created.and_then(|r| r.id()).expect("created an entity")
        }
        fn goal(&mut self, title: &str) -> Uuid {
            self.created(Command::AddGoal(NewGoal { title: title.into(), ..Default::default() }))
        }
        fn initiative(&mut self, title: &str, horizon: Horizon, goals: &[Uuid]) -> Uuid {
            self.created(Command::AddInitiative(Box::new(NewInitiative {
                title: title.into(),
                horizon: Some(horizon),
                goals: goals.to_vec(),
                ..Default::default()
            })))
        }
        fn add(&mut self, new: NewItem) -> Uuid {
            self.created(Command::AddItem(Box::new(new)))
        }
        fn item(&mut self, title: &str, kind: ItemKind, status: Status) -> Uuid {
            self.add(NewItem { title: title.into(), kind: Some(kind), status: Some(status), ..Default::default() })
        }
        fn story(&mut self, title: &str, status: Status, initiative: Option<Uuid>) -> Uuid {
            self.add(NewItem { title: title.into(), status: Some(status), initiative, ..Default::default() })
        }
        fn edit(&mut self, id: Uuid, patch: ItemPatch) {
            self.run(Command::EditItem { id, patch: Box::new(patch) });
        }
        fn sprint(&mut self, name: &str) -> Uuid {
            self.created(Command::AddSprint(NewSprint { name: Some(name.into()), ..Default::default() }))
        }
        fn raw(&mut self, id: Uuid) -> &mut Item {
            let pos = self.ws.item_pos(id).expect("item exists");
            &mut self.ws.items[pos]
        }
        fn key(&self, id: Uuid) -> String {
            self.ws.item(id).expect("item exists").key.clone()
        }
        fn check(&self) -> Report {
            check(&self.ws, self.ctx.now)
        }
    }

    fn ids(entries: &[Entry]) -> Vec<Uuid> {
        entries.iter().map(|e| e.id).collect()
    }

    fn problems(r: &Report) -> Vec<(String, Problem)> {
        r.broken.iter().map(|b| (b.key.clone(), b.problem)).collect()
    }

    #[test]
    fn an_aligned_workspace_is_clean() {
        let mut fx = Fx::new();
        let g = fx.goal("Grow revenue");
        let r = fx.initiative("Checkout", Horizon::Now, &[g]);
        fx.story("Pay by card", Status::Ready, Some(r));
        let report = fx.check();
        assert!(report.is_clean(), "{report:#?}");
        assert!(!report.has_broken_links());
        assert_eq!(report.sprint_trace, None);
    }

    #[test]
    fn goals_without_a_serving_initiative_are_listed() {
        let mut fx = Fx::new();
        let unserved = fx.goal("Unserved");
        let achieved = fx.goal("Achieved");
        let only_dropped = fx.goal("Served only by a dropped initiative");
        let by_done = fx.goal("Served by a done initiative");
        let served = fx.goal("Served");
        let gone = fx.goal("Deleted");
        fx.run(Command::EditGoal {
            id: achieved,
            patch: crate::domain::command::GoalPatch { status: Some(GoalStatus::Achieved), ..Default::default() },
        });
        fx.run(Command::DeleteGoal { id: gone });
        let dropped = fx.initiative("Dropped", Horizon::Later, &[only_dropped]);
        let done = fx.initiative("Done", Horizon::Later, &[by_done]);
        fx.initiative("Live", Horizon::Later, &[served]);
        for (id, status) in [(dropped, InitiativeStatus::Dropped), (done, InitiativeStatus::Done)] {
            fx.run(Command::EditInitiative {
                id,
                patch: Box::new(crate::domain::command::InitiativePatch { status: Some(status), ..Default::default() }),
            });
        }
        let report = fx.check();
        assert_eq!(ids(&report.goals_without_initiative), vec![unserved, only_dropped]);
        assert_eq!(report.goals_without_initiative[0].key, "G1");
        assert!(!report.has_broken_links());
        assert!(!report.is_clean());
    }

    #[test]
    fn now_initiatives_without_ready_work_are_listed_in_rank_order() {
        let mut fx = Fx::new();
        let only_refined = fx.initiative("Only refined", Horizon::Now, &[]);
        let ready_bug = fx.initiative("Ready bug", Horizon::Now, &[]);
        let via_epic = fx.initiative("Ready via epic", Horizon::Now, &[]);
        let empty = fx.initiative("Nothing at all", Horizon::Now, &[]);
        let ready_epic_only = fx.initiative("Only a ready epic", Horizon::Now, &[]);
        let next = fx.initiative("Next, empty", Horizon::Next, &[]);
        let done = fx.initiative("Done", Horizon::Now, &[]);
        let in_progress_only = fx.initiative("Only in progress", Horizon::Now, &[]);
        fx.run(Command::EditInitiative {
            id: done,
            patch: Box::new(crate::domain::command::InitiativePatch {
                status: Some(InitiativeStatus::Done),
                ..Default::default()
            }),
        });
        fx.story("Refined", Status::Refined, Some(only_refined));
        let bug = fx.item("Ready bug", ItemKind::Bug, Status::Ready);
        fx.edit(bug, ItemPatch { initiative: Some(Some(ready_bug)), ..Default::default() });
        let epic = fx.item("Epic", ItemKind::Epic, Status::New);
        fx.edit(epic, ItemPatch { initiative: Some(Some(via_epic)), ..Default::default() });
        fx.add(NewItem {
            title: "Child".into(),
            status: Some(Status::Ready),
            parent: Some(epic),
            ..Default::default()
        });
        let ready_epic = fx.item("Ready epic", ItemKind::Epic, Status::Ready);
        fx.edit(ready_epic, ItemPatch { initiative: Some(Some(ready_epic_only)), ..Default::default() });
        fx.story("Started", Status::InProgress, Some(in_progress_only));
        let _ = next;
        let report = fx.check();
        assert_eq!(ids(&report.now_without_ready), vec![only_refined, empty, ready_epic_only, in_progress_only]);
        // Rank order, not creation order.
        fx.run(Command::MoveInitiative {
            id: in_progress_only,
            horizon: Horizon::Now,
            to: crate::domain::Position::Top,
        });
        assert_eq!(ids(&fx.check().now_without_ready), vec![in_progress_only, only_refined, empty, ready_epic_only]);
    }

    #[test]
    fn open_stories_without_an_initiative_are_listed() {
        let mut fx = Fx::new();
        let r = fx.initiative("R", Horizon::Next, &[]);
        let lone = fx.story("Lone story", Status::New, None);
        fx.story("Linked story", Status::New, Some(r));
        fx.story("Done story", Status::Done, None);
        fx.story("Dropped story", Status::Dropped, None);
        fx.item("Bug", ItemKind::Bug, Status::New);
        fx.item("Task", ItemKind::Task, Status::New);
        let linked_epic = fx.item("Linked epic", ItemKind::Epic, Status::New);
        fx.edit(linked_epic, ItemPatch { initiative: Some(Some(r)), ..Default::default() });
        let bare_epic = fx.item("Bare epic", ItemKind::Epic, Status::New);
        fx.add(NewItem { title: "Child of a linked epic".into(), parent: Some(linked_epic), ..Default::default() });
        let orphan =
            fx.add(NewItem { title: "Child of a bare epic".into(), parent: Some(bare_epic), ..Default::default() });
        let report = fx.check();
        assert_eq!(ids(&report.unlinked_stories), vec![lone, orphan]);
        // Backlog order, not creation order.
        fx.run(Command::RankItem { id: orphan, to: crate::domain::Position::Top });
        assert_eq!(ids(&fx.check().unlinked_stories), vec![orphan, lone]);
    }

    #[test]
    fn sprint_trace_counts_points_that_reach_a_live_goal() {
        let mut fx = Fx::new();
        let g = fx.goal("Goal");
        let gone = fx.goal("Goal to delete");
        let to_goal = fx.initiative("Serves a goal", Horizon::Now, &[g]);
        let no_goal = fx.initiative("Serves nothing", Horizon::Now, &[]);
        let dead_goal = fx.initiative("Serves a deleted goal", Horizon::Now, &[gone]);
        let s = fx.sprint("S1");
        let epic = fx.item("Epic", ItemKind::Epic, Status::New);
        fx.edit(epic, ItemPatch { initiative: Some(Some(to_goal)), ..Default::default() });
        let add = |fx: &mut Fx, title: &str, est: Option<u32>, init, parent, status| {
            fx.add(NewItem {
                title: title.into(),
                estimate: est,
                initiative: init,
                parent,
                status: Some(status),
                sprint: Some(s),
                ..Default::default()
            })
        };
        add(&mut fx, "Direct", Some(5), Some(to_goal), None, Status::Ready);
        let b = add(&mut fx, "No goal", Some(3), Some(no_goal), None, Status::Ready);
        add(&mut fx, "Via epic", Some(2), None, Some(epic), Status::Done);
        add(&mut fx, "Dropped", Some(8), Some(to_goal), None, Status::Dropped);
        let e = add(&mut fx, "Unestimated", None, None, None, Status::Ready);
        let d = add(&mut fx, "Deleted goal", Some(1), Some(dead_goal), None, Status::Ready);
        // Outside the sprint: not counted.
        fx.story("Elsewhere", Status::Ready, Some(to_goal));
        fx.run(Command::StartSprint { id: s });
        // The goal disappears behind the initiative's back (a merge), so
        // the link is broken and the item no longer traces.
        let pos = fx.ws.goals.iter().position(|x| x.meta.id == gone).unwrap();
        fx.ws.goals[pos].meta.deleted_at = Some(fx.ctx.now);

        let report = fx.check();
        let trace = report.sprint_trace.clone().expect("a sprint is active");
        assert_eq!(trace.sprint, s);
        assert_eq!(trace.name, "S1");
        assert_eq!((trace.traced_points, trace.total_points), (7, 11));
        assert_eq!(trace.share(), Some(7.0 / 11.0));
        assert_eq!(ids(&trace.untraced), vec![b, e, d]);
        assert_eq!(problems(&report), vec![("R3".to_owned(), Problem::GoalDeleted)]);
    }

    #[test]
    fn a_sprint_without_points_has_no_share() {
        let mut fx = Fx::new();
        let s = fx.sprint("S1");
        fx.add(NewItem { title: "x".into(), sprint: Some(s), ..Default::default() });
        fx.run(Command::StartSprint { id: s });
        let trace = fx.check().sprint_trace.expect("active");
        assert_eq!((trace.traced_points, trace.total_points), (0, 0));
        assert_eq!(trace.share(), None);
    }

    #[test]
    fn untouched_work_in_progress_is_stale() {
        let mut fx = Fx::new();
        let start = fx.ctx.now;
        let old = fx.item("Old", ItemKind::Story, Status::InProgress);
        let review = fx.item("In review", ItemKind::Bug, Status::Review);
        let ready = fx.item("Ready, old", ItemKind::Story, Status::Ready);
        let epic = fx.item("Epic in progress", ItemKind::Epic, Status::InProgress);
        let boundary = fx.item("Exactly at the limit", ItemKind::Story, Status::InProgress);
        fx.ctx.now = start + Duration::days(10);
        let fresh = fx.item("Fresh", ItemKind::Story, Status::InProgress);
        fx.ctx.now = start + Duration::days(20);
        fx.raw(boundary).meta.updated_at = fx.ctx.now - Duration::days(14);
        let _ = (ready, epic, fresh);

        let report = fx.check();
        assert_eq!(report.stale.iter().map(|s| s.item.id).collect::<Vec<_>>(), vec![old, review]);
        assert_eq!(report.stale[0].idle_days, 20);
        assert_eq!(report.stale[0].status, Status::InProgress);
        assert_eq!(report.stale[1].status, Status::Review);
        assert!(!report.is_clean());

        // Touching it makes it fresh again.
        fx.edit(old, ItemPatch { title: Some("Old, touched".into()), ..Default::default() });
        assert_eq!(fx.check().stale.iter().map(|s| s.item.id).collect::<Vec<_>>(), vec![review]);

        fx.ws.settings.stale_after_days = 0;
        assert!(fx.check().stale.is_empty(), "0 turns the rule off");
        fx.ws.settings.stale_after_days = 30;
        assert!(fx.check().stale.is_empty());
    }

    #[test]
    fn reopened_items_of_a_closed_sprint_are_listed_but_not_broken() {
        let mut fx = Fx::new();
        let s = fx.sprint("S1");
        let a = fx.add(NewItem {
            title: "Done in S1".into(),
            status: Some(Status::Done),
            sprint: Some(s),
            ..Default::default()
        });
        let b = fx.add(NewItem {
            title: "Also done".into(),
            status: Some(Status::Done),
            sprint: Some(s),
            ..Default::default()
        });
        fx.run(Command::StartSprint { id: s });
        fx.run(Command::CloseSprint { id: s, goal_met: None });
        assert!(fx.check().open_in_closed_sprint.is_empty());
        fx.edit(a, ItemPatch { status: Some(Status::InProgress), ..Default::default() });
        let report = fx.check();
        assert_eq!(ids(&report.open_in_closed_sprint), vec![a]);
        assert!(!report.has_broken_links());
        assert_eq!(fx.ws.item(b).unwrap().sprint, Some(s));
    }

    #[test]
    fn dangling_and_wrong_parents_are_broken() {
        let mut fx = Fx::new();
        let epic = fx.item("Epic", ItemKind::Epic, Status::New);
        let other_epic = fx.item("Other epic", ItemKind::Epic, Status::New);
        let story = fx.story("Plain story", Status::New, None);
        let to_deleted = fx.story("Child of a deleted epic", Status::New, None);
        let to_missing = fx.story("Child of nothing", Status::New, None);
        let to_story = fx.story("Child of a story", Status::New, None);
        let fine = fx.story("Fine child", Status::New, None);
        fx.edit(fine, ItemPatch { parent: Some(Some(other_epic)), ..Default::default() });
        fx.run(Command::DeleteItem { id: epic });
        let missing = Uuid::from_u128(42);
        fx.raw(to_deleted).parent = Some(epic);
        fx.raw(to_missing).parent = Some(missing);
        fx.raw(to_story).parent = Some(story);
        fx.raw(other_epic).parent = Some(story);

        let report = fx.check();
        assert!(report.has_broken_links());
        assert_eq!(
            problems(&report),
            vec![
                ("BL-2".to_owned(), Problem::EpicHasParent),
                ("BL-4".to_owned(), Problem::ParentDeleted),
                ("BL-5".to_owned(), Problem::ParentMissing),
                ("BL-6".to_owned(), Problem::ParentNotEpic),
            ]
        );
        let msg = |k: &str| report.broken.iter().find(|b| b.key == k).unwrap().message.clone();
        assert_eq!(msg("BL-4"), "BL-4: parent BL-1 is deleted; clear it with `backlog edit BL-4 --parent none`");
        assert!(msg("BL-5").contains(&missing.to_string()), "{}", msg("BL-5"));
        assert!(msg("BL-6").contains("BL-3 is a story, not an epic"), "{}", msg("BL-6"));
        assert_eq!(report.broken[1].target, Some(epic));
        assert_eq!(report.broken[1].id, to_deleted);
        assert_eq!(report.broken[1].entity, "item");
        // A deleted item's own bad links are nobody's problem.
        fx.run(Command::DeleteItem { id: to_story });
        assert!(!problems(&fx.check()).contains(&("BL-6".to_owned(), Problem::ParentNotEpic)));
        let _ = fx.key(fine);
    }

    #[test]
    fn dangling_initiative_and_sprint_links_are_broken() {
        let mut fx = Fx::new();
        let r = fx.initiative("R", Horizon::Next, &[]);
        let s = fx.sprint("Gone sprint");
        let a = fx.story("Deleted initiative", Status::New, None);
        let b = fx.story("Missing initiative", Status::New, None);
        let c = fx.story("Deleted sprint", Status::New, None);
        let d = fx.story("Missing sprint", Status::New, None);
        fx.run(Command::DeleteInitiative { id: r });
        fx.run(Command::DeleteSprint { id: s });
        fx.raw(a).initiative = Some(r);
        fx.raw(b).initiative = Some(Uuid::from_u128(7));
        fx.raw(c).sprint = Some(s);
        fx.raw(d).sprint = Some(Uuid::from_u128(8));

        let report = fx.check();
        assert_eq!(
            problems(&report),
            vec![
                ("BL-1".to_owned(), Problem::InitiativeDeleted),
                ("BL-2".to_owned(), Problem::InitiativeMissing),
                ("BL-3".to_owned(), Problem::SprintDeleted),
                ("BL-4".to_owned(), Problem::SprintMissing),
            ]
        );
        assert_eq!(
            report.broken[0].message,
            "BL-1: initiative R1 is deleted; clear it with `backlog edit BL-1 --initiative none`"
        );
        assert_eq!(
            report.broken[2].message,
            "BL-3: sprint \"Gone sprint\" is deleted; clear it with `backlog edit BL-3 --sprint none`"
        );
        // A story pointing at a deleted initiative is broken, not unlinked.
        assert_eq!(ids(&report.unlinked_stories), vec![c, d]);

        // Following the advice repairs it.
        for id in [a, b] {
            fx.edit(id, ItemPatch { initiative: Some(None), ..Default::default() });
        }
        for id in [c, d] {
            fx.edit(id, ItemPatch { sprint: Some(None), ..Default::default() });
        }
        assert!(!fx.check().has_broken_links());
    }

    #[test]
    fn initiatives_pointing_at_missing_or_deleted_goals_are_broken() {
        let mut fx = Fx::new();
        let g = fx.goal("G");
        let r = fx.initiative("R", Horizon::Now, &[g]);
        let pos = fx.ws.goals.iter().position(|x| x.meta.id == g).unwrap();
        fx.ws.goals[pos].meta.deleted_at = Some(fx.ctx.now);
        let ri = fx.ws.roadmap.iter().position(|x| x.meta.id == r).unwrap();
        fx.ws.roadmap[ri].goals.push(Uuid::from_u128(9));
        let report = fx.check();
        assert_eq!(
            problems(&report),
            vec![("R1".to_owned(), Problem::GoalMissing), ("R1".to_owned(), Problem::GoalDeleted)]
        );
        assert_eq!(report.broken[1].entity, "initiative");
        assert_eq!(report.broken[1].target, Some(g));
        assert!(report.broken[1].message.starts_with("R1: goal G1 is deleted;"));
    }

    #[test]
    fn two_active_sprints_are_broken() {
        let mut fx = Fx::new();
        let s1 = fx.sprint("S1");
        let s2 = fx.sprint("S2");
        fx.run(Command::StartSprint { id: s1 });
        let pos = fx.ws.sprints.iter().position(|s| s.meta.id == s2).unwrap();
        fx.ws.sprints[pos].state = SprintState::Active;
        fx.ws.sprints[pos].started_at = Some(fx.ctx.now + Duration::hours(1));
        let report = fx.check();
        assert_eq!(problems(&report), vec![("S2".to_owned(), Problem::SeveralActiveSprints)]);
        assert_eq!(report.broken[0].entity, "sprint");
        assert_eq!(report.broken[0].target, Some(s1));
        assert!(report.broken[0].message.contains("backlog sprint close \"S2\""));
    }

    #[test]
    fn duplicate_keys_among_live_items_are_broken() {
        let mut fx = Fx::new();
        let a = fx.story("First", Status::New, None);
        let b = fx.story("Second", Status::New, None);
        let c = fx.story("Third", Status::New, None);
        let d = fx.story("Deleted", Status::New, None);
        fx.run(Command::DeleteItem { id: d });
        // A merge gave the newer items the same key as the first one.
        fx.raw(c).key = "bl-1".into();
        fx.raw(b).key = "BL-1".into();
        fx.raw(d).key = "BL-1".into();
        fx.ws.reindex();
        let report = fx.check();
        assert_eq!(
            report.broken.iter().map(|x| (x.id, x.problem, x.target)).collect::<Vec<_>>(),
            vec![(b, Problem::DuplicateKey, Some(a)), (c, Problem::DuplicateKey, Some(a)),]
        );
        // next_key is 5: the suggestions are fresh keys from there.
        assert!(report.broken[0].message.contains("to BL-5 "), "{}", report.broken[0].message);
        assert!(report.broken[1].message.contains("to BL-6 "), "{}", report.broken[1].message);
        assert!(report.broken[1].message.contains("next_key to 7"));
    }

    #[test]
    fn a_key_counter_behind_the_keys_in_use_is_broken() {
        let mut fx = Fx::new();
        fx.story("One", Status::New, None);
        let two = fx.story("Two", Status::New, None);
        assert!(!fx.check().has_broken_links());
        fx.run(Command::DeleteItem { id: two });
        // Deleted keys count: handing out BL-2 again would reuse a key.
        fx.ws.workspace.next_key = 2;
        let report = fx.check();
        assert_eq!(problems(&report), vec![("BL-2".to_owned(), Problem::NextKeyBehind)]);
        assert!(report.broken[0].message.starts_with("BL-2 (deleted): workspace.next_key is 2"));
        assert!(report.broken[0].message.contains("set workspace.next_key to 3"));
    }

    #[test]
    fn invalid_rank_keys_are_broken() {
        let mut fx = Fx::new();
        let a = fx.story("A", Status::New, None);
        let r = fx.initiative("R", Horizon::Now, &[]);
        fx.raw(a).rank = "a00".into();
        let ri = fx.ws.roadmap.iter().position(|x| x.meta.id == r).unwrap();
        fx.ws.roadmap[ri].rank = "!".into();
        let report = fx.check();
        assert_eq!(
            problems(&report),
            vec![("BL-1".to_owned(), Problem::InvalidRank), ("R1".to_owned(), Problem::InvalidRank)]
        );
        assert!(report.broken[0].message.contains("backlog rank BL-1 --top"));
        // The advice works.
        fx.run(Command::RankItem { id: a, to: crate::domain::Position::Top });
        assert_eq!(problems(&fx.check()), vec![("R1".to_owned(), Problem::InvalidRank)]);
    }

    #[test]
    fn broken_links_are_sorted_by_entity_then_key_number() {
        let mut fx = Fx::new();
        let mut items = Vec::new();
        for n in 0..11 {
            items.push(fx.story(&format!("S{n}"), Status::New, None));
        }
        for &id in items.iter().rev() {
            fx.raw(id).sprint = Some(Uuid::from_u128(5));
        }
        let report = fx.check();
        let keys: Vec<String> = report.broken.iter().map(|b| b.key.clone()).collect();
        let want: Vec<String> = (1..=11).map(|n| format!("BL-{n}")).collect();
        assert_eq!(keys, want);
    }

    #[test]
    fn the_report_serializes_for_json_output() {
        let mut fx = Fx::new();
        let a = fx.story("A", Status::New, None);
        fx.raw(a).parent = Some(Uuid::from_u128(3));
        let v = serde_json::to_value(fx.check()).unwrap();
        assert_eq!(v["broken"][0]["problem"], "parent_missing");
        assert_eq!(v["broken"][0]["key"], "BL-1");
        assert_eq!(v["unlinked_stories"][0]["key"], "BL-1");
        assert_eq!(v["sprint_trace"], serde_json::Value::Null);
    }

    /// 100k items: the check must stay linear. In a debug build this takes
    /// a fraction of a second; a quadratic rule would take minutes.
    #[test]
    fn checks_a_hundred_thousand_items_quickly() {
        let mut fx = Fx::new();
        let g = fx.goal("G");
        let r = fx.initiative("R", Horizon::Now, &[g]);
        let s = fx.sprint("S1");
        let epic = fx.item("Epic", ItemKind::Epic, Status::New);
        fx.edit(epic, ItemPatch { initiative: Some(Some(r)), ..Default::default() });
        let template = fx.ws.item(epic).unwrap().clone();
        let ranks = rank::sequence(Some(&template.rank), 100_000).unwrap();
        let base = fx.ws.items.len() as u64 + 1;
        for (n, rank) in ranks.into_iter().enumerate() {
            let n = n as u64;
            let mut item = template.clone();
            item.meta.id = Uuid::from_u128(u128::from(n) + (1 << 100));
            item.key = format!("BL-{}", base + n);
            item.kind = ItemKind::Story;
            item.rank = rank;
            item.estimate = Some(1);
            item.status = if n.is_multiple_of(10) { Status::Ready } else { Status::New };
            item.initiative = None;
            item.parent = n.is_multiple_of(2).then_some(epic);
            item.sprint = n.is_multiple_of(100).then_some(s);
            fx.ws.items.push(item);
        }
        fx.ws.workspace.next_key = base + 100_000;
        fx.ws.reindex();
        fx.run(Command::StartSprint { id: s });

        let started = std::time::Instant::now();
        let report = fx.check();
        let took = started.elapsed();
        assert!(took < std::time::Duration::from_secs(10), "check took {took:?}");
        assert!(!report.has_broken_links(), "{:?}", report.broken.first());
        assert_eq!(report.unlinked_stories.len(), 50_000);
        let trace = report.sprint_trace.expect("active");
        assert_eq!((trace.traced_points, trace.total_points), (1_000, 1_000));
        assert!(report.now_without_ready.is_empty());
    }
}
