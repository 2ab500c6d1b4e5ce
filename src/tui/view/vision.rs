//! The Vision pane: the Product Vision Board and the business goals with
//! their KPIs (baseline → current → target).

use super::widgets::{bar, pad_line, safe, safe_block, truncate, wrap};
use crate::domain::Workspace;
use crate::domain::strategy::GoalStatus;
use crate::tui::derive::VISION_SECTIONS;
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn draw(frame: &mut Frame, state: &State, ws: &Workspace, area: Rect) {
    let t = &state.theme;
    let wide = area.width >= 100;
    let [board, goals] = if wide {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area)
    } else {
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
    };
    let v = &ws.vision;
    let texts = v.texts();
    let row = state.vision.row;
    let block = Block::bordered()
        .border_style(if row < VISION_SECTIONS.len() { t.border_focus() } else { t.border() })
        .title(Span::styled(" Product vision board ", t.title()));
    let inner = block.inner(board);
    frame.render_widget(block, board);
    // Wrapped here rather than by the paragraph, so wrapped lines keep
    // their indent and the selected field's line is known for scrolling.
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    let mut selected_line = 0;
    for (i, ((_, label), text)) in VISION_SECTIONS.iter().zip(texts).enumerate() {
        if i == row {
            selected_line = lines.len();
        }
        let style = if i == row { t.selected() } else { t.accent() };
        lines.push(Line::from(Span::styled(*label, style)));
        if text.is_empty() {
            lines.push(Line::from(Span::styled("  (empty: e to write it)", t.dim())));
        } else {
            lines.extend(wrap(&safe_block(text), width, "  ").into_iter().map(Line::raw));
        }
    }
    // Keep the selected field in view on small screens: its label a third
    // of the way down, and no blank space scrolled in below the last field.
    let height = usize::from(inner.height);
    let max_scroll = lines.len().saturating_sub(height);
    let scroll = if row < VISION_SECTIONS.len() { selected_line.saturating_sub(height / 3).min(max_scroll) } else { 0 };
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);

    let goal_list = crate::tui::derive::goals(ws, &state.narrow(ws, crate::tui::state::Pane::Vision));
    let block = Block::bordered()
        .border_style(if row >= VISION_SECTIONS.len() { t.border_focus() } else { t.border() })
        .title(Line::from(vec![
            Span::styled(" Business goals ", t.title()),
            Span::styled(format!("{} ", goal_list.len()), t.dim()),
        ]));
    let inner = block.inner(goals);
    frame.render_widget(block, goals);
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    if goal_list.is_empty() {
        lines.push(Line::from(Span::styled("No goals yet: n adds one", t.dim())));
    }
    let mut selected_line = 0;
    for (gi, g) in goal_list.iter().enumerate() {
        let selected = row == VISION_SECTIONS.len() + gi;
        if selected {
            selected_line = lines.len();
        }
        let status_style = match g.status {
            GoalStatus::OnTrack | GoalStatus::Achieved => t.ok(),
            GoalStatus::AtRisk => t.warn(),
            GoalStatus::OffTrack => t.error(),
            GoalStatus::Dropped => t.dim(),
        };
        let head = Line::from(vec![
            Span::styled(format!("{} ", safe(&g.key)), t.accent()),
            Span::raw(truncate(&safe(&g.title), width.saturating_sub(g.key.len() + 14))),
            Span::styled(format!("  {}", g.status.as_str().replace('_', " ")), status_style),
        ]);
        lines.push(if selected { pad_line(head, width).style(t.selected()) } else { head });
        for k in &g.kpis {
            let nums =
                safe(&format!("{} → {} → {}", k.with_unit(k.baseline), k.with_unit(k.current), k.with_unit(k.target)));
            let bar_w = width.saturating_sub(6).min(16);
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(truncate(&safe(&k.name), width.saturating_sub(4)), t.text()),
            ]));
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(bar(k.progress(), bar_w), if k.progress() >= 1.0 { t.ok() } else { t.accent() }),
                Span::styled(format!(" {:>3.0}% ", k.progress() * 100.0), t.dim()),
                Span::styled(truncate(&nums, width.saturating_sub(bar_w + 8)), t.dim()),
            ]));
        }
    }
    let scroll = selected_line.saturating_sub(usize::from(inner.height) / 2) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}
