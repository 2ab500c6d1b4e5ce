//! Linear's CSV export (`ID`, `Team`, `Title`, `Description`, `Status`,
//! `Estimate`, `Priority`, `Assignee`, `Labels`, `Cycle Name`, `Parent
//! issue`, `Created`, …). Labels sit in one cell, comma-separated.

use super::record::{Record, date_into, parse_date, parse_points};
use super::source::Table;
use super::sprints::SprintSpec;
use super::{Mapping, Parsed};

/// True when the header looks like Linear's export.
pub fn looks_like(t: &Table) -> bool {
    t.column(&["ID"]).is_some()
        && t.column(&["Title"]).is_some()
        && t.column(&["Summary", "issuekey", "Issue key"]).is_none()
        && (t.column(&["Team", "Cycle Name", "Cycle Number", "Cycle", "Parent issue", "Estimate"]).is_some())
}

pub fn read(t: &Table) -> Parsed {
    let mut map = Mapping::new(t);
    let key = map.one(t, &["ID"], "external key");
    let title = map.one(t, &["Title"], "title");
    let description = map.one(t, &["Description"], "description");
    let status = map.one(t, &["Status"], "status");
    let estimate = map.one(t, &["Estimate"], "estimate");
    let labels = map.one(t, &["Labels"], "labels");
    let cycle = map.one(t, &["Cycle Name", "Cycle", "Cycle Number"], "sprint");
    let cycle_start = map.one(t, &["Cycle Start"], "sprint start");
    let cycle_end = map.one(t, &["Cycle End"], "sprint end");
    let parent = map.one(t, &["Parent issue", "Parent"], "parent epic");
    let created = map.one(t, &["Created"], "created_at");
    let updated = map.one(t, &["Updated"], "source updated time");
    let completed = map.one(t, &["Completed", "Canceled"], "source resolved time");
    let priority = map.one(t, &["Priority"], "label priority:…");
    let assignee = map.one(t, &["Assignee"], "assignee");
    fn get(r: &super::source::Row, c: Option<usize>) -> &str {
        c.map_or("", |c| r.get(c)).trim()
    }
    let mut sprints = Vec::new();
    let records = t
        .rows
        .iter()
        .map(|r| {
            let mut rec = Record {
                line: r.line,
                key: get(r, key).to_owned(),
                title: c_title(r, title),
                description: get(r, description).to_owned(),
                status: Some(get(r, status).to_owned()).filter(|s| !s.is_empty()),
                points: parse_points(get(r, estimate)),
                labels: get(r, labels).split(',').map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
                sprints: Some(get(r, cycle)).filter(|c| !c.is_empty()).map(|c| vec![c.to_owned()]).unwrap_or_default(),
                parent: Some(get(r, parent)).filter(|p| !p.is_empty()).map(str::to_owned),
                priority: Some(get(r, priority))
                    .filter(|p| !p.is_empty() && !p.eq_ignore_ascii_case("no priority"))
                    .map(str::to_owned),
                assignees: Some(get(r, assignee))
                    .filter(|a| !a.is_empty())
                    .map(|a| vec![a.to_owned()])
                    .unwrap_or_default(),
                ..Record::default()
            };
            if rec.points.is_none() {
                rec.odd_points = super::record::odd_points([get(r, estimate)]);
            }
            if let Some(name) = rec.sprints.first() {
                let day = |c| parse_date(get(r, c)).map(|d| d.date_naive());
                let spec = SprintSpec {
                    name: name.clone(),
                    start: day(cycle_start),
                    end: day(cycle_end),
                    ..Default::default()
                };
                spec.merge_into(&mut sprints);
            }
            date_into(&mut rec.created, &mut rec.odd_dates, get(r, created));
            date_into(&mut rec.updated, &mut rec.odd_dates, get(r, updated));
            date_into(&mut rec.resolved, &mut rec.odd_dates, get(r, completed));
            rec
        })
        .collect();
    Parsed { records, has_key: key.is_some(), mapping: map.finish(t), system: "linear", sprints, ..Parsed::default() }
}

fn c_title(r: &super::source::Row, c: Option<usize>) -> String {
    c.map_or("", |c| r.get(c)).to_owned()
}
