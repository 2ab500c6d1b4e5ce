//! The message log popup at the current size: where it is and its lines.

use super::report::popup_page;
use crate::tui::state::{Level, State};
use crate::tui::widgets::{centered, safe_block, wrap};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Width of the time column (`09:30:00  `).
const TIME: usize = 10;

/// The log at this size: where it is and its lines.
pub fn layout(state: &State, area: Rect) -> (Rect, Vec<Line<'static>>) {
    let t = &state.theme;
    let w = area.width.saturating_sub(4).min(110);
    let width = usize::from(w.saturating_sub(2)).max(1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    if state.log.is_empty() {
        lines.push(Line::styled("Nothing said yet in this session.", t.dim()));
    }
    let pad = " ".repeat(TIME);
    for m in &state.log {
        let (word, style) = match m.level {
            Level::Info => ("", t.text()),
            Level::Warn => ("warning: ", t.warn()),
            Level::Error => ("error: ", t.error()),
        };
        let mut text = format!("{word}{}", safe_block(&m.text));
        if m.times > 1 {
            text.push_str(&format!(" (×{})", m.times));
        }
        let time = m.at.with_timezone(&state.utc_offset).format("%H:%M:%S").to_string();
        for (i, l) in wrap(&text, width.saturating_sub(TIME), "").into_iter().enumerate() {
            let head = if i == 0 { Span::styled(format!("{time:<TIME$}"), t.dim()) } else { Span::raw(pad.clone()) };
            lines.push(Line::from(vec![head, Span::styled(l, style)]));
        }
    }
    // As tall as the log, up to the screen less a line above and below.
    let tall = u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_add(2);
    (centered(area, w, tall.min(area.height.saturating_sub(2))), lines)
}

/// The lines of the log and the rows they get at this size.
pub fn extent(state: &State, area: Rect) -> (usize, usize) {
    let (r, lines) = layout(state, area);
    (lines.len(), popup_page(r))
}
