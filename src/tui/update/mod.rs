//! Keys in, UI state changes and effects out. Pure: reads the workspace,
//! never changes it, never does I/O. What must touch the workspace leaves
//! as an [`Effect`] for the driver.

mod backlog;
mod bulk;
mod criteria;
mod find;
mod modal;
mod roadmap;
mod sprint;
mod unsaved;
mod views;
mod vision;

use super::action::Action;
use super::list::FILTER_CHUNK;
use super::state::{Confirm, Effect, ExportFormat, ExportWhat, Modal, Palette, Pane, State};
use crate::domain::sprint::SprintState;
use crate::domain::{Command, Role, Workspace};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};

pub use roadmap::{select_initiative, selected_initiative};
pub use sprint::{select_card, selected_card};

// The derived lists live in `tui::derive` (below update and view); they
// stay reachable here, where tests and benches have always found them.
pub use crate::tui::derive::{
    AlignTarget, BOARD, SORT_LETTERS, VISION_SECTIONS, alignment_entries, board_columns, chart_sprints, go_to_target,
    goals, planning_sides, popup_keys, roadmap_column, shown_sprint,
};

/// Handles one terminal event.
pub fn handle_event(state: &mut State, ws: &Workspace, event: &Event) -> Vec<Effect> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => handle_key(state, ws, k),
        // Pasted text would land in something that cannot be seen.
        Event::Paste(_) if state.too_small() => Vec::new(),
        Event::Paste(text) => {
            match &mut state.modal {
                Some(Modal::Form(f)) => f.paste(text),
                Some(Modal::Palette(p)) => p.input.paste(text),
                Some(Modal::GoTo(input)) => input.paste(text),
                Some(Modal::Criteria { edit: Some(e), .. }) => e.input.paste(text),
                Some(Modal::Split(s)) => s.paste(text),
                Some(Modal::CloseSprint { notes, writing: true, .. }) => notes.paste(text),
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
            // The wheel scrolls what is on top: a list or report that is
            // open over the panes, else the pane. Questions and forms
            // ignore it.
            let wheel = match m.kind {
                MouseEventKind::ScrollDown => Some(KeyCode::Down),
                MouseEventKind::ScrollUp => Some(KeyCode::Up),
                _ => None,
            };
            if let Some(code) = wheel {
                return match &state.modal {
                    None => update(state, ws, if code == KeyCode::Down { Action::Down } else { Action::Up }),
                    Some(
                        Modal::Help { .. }
                        | Modal::Messages { .. }
                        | Modal::History { .. }
                        | Modal::Palette(_)
                        | Modal::Alignment { .. }
                        | Modal::Archive { .. }
                        | Modal::Initiative { .. }
                        | Modal::Review { .. }
                        | Modal::Definition { .. }
                        | Modal::Criteria { .. }
                        | Modal::Conflicts { .. },
                    ) => modal::handle_key(state, ws, &KeyEvent::new(code, KeyModifiers::NONE)),
                    Some(_) => Vec::new(),
                };
            }
            if m.kind == MouseEventKind::Down(MouseButton::Left) && state.modal.is_none() {
                if m.row == 0 {
                    if let Some(p) = super::layout::tab_at(state, ws, m.column) {
                        state.pane = p;
                    }
                } else if state.pane == Pane::Backlog
                    && let Some(row) = super::layout::backlog::row_at(state, ws, m.column, m.row)
                {
                    state.backlog.cursor = row;
                    state.clamp_backlog();
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn handle_key(state: &mut State, ws: &Workspace, key: &KeyEvent) -> Vec<Effect> {
    let action = state.keymap.action(key);
    // Suspending works from anywhere, as Ctrl-Z does in a shell: an open
    // form or a filter being typed is there as it was after `fg`. Only a
    // control key: a plain one bound to it would be text in a form.
    if action == Some(Action::Suspend) && key.modifiers.contains(KeyModifiers::CONTROL) {
        return vec![Effect::Suspend];
    }
    if state.too_small() {
        return tiny_key(state, ws, key, action);
    }
    if state.modal.is_some() {
        return modal::handle_key(state, ws, key);
    }
    if state.find(state.pane).is_some_and(|f| f.typing) {
        return find_key(state, ws, key);
    }
    if state.backlog.typing && state.pane == Pane::Backlog {
        match key.code {
            KeyCode::Esc => {
                state.backlog.typing = false;
                state.backlog.query.clear();
                refilter(state, ws);
            }
            KeyCode::Enter => {
                state.backlog.typing = false;
                if state.filter_asks_archived() {
                    return open_archive(state, state.backlog.query.text().to_owned());
                }
            }
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
    match action {
        Some(a) => update(state, ws, a),
        None => Vec::new(),
    }
}

/// A key while the terminal is too small to show anything but a notice:
/// what cannot be seen must not change data or open anything, so only
/// moving around, quitting and suspending work, and not inside an open
/// form or question (Enter there would submit it unseen).
fn tiny_key(state: &mut State, ws: &Workspace, key: &KeyEvent, action: Option<Action>) -> Vec<Effect> {
    if state.modal.is_some() || (state.backlog.typing && state.pane == Pane::Backlog) {
        return Vec::new();
    }
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    let action = if ctrl_c { Some(Action::Quit) } else { action };
    let harmless = |a: Action| {
        use Action::*;
        matches!(
            a,
            Quit | Suspend
                | PaneVision
                | PaneRoadmap
                | PaneBacklog
                | PaneSprint
                | NextPane
                | PrevPane
                | Up
                | Down
                | Left
                | Right
                | Top
                | Bottom
                | PageUp
                | PageDown
        )
    };
    match action.filter(|a| harmless(*a)) {
        Some(a) => {
            let mut effects = update(state, ws, a);
            // Moving never needs the driver; whatever a pane's move might
            // ask of it later, it is not done unseen.
            effects.retain(|e| matches!(e, Effect::Quit | Effect::Suspend));
            effects
        }
        None => Vec::new(),
    }
}

/// Opens the archive popup on `query` (the backlog filter, with
/// `is:archived` in it, or the palette's); the archive is read off the
/// input path, and the popup fills when it arrives.
fn open_archive(state: &mut State, query: String) -> Vec<Effect> {
    state.modal = Some(Modal::Archive { query, rows: None, row: 0 });
    vec![Effect::ReadArchive]
}

/// Closes the archive popup: the archive read for it is dropped, and an
/// `is:archived` filter with it (the backlog shows the workspace again).
pub(super) fn close_archive(state: &mut State, ws: &Workspace) {
    state.modal = None;
    state.archive.open = None;
    if state.filter_asks_archived() {
        state.backlog.query.clear();
        refilter(state, ws);
    }
}

/// Re-applies the backlog filter and does the first chunk of the scan
/// (the rest runs between events: see [`step`]).
pub fn refilter(state: &mut State, ws: &Workspace) {
    let spec = state.filter_spec(ws);
    let named: Vec<usize> = spec.query.named().iter().filter_map(|id| ws.item_pos(*id)).collect();
    let selected = state.selected_item();
    state.backlog.list.set_filter(spec);
    state.backlog.list.step(ws, FILTER_CHUNK);
    // A key typed in full selects its item; else the selection stays.
    let keep = named.into_iter().find(|&p| state.backlog.list.shows(ws, p)).or(selected);
    state.backlog.cursor = keep.and_then(|p| state.backlog.list.index_of(ws, p)).unwrap_or(0);
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

/// A key while `/` is being typed in the Vision, Roadmap or Sprint pane.
fn find_key(state: &mut State, ws: &Workspace, key: &KeyEvent) -> Vec<Effect> {
    let pane = state.pane;
    let Some(f) = state.find_mut(pane) else { return Vec::new() };
    match key.code {
        KeyCode::Esc => {
            f.typing = false;
            f.input.clear();
        }
        KeyCode::Enter => f.typing = false,
        KeyCode::Up | KeyCode::Down => {
            f.typing = false;
            let a = if key.code == KeyCode::Up { Action::Up } else { Action::Down };
            return update(state, ws, a);
        }
        _ => {
            if !f.input.handle(key) {
                return Vec::new();
            }
        }
    }
    reset_rows(state);
    Vec::new()
}

/// After a pane's filter changed: its lists start again at the top.
fn reset_rows(state: &mut State) {
    match state.pane {
        Pane::Vision => state.vision.row = 0,
        Pane::Roadmap => state.roadmap.row = [0; 3],
        Pane::Sprint => state.sprint.row = [0; 4],
        Pane::Backlog => {}
    }
}

/// Runs one action.
pub fn update(state: &mut State, ws: &Workspace, action: Action) -> Vec<Effect> {
    state.message = None;
    match action {
        Action::Quit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        Action::Help => state.modal = Some(Modal::Help { scroll: 0, popup: None }),
        // At the newest, following what comes in until moved.
        Action::Messages => state.modal = Some(Modal::Messages { scroll: usize::MAX }),
        Action::Activity => {
            state.modal = Some(Modal::History { item: None, since: state.seen, scroll: usize::MAX });
            if let Some(last) = ws.history.last().map(|r| r.at).filter(|at| state.seen.is_none_or(|s| *at > s)) {
                state.seen = Some(last);
                return vec![Effect::MarkSeen(last)];
            }
        }
        Action::Palette => state.modal = Some(Modal::Palette(Palette::default())),
        Action::PaneVision => state.pane = Pane::Vision,
        Action::PaneRoadmap => state.pane = Pane::Roadmap,
        Action::PaneBacklog => state.pane = Pane::Backlog,
        Action::PaneSprint => state.pane = Pane::Sprint,
        Action::NextPane => state.pane = Pane::ALL[(state.pane.index() + 1) % 4],
        Action::PrevPane => state.pane = Pane::ALL[(state.pane.index() + 3) % 4],
        Action::Undo => return vec![Effect::Undo],
        Action::Redo => return vec![Effect::Redo],
        Action::Alignment => {
            let now = state.today.and_hms_opt(23, 59, 59).expect("valid time").and_utc();
            let report = crate::domain::align::check(ws, now);
            state.modal = Some(Modal::Alignment { report: Box::new(report), row: 0 });
        }
        Action::Archive => return open_archive(state, "is:archived".to_owned()),
        Action::Intake => {
            state.pane = Pane::Backlog;
            state.backlog.intake = !state.backlog.intake;
            refilter(state, ws);
            state.info(if state.backlog.intake {
                "Intake: stories of initiatives ready for breakdown (b adds one, i again shows all)"
            } else {
                "Showing the whole backlog"
            });
        }
        Action::SprintLifecycle => return sprint::lifecycle(state, ws),
        Action::Views => state.modal = Some(Modal::Views { row: 0 }),
        a if export_of(a).is_some() => return export(state, ws, a),
        Action::GoTo => find::open_go_to(state),
        Action::Sort => {
            // The Backlog's columns, from wherever it is asked for.
            state.pane = Pane::Backlog;
            state.backlog.detail = false;
            let current = state.backlog.list.sort().field;
            let row = SORT_LETTERS.iter().position(|(f, _)| *f == current).unwrap_or(0);
            state.modal = Some(Modal::Sort { row });
        }
        Action::ToggleTheme => {
            state.theme.light = !state.theme.light;
            state.info(if state.theme.light {
                "Light theme (theme = \"light\" in the config keeps it)"
            } else {
                "Dark theme (theme = \"dark\" in the config keeps it)"
            });
        }
        Action::Conflicts => {
            if ws.open_conflicts().next().is_none() {
                state.info("No conflicts: every concurrent edit merged cleanly");
            } else {
                state.modal = Some(Modal::Conflicts { row: 0 });
            }
        }
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
        Action::Filter if state.pane != Pane::Backlog => {
            if let Some(f) = state.find_mut(state.pane) {
                f.typing = true;
            }
        }
        Action::Back if state.find(state.pane).is_some_and(|f| !f.input.text().is_empty()) => {
            if let Some(f) = state.find_mut(state.pane) {
                f.input.clear();
            }
            reset_rows(state);
            state.info("Filter cleared");
        }
        _ => {
            let effects = match state.pane {
                Pane::Backlog => backlog::update(state, ws, action),
                Pane::Roadmap => roadmap::update(state, ws, action),
                Pane::Vision => vision::update(state, ws, action),
                Pane::Sprint => sprint::update(state, ws, action),
            };
            guard_new_form(state, ws);
            return effects;
        }
    }
    Vec::new()
}

/// The role guard, before a form is filled rather than after: a form just
/// opened on what the other role owns asks first (warn), or does not open
/// (strict).
pub(super) fn guard_new_form(state: &mut State, ws: &Workspace) {
    let Some(Modal::Form(form)) = &state.modal else { return };
    if form.confirmed {
        return;
    }
    let Some((owner, label)) = form.owner(ws) else { return };
    if owner == state.role {
        return;
    }
    match ws.settings.role_guard {
        crate::domain::GuardMode::Off => {}
        crate::domain::GuardMode::Strict => {
            state.modal = None;
            state.error(guard_refusal(&label, owner));
        }
        crate::domain::GuardMode::Warn => {
            let Some(Modal::Form(mut form)) = state.modal.take() else { return };
            form.confirmed = true;
            state.modal = Some(Modal::Confirm(Confirm {
                title: "Owned by the other role".into(),
                message: format!(
                    "{label} is owned by the {}. Edit it anyway as {}?",
                    owner.label(),
                    state.role.label()
                ),
                yes: Effect::OpenForm(form),
            }));
        }
    }
}

/// Moves a cursor within `0..len` for the navigation actions.
pub(crate) fn navigate(cursor: &mut usize, len: usize, page: usize, action: Action) -> bool {
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
///
/// The role guard is part of the one question, as it is for a form: what
/// the other role owns is named in it (warn), or the delete is refused
/// before anything is asked (strict), never a second question after yes.
pub(crate) fn confirm_delete(state: &mut State, ws: &Workspace, what: String, cmd: Command) {
    let undo = state.keymap.hint(Action::Undo);
    let theirs = others_owned(ws, state.role, &cmd);
    let (message, yes) = match (ws.settings.role_guard, theirs.as_slice()) {
        (crate::domain::GuardMode::Off, _) | (_, []) => {
            (format!("Delete {what}? It can be undone with {undo}."), Effect::Apply(cmd))
        }
        (crate::domain::GuardMode::Strict, [(owner, label), ..]) => {
            state.error(guard_refusal(label, *owner));
            return;
        }
        (crate::domain::GuardMode::Warn, [(owner, label), rest @ ..]) => {
            let more = if rest.is_empty() { String::new() } else { format!(" and {} more", rest.len()) };
            let message = format!(
                "Delete {what}? {label}{more} {} owned by the {}: delete as {} anyway? It can be undone with {undo}.",
                if rest.is_empty() { "is" } else { "are" },
                owner.label(),
                state.role.label()
            );
            (message, Effect::ApplyConfirmed(cmd))
        }
    };
    state.modal = Some(Modal::Confirm(Confirm { title: "Delete".into(), message, yes }));
}

/// What `cmd` deletes that the other role owns: (owner, key or name).
fn others_owned(ws: &Workspace, role: crate::domain::Role, cmd: &Command) -> Vec<(crate::domain::Role, String)> {
    let owned = |owner: crate::domain::Role, label: &str| (owner != role).then(|| (owner, label.to_owned()));
    match cmd {
        Command::DeleteItem { id } => ws.item(*id).and_then(|i| owned(i.meta.owner, &i.key)).into_iter().collect(),
        Command::DeleteGoal { id } => ws.goal(*id).and_then(|g| owned(g.meta.owner, &g.key)).into_iter().collect(),
        Command::DeleteInitiative { id } => {
            ws.initiative(*id).and_then(|i| owned(i.meta.owner, &i.key)).into_iter().collect()
        }
        Command::DeleteSprint { id } => ws.sprint(*id).and_then(|s| owned(s.meta.owner, &s.name)).into_iter().collect(),
        Command::Batch { commands, .. } => commands.iter().flat_map(|c| others_owned(ws, role, c)).collect(),
        _ => Vec::new(),
    }
}

/// A strict role guard's refusal, short enough for the status line (the
/// CLI's message also says how to change the setting).
pub(crate) fn guard_refusal(label: &str, owner: crate::domain::Role) -> String {
    format!("{label} is the {}'s (strict role guard)", owner.label())
}

/// A status change. The domain checks the Definition of Ready and Done
/// and the driver asks when it says so (one set of rules for every front
/// end).
pub(crate) fn set_status(id: uuid::Uuid, status: crate::domain::Status) -> Vec<Effect> {
    let patch = crate::domain::command::ItemPatch { status: Some(status), ..Default::default() };
    vec![Effect::Apply(Command::EditItem { id, patch: Box::new(patch) })]
}

/// The question to ask before `cmd`, if any, as (title, message):
/// re-estimating work done in a closed sprint. (Marking work done or ready
/// short of its definition is asked by the domain's gate.)
pub(crate) fn ask_first(ws: &Workspace, cmd: &Command) -> Option<(String, String)> {
    reestimate_closed(ws, cmd).map(|m| ("Re-estimate done work".into(), m))
}

/// If `cmd` changes the estimate of an item done in a closed sprint, the
/// question to ask first.
pub(crate) fn reestimate_closed(ws: &Workspace, cmd: &Command) -> Option<String> {
    let Command::EditItem { id, patch } = cmd else { return None };
    let item = ws.item(*id)?;
    let to = patch.estimate?;
    if to == item.estimate || item.status != crate::domain::Status::Done {
        return None;
    }
    let sprint = item.sprint.and_then(|s| ws.sprint(s)).filter(|s| s.state == SprintState::Closed)?;
    Some(format!(
        "{} was done in {}, which is closed. Change its estimate anyway? The sprint's review keeps the {} it counted.",
        item.key,
        sprint.name,
        if item.points() == 1 { "1 point".to_owned() } else { format!("{} points", item.points()) }
    ))
}

/// Shows an entity in its pane, selected.
pub fn jump_to(state: &mut State, ws: &Workspace, target: AlignTarget) {
    match target {
        AlignTarget::Item(id) => {
            let Some(pos) = ws.item_pos(id) else { return };
            state.pane = Pane::Backlog;
            state.backlog.detail = false;
            let list = &state.backlog.list;
            if !list.shows(ws, pos) {
                // Hidden by the filter: it goes (the marks stay).
                state.backlog.query.clear();
                state.backlog.typing = false;
                state.backlog.intake = false;
                state.owner_filter = None;
                state.backlog.show_done |= ws.items[pos].status.is_closed();
                refilter(state, ws);
                if !state.backlog.list.shows(ws, pos) {
                    // A score's order leaves done work out.
                    state.backlog.list.set_sort(ws, crate::domain::query::Sort::default());
                }
            }
            // The scan runs in steps; the row is wanted now.
            while state.backlog.list.step(ws, usize::MAX) {}
            if let Some(i) = state.backlog.list.index_of(ws, pos) {
                state.backlog.cursor = i;
                state.clamp_backlog();
            }
        }
        AlignTarget::Goal(id) => {
            state.pane = Pane::Vision;
            let find = |state: &State| goals(ws, &state.narrow(ws, Pane::Vision)).iter().position(|g| g.meta.id == id);
            if find(state).is_none() {
                // Hidden by the pane's `/` or the owner toggle.
                if let Some(f) = state.find_mut(Pane::Vision) {
                    *f = Default::default();
                }
                state.owner_filter = None;
                refilter(state, ws);
            }
            if let Some(i) = find(state) {
                state.vision.row = VISION_SECTIONS.len() + i;
            }
        }
        AlignTarget::Initiative(id) => {
            state.pane = Pane::Roadmap;
            state.roadmap.mode = super::state::RoadmapMode::Columns;
            if let Some(i) = ws.initiative(id) {
                let col = crate::domain::strategy::Horizon::ALL.iter().position(|h| *h == i.horizon).unwrap_or(0);
                state.roadmap.column = col;
                if !roadmap_column(ws, &state.narrow(ws, Pane::Roadmap), i.horizon).iter().any(|x| x.meta.id == id) {
                    // Hidden by the pane's `/` or the owner toggle.
                    if let Some(f) = state.find_mut(Pane::Roadmap) {
                        *f = Default::default();
                    }
                    state.owner_filter = None;
                    refilter(state, ws);
                }
                if let Some(r) =
                    roadmap_column(ws, &state.narrow(ws, Pane::Roadmap), i.horizon).iter().position(|x| x.meta.id == id)
                {
                    state.roadmap.row[col] = r;
                }
            }
        }
        AlignTarget::Sprint(_) => state.pane = Pane::Sprint,
    }
}

/// What an export action writes.
#[derive(Clone, Copy)]
enum Doc {
    Roadmap,
    Vision,
    Sprint,
    Backlog,
}

/// What an export action writes, and in which format.
fn export_of(a: Action) -> Option<(Doc, ExportFormat)> {
    use ExportFormat::{Csv, Html, Json, Md};
    Some(match a {
        Action::ExportRoadmap => (Doc::Roadmap, Md),
        Action::ExportRoadmapHtml => (Doc::Roadmap, Html),
        Action::ExportRoadmapJson => (Doc::Roadmap, Json),
        Action::ExportVision => (Doc::Vision, Md),
        Action::ExportVisionHtml => (Doc::Vision, Html),
        Action::ExportVisionJson => (Doc::Vision, Json),
        Action::ExportSprint => (Doc::Sprint, Md),
        Action::ExportSprintHtml => (Doc::Sprint, Html),
        Action::ExportSprintJson => (Doc::Sprint, Json),
        Action::ExportBacklogJson => (Doc::Backlog, Json),
        Action::ExportBacklogCsv => (Doc::Backlog, Csv),
        Action::ExportBacklogMd => (Doc::Backlog, Md),
        _ => return None,
    })
}

/// An export action: what it writes, as the driver needs it.
fn export(state: &mut State, ws: &Workspace, a: Action) -> Vec<Effect> {
    let Some((what, format)) = export_of(a) else { return Vec::new() };
    let what = match what {
        Doc::Roadmap => ExportWhat::Roadmap,
        Doc::Vision => ExportWhat::Vision,
        Doc::Backlog => ExportWhat::Backlog { filter: state.backlog.query.text().trim().to_owned() },
        Doc::Sprint => {
            // The sprint the Sprint pane shows, else the last one closed.
            let sprint = crate::tui::derive::shown_sprint(state, ws)
                .or_else(|| ws.live_sprints().filter(|s| s.review.is_some()).max_by_key(|s| (s.end, s.meta.id)));
            match sprint {
                Some(s) => ExportWhat::Sprint(s.meta.id),
                None => {
                    state.warn("No sprint to export yet");
                    return Vec::new();
                }
            }
        }
    };
    vec![Effect::Export(what, format)]
}
