//! Keys in the acceptance-criteria popup: check off, add, edit, delete and
//! reorder. Every key is the popup's: none reaches the list behind it.

use crate::domain::command::ItemPatch;
use crate::domain::item::Criterion;
use crate::domain::{Command, EntityRef, Snapshot, Workspace};
use crate::tui::input::LineInput;
use crate::tui::state::{CriterionEdit, Effect, Modal, State};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

fn save(id: Uuid, ac: Vec<Criterion>, base: Vec<Snapshot>) -> Effect {
    let patch = ItemPatch { acceptance_criteria: Some(ac), ..ItemPatch::default() };
    Effect::Edit { cmd: Command::EditItem { id, patch: Box::new(patch) }, base, confirmed: false }
}

fn snapshot(ws: &Workspace, id: Uuid) -> Vec<Snapshot> {
    let r = EntityRef::Item(id);
    vec![Snapshot { entity: r, value: ws.get(r) }]
}

pub(super) fn handle_key(state: &mut State, ws: &Workspace, key: &KeyEvent) -> Vec<Effect> {
    let Some(Modal::Criteria { item, row, edit }) = state.modal.as_mut() else { return Vec::new() };
    let Some(it) = ws.item(*item).filter(|i| i.is_live()) else {
        state.modal = None;
        return Vec::new();
    };
    let id = it.meta.id;
    let mut ac = it.acceptance_criteria.clone();
    let n = ac.len();
    *row = (*row).min(n.saturating_sub(1));
    let r = *row;

    // Writing a criterion: the line takes the keys until Enter or Esc.
    if let Some(e) = edit {
        match key.code {
            KeyCode::Esc => *edit = None,
            KeyCode::Enter => {
                let text = crate::domain::text::clean_line(e.input.text());
                let (index, base) = (e.index, std::mem::take(&mut e.base));
                *edit = None;
                if text.is_empty() {
                    return Vec::new();
                }
                match index {
                    Some(i) if i < n => {
                        if ac[i].text == text {
                            return Vec::new();
                        }
                        ac[i].text = text;
                    }
                    _ => {
                        let at = if n == 0 { 0 } else { r + 1 };
                        ac.insert(at, Criterion::new(text, false));
                        *row = at;
                    }
                }
                return vec![save(id, ac, base)];
            }
            _ => {
                e.input.handle(key);
            }
        }
        return Vec::new();
    }

    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    match key.code {
        KeyCode::Down | KeyCode::Char('j') if !shift => *row = (r + 1).min(n.saturating_sub(1)),
        KeyCode::Up | KeyCode::Char('k') if !shift => *row = r.saturating_sub(1),
        KeyCode::Char(' ') | KeyCode::Char('x') if n > 0 => {
            ac[r].met = !ac[r].met;
            return vec![save(id, ac, snapshot(ws, id))];
        }
        KeyCode::Char('a') | KeyCode::Char('n') | KeyCode::Char('o') => {
            *edit = Some(CriterionEdit { input: LineInput::default(), index: None, base: snapshot(ws, id) });
        }
        KeyCode::Char('e') | KeyCode::Enter if n > 0 => {
            *edit = Some(CriterionEdit { input: LineInput::new(&ac[r].text), index: Some(r), base: snapshot(ws, id) });
        }
        KeyCode::Char('d') | KeyCode::Delete if n > 0 => {
            ac.remove(r);
            *row = r.min(n.saturating_sub(2));
            return vec![save(id, ac, snapshot(ws, id))];
        }
        KeyCode::Char('J') if r + 1 < n => {
            ac.swap(r, r + 1);
            *row = r + 1;
            return vec![save(id, ac, snapshot(ws, id))];
        }
        KeyCode::Char('K') if r > 0 && n > 0 => {
            ac.swap(r, r - 1);
            *row = r - 1;
            return vec![save(id, ac, snapshot(ws, id))];
        }
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('c') => state.modal = None,
        // Undo and redo work from here, on what was just done.
        KeyCode::Char('u') => return vec![Effect::Undo],
        KeyCode::Char('r') if key.modifiers.contains(KeyModifiers::CONTROL) => return vec![Effect::Redo],
        // Anything else does nothing: it must not reach the list behind.
        _ => {}
    }
    Vec::new()
}
