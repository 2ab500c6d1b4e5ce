//! The Sprint pane's planning lists, kept like the ranked list: every
//! item is filed once (a ready candidate, another candidate, a member of
//! an open sprint, or not shown) and each change refiles only the items it
//! touched. Switching the sprint being planned, a pull and a frame then
//! cost what the sprint and the screen hold, not what the workspace holds.

use super::cmp_items;
use crate::domain::sprint::SprintState;
use crate::domain::{Item, ItemKind, Status, Workspace};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;
use uuid::Uuid;

/// Candidates the backlog side lists after the ready ones (it scrolls
/// within): enough to pick from, without listing the whole backlog.
pub const CANDIDATES: usize = 500;

/// Where an item stands in the planning view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Place {
    /// Deleted, or done, dropped or an epic and in no open sprint.
    #[default]
    Hidden,
    /// A ready candidate (listed first), with the points it was filed with.
    Ready(u32),
    /// Another open candidate.
    Other,
    /// In open sprint `.0`.
    Member(Uuid),
}

fn place_of(it: &Item, open: &[Uuid]) -> Place {
    if !it.is_live() {
        return Place::Hidden;
    }
    if let Some(s) = it.sprint.filter(|s| open.contains(s)) {
        return Place::Member(s);
    }
    if it.status.is_closed() || it.kind == ItemKind::Epic {
        Place::Hidden
    } else if it.status == Status::Ready {
        Place::Ready(it.points())
    } else {
        Place::Other
    }
}

/// The open sprints' ids (a handful).
fn open_sprints(ws: &Workspace) -> Vec<Uuid> {
    let mut v: Vec<Uuid> = ws.live_sprints().filter(|s| s.state != SprintState::Closed).map(|s| s.meta.id).collect();
    v.sort();
    v
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Planning {
    open: Vec<Uuid>,
    /// Item position -> where it is filed.
    place: Vec<Place>,
    /// Ready candidates, in rank order, and their points.
    ready: Vec<usize>,
    ready_points: u32,
    /// The other candidates, in rank order.
    other: Vec<usize>,
    /// Each open sprint's members, in rank order.
    members: HashMap<Uuid, Vec<usize>>,
}

/// One side of the planning view: its rows in order, borrowed from the
/// kept lists (or, narrowed by `/`, the rows that match).
#[derive(Debug, Clone, Default)]
pub struct Rows<'a> {
    head: Cow<'a, [usize]>,
    tail: Cow<'a, [usize]>,
    /// Points of all the rows.
    pub points: u32,
}

impl Rows<'_> {
    pub fn len(&self) -> usize {
        self.head.len() + self.tail.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The item position at row `i`.
    pub fn get(&self, i: usize) -> Option<usize> {
        match i.checked_sub(self.head.len()) {
            None => self.head.get(i).copied(),
            Some(j) => self.tail.get(j).copied(),
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.head.iter().chain(self.tail.iter()).copied()
    }
}

impl Planning {
    /// Files every live item, walking `order` (live item positions in rank
    /// order): one pass, for a new session or a workspace replaced whole.
    pub fn build(ws: &Workspace, order: &[usize]) -> Planning {
        let open = open_sprints(ws);
        let mut p = Planning {
            place: vec![Place::Hidden; ws.items.len()],
            members: open.iter().map(|&s| (s, Vec::new())).collect(),
            open,
            ..Planning::default()
        };
        for &pos in order {
            let place = place_of(&ws.items[pos], &p.open);
            p.file(pos, place);
        }
        p
    }

    /// Files `pos` at the end of its list (the caller goes in rank order).
    fn file(&mut self, pos: usize, place: Place) {
        self.place[pos] = place;
        match place {
            Place::Hidden => {}
            Place::Ready(points) => {
                self.ready.push(pos);
                self.ready_points += points;
            }
            Place::Other => self.other.push(pos),
            Place::Member(s) => self.members.entry(s).or_default().push(pos),
        }
    }

    fn list_mut(&mut self, place: Place) -> Option<&mut Vec<usize>> {
        match place {
            Place::Hidden => None,
            Place::Ready(_) => Some(&mut self.ready),
            Place::Other => Some(&mut self.other),
            Place::Member(s) => self.members.get_mut(&s),
        }
    }

    /// Takes in a change: `changed` are the items it touched (positions),
    /// `order` the live items in rank order as they are now. A change to
    /// which sprints are open (one started, closed, planned or deleted)
    /// refiles everything; so does a bulk change. Otherwise each changed
    /// item leaves its list and goes back where its rank says.
    pub fn on_change(&mut self, ws: &Workspace, order: &[usize], changed: &[usize], sprints_changed: bool) {
        if (sprints_changed && open_sprints(ws) != self.open) || changed.len() > super::BULK {
            *self = Planning::build(ws, order);
            return;
        }
        if self.place.len() < ws.items.len() {
            self.place.resize(ws.items.len(), Place::Hidden);
        }
        for &pos in changed {
            let was = self.place[pos];
            let now = place_of(&ws.items[pos], &self.open);
            if was == now
                && let Some(list) = self.list_mut(now)
                && let Some(i) = list.iter().position(|&p| p == pos)
            {
                // Same list (a move, an edit): rotated into place, not
                // taken out and put back (megabytes moved at a million).
                super::reposition(ws, list, i);
                continue;
            }
            if let Place::Ready(points) = was {
                self.ready_points = self.ready_points.saturating_sub(points);
            }
            if let Some(list) = self.list_mut(was)
                && let Some(i) = list.iter().position(|&p| p == pos)
            {
                list.remove(i);
            }
            self.place[pos] = now;
            if let Place::Ready(points) = now {
                self.ready_points += points;
            }
            if let Some(list) = self.list_mut(now) {
                let i = list.partition_point(|&p| cmp_items(ws, p, pos) == Ordering::Less);
                list.insert(i, pos);
            }
        }
    }

    /// The members of sprint `sprint`, in rank order.
    pub fn members(&self, sprint: Uuid) -> &[usize] {
        self.members.get(&sprint).map_or(&[], Vec::as_slice)
    }

    /// The two sides of the view of sprint `sprint`: candidates (ready
    /// first, then up to [`CANDIDATES`] others) and members, each kept to
    /// the items `keep` accepts when given (a `/` or the owner toggle).
    pub fn sides<'a>(&'a self, ws: &Workspace, sprint: Uuid, keep: Option<&dyn Fn(&Item) -> bool>) -> [Rows<'a>; 2] {
        // Dropped members are listed but count nothing, as in the gauge.
        let points = |rows: &[usize]| {
            rows.iter().map(|&p| &*ws.items[p]).filter(|i| i.status != Status::Dropped).map(Item::points).sum::<u32>()
        };
        let members = self.members(sprint);
        let Some(keep) = keep else {
            let other = &self.other[..self.other.len().min(CANDIDATES)];
            return [
                Rows {
                    head: self.ready.as_slice().into(),
                    tail: other.into(),
                    points: self.ready_points + points(other),
                },
                Rows { head: members.into(), tail: Cow::Borrowed(&[]), points: points(members) },
            ];
        };
        let kept = |rows: &[usize], most: usize| -> Vec<usize> {
            rows.iter().copied().filter(|&p| keep(&ws.items[p])).take(most).collect()
        };
        let (ready, other, members) =
            (kept(&self.ready, usize::MAX), kept(&self.other, CANDIDATES), kept(members, usize::MAX));
        [
            Rows { points: points(&ready) + points(&other), head: ready.into(), tail: other.into() },
            Rows { points: points(&members), head: members.into(), tail: Cow::Borrowed(&[]) },
        ]
    }
}
