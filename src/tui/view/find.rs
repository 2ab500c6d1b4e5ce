//! The go-to-key prompt, the Backlog's sort picker, and how a sort and a
//! typed filter show.

use super::widgets::{centered, pad_line, safe, title, truncate};
use crate::domain::Workspace;
use crate::domain::query::Sort;
use crate::tui::derive::{AlignTarget, SORT_LETTERS, go_to_target};
use crate::tui::input::LineInput;
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// The sort picker: each column with its letter and the way picking it
/// sorts; the column sorted by now says so, and that picking it again
/// turns it round.
pub fn sort(frame: &mut Frame, state: &State, row: usize, area: Rect) {
    let t = &state.theme;
    let now = state.backlog.list.sort();
    let r = centered(area, 58, (SORT_LETTERS.len() as u16).saturating_add(2));
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_style(t.border_focus())
        .title(title(vec![Span::styled(" Sort the backlog (the rank is unchanged) ", t.title())], r.width))
        .title_bottom(title(
            vec![
                Span::styled(" letter", t.key()),
                Span::raw("/"),
                Span::styled("Enter", t.key()),
                Span::raw(" sort, again: turn round  "),
                Span::styled("Esc", t.key()),
                Span::raw(" "),
            ],
            r.width,
        ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let width = usize::from(inner.width);
    let row = row.min(SORT_LETTERS.len() - 1);
    let lines: Vec<Line> = SORT_LETTERS
        .iter()
        .enumerate()
        .map(|(i, (field, letter))| {
            let current = now.field == *field;
            let what = if current && !now.is_rank() {
                let back = now.flipped();
                format!("{} {} now, again {} {}", arrow(now), now.way(), arrow(back), back.way())
            } else if current {
                "now".to_owned()
            } else {
                let s = Sort::new(*field);
                format!("{} {}", arrow(s), s.way())
            };
            let line = Line::from(vec![
                Span::styled(format!(" {letter}  "), t.key()),
                Span::styled(format!("{:<11}", field.label()), if current { t.accent() } else { t.text() }),
                Span::styled(truncate(&what, width.saturating_sub(15)), t.dim()),
            ]);
            if i == row { pad_line(line, width).style(t.selected()) } else { line }
        })
        .collect();
    let offset = row.saturating_sub(usize::from(inner.height).saturating_sub(1));
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
}

/// The go-to prompt: what is typed, and what Enter would open (or why
/// nothing), as it is typed.
pub fn go_to(frame: &mut Frame, state: &State, ws: &Workspace, input: &LineInput, area: Rect) {
    let t = &state.theme;
    let r = centered(area, 60, 4);
    frame.render_widget(Clear, r);
    let block =
        Block::bordered().border_style(t.border_focus()).title(Span::styled(" Go to ", t.title())).title_bottom(title(
            vec![
                Span::styled(" Enter", t.key()),
                Span::raw(" go  "),
                Span::styled("Esc", t.key()),
                Span::raw(" close "),
            ],
            r.width,
        ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if inner.height == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let typed = safe(input.text());
    frame.render_widget(
        Line::from(vec![Span::styled("> ", t.key()), Span::raw(truncate(&typed, width.saturating_sub(2)))]),
        Rect { height: 1, ..inner },
    );
    let before = safe(input.text().get(..input.cursor()).unwrap_or(""));
    let x = inner.x.saturating_add(2).saturating_add(u16::try_from(before.width()).unwrap_or(u16::MAX));
    frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), inner.y));
    let (text, style) = match go_to_target(ws, input.text()) {
        Ok(target) => (describe(ws, target), t.dim()),
        Err(why) if input.text().trim().is_empty() => (why, t.dim()),
        Err(why) => (why, t.warn()),
    };
    if inner.height > 1 {
        let line = Line::from(Span::styled(truncate(&safe(&text), width), style));
        frame.render_widget(line, Rect { y: inner.y + 1, height: 1, ..inner });
    }
}

/// "Backlog · BL-3 Offer a shift": where the prompt would go, and what it
/// would open there (the pane first, so it shows however long the title).
fn describe(ws: &Workspace, target: AlignTarget) -> String {
    match target {
        AlignTarget::Item(id) => ws.item(id).map_or_else(String::new, |i| format!("Backlog · {} {}", i.key, i.title)),
        AlignTarget::Initiative(id) => {
            ws.initiative(id).map_or_else(String::new, |i| format!("Roadmap · {} {}", i.key, i.title))
        }
        AlignTarget::Goal(id) => ws.goal(id).map_or_else(String::new, |g| format!("Vision · {} {}", g.key, g.title)),
        AlignTarget::Sprint(id) => ws.sprint(id).map_or_else(String::new, |s| format!("Sprint · {}", s.name)),
    }
}

/// ▲ for a sort going up (A to Z, low to high), ▼ going down.
pub(super) fn arrow(sort: Sort) -> &'static str {
    if sort.desc { "▼" } else { "▲" }
}

/// The filter as typed, with the places of its problems (an unclosed
/// parenthesis, a dangling OR, a term it cannot read) marked where they
/// are. Each piece is made safe on its own, so the places stay put.
pub(super) fn typed_query<'a>(state: &State, text: &str, query: Option<&crate::domain::query::Query>) -> Vec<Span<'a>> {
    let t = &state.theme;
    let mut out = Vec::new();
    let mut at = 0;
    let places = query.map(|q| q.problems_at().map(|(_, r)| r).collect::<Vec<_>>()).unwrap_or_default();
    for r in places {
        let (Some(before), Some(bad)) = (text.get(at..r.start.max(at)), text.get(r.start.max(at)..r.end)) else {
            continue;
        };
        out.push(Span::styled(safe(before), t.text()));
        out.push(Span::styled(safe(bad), t.error().add_modifier(ratatui::style::Modifier::UNDERLINED)));
        at = r.end.max(at);
    }
    out.push(Span::styled(safe(text.get(at..).unwrap_or("")), t.text()));
    out
}
