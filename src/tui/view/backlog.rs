//! The Backlog pane: the ranked list with the columns that fit, and the
//! detail of the selected item.

use super::columns::{Col, WIDE, columns, header, quiet_columns, sorted_col};
use super::find::{arrow, typed_query};
use super::widgets::{fit, safe, safe_block, title as block_title, truncate, truncate_spans, wrap};
use crate::domain::item::{Item, ItemKind};
use crate::domain::{Status, Workspace};
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Width at which the detail opens beside the list instead of over it.
const SIDE_BY_SIDE: u16 = 110;

pub fn draw(frame: &mut Frame, state: &State, ws: &Workspace, area: Rect) {
    let b = &state.backlog;
    let selected = state.selected_item().map(|p| &ws.items[p]);
    match (b.detail, selected) {
        (true, Some(item)) if area.width >= SIDE_BY_SIDE => {
            let [l, r] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
            draw_list(frame, state, ws, l);
            draw_detail(frame, state, ws, item, r, false);
        }
        (true, Some(item)) => draw_detail(frame, state, ws, item, area, true),
        _ => draw_list(frame, state, ws, area),
    }
}

/// Short labels so the kind column stays narrow.
fn kind_label(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Story => "story",
        ItemKind::Bug => "bug",
        ItemKind::Spike => "spike",
        ItemKind::Task => "task",
        ItemKind::TechDebt => "debt",
        ItemKind::Epic => "epic",
    }
}

fn status_label(s: Status) -> &'static str {
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

fn draw_list(frame: &mut Frame, state: &State, ws: &Workspace, area: Rect) {
    let t = &state.theme;
    let b = &state.backlog;
    let list = &b.list;
    let mut title = vec![Span::styled(" Backlog ", t.title())];
    let user_filter = list.spec().is_some_and(|s| !s.only_hides_closed());
    let sort = list.sort();
    let score = !sort.is_rank() && crate::tui::list::is_score(sort.field);
    if user_filter || score {
        // A score view lists open work only, so it counts like a filter.
        let open = if score { "open " } else { "" };
        title.push(Span::styled(format!("{} {open}of {} ", list.len(), list.total()), t.dim()));
        if list.scanning() {
            title.push(Span::styled("filtering… ", t.dim()));
        }
    } else {
        title.push(Span::styled(
            format!("{} ", crate::domain::text::count(list.len() as u64, "item", "items")),
            t.dim(),
        ));
        if list.scanning() {
            title.push(Span::styled("filtering… ", t.dim()));
        }
    }
    let hidden = list.hidden_closed();
    if hidden > 0 && !score {
        let h = state.keymap.hint(crate::tui::action::Action::ToggleDone);
        title.push(Span::styled(format!("· {hidden} done hidden ({h} shows) "), t.dim()));
    }
    if !b.marks.is_empty() {
        title.push(Span::styled(format!("· {} marked ", b.marks.len()), t.accent()));
    }
    if b.intake {
        title.push(Span::styled("· intake: ready for breakdown ", t.warn()));
    }
    if !sort.is_rank() {
        let label = format!("· by {} {} (rank unchanged) ", sort.field.label(), arrow(sort));
        title.push(Span::styled(label, t.accent()));
    }
    let mut block = Block::bordered().border_style(t.border_focus()).title(block_title(title, area.width));
    if b.typing || !b.query.text().is_empty() {
        let cursor = if b.typing { "▏" } else { "" };
        let query = list.spec().map(|s| &s.query);
        let mut line = vec![Span::styled(" / ", t.key())];
        line.extend(typed_query(state, b.query.text(), query));
        line.push(Span::styled(format!("{cursor} "), t.text()));
        // What cannot be read says why, and where, as the user types.
        if let Some(problem) = query.and_then(|q| q.problems.last()) {
            line.push(Span::styled(format!("{} ", safe(problem)), t.warn()));
        }
        block = block.title_bottom(block_title(line, area.width));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 {
        return;
    }
    let [head, rows] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let width = usize::from(inner.width);
    // The key column fits the longest key on screen (BL-123456 too), and
    // never less than the usual width, so it does not jump for short lists.
    let (height, offset) = (usize::from(rows.height), list_offset(b, usize::from(rows.height)));
    let longest = (offset..list.len().min(offset + height))
        .filter_map(|i| list.get(i))
        .map(|p| ws.items[p].key.width())
        .max()
        .unwrap_or(0);
    let key_w = (ws.workspace.key_prefix.width() + 6).max(longest).clamp(6, (width / 3).max(6));
    // Where the titles are short of room. Wider, they have what they need,
    // and the columns keep their places as values come and go.
    let quiet = if b.columns.is_empty() && width < WIDE { quiet_columns(list, ws) } else { Vec::new() };
    let cols = columns(width, key_w, sort, &b.columns, &quiet);

    // The column sorted by says so, and which way.
    let sorted = sorted_col(sort);
    let head_line: Vec<Span> = cols
        .iter()
        .map(|(c, w)| match Some(*c) == sorted {
            true => Span::styled(format!("{} ", fit(&format!("{}{}", header(*c), arrow(sort)), *w)), t.accent()),
            false => Span::styled(format!("{} ", fit(header(*c), *w)), t.dim()),
        })
        .collect();
    frame.render_widget(Line::from(head_line), head);

    if list.is_empty() {
        let msg = if list.total() == 0 {
            "No items yet. Press n to add the first one.".to_owned()
        } else if list.scanning() {
            "Filtering…".to_owned()
        } else {
            "Nothing matches. Esc clears the filter.".to_owned()
        };
        frame.render_widget(Paragraph::new(Span::styled(msg, t.dim())), rows);
        return;
    }
    for (r, i) in (offset..list.len().min(offset + height)).enumerate() {
        let Some(pos) = list.get(i) else { break };
        let item = &ws.items[pos];
        let departure = list.rank_departure(i).zip(list.rank_position(i));
        let tree = Tree {
            child: list.is_child_row(i),
            progress: (item.kind == ItemKind::Epic).then(|| list.progress(ws, pos)),
        };
        let line = row(state, ws, item, &cols, i == b.cursor, departure, list.len(), tree);
        let y = rows.y + r as u16;
        frame.render_widget(line, Rect { x: rows.x, y, width: rows.width, height: 1 });
    }
}

/// The first row shown in a list `height` rows tall: the same rule as
/// `State::clamp_backlog`, so a resize between an update and a draw still
/// shows the cursor.
fn list_offset(b: &crate::tui::state::BacklogView, height: usize) -> usize {
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
    let [_, body, _] = super::layout(screen);
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

/// A departure this large (in places, and as a share of the list) earns a
/// marker: the manual rank disagrees strongly with the score.
fn strong(departure: i64, len: usize) -> bool {
    departure.unsigned_abs() as usize >= (len / 4).max(3)
}

/// Where a row stands among epics: indented under an expanded epic, or an
/// epic with its children's progress.
#[derive(Clone, Copy, Default)]
struct Tree {
    child: bool,
    progress: Option<crate::tui::list::Progress>,
}

/// "2/5 · 8/21 pts": children done of all (dropped ones left out), and
/// their points; the points only where there is room.
fn progress_label(p: crate::tui::list::Progress, room: usize) -> String {
    let short = format!("{}/{}", p.done, p.count);
    let long = format!("{short} · {}/{} pts", p.done_points, p.points);
    if room >= long.width() + 24 { long } else { short }
}

#[allow(clippy::too_many_arguments)]
fn row<'a>(
    state: &State,
    ws: &Workspace,
    item: &'a Item,
    cols: &[(Col, usize)],
    selected: bool,
    departure: Option<(i64, usize)>,
    len: usize,
    tree: Tree,
) -> Line<'a> {
    let t = &state.theme;
    let mut spans = Vec::with_capacity(cols.len());
    for &(c, w) in cols {
        let (text, style): (String, Style) = match c {
            // A marked item says so in front of its key (the key column
            // has room to spare).
            Col::Key if state.backlog.marks.contains(item.meta.id) => (format!("●{}", safe(&item.key)), t.title()),
            Col::Key => (safe(&item.key), t.accent()),
            Col::Kind => (kind_label(item.kind).to_owned(), t.dim()),
            Col::Title => {
                let mut s = safe(&item.title);
                if item.kind == ItemKind::Epic {
                    let open = state.backlog.list.is_expanded(item.meta.id);
                    s = format!("{} {s}", if open { "▾" } else { "▸" });
                }
                if tree.child {
                    s = format!("  └ {s}");
                }
                if let Some(p) = tree.progress.filter(|p| p.count > 0) {
                    // The epic's progress at the right of its title.
                    let label = progress_label(p, w);
                    let room = w.saturating_sub(label.width() + 1);
                    s = format!("{} {label}", fit(&s, room));
                }
                // Blocked by open work: it cannot finish yet.
                if state.backlog.blocked.contains(&item.meta.id) {
                    s = format!("⊘ {s}");
                }
                (s, t.text())
            }
            Col::Points => (item.estimate.map_or("·".to_owned(), |p| p.to_string()), t.text()),
            Col::Status => {
                // Ready, but not by the team's Definition of Ready.
                let short = item.status == Status::Ready
                    && ws.settings.definition_guard != crate::domain::GuardMode::Off
                    && !crate::domain::ready::missing(
                        &ws.settings,
                        crate::domain::ready::Gate::Ready,
                        item,
                        state.backlog.blocked.contains(&item.meta.id),
                    )
                    .is_empty();
                if short {
                    (format!("{} ✗", status_label(item.status)), t.warn())
                } else {
                    (status_label(item.status).to_owned(), t.status(item.status))
                }
            }
            Col::Owner => (item.meta.owner.label().to_owned(), t.role(item.meta.owner)),
            Col::Sprint => (item.sprint.and_then(|s| ws.sprint(s)).map_or(String::new(), |s| safe(&s.name)), t.dim()),
            Col::Initiative => {
                (item.initiative.and_then(|i| ws.initiative(i)).map_or(String::new(), |i| safe(&i.key)), t.dim())
            }
            Col::Assignee => (item.assignee.as_deref().map_or(String::new(), safe), t.dim()),
            Col::Wsjf => (item.scoring.wsjf_score().map_or(String::new(), |s| format!("{s:.1}")), t.text()),
            Col::Rice => (item.scoring.rice_score().map_or(String::new(), |s| format!("{s:.0}")), t.text()),
            Col::Updated => (item.meta.updated_at.format("%Y-%m-%d").to_string(), t.dim()),
            Col::RankPos => match departure {
                Some((d, pos)) => {
                    // ⇡: the score says higher than the rank has it; ⇣: lower.
                    // An unscored item sits below the scored ones for want
                    // of a score, which says nothing about its rank.
                    let sort = state.backlog.list.sort().field;
                    let scored = match sort {
                        crate::domain::query::SortField::Wsjf => item.scoring.wsjf_score().is_some(),
                        crate::domain::query::SortField::Rice => item.scoring.rice_score().is_some(),
                        _ => false,
                    };
                    let mark = if scored && strong(d, len) { if d > 0 { " ⇡" } else { " ⇣" } } else { "" };
                    (format!("#{}{mark}", pos + 1), if mark.is_empty() { t.dim() } else { t.warn() })
                }
                None => (String::new(), t.dim()),
            },
        };
        let right = matches!(c, Col::Points | Col::Wsjf | Col::Rice);
        let cell = if right { format!("{text:>w$}") } else { fit(&text, w) };
        spans.push(Span::styled(format!("{cell} "), style));
    }
    let line = Line::from(spans);
    if selected { line.style(t.selected()) } else { line }
}

/// True when the detail is open over the whole pane (narrow terminals):
/// then the navigation keys scroll it instead of moving the selection.
pub fn detail_full_screen(state: &State, ws: &Workspace) -> bool {
    state.backlog.detail && state.width < SIDE_BY_SIDE && state.selected_item().is_some_and(|p| p < ws.items.len())
}

/// The detail's inner area when it fills the pane at the current size
/// (see `super::layout`: tab bar above, two status lines below).
fn full_screen_inner(state: &State) -> Rect {
    let [_, body, _] = super::layout(Rect::new(0, 0, state.width, state.height));
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
fn detail_lines<'a>(state: &State, ws: &'a Workspace, item: &'a Item, width: usize) -> Vec<Line<'a>> {
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
    }
    if let Some(s) = item.sprint.and_then(|s| ws.sprint(s)) {
        lines.push(Line::from(Span::styled(
            truncate(&format!("sprint: {} ({})", safe(&s.name), s.state), width),
            t.dim(),
        )));
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

fn draw_detail(frame: &mut Frame, state: &State, ws: &Workspace, item: &Item, area: Rect, full_screen: bool) {
    let t = &state.theme;
    let mut block = Block::bordered()
        .border_style(if full_screen { t.border_focus() } else { t.border() })
        .title(Line::from(vec![Span::styled(format!(" {} ", safe(&item.key)), t.accent())]));
    let inner = block.inner(area);
    let lines = detail_lines(state, ws, item, usize::from(inner.width));
    let rows = usize::from(inner.height);
    let max = lines.len().saturating_sub(rows);
    let scroll = if full_screen { state.backlog.detail_scroll.min(max) } else { 0 };
    // Say when there is more than fits, and how to get to it.
    if max > 0 {
        let more = if full_screen {
            format!(" lines {}–{} of {} · j/k scroll ", scroll + 1, (scroll + rows).min(lines.len()), lines.len())
        } else {
            format!(" ↓ {} more lines · E opens it in $EDITOR ", max)
        };
        block = block.title_bottom(block_title(vec![Span::styled(more, t.dim())], area.width));
    }
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines).scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)), inner);
}
