//! The backlog itself, leaving: JSON that `backlog import` reads back with
//! every field, and Markdown with imported text escaped. CSV with Jira's
//! headers is [`super::jira_csv`].

use super::{block, line};
use crate::domain::item::{Item, ItemKind, Status};
use crate::domain::sprint::SprintState;
use crate::domain::workspace::Workspace;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// What marks a JSON file as a backlog export (and its version).
pub const MARK: &str = "backlog_export";

/// A sprint as the export carries it: enough to plan it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SprintOut {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub goal: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    pub state: SprintState,
}

/// An item as stored, with its links by name as well as by id (ids mean
/// nothing in another workspace).
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
    /// The items this one blocks, by key.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocks_keys: Vec<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BacklogOut<'a> {
    pub backlog_export: u32,
    pub workspace: &'a str,
    pub key_prefix: &'a str,
    pub point_scale: &'a [u32],
    pub sprints: Vec<SprintOut>,
    pub items: Vec<ItemOut<'a>>,
}

/// `items` (already filtered and ordered) with the sprints they use.
pub fn json<'a>(ws: &'a Workspace, items: &[&'a Item]) -> BacklogOut<'a> {
    let mut sprints: Vec<SprintOut> = Vec::new();
    for s in items.iter().filter_map(|i| i.sprint).filter_map(|s| ws.sprint(s)) {
        if !sprints.iter().any(|o| o.name == s.name) {
            sprints.push(SprintOut {
                name: s.name.clone(),
                goal: s.goal.clone(),
                start: s.start,
                end: s.end,
                capacity: s.capacity,
                state: s.state,
            });
        }
    }
    sprints.sort_by_key(|s| (s.start, s.name.clone()));
    BacklogOut {
        backlog_export: 1,
        workspace: &ws.workspace.name,
        key_prefix: &ws.workspace.key_prefix,
        point_scale: &ws.settings.point_scale,
        sprints,
        items: items
            .iter()
            .map(|i| ItemOut {
                item: i,
                parent_key: i.parent.and_then(|p| ws.item(p)).map(|p| p.key.as_str()),
                sprint_name: i.sprint.and_then(|s| ws.sprint(s)).map(|s| s.name.as_str()),
                initiative_key: i.initiative.and_then(|x| ws.initiative(x)).map(|x| x.key.as_str()),
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
