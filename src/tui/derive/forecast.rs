//! The forecasts the panes show: each initiative's, epic's and roadmap
//! column's 50/85/95% dates, and the 85% date by which each open backlog
//! item lands with everything ranked above it. Derived state, like the
//! lists: made once for a workspace revision and a day (in one pass over
//! the items, and one run of trials per way of counting, see
//! [`forecast::reach`]), kept, and only read by a frame.
//!
//! The dates are the ones `backlog forecast` prints: the same items, the
//! same sprints sampled, the same trials and seed.

use crate::domain::Workspace;
use crate::domain::forecast::{
    self, Basis, Calendar, DEFAULT_SEED, MIN_TRIALS, Pace, Reach, Refusal, Remaining, Sample, Tally, scope,
};
use crate::domain::item::ItemKind;
use crate::domain::strategy::Horizon;
use chrono::NaiveDate;
use std::collections::HashMap;
use uuid::Uuid;

/// A forecast as a pane shows it: the work left and when it is done.
#[derive(Debug, Clone, PartialEq)]
pub struct Dates {
    pub remaining: Remaining,
    /// Sprints needed at 50, 85 and 95% (`None`: beyond the horizon).
    pub sprints: [Option<u32>; 3],
    /// The last day of those sprints.
    pub dates: [Option<NaiveDate>; 3],
    /// How many closed sprints were sampled.
    pub sampled: usize,
}

/// A forecast, or why there is none.
pub type Outlook = Result<Dates, Refusal>;

/// How the forecasts were made, for the line that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    pub trials: u32,
    pub seed: u64,
    /// The closed sprints sampled, oldest first.
    pub sampled: Vec<String>,
}

/// The 85% date of one backlog row (everything open ranked above it, and
/// it), kept by the item's place in the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Lands {
    id: Uuid,
    /// `None` inside: beyond the horizon.
    date: Result<Option<NaiveDate>, ()>,
}

/// The kept forecasts (see the module doc). Empty until first made.
#[derive(Debug, Clone, Default)]
pub struct Forecasts {
    /// The workspace revision and the day they were made for.
    made_for: Option<(u64, NaiveDate)>,
    method: Option<Method>,
    initiatives: HashMap<Uuid, Outlook>,
    epics: HashMap<Uuid, Outlook>,
    columns: [Option<Outlook>; 3],
    /// By item position; `None` for what is not open work.
    lands: Vec<Option<Lands>>,
    releases: HashMap<Uuid, forecast::release::Outlook>,
}

impl Forecasts {
    /// Whether they were made for this revision of the workspace, today.
    pub fn fresh(&self, revision: u64, today: NaiveDate) -> bool {
        self.made_for == Some((revision, today))
    }

    /// Makes them again unless [`fresh`](Self::fresh); true when it did.
    pub fn refresh(&mut self, ws: &Workspace, revision: u64, today: NaiveDate) -> bool {
        if self.fresh(revision, today) {
            return false;
        }
        *self = Forecasts::make(ws, today, None);
        self.made_for = Some((revision, today));
        true
    }

    /// The forecasts of `ws` as of `today`, from its history, or from a
    /// velocity `range` (as `backlog forecast --velocity` takes it).
    pub fn make(ws: &Workspace, today: NaiveDate, range: Option<(u32, u32)>) -> Forecasts {
        let (trials, seed) = (MIN_TRIALS, DEFAULT_SEED);
        // One pass down the rank: every target's open work at once.
        let horizon_of: HashMap<Uuid, Horizon> = ws.live_initiatives().map(|i| (i.meta.id, i.horizon)).collect();
        let mut initiatives: HashMap<Uuid, Tally> = HashMap::new();
        let mut epics: HashMap<Uuid, Tally> = HashMap::new();
        let mut columns = [Tally::default(); 3];
        let mut above = Tally::default();
        let mut rows: Vec<(usize, Tally)> = Vec::new();
        let ranked = ws.ranked_item_positions();
        for &p in &ranked {
            let item = &ws.items[p];
            if !scope::open_work(item) {
                continue;
            }
            above.add(item);
            rows.push((p, above));
            if let Some(parent) = item.parent {
                epics.entry(parent).or_default().add(item);
            }
            if let Some(r) = ws.initiative_of(item) {
                initiatives.entry(r).or_default().add(item);
                if let Some(h) = horizon_of.get(&r) {
                    columns[column_index(*h)].add(item);
                }
            }
        }
        // Only live epics are forecast.
        epics.retain(|id, _| ws.item(*id).is_some_and(|e| e.is_live() && e.kind == ItemKind::Epic));
        initiatives.retain(|id, _| horizon_of.contains_key(id));

        // The pace per way of counting, and one run of trials each, as far
        // as the most work asked about.
        let history = |basis| if range.is_some() { Vec::new() } else { scope::history(ws, basis) };
        let (points_seen, items_seen) = (history(Basis::Points), history(Basis::Items));
        let pace = |seen: &[Sample]| match range {
            Some((low, high)) => Pace::range(low, high),
            None => Pace::from_history(seen.iter().map(|s| s.value).collect()),
        };
        let all = initiatives.values().chain(epics.values()).chain(&columns).chain(rows.iter().map(|(_, t)| t));
        let (mut most_points, mut most_items) = (None, None);
        for t in all {
            let r = t.remaining();
            let most = match r.basis {
                Basis::Points => &mut most_points,
                Basis::Items => &mut most_items,
            };
            *most = Some(most.unwrap_or(0).max(u64::from(r.total)));
        }
        let run = |seen: &[Sample], most: Option<u64>| -> Option<Result<Reach, Refusal>> {
            let most = most?;
            Some(pace(seen).map(|p| forecast::reach(&p, trials, seed, most)))
        };
        let by_points = run(&points_seen, most_points);
        let by_items = run(&items_seen, most_items);
        let cal = Calendar::of(ws, today);
        let outlook = |t: &Tally| -> Outlook {
            let remaining = t.remaining();
            let (reach, seen) = match remaining.basis {
                Basis::Points => (&by_points, &points_seen),
                Basis::Items => (&by_items, &items_seen),
            };
            let reach = match reach.as_ref().expect("ran for every basis asked about") {
                Ok(r) => r,
                Err(e) => return Err(e.clone()),
            };
            let sprints = reach.sprints(remaining.total);
            Ok(Dates { remaining, sprints, dates: sprints.map(|n| cal.date(n)), sampled: seen.len() })
        };
        let mut lands = vec![None; ws.items.len()];
        for (p, t) in &rows {
            let date = outlook(t).map(|d| d.dates[1]).map_err(|_| ());
            lands[*p] = Some(Lands { id: ws.items[*p].meta.id, date });
        }
        let sampled = if points_seen.is_empty() { &items_seen } else { &points_seen };
        // Releases as `backlog release` judges them (few, each its own run).
        let opts = forecast::Options { trials, seed, range };
        let releases = ws
            .live_releases()
            .map(|r| (r.meta.id, forecast::release::outlook_in(ws, &ranked, r, today, opts)))
            .collect();
        Forecasts {
            made_for: None,
            method: Some(Method { trials, seed, sampled: sampled.iter().map(|s| s.sprint.clone()).collect() }),
            initiatives: initiatives.iter().map(|(id, t)| (*id, outlook(t))).collect(),
            epics: epics.iter().map(|(id, t)| (*id, outlook(t))).collect(),
            columns: std::array::from_fn(|k| Some(outlook(&columns[k]))),
            lands,
            releases,
        }
    }

    /// How they were made (`None` before they first are).
    pub fn method(&self) -> Option<&Method> {
        self.method.as_ref()
    }

    /// An initiative's forecast; `None` when it has no open work (or the
    /// forecasts are not made yet).
    pub fn initiative(&self, id: Uuid) -> Option<&Outlook> {
        self.initiatives.get(&id)
    }

    /// A live release against its target (`None` until made).
    pub fn release(&self, id: Uuid) -> Option<&forecast::release::Outlook> {
        self.releases.get(&id)
    }

    /// An epic's forecast; `None` when it has no open children.
    pub fn epic(&self, id: Uuid) -> Option<&Outlook> {
        self.epics.get(&id)
    }

    /// A roadmap column's forecast (its initiatives' open work).
    pub fn column(&self, h: Horizon) -> Option<&Outlook> {
        self.columns[column_index(h)].as_ref()
    }

    /// The 85% date by which the item at `pos` is done, with everything
    /// open ranked above it: `Some(Ok(None))` beyond the horizon,
    /// `Some(Err(()))` when no forecast can be made, `None` for what is not
    /// open work (or not known yet).
    pub fn lands(&self, pos: usize, id: Uuid) -> Option<Result<Option<NaiveDate>, ()>> {
        self.lands.get(pos).copied().flatten().filter(|l| l.id == id).map(|l| l.date)
    }
}

fn column_index(h: Horizon) -> usize {
    Horizon::ALL.iter().position(|x| *x == h).unwrap_or(0)
}

/// "12 points (3 without an estimate, counted as 5 each) in 7 items" or
/// "7 items (none estimated)": what a forecast counted.
pub fn remaining_text(r: &Remaining) -> String {
    let items = crate::domain::text::count(r.items as u64, "open item", "open items");
    match r.basis {
        Basis::Points => match r.unestimated_counted_as {
            Some(each) => {
                format!("{items}, {} points + {} unestimated counted as {each} each", r.points, r.unestimated)
            }
            None => format!("{items}, {} points", r.points),
        },
        Basis::Items => format!("{items}, none estimated: counted in items"),
    }
}

/// "by 2026-03-27 (3 sprints)" for one confidence.
pub fn when_text(n: Option<u32>, d: Option<NaiveDate>) -> String {
    match (n, d) {
        (Some(0), _) => "now".to_owned(),
        (Some(n), Some(d)) => format!("{d} ({})", crate::domain::text::count(u64::from(n), "sprint", "sprints")),
        _ => format!("not within {} sprints", forecast::HORIZON),
    }
}

#[cfg(test)]
mod tests;
