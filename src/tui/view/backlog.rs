//! The Backlog pane: the ranked list with the columns that fit, and the
//! detail of the selected item.

use super::columns::{Col, WIDE, columns, header, quiet_columns, sorted_col};
use super::find::{arrow, typed_query};
use super::widgets::{fit, safe, title as block_title};
use crate::domain::item::{Item, ItemKind};
use crate::domain::{Status, Workspace};
use crate::tui::layout::backlog::{SIDE_BY_SIDE, detail_lines, kind_label, list_offset, status_label};
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

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
        let line = row(state, ws, (pos, item), &cols, i == b.cursor, departure, list.len(), tree);
        let y = rows.y + r as u16;
        frame.render_widget(line, Rect { x: rows.x, y, width: rows.width, height: 1 });
    }
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
    (pos, item): (usize, &'a Item),
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
            Col::Release => {
                (item.release.and_then(|r| ws.release(r)).map_or(String::new(), |r| safe(&r.name)), t.dim())
            }
            Col::Wsjf => (item.scoring.wsjf_score().map_or(String::new(), |s| format!("{s:.1}")), t.text()),
            Col::Rice => (item.scoring.rice_score().map_or(String::new(), |s| format!("{s:.0}")), t.text()),
            Col::Updated => (item.meta.updated_at.format("%Y-%m-%d").to_string(), t.dim()),
            // Kept, not worked out here (see `derive::forecast`): "later"
            // beyond the horizon, "?" with no forecast to make.
            Col::Lands => match state.forecasts.lands(pos, item.meta.id) {
                Some(Ok(Some(d))) => (d.format("%Y-%m-%d").to_string(), t.text()),
                Some(Ok(None)) => ("later".to_owned(), t.dim()),
                Some(Err(())) => ("?".to_owned(), t.dim()),
                None => (String::new(), t.dim()),
            },
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
