//! Keys of the two questions about unsaved work: quitting while changes
//! are not written, and recovery files found on opening.

use crate::tui::state::{Effect, Modal, Quitting, State};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

pub(super) fn quit_key(state: &mut State, phase: Quitting, key: &KeyEvent) -> Vec<Effect> {
    let c = match key.code {
        KeyCode::Char(c) => c.to_ascii_lowercase(),
        KeyCode::Esc => 'x',
        _ => return Vec::new(),
    };
    match (phase, c) {
        // Stay: the changes keep being saved in the background.
        (Quitting::Saving | Quitting::Failed(_), 'x') => {
            state.modal = None;
            state.info("Not quitting: saving goes on");
            Vec::new()
        }
        (Quitting::Saving | Quitting::Failed(_), 'r') => {
            state.modal = Some(Modal::Quit(Quitting::Saving));
            vec![Effect::RetrySave]
        }
        (Quitting::Saving | Quitting::Failed(_), 'w') => {
            state.modal = Some(Modal::Quit(Quitting::Writing));
            vec![Effect::WriteRecovery]
        }
        (Quitting::Saving, 'd') => {
            state.modal = Some(Modal::Quit(Quitting::ConfirmDiscard(String::new())));
            Vec::new()
        }
        (Quitting::Failed(e), 'd') => {
            state.modal = Some(Modal::Quit(Quitting::ConfirmDiscard(e)));
            Vec::new()
        }
        (Quitting::ConfirmDiscard(_), 'y') => {
            state.modal = None;
            vec![Effect::Discard]
        }
        (Quitting::ConfirmDiscard(e), 'n' | 'x') => {
            state.modal = Some(Modal::Quit(if e.is_empty() { Quitting::Saving } else { Quitting::Failed(e) }));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub(super) fn recover_key(state: &mut State, files: &[std::path::PathBuf], row: usize, key: &KeyEvent) -> Vec<Effect> {
    let last = files.len().saturating_sub(1);
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => {
            state.modal = Some(Modal::Recover { files: files.to_vec(), row: (row + 1).min(last) });
            Vec::new()
        }
        KeyCode::Up | KeyCode::Char('k') => {
            state.modal = Some(Modal::Recover { files: files.to_vec(), row: row.saturating_sub(1) });
            Vec::new()
        }
        KeyCode::Enter | KeyCode::Char('m') => {
            let Some(file) = files.get(row.min(last)).cloned() else { return Vec::new() };
            let rest: Vec<_> = files.iter().filter(|f| **f != file).cloned().collect();
            state.modal = (!rest.is_empty()).then_some(Modal::Recover { files: rest, row: 0 });
            state.info(format!("Merging {} into the workspace…", file.display()));
            vec![Effect::MergeRecovery(file)]
        }
        KeyCode::Esc | KeyCode::Char('l') | KeyCode::Char('q') => {
            state.modal = None;
            state.info(format!(
                "Later, then: `backlog recover FILE` merges one ({} kept beside the workspace)",
                files.len()
            ));
            Vec::new()
        }
        _ => Vec::new(),
    }
}
