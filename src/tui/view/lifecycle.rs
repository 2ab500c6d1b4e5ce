//! The sprint lifecycle's dialogs: closing the active sprint (where its
//! unfinished work goes, review notes, was its goal met) and questions
//! with several answers (starting a sprint before its planned start).

use super::widgets::{centered, input_window, safe, title, wrap};
use crate::domain::Workspace;
use crate::domain::command::CarryOver;
use crate::tui::input::LineInput;
use crate::tui::state::{Choose, State};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;
use uuid::Uuid;

/// What closing the sprint needs answered.
pub struct Close<'a> {
    pub sprint: Uuid,
    pub carry_over: CarryOver,
    pub notes: &'a LineInput,
    pub writing: bool,
}

pub fn close(frame: &mut Frame, state: &State, ws: &Workspace, c: Close, area: Rect) {
    let t = &state.theme;
    let name = ws.sprint(c.sprint).map_or(String::new(), |s| safe(&s.name));
    let unfinished: Vec<_> = ws.live_items().filter(|i| i.sprint == Some(c.sprint) && !i.status.is_closed()).collect();
    let points: u32 = unfinished.iter().map(|i| i.points()).sum();
    let next = crate::domain::planning::next_planned(ws, c.sprint);
    let carry = c.carry_over == CarryOver::Next && next.is_some();
    let mark = |on: bool| if on { "(•) " } else { "( ) " };
    let mut choice = vec![Span::raw("Carry over to  ")];
    if let Some(n) = next {
        choice
            .push(Span::styled(format!("{}{}", mark(carry), safe(&n.name)), if carry { t.accent() } else { t.dim() }));
        choice.push(Span::raw("   "));
    }
    choice.push(Span::styled(format!("{}the backlog", mark(!carry)), if carry { t.dim() } else { t.accent() }));
    if next.is_some() {
        choice.push(Span::raw("   "));
        choice.push(Span::styled("c", t.key()));
        choice.push(Span::raw(" switches"));
    }
    let goal_keys = Line::from(vec![
        Span::styled("y", t.key()),
        Span::raw(" yes   "),
        Span::styled("n", t.key()),
        Span::raw(" no   "),
        Span::styled("s", t.key()),
        Span::raw(" skip   "),
        Span::styled("Esc", t.key()),
        Span::raw(" keep it open"),
    ]);
    let fixed = [
        Line::raw(format!(
            "Unfinished: {} ({}), keeping their rank.",
            crate::domain::text::count(unfinished.len() as u64, "item", "items"),
            crate::domain::text::count(points, "pt", "pts"),
        )),
        Line::from(choice),
        Line::raw("The points done are frozen for velocity."),
        goal_keys.clone(),
    ];
    // As wide as its longest line, at least room for a note worth the
    // name (wrapped only when the terminal is narrower than that).
    let longest = fixed.iter().map(Line::width).max().unwrap_or(0).max(60);
    let w = (longest as u16 + 2).min(area.width);
    let inner_w = usize::from(w.saturating_sub(2)).max(1);
    let label = "Review notes: ";
    let room = inner_w.saturating_sub(label.width()).max(1);
    let (notes, cursor) = if c.writing {
        let (shown, at) = input_window(c.notes, room);
        (Line::from(vec![Span::styled(label, t.title()), Span::raw(shown)]), Some(label.width() + at))
    } else if c.notes.text().is_empty() {
        let hint = vec![
            Span::styled(label, t.dim()),
            Span::raw("none yet: "),
            Span::styled("r", t.key()),
            Span::raw(" writes them"),
        ];
        (Line::from(hint), None)
    } else {
        let text = super::widgets::truncate(&safe(c.notes.text()), room);
        (Line::from(vec![Span::styled(label, t.dim()), Span::raw(text)]), None)
    };
    let [unfinished_line, carry_line, frozen, _] = fixed;
    let mut lines: Vec<Line> = Vec::new();
    for l in [unfinished_line, carry_line, frozen] {
        // Wrapped by hand, so the notes line (and the cursor in it) stays
        // where it is counted to be.
        if l.width() <= inner_w {
            lines.push(l);
        } else {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            lines.extend(wrap(&text, inner_w, "").into_iter().map(Line::raw));
        }
    }
    lines.push(Line::raw(""));
    let notes_row = lines.len();
    lines.push(notes);
    lines.push(Line::raw(""));
    if c.writing {
        lines.push(Line::from(vec![
            Span::styled("Enter", t.key()),
            Span::raw(" or "),
            Span::styled("Esc", t.key()),
            Span::raw(" ends the notes"),
        ]));
    } else {
        lines.push(Line::raw("Was the sprint goal met?"));
        lines.push(goal_keys);
    }
    let r = centered(area, w, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_style(t.warn())
        .title(title(vec![Span::styled(format!(" Close {name} "), t.title())], r.width));
    let inner = block.inner(r);
    frame.render_widget(Paragraph::new(lines).block(block), r);
    if let Some(x) = cursor {
        let y = inner.y + notes_row as u16;
        if y < inner.bottom() {
            frame.set_cursor_position(Position::new((inner.x + x as u16).min(inner.right().saturating_sub(1)), y));
        }
    }
}

/// A question with several answers: the message, then a line of keys.
pub fn choose(frame: &mut Frame, state: &State, c: &Choose, area: Rect) {
    let t = &state.theme;
    let mut keys = vec![Span::raw(" ")];
    for (i, (k, what, _)) in c.options.iter().enumerate() {
        if i > 0 {
            keys.push(Span::raw("   "));
        }
        keys.push(Span::styled(k.to_string(), t.key()));
        keys.push(Span::raw(format!(" {what}")));
    }
    keys.push(Span::raw("   "));
    keys.push(Span::styled("Esc", t.key()));
    keys.push(Span::raw(" cancel"));
    let keys = Line::from(keys);
    let longest = c.message.lines().map(UnicodeWidthStr::width).max().unwrap_or(0).max(keys.width());
    let w = (longest as u16).saturating_add(4).clamp(30, area.width.saturating_sub(4).max(1));
    let inner_w = usize::from(w.saturating_sub(4)).max(1);
    let mut lines: Vec<Line> =
        c.message.lines().flat_map(|l| wrap(&safe(l), inner_w, "")).map(|l| Line::raw(format!(" {l}"))).collect();
    lines.push(Line::raw(""));
    if keys.width() <= inner_w + 2 {
        lines.push(keys);
    } else {
        // One answer a line when they do not fit on one.
        for (k, what, _) in &c.options {
            lines.push(Line::from(vec![
                Span::raw(" "),
                Span::styled(k.to_string(), t.key()),
                Span::raw(format!(" {what}")),
            ]));
        }
        lines.push(Line::from(vec![Span::raw(" "), Span::styled("Esc", t.key()), Span::raw(" cancel")]));
    }
    let r = centered(area, w, (lines.len() as u16).saturating_add(2));
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_style(t.warn())
        .title(title(vec![Span::styled(format!(" {} ", c.title), t.title())], r.width));
    frame.render_widget(Paragraph::new(lines).block(block), r);
}
