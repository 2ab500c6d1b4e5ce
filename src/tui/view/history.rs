//! Who changed what: one item's history (`Y`) or the activity feed, what
//! everyone changed since you last looked (`A`). Oldest first, opened at
//! the newest, like the message log; each change is its time, person and
//! role, how it came (a commit, a merge) and the branch, then one line per
//! field, old -> new.

use super::report::scrolling_popup;
use crate::domain::workspace::Workspace;
use crate::tui::layout::history::layout;
use crate::tui::state::State;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use uuid::Uuid;

pub fn draw(
    frame: &mut Frame,
    state: &State,
    ws: &Workspace,
    item: Option<Uuid>,
    since: Option<DateTime<Utc>>,
    offset: usize,
    area: Rect,
) {
    let (r, heading, lines) = layout(state, ws, item, since, area);
    scrolling_popup(frame, state, r, vec![Span::styled(heading, state.theme.title())], lines, offset);
}
