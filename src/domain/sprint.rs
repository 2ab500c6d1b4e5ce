//! Sprints, their event history, and what is derived from it: burndown,
//! burnup and velocity. History is an append-only log of scope and progress
//! changes, so a chart can be redrawn exactly for any past sprint.

use super::entity::{Extra, Meta};
use super::string_enum::string_enum;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

string_enum! {
    SprintState { Planned = "planned", Active = "active", Closed = "closed" }
}

/// One change to a sprint's scope or progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum SprintChange {
    /// The item entered the sprint (at start, or later as scope creep).
    Added { points: u32 },
    /// The item left the sprint before it ended.
    Removed { points: u32 },
    /// The item was re-estimated while in the sprint.
    Estimated { from: u32, to: u32 },
    /// The item reached done.
    Done { points: u32 },
    /// The item left done again.
    Reopened { points: u32 },
}

impl SprintChange {
    /// The fields this kind of event has beside `event`.
    fn fields(&self) -> &'static [&'static str] {
        match self {
            SprintChange::Estimated { .. } => &["from", "to"],
            _ => &["points"],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "EventFields")]
pub struct SprintEvent {
    pub at: DateTime<Utc>,
    pub item: Uuid,
    #[serde(flatten)]
    pub change: SprintChange,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SprintEvent {
    pub fn new(at: DateTime<Utc>, item: Uuid, change: SprintChange) -> SprintEvent {
        SprintEvent { at, item, change, extra: Extra::new() }
    }
}

/// A history entry as read: the event's own fields are picked out of the
/// rest, which is kept. (Two flattened fields cannot share the rest: a
/// tagged enum reads every field without taking any.)
#[derive(Deserialize)]
struct EventFields {
    at: DateTime<Utc>,
    item: Uuid,
    #[serde(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}

impl TryFrom<EventFields> for SprintEvent {
    type Error = serde_json::Error;
    fn try_from(f: EventFields) -> Result<SprintEvent, serde_json::Error> {
        let rest = serde_json::Value::Object(f.rest);
        let change = SprintChange::deserialize(&rest)?;
        let serde_json::Value::Object(mut extra) = rest else { unreachable!("built as an object") };
        for name in std::iter::once("event").chain(change.fields().iter().copied()) {
            extra.remove(name);
        }
        Ok(SprintEvent { at: f.at, item: f.item, change, extra: Extra(extra) })
    }
}

/// Frozen at close: the numbers velocity and the sprint review use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SprintReview {
    pub closed_at: DateTime<Utc>,
    /// Scope at the moment the sprint started.
    pub committed: u32,
    pub completed: u32,
    pub not_completed: u32,
    pub scope_added: u32,
    pub scope_removed: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal_met: Option<bool>,
    /// Unfinished items sent back to the backlog.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub returned: Vec<Uuid>,
    /// Unfinished items carried over into the next sprint ([`Self::carried_to`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carried_over: Vec<Uuid>,
    /// The sprint unfinished items were carried over to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_to: Option<Uuid>,
    /// What the team said at the review, free text (since schema 4).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sprint {
    #[serde(flatten)]
    pub meta: Meta,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub goal: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    pub state: SprintState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<SprintEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<SprintReview>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Scope and done points at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub scope: u32,
    pub done: u32,
    /// Points that entered the sprint after it started.
    pub added: u32,
    /// Points that left the sprint after it started.
    pub removed: u32,
}

impl Progress {
    pub fn remaining(&self) -> u32 {
        self.scope.saturating_sub(self.done)
    }
}

/// One day of a burndown / burnup chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayPoint {
    pub date: NaiveDate,
    pub scope: u32,
    pub done: u32,
    pub remaining: u32,
    /// The straight line from committed scope to zero at the end date.
    pub ideal: f64,
}

impl Sprint {
    pub fn id(&self) -> Uuid {
        self.meta.id
    }
    pub fn is_live(&self) -> bool {
        self.meta.is_live()
    }
    /// Closed elsewhere with no record of when it started (an import from a
    /// source that gave no dates): its `start` is a stand-in, so it draws
    /// no chart; without a review either, it is out of velocity too.
    pub fn start_unknown(&self) -> bool {
        self.state == SprintState::Closed && self.started_at.is_none()
    }

    /// Its dates as people read them: `2026-03-02 – 2026-03-13`, or what
    /// is not known of them.
    /// The name as a chart's label: "Sprint 22" is "S22", another name its
    /// first `max` characters.
    pub fn short_name(&self, max: usize) -> String {
        let name = self.name.trim();
        match name.strip_prefix("Sprint ") {
            Some(n) => format!("S{n}"),
            None => name.chars().take(max).collect(),
        }
    }

    pub fn dates(&self) -> String {
        match (self.start_unknown(), &self.review) {
            (true, None) => "dates unknown".to_owned(),
            (true, Some(_)) => format!("? – {}", self.end),
            (false, _) => format!("{} – {}", self.start, self.end),
        }
    }

    /// Working length in calendar days, inclusive of both ends.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// Replays history up to and including `until`.
    pub fn progress_at(&self, until: DateTime<Utc>) -> Progress {
        let mut items: HashMap<Uuid, (bool, u32, bool)> = HashMap::new(); // in scope, points, done
        let started = self.started_at;
        let mut added = 0u32;
        let mut removed = 0u32;
        for e in self.history.iter().filter(|e| e.at <= until) {
            let entry = items.entry(e.item).or_insert((false, 0, false));
            let after_start = started.is_some_and(|s| e.at > s);
            match e.change {
                SprintChange::Added { points } => {
                    // An item enters not done; a done one is followed by
                    // its own Done event. Keeping an earlier Done would
                    // count work reopened outside the sprint as finished.
                    *entry = (true, points, false);
                    if after_start {
                        added += points;
                    }
                }
                SprintChange::Removed { points } => {
                    entry.0 = false;
                    if after_start {
                        removed += points;
                    }
                }
                SprintChange::Estimated { to, .. } => entry.1 = to,
                SprintChange::Done { .. } => entry.2 = true,
                SprintChange::Reopened { .. } => entry.2 = false,
            }
        }
        let scope = items.values().filter(|v| v.0).map(|v| v.1).sum();
        let done = items.values().filter(|v| v.0 && v.2).map(|v| v.1).sum();
        Progress { scope, done, added, removed }
    }

    /// The points the sprint's history counted for `item` (up to its close):
    /// what its review added up, whatever the item is estimated at now.
    /// `None` if the history never saw it.
    pub fn points_counted(&self, item: Uuid) -> Option<u32> {
        let until = self.review.as_ref().map(|r| r.closed_at);
        let mut points = None;
        for e in self.history.iter().filter(|e| e.item == item && until.is_none_or(|u| e.at <= u)) {
            points = Some(match e.change {
                SprintChange::Added { points }
                | SprintChange::Removed { points }
                | SprintChange::Done { points }
                | SprintChange::Reopened { points } => points,
                SprintChange::Estimated { to, .. } => to,
            });
        }
        points
    }

    /// Scope when the sprint started (what the team committed to).
    pub fn committed(&self) -> u32 {
        match (self.started_at, &self.review) {
            (_, Some(r)) => r.committed,
            (Some(s), None) => self.progress_at(s).scope,
            (None, None) => 0,
        }
    }

    /// The first day of the sprint's charts: the day it really started
    /// (early or late), else its planned start.
    pub fn chart_start(&self) -> NaiveDate {
        self.started_at.map_or(self.start, |s| s.date_naive())
    }

    /// The last day of the sprint's charts: the day it really closed (early
    /// or late); while it runs, `today` up to the planned end.
    pub fn chart_end(&self, today: NaiveDate) -> NaiveDate {
        match &self.review {
            Some(r) => r.closed_at.date_naive().max(self.chart_start()),
            None => today.min(self.end),
        }
    }

    /// The daily series from the actual start to the actual close (or
    /// `today`), with the ideal line from the actual start to the planned
    /// end.
    pub fn burndown(&self, today: NaiveDate) -> Vec<DayPoint> {
        let Some(started) = self.started_at else {
            return Vec::new();
        };
        let committed = self.committed() as f64;
        let first = self.chart_start();
        let last = self.chart_end(today);
        let span = (self.end - first).num_days().max(1) as f64;
        let mut out = Vec::new();
        let mut date = first;
        while date <= last {
            // The last instant of the day: events carry fractions of a second.
            let end_of_day = date.and_hms_nano_opt(23, 59, 59, 999_999_999).expect("valid time").and_utc();
            let until = if date == first { end_of_day.max(started) } else { end_of_day };
            let until = match &self.review {
                Some(r) if date == last => until.max(r.closed_at),
                _ => until,
            };
            let p = self.progress_at(until);
            let elapsed = (date - first).num_days() as f64;
            out.push(DayPoint {
                date,
                scope: p.scope,
                done: p.done,
                remaining: p.remaining(),
                ideal: (committed * (1.0 - elapsed / span)).max(0.0),
            });
            date = date.succ_opt().expect("date in range");
        }
        out
    }
}

/// The closed sprints among `sprints` (live, reviewed), oldest first by
/// end: the order velocity, the forecasts' history and the velocity charts
/// read them in.
pub fn closed_oldest_first<'a>(sprints: impl IntoIterator<Item = &'a Sprint>) -> Vec<&'a Sprint> {
    let mut closed: Vec<&Sprint> = sprints.into_iter().filter(|s| s.is_live() && s.review.is_some()).collect();
    closed.sort_by_key(|s| (s.end, s.meta.id));
    closed
}

/// Mean completed points over the last `window` closed sprints (by end
/// date); `None` before any sprint has closed.
pub fn velocity<'a>(sprints: impl IntoIterator<Item = &'a Sprint>, window: usize) -> Option<f64> {
    velocity_over(sprints, window).map(|(v, _)| v)
}

/// The velocity and how many closed sprints it was taken over (fewer than
/// the window while the history is short).
pub fn velocity_over<'a>(sprints: impl IntoIterator<Item = &'a Sprint>, window: usize) -> Option<(f64, usize)> {
    let closed = closed_oldest_first(sprints);
    let recent: Vec<u32> =
        closed.iter().rev().take(window.max(1)).filter_map(|s| s.review.as_ref().map(|r| r.completed)).collect();
    if recent.is_empty() {
        return None;
    }
    Some((recent.iter().map(|&c| c as f64).sum::<f64>() / recent.len() as f64, recent.len()))
}
