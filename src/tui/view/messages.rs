//! The session's messages (`@`): every info, warning and error said on the
//! status line, whole, wrapped to the width, with its time, oldest first.

use super::report::scrolling_popup;
use crate::tui::layout::messages::layout;
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

pub fn draw(frame: &mut Frame, state: &State, offset: usize, area: Rect) {
    let (r, lines) = layout(state, area);
    let heading = vec![Span::styled(format!(" Messages ({}) ", state.log.len()), state.theme.title())];
    scrolling_popup(frame, state, r, heading, lines, offset);
}
