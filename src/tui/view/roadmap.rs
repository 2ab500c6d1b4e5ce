//! The Roadmap pane: Now / Next / Later columns of initiatives, each with
//! its theme, goals, status and the progress of its stories.

use super::widgets::{bar, safe, truncate, truncate_spans};
use crate::domain::Workspace;
use crate::domain::strategy::{Horizon, Initiative, InitiativeStatus};
use crate::tui::derive::{span, timeline_order};
use crate::tui::state::RoadmapMode;
use crate::tui::state::State;
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(frame: &mut Frame, state: &State, ws: &Workspace, area: Rect) {
    match state.roadmap.mode {
        RoadmapMode::Columns => {}
        RoadmapMode::Months => return draw_timeline(frame, state, ws, area, false),
        RoadmapMode::Quarters => return draw_timeline(frame, state, ws, area, true),
    }
    let t = &state.theme;
    let progress = ws.initiative_progress();
    let cols: [Rect; 3] = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(area);
    for (c, (h, rect)) in Horizon::ALL.iter().zip(cols).enumerate() {
        let list = crate::tui::derive::roadmap_column(ws, &state.narrow(ws, crate::tui::state::Pane::Roadmap), *h);
        let focus = state.roadmap.column == c;
        let block =
            Block::bordered().border_style(if focus { t.border_focus() } else { t.border() }).title(Line::from(vec![
                Span::styled(format!(" {} ", h.as_str().to_uppercase()), t.title()),
                Span::styled(format!("{} ", list.len()), t.dim()),
            ]));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let width = usize::from(inner.width);
        let per = 3usize; // lines per initiative
        let visible = usize::from(inner.height) / per;
        let row = state.roadmap.row[c].min(list.len().saturating_sub(1));
        let offset = row.saturating_sub(visible.saturating_sub(1));
        let mut lines: Vec<Line> = Vec::new();
        let mut selected_at = None;
        if list.is_empty() {
            lines.push(Line::from(Span::styled(truncate("empty: n adds one", width), t.dim())));
        }
        for (i, init) in list.iter().enumerate().skip(offset).take(visible.max(1)) {
            let p = progress.get(&init.meta.id).copied().unwrap_or_default();
            let (n, pts, done) = (p.stories, p.points, p.done_points);
            let selected = focus && i == row;
            let status_style = match init.status {
                InitiativeStatus::ReadyForBreakdown => t.warn(),
                InitiativeStatus::Done => t.ok(),
                InitiativeStatus::Dropped => t.dim(),
                InitiativeStatus::InProgress => t.accent(),
                _ => t.text(),
            };
            let title = Line::from(truncate_spans(
                vec![Span::styled(format!("{} ", safe(&init.key)), t.accent()), Span::raw(safe(&init.title))],
                width,
            ));
            let goals: Vec<String> = init.goals.iter().filter_map(|g| ws.goal(*g)).map(|g| safe(&g.key)).collect();
            let status = format!("{} · {}", init.meta.owner.label(), init.status.as_str().replace('_', " "));
            let mut rest = String::new();
            if !init.theme.is_empty() {
                rest.push_str(&format!(" · {}", safe(&init.theme)));
            }
            if !goals.is_empty() {
                rest.push_str(&format!(" · {}", goals.join(",")));
            }
            if let Some(tf) = &init.timeframe
                && !tf.label.is_empty()
            {
                rest.push_str(&format!(" · {}", safe(&tf.label)));
            }
            let meta = vec![Span::styled(status, status_style), Span::styled(rest, t.dim())];
            let ratio = if pts == 0 { 0.0 } else { f64::from(done) / f64::from(pts) };
            let bar_w = width.saturating_sub(18).clamp(4, 12);
            let stories = if n == 1 { "story" } else { "stories" };
            let prog = Line::from(truncate_spans(
                vec![
                    Span::styled(bar(ratio, bar_w), t.ok()),
                    Span::styled(format!(" {n} {stories} {done}/{pts}p"), t.dim()),
                ],
                width,
            ));
            if selected {
                selected_at = Some(lines.len());
            }
            lines.extend([title, Line::from(truncate_spans(meta, width)), prog]);
        }
        frame.render_widget(Paragraph::new(lines), inner);
        // The selected card is marked across the column, not just under
        // its text.
        if let Some(y) = selected_at {
            let card = Rect { y: inner.y + y as u16, height: per as u16, ..inner }.intersection(inner);
            frame.buffer_mut().set_style(card, t.selected());
        }
    }
}

/// Each horizon has its own fill, so the timeline reads without colour
/// (`NO_COLOR`, 16-colour themes that map them alike).
fn horizon_glyph(h: Horizon) -> &'static str {
    match h {
        Horizon::Now => "█",
        Horizon::Next => "▓",
        Horizon::Later => "░",
    }
}

/// A period of the timeline: months or quarters, as (year, index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Period {
    year: i32,
    /// 0..12 for months, 0..4 for quarters.
    n: u32,
}

fn period_of(d: NaiveDate, quarters: bool) -> Period {
    let m = d.month0();
    Period { year: d.year(), n: if quarters { m / 3 } else { m } }
}

fn next(p: Period, quarters: bool) -> Period {
    let per_year = if quarters { 4 } else { 12 };
    if p.n + 1 == per_year { Period { year: p.year + 1, n: 0 } } else { Period { year: p.year, n: p.n + 1 } }
}

fn label(p: Period, quarters: bool) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    if quarters { format!("Q{}'{:02}", p.n + 1, p.year.rem_euclid(100)) } else { MONTHS[p.n as usize].to_owned() }
}

/// The timeline: initiatives with a timeframe placed by month or quarter,
/// a line per initiative, today marked.
pub fn draw_timeline(frame: &mut Frame, state: &State, ws: &Workspace, area: Rect, quarters: bool) {
    let t = &state.theme;
    let block = Block::bordered().border_style(t.border_focus()).title(Line::from(vec![
        Span::styled(" Timeline ", t.title()),
        Span::styled(if quarters { "by quarter (v: columns) " } else { "by month (v: by quarter) " }, t.dim()),
    ]));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let label_w = (width / 3).clamp(12, 36);
    let cell = if quarters { 6 } else { 4 };
    let periods = width.saturating_sub(label_w + 1) / cell;
    let selected = {
        let col = state.roadmap.column.min(2);
        let list = crate::tui::derive::roadmap_column(
            ws,
            &state.narrow(ws, crate::tui::state::Pane::Roadmap),
            Horizon::ALL[col],
        );
        list.get(state.roadmap.row[col].min(list.len().saturating_sub(1))).map(|i| i.meta.id)
    };
    let scheduled = timeline_order(ws, &state.narrow(ws, crate::tui::state::Pane::Roadmap));
    let unscheduled: Vec<&Initiative> = Horizon::ALL
        .iter()
        .flat_map(|h| crate::tui::derive::roadmap_column(ws, &state.narrow(ws, crate::tui::state::Pane::Roadmap), *h))
        .filter(|i| i.timeframe.as_ref().and_then(span).is_none())
        .collect();
    let today = period_of(state.today, quarters);
    // Start one period before today, or at the earliest start if later.
    let earliest = scheduled.iter().map(|(_, (s, _))| period_of(*s, quarters)).min();
    let mut first = Period { year: today.year, n: today.n };
    first = if first.n == 0 {
        Period { year: first.year - 1, n: if quarters { 3 } else { 11 } }
    } else {
        Period { n: first.n - 1, ..first }
    };
    if let Some(e) = earliest
        && e > first
    {
        first = e;
    }
    let mut cols = Vec::with_capacity(periods);
    let mut p = first;
    for _ in 0..periods {
        cols.push(p);
        p = next(p, quarters);
    }
    let mut lines = Vec::new();
    if !quarters {
        // Months are three letters; the year goes on a line above them.
        let mut years = vec![Span::raw(" ".repeat(label_w + 1))];
        for (k, c) in cols.iter().enumerate() {
            let text = if k == 0 || c.n == 0 { format!("{:<cell$}", c.year) } else { " ".repeat(cell) };
            years.push(Span::styled(text, t.dim()));
        }
        lines.push(Line::from(years));
    }
    let mut head = vec![Span::raw(" ".repeat(label_w + 1))];
    for c in &cols {
        let style = if *c == today { t.accent() } else { t.dim() };
        head.push(Span::styled(format!("{:<cell$}", label(*c, quarters)), style));
    }
    lines.push(Line::from(head));
    // Rows scroll to keep the selection in view, leaving room for the
    // notes below them.
    let room = usize::from(inner.height).saturating_sub(lines.len() + 3).max(1);
    let at = scheduled.iter().position(|(i, _)| Some(i.meta.id) == selected).unwrap_or(0);
    let offset = at.saturating_sub(room - 1);
    let (first_col, last_col) = (cols.first().copied(), cols.last().copied());
    for (i, (s, e)) in scheduled.iter().skip(offset).take(room) {
        let (ps, pe) = (period_of(*s, quarters), period_of(*e, quarters));
        let name = format!("{} {}", safe(&i.key), safe(&i.title));
        let mut spans = vec![Span::styled(
            format!("{:<w$} ", truncate(&name, label_w), w = label_w),
            if Some(i.meta.id) == selected { t.selected() } else { t.text() },
        )];
        for c in &cols {
            let inside = *c >= ps && *c <= pe;
            let text = if inside {
                horizon_glyph(i.horizon).repeat(cell - 1) + " "
            } else if Some(*c) == first_col && pe < *c {
                // Over before the first period shown, or starting after
                // the last: say so at the edge rather than draw nothing.
                format!("{:<cell$}", "◂")
            } else if Some(*c) == last_col && ps > *c {
                format!("{:>cell$}", "▸")
            } else if *c == today {
                format!("{:<cell$}", "│")
            } else {
                " ".repeat(cell)
            };
            let style = if inside && i.status == InitiativeStatus::Dropped {
                t.dim()
            } else if inside {
                match i.horizon {
                    Horizon::Now => t.accent(),
                    Horizon::Next => t.role(crate::domain::Role::Pm),
                    Horizon::Later => t.dim(),
                }
            } else {
                t.dim()
            };
            spans.push(Span::styled(text, style));
        }
        lines.push(Line::from(spans));
    }
    if !unscheduled.is_empty() {
        lines.push(Line::raw(""));
        let keys: Vec<String> = unscheduled.iter().map(|i| safe(&i.key)).collect();
        lines.push(Line::from(vec![
            Span::styled("No timeframe: ", t.dim()),
            Span::raw(truncate(&keys.join(", "), width.saturating_sub(14))),
        ]));
    }
    lines.push(Line::from(Span::styled("█ now   ▓ next   ░ later   │ today", t.dim())));
    frame.render_widget(Paragraph::new(lines), inner);
}
