//! What is drawn over the panes: forms, confirmations, help, palette.

use super::widgets::{centered, fit, pad_line, safe, title, truncate, wrap};
use crate::domain::Workspace;
use crate::tui::form::{Form, Value};
use crate::tui::layout::help::help_layout;
use crate::tui::palette;
use crate::tui::state::{Modal, State};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, state: &State, _ws: &Workspace, area: Rect) {
    match &state.modal {
        None => {}
        Some(Modal::Quit(q)) => super::unsaved::quit(frame, state, q, area),
        Some(Modal::Recover { files, row }) => super::unsaved::recover(frame, state, files, *row, area),
        Some(Modal::Form(f)) => form(frame, state, f, area),
        Some(Modal::Confirm(c)) => {
            let t = &state.theme;
            // One line of the message per line of the box, wrapped to fit:
            // the box is as tall as what it says.
            let longest = c.message.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
            let w = (longest as u16).saturating_add(4).clamp(30, area.width.saturating_sub(4).max(1));
            let inner_w = usize::from(w.saturating_sub(4)).max(1);
            let mut lines: Vec<Line> = c
                .message
                .lines()
                .flat_map(|l| wrap(&safe(l), inner_w, ""))
                .map(|l| Line::raw(format!(" {l}")))
                .collect();
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::raw(" "),
                Span::styled("y", t.key()),
                Span::raw(" yes   "),
                Span::styled("n", t.key()),
                Span::raw(" no"),
            ]));
            let r = centered(area, w, (lines.len() as u16).saturating_add(2));
            frame.render_widget(Clear, r);
            let block = Block::bordered()
                .border_style(t.warn())
                .title(title(vec![Span::styled(format!(" {} ", c.title), t.title())], r.width));
            frame.render_widget(Paragraph::new(lines).block(block), r);
        }
        Some(Modal::Discard(f)) => {
            form(frame, state, f, area);
            let t = &state.theme;
            let lines = vec![
                Line::raw(" Discard the changes made in this form?"),
                Line::raw(""),
                Line::from(vec![
                    Span::raw(" "),
                    Span::styled("y", t.key()),
                    Span::raw(" discard   "),
                    Span::styled("n", t.key()),
                    Span::raw(" back to the form"),
                ]),
            ];
            let r = centered(area, 44, 5);
            frame.render_widget(Clear, r);
            let block = Block::bordered().border_style(t.warn()).title(Span::styled(" Unsaved form ", t.title()));
            frame.render_widget(Paragraph::new(lines).block(block), r);
        }
        Some(Modal::Help { scroll, .. }) => help(frame, state, _ws, *scroll, area),
        Some(Modal::Alignment { report, row }) => super::report::alignment(frame, state, report, *row, area),
        Some(Modal::Archive { query, rows, row }) => {
            super::archive::draw(frame, state, query, rows.as_deref(), *row, area)
        }
        Some(Modal::Initiative { id, scroll }) => super::report::initiative(frame, state, _ws, *id, *scroll, area),
        Some(Modal::Review { sprint, scroll }) => super::report::review(frame, state, _ws, *sprint, *scroll, area),
        Some(Modal::Messages { scroll }) => super::messages::draw(frame, state, *scroll, area),
        Some(Modal::History { item, since, scroll }) => {
            super::history::draw(frame, state, _ws, *item, *since, *scroll, area)
        }
        Some(Modal::Conflicts { row }) => super::report::conflicts(frame, state, _ws, *row, area),
        Some(Modal::Criteria { item, row, edit }) => {
            super::criteria::draw(frame, state, _ws, *item, *row, edit.as_ref(), area)
        }
        Some(Modal::Split(s)) => super::split::draw(frame, state, _ws, s, area),
        Some(Modal::Views { row }) => views(frame, state, _ws, *row, area),
        Some(Modal::Sort { row }) => super::find::sort(frame, state, *row, area),
        Some(Modal::GoTo(input)) => super::find::go_to(frame, state, _ws, input, area),
        Some(Modal::Definition { item, row }) => super::definition::draw(frame, state, _ws, *item, *row, area),
        Some(Modal::CloseSprint { sprint, carry_over, notes, writing }) => {
            let close = super::lifecycle::Close { sprint: *sprint, carry_over: *carry_over, notes, writing: *writing };
            super::lifecycle::close(frame, state, _ws, close, area)
        }
        Some(Modal::Choose(c)) => super::lifecycle::choose(frame, state, c, area),
        Some(Modal::Palette(p)) => {
            let t = &state.theme;
            let hits = palette::matches_with_views(p.input.text(), &palette::views_of(_ws));
            // As tall as the matches (one line for "no match"), at most 20.
            let h = (hits.len().max(1) as u16 + 3).min(area.height.saturating_sub(4).min(20));
            let r = centered(area, 70, h);
            frame.render_widget(Clear, r);
            let block =
                Block::bordered().border_style(t.border_focus()).title(Span::styled(" Run an action ", t.title()));
            let inner = block.inner(r);
            frame.render_widget(block, r);
            if inner.height == 0 {
                return;
            }
            let input = Line::from(vec![Span::styled(": ", t.key()), Span::raw(p.input.text().to_owned())]);
            frame.render_widget(input, Rect { height: 1, ..inner });
            let cursor_x = inner.x + 2 + p.input.text()[..p.input.cursor()].width() as u16;
            frame.set_cursor_position(Position::new(cursor_x.min(inner.right().saturating_sub(1)), inner.y));
            let rows = usize::from(inner.height.saturating_sub(1));
            let sel = p.selected.min(hits.len().saturating_sub(1));
            let offset = sel.saturating_sub(rows.saturating_sub(1));
            let width = usize::from(inner.width);
            let lines: Vec<Line> = hits
                .iter()
                .enumerate()
                .skip(offset)
                .take(rows)
                .map(|(i, h)| {
                    let (keys, what) = match h.view.and_then(|v| _ws.settings.views.get(v)) {
                        Some(v) => ("view".to_owned(), format!("{}: {}", safe(&v.name), safe(&v.filter))),
                        None => (state.keymap.hint(h.action), h.action.description().to_owned()),
                    };
                    let text = format!("{} {}", fit(&keys, 8), truncate(&what, width.saturating_sub(10)));
                    let line = Line::raw(text);
                    if i == sel { pad_line(line, width).style(t.selected()) } else { line }
                })
                .collect();
            let lines =
                if hits.is_empty() { vec![Line::from(Span::styled("No action matches", t.dim()))] } else { lines };
            let list_area = Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner };
            frame.render_widget(Paragraph::new(lines), list_area);
        }
    }
}

/// A text area's text as the lines it shows at `width` (its own line
/// breaks, and word wrap: a word that does not fit goes to the next line,
/// one longer than a line is cut), and where the byte offset `cursor` falls
/// in them (line, column).
fn area_lines(text: &str, width: usize, cursor: usize) -> (Vec<String>, (usize, usize)) {
    use unicode_segmentation::UnicodeSegmentation;
    let width = width.max(1);
    // Each line as (byte offset, grapheme shown, width); a line break is
    // kept as a zero-width entry, so the cursor can sit on it.
    type Cell = (usize, String, usize);
    let mut lines: Vec<Vec<Cell>> = vec![Vec::new()];
    for (i, g) in text.grapheme_indices(true) {
        if g == "\n" || g == "\r\n" {
            if let Some(l) = lines.last_mut() {
                l.push((i, String::new(), 0));
            }
            lines.push(Vec::new());
            continue;
        }
        let shown = safe(g);
        let w = shown.width();
        let line = lines.last_mut().expect("a line");
        let used: usize = line.iter().map(|c| c.2).sum();
        if used + w > width && !line.is_empty() {
            // Back to the last space: the word goes down whole.
            let cut = line.iter().rposition(|c| c.1 == " ").map_or(line.len(), |p| p + 1);
            let rest = if cut < line.len() { line.split_off(cut) } else { Vec::new() };
            lines.push(rest);
        }
        lines.last_mut().expect("a line").push((i, shown, w));
    }
    let mut at = None;
    for (y, l) in lines.iter().enumerate() {
        let mut col = 0;
        for c in l {
            if c.0 == cursor {
                at = Some((y, col));
            }
            col += c.2;
        }
    }
    let at = at.unwrap_or_else(|| {
        let y = lines.len() - 1;
        (y, lines[y].iter().map(|c| c.2).sum())
    });
    (lines.into_iter().map(|l| l.into_iter().map(|c| c.1).collect()).collect(), at)
}

/// Lines a field takes: its own, and one under it for an error or (when
/// focused) its hint.
fn field_height(field: &crate::tui::form::Field, focus: bool) -> usize {
    usize::from(field.rows.max(1)) + usize::from(field.error.is_some() || (focus && !field.hint.is_empty()))
}

fn form(frame: &mut Frame, state: &State, f: &Form, area: Rect) {
    let t = &state.theme;
    // The fields' lines (a text area has several), one under each field
    // with an error, one for the focused field's hint, and the form's own
    // error.
    let heights: Vec<usize> = f.fields.iter().enumerate().map(|(i, x)| field_height(x, i == f.focus)).collect();
    let body_h = heights.iter().sum::<usize>() + usize::from(f.error.is_some());
    let r = centered(area, 76.min(area.width), (body_h as u16).saturating_add(2).min(area.height));
    frame.render_widget(Clear, r);
    let save_key = if f.fields.get(f.focus).is_some_and(|x| x.rows > 1) { " Ctrl-s" } else { " Enter" };
    let block = Block::bordered()
        .border_style(t.border_focus())
        .title(title(vec![Span::styled(format!(" {} ", safe(&f.title)), t.title())], r.width))
        .title_bottom(title(
            vec![
                Span::styled(save_key, t.key()),
                Span::raw(" save  "),
                Span::styled("Tab", t.key()),
                Span::raw(" next field  "),
                Span::styled("Esc", t.key()),
                Span::raw(" cancel "),
            ],
            r.width,
        ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let label_w = 13usize;
    let value_w = usize::from(inner.width).saturating_sub(label_w + 1);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(u16, u16)> = None;
    // Scroll whole fields so the focused one is visible on short terminals.
    let rows_avail = usize::from(inner.height);
    let mut skip = 0;
    while skip < f.focus && heights[skip..=f.focus].iter().sum::<usize>() > rows_avail {
        skip += 1;
    }
    for (i, field) in f.fields.iter().enumerate().skip(skip) {
        let focus = i == f.focus;
        let label_style = if field.error.is_some() {
            t.error()
        } else if focus {
            t.accent()
        } else {
            t.dim()
        };
        let value_style = if focus { t.text().add_modifier(ratatui::style::Modifier::UNDERLINED) } else { t.text() };
        let label = Span::styled(format!("{} ", fit(&field.label, label_w)), label_style);
        let pad = Span::raw(" ".repeat(label_w + 1));
        match &field.value {
            // A text area: its lines, from the start, or around the cursor
            // while it is being edited; … where there is more.
            Value::Text(input) if field.rows > 1 => {
                let rows = usize::from(field.rows);
                let (all, (cy, cx)) = area_lines(input.text(), value_w.saturating_sub(1), input.cursor());
                let first = if focus { cy.saturating_sub(rows - 1) } else { 0 };
                for k in 0..rows {
                    let mut text = all.get(first + k).cloned().unwrap_or_default();
                    if k == rows - 1 && first + rows < all.len() {
                        text = format!("{}…", truncate(&text, value_w.saturating_sub(1)));
                    }
                    if k == 0 && text.is_empty() && !focus && all.len() == 1 {
                        text = "—".to_owned();
                    }
                    let head = if k == 0 { label.clone() } else { pad.clone() };
                    lines.push(Line::from(vec![head, Span::styled(text, value_style)]));
                }
                if focus {
                    let y = inner.y + (lines.len() - rows + (cy - first)) as u16;
                    let x = inner.x + label_w as u16 + 1 + cx as u16;
                    cursor = Some((x.min(inner.right().saturating_sub(1)), y));
                }
            }
            _ => {
                let (text, cur) = match &field.value {
                    // A field not being edited shows its beginning, with …
                    // at the cut.
                    Value::Text(input) if !focus => (truncate(&safe(input.text()), value_w), 0),
                    Value::Text(input) => super::widgets::input_window(input, value_w),
                    Value::Choice { options, selected } => {
                        let label = options.get(*selected).map_or("", |o| o.1.as_str());
                        (truncate(&format!("‹ {} ›", safe(label)), value_w), 0)
                    }
                };
                if focus && matches!(field.value, Value::Text(_)) {
                    let y = inner.y + lines.len() as u16;
                    let x = inner.x + label_w as u16 + 1 + cur as u16;
                    cursor = Some((x.min(inner.right().saturating_sub(1)), y));
                }
                lines.push(Line::from(vec![
                    label,
                    Span::styled(if text.is_empty() && !focus { "—".to_owned() } else { text }, value_style),
                ]));
            }
        }
        if let Some(e) = &field.error {
            lines.push(Line::from(vec![pad, Span::styled(truncate(&safe(e), value_w), t.error())]));
        } else if focus && !field.hint.is_empty() {
            let hint =
                if field.rows > 1 { format!("{} · Enter: new line", field.hint) } else { field.hint.to_string() };
            lines.push(Line::from(vec![pad, Span::styled(truncate(&hint, value_w), t.dim())]));
        }
    }
    if let Some(e) = &f.error {
        lines.push(Line::from(Span::styled(safe(e), t.error())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((x, y)) = cursor
        && y < inner.bottom()
    {
        frame.set_cursor_position(Position::new(x, y));
    }
}

fn help(frame: &mut Frame, state: &State, ws: &Workspace, scroll: usize, area: Rect) {
    let t = &state.theme;
    let (r, lines) = help_layout(state, ws, area);
    frame.render_widget(Clear, r);
    let page = usize::from(r.height.saturating_sub(2)).max(1);
    let scroll = scroll.min(crate::tui::scroll::last_offset(lines.len(), page));
    let mut block = Block::bordered()
        .border_style(t.border_focus())
        .title(title(vec![Span::styled(" Keys in force ", t.title())], r.width))
        .title_bottom(title(vec![Span::styled(" j/k PgDn g/G scroll · any other key closes ", t.dim())], r.width));
    if let Some(note) = super::report::position(scroll, page, lines.len()) {
        block = block.title_top(Line::styled(note, t.dim()).right_aligned());
    }
    let inner = block.inner(r);
    frame.render_widget(block, r);
    frame.render_widget(Paragraph::new(lines).scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)), inner);
}

fn views(frame: &mut Frame, state: &State, ws: &Workspace, row: usize, area: Rect) {
    let t = &state.theme;
    let list = &ws.settings.views;
    let r = centered(area, 72, (list.len().max(1) as u16).saturating_add(2));
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_style(t.border_focus())
        .title(Span::styled(format!(" Views ({}) ", list.len()), t.title()))
        .title_bottom(Line::from(vec![
            Span::styled(" Enter", t.key()),
            Span::raw(" show  "),
            Span::styled("s", t.key()),
            Span::raw(" save the current filter  "),
            Span::styled("d", t.key()),
            Span::raw(" delete  "),
            Span::styled("Esc", t.key()),
            Span::raw(" close "),
        ]));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let width = usize::from(inner.width);
    if list.is_empty() {
        let msg = "No saved views yet: filter the backlog with /, then s saves it here.";
        frame.render_widget(Paragraph::new(Span::styled(truncate(msg, width), t.dim())), inner);
        return;
    }
    let row = row.min(list.len() - 1);
    let lines: Vec<Line> = list
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let name = truncate(&safe(&v.name), 24);
            let mut extra = String::new();
            if !v.sort.is_empty() {
                extra.push_str(&format!(" · by {}", safe(&v.sort)));
            }
            if v.show_done {
                extra.push_str(" · done shown");
            }
            let line = Line::from(vec![
                Span::styled(format!("{name:<24} "), t.accent()),
                Span::raw(truncate(&format!("{}{extra}", safe(&v.filter)), width.saturating_sub(25))),
            ]);
            if i == row { pad_line(line, width).style(t.selected()) } else { line }
        })
        .collect();
    let offset = row.saturating_sub(usize::from(inner.height).saturating_sub(1));
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
}
