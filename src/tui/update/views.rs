//! Named views: a filter, a sort and whether done work shows, saved in the
//! workspace (so the whole team has them) and applied with one key.

use super::refilter;
use crate::domain::Workspace;
use crate::tui::form::Form;
use crate::tui::input::LineInput;
use crate::tui::state::{Effect, Modal, Pane, State};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

pub(super) fn handle_key(state: &mut State, ws: &Workspace, row: usize, key: &KeyEvent) -> Vec<Effect> {
    let views = &ws.settings.views;
    let last = views.len().saturating_sub(1);
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => state.modal = Some(Modal::Views { row: (row + 1).min(last) }),
        KeyCode::Up | KeyCode::Char('k') => state.modal = Some(Modal::Views { row: row.saturating_sub(1) }),
        KeyCode::Enter => {
            state.modal = None;
            if let Some(v) = views.get(row.min(last)) {
                apply(state, ws, v);
            }
        }
        KeyCode::Char('s') | KeyCode::Char('n') => {
            state.modal =
                Some(Modal::Form(Box::new(Form::save_view(ws, state.backlog.query.text(), state.backlog.list.sort()))));
        }
        KeyCode::Char('d') | KeyCode::Delete if !views.is_empty() => {
            let mut rest = views.clone();
            let gone = rest.remove(row.min(last));
            state.modal = Some(Modal::Views { row: row.min(rest.len().saturating_sub(1)) });
            let patch = crate::domain::command::SettingsPatch { views: Some(rest), ..Default::default() };
            let cmd = crate::domain::Command::EditSettings(Box::new(patch));
            state.info(format!("Deleted view {} (u brings it back)", gone.name));
            return vec![Effect::Apply(cmd)];
        }
        KeyCode::Esc | KeyCode::Char('q') => state.modal = None,
        _ => {}
    }
    Vec::new()
}

/// Shows the backlog as the view says.
pub(super) fn apply(state: &mut State, ws: &Workspace, v: &crate::domain::workspace::View) {
    state.pane = Pane::Backlog;
    state.backlog.detail = false;
    state.backlog.typing = false;
    state.backlog.query = LineInput::new(&v.filter);
    state.backlog.columns = v.columns.clone();
    // A sort this version cannot read (written by a newer one) leaves the
    // rank, and says so.
    let sort = crate::domain::query::Sort::parse(&v.sort);
    state.backlog.list.set_sort(ws, sort.clone().unwrap_or_default());
    refilter(state, ws);
    match sort {
        Ok(s) if !s.is_rank() => state.info(format!("View {}: {} · by {}", v.name, v.filter, s.describe())),
        Ok(_) => state.info(format!("View {}: {}", v.name, v.filter)),
        Err(e) => state.warn(format!("View {}: {} · its sort is left out: {e}", v.name, v.filter)),
    }
}
