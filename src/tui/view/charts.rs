//! Sprint charts: burndown (remaining against the ideal line), burnup
//! (done against scope, so scope creep shows) and velocity over recent
//! sprints. All rebuilt from the sprint's stored history.

use super::widgets::safe;
use crate::domain::Workspace;
use crate::domain::sprint::Sprint;
use crate::tui::derive::chart_sprints;
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType, LegendPosition, Paragraph};

pub fn draw(frame: &mut Frame, state: &State, ws: &Workspace, area: Rect) {
    let t = &state.theme;
    let sprints = chart_sprints(ws);
    let Some(sprint) = sprints.get(state.sprint.column.min(sprints.len().saturating_sub(1))).copied() else {
        let block = Block::bordered().border_style(t.border()).title(Span::styled(" Charts ", t.title()));
        frame.render_widget(
            Paragraph::new("No sprint has started yet: charts appear once one does.").block(block),
            area,
        );
        return;
    };
    let [left, right] = if area.width >= 100 {
        Layout::horizontal([Constraint::Percentage(65), Constraint::Percentage(35)]).areas(area)
    } else {
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area)
    };
    let [down, up] = Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(left);
    burn(frame, state, sprint, down, true);
    burn(frame, state, sprint, up, false);
    velocity(frame, state, ws, sprint, right);
}

/// Chart points: (day, points).
type Series = Vec<(f64, f64)>;

fn burn(frame: &mut Frame, state: &State, sprint: &Sprint, area: Rect, down: bool) {
    let t = &state.theme;
    let series = sprint.burndown(state.today);
    // From the day it really started; to the planned end, or further when
    // it ran late.
    let first = sprint.chart_start();
    let last = sprint.chart_end(state.today).max(sprint.end);
    let planned = ((sprint.end - first).num_days() as f64).max(1.0);
    let days = ((last - first).num_days() as f64).max(1.0);
    let title = if down { " Burndown " } else { " Burnup " };
    let block = Block::bordered().border_style(t.border()).title(Line::from(vec![
        Span::styled(title, t.title()),
        Span::styled(format!("{} ({}) ", safe(&sprint.name), sprint.state), t.dim()),
    ]));
    let x = |d: &crate::domain::sprint::DayPoint| (d.date - first).num_days() as f64;
    let (a, b): (Series, Series) = if down {
        let remaining = series.iter().map(|d| (x(d), f64::from(d.remaining))).collect();
        let ideal = vec![(0.0, f64::from(sprint.committed())), (planned, 0.0)];
        (remaining, ideal)
    } else {
        (
            series.iter().map(|d| (x(d), f64::from(d.done))).collect(),
            series.iter().map(|d| (x(d), f64::from(d.scope))).collect(),
        )
    };
    let max = a.iter().chain(&b).map(|p| p.1).fold(1.0_f64, f64::max).ceil();
    // The legend shows each line's marker, so that they are told apart
    // without colour (NO_COLOR) too.
    let (name_a, name_b) = if down { ("⣿ remaining", "• ideal") } else { ("⣿ done", "• scope") };
    let datasets = vec![
        // The reference line is dotted, so the two read apart without colour.
        Dataset::default().name(name_b).marker(Marker::Dot).graph_type(GraphType::Line).style(t.dim()).data(&b),
        Dataset::default()
            .name(name_a)
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(if down { t.accent() } else { t.ok() })
            .data(&a),
    ];
    // The legend goes where the lines are not: a burndown falls away from
    // the top right, a burnup rises away from the bottom right.
    let legend = if down { LegendPosition::TopRight } else { LegendPosition::BottomRight };
    let chart = Chart::new(datasets)
        .block(block)
        .legend_position(Some(legend))
        // Keep the legend at 80x24 too (the default hides it below a
        // quarter of the chart).
        .hidden_legend_constraints((Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)))
        .x_axis(
            Axis::default()
                .bounds([0.0, days.max(1.0)])
                .labels([first.format("%d %b").to_string(), last.format("%d %b").to_string()])
                .style(t.dim()),
        )
        .y_axis(Axis::default().bounds([0.0, max]).labels(["0".to_owned(), format!("{max:.0}")]).style(t.dim()));
    frame.render_widget(chart, area);
}

fn velocity(frame: &mut Frame, state: &State, ws: &Workspace, shown: &Sprint, area: Rect) {
    let t = &state.theme;
    // The archived sprints too (read off the input path): the workspace
    // keeps the latest ten, a wide chart shows more.
    let archived = state.archive.sprints.iter().filter(|s| ws.sprint(s.meta.id).is_none());
    let closed = crate::domain::sprint::closed_oldest_first(ws.live_sprints().chain(archived.clone()));
    let window = ws.settings.velocity_window as usize;
    // N is the number of sprints the mean is really over.
    let title = match crate::domain::sprint::velocity_over(ws.live_sprints().chain(archived), window) {
        Some((v, n)) => format!(" Velocity {v:.1} (last {n}) "),
        None => " Velocity ".to_owned(),
    };
    let block = Block::bordered().border_style(t.border()).title(Span::styled(title, t.title()));
    let inner_w = usize::from(area.width.saturating_sub(2));
    let fit = (inner_w / 6).max(1);
    let recent = &closed[closed.len().saturating_sub(fit)..];
    if recent.is_empty() {
        frame.render_widget(Paragraph::new("Velocity shows once a sprint has closed.").block(block), area);
        return;
    }
    let bars: Vec<Bar> = recent
        .iter()
        .map(|s| {
            let done = s.review.as_ref().map_or(0, |r| r.completed);
            // Bars are five cells wide.
            let short = s.short_name(5);
            let style = if s.meta.id == shown.meta.id { t.accent() } else { t.ok() };
            Bar::default().value(u64::from(done)).label(Line::from(safe(short.trim()))).style(style)
        })
        .collect();
    let chart = BarChart::default().block(block).bar_width(5).bar_gap(1).data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, area);
}
