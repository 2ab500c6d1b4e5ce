//! Drawing: pure functions of `&State` and `&Workspace` onto a frame. Only
//! what is visible is drawn, so a frame costs the same at any size of
//! workspace.

mod archive;
mod backlog;
mod charts;
mod columns;
mod criteria;
pub mod definition;
mod find;
mod history;
mod lifecycle;
mod messages;
mod modal;
mod report;
mod roadmap;
mod split;
mod sprint;
mod unsaved;
mod vision;
// Moved below view and update; kept at its old path.
pub use super::widgets;

// Kept at its old path for tests.
pub use crate::tui::layout::backlog::detail_full_screen;
// Kept at its old path for tests.
pub use crate::tui::derive::timeline_order;

use super::action::Action;
use super::state::{Level, Pane, SaveState, State};
use crate::domain::Workspace;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;
use widgets::{safe, truncate};

pub use super::state::{MIN_HEIGHT, MIN_WIDTH};

pub fn draw(frame: &mut Frame, state: &State, ws: &Workspace) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg =
            format!("Terminal too small ({}×{}): backlog needs {MIN_WIDTH}×{MIN_HEIGHT}", area.width, area.height);
        frame.render_widget(Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }), area);
        return;
    }
    let [tabs, body, status] = crate::tui::layout::screen(area);
    draw_tabs(frame, state, ws, tabs);
    match state.pane {
        Pane::Vision => vision::draw(frame, state, ws, body),
        Pane::Roadmap => roadmap::draw(frame, state, ws, body),
        Pane::Backlog => backlog::draw(frame, state, ws, body),
        Pane::Sprint => sprint::draw(frame, state, ws, body),
    }
    draw_status(frame, state, ws, status);
    modal::draw(frame, state, ws, area);
}

fn draw_tabs(frame: &mut Frame, state: &State, ws: &Workspace, area: Rect) {
    let (spans, _) = crate::tui::layout::tab_bar(state, ws, area.width);
    frame.render_widget(Line::from(spans), area);
}

fn draw_status(frame: &mut Frame, state: &State, ws: &Workspace, area: Rect) {
    let t = &state.theme;
    let [top, bottom] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let (save, save_style) = match &state.save {
        SaveState::Saved => ("saved".to_owned(), t.ok()),
        SaveState::Saving => ("saving…".to_owned(), t.dim()),
        SaveState::Failed(_) => ("NOT SAVED".to_owned(), t.error()),
        SaveState::ReadOnly(_) => ("read-only".to_owned(), t.warn()),
    };
    let name = truncate(&safe(&ws.workspace.name), 24);
    let mut spans = vec![
        Span::styled(format!(" {name} "), t.title()),
        Span::styled("│", t.dim()),
        Span::styled(format!(" {} ", state.role.label()), t.role(state.role)),
        Span::styled("│", t.dim()),
        Span::styled(format!(" {save} "), save_style),
    ];
    let marked = state.backlog.marks.len();
    if marked > 0 {
        spans.push(Span::styled("│", t.dim()));
        spans.push(Span::styled(format!(" {marked} marked "), t.accent()));
        // Marks outlive a filter: say how many act unseen.
        let unseen = state.backlog.marks_unseen;
        if unseen > 0 {
            spans.push(Span::styled(format!("({unseen} not shown) "), t.warn()));
        }
    }
    let conflicts = ws.open_conflicts().count();
    if conflicts > 0 {
        spans.push(Span::styled("│", t.dim()));
        let key = state.keymap.hint(Action::Conflicts);
        spans.push(Span::styled(format!(" {conflicts} conflict(s): {key} resolves "), t.warn()));
    }
    if let Some(f) = state.find(state.pane).filter(|f| f.typing || !f.input.text().is_empty()) {
        spans.push(Span::styled("│", t.dim()));
        let cursor = if f.typing { "▏" } else { "" };
        spans.push(Span::styled(" / ", t.key()));
        spans.push(Span::styled(format!("{}{cursor} ", truncate(&safe(f.input.text()), 40)), t.text()));
        if let Some(problem) = state.narrow(ws, state.pane).query.and_then(|q| q.problems.last().cloned()) {
            spans.push(Span::styled(format!("{} ", truncate(&safe(&problem), 40)), t.warn()));
        }
    }
    if let Some((msg, level)) = &state.message {
        let style = match level {
            Level::Info => t.text(),
            Level::Warn => t.warn(),
            Level::Error => t.error(),
        };
        let used: usize = spans.iter().map(|s| s.width()).sum();
        spans.push(Span::styled("│ ", t.dim()));
        spans.push(Span::styled(cut_message(state, msg, usize::from(area.width).saturating_sub(used + 2)), style));
    }
    frame.render_widget(Line::from(spans), top);

    frame.render_widget(hint_line(state, ws, area.width), bottom);
}

/// A message as the status line has room for it: whole, or cut with a
/// note of the key that shows it whole in the log.
fn cut_message(state: &State, msg: &str, room: usize) -> String {
    let text = safe(msg);
    if text.width() <= room {
        return text;
    }
    let more = format!(" ({} messages)", state.keymap.hint(Action::Messages));
    if room < more.width() + 12 {
        return truncate(&text, room);
    }
    format!("{}{more}", truncate(&text, room - more.width()))
}

/// The hint line: as many hints as fit, then `? help` (always shown, so
/// every other key can be found however narrow the terminal).
fn hint_line(state: &State, ws: &Workspace, width: u16) -> Line<'static> {
    let t = &state.theme;
    let width = usize::from(width);
    let keys = |actions: &[Action]| actions.iter().map(|a| state.keymap.hint(*a)).collect::<Vec<_>>().join("/");
    let help = (keys(&[Action::Help]), "help");
    let cost = |k: &str, label: &str| k.width() + label.width() + 3;
    let mut shown: Vec<(String, &str)> = Vec::new();
    let mut used = 1 + cost(&help.0, help.1);
    for (actions, label) in crate::tui::layout::help::hints(state, ws) {
        let k = keys(actions);
        let w = cost(&k, label);
        if used + w > width {
            break;
        }
        used += w;
        shown.push((k, label));
    }
    shown.push(help);
    let mut spans = vec![Span::raw(" ")];
    for (k, label) in shown {
        spans.push(Span::styled(k, t.key()));
        spans.push(Span::styled(format!(" {label}  "), t.dim()));
    }
    Line::from(spans)
}
