//! Keys while something is open over the panes.

use super::{ask_first, jump_to, update};
use crate::domain::Command;
use crate::domain::Workspace;
use crate::domain::align::Report;
use crate::domain::command::ItemPatch;
use crate::tui::form::Outcome;
use crate::tui::palette;
use crate::tui::split::SplitKey;
use crate::tui::state::{Confirm, Effect, Modal, State};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use uuid::Uuid;

/// What an alignment entry points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlignTarget {
    Item(Uuid),
    Goal(Uuid),
    Initiative(Uuid),
    Sprint(Uuid),
}

/// One line of the alignment view: a heading (no target) or an entry.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignLine {
    pub text: String,
    pub detail: String,
    pub target: Option<AlignTarget>,
    /// A problem rather than a finding (broken links).
    pub severe: bool,
}

/// The report as the lines the view shows and the cursor moves over.
pub fn alignment_entries(r: &Report) -> Vec<AlignLine> {
    let mut out = Vec::new();
    let head = |out: &mut Vec<AlignLine>, text: String| {
        out.push(AlignLine { text, detail: String::new(), target: None, severe: false })
    };
    if !r.broken.is_empty() {
        head(&mut out, format!("Broken links ({})", r.broken.len()));
        for b in &r.broken {
            let target = match b.entity {
                "item" => Some(AlignTarget::Item(b.id)),
                "initiative" => Some(AlignTarget::Initiative(b.id)),
                "sprint" => Some(AlignTarget::Sprint(b.id)),
                _ => None,
            };
            out.push(AlignLine { text: b.key.clone(), detail: b.message.clone(), target, severe: true });
        }
    }
    let mut section = |title: &str, list: &[crate::domain::align::Entry], make: fn(Uuid) -> AlignTarget| {
        if list.is_empty() {
            return;
        }
        head(&mut out, format!("{title} ({})", list.len()));
        for e in list {
            out.push(AlignLine {
                text: e.key.clone(),
                detail: e.title.clone(),
                target: Some(make(e.id)),
                severe: false,
            });
        }
    };
    section("Goals with no initiative", &r.goals_without_initiative, AlignTarget::Goal);
    section("Now initiatives with no ready stories", &r.now_without_ready, AlignTarget::Initiative);
    section("Stories linked to no initiative", &r.unlinked_stories, AlignTarget::Item);
    section("Open items still in a closed sprint", &r.open_in_closed_sprint, AlignTarget::Item);
    if !r.stale.is_empty() {
        head(&mut out, format!("Stale work ({})", r.stale.len()));
        for s in &r.stale {
            out.push(AlignLine {
                text: s.item.key.clone(),
                detail: format!("{} for {} days: {}", s.status.as_str().replace('_', " "), s.idle_days, s.item.title),
                target: Some(AlignTarget::Item(s.item.id)),
                severe: false,
            });
        }
    }
    if let Some(t) = &r.sprint_trace {
        let share = t.share().map_or("no points yet".to_owned(), |s| format!("{:.0}%", s * 100.0));
        head(
            &mut out,
            format!("{}: {} of {} points trace up to a goal ({share})", t.name, t.traced_points, t.total_points),
        );
        for e in &t.untraced {
            out.push(AlignLine {
                text: e.key.clone(),
                detail: format!("not traced: {}", e.title),
                target: Some(AlignTarget::Item(e.id)),
                severe: false,
            });
        }
    }
    if out.is_empty() {
        head(&mut out, "Aligned: every goal has an initiative, every story a place.".into());
    }
    out
}

/// The keys of a popup that has its own, for the help (`?` in it): a
/// title and (keys, what they do). `None` for the others.
pub fn popup_keys(modal: &Modal) -> Option<(&'static str, &'static [(&'static str, &'static str)])> {
    Some(match modal {
        Modal::Initiative { .. } => {
            ("Initiative detail", &[("e", "edit the initiative"), ("j k", "scroll"), ("Esc", "close")])
        }
        Modal::Alignment { .. } => {
            ("Alignment report", &[("j k", "move between entries"), ("Enter", "go to it"), ("Esc", "close")])
        }
        // While a criterion's text is being typed, `?` is text.
        Modal::Criteria { edit: None, .. } => (
            "Acceptance criteria",
            &[
                ("j k", "move"),
                ("Space x", "check or uncheck the criterion"),
                ("a n o", "add one"),
                ("e Enter", "edit its text"),
                ("d Del", "delete it"),
                ("J K", "move it down or up"),
                ("u Ctrl-r", "undo or redo"),
                ("Esc q c", "close"),
            ],
        ),
        Modal::Definition { .. } => (
            "Definition of Ready and Done",
            &[
                ("j k", "move between the items a person ticks"),
                ("Space x Enter", "tick or untick"),
                ("Esc q D", "close"),
            ],
        ),
        Modal::Sort { .. } => (
            "Sort",
            &[
                ("j k", "move"),
                ("Enter", "sort by the column (again: the other way round)"),
                ("letter", "sort by that column"),
                ("Esc q", "close"),
            ],
        ),
        Modal::Views { .. } => (
            "Views",
            &[
                ("j k", "move"),
                ("Enter", "show the view"),
                ("s n", "save the current filter and sort"),
                ("d Del", "delete"),
                ("Esc q", "close"),
            ],
        ),
        Modal::Conflicts { .. } => {
            ("Conflicts", &[("j k", "move"), ("o", "keep ours"), ("t", "take theirs"), ("Esc", "close")])
        }
        Modal::CloseSprint { .. } => (
            "Close the sprint",
            &[
                ("c Tab", "carry unfinished work over to the next sprint, or back to the backlog"),
                ("y", "close: the goal was met"),
                ("n", "close: the goal was not met"),
                ("s", "close without saying"),
                ("Esc", "keep the sprint open"),
            ],
        ),
        _ => return None,
    })
}

pub(super) fn handle_key(state: &mut State, ws: &Workspace, key: &KeyEvent) -> Vec<Effect> {
    // `?` in a popup with keys of its own: the help, those keys first.
    if key.code == KeyCode::Char('?')
        && let Some(m) = state.modal.as_ref()
        && popup_keys(m).is_some()
    {
        let popup = state.modal.take().map(Box::new);
        state.modal = Some(Modal::Help { scroll: 0, popup });
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
            Outcome::Submit => match form.submit(ws) {
                Some(cmd) => {
                    let question = ask_first(ws, &cmd);
                    let edit = form.effect(cmd);
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
        Modal::Help { .. } => {
            // The lines the view shows at this size (see `view::modal`):
            // stop at the last one, so scrolling back starts at once.
            let area = ratatui::layout::Rect::new(0, 0, state.width, state.height);
            let (r, lines) = crate::tui::view::help_layout(state, ws, area);
            let max = lines.len().saturating_sub(usize::from(r.height.saturating_sub(2)));
            let Some(Modal::Help { scroll, popup }) = state.modal.as_mut() else { return Vec::new() };
            match key.code {
                KeyCode::Down | KeyCode::Char('j') => *scroll = (*scroll + 1).min(max),
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown => *scroll = (*scroll + 10).min(max),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                // Back to the popup it was opened from, if any.
                _ => state.modal = popup.take().map(|p| *p),
            }
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
            let selectable: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].target.is_some()).collect();
            let at = selectable.iter().position(|&i| i == *row).unwrap_or(0);
            match key.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    *row = selectable.get(at + 1).or(selectable.last()).copied().unwrap_or(0)
                }
                KeyCode::Up | KeyCode::Char('k') => *row = selectable.get(at.saturating_sub(1)).copied().unwrap_or(0),
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
        Modal::CloseSprint { sprint, carry_over } => {
            let id = *sprint;
            let goal_met = match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => Some(true),
                KeyCode::Char('n') | KeyCode::Char('N') => Some(false),
                KeyCode::Char('s') | KeyCode::Char('?') => None,
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
            let carry_over = *carry_over;
            state.modal = None;
            vec![Effect::Apply(Command::CloseSprint { id, goal_met, carry_over })]
        }
        Modal::Initiative { id, scroll } => {
            let id = *id;
            match key.code {
                KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown => *scroll = scroll.saturating_add(10),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
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
                KeyCode::Down | KeyCode::Char('j') => *row = (*row + 1).min(n.saturating_sub(1)),
                KeyCode::Up | KeyCode::Char('k') => *row = row.saturating_sub(1),
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
                KeyCode::Down | KeyCode::Char('j') => {
                    *row = (*row + 1).min(open.len() - 1);
                    return Vec::new();
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    *row = row.saturating_sub(1);
                    return Vec::new();
                }
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
