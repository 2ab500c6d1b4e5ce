//! The sort picker's letters and what the go-to prompt would open.

use super::AlignTarget;
use crate::domain::Workspace;
use crate::domain::query::SortField;

/// The letter that picks each column in the sort picker (`j` and `k` move,
/// so the key column is `y`).
pub const SORT_LETTERS: [(SortField, char); 13] = [
    (SortField::Rank, 'r'),
    (SortField::Key, 'y'),
    (SortField::Kind, 'd'),
    (SortField::Title, 't'),
    (SortField::Points, 'p'),
    (SortField::Status, 's'),
    (SortField::Owner, 'o'),
    (SortField::Sprint, 'n'),
    (SortField::Initiative, 'i'),
    (SortField::Assignee, 'a'),
    (SortField::Wsjf, 'w'),
    (SortField::Rice, 'e'),
    (SortField::Updated, 'u'),
];

/// What the go-to prompt would open for `text`: an item by key, number or
/// external key, an initiative, or a goal.
pub fn go_to_target(ws: &Workspace, text: &str) -> Result<AlignTarget, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!(
            "type a key: an item ({0}-1, or just 1), an initiative (R1) or a goal (G1)",
            ws.workspace.key_prefix
        ));
    }
    let item_key = match t.parse::<u64>() {
        Ok(n) => ws.item_key(n),
        Err(_) => t.to_owned(),
    };
    if let Some(i) = ws.item_by_key(&item_key) {
        return Ok(AlignTarget::Item(i.meta.id));
    }
    if let Some(i) = ws.initiative_by_key(t) {
        return Ok(AlignTarget::Initiative(i.meta.id));
    }
    if let Some(g) = ws.goal_by_key(t) {
        return Ok(AlignTarget::Goal(g.meta.id));
    }
    let mut external = ws.items_by_external(t);
    match (external.next(), external.next()) {
        (Some(i), None) => Ok(AlignTarget::Item(i.meta.id)),
        (Some(_), Some(_)) => Err(format!("{t} is the external key of several items: use the key")),
        _ => Err(format!("no item, initiative or goal {t}")),
    }
}
