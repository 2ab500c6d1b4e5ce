//! Keys while something is open over the panes.

use super::{ask_first, jump_to, update};
use crate::domain::Command;
use crate::domain::Workspace;
use crate::domain::command::ItemPatch;
use crate::tui::derive::{AlignLine, alignment_entries, popup_keys};
use crate::tui::form::Outcome;
use crate::tui::palette;
use crate::tui::scroll::{Move, last_offset};
use crate::tui::split::SplitKey;
use crate::tui::state::{Confirm, Effect, Modal, State};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use uuid::Uuid;

/// The rows of the alignment view the cursor stops on (its entries, not
/// the headings).
fn selectable(lines: &[AlignLine]) -> Vec<usize> {
    (0..lines.len()).filter(|&i| lines[i].target.is_some()).collect()
}

/// The one scroll behaviour of the popups (see `tui::scroll`): a key that
/// moves a list moves the open popup's text, or its selection, and never
/// closes it. True if the key was taken.
fn scroll_key(state: &mut State, ws: &Workspace, key: &KeyEvent) -> bool {
    let Some(m) = Move::of(&state.keymap, key) else { return false };
    // Only the popups that scroll: in the others a letter may be text.
    let Some((len, page)) = crate::tui::layout::popup_extent(state, ws) else { return false };
    match state.modal.as_mut() {
        Some(Modal::Help { scroll, .. } | Modal::Initiative { scroll, .. } | Modal::Review { scroll, .. }) => {
            *scroll = m.scroll(*scroll, len, page)
        }
        Some(Modal::Messages { scroll } | Modal::History { scroll, .. }) => {
            // At the end, it stays at the end as messages come.
            let to = m.scroll(*scroll, len, page);
            *scroll = if to >= last_offset(len, page) { usize::MAX } else { to };
        }
        Some(Modal::Alignment { report, row }) => {
            let selectable = selectable(&alignment_entries(report));
            let at = selectable.iter().position(|i| i == row).unwrap_or(0);
            *row = selectable.get(m.apply(at, selectable.len(), page)).copied().unwrap_or(0);
        }
        // Three lines a conflict.
        Some(Modal::Conflicts { row }) => *row = m.apply(*row, len / 3, page / 3),
        Some(Modal::Archive { row, .. }) => *row = m.apply(*row, len, page),
        Some(Modal::Criteria { row, edit: None, .. } | Modal::Views { row }) => *row = m.apply(*row, len, page),
        // The selection when there are items to tick, else the text.
        Some(Modal::Definition { row, .. }) => match crate::domain::ready::tickable(&ws.settings).len() {
            0 => *row = m.scroll(*row, len, page),
            n => *row = m.apply(*row, n, page),
        },
        _ => return false,
    }
    true
}

pub(super) fn handle_key(state: &mut State, ws: &Workspace, key: &KeyEvent) -> Vec<Effect> {
    // `?` in a popup with keys of its own: the help, those keys first.
    if key.code == KeyCode::Char('?')
        && let Some(m) = state.modal.as_ref()
        && popup_keys(m).is_some()
        && !matches!(m, Modal::CloseSprint { writing: true, .. })
    {
        let popup = state.modal.take().map(Box::new);
        state.modal = Some(Modal::Help { scroll: 0, popup });
        return Vec::new();
    }
    if scroll_key(state, ws, key) {
        return Vec::new();
    }
    let Some(modal) = state.modal.as_mut() else { return Vec::new() };
    match modal {
        Modal::Quit(phase) => {
            let phase = phase.clone();
            super::unsaved::quit_key(state, phase, key)
        }
        Modal::Recover { files, row } => {
            let (files, row) = (files.clone(), *row);
            super::unsaved::recover_key(state, &files, row, key)
        }
        Modal::Form(form) => match form.handle_key(key) {
            Outcome::Continue => Vec::new(),
            Outcome::Cancel => {
                // What was typed is not thrown away without a question.
                state.modal = match state.modal.take() {
                    Some(Modal::Form(f)) if f.changed() => Some(Modal::Discard(f)),
                    _ => None,
                };
                Vec::new()
            }
            Outcome::Submit => match form.submit(ws, &state.user) {
                Some(cmd) => {
                    let question = ask_first(ws, &cmd);
                    let edit = Effect::from_form(form, cmd);
                    state.modal = match question {
                        Some((title, message)) => Some(Modal::Confirm(Confirm { title, message, yes: edit })),
                        None => {
                            state.modal = None;
                            return vec![edit];
                        }
                    };
                    Vec::new()
                }
                None => Vec::new(),
            },
        },
        Modal::Confirm(c) => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                let yes = c.yes.clone();
                state.modal = None;
                vec![yes]
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                state.modal = None;
                state.info("Cancelled");
                Vec::new()
            }
            _ => Vec::new(),
        },
        Modal::Choose(c) => {
            let picked = match key.code {
                KeyCode::Enter => c.options.first(),
                KeyCode::Char(k) => c.options.iter().find(|o| o.0.eq_ignore_ascii_case(&k)),
                KeyCode::Esc => {
                    state.modal = None;
                    state.info("Cancelled");
                    return Vec::new();
                }
                _ => None,
            };
            match picked.map(|o| o.2.clone()) {
                Some(effect) => {
                    state.modal = None;
                    vec![effect]
                }
                None => Vec::new(),
            }
        }
        Modal::Discard(_) => {
            match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    state.modal = None;
                    state.info("Changes discarded");
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Enter => {
                    if let Some(Modal::Discard(f)) = state.modal.take() {
                        state.modal = Some(Modal::Form(f));
                    }
                }
                _ => {}
            }
            Vec::new()
        }
        // Back to the popup it was opened from, if any.
        Modal::Help { popup, .. } => {
            state.modal = popup.take().map(|p| *p);
            Vec::new()
        }
        Modal::Messages { .. } | Modal::History { .. } => {
            state.modal = None;
            Vec::new()
        }
        Modal::Palette(p) => match key.code {
            KeyCode::Esc => {
                state.modal = None;
                Vec::new()
            }
            KeyCode::Down | KeyCode::Tab => {
                let views = palette::views_of(ws);
                let last = palette::matches_with_views(p.input.text(), &views).len().saturating_sub(1);
                p.selected = (p.selected + 1).min(last);
                Vec::new()
            }
            KeyCode::Up | KeyCode::BackTab => {
                p.selected = p.selected.saturating_sub(1);
                Vec::new()
            }
            KeyCode::Enter => {
                let hits = palette::matches_with_views(p.input.text(), &palette::views_of(ws));
                let hit = hits.get(p.selected.min(hits.len().saturating_sub(1)));
                if let Some(v) = hit.and_then(|h| h.view).and_then(|i| ws.settings.views.get(i)) {
                    state.modal = None;
                    super::views::apply(state, ws, v);
                    return Vec::new();
                }
                let chosen = hit.map(|h| h.action);
                state.modal = None;
                match chosen {
                    Some(a) => update(state, ws, a),
                    None => Vec::new(),
                }
            }
            _ => {
                if p.input.handle(key) {
                    p.selected = 0;
                }
                Vec::new()
            }
        },
        Modal::Alignment { report, row } => {
            let lines = alignment_entries(report);
            let selectable = selectable(&lines);
            match key.code {
                KeyCode::Enter => {
                    let target = lines
                        .get(*row)
                        .and_then(|l| l.target)
                        .or_else(|| selectable.first().and_then(|&i| lines[i].target));
                    state.modal = None;
                    if let Some(t) = target {
                        jump_to(state, ws, t);
                    }
                }
                _ => state.modal = None,
            }
            Vec::new()
        }
        // Read-only: any other key closes it.
        Modal::Archive { .. } => {
            super::close_archive(state, ws);
            Vec::new()
        }
        Modal::Criteria { .. } => super::criteria::handle_key(state, ws, key),
        Modal::Sort { row } => {
            let row = *row;
            super::find::sort_key(state, ws, row, key)
        }
        Modal::GoTo(_) => super::find::go_to_key(state, ws, key),
        Modal::Split(split) => match split.handle_key(key) {
            SplitKey::Continue => Vec::new(),
            SplitKey::Cancel => {
                state.modal = None;
                state.info("Split cancelled");
                Vec::new()
            }
            SplitKey::Submit => match split.command(ws) {
                Some(cmd) => {
                    let base = std::mem::take(&mut split.base);
                    state.modal = None;
                    vec![Effect::Edit { cmd, base, confirmed: false }]
                }
                None => Vec::new(),
            },
        },
        Modal::CloseSprint { sprint, carry_over, notes, writing } => {
            let id = *sprint;
            // Writing the review notes: every key is text until Enter or
            // Esc ends it (the text stays).
            if *writing {
                match key.code {
                    KeyCode::Enter | KeyCode::Esc | KeyCode::Tab => *writing = false,
                    _ => {
                        notes.handle(key);
                    }
                }
                return Vec::new();
            }
            let goal_met = match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => Some(true),
                KeyCode::Char('n') | KeyCode::Char('N') => Some(false),
                KeyCode::Char('s') | KeyCode::Char('?') => None,
                KeyCode::Char('r') | KeyCode::Char('e') => {
                    *writing = true;
                    return Vec::new();
                }
                KeyCode::Char('c') | KeyCode::Tab => {
                    use crate::domain::command::CarryOver;
                    if crate::domain::planning::next_planned(ws, id).is_some() {
                        *carry_over = if *carry_over == CarryOver::Next { CarryOver::Backlog } else { CarryOver::Next };
                    } else {
                        state.info("No planned sprint to carry over to: unfinished work goes back to the backlog");
                    }
                    return Vec::new();
                }
                _ => {
                    state.modal = None;
                    state.info("The sprint stays open");
                    return Vec::new();
                }
            };
            let (carry_over, notes) = (*carry_over, notes.text().to_owned());
            state.modal = None;
            vec![Effect::Apply(Command::CloseSprint { id, goal_met, carry_over, notes })]
        }
        Modal::Initiative { id, .. } => {
            let id = *id;
            match key.code {
                _ if state.keymap.action(key) == Some(crate::tui::action::Action::Edit) => {
                    state.modal = crate::tui::form::Form::edit_initiative(ws, id).map(|f| Modal::Form(Box::new(f)));
                    super::guard_new_form(state, ws);
                }
                _ => state.modal = None,
            }
            Vec::new()
        }
        Modal::Review { .. } => {
            state.modal = None;
            Vec::new()
        }
        Modal::Definition { item, row } => {
            let Some(it) = ws.item(*item) else {
                state.modal = None;
                return Vec::new();
            };
            let items = crate::domain::ready::tickable(&ws.settings);
            let n = items.len();
            match key.code {
                KeyCode::Char(' ') | KeyCode::Char('x') | KeyCode::Enter if n > 0 => {
                    let text = items[(*row).min(n - 1)].to_owned();
                    let mut checked = it.checked.clone();
                    if checked.contains(&text) {
                        checked.retain(|c| *c != text);
                    } else {
                        checked.push(text);
                    }
                    let patch = ItemPatch { checked: Some(checked), ..ItemPatch::default() };
                    return vec![Effect::Apply(Command::EditItem { id: it.meta.id, patch: Box::new(patch) })];
                }
                KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('D') => state.modal = None,
                // Every other key stays here: nothing leaks to the list behind.
                _ => {}
            }
            Vec::new()
        }
        Modal::Views { row } => {
            let row = *row;
            super::views::handle_key(state, ws, row, key)
        }
        Modal::Conflicts { row } => {
            let open: Vec<Uuid> = ws.open_conflicts().map(|c| c.id).collect();
            if open.is_empty() {
                state.modal = None;
                return Vec::new();
            }
            *row = (*row).min(open.len() - 1);
            let take = match key.code {
                KeyCode::Char('o') => crate::domain::command::Take::Ours,
                KeyCode::Char('t') => crate::domain::command::Take::Theirs,
                _ => {
                    state.modal = None;
                    return Vec::new();
                }
            };
            let id = open[*row];
            if open.len() == 1 {
                state.modal = None;
            }
            vec![Effect::Apply(Command::ResolveConflict { id, take })]
        }
    }
}
