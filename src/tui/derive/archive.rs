//! The archive popup's rows: the archived items a query finds, the most
//! recently closed first.

use crate::domain::Workspace;
use crate::domain::query::Query;

/// Positions in `shelf` (the archive as its readers see it) of the items
/// the query finds that are archived: not in the live workspace, whose
/// copy counts where both hold one.
pub fn archive_rows(shelf: &Workspace, live: &Workspace, query: &str, user: &str) -> Vec<usize> {
    let q = Query::parse(query, shelf, user);
    let mut rows: Vec<usize> = shelf
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.is_live() && live.item(i.meta.id).is_none() && q.matches(shelf, i))
        .map(|(p, _)| p)
        .collect();
    rows.sort_by_key(|&p| std::cmp::Reverse((shelf.items[p].meta.updated_at, shelf.items[p].meta.id)));
    rows
}
