//! The backlog as the screen sees it: live items in rank order, and a
//! filtered view of them. Both are kept up to date change by change
//! (a reorder moves one entry), and filtering runs in bounded chunks
//! between events, so no keystroke does work proportional to the
//! workspace.

use crate::domain::{Item, Role, Workspace};
use std::cmp::Ordering;
use uuid::Uuid;

/// Items scanned per filter step: about a millisecond of work. Matching
/// costs some 200 ns an item (generated 100k workspace, `benches/tui.rs`),
/// so 20,000 was 4–5 ms a step, and a filter keystroke at 100k items (one
/// step in `refilter`, the next before the redraw) took 9–12 ms against
/// 0.3 ms at 100 items. The scan as a whole takes as long as before; only
/// its slices got thinner (each still ends in a redraw).
pub const FILTER_CHUNK: usize = 5_000;

/// What the list is filtered by.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilterSpec {
    /// Lower-case words that must all appear in the key, title or labels.
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
            contains_ci(&item.title, w) || contains_ci(&item.key, w) || item.labels.iter().any(|l| contains_ci(l, w))
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

#[derive(Debug, Clone, Default)]
pub struct RankedList {
    /// Positions (in `ws.items`) of live items, by rank then id.
    order: Vec<usize>,
    filter: Option<FilterRun>,
}

impl RankedList {
    pub fn build(ws: &Workspace) -> RankedList {
        RankedList { order: ws.ranked_item_positions(), filter: None }
    }

    /// Rebuilds from scratch (after another session's changes arrive),
    /// keeping the filter.
    pub fn rebuild(&mut self, ws: &Workspace) {
        self.order = ws.ranked_item_positions();
        if let Some(f) = &mut self.filter {
            f.rows.clear();
            f.scanned = 0;
        }
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
    }

    /// Advances the filter scan by at most `budget` items. Returns true
    /// while there is more to scan.
    pub fn step(&mut self, ws: &Workspace, budget: usize) -> bool {
        let Some(f) = &mut self.filter else { return false };
        let end = (f.scanned + budget).min(self.order.len());
        for &pos in &self.order[f.scanned..end] {
            if f.spec.matches(&ws.items[pos]) {
                f.rows.push(pos);
            }
        }
        f.scanned = end;
        end < self.order.len()
    }

    /// True while a filter scan is still running.
    pub fn scanning(&self) -> bool {
        self.filter.as_ref().is_some_and(|f| f.scanned < self.order.len())
    }

    /// Rows visible now (filtered rows found so far, or all).
    pub fn len(&self) -> usize {
        self.filter.as_ref().map_or(self.order.len(), |f| f.rows.len())
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
        match &self.filter {
            Some(f) => f.rows.get(i).copied(),
            None => self.order.get(i).copied(),
        }
    }

    fn visible(&self) -> &[usize] {
        self.filter.as_ref().map_or(&self.order, |f| &f.rows)
    }

    /// The visible row of item `pos`, if shown (binary search by rank).
    pub fn index_of(&self, ws: &Workspace, pos: usize) -> Option<usize> {
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
        for &pos in changed {
            remove_near(&mut self.order, pos, hint);
            if let Some(f) = &mut self.filter {
                remove_near(&mut f.rows, pos, hint);
            }
        }
        for &pos in changed {
            if !ws.items[pos].is_live() {
                continue;
            }
            let i = self.order.partition_point(|&p| cmp_items(ws, p, pos) == Ordering::Less);
            self.order.insert(i, pos);
            if let Some(f) = &mut self.filter {
                // Past the scan front the scan itself will find it.
                if i < f.scanned && f.spec.matches(&ws.items[pos]) {
                    let j = f.rows.partition_point(|&p| cmp_items(ws, p, pos) == Ordering::Less);
                    f.rows.insert(j, pos);
                }
            }
        }
        if let Some(f) = &mut self.filter {
            // Entries before the front shifted by the inserts and removals
            // above; the front itself stays a valid resume point.
            f.scanned = f.scanned.min(self.order.len());
        }
    }
}

/// Removes `pos` from `v`, looking near `hint` first.
fn remove_near(v: &mut Vec<usize>, pos: usize, hint: Option<usize>) {
    if let Some(h) = hint {
        let lo = h.saturating_sub(2);
        let hi = (h + 3).min(v.len());
        if let Some(i) = v[lo..hi].iter().position(|&p| p == pos) {
            v.remove(lo + i);
            return;
        }
    }
    if let Some(i) = v.iter().position(|&p| p == pos) {
        v.remove(i);
    }
}
