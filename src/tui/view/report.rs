//! Reports drawn over the panes: the alignment report and a closed
//! sprint's review.

use super::widgets::{centered, pad_line, safe, title, truncate, wrap};
use crate::domain::Workspace;
use crate::domain::align::Report;
use crate::domain::command::Take;
use crate::domain::conflict::describe;
use crate::tui::derive::alignment_entries;
use crate::tui::scroll;
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;
use uuid::Uuid;

/// The alignment popup at this size: where it is and the rows its lines
/// get.
pub fn alignment_area(area: Rect) -> (Rect, usize) {
    let r = centered(area, area.width.saturating_sub(4).min(110), area.height.saturating_sub(2));
    (r, usize::from(r.height.saturating_sub(2)).max(1))
}

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

/// Rows of lines a popup `r` shows at once (inside its border).
pub fn popup_page(r: Rect) -> usize {
    usize::from(r.height.saturating_sub(2)).max(1)
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

/// A closed sprint's review at this size: where it is and its lines (long
/// lists of keys wrap rather than being cut).
pub fn review_layout(state: &State, ws: &Workspace, sprint: Uuid, area: Rect) -> Option<(Rect, Vec<Line<'static>>)> {
    let t = &state.theme;
    let s = ws.sprint(sprint)?;
    let rv = s.review.as_ref()?;
    let width = usize::from(area.width.min(74).saturating_sub(2)).max(1);
    let (met, met_style) = match rv.goal_met {
        Some(true) => ("goal met", t.ok()),
        Some(false) => ("goal not met", t.error()),
        None => ("goal not assessed", t.dim()),
    };
    let mut lines = Vec::new();
    if s.goal.trim().is_empty() {
        lines.push(Line::from(Span::styled("Goal: ", t.dim())));
    }
    for (i, l) in wrap(&safe(&s.goal), width.saturating_sub(6), "      ").into_iter().enumerate() {
        let head = if i == 0 { Span::styled("Goal: ", t.dim()) } else { Span::raw("") };
        lines.push(Line::from(vec![head, Span::raw(if i == 0 { l.trim_start().to_owned() } else { l })]));
    }
    lines.extend([
        Line::from(Span::styled(met, met_style)),
        Line::raw(""),
        Line::raw(format!("Committed at start   {:>4} points", rv.committed)),
        Line::raw(format!("Done                 {:>4} points", rv.completed)),
        Line::raw(format!("Not done             {:>4} points", rv.not_completed)),
        Line::raw(format!("Scope added / removed  +{} / -{}", rv.scope_added, rv.scope_removed)),
    ]);
    let mut para = |text: String| {
        lines.extend(
            wrap(&text, width, "  ")
                .into_iter()
                .enumerate()
                .map(|(i, l)| Line::raw(if i == 0 { l.trim_start().to_owned() } else { l })),
        )
    };
    if !rv.returned.is_empty() {
        let keys: Vec<String> = rv.returned.iter().filter_map(|id| ws.item(*id)).map(|i| safe(&i.key)).collect();
        para(format!("Back to the backlog: {}", keys.join(", ")));
    }
    if !rv.carried_over.is_empty() {
        let to = rv.carried_to.and_then(|id| ws.sprint(id)).map_or("the next sprint".to_owned(), |n| safe(&n.name));
        let keys: Vec<String> = rv.carried_over.iter().filter_map(|id| ws.item(*id)).map(|i| safe(&i.key)).collect();
        let n = crate::domain::text::count(rv.carried_over.len() as u64, "item", "items");
        let pts: u32 = rv.carried_over.iter().filter_map(|id| ws.item(*id)).map(|i| i.points()).sum();
        let pts = crate::domain::text::count(pts, "pt", "pts");
        para(format!("Carried over to {to}: {n} ({pts}): {}", keys.join(", ")));
    }
    if !rv.notes.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled("Review notes", t.title())));
        for l in super::widgets::safe_block(&rv.notes).lines() {
            lines.extend(wrap(l, width, "").into_iter().map(Line::raw));
        }
        lines.push(Line::raw(""));
    }
    if let Some(started) = s.started_at {
        lines.push(Line::raw(format!(
            "Planned {} – {}, ran {} – {}",
            s.start,
            s.end,
            started.date_naive(),
            rv.closed_at.date_naive()
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        truncate(&format!("Share it: backlog export sprint \"{}\" --format md", safe(&s.name)), width),
        t.dim(),
    )));
    // As tall as the review, where the screen has room.
    let r = centered(area, 74, u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_add(2));
    Some((r, lines))
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

/// The conflicts popup at this size: where it is, the refusal it shows
/// under the list (wrapped), and the rows the list gets.
fn conflicts_layout(state: &State, ws: &Workspace, area: Rect) -> (Rect, Vec<String>, u16) {
    let open = ws.open_conflicts().count();
    let outer = area.width.saturating_sub(4).min(100);
    // A pick that was refused says why here, whole: the status line has no
    // room for the rule and the choice that is valid.
    let refused: Vec<String> = match &state.message {
        Some((msg, crate::tui::state::Level::Error)) => wrap(&safe(msg), usize::from(outer.saturating_sub(2)), ""),
        _ => Vec::new(),
    };
    let note = if refused.is_empty() { 0 } else { refused.len() as u16 + 1 };
    let tall = u16::try_from(open * 3).unwrap_or(u16::MAX).saturating_add(3 + note);
    let r = centered(area, outer, tall.min(area.height));
    let inner_h = r.height.saturating_sub(2);
    let list_h = if refused.is_empty() { inner_h } else { inner_h.saturating_sub(note.min(inner_h.saturating_sub(3))) };
    (r, refused, list_h)
}

/// Lines of the conflicts list and the rows they get at this size.
pub fn conflicts_extent(state: &State, ws: &Workspace, area: Rect) -> (usize, usize) {
    let (_, _, list_h) = conflicts_layout(state, ws, area);
    (ws.open_conflicts().count() * 3, usize::from(list_h).max(1))
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

/// An initiative, read-only: what it is, what it serves, and the stories
/// broken down from it, in rank order.
pub fn initiative_layout(state: &State, ws: &Workspace, id: Uuid, area: Rect) -> Option<(Rect, Vec<Line<'static>>)> {
    let t = &state.theme;
    let i = ws.initiative(id)?;
    let r = centered(area, area.width.saturating_sub(4).min(100), area.height.saturating_sub(2));
    let width = usize::from(r.width.saturating_sub(2)).max(1);
    let p = ws.initiative_progress().get(&id).copied().unwrap_or_default();
    let mut meta = format!(
        "{} · {} · {} · {}",
        i.meta.owner.label(),
        i.horizon.as_str(),
        i.status.as_str().replace('_', " "),
        crate::domain::text::count(p.stories as u64, "story", "stories")
    );
    if !i.theme.is_empty() {
        meta.push_str(&format!(" · {}", safe(&i.theme)));
    }
    if let Some(tf) = &i.timeframe {
        meta.push_str(&format!(" · {}", safe(&tf.label)));
    }
    let mut lines = vec![Line::from(Span::styled(truncate(&meta, width), t.dim()))];
    for g in i.goals.iter().filter_map(|g| ws.goal(*g)) {
        lines.push(Line::raw(truncate(&format!("Serves {} {}", safe(&g.key), safe(&g.title)), width)));
    }
    if !i.description.is_empty() {
        lines.push(Line::raw(""));
        for l in super::widgets::safe_block(&i.description).lines() {
            lines.extend(super::widgets::wrap(l, width, "").into_iter().map(Line::raw));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        format!("Stories ({}, {} of {} points done)", p.stories, p.done_points, p.points),
        t.title(),
    )));
    // The stories the count is of: its own and its epics' children.
    let stories = ws.initiative_items(id);
    if stories.is_empty() {
        lines.push(Line::from(Span::styled("none yet: b breaks it down into a story", t.dim())));
    }
    let key_w = stories.iter().map(|it| it.key.width()).max().unwrap_or(0);
    for it in stories {
        let est = it.estimate.map_or("?".to_owned(), |e| e.to_string());
        let mut spans = vec![
            Span::styled(format!("{:<key_w$} ", safe(&it.key)), t.accent()),
            Span::styled(format!("{:<11} ", it.status.as_str().replace('_', " ")), t.status(it.status)),
            Span::styled(format!("{est:>3} "), t.dim()),
        ];
        // Reached through its epic rather than linked itself: say which,
        // before the title (which is what gets cut).
        if it.initiative.is_none()
            && let Some(epic) = it.parent.and_then(|p| ws.item(p))
        {
            spans.push(Span::styled(format!("{} › ", safe(&epic.key)), t.dim()));
        }
        spans.push(Span::raw(safe(&it.title)));
        lines.push(Line::from(super::widgets::truncate_spans(spans, width)));
    }
    Some((r, lines))
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
