//! Will a release make its date? The team works the backlog in rank order,
//! so a release is done when its last open item is: its forecast is that of
//! everything open ranked down to that item (other work among it included,
//! which is why re-ranking can save a date as well as cutting scope).
//!
//! Its standing against the target, at 85%:
//! - **on track**: the 85% date is on or before the target;
//! - **at risk**: the 85% date is past it, the 50% date is not;
//! - **late**: the 50% date is past it, or the target has passed;
//!
//! and what would have to move out: the fewest of its items not yet
//! started, lowest ranked first (the PO's own order says they matter
//! least), whose leaving brings the 85% date back to the target. Work
//! under way stays in.

use super::Refusal;
use super::scope::{Calendar, Forecast, Options, Tally, of_work, open_work};
use crate::domain::item::{Item, Status};
use crate::domain::release::Release;
use crate::domain::workspace::Workspace;
use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

/// A release against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Shipped,
    /// Every item done: ready to ship.
    Done,
    /// No target date to be measured against.
    NoTarget,
    /// A target, but no forecast to judge it by (too little history).
    Unknown,
    OnTrack,
    AtRisk,
    Late,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Standing::Shipped => "shipped",
            Standing::Done => "done, not shipped",
            Standing::NoTarget => "no target",
            Standing::Unknown => "no forecast",
            Standing::OnTrack => "on track",
            Standing::AtRisk => "at risk",
            Standing::Late => "late",
        }
    }
}

/// A release's open work, its forecast and its standing.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlook {
    pub standing: Standing,
    /// Its open items, in rank order.
    pub open: Vec<Uuid>,
    /// Its items, open or not.
    pub items: usize,
    /// Open items of no (or another) release ranked among its own.
    pub others_among: usize,
    /// When its last open item is done (`None` when nothing is open or it
    /// shipped); a refusal when the history cannot say.
    pub forecast: Option<Result<Forecast, Refusal>>,
    /// Its lowest-ranked items not yet started that would have to move out
    /// for the 85% date to make the target, in rank order; empty when on
    /// track, and when even moving all of them would not do (see
    /// [`Outlook::unreachable`]).
    pub move_out: Vec<Uuid>,
    /// Late even with all its work not yet started moved out (or the
    /// target has passed): no cut makes the date, a new date or a re-rank
    /// must.
    pub unreachable: bool,
}

/// The open work down to the last of the release's items that stay when
/// the items at `cut` (indices into `mine`) move out.
fn without(mine: &[&Item], prefix: &[Tally], cut: &[usize]) -> Tally {
    let Some(last) = (0..mine.len()).rev().find(|k| !cut.contains(k)) else { return Tally::default() };
    let mut t = prefix[last];
    for &k in cut.iter().filter(|&&k| k < last) {
        t.remove(mine[k]);
    }
    t
}

/// The outlook of `release` as of `today`.
pub fn outlook(ws: &Workspace, release: &Release, today: NaiveDate, opts: Options) -> Outlook {
    outlook_in(ws, &ws.ranked_item_positions(), release, today, opts)
}

/// The outlooks of `releases`, the items ranked once for all of them.
pub fn outlooks<'a>(
    ws: &Workspace,
    releases: impl IntoIterator<Item = &'a Release>,
    today: NaiveDate,
    opts: Options,
) -> Vec<(&'a Release, Outlook)> {
    let ranked = ws.ranked_item_positions();
    releases.into_iter().map(|r| (r, outlook_in(ws, &ranked, r, today, opts))).collect()
}

/// [`outlook`] with the live items' positions in rank order given, for a
/// caller judging several releases.
pub fn outlook_in(ws: &Workspace, ranked: &[usize], release: &Release, today: NaiveDate, opts: Options) -> Outlook {
    let id = release.meta.id;
    let ranked: Vec<&Item> = ranked.iter().map(|&p| &*ws.items[p]).collect();
    let items = ranked.iter().filter(|i| i.release == Some(id)).count();
    // Open work down to each of the release's open items: the prefix
    // tallies a cut is judged by.
    let mut prefix: Vec<Tally> = Vec::new();
    let mut open = Vec::new();
    let mut mine: Vec<&Item> = Vec::new();
    let mut tally = Tally::default();
    // Open items of no (or another) release: in all, and above the last of
    // the release's own.
    let (mut others, mut others_among) = (0usize, 0usize);
    for i in &ranked {
        if !open_work(i) {
            continue;
        }
        tally.add(i);
        if i.release == Some(id) {
            open.push(i.meta.id);
            mine.push(i);
            prefix.push(tally);
            others_among = others;
        } else {
            others += 1;
        }
    }
    // What may move out: work not started yet, lowest ranked last here
    // (cut from the end); what is under way stays.
    let cuttable: Vec<usize> = (0..mine.len()).filter(|&k| mine[k].status <= Status::Ready).collect();
    let mut out = Outlook {
        standing: Standing::NoTarget,
        open,
        items,
        others_among,
        forecast: None,
        move_out: Vec::new(),
        unreachable: false,
    };
    if release.shipped.is_some() {
        out.standing = Standing::Shipped;
        return out;
    }
    let Some(&last) = prefix.last() else {
        out.standing = Standing::Done;
        return out;
    };
    let whole = of_work(ws, last.remaining(), today, opts);
    let Some(target) = release.target else {
        out.forecast = Some(whole);
        return out;
    };
    let Ok(f) = &whole else {
        out.standing = if target < today { Standing::Late } else { Standing::Unknown };
        out.unreachable = target < today;
        out.forecast = Some(whole);
        return out;
    };
    let past = |f: &Forecast, k: usize| f.dates[k].is_none_or(|d| d > target);
    out.standing = if target < today || past(f, 0) {
        Standing::Late
    } else if past(f, 1) {
        Standing::AtRisk
    } else {
        Standing::OnTrack
    };
    if out.standing != Standing::OnTrack && target >= today {
        // Cutting more never makes the date later (less work), so the
        // fewest cuts that make it are found by halves, each a look-up in
        // one run of the trials (the sprints `of_work` would give).
        let cal = Calendar::of(ws, today);
        let basis = f.remaining.basis;
        // Only the sprints that end by the target matter: the trials run
        // no further.
        let by_target = (1..=super::HORIZON).take_while(|&n| cal.date(Some(n)).is_some_and(|d| d <= target)).count();
        let reach = super::scope::pace(ws, basis, opts).map(|(p, _)| {
            super::reach_within(&p, opts.trials, opts.seed, u64::from(f.remaining.total), by_target as u32)
        });
        let makes = |k: usize| {
            let work = without(&mine, &prefix, &cuttable[cuttable.len() - k..]).remaining();
            if work.total == 0 {
                return true;
            }
            match &reach {
                Ok(r) if work.basis == basis => cal.date(r.sprints(work.total)[1]).is_some_and(|d| d <= target),
                _ => of_work(ws, work, today, opts).is_ok_and(|f| !past(&f, 1)),
            }
        };
        if makes(cuttable.len()) {
            let (mut lo, mut hi) = (0, cuttable.len());
            while lo < hi {
                let mid = (lo + hi) / 2;
                if makes(mid) { hi = mid } else { lo = mid + 1 }
            }
            let mut cut: Vec<usize> = cuttable[cuttable.len() - lo..].to_vec();
            cut.sort_unstable();
            out.move_out = cut.into_iter().map(|k| out.open[k]).collect();
        } else {
            out.unreachable = true;
        }
    } else if out.standing != Standing::OnTrack {
        out.unreachable = true;
    }
    out.forecast = Some(whole);
    out
}
