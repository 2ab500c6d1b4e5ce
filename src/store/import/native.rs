//! backlog's own export (`backlog export backlog --format json`): every
//! field comes back, links by key and sprint name, with the sprints' history
//! and reviews, the roadmap, the goals and the vision.

use super::record::Record;
use super::sprints::{Kept, KeptReview, SprintSpec};
use super::strategy::Strategy;
use super::{ColumnUse, ImportError, Parsed};
use crate::domain::item::Item;
use crate::domain::sprint::{SprintEvent, SprintReview, SprintState};
use crate::domain::strategy::{Goal, Initiative, Vision};
use crate::store::export::backlog::MARK;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;
use uuid::Uuid;

const EXPECTED: &str = "the JSON `backlog export backlog --format json` writes (an object with \"backlog_export\", \"sprints\" and \"items\")";

pub fn looks_like(text: &str) -> bool {
    let head: String = text.chars().take(200).collect();
    head.contains(&format!("\"{MARK}\""))
}

/// A sprint as exports write it; those before history was exported have
/// only the plan (no `id`, no history).
#[derive(Deserialize)]
struct SprintIn {
    #[serde(default)]
    id: Option<Uuid>,
    name: String,
    #[serde(default)]
    goal: String,
    start: NaiveDate,
    end: NaiveDate,
    #[serde(default)]
    capacity: Option<u32>,
    state: SprintState,
    #[serde(default)]
    started_at: Option<DateTime<Utc>>,
    #[serde(default)]
    history: Vec<SprintEvent>,
    #[serde(default)]
    review: Option<SprintReview>,
}

fn take_str(m: &mut crate::domain::entity::Extra, k: &str) -> Option<String> {
    m.remove(k).and_then(|v| v.as_str().map(str::to_owned))
}

fn take_strs(v: Option<Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

impl SprintIn {
    fn spec(self) -> SprintSpec {
        // Written by a version that exports history: what it says is the
        // sprint's record, even when it has none (closed elsewhere).
        let record = self.id.map(|_| {
            let history = self
                .history
                .into_iter()
                .map(|mut e| {
                    let key = take_str(&mut e.extra, "item_key");
                    (e, key)
                })
                .collect();
            let review = self.review.map(|mut r| KeptReview {
                returned: take_strs(r.extra.remove("returned_keys")),
                carried_over: take_strs(r.extra.remove("carried_over_keys")),
                carried_to: take_str(&mut r.extra, "carried_to_name"),
                review: r,
            });
            Box::new(Kept { history, review })
        });
        SprintSpec {
            name: self.name,
            goal: self.goal,
            start: Some(self.start),
            end: Some(self.end),
            capacity: self.capacity,
            state: Some(self.state),
            started_at: self.started_at,
            closed_at: None,
            record,
        }
    }
}

pub fn read(path: &Path, text: &str) -> Result<Parsed, ImportError> {
    let err = |detail: String| ImportError::Json { path: path.to_owned(), detail, expected: EXPECTED };
    let mut v: Value =
        serde_json::from_str(text).map_err(|e| err(format!("line {}, column {}: {e}", e.line(), e.column())))?;
    if v.get(MARK).and_then(Value::as_u64) != Some(1) {
        return Err(err(format!("no \"{MARK}\": 1 at the top")));
    }
    let mut take = |k: &str| v.get_mut(k).map(Value::take).filter(|v| !v.is_null());
    let list = |v: Option<Value>| match v {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    let (vision, goals, roadmap, sprints) = (take("vision"), take("goals"), take("roadmap"), take("sprints"));
    let items = take("items");
    let releases = list(take("releases"))
        .into_iter()
        .enumerate()
        .map(|(n, r)| serde_json::from_value(r).map_err(|e| err(format!("releases[{n}]: {e}"))))
        .collect::<Result<Vec<crate::domain::release::Release>, _>>()?;
    let team = list(take("team"))
        .into_iter()
        .enumerate()
        .map(|(n, m)| serde_json::from_value(m).map_err(|e| err(format!("team[{n}]: {e}"))))
        .collect::<Result<Vec<crate::domain::team::Member>, _>>()?;
    let sprints = list(sprints)
        .into_iter()
        .enumerate()
        .map(|(n, s)| {
            serde_json::from_value::<SprintIn>(s).map(SprintIn::spec).map_err(|e| err(format!("sprints[{n}]: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let vision =
        vision.map(|v| serde_json::from_value::<Vision>(v).map_err(|e| err(format!("vision: {e}")))).transpose()?;
    let goals = list(goals)
        .into_iter()
        .enumerate()
        .map(|(n, g)| serde_json::from_value::<Goal>(g).map_err(|e| err(format!("goals[{n}]: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let roadmap = list(roadmap)
        .into_iter()
        .enumerate()
        .map(|(n, mut i)| {
            let keys = take_strs(i.as_object_mut().and_then(|o| o.remove("goal_keys")));
            serde_json::from_value::<Initiative>(i).map(|i| (i, keys)).map_err(|e| err(format!("roadmap[{n}]: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let Some(Value::Array(items)) = items else {
        return Err(err("no \"items\" list".into()));
    };
    let mut records = Vec::with_capacity(items.len());
    for (n, mut raw) in items.into_iter().enumerate() {
        let Some(o) = raw.as_object_mut() else { return Err(err(format!("items[{n}] is not an object"))) };
        let mut take = |k: &str| o.remove(k).and_then(|v| v.as_str().map(str::to_owned));
        let (parent, sprint, initiative) = (take("parent_key"), take("sprint_name"), take("initiative_key"));
        let release = take("release_name");
        // Blocks links by key: ids mean nothing in another workspace.
        let blocks = take_strs(o.remove("blocks_keys"));
        o.remove("blocks");
        let item: Item = serde_json::from_value(raw).map_err(|e| err(format!("items[{n}]: {e}")))?;
        records.push(Record {
            line: n as u64 + 1,
            key: item.key.clone(),
            title: item.title.clone(),
            description: item.description.clone(),
            kind: Some(item.kind),
            status: Some(item.status.as_str().to_owned()),
            points: item.estimate.map(f64::from),
            labels: item.labels.clone(),
            sprints: sprint.into_iter().collect(),
            parent,
            created: Some(item.meta.created_at),
            rank: Some(item.rank.clone()),
            story: item.story.as_deref().cloned(),
            criteria: item.acceptance_criteria.clone(),
            scoring: (*item.scoring).clone(),
            external: item.external.clone(),
            assignees: item.assignee.clone().into_iter().collect(),
            comments: item.comments.clone(),
            links: blocks.into_iter().map(|k| ("blocks".to_owned(), k)).collect(),
            initiative,
            fix_versions: release.into_iter().collect(),
            checked: item.checked.clone(),
            owner: Some(item.meta.owner),
            ..Record::default()
        });
    }
    let used = |c: &str, f: &str| ColumnUse { column: c.into(), field: f.into(), columns: 1 };
    let mapping = vec![
        used("items[*]", "every item field"),
        used("parent_key", "parent epic"),
        used("sprint_name", "sprint"),
        used("initiative_key", "roadmap initiative"),
        used("blocks_keys", "blocks links"),
        used("release_name", "release"),
        used("releases[*]", "releases with their dates"),
        used("team[*]", "the team, its capacity and days off"),
        used("sprints[*]", "sprints with their history and review"),
        used("vision, goals, roadmap", "vision, goals and roadmap"),
    ];
    let strategy = (vision.is_some() || !goals.is_empty() || !roadmap.is_empty())
        .then(|| Box::new(Strategy { vision, goals, roadmap }));
    Ok(Parsed {
        records,
        has_key: false,
        mapping: (mapping, Vec::new()),
        system: "backlog",
        no_external_refs: true,
        sprints,
        strategy,
        releases,
        team,
    })
}
