//! The backlog as the screen sees it: live items in rank order, and a
//! filtered view of them. Both are kept up to date change by change
//! (a reorder moves one entry), and filtering runs in bounded chunks
//! between events, so no keystroke does work proportional to the
//! workspace; the words of a filter are looked up in an index of every
//! item's texts, built between events and kept up to date the same way.

mod family;
mod filter;
mod planning;

use crate::domain::Workspace;
use crate::domain::query::{Sort, SortField, TextIndex, holds_word};
use family::Family;
pub use family::Progress;
pub use filter::{FILTER_CHUNK, FilterSpec};
use filter::{FilterRun, INDEX_CHUNK};
pub use planning::{Planning, Rows};
use std::cmp::Ordering;
use std::collections::HashSet;
use uuid::Uuid;

fn cmp_items(ws: &Workspace, a: usize, b: usize) -> Ordering {
    let (a, b) = (&ws.items[a], &ws.items[b]);
    a.rank.cmp(&b.rank).then(a.meta.id.cmp(&b.meta.id))
}

/// True for the scores: sorting by one is about prioritising open work,
/// so done and dropped items stay out (as they stay out of re-ranking by
/// score), and where the rank departs from the score is marked.
pub fn is_score(field: SortField) -> bool {
    matches!(field, SortField::Wsjf | SortField::Rice)
}

/// The visible items in another order than the rank, with where each
/// stands by rank.
#[derive(Debug, Clone, Default)]
struct SortView {
    rows: Vec<usize>,
    /// Item position -> its index in rank order among the visible items.
    rank_index: std::collections::HashMap<usize, usize>,
}

#[derive(Debug, Clone, Default)]
pub struct RankedList {
    /// Positions (in `ws.items`) of live items, by rank then id.
    order: Vec<usize>,
    filter: Option<FilterRun>,
    sort: Sort,
    sort_view: Option<SortView>,
    family: Family,
    /// Epics shown expanded, their children under them (rank view only).
    expanded: HashSet<Uuid>,
    tree: Option<TreeView>,
    /// Every item's texts, lower-cased, for the filter's words: built
    /// between events, kept up to date change by change.
    index: TextIndex,
}

/// The visible rows with expanded epics' children moved under them.
#[derive(Debug, Clone, Default)]
struct TreeView {
    rows: Vec<usize>,
    /// Rows shown indented under their epic.
    children: HashSet<usize>,
}

impl RankedList {
    pub fn build(ws: &Workspace) -> RankedList {
        let order = ws.ranked_item_positions();
        let family = Family::build(ws, &order);
        RankedList { order, family, ..RankedList::default() }
    }

    /// How far an epic's children have got (any size of workspace: it
    /// costs the epic's children).
    pub fn progress(&self, ws: &Workspace, epic: usize) -> Progress {
        self.family.progress(ws, epic)
    }

    /// How many live items are filed under the epic at `epic`.
    pub fn child_count(&self, epic: usize) -> usize {
        self.family.children(epic).len()
    }

    /// How many live items would lose their parent epic if the items `ids`
    /// were deleted (children deleted with them are not counted). Costs the
    /// items and their children, not the workspace.
    pub fn children_unlinked(&self, ws: &Workspace, ids: &[Uuid]) -> usize {
        let set: HashSet<Uuid> = ids.iter().copied().collect();
        ids.iter()
            .filter_map(|id| ws.item_pos(*id))
            .flat_map(|p| self.family.children(p).iter())
            .filter(|&&c| !set.contains(&ws.items[c].meta.id))
            .count()
    }

    /// True if the epic `id` is shown expanded.
    pub fn is_expanded(&self, id: Uuid) -> bool {
        self.expanded.contains(&id)
    }

    /// Expands or collapses the epic `id` (rebuilding the rows at once).
    pub fn toggle_expanded(&mut self, ws: &Workspace, id: Uuid) {
        if !self.expanded.remove(&id) {
            self.expanded.insert(id);
        }
        self.build_tree(ws);
    }

    /// True if visible row `i` is shown indented under its epic.
    pub fn is_child_row(&self, i: usize) -> bool {
        self.tree.as_ref().is_some_and(|t| t.rows.get(i).is_some_and(|p| t.children.contains(p)))
    }

    /// The epic an item is filed under, if any (its position).
    pub fn parent_of(&self, pos: usize) -> Option<usize> {
        self.family.parent_of(pos)
    }

    /// Rebuilds the expanded view: the visible rows, with the open epics'
    /// children taken out of their places and put under their epic. Only
    /// while some epic is expanded, in rank order, with the scan done. The
    /// children are found through the family, so the one pass over the rows
    /// copies positions and never reads the items themselves.
    fn build_tree(&mut self, ws: &Workspace) {
        self.tree = None;
        self.expanded.retain(|id| ws.item(*id).is_some_and(|i| i.is_live()));
        if self.expanded.is_empty() || !self.sort.is_rank() || self.scanning() {
            return;
        }
        let base = self.filter.as_ref().map_or(&self.order, |f| &f.rows);
        let row_of = |p: usize| {
            let i = base.partition_point(|&x| cmp_items(ws, x, p) == Ordering::Less);
            (base.get(i) == Some(&p)).then_some(i)
        };
        let spec = self.filter.as_ref().map(|f| &f.spec);
        // The open epics that are shown, by row, each with its children as
        // they will be listed under it (those the filter lets through).
        let mut open: Vec<(usize, Vec<usize>)> = self
            .expanded
            .iter()
            .filter_map(|id| ws.item_pos(*id))
            .filter_map(|p| row_of(p).map(|row| (row, p)))
            .map(|(row, p)| {
                let mut kids: Vec<usize> = self
                    .family
                    .children(p)
                    .iter()
                    .copied()
                    .filter(|&c| spec.is_none_or(|s| s.matches(ws, &ws.items[c])))
                    .collect();
                kids.sort_by(|&a, &b| cmp_items(ws, a, b));
                (row, kids)
            })
            .collect();
        open.sort_by_key(|(row, _)| *row);
        // Every child of an open epic leaves its own row.
        let mut moved = vec![false; base.len()];
        for (row, _) in &open {
            for &c in self.family.children(base[*row]) {
                if let Some(i) = row_of(c) {
                    moved[i] = true;
                }
            }
        }
        let mut tree = TreeView { rows: Vec::with_capacity(base.len()), children: HashSet::new() };
        let mut next = open.iter().peekable();
        for (i, &p) in base.iter().enumerate() {
            let epic = next.next_if(|(row, _)| *row == i);
            if moved[i] {
                continue; // shown under its epic
            }
            tree.rows.push(p);
            if let Some((_, kids)) = epic {
                tree.children.extend(kids.iter().copied());
                tree.rows.extend(kids.iter().copied());
            }
        }
        self.tree = Some(tree);
    }

    /// Shows the visible items in another order (the rank stays as it is).
    /// Built once the filter scan is complete; rebuilt after each change.
    pub fn set_sort(&mut self, ws: &Workspace, sort: Sort) {
        self.sort = sort;
        self.sort_view = None;
        self.build_sort_view(ws);
        self.build_tree(ws);
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    fn build_sort_view(&mut self, ws: &Workspace) {
        if self.sort.is_rank() || self.scanning() {
            return;
        }
        let visible = self.filter.as_ref().map_or(&self.order, |f| &f.rows);
        let mut rows: Vec<usize> = if is_score(self.sort.field) {
            visible.iter().copied().filter(|&p| !ws.items[p].status.is_closed()).collect()
        } else {
            visible.clone()
        };
        let rank_index = rows.iter().enumerate().map(|(i, &p)| (p, i)).collect();
        self.sort.order(ws, &mut rows, |p| p);
        self.sort_view = Some(SortView { rows, rank_index });
    }

    /// Whether item `pos` is one the list shows (found by the filter, not
    /// hidden as done work, not left out of a score's order), however far
    /// the scan has got. Costs one match, not a search of the rows.
    pub fn shows(&self, ws: &Workspace, pos: usize) -> bool {
        let item = &ws.items[pos];
        item.is_live()
            && self.filter.as_ref().is_none_or(|f| f.spec.matches(ws, item))
            && !(is_score(self.sort.field) && item.status.is_closed())
    }

    /// For a sorted view: how far the item's manual rank is from where
    /// the sort puts it (positive: the sort has it higher).
    pub fn rank_departure(&self, visible_row: usize) -> Option<i64> {
        let v = self.sort_view.as_ref()?;
        let pos = *v.rows.get(visible_row)?;
        let rank = *v.rank_index.get(&pos)? as i64;
        Some(rank - visible_row as i64)
    }

    /// The item's position in rank order among the visible items (sorted view).
    pub fn rank_position(&self, visible_row: usize) -> Option<usize> {
        let v = self.sort_view.as_ref()?;
        v.rank_index.get(v.rows.get(visible_row)?).copied()
    }

    /// Rebuilds from scratch (after another session's changes arrive),
    /// keeping the filter.
    pub fn rebuild(&mut self, ws: &Workspace) {
        self.order = ws.ranked_item_positions();
        self.family = Family::build(ws, &self.order);
        // Positions may all have moved: the index is built again.
        self.index = TextIndex::default();
        if let Some(f) = &mut self.filter {
            *f = FilterRun::new(std::mem::take(&mut f.spec));
        }
        self.sort_view = None;
        self.build_sort_view(ws);
        self.build_tree(ws);
    }

    pub fn spec(&self) -> Option<&FilterSpec> {
        self.filter.as_ref().map(|f| &f.spec)
    }

    /// Sets the filter; the scan starts over and runs in [`Self::step`].
    pub fn set_filter(&mut self, spec: FilterSpec) {
        if self.spec() == Some(&spec) {
            return;
        }
        self.filter = (!spec.is_empty()).then(|| FilterRun::new(spec));
        self.sort_view = None;
        self.tree = None;
    }

    /// Advances the filter scan by `budget` items read directly, or many
    /// more once the index has answered the query's words. Returns true
    /// while there is more to scan.
    pub fn step(&mut self, ws: &Workspace, budget: usize) -> bool {
        if let Some(f) = &mut self.filter
            && f.scanned < self.order.len()
            && f.advance(ws, &self.order, &self.index, budget)
        {
            return true;
        }
        if !self.sort.is_rank() && self.sort_view.is_none() {
            self.build_sort_view(ws);
        }
        if !self.expanded.is_empty() && self.tree.is_none() {
            self.build_tree(ws);
        }
        false
    }

    /// Puts more items' texts in the filter's index (background work after
    /// the scan and the forecasts). Returns true while some are left.
    pub fn index_step(&mut self, ws: &Workspace) -> bool {
        self.index.extend(ws, INDEX_CHUNK)
    }

    /// True while the filter's index misses some items.
    pub fn indexing(&self, ws: &Workspace) -> bool {
        self.index.covered() < ws.items.len()
    }

    /// Done and dropped items hidden that would otherwise show (as far as
    /// the scan has got).
    pub fn hidden_closed(&self) -> usize {
        self.filter.as_ref().map_or(0, |f| f.closed.len())
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
        if let Some(v) = &self.sort_view {
            return &v.rows;
        }
        if let Some(t) = &self.tree {
            return &t.rows;
        }
        self.filter.as_ref().map_or(&self.order, |f| &f.rows)
    }

    /// The visible row of item `pos`, if shown (binary search by rank).
    pub fn index_of(&self, ws: &Workspace, pos: usize) -> Option<usize> {
        if let Some(v) = &self.sort_view {
            return v.rows.iter().position(|&p| p == pos);
        }
        if let Some(t) = &self.tree {
            return t.rows.iter().position(|&p| p == pos);
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
    /// Live item positions in rank order, unfiltered.
    pub fn order(&self) -> &[usize] {
        &self.order
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
            self.family.remove(pos);
            self.family.add(ws, pos);
            self.index.update(ws, pos);
            if let Some(found) = self.filter.as_mut().and_then(|f| f.found.as_mut()) {
                found.refresh(pos, |w| holds_word(&ws.items[pos], w));
            }
        }
        if changed.len() > BULK {
            self.take_in_bulk(ws, changed);
        } else {
            self.take_one_by_one(ws, changed, hint);
        }
        if self.sort_view.is_some() {
            self.sort_view = None;
            self.build_sort_view(ws);
        }
        if !self.expanded.is_empty() {
            self.build_tree(ws);
        }
    }

    /// Many changed items (a bulk action): one pass takes them all out and
    /// one merge puts the live ones back, instead of a search and a shift
    /// of the list for each. A filter scan still running starts again.
    fn take_in_bulk(&mut self, ws: &Workspace, changed: &[usize]) {
        let mut out = vec![false; ws.items.len()];
        for &p in changed {
            if let Some(x) = out.get_mut(p) {
                *x = true;
            }
        }
        let gone = |p: &usize| out.get(*p).copied().unwrap_or(false);
        let mut back: Vec<usize> = changed.iter().copied().filter(|&p| ws.items[p].is_live()).collect();
        back.sort_by(|&a, &b| cmp_items(ws, a, b));
        back.dedup();
        let scan_done = self.filter.as_ref().is_none_or(|f| f.scanned >= self.order.len());
        self.order.retain(|p| !gone(p));
        self.order = merge_sorted(ws, std::mem::take(&mut self.order), &back);
        if let Some(f) = &mut self.filter {
            if !scan_done {
                f.rows.clear();
                f.closed.clear();
                f.scanned = 0;
                return;
            }
            f.rows.retain(|p| !gone(p));
            f.closed.retain(|p| !gone(p));
            let mut shown = Vec::with_capacity(back.len());
            for &p in &back {
                let item = &ws.items[p];
                if !f.spec.matches_but_closed_at(ws, p, f.found()) {
                    continue;
                }
                if f.spec.hides_closed(item) {
                    f.closed.insert(p);
                } else {
                    shown.push(p);
                }
            }
            f.rows = merge_sorted(ws, std::mem::take(&mut f.rows), &shown);
            f.scanned = self.order.len();
        }
    }

    /// A few changed items: each found near where it was shown and put
    /// back where its rank says.
    fn take_one_by_one(&mut self, ws: &Workspace, changed: &[usize], hint: Option<usize>) {
        if let [pos] = *changed
            && self.move_one(ws, pos, hint)
        {
            return;
        }
        for &pos in changed {
            let removed = remove_near(&mut self.order, pos, hint);
            if let Some(f) = &mut self.filter {
                if removed.is_some_and(|r| r < f.scanned) {
                    f.scanned -= 1;
                }
                remove_near(&mut f.rows, pos, hint);
                f.closed.remove(&pos);
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
                    let j = f.rows.partition_point(|&p| cmp_items(ws, p, pos) == Ordering::Less);
                    f.take(ws, pos, Some(j));
                }
            }
        }
    }

    /// One live item changed (a move with `J`, a pull with `s`, an edit)
    /// with no scan under way: it is moved from where it was to where its
    /// rank says by shifting only the entries in between, not the rest of
    /// the list as a removal and an insert would (8 MB at a million items).
    /// False if this case does not apply.
    fn move_one(&mut self, ws: &Workspace, pos: usize, hint: Option<usize>) -> bool {
        if !ws.items[pos].is_live() || self.scanning() {
            return false;
        }
        let Some(from) = find_near(&self.order, pos, hint) else { return false };
        reposition(ws, &mut self.order, from);
        let Some(f) = &mut self.filter else { return true };
        f.closed.remove(&pos);
        match find_near(&f.rows, pos, hint) {
            Some(row) if f.spec.matches_at(ws, pos, f.found()) => {
                reposition(ws, &mut f.rows, row);
            }
            row => {
                if let Some(row) = row {
                    f.rows.remove(row);
                }
                let j = f.rows.partition_point(|&p| cmp_items(ws, p, pos) == Ordering::Less);
                f.take(ws, pos, Some(j));
            }
        }
        true
    }
}

/// Where `pos` is in `v`, looking near `hint` first.
fn find_near(v: &[usize], pos: usize, hint: Option<usize>) -> Option<usize> {
    if let Some(h) = hint {
        // The hint is a row of the list as it was; earlier removals may
        // have made `v` shorter than that.
        let hi = (h + 3).min(v.len());
        let lo = h.saturating_sub(2).min(hi);
        if let Some(i) = v[lo..hi].iter().position(|&p| p == pos) {
            return Some(lo + i);
        }
    }
    v.iter().position(|&p| p == pos)
}

/// Moves the entry at `from` of `v` (sorted by rank but for that entry)
/// to where its rank puts it, rotating only the entries it passes.
fn reposition(ws: &Workspace, v: &mut [usize], from: usize) {
    let pos = v[from];
    let less = |p: &usize| cmp_items(ws, *p, pos) == Ordering::Less;
    let before = v[..from].partition_point(less);
    if before < from {
        v[before..=from].rotate_right(1);
    } else {
        let after = from + 1 + v[from + 1..].partition_point(less);
        v[from..after].rotate_left(1);
    }
}

/// Above this many changed items a change is taken in with one pass over
/// the list rather than item by item.
const BULK: usize = 16;

/// Two lists sorted by rank, as one.
fn merge_sorted(ws: &Workspace, a: Vec<usize>, b: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut bi = b.iter().peekable();
    for p in a {
        while let Some(&&q) = bi.peek() {
            if cmp_items(ws, q, p) == Ordering::Less {
                out.push(q);
                bi.next();
            } else {
                break;
            }
        }
        out.push(p);
    }
    out.extend(bi);
    out
}

/// Removes `pos` from `v`, looking near `hint` first; returns the index it
/// was at.
fn remove_near(v: &mut Vec<usize>, pos: usize, hint: Option<usize>) -> Option<usize> {
    let i = find_near(v, pos, hint)?;
    v.remove(i);
    Some(i)
}

#[cfg(test)]
mod tests;
