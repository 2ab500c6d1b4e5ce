//! The sprints an import names: made with the dates the source gives, and
//! given the past they had there (closed or running) through the domain's
//! `RecordSprintPast`, never started and closed on the day of the import.
//!
//! What a sprint's past is built from, best first: a backlog export's own
//! history and review; the source's dates (Jira's sprint fields, Linear's
//! cycle dates, a GitHub milestone's due date) with the rows' estimates,
//! statuses and resolution times; nothing, when the source gave no dates:
//! then a closed sprint keeps its dates unknown and stays out of velocity
//! and the charts, and the report says which.

use super::report::Report;
use super::row::Row;
use crate::domain::Command;
use crate::domain::command::{NewSprint, SprintPast};
use crate::domain::item::Status;
use crate::domain::sprint::{SprintChange, SprintEvent, SprintReview, SprintState};
use crate::domain::text::clean_line;
use crate::store::Batch;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A sprint as a source describes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SprintSpec {
    pub name: String,
    pub goal: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub capacity: Option<u32>,
    /// What the source says; else an open item's last sprint is open.
    pub state: Option<SprintState>,
    /// When it really started and closed, if the source says.
    pub started_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// A backlog export's own record.
    pub record: Option<Box<Kept>>,
}

/// A sprint's history and review as a backlog export keeps them, with the
/// keys of the items they name (`None`: an item the export did not have).
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    pub history: Vec<(SprintEvent, Option<String>)>,
    pub review: Option<KeptReview>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeptReview {
    pub review: SprintReview,
    pub returned: Vec<String>,
    pub carried_over: Vec<String>,
    pub carried_to: Option<String>,
}

impl SprintSpec {
    /// The first spec per name wins; later ones fill in what it lacks.
    pub fn merge_into(self, specs: &mut Vec<SprintSpec>) {
        match specs.iter_mut().find(|s| s.name == self.name) {
            None => specs.push(self),
            Some(s) => {
                s.start = s.start.or(self.start);
                s.end = s.end.or(self.end);
                s.state = s.state.or(self.state);
                s.started_at = s.started_at.or(self.started_at);
                s.closed_at = s.closed_at.or(self.closed_at);
            }
        }
    }
}

/// Jira Server's sprint cells carry the whole sprint
/// (`com.atlassian.greenhopper.service.sprint.Sprint@1a2b[id=3,state=CLOSED,
/// name=Sprint 1,startDate=…,endDate=…,completeDate=…,…]`): each becomes
/// its name, and its dates a spec. Cells holding a bare name stay as they
/// are.
pub fn jira_cells(records: &mut [super::Record]) -> Vec<SprintSpec> {
    let mut specs = Vec::new();
    for rec in records {
        for cell in &mut rec.sprints {
            if let Some(spec) = jira_sprint(cell) {
                cell.clone_from(&spec.name);
                spec.merge_into(&mut specs);
            }
        }
    }
    specs
}

/// The fields of a Jira sprint's text, or `None` if `cell` is not one.
fn jira_sprint(cell: &str) -> Option<SprintSpec> {
    const FIELDS: [&str; 14] = [
        "id",
        "rapidViewId",
        "state",
        "name",
        "goal",
        "startDate",
        "endDate",
        "completeDate",
        "activatedDate",
        "sequence",
        "autoStartStop",
        "synced",
        "incompleteIssuesDestinationId",
        "originBoardId",
    ];
    let (class, body) = cell.trim().strip_suffix(']')?.split_once('[')?;
    if !class.contains("Sprint@") {
        return None;
    }
    // A field starts at the beginning or after `,name=`: a sprint's name
    // may hold commas of its own.
    let mut starts: Vec<(usize, &str)> = FIELDS
        .iter()
        .flat_map(|f| {
            let head = format!("{f}=");
            let at_start = body.starts_with(&head).then_some(0);
            let comma = format!(",{head}");
            let after_comma: Vec<usize> = body.match_indices(&comma).map(|(i, _)| i + 1).collect();
            at_start.into_iter().chain(after_comma).map(move |i| (i, *f)).collect::<Vec<_>>()
        })
        .collect();
    starts.sort_unstable();
    let mut fields: HashMap<&str, &str> = HashMap::new();
    for (n, &(at, f)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(body.len(), |next| next.0 - 1);
        let value = &body[at + f.len() + 1..end.max(at + f.len() + 1)];
        fields.entry(f).or_insert(value);
    }
    let name = clean_line(fields.get("name")?);
    let value = |f: &str| fields.get(f).copied().filter(|v| !v.is_empty() && *v != "<null>");
    let at = |f: &str| value(f).and_then(super::record::parse_date);
    Some(SprintSpec {
        name,
        goal: value("goal").map(clean_line).unwrap_or_default(),
        start: at("startDate").map(|d| d.date_naive()),
        end: at("endDate").map(|d| d.date_naive()),
        state: value("state").and_then(|s| match s.to_ascii_uppercase().as_str() {
            "CLOSED" => Some(SprintState::Closed),
            "ACTIVE" => Some(SprintState::Active),
            "FUTURE" => Some(SprintState::Planned),
            _ => None,
        }),
        started_at: at("activatedDate").or_else(|| at("startDate")),
        closed_at: at("completeDate"),
        ..SprintSpec::default()
    })
}

/// What an import does with each sprint it names.
pub(super) struct Plan {
    pub id: Uuid,
    pub name: String,
    pub state: SprintState,
    /// Made by this import (an existing sprint keeps its own past).
    pub created: bool,
}

/// The state each named sprint is to end in: the source's, else open if it
/// is some open row's last sprint.
fn target(name: &str, spec: Option<&SprintSpec>, open: &HashSet<&str>) -> SprintState {
    match spec.and_then(|s| s.state) {
        Some(s) => s,
        None if open.contains(name) => SprintState::Planned,
        None => SprintState::Closed,
    }
}

/// Creates the sprints the file names that the workspace lacks, in the
/// file's order, with the source's dates; a closed one with none is dated
/// the day of the import (a stand-in: see [`record_pasts`]).
pub(super) fn make(
    batch: &mut Batch,
    rows: &[Row],
    specs: &[SprintSpec],
    report: &mut Report,
) -> Result<Vec<Plan>, anyhow::Error> {
    let open: HashSet<&str> =
        rows.iter().filter(|r| !r.status.is_closed()).filter_map(|r| r.sprint.as_deref()).collect();
    let used: HashSet<String> = rows.iter().flat_map(|r| r.rec.sprints.iter().map(|s| clean_line(s))).collect();
    // A sprint a backlog export recorded comes whole, items or none (the
    // closed sprints velocity learns from may hold none of the items);
    // another source's only when a row names it.
    let described =
        specs.iter().filter(|s| s.record.is_some() || used.contains(&clean_line(&s.name))).map(|s| clean_line(&s.name));
    let named = rows.iter().flat_map(|r| r.rec.sprints.iter().map(|s| clean_line(s)));
    let today = batch.ctx().now.date_naive();
    let length = i64::from(batch.workspace().settings.sprint_length_days.max(1));
    let mut plans: Vec<Plan> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut planned_undated = Vec::new();
    for name in described.chain(named).filter(|s| !s.is_empty()) {
        if !seen.insert(name.clone()) {
            continue;
        }
        let spec = specs.iter().find(|s| clean_line(&s.name) == name);
        let state = target(&name, spec, &open);
        if let Some(s) = batch.workspace().sprint_by_name(&name) {
            plans.push(Plan { id: s.meta.id, name, state: s.state, created: false });
            continue;
        }
        let (start, end) = match (spec.and_then(|s| s.start), spec.and_then(|s| s.end)) {
            (Some(start), Some(end)) => (Some(start), Some(end.max(start))),
            // Only the end (a milestone's due date): a closed one's start
            // is unknown, an open one's planned from the sprint length.
            (None, Some(end)) if state == SprintState::Closed => (Some(end), Some(end)),
            (None, Some(end)) => (Some(end - Duration::days(length - 1)), Some(end)),
            (Some(start), None) => (Some(start), None),
            (None, None) if state == SprintState::Closed => (Some(today), Some(today)),
            (None, None) => {
                planned_undated.push(name.clone());
                (None, None)
            }
        };
        let new = NewSprint {
            name: Some(name.clone()),
            goal: spec.map(|s| s.goal.clone()).unwrap_or_default(),
            start,
            end,
            capacity: spec.and_then(|s| s.capacity),
        };
        let change = batch.apply(Command::AddSprint(new))?;
        let id = change.created.and_then(|c| c.id()).expect("AddSprint creates a sprint");
        report.sprints_created.push(name.clone());
        plans.push(Plan { id, name, state, created: true });
    }
    if !planned_undated.is_empty() {
        report.notes.push(format!(
            "{} open sprints had no dates in the file and were planned after the last sprint (`backlog sprint edit` changes them): {}",
            planned_undated.len(),
            planned_undated.join(", ")
        ));
    }
    Ok(plans)
}

/// Gives the sprints this import made the past the source says they had.
/// `ids` holds each row's item (new or synced), by row.
pub(super) fn record_pasts(
    batch: &mut Batch,
    plans: &[Plan],
    rows: &[Row],
    ids: &[Option<Uuid>],
    specs: &[SprintSpec],
    report: &mut Report,
) -> Result<(), anyhow::Error> {
    // The active one last: closing the others first cannot clash with it.
    let mut order: Vec<&Plan> = plans.iter().filter(|p| p.created && p.state != SprintState::Planned).collect();
    if order.is_empty() {
        return Ok(());
    }
    order.sort_by_key(|p| p.state == SprintState::Active);
    let by_key: HashMap<String, Uuid> = rows
        .iter()
        .zip(ids)
        .filter_map(|(r, id)| Some((super::row::norm_key(&r.key), (*id)?)))
        .filter(|(k, _)| !k.is_empty())
        .collect();
    // The rows each sprint holds, found in one pass.
    let wanted: HashSet<&str> = order.iter().map(|p| p.name.as_str()).collect();
    let mut members: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let mut names: Vec<String> = r.rec.sprints.iter().map(|s| clean_line(s)).collect();
        names.sort_unstable();
        names.dedup();
        for n in names.into_iter().filter(|n| wanted.contains(n.as_str())) {
            members.entry(n).or_default().push(i);
        }
    }
    let mut left_planned = Vec::new();
    for plan in order {
        let spec = specs.iter().find(|s| clean_line(&s.name) == plan.name);
        let past = match spec.and_then(|s| s.record.as_deref()) {
            Some(kept) => Some(from_kept(kept, plan.state, spec, &by_key, batch)),
            None => {
                let held = members.get(&plan.name).map_or(&[][..], Vec::as_slice);
                from_rows(plan, spec, held.iter().map(|&i| (&rows[i], ids[i])), batch)
            }
        };
        let Some(past) = past else {
            left_planned.push(format!("{} (active, but its start is not known)", plan.name));
            continue;
        };
        if past.state == SprintState::Active && batch.workspace().active_sprint().is_some() {
            left_planned.push(format!("{} (active, but another sprint is active here)", plan.name));
            continue;
        }
        if past.started_at.is_none() {
            match &past.review {
                None => report.sprints_undated.push(plan.name.clone()),
                Some(_) => report
                    .notes
                    .push(format!("{}: only its end is known: it counts in velocity, but has no burndown", plan.name)),
            }
        }
        batch.apply(Command::RecordSprintPast { id: plan.id, past: Box::new(past) })?;
    }
    if !left_planned.is_empty() {
        report.notes.push(format!("{} sprints were left planned: {}", left_planned.len(), left_planned.join(", ")));
    }
    Ok(())
}

/// A backlog export's record, its items found again by key (an item the
/// file did not hold keeps the id it had: it names nothing here, but
/// counts in the charts as it did there).
fn from_kept(
    kept: &Kept,
    state: SprintState,
    spec: Option<&SprintSpec>,
    by_key: &HashMap<String, Uuid>,
    batch: &Batch,
) -> SprintPast {
    let id = |key: Option<&String>, old: Uuid| {
        key.and_then(|k| by_key.get(&super::row::norm_key(k))).copied().unwrap_or(old)
    };
    let ids = |keys: &[String]| -> Vec<Uuid> {
        keys.iter().filter_map(|k| by_key.get(&super::row::norm_key(k)).copied()).collect()
    };
    let history =
        kept.history.iter().map(|(e, key)| SprintEvent { item: id(key.as_ref(), e.item), ..e.clone() }).collect();
    let review = kept.review.as_ref().map(|k| SprintReview {
        returned: ids(&k.returned),
        carried_over: ids(&k.carried_over),
        // The sprint it went on to is made by this import too, or is here.
        carried_to: k.carried_to.as_deref().and_then(|n| batch.workspace().sprint_by_name(n)).map(|s| s.meta.id),
        ..k.review.clone()
    });
    SprintPast { state, started_at: spec.and_then(|s| s.started_at), history, review }
}

/// A past from the source's dates and the rows that name the sprint: every
/// row that was in it entered at its start; those it finished were done
/// when the source resolved them (or at its close); the review counts
/// them. `None` for an active sprint whose start is not known.
fn from_rows<'r>(
    plan: &Plan,
    spec: Option<&SprintSpec>,
    held: impl Iterator<Item = (&'r Row<'r>, Option<Uuid>)>,
    batch: &Batch,
) -> Option<SprintPast> {
    let sprint = batch.workspace().sprint(plan.id)?;
    let started_at = spec
        .and_then(|s| s.started_at.or_else(|| s.start.map(|d| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc())));
    let closed_at = spec
        .and_then(|s| s.closed_at)
        .or_else(|| spec.and_then(|s| s.end).map(|d| d.and_hms_opt(23, 59, 59).expect("a time").and_utc()));
    let now = batch.ctx().now;
    let (state, started_at, until) = match (plan.state, started_at) {
        (SprintState::Active, None) => return None,
        (SprintState::Active, Some(s)) => (SprintState::Active, Some(s.min(now)), now),
        // Closed with nothing known: no record at all.
        (_, None) if closed_at.is_none() => {
            return Some(SprintPast {
                state: SprintState::Closed,
                started_at: None,
                history: Vec::new(),
                review: None,
            });
        }
        (_, s) => (SprintState::Closed, s, closed_at.unwrap_or(now).max(s.unwrap_or(DateTime::UNIX_EPOCH))),
    };
    let from = started_at.unwrap_or(until);
    let mut history = Vec::new();
    let mut done = Vec::new();
    let (mut committed, mut completed, mut returned) = (0u32, 0u32, Vec::new());
    for (r, id) in held {
        let Some(id) = id else { continue };
        if r.status == Status::Dropped {
            continue;
        }
        let points = r.estimate.unwrap_or(0);
        committed += points;
        history.push(SprintEvent::new(from, id, SprintChange::Added { points }));
        let last_here = r.sprint.as_deref() == Some(sprint.name.as_str());
        if last_here && r.status == Status::Done {
            let at = r.rec.resolved.unwrap_or(until).clamp(from, until);
            done.push(SprintEvent::new(at, id, SprintChange::Done { points }));
            completed += points;
        } else if last_here && state == SprintState::Closed {
            returned.push(id);
        }
    }
    done.sort_by_key(|e| e.at);
    history.extend(done);
    let review = (state == SprintState::Closed).then(|| SprintReview {
        closed_at: until,
        committed,
        completed,
        not_completed: committed - completed,
        scope_added: 0,
        scope_removed: 0,
        goal_met: None,
        returned,
        carried_over: Vec::new(),
        carried_to: None,
        notes: String::new(),
        extra: Default::default(),
    });
    // Only its end known: the review counts, the history would draw a
    // chart from a start nobody knows.
    let history = if started_at.is_some() { history } else { Vec::new() };
    Some(SprintPast { state, started_at, history, review })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jira_sprint_cell_gives_its_name_state_and_dates() {
        let cell = "com.atlassian.greenhopper.service.sprint.Sprint@1a2b3c[id=7,rapidViewId=2,state=CLOSED,name=PAY Sprint 1, the first,goal=<null>,startDate=2021-09-01T09:00:00.000+02:00,endDate=2021-09-14T17:00:00.000+02:00,completeDate=2021-09-15T10:30:00.000+02:00,sequence=7]";
        let s = jira_sprint(cell).unwrap();
        assert_eq!(s.name, "PAY Sprint 1, the first");
        assert_eq!(s.state, Some(SprintState::Closed));
        assert_eq!(
            (s.start.unwrap().to_string(), s.end.unwrap().to_string()),
            ("2021-09-01".into(), "2021-09-14".into())
        );
        assert_eq!(s.started_at.unwrap().to_rfc3339(), "2021-09-01T07:00:00+00:00");
        assert_eq!(s.closed_at.unwrap().to_rfc3339(), "2021-09-15T08:30:00+00:00");
        assert_eq!(s.goal, "");
        assert!(jira_sprint("PAY Sprint 1").is_none());
        let future = jira_sprint("x.Sprint@1[id=8,state=FUTURE,name=Next,startDate=<null>,endDate=<null>]").unwrap();
        assert_eq!((future.name.as_str(), future.state, future.start), ("Next", Some(SprintState::Planned), None));
    }
}
