//! The Sprint pane: the sprint being worked on (or planned next), its
//! capacity against commitment and velocity, and its board by status.

use super::widgets::{bar, safe, title, truncate, truncate_spans};
use crate::domain::Workspace;
use crate::domain::sprint::{SprintState, velocity};
use crate::tui::action::Action;
use crate::tui::derive::{BOARD, board_columns, planning_sides, shown_sprint};
use crate::tui::list::Rows;
use crate::tui::state::{SprintMode, State};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, state: &State, ws: &Workspace, area: Rect) {
    let t = &state.theme;
    if state.sprint.mode == SprintMode::Charts {
        return super::charts::draw(frame, state, ws, area);
    }
    let Some(sprint) = shown_sprint(state, ws) else {
        let block = Block::bordered().border_style(t.border()).title(Span::styled(" Sprint ", t.title()));
        let msg = vec![
            Line::raw("No active or planned sprint."),
            Line::from(vec![
                Span::raw("Press "),
                Span::styled(state.keymap.hint(Action::New), t.key()),
                Span::raw(" to plan one."),
            ]),
        ];
        frame.render_widget(Paragraph::new(msg).block(block), area);
        return;
    };
    let [head, board] = Layout::vertical([Constraint::Length(5), Constraint::Min(0)]).areas(area);

    // The sprint's members and, in planning, the candidates, read from the
    // lists the app keeps (no scan of the backlog at any size). With `/` or
    // the owner toggle the sides show what matches, while the header still
    // counts the whole sprint.
    let narrow = state.narrow(ws, crate::tui::state::Pane::Sprint);
    // One count with the warnings and `sprint show`: dropped items are in
    // the list but not in the numbers.
    let held = crate::domain::planning::holding(ws, sprint.meta.id);
    let (committed, done, unestimated) = (held.points, held.done_points, held.unestimated);
    let vel = velocity(ws.live_sprints(), ws.settings.velocity_window as usize);
    // Planned dates, and beside them the actual ones where they differ.
    let mut dates = format!("{} · {}", sprint.state, sprint.dates());
    if let Some(started) = sprint.started_at.map(|s| s.date_naive())
        && started != sprint.start
    {
        dates.push_str(&format!(" · started {started}"));
    }
    let open = crate::domain::planning::open_sprints(ws);
    if open.len() > 1 && state.sprint.mode == SprintMode::Planning {
        let at = open.iter().position(|s| s.meta.id == sprint.meta.id).map_or(1, |i| i + 1);
        dates.push_str(&format!(
            " · {at} of {} open, {} for next",
            open.len(),
            state.keymap.hint(Action::SwitchSprint)
        ));
    }
    dates.push(' ');
    let block = Block::bordered().border_style(t.border()).title(title(
        vec![Span::styled(format!(" {} ", safe(&sprint.name)), t.title()), Span::styled(dates, t.dim())],
        head.width,
    ));
    let inner = block.inner(head);
    frame.render_widget(block, head);
    let width = usize::from(inner.width);
    let goal = if sprint.goal.is_empty() { "no sprint goal yet (e to set one)".to_owned() } else { safe(&sprint.goal) };
    let mut lines =
        vec![Line::from(vec![Span::styled("Goal: ", t.dim()), Span::raw(truncate(&goal, width.saturating_sub(6)))])];
    // The words first, then the bar gets what is left (8 to 30 cells), so
    // the warnings are never the part cut off.
    let mut words: Vec<Span> = Vec::new();
    let capacity = ws.sprint_capacity(sprint);
    let over_capacity = capacity.is_some_and(|c| committed > c);
    match capacity {
        Some(c) => {
            words.push(Span::styled(format!(" {committed}/{c} pts"), if over_capacity { t.error() } else { t.text() }));
            if over_capacity {
                words.push(Span::styled(" over capacity", t.error()));
            }
        }
        None => words.push(Span::raw(format!("{committed} pts (no capacity set)"))),
    }
    if let Some(v) = vel {
        let over = f64::from(committed) > v;
        let v = crate::domain::planning::short(v);
        let text = if over { format!(" · over velocity {v}") } else { format!(" · velocity {v}") };
        words.push(Span::styled(text, if over { t.warn() } else { t.dim() }));
    }
    let words_w: usize = words.iter().map(|s| s.content.width()).sum();
    let bar_w = width.saturating_sub(10 + words_w).clamp(8, 30);
    let mut cap = vec![Span::styled("Committed ", t.dim())];
    if let Some(c) = capacity {
        cap.push(Span::styled(bar(f64::from(committed) / f64::from(c.max(1)), bar_w), t.gauge(over_capacity)));
    }
    cap.extend(words);
    lines.push(Line::from(truncate_spans(cap, width)));
    let mut prog = vec![Span::styled("Done      ", t.dim())];
    prog.push(Span::styled(bar(f64::from(done) / f64::from(committed.max(1)), bar_w), t.ok()));
    prog.push(Span::raw(format!(" {done}/{committed} pts")));
    if unestimated > 0 {
        prog.push(Span::styled(format!(" · {unestimated} not estimated"), t.warn()));
    }
    if sprint.state == SprintState::Planned {
        prog.push(Span::styled(" · not started", t.dim()));
    }
    lines.push(Line::from(truncate_spans(prog, width)));
    frame.render_widget(Paragraph::new(lines), inner);

    if state.sprint.mode == SprintMode::Planning {
        let sides = planning_sides(&state.sprint.plan, ws, Some(sprint), &narrow);
        // With a team, each person's load against their share, under the
        // sprint's side.
        let (loads, unassigned) = crate::domain::planning::loads(ws, sprint);
        let rows = if loads.is_empty() { 0 } else { (loads.len() as u16 + 2 + u16::from(unassigned > 0)).min(9) };
        let rows = if board.height >= rows + 6 { rows } else { 0 };
        let [board, team] = Layout::vertical([Constraint::Min(0), Constraint::Length(rows)]).areas(board);
        if rows > 0 {
            team_loads(frame, state, &loads, unassigned, team);
        }
        return planning(frame, state, ws, sides, board);
    }
    let cols = board_columns(state, ws, Some(sprint), &narrow);
    let rects: [Rect; 4] = Layout::horizontal([Constraint::Ratio(1, 4); 4]).areas(board);
    // WIP limits count the whole sprint, whatever `/` shows.
    let whole = (!ws.settings.wip_limits.is_empty())
        .then(|| board_columns(state, ws, Some(sprint), &crate::tui::state::Narrow::everything()));
    for (c, rect) in rects.into_iter().enumerate() {
        let focus = state.sprint.column == c;
        let pts: u32 = cols[c].iter().map(|&p| ws.items[p].points()).sum();
        // " In progress 2 · 13p ", or without the points if that does not
        // fit between the corners.
        let name = format!(" {} ", BOARD[c].0);
        // A WIP limit shows beside the count: "3/2" in the error colour
        // once the column holds more than it allows (counted over the
        // whole sprint, as the warning on a move counts it).
        let limit = ws.settings.wip_limits.get(BOARD[c].1).copied();
        let held = whole.as_ref().map_or(cols[c].len(), |w| w[c].len());
        let over = limit.is_some_and(|l| held > l as usize);
        let shown = match limit {
            Some(l) => format!("{}/{l}", held),
            None => cols[c].len().to_string(),
        };
        let mut count = format!("{shown} · {pts}p ");
        if name.width() + count.width() + 2 > usize::from(rect.width) {
            count = format!("{shown} ");
        }
        let count_style = if over { t.error() } else { t.dim() };
        let block = Block::bordered()
            .border_style(if over {
                t.error()
            } else if focus {
                t.border_focus()
            } else {
                t.border()
            })
            .title(title(vec![Span::styled(name, t.title()), Span::styled(count, count_style)], rect.width));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let w = usize::from(inner.width);
        let per = 2usize;
        let visible = (usize::from(inner.height) / per).max(1);
        let row = state.sprint.row[c].min(cols[c].len().saturating_sub(1));
        let offset = row.saturating_sub(visible - 1);
        let mut lines = Vec::new();
        let mut selected_at = None;
        for (i, &p) in cols[c].iter().enumerate().skip(offset).take(visible) {
            let item = &ws.items[p];
            let est = item.estimate.map_or("?".to_owned(), |e| e.to_string());
            // Who is on it, as a board at a stand-up asks (the owning
            // role is the same for nearly every card).
            let mut head = vec![
                Span::styled(format!("{} ", safe(&item.key)), t.accent()),
                Span::styled(format!("{est}p "), t.dim()),
            ];
            if let Some(who) = &item.assignee {
                head.push(Span::styled(format!("@{}", safe(who)), t.text()));
            }
            let l1 = Line::from(truncate_spans(head, w));
            let l2 = Line::raw(truncate(&safe(&item.title), w));
            if focus && i == row {
                selected_at = Some(lines.len());
            }
            lines.push(l1);
            lines.push(l2);
        }
        frame.render_widget(Paragraph::new(lines), inner);
        // The selected card is marked across the column.
        if let Some(y) = selected_at {
            let card = Rect { y: inner.y + y as u16, height: per as u16, ..inner }.intersection(inner);
            frame.buffer_mut().set_style(card, t.selected());
        }
    }
}

/// Each person's points in the sprint against their share of its days,
/// the over-loaded in the error colour, then what nobody has taken.
fn team_loads(frame: &mut Frame, state: &State, loads: &[crate::domain::planning::Load], unassigned: u32, area: Rect) {
    let t = &state.theme;
    let over = loads.iter().filter(|l| l.over()).count();
    let mut head = vec![Span::styled(" Team load ", t.title())];
    if over > 0 {
        head.push(Span::styled(format!("{over} over their share "), t.error()));
    }
    let block = Block::bordered().border_style(t.border()).title(Line::from(head));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let nobody = if unassigned > 0 { "nobody".len() } else { 0 };
    let name_w = loads.iter().map(|l| safe(&l.name).width()).max().unwrap_or(4).max(nobody).clamp(4, 16);
    let bar_w = w.saturating_sub(name_w + 34).clamp(4, 20);
    let mut lines: Vec<Line> = loads
        .iter()
        .map(|l| {
            let name = Span::styled(format!("{:<name_w$} ", truncate(&safe(&l.name), name_w)), t.text());
            match l.share {
                Some(sh) => {
                    let style = if l.over() { t.error() } else { t.ok() };
                    let ratio = f64::from(l.points) / f64::from(sh.points.max(1));
                    let mut words = format!(" {:>3}/{:<3}", l.points, sh.points);
                    if sh.off > 0 {
                        words.push_str(&format!(" · {} of {} days off", sh.off, sh.days));
                    }
                    Line::from(truncate_spans(
                        vec![name, Span::styled(bar(ratio, bar_w), style), Span::styled(words, style)],
                        w,
                    ))
                }
                None => Line::from(truncate_spans(
                    vec![name, Span::styled(format!("{} pts · not on the team", l.points), t.dim())],
                    w,
                )),
            }
        })
        .collect();
    if unassigned > 0 {
        lines.push(Line::styled(truncate(&format!("{:<name_w$} {unassigned} pts", "nobody"), w), t.dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Planning: the backlog (ready first) beside the sprint being planned.
fn planning(frame: &mut Frame, state: &State, ws: &Workspace, sides: [Rows; 2], area: Rect) {
    let t = &state.theme;
    let rects: [Rect; 2] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let titles = ["Backlog: ready first", "In the sprint"];
    for (side, rect) in rects.into_iter().enumerate() {
        let focus = state.sprint.column.min(1) == side;
        let rows = &sides[side];
        let block =
            Block::bordered().border_style(if focus { t.border_focus() } else { t.border() }).title(Line::from(vec![
                Span::styled(format!(" {} ", titles[side]), t.title()),
                Span::styled(format!("{} · {}p ", rows.len(), rows.points), t.dim()),
            ]));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let w = usize::from(inner.width);
        let h = usize::from(inner.height).max(1);
        let row = state.sprint.row[side].min(rows.len().saturating_sub(1));
        let offset = row.saturating_sub(h - 1);
        let shown = || (offset..rows.len().min(offset + h)).filter_map(|i| rows.get(i).map(|p| (i, p)));
        // The key column fits the longest key on screen.
        let key_w = shown().map(|(_, p)| ws.items[p].key.width()).max().unwrap_or(6);
        let lines: Vec<Line> = shown()
            .map(|(i, p)| {
                let item = &ws.items[p];
                let (est, est_style) = match item.estimate {
                    Some(e) => (format!("{e:>3}"), t.text()),
                    None => ("  ?".to_owned(), t.warn()),
                };
                let status_w = 11;
                let title_w = w.saturating_sub(key_w + status_w + 7);
                let line = Line::from(vec![
                    Span::styled(format!("{:<key_w$} ", safe(&item.key)), t.accent()),
                    Span::styled(est, est_style),
                    Span::raw(" "),
                    Span::styled(
                        format!("{:<status_w$}", item.status.as_str().replace('_', " ")),
                        t.status(item.status),
                    ),
                    Span::raw(" "),
                    Span::raw(truncate(&safe(&item.title), title_w)),
                ]);
                if focus && i == row { line.style(t.selected()) } else { line }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
