//! What a forecast is about: the open work left in an epic, an initiative,
//! a roadmap column or the backlog above an item; the past sprints it
//! samples; and the dates its sprint counts fall on.

use super::{Outcome, Pace, Refusal, simulate};
use crate::domain::item::{Item, ItemKind, Status};
use crate::domain::strategy::Horizon;
use crate::domain::workspace::Workspace;
use chrono::{Days, NaiveDate};
use serde::Serialize;
use uuid::Uuid;

/// How many closed sprints, the latest, a forecast samples.
pub const SAMPLED_SPRINTS: usize = 10;

/// The seed a forecast uses unless told otherwise: the same workspace gives
/// the same dates.
pub const DEFAULT_SEED: u64 = 0x5EED_BAC1_0600;

/// The work a forecast is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An epic's open children.
    Epic(Uuid),
    /// An initiative's open stories, its epics' children among them.
    Initiative(Uuid),
    /// The open stories of every initiative in a roadmap column.
    Column(Horizon),
    /// Everything open ranked above an item, and the item too when
    /// `through` (when would it start; when would it finish).
    Above { item: Uuid, through: bool },
}

/// What a forecast counts in: points where the work is estimated, else
/// items (throughput).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Points,
    Items,
}

/// The open work left.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Remaining {
    pub items: usize,
    /// Points of the estimated items.
    pub points: u32,
    /// Items with no estimate, and the points each was counted as (the
    /// mean of the estimated ones, rounded up) when the basis is points.
    pub unestimated: usize,
    pub unestimated_counted_as: Option<u32>,
    pub basis: Basis,
    /// What the simulation delivers: points (with the unestimated counted
    /// in) or items.
    pub total: u32,
}

/// One past sprint the forecast samples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sample {
    pub sprint: String,
    pub value: u32,
}

/// How a forecast goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub trials: u32,
    pub seed: u64,
    /// A velocity (or throughput) range to use instead of the history.
    pub range: Option<(u32, u32)>,
}

impl Default for Options {
    fn default() -> Options {
        Options { trials: super::MIN_TRIALS, seed: DEFAULT_SEED, range: None }
    }
}

/// A forecast: the dates at 50, 85 and 95%, and what they were made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub remaining: Remaining,
    /// The sprints sampled, oldest first (none when a range was given).
    pub sampled: Vec<Sample>,
    pub range: Option<(u32, u32)>,
    pub outcome: Outcome,
    /// The last day of the sprint in which the work is done at 50, 85 and
    /// 95% (`None`: beyond the horizon).
    pub dates: [Option<NaiveDate>; 3],
    /// When the first forecast sprint ends: the active sprint's end, or a
    /// sprint's length from today.
    pub first_sprint_ends: NaiveDate,
    pub sprint_days: u32,
}

/// Whether `item` is work a forecast counts: live, not an epic, not done
/// or dropped.
pub fn open_work(item: &Item) -> bool {
    item.is_live() && item.kind != ItemKind::Epic && item.status < Status::Done
}

/// The open items of `target`, in rank order.
pub fn items(ws: &Workspace, target: Target) -> Vec<&Item> {
    let ranked = || ws.ranked_item_positions().into_iter().map(|p| &*ws.items[p]);
    match target {
        Target::Epic(id) => ranked().filter(|i| i.parent == Some(id) && open_work(i)).collect(),
        Target::Initiative(id) => ws.initiative_items(id).into_iter().filter(|i| open_work(i)).collect(),
        Target::Column(h) => {
            let column: Vec<Uuid> = ws.ranked_initiatives(h).iter().map(|r| r.meta.id).collect();
            ranked().filter(|i| open_work(i) && ws.initiative_of(i).is_some_and(|r| column.contains(&r))).collect()
        }
        Target::Above { item, through } => {
            let mut out = Vec::new();
            for i in ranked() {
                let last = i.meta.id == item;
                if open_work(i) && (!last || through) {
                    out.push(i);
                }
                if last {
                    break;
                }
            }
            out
        }
    }
}

/// The open work left in `items`, and what it is counted in.
pub fn remaining(items: &[&Item]) -> Remaining {
    let mut t = Tally::default();
    for i in items {
        t.add(i);
    }
    t.remaining()
}

/// The open work of items counted one at a time (see [`remaining`]): a
/// caller keeping many tallies in one pass over the items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub items: usize,
    pub estimated: usize,
    pub points: u32,
}

impl Tally {
    pub fn add(&mut self, item: &Item) {
        self.items += 1;
        if let Some(e) = item.estimate {
            self.estimated += 1;
            self.points = self.points.saturating_add(e);
        }
    }

    /// Takes `item` (counted in before) out again.
    pub fn remove(&mut self, item: &Item) {
        self.items = self.items.saturating_sub(1);
        if let Some(e) = item.estimate {
            self.estimated = self.estimated.saturating_sub(1);
            self.points = self.points.saturating_sub(e);
        }
    }

    /// The work left: in points where any item is estimated (the others
    /// counted as the mean of those, rounded up), else in items.
    pub fn remaining(&self) -> Remaining {
        let (points, unestimated) = (self.points, self.items - self.estimated);
        if self.estimated == 0 {
            let n = self.items as u32;
            return Remaining {
                items: self.items,
                points,
                unestimated,
                unestimated_counted_as: None,
                basis: Basis::Items,
                total: n,
            };
        }
        let mean = points.div_ceil(self.estimated as u32);
        let counted = (unestimated > 0).then_some(mean);
        Remaining {
            items: self.items,
            points,
            unestimated,
            unestimated_counted_as: counted,
            basis: Basis::Points,
            total: points.saturating_add(mean.saturating_mul(unestimated as u32)),
        }
    }
}

/// The latest closed sprints' completed points or items, oldest first.
pub fn history(ws: &Workspace, basis: Basis) -> Vec<Sample> {
    let closed = crate::domain::sprint::closed_oldest_first(&ws.sprints);
    let recent = &closed[closed.len().saturating_sub(SAMPLED_SPRINTS)..];
    recent
        .iter()
        .map(|s| {
            let value = match basis {
                Basis::Points => s.review.as_ref().map_or(0, |r| r.completed),
                Basis::Items => ws
                    .live_items()
                    .filter(|i| i.sprint == Some(s.meta.id) && i.status == Status::Done && i.kind != ItemKind::Epic)
                    .count() as u32,
            };
            Sample { sprint: s.name.clone(), value }
        })
        .collect()
}

/// The forecast for `target` as of `today`.
pub fn forecast(ws: &Workspace, target: Target, today: NaiveDate, opts: Options) -> Result<Forecast, Refusal> {
    of_work(ws, remaining(&items(ws, target)), today, opts)
}

/// The forecast for `remaining` work as of `today`.
pub fn of_work(ws: &Workspace, remaining: Remaining, today: NaiveDate, opts: Options) -> Result<Forecast, Refusal> {
    let (pace, sampled) = pace(ws, remaining.basis, opts)?;
    Ok(at_pace(ws, remaining, &pace, sampled, today, opts))
}

/// The forecast for `remaining` work at a `pace` already found (from the
/// `sampled` sprints), for a reader of many forecasts that finds the pace
/// of each way of counting once.
pub fn at_pace(
    ws: &Workspace,
    remaining: Remaining,
    pace: &Pace,
    sampled: Vec<Sample>,
    today: NaiveDate,
    opts: Options,
) -> Forecast {
    let outcome = simulate(remaining.total, pace, opts.trials, opts.seed);
    let cal = Calendar::of(ws, today);
    let dates = [cal.date(outcome.p50), cal.date(outcome.p85), cal.date(outcome.p95)];
    let (first_sprint_ends, sprint_days) = (cal.first_sprint_ends, cal.sprint_days);
    Forecast { remaining, sampled, range: opts.range, outcome, dates, first_sprint_ends, sprint_days }
}

/// What one sprint delivers, counted in `basis`: the range given, else the
/// closed sprints sampled (and which they were).
pub fn pace(ws: &Workspace, basis: Basis, opts: Options) -> Result<(Pace, Vec<Sample>), Refusal> {
    match opts.range {
        Some((low, high)) => Ok((Pace::range(low, high)?, Vec::new())),
        None => {
            let sampled = history(ws, basis);
            Ok((Pace::from_history(sampled.iter().map(|s| s.value).collect())?, sampled))
        }
    }
}

/// The days forecast sprints end on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    pub today: NaiveDate,
    /// The active sprint's end, or a sprint's length from today.
    pub first_sprint_ends: NaiveDate,
    pub sprint_days: u32,
}

impl Calendar {
    pub fn of(ws: &Workspace, today: NaiveDate) -> Calendar {
        let sprint_days = ws.settings.sprint_length_days.max(1);
        let active_end =
            ws.live_sprints().find(|s| s.state == crate::domain::sprint::SprintState::Active).map(|s| s.end);
        let first_sprint_ends = active_end.filter(|&e| e >= today).unwrap_or(today + Days::new(u64::from(sprint_days)));
        Calendar { today, first_sprint_ends, sprint_days }
    }

    /// The last day of the `n`th sprint from now (today for none).
    pub fn date(&self, n: Option<u32>) -> Option<NaiveDate> {
        n.map(|n| match n {
            0 => self.today,
            n => self.first_sprint_ends + Days::new(u64::from(n - 1) * u64::from(self.sprint_days)),
        })
    }
}
