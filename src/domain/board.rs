//! The sprint board's columns, and their work-in-progress limits (schema
//! 6): a move that takes a column of the running sprint past its limit is
//! allowed, and warned about, in the TUI and the CLI alike.

use super::item::Status;
use super::workspace::Workspace;
use uuid::Uuid;

/// The board's columns: a name to show, a slug for settings and the
/// command line, and the statuses each one holds.
pub const BOARD: [(&str, &str, &[Status]); 4] = {
    use Status::*;
    [
        ("To do", "todo", &[New, Refined, Ready]),
        ("In progress", "in_progress", &[InProgress]),
        ("Review", "review", &[Review]),
        ("Done", "done", &[Done]),
    ]
};

/// The column holding `status` (dropped items are on no column).
pub fn column_of(status: Status) -> Option<usize> {
    BOARD.iter().position(|(_, _, st)| st.contains(&status))
}

/// A column by its slug or its name, any case (`in_progress`, `In progress`,
/// `in-progress`).
pub fn column_named(s: &str) -> Option<usize> {
    let want = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    BOARD.iter().position(|(name, slug, _)| *slug == want || name.to_ascii_lowercase().replace(' ', "_") == want)
}

/// The slugs, for error messages.
pub fn slugs() -> String {
    BOARD.iter().map(|c| c.1).collect::<Vec<_>>().join(", ")
}

/// The warning when column `c` of sprint `sprint` holds more cards than its
/// limit allows, counting the live items in it now.
pub fn over_limit(ws: &Workspace, sprint: Uuid, c: usize) -> Option<String> {
    let (name, slug, statuses) = BOARD[c];
    let limit = *ws.settings.wip_limits.get(slug)?;
    let held = ws.sprint_members(sprint).into_iter().filter(|&p| statuses.contains(&ws.items[p].status)).count();
    (held > limit as usize).then(|| {
        format!("{name} now holds {held} items, past its WIP limit of {limit}: finish one before starting another")
    })
}
