//! What the Sprint pane shows: the sprint it plans, the board's columns,
//! the planning sides, the sprints with a chart.

use crate::domain::sprint::{Sprint, SprintState};
use crate::domain::{Item, Workspace};
use crate::tui::list::{Planning, Rows};
use crate::tui::state::{Narrow, State};

/// The board's columns: the domain's, which the WIP limits name.
pub use crate::domain::board::BOARD;

/// The sprint the Sprint pane shows and plans: the one chosen with `t` while
/// it is open, else the active sprint, else the earliest planned one.
pub fn shown_sprint<'a>(state: &State, ws: &'a Workspace) -> Option<&'a Sprint> {
    state
        .sprint
        .target
        .and_then(|id| ws.sprint(id))
        .filter(|s| s.is_live() && s.state != SprintState::Closed)
        .or_else(|| ws.target_sprint())
}

/// Items of sprint `sprint` the pane shows (owner toggle and `/`), by board
/// column, in rank order: read from the kept members, so a frame or a key
/// costs what the sprint holds.
pub fn board_columns(state: &State, ws: &Workspace, sprint: Option<&Sprint>, narrow: &Narrow) -> [Vec<usize>; 4] {
    let mut cols: [Vec<usize>; 4] = Default::default();
    let Some(sprint) = sprint else { return cols };
    for &p in state.sprint.plan.members(sprint.meta.id) {
        let item = &ws.items[p];
        if !narrow.item(ws, item) {
            continue;
        }
        if let Some(c) = crate::domain::board::column_of(item.status) {
            cols[c].push(p);
        }
    }
    cols
}

/// The planning view of `sprint`: open backlog items not in a running or
/// planned sprint (ready ones first, then by rank; epics left out), and
/// the sprint's members, as `narrow` lets through.
pub fn planning_sides<'a>(
    plan: &'a Planning,
    ws: &Workspace,
    sprint: Option<&Sprint>,
    narrow: &Narrow,
) -> [Rows<'a>; 2] {
    let Some(sprint) = sprint else { return Default::default() };
    let keep = |i: &Item| narrow.item(ws, i);
    let narrowed = narrow.owner.is_some() || narrow.query.is_some();
    plan.sides(ws, sprint.meta.id, narrowed.then_some(&keep as &dyn Fn(&Item) -> bool))
}

/// Sprints that have a chart (they started), newest first.
pub fn chart_sprints(ws: &Workspace) -> Vec<&crate::domain::sprint::Sprint> {
    let mut v: Vec<_> = ws.live_sprints().filter(|s| s.started_at.is_some()).collect();
    v.sort_by_key(|s| std::cmp::Reverse((s.start, s.meta.id)));
    v
}
