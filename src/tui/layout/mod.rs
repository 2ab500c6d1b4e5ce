//! Screen geometry: where things are for a given state and terminal size
//! (the tab bar, a list row, a popup and how far it scrolls), and the lines
//! whose count decides it. Below both `update` (mouse clicks, scrolling)
//! and `view` (drawing), so the two agree without importing each other.

pub mod archive;
pub mod backlog;
pub mod definition;
pub mod forecast;
pub mod help;
pub mod history;
pub mod messages;
pub mod report;
pub mod trail;

use crate::domain::Workspace;
use crate::domain::strategy::InitiativeStatus;
use crate::tui::state::{Pane, State};
use help::help_layout;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

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
        Modal::Archive { rows, .. } => {
            let n = rows.as_ref().map_or(0, Vec::len);
            Some((n, archive::areas(area, n).page()))
        }
        Modal::Definition { item, row } => {
            definition::layout(state, ws, *item, *row, area).map(|l| (l.lines.len(), l.page()))
        }
        // Lists of one line a row, as tall as they are where there is room
        // (see `view::criteria::draw` and `view::modal::views`); not while a criterion
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
pub fn screen(area: Rect) -> [Rect; 3] {
    Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(2)]).areas(area)
}

/// The tab bar and the columns each pane's tab covers (for mouse clicks).
/// Where the full bar does not fit, the notes on the right go first, then
/// the inactive tabs shrink to their number; the role badge always stays.
pub fn tab_bar(state: &State, ws: &Workspace, width: u16) -> (Vec<Span<'static>>, [std::ops::Range<u16>; 4]) {
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
