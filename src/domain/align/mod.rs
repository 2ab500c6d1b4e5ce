//! Is execution still aligned with strategy, and does every link in the
//! file still point somewhere? [`check`] answers both in one pass over the
//! workspace; `backlog check` prints the [`Report`] (and exits non-zero when
//! [`Report::has_broken_links`]), the TUI shows it too.
//!
//! The rules, and the choices behind them:
//!
//! - An item's *initiative* is its own `initiative` link or, when it has
//!   none, the initiative of its parent epic (if that parent is a live epic):
//!   [`Workspace::initiative_of`], the rule the roadmap's progress counts by
//!   too. A dangling own link is not replaced by the parent's: it is
//!   reported as broken instead.
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
//!   that are not valid order keys; an item's `release` naming a missing or
//!   deleted release; two live releases (or team members) with one name in
//!   any case, which `--release NAME` and assignees could not tell apart; a
//!   WIP limit on a column the board does not have, or of zero.
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
    BlocksMissing,
    BlocksDeleted,
    BlockCycle,
    ReleaseMissing,
    ReleaseDeleted,
    DuplicateName,
    UnknownWipColumn,
    ZeroWipLimit,
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
        let initiative = ws.initiative_of(item);
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
    block_cycles(ws, &mut broken);
    names_and_limits(ws, &mut broken);
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
        positions.into_iter().map(|p| &*ws.items[p]).collect()
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
    if let Some(r) = item.release {
        let clear = format!("clear it with `backlog edit {key} --release none`");
        match ws.release(r) {
            None => flag(Problem::ReleaseMissing, Some(r), format!("{key}: release {r} does not exist; {clear}")),
            Some(rel) if !rel.is_live() => {
                flag(Problem::ReleaseDeleted, Some(r), format!("{key}: release {:?} is deleted; {clear}", rel.name))
            }
            Some(_) => {}
        }
    }
    for &b in &item.blocks {
        let remove = |target: &str| format!("remove it with `backlog link {key} --blocks {target} --remove`");
        match ws.item(b) {
            None => flag(
                Problem::BlocksMissing,
                Some(b),
                format!("{key}: blocks {b}, which does not exist; {}", remove(&b.to_string())),
            ),
            Some(t) if !t.is_live() => flag(
                Problem::BlocksDeleted,
                Some(b),
                format!("{key}: blocks {}, which is deleted; {}", t.key, remove(&t.key)),
            ),
            Some(_) => {}
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

/// Release and team names are how people name them (`--release 2.1`, an
/// assignee), so two live ones with one name are broken; WIP limits must
/// name a board column and allow at least one item.
fn names_and_limits(ws: &Workspace, broken: &mut Vec<BrokenLink>) {
    let mut twice = |entity: &'static str, all: Vec<(Uuid, &str)>, fix: &dyn Fn(&str) -> String| {
        let mut seen: HashMap<String, Uuid> = HashMap::new();
        for (id, name) in all {
            match seen.entry(name.to_lowercase()) {
                hash_map::Entry::Vacant(v) => {
                    v.insert(id);
                }
                hash_map::Entry::Occupied(first) => broken.push(BrokenLink {
                    entity,
                    id,
                    key: name.to_owned(),
                    problem: Problem::DuplicateName,
                    target: Some(*first.get()),
                    message: format!("{entity} {name:?} has the name of another; {}", fix(name)),
                }),
            }
        }
    };
    let mut releases: Vec<(Uuid, &str)> = ws.live_releases().map(|r| (r.meta.id, r.name.as_str())).collect();
    releases.sort_by_key(|(id, _)| *id);
    twice("release", releases, &|n| format!("rename one with `backlog release edit {n:?} --name NEW`"));
    let mut team: Vec<(Uuid, &str)> = ws.live_members().map(|m| (m.meta.id, m.name.as_str())).collect();
    team.sort_by_key(|(id, _)| *id);
    twice("member", team, &|n| format!("rename one with `backlog team edit {n:?} --name NEW`"));
    for (column, limit) in &ws.settings.wip_limits {
        let lift = format!("lift it with `backlog settings set --wip {column}=none`");
        let (problem, message) = if !super::board::BOARD.iter().any(|c| c.1 == column) {
            let known = super::board::slugs();
            (
                Problem::UnknownWipColumn,
                format!("WIP limit on {column:?}, which is not a board column ({known}); {lift}"),
            )
        } else if *limit == 0 {
            (Problem::ZeroWipLimit, format!("WIP limit of 0 on {column}: no item could ever enter it; {lift}"))
        } else {
            continue;
        };
        broken.push(BrokenLink {
            entity: "settings",
            id: Uuid::nil(),
            key: column.clone(),
            problem,
            target: None,
            message,
        });
    }
}

/// Items that block each other round a circle: none of them could ever
/// finish. One report per circle, on its first item by key.
fn block_cycles(ws: &Workspace, broken: &mut Vec<BrokenLink>) {
    for circle in crate::domain::ready::circles(ws) {
        let items: Vec<&Item> = circle.iter().filter_map(|id| ws.item(*id)).collect();
        report_cycle(&items, broken);
    }
}

fn report_cycle(circle: &[&Item], broken: &mut Vec<BrokenLink>) {
    let Some(first) = circle.iter().min_by_key(|i| key_order(&i.key)) else { return };
    let at = circle.iter().position(|i| i.key == first.key).unwrap_or(0);
    let keys: Vec<&str> = circle[at..].iter().chain(&circle[..at]).map(|i| i.key.as_str()).collect();
    let last = keys.last().copied().unwrap_or_default();
    broken.push(BrokenLink {
        entity: "item",
        id: first.meta.id,
        key: first.key.clone(),
        problem: Problem::BlockCycle,
        target: None,
        message: format!(
            "{} → {} block each other in a circle, so none can finish; break it with \
             `backlog link {last} --blocks {} --remove`",
            keys.join(" → "),
            first.key,
            first.key
        ),
    });
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
                let mut g: Vec<&Item> = std::iter::once(first).chain(rest).map(|p| &*ws.items[p]).collect();
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
mod tests;
