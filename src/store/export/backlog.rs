//! The backlog itself, leaving: JSON that `backlog import` reads back with
//! every field, and Markdown with imported text escaped. CSV with Jira's
//! headers is [`super::jira_csv`].

use super::{block, line};
use crate::domain::entity::{Extra, Meta};
use crate::domain::item::{Item, ItemKind, Status};
use crate::domain::release::Release;
use crate::domain::sprint::{Sprint, SprintEvent, SprintReview, SprintState};
use crate::domain::strategy::{Goal, Horizon, Initiative, Vision};
use crate::domain::team::Member;
use crate::domain::workspace::Workspace;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashSet;
use std::fmt::Write;
use uuid::Uuid;

/// What marks a JSON file as a backlog export (and its version: the shape
/// only grows, so a reader ignores fields it does not know).
pub const MARK: &str = "backlog_export";

/// The export: the items with everything they link to, so that importing
/// it into an empty workspace with the same prefix gives the same backlog,
/// sprints (history and reviews included), releases, team, roadmap, goals
/// and vision.
/// Entities are as stored (ids, owner, times); links are named by key and
/// by name as well as by id, since ids mean nothing in another workspace.
#[derive(Debug, Clone, Serialize)]
pub struct BacklogOut<'a> {
    pub backlog_export: u32,
    pub workspace: &'a str,
    pub key_prefix: &'a str,
    pub point_scale: &'a [u32],
    /// The strategy goes whole, whatever the items were filtered by.
    pub vision: &'a Vision,
    pub goals: Vec<&'a Goal>,
    /// In roadmap order: now, next, later, each by rank.
    pub roadmap: Vec<InitiativeOut<'a>>,
    pub sprints: Vec<SprintOut<'a>>,
    /// Every live release, by target (items name theirs by name).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub releases: Vec<&'a Release>,
    /// The team (assignees name them; sprints plan with their capacity).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<&'a Member>,
    pub items: Vec<ItemOut<'a>>,
}

/// An initiative as stored, with its goals by key.
#[derive(Debug, Clone, Serialize)]
pub struct InitiativeOut<'a> {
    #[serde(flatten)]
    pub initiative: &'a Initiative,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub goal_keys: Vec<&'a str>,
}

/// A sprint as stored, its history and review naming items by key too.
#[derive(Debug, Clone, Serialize)]
pub struct SprintOut<'a> {
    #[serde(flatten)]
    pub meta: &'a Meta,
    pub name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub goal: &'a str,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    pub state: SprintState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<EventOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewOut<'a>>,
    #[serde(flatten)]
    pub extra: &'a Extra,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventOut<'a> {
    #[serde(flatten)]
    pub event: &'a SprintEvent,
    /// The item's key (none if the workspace no longer has the item).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_key: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewOut<'a> {
    #[serde(flatten)]
    pub review: &'a SprintReview,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub returned_keys: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub carried_over_keys: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carried_to_name: Option<&'a str>,
}

/// An item as stored, with its links by name as well as by id.
#[derive(Debug, Clone, Serialize)]
pub struct ItemOut<'a> {
    #[serde(flatten)]
    pub item: &'a Item,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sprint_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initiative_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release_name: Option<&'a str>,
    /// The items this one blocks, by key.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocks_keys: Vec<&'a str>,
}

/// `items` (already filtered and ordered) with the sprints they were or
/// are in (every sprint when no item was left out) and the strategy.
pub fn json<'a>(ws: &'a Workspace, items: &[&'a Item]) -> BacklogOut<'a> {
    let key = |id: &Uuid| ws.item(*id).map(|i| i.key.as_str());
    let whole = items.len() == ws.live_items().count();
    let chosen: HashSet<Uuid> = items.iter().map(|i| i.meta.id).collect();
    let names_one = |s: &Sprint| {
        items.iter().any(|i| i.sprint == Some(s.meta.id))
            || s.history.iter().any(|e| chosen.contains(&e.item))
            || s.review.as_ref().is_some_and(|r| r.returned.iter().chain(&r.carried_over).any(|i| chosen.contains(i)))
    };
    let mut sprints: Vec<&Sprint> = ws.live_sprints().filter(|s| whole || names_one(s)).collect();
    sprints.sort_by_key(|s| (s.start, s.meta.id));
    let sprints = sprints
        .into_iter()
        .map(|s| SprintOut {
            meta: &s.meta,
            name: &s.name,
            goal: &s.goal,
            start: s.start,
            end: s.end,
            capacity: s.capacity,
            state: s.state,
            started_at: s.started_at,
            history: s.history.iter().map(|e| EventOut { event: e, item_key: key(&e.item) }).collect(),
            review: s.review.as_ref().map(|r| ReviewOut {
                review: r,
                returned_keys: r.returned.iter().filter_map(key).collect(),
                carried_over_keys: r.carried_over.iter().filter_map(key).collect(),
                carried_to_name: r.carried_to.and_then(|t| ws.sprint(t)).map(|t| t.name.as_str()),
            }),
            extra: &s.extra,
        })
        .collect();
    let goal_key = |id: &Uuid| ws.goal(*id).map(|g| g.key.as_str());
    let roadmap = Horizon::ALL
        .iter()
        .flat_map(|h| ws.ranked_initiatives(*h))
        .map(|i| InitiativeOut { initiative: i, goal_keys: i.goals.iter().filter_map(goal_key).collect() })
        .collect();
    BacklogOut {
        backlog_export: 1,
        workspace: &ws.workspace.name,
        key_prefix: &ws.workspace.key_prefix,
        point_scale: &ws.settings.point_scale,
        vision: &ws.vision,
        goals: ws.live_goals().collect(),
        roadmap,
        sprints,
        releases: ws.ordered_releases(),
        team: ws.live_members().collect(),
        items: items
            .iter()
            .map(|i| ItemOut {
                item: i,
                parent_key: i.parent.and_then(|p| ws.item(p)).map(|p| p.key.as_str()),
                sprint_name: i.sprint.and_then(|s| ws.sprint(s)).map(|s| s.name.as_str()),
                initiative_key: i.initiative.and_then(|x| ws.initiative(x)).map(|x| x.key.as_str()),
                release_name: i.release.and_then(|r| ws.release(r)).map(|r| r.name.as_str()),
                blocks_keys: i
                    .blocks
                    .iter()
                    .filter_map(|b| ws.item(*b))
                    .filter(|b| b.is_live())
                    .map(|b| b.key.as_str())
                    .collect(),
            })
            .collect(),
    }
}

/// Jira's name for a kind.
pub fn jira_type(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Story => "Story",
        ItemKind::Bug => "Bug",
        ItemKind::Spike => "Spike",
        ItemKind::Task => "Task",
        ItemKind::TechDebt => "Tech Debt",
        ItemKind::Epic => "Epic",
    }
}

/// Jira's name for a status (the importer reads each back).
pub fn jira_status(s: Status) -> &'static str {
    match s {
        Status::New => "To Do",
        Status::Refined => "Refined",
        Status::Ready => "Selected for Development",
        Status::InProgress => "In Progress",
        Status::Review => "In Review",
        Status::Done => "Done",
        Status::Dropped => "Won't Do",
    }
}

/// Markdown: a table of the items, then each description.
pub fn md(ws: &Workspace, items: &[&Item]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} backlog\n", line(&ws.workspace.name));
    out.push_str("| Key | Kind | Status | Points | Sprint | Title |\n|---|---|---|---:|---|---|\n");
    for i in items {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            line(&i.key),
            i.kind,
            i.status.as_str().replace('_', " "),
            i.estimate.map(|e| e.to_string()).unwrap_or_default(),
            i.sprint.and_then(|s| ws.sprint(s)).map(|s| line(&s.name)).unwrap_or_default(),
            line(&i.title)
        );
    }
    for i in items.iter().filter(|i| !i.description.is_empty() || !i.acceptance_criteria.is_empty()) {
        let _ = writeln!(out, "\n## {} {}\n", line(&i.key), line(&i.title));
        if !i.labels.is_empty() {
            let labels: Vec<String> = i.labels.iter().map(|l| line(l)).collect();
            let _ = writeln!(out, "Labels: {}\n", labels.join(", "));
        }
        if !i.description.is_empty() {
            let _ = writeln!(out, "{}\n", block(&i.description));
        }
        for c in &i.acceptance_criteria {
            let _ = writeln!(out, "- [{}] {}", if c.met { "x" } else { " " }, line(&c.text));
        }
    }
    out
}
