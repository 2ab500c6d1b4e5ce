//! The archive popup: archived items a query found, and the selected one
//! in full, read-only.

use super::widgets::{pad_line, safe, title, truncate};
use crate::tui::layout::archive::{areas, detail_lines};
use crate::tui::scroll;
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub fn draw(frame: &mut Frame, state: &State, query: &str, rows: Option<&[usize]>, row: usize, area: Rect) {
    let t = &state.theme;
    let shelf = state.archive.open.as_deref();
    let a = areas(area, rows.map_or(0, <[usize]>::len));
    frame.render_widget(Clear, a.popup);
    let found = match (rows, shelf) {
        (Some(r), Some(_)) => crate::domain::text::count(r.len() as u64, "archived item", "archived items"),
        (Some(_), None) => "no archive".to_owned(),
        (None, _) => "reading…".to_owned(),
    };
    let block = Block::bordered()
        .border_style(t.border_focus())
        .title(title(
            vec![
                Span::styled(" Archive ", t.title()),
                Span::styled(format!("{} · {found} ", safe(query.trim())), t.dim()),
            ],
            a.popup.width,
        ))
        .title_bottom(title(
            vec![
                Span::styled(" j/k", t.key()),
                Span::raw(" move  "),
                Span::styled("Esc", t.key()),
                Span::raw(" close  "),
                Span::styled("read-only: `backlog unarchive KEY` brings an item back ", t.dim()),
            ],
            a.popup.width,
        ));
    frame.render_widget(block, a.popup);
    let width = usize::from(a.list.width);
    let (Some(rows), Some(shelf)) = (rows, shelf) else {
        let note = match rows {
            None => "Reading the archive…",
            Some(_) => "There is no archive beside this workspace: `backlog archive` makes one.",
        };
        frame.render_widget(Paragraph::new(Span::styled(note, t.dim())), a.list);
        return;
    };
    if rows.is_empty() {
        frame.render_widget(Paragraph::new(Span::styled("No archived item matches.", t.dim())), a.list);
        return;
    }
    let page = a.page();
    let row = row.min(rows.len() - 1);
    let offset = scroll::around(row, rows.len(), page);
    let mut lines = vec![Line::styled(truncate("KEY       STATUS   PTS  CLOSED      TITLE", width), t.dim())];
    for (i, &p) in rows.iter().enumerate().skip(offset).take(page) {
        let item = &shelf.items[p];
        let pts = item.estimate.map_or("-".to_owned(), |p| p.to_string());
        let text = format!(
            "{:<9} {:<8} {:>3}  {}  {}",
            safe(&item.key),
            item.status.to_string(),
            pts,
            item.meta.updated_at.format("%Y-%m-%d"),
            safe(&item.title)
        );
        let line = Line::raw(truncate(&text, width));
        lines.push(if i == row { pad_line(line, width).style(t.selected()) } else { line });
    }
    frame.render_widget(Paragraph::new(lines), a.list);
    let item = &shelf.items[rows[row]];
    let mut detail = vec![Line::from(Span::styled(safe(&item.key), t.accent()))];
    detail.extend(detail_lines(state, shelf, item, usize::from(a.detail.width)));
    frame.render_widget(
        Paragraph::new(detail),
        Rect { y: a.detail.y.saturating_add(1), height: a.detail.height.saturating_sub(1), ..a.detail },
    );
}
