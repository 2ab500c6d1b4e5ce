//! The backlog as the screen sees it: live items in rank order, and a
//! filtered view of them. Both are kept up to date change by change
//! (a reorder moves one entry), and filtering runs in bounded chunks
//! between events, so no keystroke does work proportional to the
//! workspace.

use crate::domain::{Item, Role, Workspace};
use std::cmp::Ordering;
use uuid::Uuid;

/// Items scanned per filter step: a fraction of a millisecond. Matching
/// costs some 200 ns an item (generated 100k workspace, `benches/tui.rs`),
/// and a filter keystroke does one step in `refilter` and the next before
/// its redraw, so the chunk bounds what a keystroke costs at any size. The
/// whole scan takes as long either way; only its slices are thinner (each
/// still ends in a redraw, which costs about 0.2 ms).
pub const FILTER_CHUNK: usize = 2_000;

/// What the list is filtered by.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilterSpec {
    /// Lower-case words that must all appear in the key, title, labels or
    /// an external key (`MESOS-313`).
    pub words: Vec<String>,
    pub owner: Option<Role>,
    /// Only items linked to these initiatives (the PO's intake view).
    pub initiatives: Option<Vec<Uuid>>,
    /// Hide done and dropped items.
    pub open_only: bool,
}

impl FilterSpec {
    pub fn new(query: &str, owner: Option<Role>) -> FilterSpec {
        FilterSpec {
            words: query.split_whitespace().map(str::to_lowercase).collect(),
            owner,
            initiatives: None,
            open_only: false,
        }
    }
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.owner.is_none() && self.initiatives.is_none() && !self.open_only
    }
    pub fn matches(&self, item: &Item) -> bool {
        if self.owner.is_some_and(|o| item.meta.owner != o) || (self.open_only && item.status.is_closed()) {
            return false;
        }
        if let Some(list) = &self.initiatives
            && !item.initiative.is_some_and(|i| list.contains(&i))
        {
            return false;
        }
        self.words.iter().all(|w| {
            contains_ci(&item.title, w)
                || contains_ci(&item.key, w)
                || item.labels.iter().any(|l| contains_ci(l, w))
                || item.external.iter().any(|x| contains_ci(&x.key, w))
        })
    }
}

/// Case-insensitive substring test without allocating for ASCII text.
fn contains_ci(hay: &str, needle_lower: &str) -> bool {
    if hay.is_ascii() && needle_lower.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle_lower.as_bytes());
        return n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(needle_lower)
}

fn cmp_items(ws: &Workspace, a: usize, b: usize) -> Ordering {
    let (a, b) = (&ws.items[a], &ws.items[b]);
    a.rank.cmp(&b.rank).then(a.meta.id.cmp(&b.meta.id))
}

#[derive(Debug, Clone, Default)]
struct FilterRun {
    spec: FilterSpec,
    rows: Vec<usize>,
    /// How far into `order` the scan has got.
    scanned: usize,
}

/// A score to sort the visible items by (the rank stays as it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreSort {
    Wsjf,
    Rice,
}

impl ScoreSort {
    pub fn score(self, item: &Item) -> Option<f64> {
        match self {
            ScoreSort::Wsjf => item.scoring.wsjf_score(),
            ScoreSort::Rice => item.scoring.rice_score(),
        }
    }
}

/// The visible items sorted by a score, with where each stands by rank.
#[derive(Debug, Clone, Default)]
struct ScoreView {
    rows: Vec<usize>,
    /// Item position -> its index in rank order among the visible items.
    rank_index: std::collections::HashMap<usize, usize>,
}

#[derive(Debug, Clone, Default)]
pub struct RankedList {
    /// Positions (in `ws.items`) of live items, by rank then id.
    order: Vec<usize>,
    filter: Option<FilterRun>,
    score_by: Option<ScoreSort>,
    score_view: Option<ScoreView>,
}

impl RankedList {
    pub fn build(ws: &Workspace) -> RankedList {
        RankedList { order: ws.ranked_item_positions(), ..RankedList::default() }
    }

    /// Sorts the visible items by a score (`None`: back to rank order).
    /// Built once the filter scan is complete; rebuilt after each change.
    pub fn set_score_sort(&mut self, ws: &Workspace, by: Option<ScoreSort>) {
        self.score_by = by;
        self.score_view = None;
        self.build_score_view(ws);
    }

    pub fn score_sort(&self) -> Option<ScoreSort> {
        self.score_by
    }

    fn build_score_view(&mut self, ws: &Workspace) {
        let Some(by) = self.score_by else { return };
        if self.scanning() {
            return;
        }
        // Prioritising is about open work: done and dropped items stay out
        // of the score view (as they stay out of re-ranking by score).
        let visible = self.filter.as_ref().map_or(&self.order, |f| &f.rows);
        let ranked: Vec<usize> = visible.iter().copied().filter(|&p| !ws.items[p].status.is_closed()).collect();
        let rank_index = ranked.iter().enumerate().map(|(i, &p)| (p, i)).collect();
        let mut rows = ranked;
        // Highest score first; unscored items after, in rank order.
        rows.sort_by(|&a, &b| {
            let (sa, sb) = (by.score(&ws.items[a]), by.score(&ws.items[b]));
            match (sa, sb) {
                (Some(x), Some(y)) => y.total_cmp(&x).then(cmp_items(ws, a, b)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => cmp_items(ws, a, b),
            }
        });
        self.score_view = Some(ScoreView { rows, rank_index });
    }

    /// For the score view: how far the item's manual rank is from where
    /// its score puts it (positive: the score says it should be higher).
    pub fn rank_departure(&self, visible_row: usize) -> Option<i64> {
        let v = self.score_view.as_ref()?;
        let pos = *v.rows.get(visible_row)?;
        let rank = *v.rank_index.get(&pos)? as i64;
        Some(rank - visible_row as i64)
    }

    /// The item's position in rank order among the visible items (score view).
    pub fn rank_position(&self, visible_row: usize) -> Option<usize> {
        let v = self.score_view.as_ref()?;
        v.rank_index.get(v.rows.get(visible_row)?).copied()
    }

    /// The visible items in the score view's order (for re-ranking by score).
    pub fn score_order(&self) -> Option<&[usize]> {
        self.score_view.as_ref().map(|v| v.rows.as_slice())
    }

    /// Rebuilds from scratch (after another session's changes arrive),
    /// keeping the filter.
    pub fn rebuild(&mut self, ws: &Workspace) {
        self.order = ws.ranked_item_positions();
        if let Some(f) = &mut self.filter {
            f.rows.clear();
            f.scanned = 0;
        }
        self.score_view = None;
        self.build_score_view(ws);
    }

    pub fn spec(&self) -> Option<&FilterSpec> {
        self.filter.as_ref().map(|f| &f.spec)
    }

    /// Sets the filter; the scan starts over and runs in [`Self::step`].
    pub fn set_filter(&mut self, spec: FilterSpec) {
        if self.spec() == Some(&spec) {
            return;
        }
        self.filter = (!spec.is_empty()).then(|| FilterRun { spec, rows: Vec::new(), scanned: 0 });
        self.score_view = None;
    }

    /// Advances the filter scan by at most `budget` items. Returns true
    /// while there is more to scan.
    pub fn step(&mut self, ws: &Workspace, budget: usize) -> bool {
        if let Some(f) = &mut self.filter {
            let end = f.scanned.saturating_add(budget).min(self.order.len());
            for &pos in &self.order[f.scanned..end] {
                if f.spec.matches(&ws.items[pos]) {
                    f.rows.push(pos);
                }
            }
            f.scanned = end;
            if end < self.order.len() {
                return true;
            }
        }
        if self.score_by.is_some() && self.score_view.is_none() {
            self.build_score_view(ws);
        }
        false
    }

    /// True while a filter scan is still running.
    pub fn scanning(&self) -> bool {
        self.filter.as_ref().is_some_and(|f| f.scanned < self.order.len())
    }

    /// Rows visible now (filtered rows found so far, or all).
    pub fn len(&self) -> usize {
        self.visible().len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// All live items, filtered or not.
    pub fn total(&self) -> usize {
        self.order.len()
    }
    /// The item position shown at visible row `i`.
    pub fn get(&self, i: usize) -> Option<usize> {
        self.visible().get(i).copied()
    }

    fn visible(&self) -> &[usize] {
        if let Some(v) = &self.score_view {
            return &v.rows;
        }
        self.filter.as_ref().map_or(&self.order, |f| &f.rows)
    }

    /// The visible row of item `pos`, if shown (binary search by rank).
    pub fn index_of(&self, ws: &Workspace, pos: usize) -> Option<usize> {
        if let Some(v) = &self.score_view {
            return v.rows.iter().position(|&p| p == pos);
        }
        let v = self.visible();
        let i = v.partition_point(|&p| cmp_items(ws, p, pos) == Ordering::Less);
        (v.get(i) == Some(&pos)).then_some(i)
    }

    /// The index in the full order of item `pos` (for rank neighbours).
    pub fn order_index(&self, ws: &Workspace, pos: usize) -> Option<usize> {
        let i = self.order.partition_point(|&p| cmp_items(ws, p, pos) == Ordering::Less);
        (self.order.get(i) == Some(&pos)).then_some(i)
    }
    pub fn order_at(&self, i: usize) -> Option<usize> {
        self.order.get(i).copied()
    }

    /// Takes in changed items: each is removed from where it was (found
    /// near `hint`, the row it was shown at) and put back where its rank
    /// says, if it is still live. Cost: a few lookups per changed item.
    pub fn on_items_changed(&mut self, ws: &Workspace, changed: &[usize], hint: Option<usize>) {
        if changed.is_empty() {
            return;
        }
        // The scan front is an index into `order`: it moves with every
        // removal and insert before it, so it keeps marking the first item
        // not yet scanned.
        for &pos in changed {
            let removed = remove_near(&mut self.order, pos, hint);
            if let Some(f) = &mut self.filter {
                if removed.is_some_and(|r| r < f.scanned) {
                    f.scanned -= 1;
                }
                remove_near(&mut f.rows, pos, hint);
            }
        }
        for &pos in changed {
            if !ws.items[pos].is_live() {
                continue;
            }
            let i = self.order.partition_point(|&p| cmp_items(ws, p, pos) == Ordering::Less);
            let scan_done = self.filter.as_ref().is_some_and(|f| f.scanned == self.order.len());
            self.order.insert(i, pos);
            if let Some(f) = &mut self.filter {
                // Past the front of a running scan the scan will find it.
                if i < f.scanned || scan_done {
                    f.scanned += 1;
                    if f.spec.matches(&ws.items[pos]) {
                        let j = f.rows.partition_point(|&p| cmp_items(ws, p, pos) == Ordering::Less);
                        f.rows.insert(j, pos);
                    }
                }
            }
        }
        if self.score_view.is_some() {
            self.score_view = None;
            self.build_score_view(ws);
        }
    }
}

/// Removes `pos` from `v`, looking near `hint` first; returns the index it
/// was at.
fn remove_near(v: &mut Vec<usize>, pos: usize, hint: Option<usize>) -> Option<usize> {
    if let Some(h) = hint {
        // The hint is a row of the list as it was; earlier removals may
        // have made `v` shorter than that.
        let hi = (h + 3).min(v.len());
        let lo = h.saturating_sub(2).min(hi);
        if let Some(i) = v[lo..hi].iter().position(|&p| p == pos) {
            v.remove(lo + i);
            return Some(lo + i);
        }
    }
    let i = v.iter().position(|&p| p == pos)?;
    v.remove(i);
    Some(i)
}
