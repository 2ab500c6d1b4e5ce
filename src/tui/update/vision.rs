//! The Vision pane's actions.

use super::{confirm_delete, navigate};
use crate::domain::{Command, Workspace};
use crate::tui::action::Action;
use crate::tui::form::Form;
use crate::tui::state::{Effect, Modal, State};

use crate::tui::derive::VISION_SECTIONS;

pub(super) fn update(state: &mut State, ws: &Workspace, action: Action) -> Vec<Effect> {
    let goals = super::goals(ws, &state.narrow(ws, crate::tui::state::Pane::Vision));
    let len = VISION_SECTIONS.len() + goals.len();
    if navigate(&mut state.vision.row, len, 5, action) {
        return Vec::new();
    }
    let row = state.vision.row.min(len.saturating_sub(1));
    let goal = row.checked_sub(VISION_SECTIONS.len()).and_then(|g| goals.get(g).copied());
    match action {
        Action::New => state.modal = Some(Modal::Form(Box::new(Form::new_goal()))),
        Action::Edit | Action::Open => {
            let form = match goal {
                Some(g) => Form::edit_goal(ws, g.meta.id),
                None => Some(Form::vision(ws).focus_on(VISION_SECTIONS[row].0)),
            };
            if let Some(f) = form {
                state.modal = Some(Modal::Form(Box::new(f)));
            }
        }
        Action::EditLong if goal.is_none() => return vec![Effect::EditVisionText(row)],
        Action::UpdateKpi => match goal {
            Some(g) => match Form::kpi_current(ws, g.meta.id) {
                Some(f) => state.modal = Some(Modal::Form(Box::new(f))),
                None => state.info(format!("{} has no KPIs yet (e adds one)", g.key)),
            },
            None => state.info("Select a goal (j) to update its KPIs"),
        },
        Action::Delete => {
            if let Some(g) = goal {
                confirm_delete(state, ws, format!("{} {}", g.key, g.title), Command::DeleteGoal { id: g.meta.id });
            }
        }
        _ => {}
    }
    Vec::new()
}
