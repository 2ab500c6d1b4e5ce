//! Named views: a filter, a sort and whether done work shows, saved in the
//! workspace (so the whole team has them) and applied with one key.

use super::refilter;
use crate::domain::Workspace;
use crate::tui::form::Form;
use crate::tui::input::LineInput;
use crate::tui::list::ScoreSort;
use crate::tui::state::{Effect, Modal, Pane, SortBy, State};
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
                Some(Modal::Form(Box::new(Form::save_view(ws, state.backlog.query.text(), state.backlog.sort))));
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
    let (sort, by) = match v.sort.as_str() {
        "wsjf" => (SortBy::Wsjf, Some(ScoreSort::Wsjf)),
        "rice" => (SortBy::Rice, Some(ScoreSort::Rice)),
        _ => (SortBy::Rank, None),
    };
    state.backlog.sort = sort;
    state.backlog.list.set_score_sort(ws, by);
    refilter(state, ws);
    state.info(format!("View {}: {}", v.name, v.filter));
}
