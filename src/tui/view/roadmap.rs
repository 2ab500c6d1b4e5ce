//! The Roadmap pane: Now / Next / Later columns of initiatives, each with
//! its theme, goals, status and the progress of its stories.

use super::widgets::{bar, safe, truncate, truncate_spans};
use crate::domain::Workspace;
use crate::domain::release::Release;
use crate::domain::strategy::{Horizon, Initiative, InitiativeStatus};
use crate::tui::derive::timeline_order;
use crate::tui::state::RoadmapMode;
use crate::tui::state::State;
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;
use uuid::Uuid;

pub fn draw(frame: &mut Frame, state: &State, ws: &Workspace, area: Rect) {
    match state.roadmap.mode {
        RoadmapMode::Columns => {}
        RoadmapMode::Months => return draw_timeline(frame, state, ws, area, false),
        RoadmapMode::Quarters => return draw_timeline(frame, state, ws, area, true),
    }
    let t = &state.theme;
    let progress = state.progress.get(ws, state.revision);
    // Releases to ship get a strip below the columns, when there are any.
    let releases: Vec<&Release> = ws.ordered_releases().into_iter().filter(|r| r.shipped.is_none()).collect();
    let strip = if releases.is_empty() || area.height < 16 { 0 } else { (releases.len() as u16 + 2).min(6) };
    let [area, below] = Layout::vertical([Constraint::Min(0), Constraint::Length(strip)]).areas(area);
    if strip > 0 {
        draw_releases(frame, state, ws, &releases, below);
    }
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

/// One line per release to ship: its target, its open work, the 85% date
/// and where that leaves it, and what would have to move out.
fn draw_releases(frame: &mut Frame, state: &State, ws: &Workspace, releases: &[&Release], area: Rect) {
    use crate::domain::forecast::release::Standing;
    let t = &state.theme;
    let block = Block::bordered().border_style(t.border()).title(Line::from(vec![
        Span::styled(" RELEASES ", t.title()),
        Span::styled(format!("{} ", releases.len()), t.dim()),
    ]));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let name_w = releases.iter().map(|r| safe(&r.name).width()).max().unwrap_or(0).min(24);
    let mut lines = Vec::new();
    for r in releases.iter().take(usize::from(inner.height)) {
        let o = state.forecasts.release(r.meta.id);
        let due = r.target.map_or("no target".to_owned(), |d| format!("due {d}"));
        let open = o.map_or(String::new(), |o| format!("{}/{} open", o.open.len(), o.items));
        let at85 = match o.map(|o| &o.forecast) {
            Some(Some(Ok(f))) => f.dates[1].map_or("85% later".to_owned(), |d| format!("85% {d}")),
            Some(Some(Err(_))) => "no forecast".to_owned(),
            _ => String::new(),
        };
        let standing = o.map(|o| o.standing);
        let style = match standing {
            Some(Standing::OnTrack | Standing::Done) => t.ok(),
            Some(Standing::AtRisk) => t.warn(),
            Some(Standing::Late) => t.error(),
            _ => t.dim(),
        };
        let mut spans = vec![
            Span::styled(format!("{:<name_w$} ", truncate(&safe(&r.name), name_w)), t.accent()),
            Span::styled(format!("{due:<14} {open:<11} {at85:<15} "), t.dim()),
            Span::styled(standing.map_or("", |s| s.label()).to_owned(), style),
        ];
        if let Some(o) = o.filter(|o| !o.move_out.is_empty()) {
            let keys: Vec<String> = o.move_out.iter().filter_map(|id| ws.item(*id)).map(|i| safe(&i.key)).collect();
            spans.push(Span::styled(format!(" · move out {}", keys.join(", ")), t.dim()));
        } else if o.is_some_and(|o| o.unreachable) {
            spans.push(Span::styled(" · no cut makes it: a new date, or its work ranked higher", t.dim()));
        }
        lines.push(Line::from(truncate_spans(spans, width)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
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
        .filter(|i| i.timeframe.as_ref().and_then(crate::domain::strategy::Timeframe::span).is_none())
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
    // Each initiative's row, and under it the range its open work is
    // forecast to finish in (50% to 85%); those without a timeframe show
    // only the range, after the others.
    let style_of = |i: &Initiative| if Some(i.meta.id) == selected { t.selected() } else { t.text() };
    let label = |i: &Initiative, style| {
        let name = format!("{} {}", safe(&i.key), safe(&i.title));
        Span::styled(format!("{:<w$} ", truncate(&name, label_w), w = label_w), style)
    };
    let grid = Grid { cols: &cols, today, quarters, cell };
    let mut entries: Vec<(Uuid, Vec<Line>)> = Vec::new();
    for (i, (s, e)) in &scheduled {
        let (ps, pe) = (period_of(*s, quarters), period_of(*e, quarters));
        let mut spans = vec![label(i, style_of(i))];
        for c in &cols {
            let inside = *c >= ps && *c <= pe;
            let text = if inside { horizon_glyph(i.horizon).repeat(cell - 1) + " " } else { grid.outside(*c, ps, pe) };
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
        let mut block = vec![Line::from(spans)];
        if let Some(range) = forecast_range(state, i) {
            let head = Span::styled(format!("{:<w$} ", truncate("  forecast", label_w), w = label_w), t.dim());
            block.push(grid.range_line(head, range, t.warn(), t.dim()));
        }
        entries.push((i.meta.id, block));
    }
    for i in &unscheduled {
        if let Some(range) = forecast_range(state, i) {
            entries.push((i.meta.id, vec![grid.range_line(label(i, style_of(i)), range, t.warn(), t.dim())]));
        }
    }
    // Rows scroll to keep the selection in view, leaving room for the
    // notes below them.
    let room = usize::from(inner.height).saturating_sub(lines.len() + 4).max(1);
    let at = entries.iter().position(|(id, _)| Some(*id) == selected).unwrap_or(0);
    let mut first = 0;
    let upto = |from: usize| {
        entries[from..=at.min(entries.len().saturating_sub(1))].iter().map(|(_, l)| l.len()).sum::<usize>()
    };
    while !entries.is_empty() && first < at && upto(first) > room {
        first += 1;
    }
    let mut used = 0;
    for (_, block) in entries.into_iter().skip(first) {
        if used + block.len() > room {
            break;
        }
        used += block.len();
        lines.extend(block);
    }
    if !unscheduled.is_empty() {
        lines.push(Line::raw(""));
        let keys: Vec<String> = unscheduled.iter().map(|i| safe(&i.key)).collect();
        lines.push(Line::from(vec![
            Span::styled("No timeframe: ", t.dim()),
            Span::raw(truncate(&keys.join(", "), width.saturating_sub(14))),
        ]));
    }
    lines.push(Line::from(Span::styled(
        "█ now   ▓ next   ░ later   │ today   ═ forecast: 50% to 85% likely done",
        t.dim(),
    )));
    lines.push(Line::from(Span::styled(truncate(&forecast_note(state), width), t.dim())));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The periods of the timeline, for drawing one row.
struct Grid<'a> {
    cols: &'a [Period],
    today: Period,
    quarters: bool,
    cell: usize,
}

impl Grid<'_> {
    /// A cell outside a bar from `ps` to `pe`: an arrow at an edge for a
    /// bar that is all before or after what is shown, today's mark, or
    /// nothing.
    fn outside(&self, c: Period, ps: Period, pe: Period) -> String {
        let cell = self.cell;
        if Some(&c) == self.cols.first() && pe < c {
            // Over before the first period shown, or starting after the
            // last: say so at the edge rather than draw nothing.
            format!("{:<cell$}", "◂")
        } else if Some(&c) == self.cols.last() && ps > c {
            format!("{:>cell$}", "▸")
        } else if c == self.today {
            format!("{:<cell$}", "│")
        } else {
            " ".repeat(cell)
        }
    }

    /// A forecast range: from its 50% date to its 85% date (to the edge
    /// when that is beyond the horizon).
    fn range_line<'a>(
        &self,
        head: Span<'a>,
        (from, to): (NaiveDate, Option<NaiveDate>),
        style: ratatui::style::Style,
        dim: ratatui::style::Style,
    ) -> Line<'a> {
        let ps = period_of(from, self.quarters);
        let pe = to.map_or(Period { year: i32::MAX, n: 0 }, |d| period_of(d, self.quarters));
        let mut spans = vec![head];
        for c in self.cols {
            if *c >= ps && *c <= pe {
                spans.push(Span::styled("═".repeat(self.cell - 1) + " ", style));
            } else {
                spans.push(Span::styled(self.outside(*c, ps, pe), dim));
            }
        }
        Line::from(spans)
    }
}

/// The 50% and 85% dates of an initiative with open work.
fn forecast_range(state: &State, i: &Initiative) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let d = state.forecasts.initiative(i.meta.id)?.as_ref().ok()?;
    if d.remaining.items == 0 {
        return None;
    }
    Some((d.dates[0]?, d.dates[1]))
}

/// How the forecasts were made, or why there are none.
fn forecast_note(state: &State) -> String {
    let f = &state.forecasts;
    let Some(m) = f.method() else { return "Forecasts: being made…".to_owned() };
    match f.column(Horizon::Now) {
        Some(Err(e)) => format!("No forecasts: {e}"),
        _ => format!(
            "Forecasts: Monte Carlo, {} trials, {} closed sprints sampled, seed {}",
            m.trials,
            m.sampled.len(),
            m.seed
        ),
    }
}
