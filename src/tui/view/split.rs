//! The split popup: new stories' titles, where each criterion goes, and
//! whether the original is kept.

use super::widgets::{centered, pad_line, safe, title, truncate};
use crate::domain::Workspace;
use crate::tui::split::Split;
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, state: &State, ws: &Workspace, s: &Split, area: Rect) {
    let t = &state.theme;
    let Some(orig) = ws.item(s.item) else { return };
    let ac = &orig.acceptance_criteria;
    // Two headings, the titles, the criteria (or a note), the original, the error.
    let body = 2 + s.titles.len() + ac.len().max(1) + 1 + usize::from(s.error.is_some());
    let h = u16::try_from(body).unwrap_or(u16::MAX).saturating_add(2).min(area.height);
    let r = centered(area, 76.min(area.width), h);
    frame.render_widget(Clear, r);
    let mut hint = vec![Span::raw(" ")];
    for (k, what) in [("Enter", "another title"), ("← →", "choose"), ("Ctrl-s", "split"), ("Esc", "cancel")] {
        hint.push(Span::styled(k, t.key()));
        hint.push(Span::raw(format!(" {what}  ")));
    }
    let block = Block::bordered()
        .border_style(t.border_focus())
        .title(title(
            vec![Span::styled(format!(" Split {} {} ", safe(&orig.key), safe(&orig.title)), t.title())],
            r.width,
        ))
        .title_bottom(title(hint, r.width));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    let focus_style = |line: Line<'static>, on: bool| if on { pad_line(line, width).style(t.selected()) } else { line };

    lines.push(Line::from(Span::styled(
        "New stories (each copies the epic, initiative, labels, story, description)",
        t.dim(),
    )));
    for (i, input) in s.titles.iter().enumerate() {
        let prefix = format!(" {:>2}. ", i + 1);
        let room = width.saturating_sub(prefix.width() + 1);
        let text = safe(input.text());
        let before = safe(&input.text()[..input.cursor()]).width();
        let skip = before.saturating_sub(room);
        let shown: String = text.chars().skip(skip).collect();
        if s.title_focus() == Some(i) {
            let x = inner.x.saturating_add(u16::try_from(prefix.width() + before - skip).unwrap_or(0));
            let y = inner.y.saturating_add(u16::try_from(lines.len()).unwrap_or(u16::MAX));
            cursor = Some((x.min(inner.right().saturating_sub(1)), y));
        }
        let style = if s.title_focus() == Some(i) {
            t.text().add_modifier(ratatui::style::Modifier::UNDERLINED)
        } else {
            t.text()
        };
        lines.push(Line::from(vec![Span::styled(prefix, t.accent()), Span::styled(truncate(&shown, room), style)]));
    }
    lines.push(Line::from(Span::styled("Acceptance criteria go to", t.dim())));
    if ac.is_empty() {
        lines.push(Line::from(Span::styled(" (none to share out)", t.dim())));
    }
    for (c, (crit, &to)) in ac.iter().zip(&s.targets).enumerate() {
        let dest = if to == 0 { format!("‹ {} ›", safe(&orig.key)) } else { format!("‹ new {to} ›") };
        let dw = dest.width();
        let text = truncate(&safe(&crit.text), width.saturating_sub(dw + 3));
        let pad = width.saturating_sub(text.width() + dw + 2);
        let line = Line::from(vec![
            Span::raw(format!(" {text}{}", " ".repeat(pad))),
            Span::styled(format!("{dest} "), t.accent()),
        ]);
        lines.push(focus_style(line, s.criterion_focus() == Some(c)));
    }
    let fate = if s.drop_original { "‹ dropped ›" } else { "‹ kept ›" };
    let line = Line::from(vec![
        Span::styled(format!("The original {} is ", safe(&orig.key)), t.dim()),
        Span::styled(fate, t.accent()),
    ]);
    lines.push(focus_style(line, s.original_focus()));
    if let Some(e) = &s.error {
        lines.push(Line::from(Span::styled(truncate(&safe(e), width), t.error())));
    }
    let focus_row = cursor.map_or(lines.len().saturating_sub(1), |(_, y)| usize::from(y.saturating_sub(inner.y)));
    let offset = focus_row.saturating_sub(usize::from(inner.height).saturating_sub(1));
    frame.render_widget(Paragraph::new(lines).scroll((u16::try_from(offset).unwrap_or(0), 0)), inner);
    if let Some((x, y)) = cursor {
        let y = y.saturating_sub(u16::try_from(offset).unwrap_or(0));
        if y < inner.bottom() {
            frame.set_cursor_position((x, y));
        }
    }
}
