//! Where the Backlog pane puts things at the current size: the list row
//! under the mouse, whether the detail covers the pane, and the detail's
//! lines (counted for scrolling, drawn by the view).

use crate::domain::item::{Item, ItemKind};
use crate::domain::{Status, Workspace};
use crate::tui::state::State;
use crate::tui::widgets::{safe, safe_block, truncate, truncate_spans, wrap};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

/// Width at which the detail opens beside the list instead of over it.
pub const SIDE_BY_SIDE: u16 = 110;

/// Short labels so the kind column stays narrow.
pub fn kind_label(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Story => "story",
        ItemKind::Bug => "bug",
        ItemKind::Spike => "spike",
        ItemKind::Task => "task",
        ItemKind::TechDebt => "debt",
        ItemKind::Epic => "epic",
    }
}

pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::New => "new",
        Status::Refined => "refined",
        Status::Ready => "ready",
        Status::InProgress => "in progress",
        Status::Review => "review",
        Status::Done => "done",
        Status::Dropped => "dropped",
    }
}

/// The first row shown in a list `height` rows tall: the same rule as
/// `State::clamp_backlog`, so a resize between an update and a draw still
/// shows the cursor.
pub fn list_offset(b: &crate::tui::state::BacklogView, height: usize) -> usize {
    if b.cursor < b.offset {
        b.cursor
    } else if b.cursor >= b.offset + height {
        b.cursor + 1 - height
    } else {
        b.offset
    }
}

/// The list row drawn at (`column`, `row`) of the screen, if any: none
/// while the detail covers the list, nor on borders, the header or below
/// the last row.
pub fn row_at(state: &State, ws: &Workspace, column: u16, row: u16) -> Option<usize> {
    let screen = Rect::new(0, 0, state.width, state.height);
    if state.too_small() {
        return None;
    }
    let [_, body, _] = super::screen(screen);
    let b = &state.backlog;
    let list = if b.detail && state.selected_item().is_some_and(|p| p < ws.items.len()) {
        if body.width < SIDE_BY_SIDE {
            return None;
        }
        let [l, _] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
        l
    } else {
        body
    };
    let inner = Block::bordered().inner(list);
    let rows = Rect { y: inner.y.saturating_add(1), height: inner.height.saturating_sub(1), ..inner };
    if !rows.contains(ratatui::layout::Position::new(column, row)) {
        return None;
    }
    let i = list_offset(b, usize::from(rows.height)) + usize::from(row - rows.y);
    (i < b.list.len()).then_some(i)
}

/// True when the detail is open over the whole pane (narrow terminals):
/// then the navigation keys scroll it instead of moving the selection.
pub fn detail_full_screen(state: &State, ws: &Workspace) -> bool {
    state.backlog.detail && state.width < SIDE_BY_SIDE && state.selected_item().is_some_and(|p| p < ws.items.len())
}

/// The detail's inner area when it fills the pane at the current size
/// (see `super::screen`: tab bar above, two status lines below).
fn full_screen_inner(state: &State) -> Rect {
    let [_, body, _] = super::screen(Rect::new(0, 0, state.width, state.height));
    Block::bordered().inner(body)
}

/// How far the full-screen detail can scroll (its lines less the rows it
/// has), and how many rows a page is.
pub fn detail_scroll_room(state: &State, ws: &Workspace) -> (usize, usize) {
    let Some(item) = state.selected_item().and_then(|p| ws.items.get(p)) else { return (0, 1) };
    let inner = full_screen_inner(state);
    let rows = usize::from(inner.height);
    let lines = detail_lines(state, ws, item, usize::from(inner.width)).len();
    (lines.saturating_sub(rows), rows.max(1))
}

/// `text` word-wrapped to `width` after `prefix`, continuation lines
/// indented to line up under the text.
fn hanging<'a>(prefix: Vec<Span<'a>>, text: &str, width: usize) -> Vec<Line<'a>> {
    let p: usize = prefix.iter().map(Span::width).sum();
    let mut out: Vec<Line> = Vec::new();
    for (i, l) in wrap(text, width, &" ".repeat(p)).into_iter().enumerate() {
        if i == 0 {
            let mut spans = prefix.clone();
            spans.push(Span::raw(l.chars().skip(p).collect::<String>()));
            out.push(Line::from(spans));
        } else {
            out.push(Line::raw(l));
        }
    }
    if out.is_empty() {
        out.push(Line::from(prefix));
    }
    out
}

/// The detail as screen lines `width` wide: long text is wrapped here
/// (not by the paragraph) so the lines can be counted for scrolling.
/// "release: 2.0 · due 2026-12-20 · at risk, 85% by 2027-01-03": a
/// release, its target and where it stands (from the kept forecasts).
pub fn release_line<'a>(state: &State, r: &crate::domain::release::Release, width: usize) -> Line<'a> {
    use crate::domain::forecast::release::Standing;
    let t = &state.theme;
    let mut text = format!("release: {}", safe(&r.name));
    if let Some(d) = r.target {
        text.push_str(&format!(" · due {d}"));
    }
    let o = state.forecasts.release(r.meta.id);
    let standing = o.map(|o| o.standing);
    if let Some(s) = standing.filter(|s| *s != Standing::NoTarget) {
        text.push_str(&format!(" · {}", s.label()));
    }
    if let Some(Some(Ok(f))) = o.map(|o| &o.forecast)
        && let Some(d) = f.dates[1]
    {
        text.push_str(&format!(", 85% by {d}"));
    }
    let style = match standing {
        Some(Standing::AtRisk) => t.warn(),
        Some(Standing::Late) => t.error(),
        _ => t.dim(),
    };
    Line::from(Span::styled(truncate(&text, width), style))
}

pub fn detail_lines<'a>(state: &State, ws: &'a Workspace, item: &'a Item, width: usize) -> Vec<Line<'a>> {
    let t = &state.theme;
    let mut lines: Vec<Line> =
        wrap(&safe(&item.title), width, "").into_iter().map(|l| Line::from(Span::styled(l, t.title()))).collect();
    lines.push(Line::raw(""));
    let est = item.estimate.map_or("not estimated".to_owned(), |p| crate::domain::text::count(p, "pt", "pts"));
    lines.push(Line::from(truncate_spans(
        vec![
            Span::styled(format!("{} · ", item.kind), t.dim()),
            Span::styled(status_label(item.status), t.status(item.status)),
            Span::styled(format!(" · {est} · owned by "), t.dim()),
            Span::styled(item.meta.owner.label(), t.role(item.meta.owner)),
            Span::styled(format!(" · last changed by {}", safe(&item.meta.updated_by_label())), t.dim()),
        ],
        width,
    )));
    if item.kind == ItemKind::Epic
        && let Some(pos) = ws.item_pos(item.meta.id)
    {
        let p = state.backlog.list.progress(ws, pos);
        let text = if p.count == 0 {
            "no children yet".to_owned()
        } else {
            format!("progress: {} of {} children done · {} of {} points", p.done, p.count, p.done_points, p.points)
        };
        lines.push(Line::from(Span::styled(truncate(&text, width), t.dim())));
        lines.extend(super::forecast::forecast_lines(state, state.forecasts.epic(item.meta.id), width));
    }
    if let Some(s) = item.sprint.and_then(|s| ws.sprint(s)) {
        lines.push(Line::from(Span::styled(
            truncate(&format!("sprint: {} ({})", safe(&s.name), s.state), width),
            t.dim(),
        )));
    }
    if let Some(r) = item.release.and_then(|r| ws.release(r)) {
        lines.push(release_line(state, r, width));
    }
    if !item.labels.is_empty() {
        lines.push(Line::from(Span::styled(
            truncate(&format!("labels: {}", safe(&item.labels.join(", "))), width),
            t.dim(),
        )));
    }
    for x in &item.external {
        let url = x.url.as_deref().map(|u| format!("  {}", safe(u))).unwrap_or_default();
        lines.push(Line::from(Span::styled(
            truncate(&format!("{}: {}{url}", safe(&x.system), safe(&x.key)), width),
            t.dim(),
        )));
    }
    if let Some(a) = &item.assignee {
        lines.push(Line::from(Span::styled(truncate(&format!("assignee: {}", safe(a)), width), t.dim())));
    }
    if let Some(from) = item.split_from.and_then(|id| ws.item(id)) {
        let gone = if from.is_live() { "" } else { " (deleted)" };
        let text = format!("split from {} {}{gone} ({})", safe(&from.key), safe(&from.title), from.status);
        lines.push(Line::from(Span::styled(truncate(&text, width), t.dim())));
    }
    lines.extend(dependency_lines(state, ws, item, width));
    // The chain from story up to the goals it serves.
    let epic = item.parent.and_then(|p| ws.item(p));
    let initiative = item.initiative.or_else(|| epic.and_then(|e| e.initiative)).and_then(|i| ws.initiative(i));
    // Links that do not fit go on the next line, so the goals stay in view.
    let mut chain: Vec<Span> = vec![Span::styled(safe(&item.key), t.accent())];
    if let Some(e) = epic {
        chain.push(Span::raw(format!("{} {}", safe(&e.key), truncate(&safe(&e.title), 24))));
    }
    match initiative {
        Some(i) => {
            chain.push(Span::raw(format!("{} {}", safe(&i.key), truncate(&safe(&i.title), 28))));
            let goals: Vec<String> = i.goals.iter().filter_map(|g| ws.goal(*g)).map(|g| safe(&g.key)).collect();
            if goals.is_empty() {
                chain.push(Span::styled("no goal", t.warn()));
            } else {
                chain.push(Span::raw(goals.join(", ")));
            }
        }
        None => chain.push(Span::styled("no initiative", t.warn())),
    }
    let mut line: Vec<Span> = Vec::new();
    let mut used = 0;
    for link in chain {
        if !line.is_empty() {
            if used + 3 + link.width() > width {
                lines.push(Line::from(truncate_spans(std::mem::take(&mut line), width)));
                line.push(Span::styled("  → ", t.dim()));
                used = 4;
            } else {
                line.push(Span::styled(" → ", t.dim()));
                used += 3;
            }
        }
        used += link.width();
        line.push(link);
    }
    lines.push(Line::from(truncate_spans(line, width)));
    let scores: Vec<String> = [
        item.scoring.moscow.map(|m| format!("MoSCoW {m}")),
        item.scoring.wsjf_score().map(|s| format!("WSJF {s:.1}")),
        item.scoring.rice_score().map(|s| format!("RICE {s:.0}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !scores.is_empty() {
        lines.push(Line::from(Span::styled(truncate(&scores.join(" · "), width), t.dim())));
    }
    if let Some(st) = &item.story {
        lines.push(Line::raw(""));
        let as_a = format!("{} ", crate::domain::text::as_a(&st.as_a));
        for (label, text) in [(as_a.as_str(), &st.as_a), ("I want ", &st.i_want), ("so that ", &st.so_that)] {
            lines.extend(hanging(vec![Span::styled(label.to_owned(), t.dim())], &safe(text), width));
        }
    }
    if !item.description.is_empty() {
        lines.push(Line::raw(""));
        for l in safe_block(&item.description).lines() {
            // Keep a line's indent (Markdown lists, code) on its wrapped lines.
            let body = l.trim_start();
            if body.is_empty() {
                lines.push(Line::raw(""));
                continue;
            }
            let indent = truncate(&l[..l.len() - body.len()], width / 2);
            lines.extend(wrap(body, width, &indent).into_iter().map(Line::raw));
        }
    }
    if !item.acceptance_criteria.is_empty() {
        let met = item.acceptance_criteria.iter().filter(|c| c.met).count();
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            format!("Acceptance criteria ({met}/{})", item.acceptance_criteria.len()),
            t.title(),
        )));
        for c in &item.acceptance_criteria {
            let (mark, style) = if c.met { ("[x] ", t.ok()) } else { ("[ ] ", t.dim()) };
            lines.extend(hanging(vec![Span::styled(mark, style)], &safe(&c.text), width));
        }
    }
    lines.extend(super::trail::lines(state, item, width));
    if !item.comments.is_empty() {
        lines.push(Line::raw(""));
        let key = state.keymap.hint(crate::tui::action::Action::Comment);
        lines.push(Line::from(vec![
            Span::styled(format!("Comments ({})", item.comments.len()), t.title()),
            Span::styled(format!(" · {key} adds one"), t.dim()),
        ]));
        for c in &item.comments {
            let who = format!("{} ({}) · {}", safe(&c.author), c.role.label(), c.at.format("%Y-%m-%d %H:%M"));
            lines.push(Line::from(Span::styled(truncate(&who, width), t.role(c.role))));
            for l in safe_block(&c.text).lines() {
                lines.extend(wrap(l, width, "  ").into_iter().map(|w| Line::raw(format!("  {}", w.trim_start()))));
            }
        }
    }
    lines.extend(super::history::detail_lines(state, ws, item.meta.id, width));
    lines
}

/// What blocks the item and what it blocks, and whether it meets the
/// definition of the step it is heading for (Ready before it is ready,
/// Done after).
fn dependency_lines<'a>(state: &State, ws: &'a Workspace, item: &'a Item, width: usize) -> Vec<Line<'a>> {
    use crate::domain::ready::{Gate, missing_for};
    let t = &state.theme;
    let mut lines = Vec::new();
    let name = |i: &Item| format!("{} {}", safe(&i.key), safe(&i.title));
    for b in ws.live_items().filter(|b| b.blocks.contains(&item.meta.id)) {
        let (text, style) = if b.status.is_closed() {
            (format!("was blocked by {} ({})", name(b), b.status), t.dim())
        } else {
            (format!("blocked by {} ({})", name(b), status_label(b.status)), t.warn())
        };
        lines.push(Line::from(Span::styled(truncate(&text, width), style)));
    }
    for b in item.blocks.iter().filter_map(|id| ws.item(*id)).filter(|b| b.is_live()) {
        lines.push(Line::from(Span::styled(truncate(&format!("blocks {}", name(b)), width), t.dim())));
    }
    let gate = match item.status {
        s if s.is_closed() => None,
        Status::New | Status::Refined | Status::Ready => Some(Gate::Ready),
        _ => Some(Gate::Done),
    };
    if let Some(gate) = gate.filter(|g| !g.list(&ws.settings).is_empty()) {
        let missing = missing_for(ws, gate, item);
        let line = if missing.is_empty() {
            Span::styled(format!("✓ meets the {}", gate.name()), t.ok())
        } else {
            Span::styled(truncate(&format!("{}: {}", gate.name(), missing.join(", ")), width), t.warn())
        };
        lines.push(Line::from(line));
    }
    lines
}
