//! Reports drawn over the panes: the alignment report and a closed
//! sprint's review.

use super::widgets::{pad_line, safe, title, truncate};
use crate::domain::Workspace;
use crate::domain::align::Report;
use crate::domain::command::Take;
use crate::domain::conflict::describe;
use crate::tui::derive::alignment_entries;
use crate::tui::layout::report::{alignment_area, conflicts_layout, initiative_layout, popup_page, review_layout};
use crate::tui::scroll;
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use uuid::Uuid;

pub fn alignment(frame: &mut Frame, state: &State, report: &Report, row: usize, area: Rect) {
    let t = &state.theme;
    let lines = alignment_entries(report);
    let (r, page) = alignment_area(area);
    // The cursor sits on the first entry until the user moves it.
    let first = lines.iter().position(|l| l.target.is_some()).unwrap_or(0);
    let row = if lines.get(row).is_some_and(|l| l.target.is_some()) { row } else { first };
    let offset = scroll::around(row, lines.len(), page);
    frame.render_widget(Clear, r);
    let mut block = Block::bordered()
        .border_style(t.border_focus())
        .title(Span::styled(" Alignment: strategy ↔ execution ", t.title()))
        .title_bottom(title(
            vec![
                Span::styled(" j/k", t.key()),
                Span::raw(" move  "),
                Span::styled("PgDn G", t.key()),
                Span::raw(" page, end  "),
                Span::styled("Enter", t.key()),
                Span::raw(" go to it  "),
                Span::styled("Esc", t.key()),
                Span::raw(" close "),
            ],
            r.width,
        ));
    if let Some(note) = position(offset, page, lines.len()) {
        block = block.title_top(Line::styled(note, t.dim()).right_aligned());
    }
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let width = usize::from(inner.width);
    let shown: Vec<Line> = lines
        .iter()
        .enumerate()
        .skip(offset)
        .take(page)
        .map(|(i, l)| match l.target {
            None => Line::from(Span::styled(truncate(&safe(&l.text), width), t.title())),
            Some(_) => {
                let key_style = if l.severe { t.error() } else { t.accent() };
                let line = Line::from(vec![
                    Span::raw("  "),
                    Span::styled(format!("{:<8}", safe(&l.text)), key_style),
                    Span::raw(truncate(&safe(&l.detail), width.saturating_sub(11))),
                ]);
                if i == row { pad_line(line, width).style(t.selected()) } else { line }
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// "lines 21–40 of 380", for a popup whose text does not fit: where the
/// view is. None when it all fits.
pub fn position(offset: usize, page: usize, len: usize) -> Option<String> {
    (len > page).then(|| format!(" lines {}–{} of {len} ", offset + 1, (offset + page).min(len)))
}

/// A read-only popup of `lines` in `r`, scrolled to `offset` (clamped to
/// the last page): its heading, where in the lines it is, and the keys
/// that scroll and close it. The message log and the history draw this.
pub fn scrolling_popup(
    frame: &mut Frame,
    state: &State,
    r: Rect,
    heading: Vec<Span<'static>>,
    lines: Vec<Line<'static>>,
    offset: usize,
) {
    let t = &state.theme;
    let page = popup_page(r);
    let offset = offset.min(scroll::last_offset(lines.len(), page));
    frame.render_widget(Clear, r);
    let mut block =
        Block::bordered().border_style(t.border_focus()).title(title(heading, r.width)).title_bottom(title(
            if lines.len() > page {
                vec![
                    Span::styled(" j/k PgUp/PgDn g/G", t.key()),
                    Span::raw(" scroll  "),
                    Span::styled("Esc", t.key()),
                    Span::raw(" close "),
                ]
            } else {
                vec![Span::styled(" Esc", t.key()), Span::raw(" close ")]
            },
            r.width,
        ));
    if let Some(note) = position(offset, page, lines.len()) {
        block = block.title_top(Line::styled(note, t.dim()).right_aligned());
    }
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(page).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

pub fn review(frame: &mut Frame, state: &State, ws: &Workspace, sprint: Uuid, scroll: usize, area: Rect) {
    let t = &state.theme;
    let Some(s) = ws.sprint(sprint) else { return };
    let Some((r, lines)) = review_layout(state, ws, sprint, area) else { return };
    let page = usize::from(r.height.saturating_sub(2)).max(1);
    let offset = scroll.min(scroll::last_offset(lines.len(), page));
    frame.render_widget(Clear, r);
    let mut block = Block::bordered()
        .border_style(t.border_focus())
        .title(title(vec![Span::styled(format!(" Sprint review: {} ", safe(&s.name)), t.title())], r.width));
    let keys = if lines.len() > page { " j/k PgDn G scroll · Esc closes " } else { " Esc closes " };
    block = block.title_bottom(Span::styled(keys, t.dim()));
    if let Some(note) = position(offset, page, lines.len()) {
        block = block.title_top(Line::styled(note, t.dim()).right_aligned());
    }
    frame.render_widget(Paragraph::new(lines).block(block).scroll((u16::try_from(offset).unwrap_or(u16::MAX), 0)), r);
}

pub fn conflicts(frame: &mut Frame, state: &State, ws: &Workspace, row: usize, area: Rect) {
    let t = &state.theme;
    let open: Vec<_> = ws.open_conflicts().collect();
    let (r, refused, list_h) = conflicts_layout(state, ws, area);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_style(t.warn())
        .title(Span::styled(format!(" Conflicting edits ({}) ", open.len()), t.title()))
        .title_bottom(Line::from(vec![
            Span::styled(" o", t.key()),
            Span::raw(" keep ours  "),
            Span::styled("t", t.key()),
            Span::raw(" take theirs  "),
            Span::styled("Esc", t.key()),
            Span::raw(" close "),
        ]));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let width = usize::from(inner.width);
    let row = row.min(open.len().saturating_sub(1));
    let mut lines = Vec::new();
    for (i, c) in open.iter().enumerate() {
        let mut head = vec![
            Span::styled(format!("{} ", safe(&c.label)), t.accent()),
            Span::raw(safe(&c.field)),
            Span::styled(format!("  {} · kept by {}", c.at.format("%Y-%m-%d %H:%M"), safe(&c.kept_by())), t.dim()),
        ];
        if let Some(why) = c.sides.as_ref().and_then(|s| s.reason.as_deref()) {
            head.push(Span::styled(format!("  {}", safe(why)), t.dim()));
        }
        let head = Line::from(head);
        lines.push(if i == row { pad_line(head, width).style(t.selected()) } else { head });
        for (side, word) in [(Take::Ours, "ours  "), (Take::Theirs, "theirs")] {
            let now = if c.kept() == side { "  ← now" } else { "" };
            let from = format!("{}: ", safe(c.side_name(side)));
            let room = width.saturating_sub(10 + from.chars().count() + now.chars().count());
            lines.push(Line::from(vec![
                Span::styled(format!("  {word}  "), t.dim()),
                Span::styled(from, t.dim()),
                Span::raw(truncate(&safe(&describe(ws, c.value(side))), room)),
                Span::styled(now, t.accent()),
            ]));
        }
    }
    let (list, below) = if refused.is_empty() {
        (inner, None)
    } else {
        let split = list_h.min(inner.height);
        (Rect { height: split, ..inner }, Some(Rect { y: inner.y + split, height: inner.height - split, ..inner }))
    };
    let offset = scroll::around(row * 3, lines.len(), usize::from(list.height));
    frame.render_widget(Paragraph::new(lines).scroll((u16::try_from(offset).unwrap_or(u16::MAX), 0)), list);
    if let Some(below) = below {
        let text: Vec<Line> =
            std::iter::once(Line::raw("")).chain(refused.into_iter().map(|l| Line::styled(l, t.error()))).collect();
        frame.render_widget(Paragraph::new(text), below);
    }
}

pub fn initiative(frame: &mut Frame, state: &State, ws: &Workspace, id: Uuid, scroll: usize, area: Rect) {
    let t = &state.theme;
    let Some(i) = ws.initiative(id) else { return };
    let Some((r, lines)) = initiative_layout(state, ws, id, area) else { return };
    let page = usize::from(r.height.saturating_sub(2)).max(1);
    let scroll = scroll.min(scroll::last_offset(lines.len(), page));
    frame.render_widget(Clear, r);
    let mut block = Block::bordered()
        .border_style(t.border_focus())
        .title(super::widgets::title(
            vec![Span::styled(format!(" {} {} ", safe(&i.key), safe(&i.title)), t.title())],
            r.width,
        ))
        .title_bottom(Line::from(vec![
            Span::styled(" e", t.key()),
            Span::raw(" edit  "),
            Span::styled("j/k PgDn G", t.key()),
            Span::raw(" scroll  "),
            Span::styled("Esc", t.key()),
            Span::raw(" close "),
        ]));
    if let Some(note) = position(scroll, page, lines.len()) {
        block = block.title_bottom(Line::styled(note, t.dim()).right_aligned());
    }
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll as u16, 0)), r);
}
