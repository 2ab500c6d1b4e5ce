//! Jira's CSV, in both shapes: the dataset shape
//! (`issuekey,title,description,storypoint`) and the "export all fields"
//! CSV of Jira Cloud and Data Center, which repeats a header once per value
//! (`Labels`, `Sprint`, `Comment`, `Outward issue link (Blocks)`, …).
//! Our own CSV export is the second shape with a few columns of ours (the
//! story triple, acceptance criteria, source keys) and a `'` before cells a
//! spreadsheet would run as formulas, which is taken off again here.

use super::record::{Record, date_into, kind_for, parse_points};
use super::source::Table;
use super::{Mapping, Parsed};
use crate::domain::item::Story;
use crate::store::export::jira_csv::{self, read_criteria, read_source, unguard};
use std::collections::HashMap;

const KEY: &[&str] = &["Issue key", "issuekey", "Key"];
const ID: &[&str] = &["Issue id", "issueid"];
const TITLE: &[&str] = &["Summary", "title"];
const DESCRIPTION: &[&str] = &["Description"];
const TYPE: &[&str] = &["Issue Type", "issuetype"];
const STATUS: &[&str] = &["Status"];
const LABELS: &[&str] = &["Labels"];
const SPRINT: &[&str] = &["Sprint"];
const PARENT_KEY: &[&str] = &["Parent key", "Custom field (Epic Link)", "Epic Link"];
const PARENT_ID: &[&str] = &["Parent id", "Parent"];
const POINTS: &[&str] = &[
    "Custom field (Story Points)",
    "Custom field (Story point estimate)",
    "Story Points",
    "Story point estimate",
    "storypoint",
];
const CREATED: &[&str] = &["Created"];
const UPDATED: &[&str] = &["Updated"];
const RESOLVED: &[&str] = &["Resolved"];
const RANK: &[&str] = &["Rank", "Custom field (Rank)"];
const PRIORITY: &[&str] = &["Priority"];
const ASSIGNEE: &[&str] = &["Assignee"];
const FIX_VERSIONS: &[&str] = &["Fix Version/s", "Fix versions"];
const COMPONENTS: &[&str] = &["Component/s", "Components"];
const COMMENTS: &[&str] = &["Comment", "Comments"];
const AS_A: &[&str] = &[jira_csv::AS_A];
const I_WANT: &[&str] = &[jira_csv::I_WANT];
const SO_THAT: &[&str] = &[jira_csv::SO_THAT];
const CRITERIA: &[&str] = &[jira_csv::CRITERIA, "Custom field (Acceptance Criteria)"];
const SOURCE_KEY: &[&str] = &[jira_csv::SOURCE_KEY];
const SOURCE_URL: &[&str] = &[jira_csv::SOURCE_URL];

/// True when the header has a title column Jira's exports use.
pub fn looks_like(t: &Table) -> bool {
    t.column(TITLE).is_some()
}

/// The relation a Jira link column holds, as a label prefix:
/// `Outward issue link (Blocks)` -> `blocks`, inward -> `blocked by`.
fn link_relation(header: &str) -> Option<String> {
    let lower = header.to_ascii_lowercase();
    let (dir, rest) = if let Some(r) = lower.strip_prefix("outward issue link (") {
        ("out", r)
    } else if let Some(r) = lower.strip_prefix("inward issue link (") {
        ("in", r)
    } else {
        return None;
    };
    let name = rest.trim_end_matches(')').trim();
    Some(
        match (dir, name) {
            ("out", "blocks") => "blocks",
            ("in", "blocks") => "blocked by",
            ("out", "cloners") => "clones",
            ("in", "cloners") => "cloned by",
            ("out", "duplicate") => "duplicates",
            ("in", "duplicate") => "duplicated by",
            (_, "relates") => "relates to",
            ("out", other) => return Some(other.to_owned()),
            (_, other) => return Some(format!("{other} inward")),
        }
        .to_owned(),
    )
}

/// Reads the table's rows into records, consuming them: each row is freed
/// as its record is made, so the memory the rows held is reused for the
/// records instead of both being held at once (hundreds of megabytes in a
/// big export).
pub fn read(mut t: Table) -> Parsed {
    let t = &mut t;
    let mut map = Mapping::new(t);
    let key = map.one(t, KEY, "external key");
    let id = map.one(t, ID, "parent lookup (issue id)");
    let title = map.one(t, TITLE, "title");
    let description = map.one(t, DESCRIPTION, "description");
    let kind = map.one(t, TYPE, "kind");
    let status = map.one(t, STATUS, "status");
    let labels = map.all(t, LABELS, "labels");
    let sprints = map.all(t, SPRINT, "sprint");
    let parent_key = map.all(t, PARENT_KEY, "parent epic");
    let parent_id = map.all(t, PARENT_ID, "parent epic");
    let points = map.all(t, POINTS, "estimate");
    let created = map.one(t, CREATED, "created_at");
    let updated = map.one(t, UPDATED, "source updated time");
    let resolved = map.one(t, RESOLVED, "source resolved time");
    let rank = map.one(t, RANK, "rank (order)");
    let priority = map.one(t, PRIORITY, "label priority:…");
    let assignee = map.one(t, ASSIGNEE, "assignee");
    let fix = map.all(t, FIX_VERSIONS, "label fixversion:…");
    let comps = map.all(t, COMPONENTS, "label component:…");
    let comments = map.all(t, COMMENTS, "comments");
    let story =
        [map.one(t, AS_A, "story: as a"), map.one(t, I_WANT, "story: I want"), map.one(t, SO_THAT, "story: so that")];
    let criteria = map.one(t, CRITERIA, "acceptance criteria");
    let source_keys = map.all(t, SOURCE_KEY, "external reference");
    let source_urls = map.all(t, SOURCE_URL, "external reference URL");
    let links: Vec<(usize, String)> =
        (0..t.headers.len()).filter_map(|i| link_relation(&t.headers[i]).map(|r| (i, r))).collect();
    for (i, r) in &links {
        let to = if matches!(r.as_str(), "blocks" | "blocked by") {
            format!("{r} link")
        } else {
            format!("label {}:KEY", r.replace(' ', "-"))
        };
        map.used(*i, &to);
    }
    // Jira's "Parent" holds the parent's issue id; keys are found by id.
    let ids: HashMap<String, String> = match (id, key) {
        (Some(i), Some(k)) if !parent_id.is_empty() => {
            t.rows.iter().map(|r| (r.get(i).trim().to_owned(), r.get(k).trim().to_owned())).collect()
        }
        _ => HashMap::new(),
    };
    let mapping = map.finish(t);
    // Every cell as the text it was: without the formula guard of our own
    // export (a no-op on other files but for cells that begin `'=`, `''`…).
    fn get(r: &super::source::Row, c: Option<usize>) -> &str {
        c.map_or("", |c| unguard(r.get(c)))
    }
    let all = |r: &super::source::Row, cs: &[usize]| -> Vec<String> {
        cs.iter().map(|&c| unguard(r.get(c)).trim()).filter(|v| !v.is_empty()).map(str::to_owned).collect()
    };
    let records = std::mem::take(&mut t.rows)
        .into_iter()
        .map(|r| {
            let r = &r;
            let mut rec = Record {
                line: r.line,
                key: get(r, key).trim().to_owned(),
                title: get(r, title).to_owned(),
                description: get(r, description).to_owned(),
                status: Some(get(r, status).trim().to_owned()).filter(|s| !s.is_empty()),
                labels: all(r, &labels),
                sprints: all(r, &sprints),
                points: points.iter().find_map(|&c| parse_points(r.get(c))),
                rank: Some(get(r, rank).trim().to_owned()).filter(|s| !s.is_empty()),
                priority: Some(get(r, priority).trim().to_owned()).filter(|s| !s.is_empty()),
                assignees: all(r, assignee.as_slice()),
                components: all(r, &comps),
                fix_versions: all(r, &fix),
                ..Record::default()
            };
            let t = get(r, kind).trim();
            if !t.is_empty() {
                let (k, odd) = kind_for(t);
                rec.kind = Some(k);
                if odd {
                    super::record::keep::source_type(&mut rec.labels, t);
                }
            }
            if rec.points.is_none() {
                rec.odd_points = super::record::odd_points(points.iter().map(|&c| r.get(c)));
            }
            rec.parent = parent_key
                .iter()
                .map(|&c| unguard(r.get(c)).trim())
                .find(|v| !v.is_empty())
                .or_else(|| {
                    parent_id
                        .iter()
                        .map(|&c| unguard(r.get(c)).trim())
                        .find(|v| !v.is_empty())
                        .map(|v| ids.get(v).map_or(v, String::as_str))
                })
                .map(str::to_owned);
            date_into(&mut rec.created, &mut rec.odd_dates, get(r, created));
            date_into(&mut rec.updated, &mut rec.odd_dates, get(r, updated));
            date_into(&mut rec.resolved, &mut rec.odd_dates, get(r, resolved));
            let dated = rec.created.or(rec.updated);
            rec.comments = all(r, &comments).iter().map(|c| super::record::jira_comment(c, dated)).collect();
            let [as_a, i_want, so_that] = story.map(|c| get(r, c).to_owned());
            if [&as_a, &i_want, &so_that].iter().any(|s| !s.trim().is_empty()) {
                rec.story = Some(Story { as_a, i_want, so_that, extra: Default::default() });
            }
            rec.criteria = read_criteria(get(r, criteria));
            for (n, &c) in source_keys.iter().enumerate() {
                let url = source_urls.get(n).map_or("", |&u| unguard(r.get(u)));
                rec.external.extend(read_source(unguard(r.get(c)), url));
            }
            for (c, rel) in &links {
                for k in unguard(r.get(*c)).split([',', ' ']).map(str::trim).filter(|k| !k.is_empty()) {
                    rec.links.push((rel.clone(), k.to_owned()));
                }
            }
            rec
        })
        .collect();
    // Jira Server writes the whole sprint into its cells: names and dates.
    let mut records: Vec<Record> = records;
    let sprints = super::sprints::jira_cells(&mut records);
    Parsed { records, has_key: key.is_some(), mapping, system: "jira", sprints, ..Parsed::default() }
}
