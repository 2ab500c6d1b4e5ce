//! The Sprint pane's actions: the delivery board, sprint planning, and the
//! sprint lifecycle (plan, start, close).

use super::backlog::{open_criteria, toggle_sprint};
use super::{navigate, set_status};
use crate::domain::{Command, Item, Position, Status, Workspace};
use crate::tui::action::Action;
use crate::tui::derive::{board_columns, chart_sprints, planning_sides, shown_sprint};
use crate::tui::form::Form;
use crate::tui::state::{Choose, Confirm, Effect, Modal, Pane, SprintMode, State};

/// The status a card gets when it is moved into board column `c`.
fn column_status(c: usize) -> Status {
    [Status::Ready, Status::InProgress, Status::Review, Status::Done][c.min(3)]
}

/// `t`: plan the next open sprint (the active one, then the planned ones by
/// start date, round again).
pub(super) fn switch_target(state: &mut State, ws: &Workspace) {
    let open = crate::domain::planning::open_sprints(ws);
    if open.is_empty() {
        state.warn("No active or planned sprint: plan one with n");
        return;
    }
    let current = shown_sprint(state, ws).map(|s| s.meta.id);
    let at = open.iter().position(|s| Some(s.meta.id) == current);
    let next = open[at.map_or(0, |i| (i + 1) % open.len())];
    state.sprint.target = Some(next.meta.id);
    state.sprint.row = [0; 4];
    let msg = if open.len() == 1 {
        format!("{} is the only open sprint", next.name)
    } else {
        format!("Planning {} ({}); t for the next open sprint", next.name, next.state)
    };
    state.info(msg);
}

/// `S`: start the planned sprint, or close the active one.
pub(super) fn lifecycle(state: &mut State, ws: &Workspace) -> Vec<Effect> {
    if let Some(active) = ws.active_sprint() {
        // The same default as `sprint close`: on to the next planned
        // sprint when there is one, else back to the backlog.
        let carry_over = crate::domain::planning::default_carry_over(ws, active.meta.id);
        state.modal = Some(Modal::CloseSprint {
            sprint: active.meta.id,
            carry_over,
            notes: crate::tui::input::LineInput::new(""),
            writing: false,
        });
        return Vec::new();
    }
    let Some(next) = shown_sprint(state, ws) else {
        state.warn("No planned sprint to start: plan one with n in the Sprint pane");
        return Vec::new();
    };
    // The count the planning gauge and `sprint show` give: dropped items
    // left out.
    let h = crate::domain::planning::holding(ws, next.meta.id);
    let mut message = format!(
        "Start {} with {}, {}",
        next.name,
        crate::domain::text::count(h.items as u64, "item", "items"),
        crate::domain::text::count(h.points, "point", "points")
    );
    if let Some(c) = ws.sprint_capacity(next) {
        message.push_str(&format!(" against a capacity of {c}"));
        if h.points > c {
            message.push_str(&format!(" (over by {})", h.points - c));
        }
    }
    if h.unestimated > 0 {
        message.push_str(&format!("; {} not estimated", h.unestimated));
    }
    message.push('?');
    let start = |move_dates| Effect::Apply(Command::StartSprint { id: next.meta.id, move_dates });
    // Before its planned start: keep the plan's dates (as `sprint start`
    // does unless told), or run it from today for as long as planned.
    if let Some((from, to)) = crate::domain::planning::early_start(next, state.today) {
        let days = (next.start - state.today).num_days();
        message.push_str(&format!(
            "\nIt is planned for {} – {}, starting in {}.",
            next.start,
            next.end,
            crate::domain::text::count(days as u64, "day", "days")
        ));
        state.modal = Some(Modal::Choose(Choose {
            title: "Start the sprint early".into(),
            message,
            options: vec![
                ('k', "start, keep the planned dates".into(), start(false)),
                ('m', format!("start, move them to {from} – {to}"), start(true)),
            ],
        }));
        return Vec::new();
    }
    state.modal = Some(Modal::Confirm(Confirm { title: "Start the sprint".into(), message, yes: start(false) }));
    Vec::new()
}

pub(super) fn update(state: &mut State, ws: &Workspace, action: Action) -> Vec<Effect> {
    match action {
        Action::CycleView => {
            state.sprint.mode = match state.sprint.mode {
                SprintMode::Board => SprintMode::Planning,
                SprintMode::Planning => SprintMode::Charts,
                SprintMode::Charts => SprintMode::Board,
            };
            state.sprint.column = 0;
            state.info(match state.sprint.mode {
                SprintMode::Board => "Board (v: planning)",
                SprintMode::Planning => "Planning: s pulls from the backlog or sends back (v: charts)",
                SprintMode::Charts => "Burndown, burnup and velocity (v: board)",
            });
            return Vec::new();
        }
        Action::New => {
            state.modal = Some(Modal::Form(Box::new(Form::new_sprint(ws, state.today))));
            return Vec::new();
        }
        Action::SwitchSprint => {
            switch_target(state, ws);
            return Vec::new();
        }
        Action::Edit => {
            if let Some(f) = shown_sprint(state, ws).and_then(|s| Form::edit_sprint(ws, s.meta.id)) {
                state.modal = Some(Modal::Form(Box::new(f)));
            }
            return Vec::new();
        }
        _ => {}
    }
    match state.sprint.mode {
        SprintMode::Board => board(state, ws, action),
        SprintMode::Planning => planning(state, ws, action),
        SprintMode::Charts => {
            // ←/→ step through started sprints, newest first.
            let n = chart_sprints(ws).len();
            match action {
                Action::Left => state.sprint.column = (state.sprint.column + 1).min(n.saturating_sub(1)),
                Action::Right => state.sprint.column = state.sprint.column.saturating_sub(1),
                _ => {}
            }
            Vec::new()
        }
    }
}

/// The card selected on the board, when the board is what the Sprint
/// pane shows.
pub fn selected_card(state: &State, ws: &Workspace) -> Option<uuid::Uuid> {
    if state.pane != crate::tui::state::Pane::Sprint || state.sprint.mode != SprintMode::Board {
        return None;
    }
    let cols = board_columns(state, ws, shown_sprint(state, ws), &state.narrow(ws, Pane::Sprint));
    let col = state.sprint.column.min(3);
    cols[col].get(state.sprint.row[col]).map(|&p| ws.items[p].meta.id)
}

/// Selects card `id` wherever it is on the board now (after a change moved
/// it to another column or place). A card no longer on the board leaves the
/// selection where it was.
pub fn select_card(state: &mut State, ws: &Workspace, id: uuid::Uuid) {
    let cols = board_columns(state, ws, shown_sprint(state, ws), &state.narrow(ws, Pane::Sprint));
    for (c, col) in cols.iter().enumerate() {
        if let Some(r) = col.iter().position(|&p| ws.items[p].meta.id == id) {
            state.sprint.column = c;
            state.sprint.row[c] = r;
            return;
        }
    }
}

fn board(state: &mut State, ws: &Workspace, action: Action) -> Vec<Effect> {
    let cols = board_columns(state, ws, shown_sprint(state, ws), &state.narrow(ws, Pane::Sprint));
    let col = state.sprint.column.min(3);
    let row = &mut state.sprint.row[col];
    if navigate(row, cols[col].len(), 10, action) {
        return Vec::new();
    }
    *row = (*row).min(cols[col].len().saturating_sub(1));
    let r = *row;
    let selected = cols[col].get(r).map(|&p| &*ws.items[p]);
    match action {
        Action::Left => state.sprint.column = col.saturating_sub(1),
        Action::Right => state.sprint.column = (col + 1).min(3),
        Action::WipLimit => state.modal = Some(Modal::Form(Box::new(Form::wip_limit(ws, col)))),
        Action::Open
        | Action::Criteria
        | Action::ToggleSprint
        | Action::Comment
        | Action::Links
        | Action::Definition
        | Action::History => {
            return card_action(state, ws, selected, action);
        }
        // The selection goes with the card once the move is made (the
        // driver sees to that: see `select_card`), not before: a move the
        // role guard refuses, or one the user cancels, leaves it where it is.
        Action::MoveLeft | Action::MoveRight => {
            if let Some(i) = selected {
                let to = if action == Action::MoveRight { (col + 1).min(3) } else { col.saturating_sub(1) };
                if to != col {
                    return set_status(i.meta.id, column_status(to));
                }
            }
        }
        Action::MoveDown | Action::MoveUp => {
            // Reorder within the column: just past the neighbouring card.
            let down = action == Action::MoveDown;
            let neighbour = if down { cols[col].get(r + 1) } else { r.checked_sub(1).and_then(|x| cols[col].get(x)) };
            if let (Some(i), Some(&n)) = (selected, neighbour) {
                let n = ws.items[n].meta.id;
                let to = if down { Position::After(n) } else { Position::Before(n) };
                return vec![Effect::Apply(Command::RankItem { id: i.meta.id, to })];
            }
        }
        _ => {}
    }
    Vec::new()
}

/// What the selected item answers to, on the board and in planning alike:
/// open it, check off its criteria, pull it in or send it back.
fn card_action(state: &mut State, ws: &Workspace, selected: Option<&Item>, action: Action) -> Vec<Effect> {
    let Some(i) = selected else { return Vec::new() };
    match action {
        Action::Open => {
            if let Some(f) = Form::edit_item(ws, i.meta.id) {
                state.modal = Some(Modal::Form(Box::new(f)));
            }
        }
        Action::Criteria => open_criteria(state, i),
        Action::ToggleSprint => return toggle_sprint(state, ws, i.meta.id),
        Action::Comment | Action::Links | Action::Definition | Action::History => {
            super::backlog::talk(state, ws, i.meta.id, action)
        }
        _ => {}
    }
    Vec::new()
}

fn planning(state: &mut State, ws: &Workspace, action: Action) -> Vec<Effect> {
    let side = state.sprint.column.min(1);
    match action {
        Action::Left => {
            state.sprint.column = 0;
            return Vec::new();
        }
        Action::Right => {
            state.sprint.column = 1;
            return Vec::new();
        }
        _ => {}
    }
    let narrow = state.narrow(ws, Pane::Sprint);
    let sides = planning_sides(&state.sprint.plan, ws, shown_sprint(state, ws), &narrow);
    let rows = &sides[side];
    let row = &mut state.sprint.row[side];
    if navigate(row, rows.len(), 10, action) {
        return Vec::new();
    }
    *row = (*row).min(rows.len().saturating_sub(1));
    let selected = rows.get(*row);
    match action {
        Action::Open
        | Action::Criteria
        | Action::ToggleSprint
        | Action::Comment
        | Action::Links
        | Action::Definition
        | Action::History => card_action(state, ws, selected.map(|p| &*ws.items[p]), action),
        _ => Vec::new(),
    }
}
