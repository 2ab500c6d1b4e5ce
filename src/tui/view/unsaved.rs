//! The questions about unsaved work: quitting before the changes are on
//! disk, and recovery files from an earlier session.

use super::widgets::{centered, safe, title, wrap};
use crate::tui::state::{Quitting, State};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use std::path::PathBuf;

/// A box with a message and the keys that answer it, as tall as what it
/// says and no wider than the screen.
fn question(frame: &mut Frame, state: &State, area: Rect, heading: &str, body: Vec<Line>, keys: &[(&str, &str)]) {
    let t = &state.theme;
    let max_w = area.width.saturating_sub(2).max(1);
    // The answers, each a key and what it does, never split across lines.
    let answers: Vec<Vec<Span>> = keys
        .iter()
        .map(|(k, what)| vec![Span::styled(k.to_string(), t.key()), Span::raw(format!(" {what}"))])
        .collect();
    let widths: Vec<usize> = answers.iter().map(|a| a.iter().map(Span::width).sum::<usize>()).collect();
    let one_line = widths.iter().sum::<usize>() + 3 * widths.len();
    let widest = body.iter().map(Line::width).chain([one_line]).max().unwrap_or(0);
    let w = (widest as u16).saturating_add(4).clamp(30, max_w);
    let inner = usize::from(w.saturating_sub(2)).max(1);
    let mut lines: Vec<Line> = Vec::new();
    for l in body {
        if l.width() <= inner {
            lines.push(l);
        } else {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            lines.extend(wrap(&text, inner, " ").into_iter().map(|s| Line::styled(s, l.style)));
        }
    }
    lines.push(Line::raw(""));
    let mut row: Vec<Span> = vec![Span::raw(" ")];
    let mut used = 1;
    for (a, width) in answers.into_iter().zip(widths) {
        if used > 1 && used + width > inner {
            lines.push(Line::from(std::mem::replace(&mut row, vec![Span::raw(" ")])));
            used = 1;
        }
        row.extend(a);
        row.push(Span::raw("   "));
        used += width + 3;
    }
    if used > 1 {
        lines.push(Line::from(row));
    }
    let r = centered(area, w, (lines.len() as u16).saturating_add(2));
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_style(t.warn())
        .title(title(vec![Span::styled(format!(" {heading} "), t.title())], r.width));
    frame.render_widget(Paragraph::new(lines).block(block), r);
}

pub fn quit(frame: &mut Frame, state: &State, q: &Quitting, area: Rect) {
    let l = |s: &str| Line::raw(format!(" {s}"));
    match q {
        Quitting::Saving => question(
            frame,
            state,
            area,
            "Quitting",
            vec![l("Your last changes are still being saved."), l("backlog quits as soon as they are on disk.")],
            &[("w", "keep them in a recovery file"), ("d", "quit without them"), ("Esc", "stay")],
        ),
        Quitting::Failed(e) => question(
            frame,
            state,
            area,
            "Not saved",
            vec![l("Your last changes could not be saved:"), Line::styled(format!(" {}", safe(e)), state.theme.warn())],
            &[
                ("r", "try again"),
                ("w", "keep them in a recovery file and quit"),
                ("d", "quit without them"),
                ("Esc", "stay"),
            ],
        ),
        Quitting::ConfirmDiscard(_) => question(
            frame,
            state,
            area,
            "Lose your changes?",
            vec![l("Quit and lose the changes that are not saved?"), l("Nothing can bring them back.")],
            &[("y", "lose them and quit"), ("n", "no")],
        ),
        Quitting::Writing => question(frame, state, area, "Quitting", vec![l("Writing a recovery file…")], &[]),
    }
}

pub fn recover(frame: &mut Frame, state: &State, files: &[PathBuf], row: usize, area: Rect) {
    let t = &state.theme;
    let mut body = vec![
        Line::raw(" A session could not save these changes into the workspace"),
        Line::raw(" and kept them in a file beside it:"),
    ];
    for (i, f) in files.iter().enumerate() {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let style = if i == row { t.selected() } else { Style::default() };
        body.push(Line::styled(format!(" {} ", safe(&name)), style));
    }
    question(
        frame,
        state,
        area,
        "Unsaved changes found",
        body,
        &[("Enter", "merge into the workspace"), ("Esc", "later")],
    );
}
