//! Drawing: pure functions of `&State` and `&Workspace` onto a frame. Only
//! what is visible is drawn, so a frame costs the same at any size of
//! workspace.

mod backlog;
mod charts;
mod columns;
mod criteria;
pub mod definition;
mod find;
mod lifecycle;
mod messages;
mod modal;
pub use modal::help_layout;
mod history;
mod report;
mod roadmap;
mod split;
mod sprint;
mod trail;
mod unsaved;
mod vision;
pub mod widgets;

pub use backlog::{detail_full_screen, detail_scroll_room, row_at as backlog_row_at};
// Kept at its old path for tests.
pub use crate::tui::derive::timeline_order;

use super::action::Action;
use super::state::{Level, Pane, SaveState, State};
use crate::domain::Workspace;
use crate::domain::strategy::InitiativeStatus;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;
use widgets::{safe, truncate};

pub use super::state::{MIN_HEIGHT, MIN_WIDTH};

/// How the open popup scrolls at the current size (see `tui::scroll`):
/// how many lines it has and how many rows show them. For a popup with a
/// selection, the lines are its rows (a conflict takes three). None for a
/// popup that does not scroll.
pub fn popup_extent(state: &State, ws: &Workspace) -> Option<(usize, usize)> {
    use super::state::Modal;
    let area = Rect::new(0, 0, state.width, state.height);
    let page = |r: Rect| usize::from(r.height.saturating_sub(2)).max(1);
    match state.modal.as_ref()? {
        Modal::Help { .. } => {
            let (r, lines) = help_layout(state, ws, area);
            Some((lines.len(), page(r)))
        }
        Modal::Messages { .. } => Some(messages::extent(state, area)),
        Modal::History { item, since, .. } => Some(history::extent(state, ws, *item, *since, area)),
        Modal::Initiative { id, .. } => {
            report::initiative_layout(state, ws, *id, area).map(|(r, l)| (l.len(), page(r)))
        }
        Modal::Review { sprint, .. } => {
            report::review_layout(state, ws, *sprint, area).map(|(r, l)| (l.len(), page(r)))
        }
        Modal::Alignment { report, .. } => {
            Some((crate::tui::derive::alignment_entries(report).len(), report::alignment_area(area).1))
        }
        Modal::Conflicts { .. } => Some(report::conflicts_extent(state, ws, area)),
        Modal::Definition { item, row } => {
            definition::layout(state, ws, *item, *row, area).map(|l| (l.lines.len(), l.page()))
        }
        // Lists of one line a row, as tall as they are where there is room
        // (see `criteria::draw` and `modal::views`); not while a criterion
        // is being written.
        Modal::Criteria { item, edit: None, .. } => {
            let n = ws.item(*item)?.acceptance_criteria.len();
            Some((n, usize::from(state.height.saturating_sub(2).max(3)) - 2))
        }
        Modal::Views { .. } => {
            let n = ws.settings.views.len();
            Some((n, usize::from(state.height.saturating_sub(2)).max(1)))
        }
        _ => None,
    }
}

/// Tab bar, body, two status lines.
pub fn layout(area: Rect) -> [Rect; 3] {
    Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(2)]).areas(area)
}

pub fn draw(frame: &mut Frame, state: &State, ws: &Workspace) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg =
            format!("Terminal too small ({}×{}): backlog needs {MIN_WIDTH}×{MIN_HEIGHT}", area.width, area.height);
        frame.render_widget(Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }), area);
        return;
    }
    let [tabs, body, status] = layout(area);
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
    let (spans, _) = tab_bar(state, ws, area.width);
    frame.render_widget(Line::from(spans), area);
}

/// The tab bar and the columns each pane's tab covers (for mouse clicks).
/// Where the full bar does not fit, the notes on the right go first, then
/// the inactive tabs shrink to their number; the role badge always stays.
fn tab_bar(state: &State, ws: &Workspace, width: u16) -> (Vec<Span<'static>>, [std::ops::Range<u16>; 4]) {
    let t = &state.theme;
    let width = usize::from(width);
    // The hand-off: initiatives the PM marked ready, waiting for the PO.
    let intake = ws.live_initiatives().filter(|i| i.status == InitiativeStatus::ReadyForBreakdown).count();
    let mut notes = Vec::new();
    if intake > 0 {
        notes.push(Span::styled(format!(" {intake} ready for breakdown "), t.warn()));
        notes.push(Span::raw(" "));
    }
    if let Some(o) = state.owner_filter {
        notes.push(Span::styled(format!(" only {} ", o.label()), t.dim()));
        notes.push(Span::raw(" "));
    }
    let badge = Span::styled(format!(" {} ", state.role.label()), t.role_badge(state.role));
    let full: usize = 1 + Pane::ALL.iter().map(|p| p.title().width() + 6).sum::<usize>();
    let notes_w: usize = notes.iter().map(Span::width).sum();
    let compact = full + badge.width() > width;
    let mut right = if full + notes_w + badge.width() <= width { notes } else { Vec::new() };
    right.push(badge);

    let mut spans = vec![Span::raw(" ")];
    let mut ranges: [std::ops::Range<u16>; 4] = Default::default();
    let mut x = 1usize;
    for (i, p) in Pane::ALL.iter().enumerate() {
        let active = *p == state.pane;
        let label = if compact && !active { format!(" {} ", i + 1) } else { format!(" {} {} ", i + 1, p.title()) };
        let w = label.width();
        ranges[i] = u16::try_from(x).unwrap_or(u16::MAX)..u16::try_from(x + w).unwrap_or(u16::MAX);
        spans.push(Span::styled(label, t.tab(active)));
        let gap = if compact { " " } else { "  " };
        spans.push(Span::raw(gap));
        x += w + gap.len();
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let rw: usize = right.iter().map(Span::width).sum();
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used + rw))));
    spans.extend(right);
    (spans, ranges)
}

/// The pane whose tab is drawn at `column` of the tab bar, if any.
pub fn tab_at(state: &State, ws: &Workspace, column: u16) -> Option<Pane> {
    let (_, ranges) = tab_bar(state, ws, state.width);
    ranges.iter().position(|r| r.contains(&column)).map(|i| Pane::ALL[i])
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

/// The key hints for what is on screen: each is one or more actions (their
/// first keys joined by `/`) and what they do, most used first.
pub(crate) fn hints(state: &State, ws: &Workspace) -> Vec<(&'static [Action], &'static str)> {
    use crate::tui::state::{RoadmapMode, SprintMode};
    const MOVE: &[Action] = &[Action::MoveDown, Action::MoveUp];
    const NAV: &[Action] = &[Action::Down, Action::Up];
    const PAGE: &[Action] = &[Action::PageDown, Action::PageUp];
    const SIDES: &[Action] = &[Action::Left, Action::Right];
    const HORIZON: &[Action] = &[Action::MoveLeft, Action::MoveRight];
    match state.pane {
        Pane::Backlog if state.backlog.typing => vec![(&[Action::Back], "clear"), (&[Action::Open], "keep filter")],
        // The detail over the whole pane: the keys scroll it.
        Pane::Backlog if backlog::detail_full_screen(state, ws) => vec![
            (NAV, "scroll"),
            (&[Action::Back], "back"),
            (&[Action::Edit], "edit"),
            (&[Action::Criteria], "criteria"),
            (&[Action::EditLong], "$EDITOR"),
            (PAGE, "page"),
            (&[Action::Undo], "undo"),
        ],
        // With marks, the keys that act on all of them.
        Pane::Backlog if !state.backlog.marks.is_empty() => vec![
            (&[Action::Mark], "mark"),
            (&[Action::Edit], "bulk edit"),
            (&[Action::MoveToTop, Action::MoveToBottom], "top/bottom"),
            (&[Action::MoveMarkedHere], "move here"),
            (&[Action::ToggleSprint], "sprint"),
            (&[Action::Delete], "delete"),
            // Esc clears a filter before the marks.
            (
                &[Action::Back],
                if state.backlog.query.text().is_empty() && !state.backlog.intake && state.owner_filter.is_none() {
                    "clear marks"
                } else {
                    "clear filter"
                },
            ),
            (&[Action::Undo], "undo"),
        ],
        Pane::Backlog => {
            let mut v: Vec<(&'static [Action], &'static str)> =
                vec![(&[Action::New], "new"), (&[Action::Edit], "edit")];
            let sort = state.backlog.list.sort();
            if sort.is_rank() {
                v.push((MOVE, "move"));
            } else if crate::tui::list::is_score(sort.field) {
                v.push((&[Action::RerankByScore], "re-rank by score"));
            }
            v.push((&[Action::Mark], "mark"));
            v.extend([
                (&[Action::ToggleSprint][..], "sprint"),
                (&[Action::Filter], "filter"),
                (&[Action::Sort], "sort"),
                (&[Action::Undo], "undo"),
                (&[Action::Intake], "intake"),
                (&[Action::Open], "detail"),
                (&[Action::Palette], "palette"),
                (&[Action::Quit], "quit"),
            ]);
            v
        }
        Pane::Roadmap if state.roadmap.mode != RoadmapMode::Columns => {
            vec![
                (&[Action::CycleView], "view"),
                (NAV, "select"),
                (&[Action::Open], "detail"),
                (&[Action::Edit], "edit"),
                (&[Action::Alignment], "alignment"),
            ]
        }
        Pane::Roadmap => vec![
            (&[Action::New], "new"),
            (&[Action::Open], "detail"),
            (&[Action::Edit], "edit"),
            (HORIZON, "earlier/later"),
            (MOVE, "move"),
            (&[Action::ToggleSprint], "ready"),
            (&[Action::Breakdown], "story"),
            (&[Action::CycleView], "timeline"),
            (&[Action::Alignment], "alignment"),
            (&[Action::Undo], "undo"),
        ],
        Pane::Vision => vec![
            (&[Action::Edit], "edit"),
            (&[Action::UpdateKpi], "KPI values"),
            (&[Action::EditLong], "$EDITOR"),
            (&[Action::New], "new goal"),
            (&[Action::Alignment], "alignment"),
            (&[Action::Undo], "undo"),
            (&[Action::Quit], "quit"),
        ],
        Pane::Sprint => match state.sprint.mode {
            SprintMode::Board => vec![
                (HORIZON, "back/advance"),
                (&[Action::Criteria], "criteria"),
                (&[Action::ToggleSprint], "to backlog"),
                (&[Action::SprintLifecycle], "start/close"),
                (&[Action::CycleView], "planning"),
                (&[Action::New], "new sprint"),
                (&[Action::Edit], "edit sprint"),
                (&[Action::Undo], "undo"),
            ],
            SprintMode::Planning => vec![
                (&[Action::ToggleSprint], "pull/push"),
                (&[Action::SwitchSprint], "other sprint"),
                (SIDES, "backlog/sprint"),
                (&[Action::SprintLifecycle], "start/close"),
                (&[Action::Edit], "goal"),
                (&[Action::CycleView], "charts"),
                (&[Action::Undo], "undo"),
            ],
            SprintMode::Charts => {
                vec![(&[Action::Left], "older sprint"), (&[Action::Right], "newer"), (&[Action::CycleView], "board")]
            }
        },
    }
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
    for (actions, label) in hints(state, ws) {
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
