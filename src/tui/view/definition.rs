//! The Definition popup (`D`): an item against the Definition of Ready and
//! Done. Each check the tool makes is met, missing, or not asked of an item
//! of its kind (the domain's [`Check::applies`] decides, so the popup and
//! the gate agree); then the free-text items a person ticks. Every heading
//! stays, saying so when its section has nothing in it.

use super::widgets::safe;
use crate::domain::Workspace;
use crate::tui::layout::definition::layout;
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear, Paragraph};
use uuid::Uuid;

pub fn draw(frame: &mut Frame, state: &State, ws: &Workspace, id: Uuid, row: usize, area: Rect) {
    let t = &state.theme;
    let Some(it) = ws.item(id) else { return };
    let Some(l) = layout(state, ws, id, row, area) else { return };
    let offset = l.offset(row);
    let more = l.lines.len() > l.page();
    frame.render_widget(Clear, l.area);
    let mut keys = vec![];
    if l.ticks > 0 {
        keys.extend([Span::styled(" Space", t.key()), Span::raw(" tick/untick ")]);
    }
    if more {
        keys.extend([Span::styled(" j/k PgDn G", t.key()), Span::raw(" scroll ")]);
    }
    keys.extend([Span::styled(" Esc", t.key()), Span::raw(" close ")]);
    let block = Block::bordered()
        .border_style(t.border_focus())
        .title(Span::styled(format!(" {} against the definitions ", safe(&it.key)), t.title()))
        .title_bottom(super::widgets::title(keys, l.area.width));
    let inner = block.inner(l.area);
    frame.render_widget(block, l.area);
    frame.render_widget(Paragraph::new(l.lines).scroll((u16::try_from(offset).unwrap_or(u16::MAX), 0)), inner);
}
