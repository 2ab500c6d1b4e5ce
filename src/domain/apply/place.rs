//! Turning a [`Position`] into a rank key. Exact neighbours (`Between`) cost
//! two lookups; the other positions scan the list once.

use crate::domain::command::{Place, Position};
use crate::domain::error::DomainError;
use crate::domain::rank;
use crate::domain::workspace::Workspace;
use uuid::Uuid;

/// The new rank, plus neighbours that had to be re-ranked because they
/// shared a key (two sessions inserted at the same spot and merged).
#[derive(Debug, Default)]
pub(crate) struct Placement {
    pub rank: String,
    pub repairs: Vec<(Uuid, String)>,
}

type Key<'a> = (&'a str, Uuid);

/// The first and last members of a list (other than the one moving), when
/// the caller knows them without a scan.
pub(crate) type Ends<'a> = (Option<Key<'a>>, Option<Key<'a>>);

/// Places `moving` at `to` in the list `entries` (all live members, any
/// order); `lookup` finds one member's key. With `ends` known, the top,
/// the bottom and an open-ended `Between` cost no scan.
pub(crate) fn place<'a, I>(
    entries: I,
    lookup: impl Fn(Uuid) -> Option<&'a str>,
    moving: Option<Uuid>,
    to: Position,
    ends: Option<Ends<'a>>,
) -> Result<Placement, DomainError>
where
    I: Iterator<Item = Key<'a>> + Clone,
{
    let others = entries.clone().filter(|(_, id)| Some(*id) != moving);
    let first = || ends.map_or_else(|| others.clone().min(), |e| e.0);
    let last = || ends.map_or_else(|| others.clone().max(), |e| e.1);
    let key_of = |id: Uuid| -> Result<Key<'a>, DomainError> {
        lookup(id).map(|r| (r, id)).ok_or_else(|| DomainError::not_found("neighbour", id))
    };
    let (after, before): (Option<Key>, Option<Key>) = match to {
        Position::Top => (None, first()),
        Position::Bottom => (last(), None),
        Position::Before(x) => {
            let x = key_of(x)?;
            (others.filter(|k| *k < x).max(), Some(x))
        }
        Position::After(x) => {
            let x = key_of(x)?;
            (Some(x), others.filter(|k| *k > x).min())
        }
        Position::Between(Place { after, before }) => {
            let (a, b) = (after.map(key_of).transpose()?, before.map(key_of).transpose()?);
            // An open end must really be the end: a stale view that thinks
            // an item is last would otherwise hand out a key already in use.
            let stale = match (a, b) {
                (Some(a), None) => last().is_some_and(|k| k > a),
                (None, Some(b)) => first().is_some_and(|k| k < b),
                (None, None) => first().is_some(),
                (Some(_), Some(_)) => false,
            };
            if stale {
                return Err(DomainError::invalid(
                    "position",
                    "the list changed while you were moving this; look again and retry",
                ));
            }
            (a, b)
        }
    };
    if let (Some(a), Some(b)) = (after, before)
        && a >= b
    {
        return Err(DomainError::invalid(
            "position",
            "the list changed while you were moving this; look again and retry",
        ));
    }
    let tie = match (after, before) {
        (Some(a), Some(b)) if a.0 == b.0 => Some((a, b)),
        _ => None,
    };
    match (rank::between(after.map(|k| k.0), before.map(|k| k.0)), tie) {
        (Ok(rank), _) => Ok(Placement { rank, repairs: Vec::new() }),
        // A neighbour's key is not a valid order key (a hand edit, an old
        // tool): an error the user can act on, not a guess.
        (Err(e), None) => Err(rank_error(e)),
        (Err(_), Some((a, b))) => {
            // `after` and `before` share a rank key. Re-key the run of equal
            // keys from `before` onwards into the gap above it.
            let mut run: Vec<Key> = entries.clone().filter(|k| Some(k.1) != moving && k.0 == b.0 && *k >= b).collect();
            run.sort();
            let next = entries.filter(|k| k.0 > b.0).map(|k| k.0).min();
            let mut repairs = Vec::with_capacity(run.len());
            let mut lo = rank::between(Some(a.0), next).map_err(rank_error)?;
            let new_rank = lo.clone();
            for k in run {
                let r = rank::between(Some(&lo), next).map_err(rank_error)?;
                repairs.push((k.1, r.clone()));
                lo = r;
            }
            Ok(Placement { rank: new_rank, repairs })
        }
    }
}

fn rank_error(e: rank::RankError) -> DomainError {
    DomainError::invalid("rank", format!("{e}; run `backlog check` to find and fix it"))
}

/// The rank an item would get at `to` (for callers that build commands).
pub fn rank_for(ws: &Workspace, moving: Option<Uuid>, to: Position) -> Result<String, DomainError> {
    Ok(item_placement(ws, moving, to)?.rank)
}

pub(crate) fn item_placement(ws: &Workspace, moving: Option<Uuid>, to: Position) -> Result<Placement, DomainError> {
    // The index knows the first and last items; if one of them is the
    // item moving, the list's ends are found by a scan instead.
    let (first, last) = ws.item_ends();
    let key = |p: usize| (ws.items[p].rank.as_str(), ws.items[p].meta.id);
    let is_moving = |p: Option<usize>| p.is_some_and(|p| Some(ws.items[p].meta.id) == moving);
    let ends = (!is_moving(first) && !is_moving(last)).then(|| (first.map(key), last.map(key)));
    place(
        ws.live_items().map(|i| (i.rank.as_str(), i.meta.id)),
        |id| ws.item(id).filter(|i| i.is_live()).map(|i| i.rank.as_str()),
        moving,
        to,
        ends,
    )
}

/// The neighbours an item has at `to`, as exact [`Place`] for a command
/// (the CLI resolves `--before KEY` once, then sends `Between`).
pub fn neighbours_for(ws: &Workspace, moving: Uuid, to: Position) -> Place {
    let order = ws.ranked_item_positions();
    let ids: Vec<Uuid> = order.iter().map(|&p| ws.items[p].meta.id).filter(|&id| id != moving).collect();
    let at = match to {
        Position::Top => 0,
        Position::Bottom => ids.len(),
        Position::Before(x) => ids.iter().position(|&i| i == x).unwrap_or(ids.len()),
        Position::After(x) => ids.iter().position(|&i| i == x).map_or(ids.len(), |p| p + 1),
        Position::Between(p) => return p,
    };
    Place { after: at.checked_sub(1).map(|i| ids[i]), before: ids.get(at).copied() }
}
