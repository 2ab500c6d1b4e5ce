//! What the list is filtered by, and the scan that finds its rows: a
//! first chunk read directly, then the words looked up in the index.

use crate::domain::query::{Found, Query, TextIndex};
use crate::domain::{Item, Role, Workspace};
use uuid::Uuid;

/// Items read directly per filter step: a fraction of a millisecond
/// (reading an item's texts costs some 250 ns in the generated 100k
/// workspace, `benches/tui.rs`). A filter keystroke reads one chunk in
/// `refilter`, for its first screen; the rest of the scan goes through the
/// [`TextIndex`] in background steps, at most a work slice of them per frame.
pub const FILTER_CHUNK: usize = 2_000;

/// With every item's texts in the [`TextIndex`], a word costs a bit test,
/// not a read of the item's texts: a step takes this many times more.
const INDEXED_CHUNK_FACTOR: usize = 25;

/// Items whose texts are put in the index per step of background work.
pub(super) const INDEX_CHUNK: usize = 5_000;

/// Bytes of the index searched for a filter's words per step: a couple of
/// milliseconds.
const SEARCH_BYTES: usize = 8 << 20;

/// More rows than any screen shows: while the index is searched, items are
/// read directly until this many are found.
const A_SCREEN: usize = 200;

/// What the list is filtered by.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FilterSpec {
    /// The `/` query, parsed against the workspace (see [`Query`]).
    pub query: Query,
    pub owner: Option<Role>,
    /// Only items linked to these initiatives (the PO's intake view).
    pub initiatives: Option<Vec<Uuid>>,
    /// Hide done and dropped items.
    pub open_only: bool,
}

impl FilterSpec {
    /// `user` is the session's person (`@me`).
    pub fn new(ws: &Workspace, query: &str, owner: Option<Role>, user: &str) -> FilterSpec {
        FilterSpec { query: Query::parse(query, ws, user), owner, initiatives: None, open_only: false }
    }
    pub fn is_empty(&self) -> bool {
        self.query.is_empty() && self.owner.is_none() && self.initiatives.is_none() && !self.open_only
    }
    pub fn matches(&self, ws: &Workspace, item: &Item) -> bool {
        self.fits(item) && self.query.matches(ws, item) && !self.hides_closed(item)
    }
    /// Hidden only because it is done or dropped (an item named by its
    /// key shows whatever its status).
    pub(super) fn hides_closed(&self, item: &Item) -> bool {
        self.open_only && item.status.is_closed() && !self.query.names(item.meta.id)
    }
    /// True if only the query, owner and initiatives are checked (done
    /// work hidden is the rank view's default, not a filter the user set).
    pub fn only_hides_closed(&self) -> bool {
        self.query.is_empty() && self.owner.is_none() && self.initiatives.is_none()
    }
    /// [`Self::matches`] for the item at `pos`, its words answered by what
    /// the index found.
    pub(super) fn matches_at(&self, ws: &Workspace, pos: usize, found: &Found) -> bool {
        self.matches_but_closed_at(ws, pos, found) && !self.hides_closed(&ws.items[pos])
    }
    /// [`Self::matches_at`] but for hiding done work: whether the item
    /// would show if done work were not hidden.
    pub(super) fn matches_but_closed_at(&self, ws: &Workspace, pos: usize, found: &Found) -> bool {
        self.fits(&ws.items[pos]) && self.query.matches_found(ws, pos, found)
    }
    /// The owner and initiatives asked for.
    fn fits(&self, item: &Item) -> bool {
        if self.owner.is_some_and(|o| item.meta.owner != o) {
            return false;
        }
        if let Some(list) = &self.initiatives
            && !item.initiative.is_some_and(|i| list.contains(&i))
        {
            return false;
        }
        true
    }
}

#[derive(Debug, Clone, Default)]
pub(super) struct FilterRun {
    pub(super) spec: FilterSpec,
    pub(super) rows: Vec<usize>,
    /// Items that match but are hidden for being done or dropped (the
    /// view says how many).
    pub(super) closed: std::collections::HashSet<usize>,
    /// How far into `order` the scan has got.
    pub(super) scanned: usize,
    /// The items the index found holding each word, searched for after the
    /// scan's first chunk (kept true as items change).
    pub(super) found: Option<Found>,
}

impl FilterRun {
    pub(super) fn new(spec: FilterSpec) -> FilterRun {
        FilterRun { spec, rows: Vec::new(), closed: Default::default(), scanned: 0, found: None }
    }

    /// Scans on: the first chunk of `order` is read directly, for the first
    /// screen; then the index is searched for the words a slice at a time
    /// (direct reads going on meanwhile until a screen is full); then the
    /// rest costs a bit per word and item. True while some is left.
    pub(super) fn advance(&mut self, ws: &Workspace, order: &[usize], index: &TextIndex, budget: usize) -> bool {
        let read = if self.scanned == 0 {
            budget
        } else {
            let found = self.found.get_or_insert_with(|| index.find(self.spec.query.words()));
            if index.search(found, SEARCH_BYTES) {
                if self.rows.len() < A_SCREEN { budget } else { 0 }
            } else if index.covered() == ws.items.len() {
                budget.saturating_mul(INDEXED_CHUNK_FACTOR)
            } else {
                budget
            }
        };
        self.read(ws, order, read);
        self.scanned < order.len()
    }

    /// What the index found so far (nothing before the search starts:
    /// every item is then read directly).
    pub(super) fn found(&self) -> &Found {
        static NONE: Found = Found::NONE;
        self.found.as_ref().unwrap_or(&NONE)
    }

    /// Files the next `n` items of `order` not yet scanned.
    fn read(&mut self, ws: &Workspace, order: &[usize], n: usize) {
        let end = self.scanned.saturating_add(n).min(order.len());
        for &pos in &order[self.scanned..end] {
            self.take(ws, pos, None);
        }
        self.scanned = end;
    }

    /// Files item `pos`: shown (pushed, or inserted at `at`), counted as
    /// hidden done work, or left out.
    pub(super) fn take(&mut self, ws: &Workspace, pos: usize, at: Option<usize>) {
        let item = &ws.items[pos];
        if !self.spec.matches_but_closed_at(ws, pos, self.found()) {
            return;
        }
        if self.spec.hides_closed(item) {
            self.closed.insert(pos);
            return;
        }
        match at {
            Some(j) => self.rows.insert(j, pos),
            None => self.rows.push(pos),
        }
    }
}
