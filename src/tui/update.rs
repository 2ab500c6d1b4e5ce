//! Keys in, UI state changes and effects out. Pure: reads the workspace,
//! never changes it, never does I/O. What must touch the workspace leaves
//! as an [`Effect`] for the driver.

use super::action::Action;
use super::form::{Form, Outcome};
use super::list::FILTER_CHUNK;
use super::palette;
use super::state::{Confirm, Effect, Modal, Palette, Pane, State};
use crate::domain::command::{ItemPatch, Place, Position};
use crate::domain::strategy::{Horizon, InitiativeStatus};
use crate::domain::{Command, Role, Workspace};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};

/// Handles one terminal event.
pub fn handle_event(state: &mut State, ws: &Workspace, event: &Event) -> Vec<Effect> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => handle_key(state, ws, k),
        Event::Paste(text) => {
            match &mut state.modal {
                Some(Modal::Form(f)) => f.paste(text),
                Some(Modal::Palette(p)) => p.input.paste(text),
                None if state.backlog.typing => {
                    state.backlog.query.paste(text);
                    refilter(state, ws);
                }
                _ => {}
            }
            Vec::new()
        }
        Event::Resize(w, h) => {
            state.width = *w;
            state.height = *h;
            state.clamp_backlog();
            Vec::new()
        }
        Event::Mouse(m) => {
            match m.kind {
                MouseEventKind::ScrollDown => return update(state, ws, Action::Down),
                MouseEventKind::ScrollUp => return update(state, ws, Action::Up),
                MouseEventKind::Down(MouseButton::Left) if state.modal.is_none() => {
                    if m.row == 0 {
                        if let Some(p) = super::view::tab_at(state, ws, m.column) {
                            state.pane = p;
                        }
                    } else if state.pane == Pane::Backlog && m.row >= 3 {
                        let row = state.backlog.offset + usize::from(m.row - 3);
                        if row < state.backlog.list.len() {
                            state.backlog.cursor = row;
                            state.clamp_backlog();
                        }
                    }
                }
                _ => {}
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn handle_key(state: &mut State, ws: &Workspace, key: &KeyEvent) -> Vec<Effect> {
    if state.modal.is_some() {
        return handle_modal_key(state, ws, key);
    }
    if state.backlog.typing && state.pane == Pane::Backlog {
        match key.code {
            KeyCode::Esc => {
                state.backlog.typing = false;
                state.backlog.query.clear();
                refilter(state, ws);
            }
            KeyCode::Enter => state.backlog.typing = false,
            KeyCode::Up | KeyCode::Down => {
                state.backlog.typing = false;
                let a = if key.code == KeyCode::Up { Action::Up } else { Action::Down };
                return update(state, ws, a);
            }
            _ => {
                if state.backlog.query.handle(key) {
                    refilter(state, ws);
                }
            }
        }
        return Vec::new();
    }
    // Ctrl-C always quits, whatever the bindings say.
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return update(state, ws, Action::Quit);
    }
    match state.keymap.action(key) {
        Some(a) => update(state, ws, a),
        None => Vec::new(),
    }
}

fn handle_modal_key(state: &mut State, ws: &Workspace, key: &KeyEvent) -> Vec<Effect> {
    let Some(modal) = state.modal.as_mut() else { return Vec::new() };
    match modal {
        Modal::Form(form) => match form.handle_key(key) {
            Outcome::Continue => Vec::new(),
            Outcome::Cancel => {
                state.modal = None;
                Vec::new()
            }
            Outcome::Submit => match form.submit(ws) {
                Some(cmd) => {
                    state.modal = None;
                    vec![Effect::Apply(cmd)]
                }
                None => Vec::new(),
            },
        },
        Modal::Confirm(c) => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                let yes = c.yes.clone();
                state.modal = None;
                vec![yes]
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                state.modal = None;
                state.info("Cancelled");
                Vec::new()
            }
            _ => Vec::new(),
        },
        Modal::Help { scroll } => {
            // A heading and a line per action, in a box two rows shorter
            // than the screen (see `view::modal`): stop at the last line, so
            // scrolling back starts at once.
            let max = (Action::ALL.len() + 1).saturating_sub(usize::from(state.height.saturating_sub(4)));
            match key.code {
                KeyCode::Down | KeyCode::Char('j') => *scroll = (*scroll + 1).min(max),
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown => *scroll = (*scroll + 10).min(max),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                _ => state.modal = None,
            }
            Vec::new()
        }
        Modal::Palette(p) => match key.code {
            KeyCode::Esc => {
                state.modal = None;
                Vec::new()
            }
            KeyCode::Down | KeyCode::Tab => {
                let last = palette::matches(p.input.text()).len().saturating_sub(1);
                p.selected = (p.selected + 1).min(last);
                Vec::new()
            }
            KeyCode::Up | KeyCode::BackTab => {
                p.selected = p.selected.saturating_sub(1);
                Vec::new()
            }
            KeyCode::Enter => {
                let hits = palette::matches(p.input.text());
                let chosen = hits.get(p.selected.min(hits.len().saturating_sub(1))).map(|h| h.action);
                state.modal = None;
                match chosen {
                    Some(a) => update(state, ws, a),
                    None => Vec::new(),
                }
            }
            _ => {
                if p.input.handle(key) {
                    p.selected = 0;
                }
                Vec::new()
            }
        },
    }
}

/// Re-applies the backlog filter and does the first chunk of the scan
/// (the rest runs between events: see [`step`]).
pub fn refilter(state: &mut State, ws: &Workspace) {
    let spec = state.filter_spec(ws);
    let selected = state.selected_item();
    state.backlog.list.set_filter(spec);
    state.backlog.list.step(ws, FILTER_CHUNK);
    state.backlog.cursor = selected.and_then(|p| state.backlog.list.index_of(ws, p)).unwrap_or(0);
    state.backlog.offset = 0;
    state.clamp_backlog();
}

/// Background work between events (the filter scan). Returns true while
/// more remains.
pub fn step(state: &mut State, ws: &Workspace) -> bool {
    let more = state.backlog.list.step(ws, FILTER_CHUNK);
    state.clamp_backlog();
    more
}

/// Runs one action.
pub fn update(state: &mut State, ws: &Workspace, action: Action) -> Vec<Effect> {
    state.message = None;
    match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Help => state.modal = Some(Modal::Help { scroll: 0 }),
        Action::Palette => state.modal = Some(Modal::Palette(Palette::default())),
        Action::PaneVision => state.pane = Pane::Vision,
        Action::PaneRoadmap => state.pane = Pane::Roadmap,
        Action::PaneBacklog => state.pane = Pane::Backlog,
        Action::PaneSprint => state.pane = Pane::Sprint,
        Action::NextPane => state.pane = Pane::ALL[(state.pane.index() + 1) % 4],
        Action::PrevPane => state.pane = Pane::ALL[(state.pane.index() + 3) % 4],
        Action::Undo => return vec![Effect::Undo],
        Action::Redo => return vec![Effect::Redo],
        Action::OwnerFilter => {
            state.owner_filter = match state.owner_filter {
                None => Some(Role::Pm),
                Some(Role::Pm) => Some(Role::Po),
                Some(Role::Po) => None,
            };
            refilter(state, ws);
            state.info(match state.owner_filter {
                None => "Showing everyone's items",
                Some(Role::Pm) => "Showing only PM-owned items",
                Some(Role::Po) => "Showing only PO-owned items",
            });
        }
        _ => {
            return match state.pane {
                Pane::Backlog => backlog(state, ws, action),
                Pane::Roadmap => roadmap(state, ws, action),
                Pane::Vision => vision(state, ws, action),
                Pane::Sprint => sprint(state, ws, action),
            };
        }
    }
    Vec::new()
}

/// Moves a cursor within `0..len` for the navigation actions.
fn navigate(cursor: &mut usize, len: usize, page: usize, action: Action) -> bool {
    let last = len.saturating_sub(1);
    *cursor = match action {
        Action::Up => cursor.saturating_sub(1),
        Action::Down => (*cursor + 1).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        Action::PageUp => cursor.saturating_sub(page),
        Action::PageDown => (*cursor + page).min(last),
        _ => return false,
    };
    true
}

/// Asks before deleting.
fn confirm_delete(state: &mut State, what: String, cmd: Command) {
    state.modal = Some(Modal::Confirm(Confirm {
        title: "Delete".into(),
        message: format!("Delete {what}? It can be undone with {}.", state.keymap.hint(Action::Undo)),
        yes: Effect::Apply(cmd),
    }));
}

fn backlog(state: &mut State, ws: &Workspace, action: Action) -> Vec<Effect> {
    let page = state.backlog_page();
    let len = state.backlog.list.len();
    if navigate(&mut state.backlog.cursor, len, page, action) {
        state.clamp_backlog();
        return Vec::new();
    }
    let selected = state.selected_item().map(|p| &ws.items[p]);
    match action {
        Action::Open => state.backlog.detail = !state.backlog.detail && selected.is_some(),
        Action::Back => {
            if state.backlog.detail {
                state.backlog.detail = false;
            } else if !state.backlog.query.text().is_empty() || state.backlog.intake || state.owner_filter.is_some() {
                state.backlog.query.clear();
                state.backlog.intake = false;
                state.owner_filter = None;
                refilter(state, ws);
                state.info("Filter cleared");
            }
        }
        Action::Filter => {
            state.backlog.typing = true;
            state.backlog.detail = false;
        }
        Action::New => state.modal = Some(Modal::Form(Box::new(Form::new_item(ws, None, None)))),
        Action::Edit => {
            if let Some(f) = selected.and_then(|i| Form::edit_item(ws, i.meta.id)) {
                state.modal = Some(Modal::Form(Box::new(f)));
            }
        }
        Action::EditLong => {
            if let Some(i) = selected {
                return vec![Effect::EditItemText(i.meta.id)];
            }
        }
        Action::Delete => {
            if let Some(i) = selected {
                confirm_delete(state, format!("{} {}", i.key, i.title), Command::DeleteItem { id: i.meta.id });
            }
        }
        Action::MoveDown | Action::MoveUp => {
            if let Some(cmd) = rank_move(state, ws, action == Action::MoveDown) {
                return vec![Effect::Apply(cmd)];
            }
        }
        Action::ToggleSprint => {
            if let Some(i) = selected {
                return toggle_sprint(state, ws, i.meta.id);
            }
        }
        Action::Right | Action::Left => {}
        _ => {}
    }
    Vec::new()
}

/// The command that moves the selected item one visible row down or up:
/// just past its visible neighbour, whatever the filter hides.
fn rank_move(state: &mut State, ws: &Workspace, down: bool) -> Option<Command> {
    let list = &state.backlog.list;
    let cur = state.backlog.cursor;
    let pos = list.get(cur)?;
    let id = ws.items[pos].meta.id;
    let neighbour = if down { list.get(cur + 1) } else { cur.checked_sub(1).and_then(|c| list.get(c)) };
    let Some(n) = neighbour else {
        state.info(if down { "Already at the bottom" } else { "Already at the top" });
        return None;
    };
    let ni = list.order_index(ws, n)?;
    let place = if down {
        let after_n = list.order_at(ni + 1).filter(|&p| p != pos);
        Place { after: Some(ws.items[n].meta.id), before: after_n.map(|p| ws.items[p].meta.id) }
    } else {
        let before_n = ni.checked_sub(1).and_then(|i| list.order_at(i)).filter(|&p| p != pos);
        Place { after: before_n.map(|p| ws.items[p].meta.id), before: Some(ws.items[n].meta.id) }
    };
    Some(Command::RankItem { id, to: Position::Between(place) })
}

fn toggle_sprint(state: &mut State, ws: &Workspace, id: uuid::Uuid) -> Vec<Effect> {
    let Some(item) = ws.item(id) else { return Vec::new() };
    let to = match item.sprint {
        Some(_) => None,
        None => match ws.target_sprint() {
            Some(s) => Some(s.meta.id),
            None => {
                state.warn("No planned or active sprint: plan one in the Sprint pane (4, then n)");
                return Vec::new();
            }
        },
    };
    let patch = ItemPatch { sprint: Some(to), ..ItemPatch::default() };
    vec![Effect::Apply(Command::EditItem { id, patch: Box::new(patch) })]
}

fn roadmap(state: &mut State, ws: &Workspace, action: Action) -> Vec<Effect> {
    let col = state.roadmap.column.min(2);
    let horizon = Horizon::ALL[col];
    let column = ws.ranked_initiatives(horizon);
    let row = &mut state.roadmap.row[col];
    if navigate(row, column.len(), 10, action) {
        return Vec::new();
    }
    *row = (*row).min(column.len().saturating_sub(1));
    let selected = column.get(*row).copied();
    match action {
        Action::Left => state.roadmap.column = col.saturating_sub(1),
        Action::Right => state.roadmap.column = (col + 1).min(2),
        Action::New => state.modal = Some(Modal::Form(Box::new(Form::new_initiative(ws, horizon)))),
        Action::Edit | Action::Open => {
            if let Some(f) = selected.and_then(|i| Form::edit_initiative(ws, i.meta.id)) {
                state.modal = Some(Modal::Form(Box::new(f)));
            }
        }
        Action::Delete => {
            if let Some(i) = selected {
                confirm_delete(state, format!("{} {}", i.key, i.title), Command::DeleteInitiative { id: i.meta.id });
            }
        }
        Action::MoveDown | Action::MoveUp => {
            let r = state.roadmap.row[col];
            let down = action == Action::MoveDown;
            if let Some(i) = selected {
                let target = if down { column.get(r + 1) } else { r.checked_sub(1).and_then(|x| column.get(x)) };
                if let Some(t) = target {
                    let to = if down { Position::After(t.meta.id) } else { Position::Before(t.meta.id) };
                    state.roadmap.row[col] = if down { r + 1 } else { r - 1 };
                    return vec![Effect::Apply(Command::MoveInitiative { id: i.meta.id, horizon, to })];
                }
            }
        }
        Action::ToggleSprint => {
            // On the roadmap, `s` hands an initiative over: ready for breakdown.
            if let Some(i) = selected {
                let status = if i.status == InitiativeStatus::ReadyForBreakdown {
                    InitiativeStatus::Planned
                } else {
                    InitiativeStatus::ReadyForBreakdown
                };
                let patch = crate::domain::command::InitiativePatch { status: Some(status), ..Default::default() };
                return vec![Effect::Apply(Command::EditInitiative { id: i.meta.id, patch: Box::new(patch) })];
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Rows of the Vision pane: six board fields, then one per goal.
pub const VISION_FIELDS: [&str; 6] = ["statement", "target_group", "needs", "product", "business_goals", "pitch"];

fn vision(state: &mut State, ws: &Workspace, action: Action) -> Vec<Effect> {
    let goals: Vec<_> = ws.live_goals().collect();
    let len = VISION_FIELDS.len() + goals.len();
    if navigate(&mut state.vision.row, len, 5, action) {
        return Vec::new();
    }
    let row = state.vision.row.min(len.saturating_sub(1));
    let goal = row.checked_sub(VISION_FIELDS.len()).and_then(|g| goals.get(g).copied());
    match action {
        Action::New => state.modal = Some(Modal::Form(Box::new(Form::new_goal()))),
        Action::Edit | Action::Open => {
            let form = match goal {
                Some(g) => Form::edit_goal(ws, g.meta.id),
                None => Some(Form::vision(ws).focus_on(VISION_FIELDS[row])),
            };
            if let Some(f) = form {
                state.modal = Some(Modal::Form(Box::new(f)));
            }
        }
        Action::EditLong if goal.is_none() => return vec![Effect::EditVisionText(row)],
        Action::Delete => {
            if let Some(g) = goal {
                confirm_delete(state, format!("{} {}", g.key, g.title), Command::DeleteGoal { id: g.meta.id });
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The Sprint pane's board columns: which statuses each one shows.
pub const BOARD: [(&str, &[crate::domain::Status]); 4] = {
    use crate::domain::Status::*;
    [("To do", &[New, Refined, Ready]), ("In progress", &[InProgress]), ("Review", &[Review]), ("Done", &[Done])]
};

/// Items of the sprint the pane shows, by board column, in rank order.
pub fn board_columns(ws: &Workspace) -> [Vec<usize>; 4] {
    let mut cols: [Vec<usize>; 4] = Default::default();
    let Some(sprint) = ws.target_sprint() else { return cols };
    let mut members: Vec<usize> =
        (0..ws.items.len()).filter(|&p| ws.items[p].is_live() && ws.items[p].sprint == Some(sprint.meta.id)).collect();
    members
        .sort_by(|&a, &b| ws.items[a].rank.cmp(&ws.items[b].rank).then(ws.items[a].meta.id.cmp(&ws.items[b].meta.id)));
    for p in members {
        if let Some(c) = BOARD.iter().position(|(_, st)| st.contains(&ws.items[p].status)) {
            cols[c].push(p);
        }
    }
    cols
}

fn sprint(state: &mut State, ws: &Workspace, action: Action) -> Vec<Effect> {
    let cols = board_columns(ws);
    let col = state.sprint.column.min(3);
    let row = &mut state.sprint.row[col];
    if navigate(row, cols[col].len(), 10, action) {
        return Vec::new();
    }
    let selected = cols[col].get((*row).min(cols[col].len().saturating_sub(1))).map(|&p| &ws.items[p]);
    let sprint = ws.target_sprint();
    match action {
        Action::Left => state.sprint.column = col.saturating_sub(1),
        Action::Right => state.sprint.column = (col + 1).min(3),
        Action::New => state.modal = Some(Modal::Form(Box::new(Form::new_sprint(ws, state.today)))),
        Action::Edit => {
            if let Some(f) = sprint.and_then(|s| Form::edit_sprint(ws, s.meta.id)) {
                state.modal = Some(Modal::Form(Box::new(f)));
            }
        }
        Action::Open => {
            if let Some(f) = selected.and_then(|i| Form::edit_item(ws, i.meta.id)) {
                state.modal = Some(Modal::Form(Box::new(f)));
            }
        }
        Action::ToggleSprint => {
            if let Some(i) = selected {
                return toggle_sprint(state, ws, i.meta.id);
            }
        }
        Action::MoveDown | Action::MoveUp => {
            // On the board, J/K move a card to the next/previous column.
            if let Some(i) = selected {
                let to = if action == Action::MoveDown { (col + 1).min(3) } else { col.saturating_sub(1) };
                if to != col {
                    let status = BOARD[to].1[BOARD[to].1.len() - 1];
                    let status = if to == 0 { crate::domain::Status::Ready } else { status };
                    let patch = ItemPatch { status: Some(status), ..ItemPatch::default() };
                    // Select the card where it will land among the cards
                    // there (they are in rank order).
                    let key = (&i.rank, i.meta.id);
                    state.sprint.row[to] =
                        cols[to].iter().filter(|&&p| (&ws.items[p].rank, ws.items[p].meta.id) < key).count();
                    state.sprint.column = to;
                    return vec![Effect::Apply(Command::EditItem { id: i.meta.id, patch: Box::new(patch) })];
                }
            }
        }
        _ => {}
    }
    Vec::new()
}
