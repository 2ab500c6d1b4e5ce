//! The Roadmap pane: Now / Next / Later columns of initiatives, each with
//! its theme, goals, status and the progress of its stories.

use super::widgets::{bar, safe, truncate, truncate_spans};
use crate::domain::strategy::{Horizon, Initiative, InitiativeStatus};
use crate::domain::{Status, Workspace};
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Stories linked to an initiative: count, points, points done.
pub fn progress(ws: &Workspace, i: &Initiative) -> (usize, u32, u32) {
    let mut n = 0;
    let (mut pts, mut done) = (0, 0);
    for it in ws.live_items().filter(|it| it.initiative == Some(i.meta.id) && it.status != Status::Dropped) {
        n += 1;
        pts += it.points();
        if it.status == Status::Done {
            done += it.points();
        }
    }
    (n, pts, done)
}

pub fn draw(frame: &mut Frame, state: &State, ws: &Workspace, area: Rect) {
    let t = &state.theme;
    let cols: [Rect; 3] = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(area);
    for (c, (h, rect)) in Horizon::ALL.iter().zip(cols).enumerate() {
        let list = ws.ranked_initiatives(*h);
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
            let (n, pts, done) = progress(ws, init);
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
            let mut meta = vec![Span::styled(init.status.as_str().replace('_', " "), status_style)];
            if !init.theme.is_empty() {
                meta.push(Span::styled(format!(" · {}", safe(&init.theme)), t.dim()));
            }
            if !goals.is_empty() {
                meta.push(Span::styled(format!(" · {}", goals.join(",")), t.dim()));
            }
            if let Some(tf) = &init.timeframe
                && !tf.label.is_empty()
            {
                meta.push(Span::styled(format!(" · {}", safe(&tf.label)), t.dim()));
            }
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
