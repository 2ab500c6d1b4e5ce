//! Marks and what item actions do with them: every action on marked items
//! is one `Command::Batch` (one undo step, one role-guard question), and
//! every move of several items is one `Command::MoveItems`.

use crate::domain::command::{ItemPatch, Position};
use crate::domain::sprint::SprintState;
use crate::domain::{Command, Snapshot, Workspace};
use crate::tui::action::Action;
use crate::tui::state::{Effect, State};
use uuid::Uuid;

/// `Space`: marks (or unmarks) the selection and moves down.
pub(super) fn toggle_mark(state: &mut State, ws: &Workspace) {
    let Some(pos) = state.selected_item() else { return };
    state.backlog.marks.toggle(ws.items[pos].meta.id);
    let last = state.backlog.list.len().saturating_sub(1);
    state.backlog.cursor = (state.backlog.cursor + 1).min(last);
    state.clamp_backlog();
    marked_note(state);
}

/// `V`: starts a range at the selection, or ends the open one.
pub(super) fn mark_range(state: &mut State, ws: &Workspace) {
    if state.backlog.marks.ranging() {
        state.backlog.marks.end_range();
        marked_note(state);
        return;
    }
    let Some(pos) = state.selected_item() else { return };
    let cursor = state.backlog.cursor;
    state.backlog.marks.start_range(ws.items[pos].meta.id, cursor);
    let v = state.keymap.hint(Action::MarkRange);
    state.info(format!("Marking a range: move to extend it, {v} again to end it"));
}

fn marked_note(state: &mut State) {
    let n = state.backlog.marks.len();
    let esc = state.keymap.hint(Action::Back);
    state.info(match n {
        0 => "No marks".to_owned(),
        _ => format!("Actions apply to every marked item ({esc} clears the marks)"),
    });
}

/// The items an action applies to: the marked ones in rank order, else the
/// selection.
pub(super) fn targets(state: &State, ws: &Workspace) -> Vec<Uuid> {
    if state.backlog.marks.is_empty() {
        state.selected_item().map(|p| vec![ws.items[p].meta.id]).unwrap_or_default()
    } else {
        state.backlog.marks.ordered(ws)
    }
}

/// The items as they are now: the base their edit is merged against.
pub(super) fn snapshots(ws: &Workspace, ids: &[Uuid]) -> Vec<Snapshot> {
    ids.iter()
        .map(|id| {
            let r = crate::domain::EntityRef::Item(*id);
            Snapshot { entity: r, value: ws.get(r) }
        })
        .collect()
}

/// One command for many items: a batch named by what it did.
pub(super) fn batch(commands: Vec<Command>, summary: String) -> Command {
    Command::Batch { commands, summary: Some(summary) }
}

/// `T` / `B`: the selection or the marked block to the top or bottom.
pub(super) fn move_to_end(state: &mut State, ws: &Workspace, top: bool) -> Vec<Effect> {
    let ids = targets(state, ws);
    if ids.is_empty() {
        return Vec::new();
    }
    let to = if top { Position::Top } else { Position::Bottom };
    vec![Effect::Apply(Command::MoveItems { ids, to })]
}

/// `m`: the marked block before the selection (or, when the selection is
/// marked itself, before the first unmarked row below it).
pub(super) fn move_marked_here(state: &mut State, ws: &Workspace) -> Vec<Effect> {
    let marks = &state.backlog.marks;
    if marks.is_empty() {
        let key = state.keymap.hint(Action::Mark);
        state.info(format!("Mark items first ({key}), then put the selection where they should go"));
        return Vec::new();
    }
    let list = &state.backlog.list;
    let target = (state.backlog.cursor..list.len())
        .filter_map(|i| list.get(i))
        .map(|p| ws.items[p].meta.id)
        .find(|id| !marks.contains(*id));
    let to = target.map_or(Position::Bottom, Position::Before);
    vec![Effect::Apply(Command::MoveItems { ids: marks.ordered(ws), to })]
}

/// `d` with marks: one question naming the count (and the children the
/// epics among them would leave without a parent).
pub(super) fn delete(state: &mut State, ws: &Workspace) {
    let ids = state.backlog.marks.ordered(ws);
    let n = ids.len();
    let children = state.backlog.list.children_unlinked(ws, &ids);
    let mut what = format!("{n} marked items");
    if children > 0 {
        what.push_str(&format!(" (unlinking {children} child item{} from their epic)", plural(children)));
    }
    let mut summary = format!("Deleted {n} items");
    if children > 0 {
        summary.push_str(&format!(", unlinked {children} child item{}", plural(children)));
    }
    let cmds = ids.into_iter().map(|id| Command::DeleteItem { id }).collect();
    super::confirm_delete(state, ws, what, batch(cmds, summary));
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `s` with marks: if any marked item can be pulled into the open sprint,
/// pulls every one that can; else sends them all back to the backlog.
pub(super) fn toggle_sprint(state: &mut State, ws: &Workspace) -> Vec<Effect> {
    let ids = state.backlog.marks.ordered(ws);
    let current = |s: Option<Uuid>| s.and_then(|s| ws.sprint(s)).is_some_and(|s| s.state != SprintState::Closed);
    let items: Vec<&crate::domain::Item> = ids.iter().filter_map(|id| ws.item(*id)).collect();
    let pullable: Vec<Uuid> =
        items.iter().filter(|i| !current(i.sprint) && !i.status.is_closed()).map(|i| i.meta.id).collect();
    let (ids, to, summary) = if pullable.is_empty() {
        let back: Vec<Uuid> = items.iter().filter(|i| current(i.sprint)).map(|i| i.meta.id).collect();
        if back.is_empty() {
            state.info("None of the marked items can go into a sprint (done, dropped, or in a closed sprint)");
            return Vec::new();
        }
        let n = back.len();
        (back, None, format!("Sent {n} item{} back to the backlog", plural(n)))
    } else {
        let Some(s) = ws.target_sprint() else {
            state.warn("No planned or active sprint: plan one in the Sprint pane (4, then n)");
            return Vec::new();
        };
        let n = pullable.len();
        (pullable, Some(s.meta.id), format!("Pulled {n} item{} into {}", plural(n), s.name))
    };
    let cmds = ids
        .into_iter()
        .map(|id| Command::EditItem { id, patch: Box::new(ItemPatch { sprint: Some(to), ..ItemPatch::default() }) })
        .collect();
    vec![Effect::Apply(batch(cmds, summary))]
}

/// The item right after `pos` in rank order (hidden or not), if any.
fn next_in_rank(list: &crate::tui::list::RankedList, ws: &Workspace, pos: usize) -> Option<Uuid> {
    let i = list.order_index(ws, pos)?;
    list.order_at(i + 1).map(|p| ws.items[p].meta.id)
}

/// `y`: each target item copied right after itself (the domain's copy, as
/// `backlog duplicate` makes), in one batch.
pub(super) fn duplicate(state: &mut State, ws: &Workspace) -> Vec<Effect> {
    let ids = targets(state, ws);
    let list = &state.backlog.list;
    let cmds: Vec<Command> = ids
        .iter()
        .filter_map(|id| ws.item_pos(*id))
        .map(|p| {
            let at = next_in_rank(list, ws, p).map_or(Position::Bottom, Position::Before);
            crate::domain::split::copy_of(&ws.items[p], at)
        })
        .collect();
    match cmds.len() {
        0 => Vec::new(),
        1 => vec![Effect::Apply(cmds.into_iter().next().expect("one"))],
        n => vec![Effect::Apply(batch(cmds, format!("Duplicated {n} items")))],
    }
}
