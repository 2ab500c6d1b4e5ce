//! backlog's own export (`backlog export backlog --format json`): every
//! field comes back, links by key and sprint name.

use super::record::Record;
use super::{ColumnUse, ImportError, Parsed};
use crate::domain::item::Item;
use crate::store::export::backlog::{MARK, SprintOut};
use serde_json::Value;
use std::path::Path;

const EXPECTED: &str = "the JSON `backlog export backlog --format json` writes (an object with \"backlog_export\", \"sprints\" and \"items\")";

pub fn looks_like(text: &str) -> bool {
    let head: String = text.chars().take(200).collect();
    head.contains(&format!("\"{MARK}\""))
}

pub fn read(path: &Path, text: &str) -> Result<Parsed, ImportError> {
    let err = |detail: String| ImportError::Json { path: path.to_owned(), detail, expected: EXPECTED };
    let mut v: Value =
        serde_json::from_str(text).map_err(|e| err(format!("line {}, column {}: {e}", e.line(), e.column())))?;
    if v.get(MARK).and_then(Value::as_u64) != Some(1) {
        return Err(err(format!("no \"{MARK}\": 1 at the top")));
    }
    let sprints: Vec<SprintOut> =
        serde_json::from_value(v.get_mut("sprints").map(Value::take).unwrap_or(Value::Array(vec![])))
            .map_err(|e| err(format!("sprints: {e}")))?;
    let Some(Value::Array(items)) = v.get_mut("items").map(Value::take) else {
        return Err(err("no \"items\" list".into()));
    };
    let mut records = Vec::with_capacity(items.len());
    for (n, mut raw) in items.into_iter().enumerate() {
        let Some(o) = raw.as_object_mut() else { return Err(err(format!("items[{n}] is not an object"))) };
        let mut take = |k: &str| o.remove(k).and_then(|v| v.as_str().map(str::to_owned));
        let (parent, sprint, _initiative) = (take("parent_key"), take("sprint_name"), take("initiative_key"));
        // Blocks links by key: ids mean nothing in another workspace.
        let blocks: Vec<String> = match o.remove("blocks_keys") {
            Some(Value::Array(keys)) => keys.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => Vec::new(),
        };
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
            story: item.story.clone(),
            criteria: item.acceptance_criteria.clone(),
            scoring: item.scoring.clone(),
            external: item.external.clone(),
            assignees: item.assignee.clone().into_iter().collect(),
            comments: item.comments.clone(),
            links: blocks.into_iter().map(|k| ("blocks".to_owned(), k)).collect(),
            ..Record::default()
        });
    }
    let used = |c: &str, f: &str| ColumnUse { column: c.into(), field: f.into(), columns: 1 };
    let mapping = vec![
        used("items[*]", "every item field"),
        used("parent_key", "parent epic"),
        used("sprint_name", "sprint"),
        used("blocks_keys", "blocks links"),
    ];
    Ok(Parsed {
        records,
        has_key: false,
        mapping: (mapping, Vec::new()),
        system: "backlog",
        no_external_refs: true,
        sprints,
    })
}
