//! Finding one thing and ordering the rest: the go-to-key prompt (any
//! pane) and the Backlog's sort picker.

use super::jump_to;
use crate::domain::Workspace;
use crate::domain::query::{Sort, SortField};
use crate::tui::derive::{SORT_LETTERS, go_to_target};
use crate::tui::input::LineInput;
use crate::tui::state::{Effect, Modal, State};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// A key in the sort picker: move, pick a row (the column sorted by now
/// turns round), pick by letter, or close.
pub(super) fn sort_key(state: &mut State, ws: &Workspace, row: usize, key: &KeyEvent) -> Vec<Effect> {
    let last = SORT_LETTERS.len() - 1;
    let pick = match key.code {
        KeyCode::Down | KeyCode::Char('j') => {
            state.modal = Some(Modal::Sort { row: (row + 1).min(last) });
            None
        }
        KeyCode::Up | KeyCode::Char('k') => {
            state.modal = Some(Modal::Sort { row: row.saturating_sub(1) });
            None
        }
        KeyCode::Home | KeyCode::Char('g') => {
            state.modal = Some(Modal::Sort { row: 0 });
            None
        }
        KeyCode::End | KeyCode::Char('G') => {
            state.modal = Some(Modal::Sort { row: last });
            None
        }
        KeyCode::Enter | KeyCode::Char(' ') => SORT_LETTERS.get(row).map(|(f, _)| *f),
        KeyCode::Esc | KeyCode::Char('q') => {
            state.modal = None;
            None
        }
        KeyCode::Char(c) => match SORT_LETTERS.iter().find(|(_, l)| *l == c) {
            Some((f, _)) => Some(*f),
            // The key that opened it closes it.
            None if state.keymap.action(key) == Some(crate::tui::action::Action::Sort) => {
                state.modal = None;
                None
            }
            None => None,
        },
        _ => None,
    };
    if let Some(field) = pick {
        state.modal = None;
        let now = state.backlog.list.sort();
        let sort = if now.field == field && field != SortField::Rank { now.flipped() } else { Sort::new(field) };
        super::backlog::set_sort(state, ws, sort);
    }
    Vec::new()
}

/// A key in the go-to prompt: text, Enter to go, Esc to close.
pub(super) fn go_to_key(state: &mut State, ws: &Workspace, key: &KeyEvent) -> Vec<Effect> {
    let Some(Modal::GoTo(input)) = &mut state.modal else { return Vec::new() };
    match key.code {
        KeyCode::Esc => state.modal = None,
        KeyCode::Enter => {
            // Else the prompt stays open, saying why (the view shows it).
            if let Ok(target) = go_to_target(ws, input.text()) {
                state.modal = None;
                jump_to(state, ws, target);
            }
        }
        _ => {
            input.handle(key);
        }
    }
    Vec::new()
}

/// Opens the go-to prompt.
pub(super) fn open_go_to(state: &mut State) {
    state.modal = Some(Modal::GoTo(LineInput::default()));
}
