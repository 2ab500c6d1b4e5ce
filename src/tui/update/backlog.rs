//! The Backlog pane's actions.

use super::{bulk, confirm_delete, navigate, refilter};
use crate::domain::command::{ItemPatch, Place, Position};
use crate::domain::query::{Sort, SortField};
use crate::domain::sprint::SprintState;
use crate::domain::{Command, Workspace};
use crate::tui::action::Action;
use crate::tui::form::Form;
use crate::tui::state::{Confirm, Effect, Modal, State};

pub(super) fn update(state: &mut State, ws: &Workspace, action: Action) -> Vec<Effect> {
    // The detail over the whole pane (narrow terminals) hides the list:
    // the navigation keys scroll the detail instead of moving an unseen
    // selection.
    if crate::tui::layout::backlog::detail_full_screen(state, ws) {
        let (max, page) = crate::tui::layout::backlog::detail_scroll_room(state, ws);
        let s = &mut state.backlog.detail_scroll;
        *s = (*s).min(max);
        let step = page.saturating_sub(1).max(1);
        match action {
            Action::Up => *s = s.saturating_sub(1),
            Action::Down => *s = (*s + 1).min(max),
            Action::PageUp => *s = s.saturating_sub(step),
            Action::PageDown => *s = (*s + step).min(max),
            Action::Top => *s = 0,
            Action::Bottom => *s = max,
            _ => {}
        }
        if matches!(
            action,
            Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom
        ) {
            return Vec::new();
        }
    }
    let page = state.backlog_page();
    let len = state.backlog.list.len();
    if navigate(&mut state.backlog.cursor, len, page, action) {
        state.clamp_backlog();
        let cursor = state.backlog.cursor;
        state.backlog.marks.extend(ws, &state.backlog.list, cursor);
        return Vec::new();
    }
    // Any action but a move ends a range being marked (what it covered
    // stays marked).
    if action != Action::MarkRange {
        state.backlog.marks.end_range();
    }
    let marked = !state.backlog.marks.is_empty();
    let selected = state.selected_item().map(|p| &ws.items[p]);
    match action {
        Action::Mark => bulk::toggle_mark(state, ws),
        Action::MarkRange => bulk::mark_range(state, ws),
        Action::MoveToTop | Action::MoveToBottom => {
            return bulk::move_to_end(state, ws, action == Action::MoveToTop);
        }
        Action::MoveMarkedHere => return bulk::move_marked_here(state, ws),
        Action::Duplicate => return bulk::duplicate(state, ws),
        Action::ToggleDone => {
            state.backlog.show_done = !state.backlog.show_done;
            refilter(state, ws);
            let h = state.keymap.hint(Action::ToggleDone);
            state.info(if state.backlog.show_done {
                format!("Showing done and dropped items ({h} hides them)")
            } else {
                format!("Done and dropped items hidden ({h} shows them)")
            });
        }
        Action::Split => {
            if let Some(i) = selected {
                state.modal = Some(Modal::Split(Box::new(crate::tui::split::Split::new(ws, i))));
            }
        }
        Action::Delete if marked => bulk::delete(state, ws),
        Action::ToggleSprint if marked => return bulk::toggle_sprint(state, ws),
        Action::Edit if marked => {
            let ids = state.backlog.marks.ordered(ws);
            let base = bulk::snapshots(ws, &ids);
            state.modal = Some(Modal::Form(Box::new(Form::bulk_edit(ws, ids, base))));
        }
        Action::MoveDown | Action::MoveUp if marked => {
            let (top, bottom, here) = (
                state.keymap.hint(Action::MoveToTop),
                state.keymap.hint(Action::MoveToBottom),
                state.keymap.hint(Action::MoveMarkedHere),
            );
            state.info(format!(
                "J/K move one item: the marked block goes to the top ({top}), the bottom ({bottom}) or before the selection ({here})"
            ));
        }
        Action::Open => {
            state.backlog.detail = !state.backlog.detail && selected.is_some();
            state.backlog.detail_scroll = 0;
        }
        Action::Back => {
            if state.backlog.detail {
                state.backlog.detail = false;
                state.backlog.detail_scroll = 0;
            } else if !state.backlog.query.text().is_empty() || state.backlog.intake || state.owner_filter.is_some() {
                // The filter goes first: marks are work put together by
                // hand, and the items the filter hid come back into view.
                state.backlog.query.clear();
                state.backlog.columns.clear();
                state.backlog.intake = false;
                state.owner_filter = None;
                refilter(state, ws);
                state.info(if marked {
                    format!("Filter cleared ({} again clears the marks)", state.keymap.hint(Action::Back))
                } else {
                    "Filter cleared".to_owned()
                });
            } else if marked {
                let n = state.backlog.marks.len();
                state.backlog.marks.clear();
                state.info(format!("{n} mark{} cleared", super::bulk::plural(n)));
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
                let kids = ws.item_pos(i.meta.id).map_or(0, |p| state.backlog.list.child_count(p));
                if kids == 0 {
                    confirm_delete(state, ws, format!("{} {}", i.key, i.title), Command::DeleteItem { id: i.meta.id });
                } else {
                    // An epic: say what happens to its children, before and after.
                    let s = bulk::plural(kids);
                    let what =
                        format!("{} {} and unlink its {kids} child item{s} (they stay in the backlog)", i.key, i.title);
                    let summary = format!("Deleted {}, unlinked {kids} child item{s}", i.key);
                    let cmd = bulk::batch(vec![Command::DeleteItem { id: i.meta.id }], summary);
                    confirm_delete(state, ws, what, cmd);
                }
            }
        }
        Action::ToggleExpand => expand(state, ws),
        Action::MoveDown | Action::MoveUp => {
            let sort = state.backlog.list.sort();
            if !sort.is_rank() {
                let back = state.keymap.hint(Action::Sort);
                state.info(if crate::tui::list::is_score(sort.field) {
                    format!("J/K reorder the rank: back to rank order first ({back}), or re-rank by score with R")
                } else {
                    format!("J/K reorder the rank: back to rank order first ({back})")
                });
                return Vec::new();
            }
            if let Some(cmd) = rank_move(state, ws, action == Action::MoveDown) {
                return vec![Effect::Apply(cmd)];
            }
        }
        Action::ToggleSprint => {
            if let Some(i) = selected {
                return toggle_sprint(state, ws, i.meta.id);
            }
        }
        Action::CycleView => {
            // The quick way round the scores; `Sort` picks any column.
            let next = match state.backlog.list.sort().field {
                SortField::Rank => Sort::new(SortField::Wsjf),
                SortField::Wsjf => Sort::new(SortField::Rice),
                _ => Sort::default(),
            };
            set_sort(state, ws, next);
        }
        Action::RerankByScore => return rerank(state, ws),
        Action::Breakdown => {
            let initiative = selected.and_then(|i| i.initiative);
            state.modal = Some(Modal::Form(Box::new(Form::new_item(ws, initiative, None))));
        }
        Action::Comment | Action::Links | Action::Definition | Action::History => {
            if let Some(i) = selected {
                talk(state, ws, i.meta.id, action);
            }
        }
        Action::Criteria => {
            if let Some(i) = selected {
                open_criteria(state, i);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The command that moves the selected item one visible row down or up:
/// just past its visible neighbour, whatever the filter hides. An expanded
/// epic and the children shown under it move, and are moved past, as one
/// block; a child moves among its epic's children.
fn rank_move(state: &mut State, ws: &Workspace, down: bool) -> Option<Command> {
    let list = &state.backlog.list;
    let cur = state.backlog.cursor;
    let pos = list.get(cur)?;
    let id = ws.items[pos].meta.id;
    let child = |i: usize| list.is_child_row(i);
    let next = |i: usize| if down { Some(i + 1) } else { i.checked_sub(1) };
    let mut at = next(cur);
    if child(cur) {
        // Among the children of its epic only.
        if at.is_none_or(|r| !child(r) || list.get(r).and_then(|n| list.parent_of(n)) != list.parent_of(pos)) {
            let end = if down { "last" } else { "first" };
            state.info(format!("{} is the {end} of its epic's children (z folds them)", ws.items[pos].key));
            return None;
        }
    } else if down {
        // An expanded epic goes past the row after its children.
        while let Some(r) = at.filter(|&r| child(r)) {
            at = next(r);
        }
    }
    let mut neighbour = at.and_then(|r| list.get(r));
    if !down && !child(cur) && at.is_some_and(child) {
        // Up past an expanded epic: before the epic itself.
        neighbour = neighbour.and_then(|n| list.parent_of(n));
    }
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

pub(super) fn toggle_sprint(state: &mut State, ws: &Workspace, id: uuid::Uuid) -> Vec<Effect> {
    let Some(item) = ws.item(id) else { return Vec::new() };
    // An item of a closed sprint belongs to that sprint's history: it is
    // pulled into the current sprint (if unfinished), never taken out.
    let current = item.sprint.and_then(|s| ws.sprint(s)).filter(|s| s.state != SprintState::Closed);
    if item.sprint.is_some() && current.is_none() && item.status.is_closed() {
        state.info(format!("{} is {} (in a closed sprint); it stays where it was", item.key, item.status));
        return Vec::new();
    }
    let to = match current {
        Some(_) => None,
        None => match crate::tui::derive::shown_sprint(state, ws) {
            Some(s) => Some(s),
            None => {
                state.warn("No planned or active sprint: plan one in the Sprint pane (4, then n)");
                return Vec::new();
            }
        },
    };
    let patch = ItemPatch { sprint: Some(to.map(|s| s.meta.id)), ..ItemPatch::default() };
    let pull = Effect::Apply(Command::EditItem { id, patch: Box::new(patch) });
    // What the question names: done or dropped work, new, unestimated or
    // blocked work, and what it lacks of the Definition of Ready (each said
    // once), the list `sprint add` warns with.
    let concerns: Vec<String> = match to {
        Some(_) => {
            let blocked = state.backlog.blocked.contains(&item.meta.id);
            let mut c: Vec<String> =
                crate::domain::planning::pull_concerns_given(item, blocked).into_iter().map(str::to_owned).collect();
            let gaps = crate::domain::planning::ready_gaps_unsaid(ws, item, blocked);
            if !gaps.is_empty() {
                c.push(format!("it misses the Definition of Ready: {}", gaps.join(", ")));
            }
            c
        }
        None => Vec::new(),
    };
    match (to, concerns.is_empty()) {
        (Some(sprint), false) => {
            state.modal = Some(Modal::Confirm(Confirm {
                title: "Pull into the sprint".into(),
                message: {
                    let why = concerns.join("; ");
                    let mut c = why.chars();
                    let why = c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect());
                    format!("Pull {} into {}? {why}.", item.key, sprint.name)
                },
                yes: pull,
            }));
            Vec::new()
        }
        _ => vec![pull],
    }
}

/// Opens an item's acceptance criteria (with none yet, straight into
/// writing the first).
pub(super) fn open_criteria(state: &mut State, item: &crate::domain::Item) {
    state.modal = Some(Modal::Criteria { item: item.meta.id, row: 0, edit: None });
}

/// Re-ranks the scored items by their score (WSJF unless RICE is shown),
/// inside the rank slots they already hold, after asking.
fn rerank(state: &mut State, ws: &Workspace) -> Vec<Effect> {
    let rice = state.backlog.list.sort().field == SortField::Rice;
    let score = |i: &crate::domain::Item| if rice { i.scoring.rice_score() } else { i.scoring.wsjf_score() };
    let mut scored: Vec<usize> = ws
        .live_items()
        .filter(|i| !i.status.is_closed() && score(i).is_some())
        .filter_map(|i| ws.item_pos(i.meta.id))
        .collect();
    if scored.len() < 2 {
        state.info("Fewer than two open items have a score: nothing to re-rank");
        return Vec::new();
    }
    scored.sort_by(|&a, &b| {
        let (x, y) = (score(&ws.items[a]).unwrap_or(0.0), score(&ws.items[b]).unwrap_or(0.0));
        y.total_cmp(&x).then(ws.items[a].rank.cmp(&ws.items[b].rank))
    });
    let order: Vec<uuid::Uuid> = scored.iter().map(|&p| ws.items[p].meta.id).collect();
    let name = if rice { "RICE" } else { "WSJF" };
    state.modal = Some(Modal::Confirm(Confirm {
        title: "Re-rank by score".into(),
        message: format!(
            "Re-rank the {} open items that have a {name} score, highest first? Unscored items keep their places; {} undoes it.",
            order.len(),
            state.keymap.hint(Action::Undo)
        ),
        yes: Effect::Apply(Command::ReorderItems { order }),
    }));
    Vec::new()
}

/// `z`: expands or collapses the selected epic (on a child row, its epic).
fn expand(state: &mut State, ws: &Workspace) {
    if !state.backlog.list.sort().is_rank() {
        state.info(format!("Epics expand in rank order ({} back to rank)", state.keymap.hint(Action::Sort)));
        return;
    }
    let Some(pos) = state.selected_item() else { return };
    let list = &state.backlog.list;
    let epic = if ws.items[pos].kind == crate::domain::item::ItemKind::Epic {
        pos
    } else if let Some(e) = list.parent_of(pos).filter(|_| list.is_child_row(state.backlog.cursor)) {
        e
    } else {
        state.info("Not an epic: z expands an epic to show its children under it");
        return;
    };
    let id = ws.items[epic].meta.id;
    state.backlog.list.toggle_expanded(ws, id);
    if let Some(i) = state.backlog.list.index_of(ws, epic) {
        state.backlog.cursor = i;
    }
    state.clamp_backlog();
}

/// `m`, `L` and `D`: the comment and dependency forms of an item, and its
/// Definition of Ready/Done checklist.
pub(super) fn talk(state: &mut State, ws: &Workspace, id: uuid::Uuid, action: Action) {
    let form = match action {
        Action::Comment => Form::comment(ws, id),
        Action::Links => Form::links(ws, id),
        // At the newest change, as the activity feed opens.
        Action::History => {
            state.modal = Some(Modal::History { item: Some(id), since: None, scroll: usize::MAX });
            return;
        }
        _ => {
            state.modal = Some(Modal::Definition { item: id, row: 0 });
            return;
        }
    };
    if let Some(f) = form {
        state.modal = Some(Modal::Form(Box::new(f)));
    }
}

/// Shows the backlog in `sort`'s order, keeping the selection, and says
/// what it is sorted by (the rank never changes by sorting).
pub(super) fn set_sort(state: &mut State, ws: &Workspace, sort: Sort) {
    let selected = state.selected_item();
    state.backlog.list.set_sort(ws, sort);
    while state.backlog.list.step(ws, usize::MAX) {}
    state.backlog.cursor = selected.and_then(|p| state.backlog.list.index_of(ws, p)).unwrap_or(0);
    state.clamp_backlog();
    state.info(if sort.is_rank() {
        "Back in rank order".to_owned()
    } else {
        format!("Sorted by {} (rank unchanged)", sort.describe())
    });
}
