//! The Roadmap pane's actions.

use super::{confirm_delete, navigate};
use crate::domain::command::Position;
use crate::domain::strategy::{Horizon, InitiativeStatus};
use crate::domain::{Command, Workspace};
use crate::tui::action::Action;
use crate::tui::form::Form;
use crate::tui::state::{Effect, Modal, RoadmapMode, State};

pub(super) fn update(state: &mut State, ws: &Workspace, action: Action) -> Vec<Effect> {
    if state.roadmap.mode != RoadmapMode::Columns && timeline_navigate(state, ws, action) {
        return Vec::new();
    }
    let col = state.roadmap.column.min(2);
    let horizon = Horizon::ALL[col];
    let column = super::roadmap_column(ws, &state.narrow(ws, crate::tui::state::Pane::Roadmap), horizon);
    let row = &mut state.roadmap.row[col];
    if navigate(row, column.len(), 10, action) {
        return Vec::new();
    }
    *row = (*row).min(column.len().saturating_sub(1));
    let selected = column.get(*row).copied();
    match action {
        Action::Left => state.roadmap.column = col.saturating_sub(1),
        Action::Right => state.roadmap.column = (col + 1).min(2),
        Action::MoveLeft | Action::MoveRight => {
            let to = if action == Action::MoveLeft { col.checked_sub(1) } else { (col < 2).then_some(col + 1) };
            // The selection follows once the move is made (see
            // `select_initiative`): a refused move leaves it where it is.
            if let (Some(i), Some(to)) = (selected, to) {
                let horizon = Horizon::ALL[to];
                return vec![Effect::Apply(Command::MoveInitiative { id: i.meta.id, horizon, to: Position::Bottom })];
            }
        }
        Action::CycleView => {
            state.roadmap.mode = match state.roadmap.mode {
                RoadmapMode::Columns => RoadmapMode::Months,
                RoadmapMode::Months => RoadmapMode::Quarters,
                RoadmapMode::Quarters => RoadmapMode::Columns,
            };
            state.info(match state.roadmap.mode {
                RoadmapMode::Columns => "Now / Next / Later",
                RoadmapMode::Months => "Timeline by month (v: by quarter)",
                RoadmapMode::Quarters => "Timeline by quarter (v: columns)",
            });
        }
        Action::Breakdown => {
            if let Some(i) = selected {
                let mut form = Form::new_item(ws, Some(i.meta.id), None);
                form.title = format!("New story for {} {}", i.key, i.title);
                state.modal = Some(Modal::Form(Box::new(form)));
            }
        }
        Action::New => state.modal = Some(Modal::Form(Box::new(Form::new_initiative(ws, horizon)))),
        Action::Edit => {
            if let Some(f) = selected.and_then(|i| Form::edit_initiative(ws, i.meta.id)) {
                state.modal = Some(Modal::Form(Box::new(f)));
            }
        }
        // Enter reads; e edits.
        Action::Open => {
            if let Some(i) = selected {
                state.modal = Some(Modal::Initiative { id: i.meta.id, scroll: 0 });
            }
        }
        Action::Delete => {
            if let Some(i) = selected {
                confirm_delete(
                    state,
                    ws,
                    format!("{} {}", i.key, i.title),
                    Command::DeleteInitiative { id: i.meta.id },
                );
            }
        }
        Action::MoveDown | Action::MoveUp => {
            let r = state.roadmap.row[col];
            let down = action == Action::MoveDown;
            if let Some(i) = selected {
                let target = if down { column.get(r + 1) } else { r.checked_sub(1).and_then(|x| column.get(x)) };
                if let Some(t) = target {
                    let to = if down { Position::After(t.meta.id) } else { Position::Before(t.meta.id) };
                    return vec![Effect::Apply(Command::MoveInitiative { id: i.meta.id, horizon, to })];
                }
            }
        }
        Action::ToggleSprint => {
            // On the roadmap, `s` hands an initiative over (ready for
            // breakdown), or takes it back to planned.
            if let Some(i) = selected {
                let status = match i.status {
                    InitiativeStatus::ReadyForBreakdown => InitiativeStatus::Planned,
                    InitiativeStatus::Idea | InitiativeStatus::Planned | InitiativeStatus::InProgress => {
                        InitiativeStatus::ReadyForBreakdown
                    }
                    InitiativeStatus::Done | InitiativeStatus::Dropped => {
                        state.info(format!("{} is {}: there is nothing to hand over", i.key, i.status));
                        return Vec::new();
                    }
                };
                let patch = crate::domain::command::InitiativePatch { status: Some(status), ..Default::default() };
                return vec![Effect::Apply(Command::EditInitiative { id: i.meta.id, patch: Box::new(patch) })];
            }
        }
        _ => {}
    }
    Vec::new()
}

/// On the timeline the selection moves down its rows, across horizons (the
/// columns' selection follows, so switching back shows the same one).
fn timeline_navigate(state: &mut State, ws: &Workspace, action: Action) -> bool {
    let rows = crate::tui::derive::timeline_order(ws, &state.narrow(ws, crate::tui::state::Pane::Roadmap));
    let col = state.roadmap.column.min(2);
    let column = super::roadmap_column(ws, &state.narrow(ws, crate::tui::state::Pane::Roadmap), Horizon::ALL[col]);
    let selected = column.get(state.roadmap.row[col]).map(|i| i.meta.id);
    let mut at = rows.iter().position(|(i, _)| Some(i.meta.id) == selected).unwrap_or(0);
    if !navigate(&mut at, rows.len(), 10, action) {
        return false;
    }
    if let Some((i, _)) = rows.get(at) {
        let c = Horizon::ALL.iter().position(|h| *h == i.horizon).unwrap_or(0);
        state.roadmap.column = c;
        if let Some(r) = super::roadmap_column(ws, &state.narrow(ws, crate::tui::state::Pane::Roadmap), i.horizon)
            .iter()
            .position(|x| x.meta.id == i.meta.id)
        {
            state.roadmap.row[c] = r;
        }
    }
    true
}

/// The initiative selected on the Roadmap, when the Roadmap is showing.
pub fn selected_initiative(state: &State, ws: &Workspace) -> Option<uuid::Uuid> {
    if state.pane != crate::tui::state::Pane::Roadmap {
        return None;
    }
    let col = state.roadmap.column.min(2);
    let column = super::roadmap_column(ws, &state.narrow(ws, crate::tui::state::Pane::Roadmap), Horizon::ALL[col]);
    column.get(state.roadmap.row[col]).map(|i| i.meta.id)
}

/// Selects initiative `id` in whatever column and place it has now (after
/// a change moved it). One no longer shown leaves the selection alone.
pub fn select_initiative(state: &mut State, ws: &Workspace, id: uuid::Uuid) {
    let Some(i) = ws.initiative(id).filter(|i| i.meta.is_live()) else { return };
    let c = Horizon::ALL.iter().position(|h| *h == i.horizon).unwrap_or(0);
    if let Some(r) = super::roadmap_column(ws, &state.narrow(ws, crate::tui::state::Pane::Roadmap), i.horizon)
        .iter()
        .position(|x| x.meta.id == id)
    {
        state.roadmap.column = c;
        state.roadmap.row[c] = r;
    }
}
