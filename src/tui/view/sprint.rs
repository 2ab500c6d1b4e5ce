//! The Sprint pane: the sprint being worked on (or planned next), its
//! capacity against commitment and velocity, and its board by status.

use super::widgets::{bar, safe, title, truncate, truncate_spans};
use crate::domain::Workspace;
use crate::domain::sprint::{SprintState, velocity};
use crate::tui::state::{SprintMode, State};
use crate::tui::update::{BOARD, board_columns, planning_lists};
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
    let Some(sprint) = ws.target_sprint() else {
        let block = Block::bordered().border_style(t.border()).title(Span::styled(" Sprint ", t.title()));
        let msg = vec![
            Line::raw("No active or planned sprint."),
            Line::from(vec![
                Span::raw("Press "),
                Span::styled(state.keymap.hint(crate::tui::action::Action::New), t.key()),
                Span::raw(" to plan one."),
            ]),
        ];
        frame.render_widget(Paragraph::new(msg).block(block), area);
        return;
    };
    let [head, board] = Layout::vertical([Constraint::Length(5), Constraint::Min(0)]).areas(area);

    let members: Vec<_> = ws.live_items().filter(|i| i.sprint == Some(sprint.meta.id)).collect();
    let committed: u32 = members.iter().map(|i| i.points()).sum();
    let done: u32 = members.iter().filter(|i| i.status == crate::domain::Status::Done).map(|i| i.points()).sum();
    let unestimated = members.iter().filter(|i| i.estimate.is_none()).count();
    let vel = velocity(ws.live_sprints(), ws.settings.velocity_window as usize);
    let block = Block::bordered().border_style(t.border()).title(title(
        vec![
            Span::styled(format!(" {} ", safe(&sprint.name)), t.title()),
            Span::styled(format!("{} · {} – {} ", sprint.state, sprint.start, sprint.end), t.dim()),
        ],
        head.width,
    ));
    let inner = block.inner(head);
    frame.render_widget(block, head);
    let width = usize::from(inner.width);
    let goal = if sprint.goal.is_empty() { "no sprint goal yet (e to set one)".to_owned() } else { safe(&sprint.goal) };
    let mut lines =
        vec![Line::from(vec![Span::styled("Goal: ", t.dim()), Span::raw(truncate(&goal, width.saturating_sub(6)))])];
    let bar_w = width.saturating_sub(40).clamp(8, 30);
    let mut cap = vec![Span::styled("Committed ", t.dim())];
    match sprint.capacity {
        Some(c) => {
            let over = committed > c;
            cap.push(Span::styled(bar(f64::from(committed) / f64::from(c.max(1)), bar_w), t.gauge(over)));
            cap.push(Span::styled(format!(" {committed}/{c} pts"), if over { t.error() } else { t.text() }));
            if over {
                cap.push(Span::styled(" over capacity", t.error()));
            }
        }
        None => cap.push(Span::raw(format!("{committed} pts (no capacity set)"))),
    }
    if let Some(v) = vel {
        let over = f64::from(committed) > v;
        // "25", but "19.5": as short as the number allows.
        let v = format!("{:.1}", v);
        let v = v.trim_end_matches(".0");
        cap.push(Span::styled(format!(" · velocity {v}"), if over { t.warn() } else { t.dim() }));
    }
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
        return planning(frame, state, ws, board);
    }
    let cols = board_columns(ws, &state.narrow(ws, crate::tui::state::Pane::Sprint));
    let rects: [Rect; 4] = Layout::horizontal([Constraint::Ratio(1, 4); 4]).areas(board);
    for (c, rect) in rects.into_iter().enumerate() {
        let focus = state.sprint.column == c;
        let pts: u32 = cols[c].iter().map(|&p| ws.items[p].points()).sum();
        // " In progress 2 · 13p ", or without the points if that does not
        // fit between the corners.
        let name = format!(" {} ", BOARD[c].0);
        let mut count = format!("{} · {pts}p ", cols[c].len());
        if name.width() + count.width() + 2 > usize::from(rect.width) {
            count = format!("{} ", cols[c].len());
        }
        let block = Block::bordered()
            .border_style(if focus { t.border_focus() } else { t.border() })
            .title(title(vec![Span::styled(name, t.title()), Span::styled(count, t.dim())], rect.width));
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
            let l1 = Line::from(truncate_spans(
                vec![
                    Span::styled(format!("{} ", safe(&item.key)), t.accent()),
                    Span::styled(format!("{est}p "), t.dim()),
                    Span::styled(item.meta.owner.label(), t.role(item.meta.owner)),
                ],
                w,
            ));
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

/// Planning: the backlog (ready first) beside the sprint being planned.
fn planning(frame: &mut Frame, state: &State, ws: &Workspace, area: Rect) {
    let t = &state.theme;
    let list = &state.backlog.list;
    let lists = planning_lists(
        ws,
        &state.narrow(ws, crate::tui::state::Pane::Sprint),
        (0..list.total()).filter_map(|i| list.order_at(i)),
    );
    let rects: [Rect; 2] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let titles = ["Backlog: ready first", "In the sprint"];
    for (side, rect) in rects.into_iter().enumerate() {
        let focus = state.sprint.column.min(1) == side;
        let pts: u32 = lists[side].iter().map(|&p| ws.items[p].points()).sum();
        let block =
            Block::bordered().border_style(if focus { t.border_focus() } else { t.border() }).title(Line::from(vec![
                Span::styled(format!(" {} ", titles[side]), t.title()),
                Span::styled(format!("{} · {pts}p ", lists[side].len()), t.dim()),
            ]));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let w = usize::from(inner.width);
        let h = usize::from(inner.height).max(1);
        let row = state.sprint.row[side].min(lists[side].len().saturating_sub(1));
        let offset = row.saturating_sub(h - 1);
        let lines: Vec<Line> = lists[side]
            .iter()
            .enumerate()
            .skip(offset)
            .take(h)
            .map(|(i, &p)| {
                let item = &ws.items[p];
                let (est, est_style) = match item.estimate {
                    Some(e) => (format!("{e:>3}"), t.text()),
                    None => ("  ?".to_owned(), t.warn()),
                };
                let status_w = 11;
                let key_w = lists.iter().flatten().map(|&p| ws.items[p].key.len()).max().unwrap_or(6);
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
