//! The acceptance-criteria popup: the checklist, the line being written,
//! and the keys that work in it.

use super::widgets::{centered, pad_line, safe, title, truncate};
use crate::domain::Workspace;
use crate::tui::state::{CriterionEdit, State};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

pub fn draw(
    frame: &mut Frame,
    state: &State,
    ws: &Workspace,
    item: uuid::Uuid,
    row: usize,
    edit: Option<&CriterionEdit>,
    area: Rect,
) {
    let t = &state.theme;
    let Some(it) = ws.item(item) else { return };
    let ac = &it.acceptance_criteria;
    let n = ac.len();
    let row = row.min(n.saturating_sub(1));
    // A new criterion is written on a line of its own, below the selected one.
    let adding = edit.is_some_and(|e| e.index.is_none());
    let lines_n = n + usize::from(adding) + usize::from(n == 0 && !adding);
    let h = u16::try_from(lines_n).unwrap_or(u16::MAX).saturating_add(2).min(area.height.saturating_sub(2).max(3));
    let r = centered(area, 72.min(area.width), h);
    frame.render_widget(Clear, r);
    let met = ac.iter().filter(|c| c.met).count();
    let keys: &[(&str, &str)] = if edit.is_some() {
        &[("Enter", "save"), ("Esc", "cancel")]
    } else {
        &[("Space", "check"), ("a", "add"), ("e", "edit"), ("d", "delete"), ("J/K", "move"), ("Esc", "close")]
    };
    let mut hint = vec![Span::raw(" ")];
    for (k, what) in keys {
        hint.push(Span::styled(*k, t.key()));
        hint.push(Span::raw(format!(" {what}  ")));
    }
    let block = Block::bordered()
        .border_style(t.border_focus())
        .title(title(
            vec![Span::styled(format!(" {} acceptance criteria {met}/{n} ", safe(&it.key)), t.title())],
            r.width,
        ))
        .title_bottom(title(hint, r.width));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::with_capacity(lines_n);
    let mut cursor = None;
    let input_line = |e: &CriterionEdit, prefix: &'static str, lines: &Vec<Line>| {
        let text = safe(e.input.text());
        let room = width.saturating_sub(prefix.width() + 1);
        let before = safe(&e.input.text()[..e.input.cursor()]).width();
        // Keep the cursor in view on long text: show the end.
        let skip = before.saturating_sub(room);
        let shown: String = text.chars().skip(skip).collect();
        let line = Line::from(vec![Span::styled(prefix, t.accent()), Span::styled(truncate(&shown, room), t.text())]);
        let x = inner.x.saturating_add(u16::try_from(prefix.width() + before - skip).unwrap_or(0));
        let y = inner.y.saturating_add(u16::try_from(lines.len()).unwrap_or(u16::MAX));
        (line, (x.min(inner.right().saturating_sub(1)), y))
    };
    if n == 0 && !adding {
        lines.push(Line::from(Span::styled("No acceptance criteria yet: a adds one.", t.dim())));
    }
    for (i, c) in ac.iter().enumerate() {
        let (mark, style) = if c.met { ("[x] ", t.ok()) } else { ("[ ] ", t.dim()) };
        match edit {
            Some(e) if e.index == Some(i) => {
                let (line, at) = input_line(e, mark, &lines);
                cursor = Some(at);
                lines.push(line);
            }
            _ => {
                let line = Line::from(vec![
                    Span::styled(mark, style),
                    Span::raw(truncate(&safe(&c.text), width.saturating_sub(4))),
                ]);
                lines.push(if i == row && edit.is_none() { pad_line(line, width).style(t.selected()) } else { line });
            }
        }
        if adding && (i == row) {
            let (line, at) = input_line(edit.expect("adding"), "[+] ", &lines);
            cursor = Some(at);
            lines.push(line);
        }
    }
    if adding && n == 0 {
        let (line, at) = input_line(edit.expect("adding"), "[+] ", &lines);
        cursor = Some(at);
        lines.push(line);
    }
    // Keep the selected (or edited) line in view.
    let focus = cursor.map_or(row, |(_, y)| usize::from(y.saturating_sub(inner.y)));
    let offset = focus.saturating_sub(usize::from(inner.height).saturating_sub(1));
    frame.render_widget(Paragraph::new(lines).scroll((u16::try_from(offset).unwrap_or(0), 0)), inner);
    if let Some((x, y)) = cursor {
        let y = y.saturating_sub(u16::try_from(offset).unwrap_or(0));
        if y < inner.bottom() {
            frame.set_cursor_position((x, y));
        }
    }
}
