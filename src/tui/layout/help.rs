//! The key hints for what is on screen, and the help popup built from
//! them at the current size.

use crate::domain::Workspace;
use crate::tui::action::Action;
use crate::tui::state::{Modal, Pane, State};
use crate::tui::widgets::{centered, fit, truncate, wrap};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// What the pane shows now, for the help's first heading.
fn view_name(state: &State) -> &'static str {
    use crate::domain::query::SortField;
    use crate::tui::state::{Pane, RoadmapMode, SprintMode};
    match state.pane {
        Pane::Vision => "vision board and goals",
        Pane::Roadmap => match state.roadmap.mode {
            RoadmapMode::Columns => "Now / Next / Later",
            RoadmapMode::Months => "timeline by month",
            RoadmapMode::Quarters => "timeline by quarter",
        },
        Pane::Backlog if state.backlog.detail => "detail",
        Pane::Backlog if state.backlog.list.sort().is_rank() => "ranked list",
        Pane::Backlog => match state.backlog.list.sort().field {
            SortField::Wsjf => "sorted by WSJF",
            SortField::Rice => "sorted by RICE",
            _ => "sorted by a column",
        },
        Pane::Sprint => match state.sprint.mode {
            SprintMode::Board => "board",
            SprintMode::Planning => "planning",
            SprintMode::Charts => "charts",
        },
    }
}

/// What `a` does in the pane shown, where that differs from its general
/// description (`s` on the Roadmap hands an initiative over).
fn what_it_does_here(state: &State, a: Action) -> &'static str {
    use crate::tui::state::Pane;
    match (state.pane, a) {
        (Pane::Roadmap, Action::ToggleSprint) => "Mark the initiative ready for breakdown, or back to planned",
        (Pane::Roadmap, Action::Breakdown) => "Break the initiative down: a new story linked to it",
        (Pane::Vision, Action::New) => "New business goal",
        (Pane::Sprint, Action::New) => "Plan a new sprint (named after the last one)",
        (Pane::Sprint, Action::Edit) => "Edit the sprint shown: name, goal, dates, capacity",
        _ => a.description(),
    }
}

/// The help box at this size and its lines: the keys of the pane and view in
/// use first, then every other action. As wide as the longest line allows
/// (never cut at 120 columns); a description wraps when the screen is
/// narrower.
pub fn help_layout(state: &State, ws: &Workspace, area: Rect) -> (Rect, Vec<Line<'static>>) {
    let t = &state.theme;
    const KEYS: usize = 14;
    let mut context: Vec<Action> = Vec::new();
    for (actions, _) in hints(state, ws) {
        for a in actions {
            if !context.contains(a) {
                context.push(*a);
            }
        }
    }
    let rest: Vec<Action> = Action::ALL.iter().copied().filter(|a| !context.contains(a)).collect();
    let need = Action::ALL.iter().map(|a| KEYS + a.description().width() + 2 + a.name().width()).max().unwrap_or(60);
    let w = (need as u16).saturating_add(2).min(area.width.saturating_sub(4)).max(20);
    let r = centered(area, w, area.height.saturating_sub(2));
    let width = usize::from(r.width.saturating_sub(2)).max(1);
    let mut lines = vec![Line::from(Span::styled(
        truncate("Rebind any action by name in config.toml, e.g. [keys] undo = \"ctrl-y\"", width),
        t.dim(),
    ))];
    let section = |lines: &mut Vec<Line<'static>>, heading: String, actions: &[Action]| {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(truncate(&heading, width), t.title())));
        for a in actions {
            let keys: Vec<String> = state.keymap.keys_for(*a).iter().map(ToString::to_string).collect();
            let keys = if keys.is_empty() { "—".to_owned() } else { keys.join(" ") };
            let name = format!("  {}", a.name());
            let room = width.saturating_sub(KEYS + name.width()).max(10);
            let desc = wrap(what_it_does_here(state, *a), room, "");
            for (i, d) in desc.into_iter().enumerate() {
                let mut spans =
                    vec![Span::styled(if i == 0 { fit(&keys, KEYS) } else { " ".repeat(KEYS) }, t.key()), Span::raw(d)];
                if i == 0 {
                    spans.push(Span::styled(name.clone(), t.dim()));
                }
                lines.push(Line::from(spans));
            }
        }
    };
    // The popup's own keys first, when `?` was pressed in one.
    if let Some(Modal::Help { popup: Some(p), .. }) = &state.modal
        && let Some((name, keys)) = crate::tui::derive::popup_keys(p)
    {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(truncate(name, width), t.title())));
        for (k, what) in keys {
            for (i, d) in wrap(what, width.saturating_sub(KEYS).max(10), "").into_iter().enumerate() {
                let k = if i == 0 { fit(k, KEYS) } else { " ".repeat(KEYS) };
                lines.push(Line::from(vec![Span::styled(k, t.key()), Span::raw(d)]));
            }
        }
    }
    section(&mut lines, format!("{} · {}", state.pane.title(), view_name(state)), &context);
    section(&mut lines, "Everywhere".to_owned(), &rest);
    (r, lines)
}

/// The key hints for what is on screen: each is one or more actions (their
/// first keys joined by `/`) and what they do, most used first.
pub(crate) fn hints(state: &State, ws: &Workspace) -> Vec<(&'static [Action], &'static str)> {
    use crate::tui::state::{RoadmapMode, SprintMode};
    const MOVE: &[Action] = &[Action::MoveDown, Action::MoveUp];
    const NAV: &[Action] = &[Action::Down, Action::Up];
    const PAGE: &[Action] = &[Action::PageDown, Action::PageUp];
    const SIDES: &[Action] = &[Action::Left, Action::Right];
    const HORIZON: &[Action] = &[Action::MoveLeft, Action::MoveRight];
    match state.pane {
        Pane::Backlog if state.backlog.typing => {
            let enter = if state.filter_asks_archived() { "open the archive" } else { "keep filter" };
            vec![(&[Action::Back], "clear"), (&[Action::Open], enter)]
        }
        // The detail over the whole pane: the keys scroll it.
        Pane::Backlog if super::backlog::detail_full_screen(state, ws) => vec![
            (NAV, "scroll"),
            (&[Action::Back], "back"),
            (&[Action::Edit], "edit"),
            (&[Action::Criteria], "criteria"),
            (&[Action::EditLong], "$EDITOR"),
            (PAGE, "page"),
            (&[Action::Undo], "undo"),
        ],
        // With marks, the keys that act on all of them.
        Pane::Backlog if !state.backlog.marks.is_empty() => vec![
            (&[Action::Mark], "mark"),
            (&[Action::Edit], "bulk edit"),
            (&[Action::MoveToTop, Action::MoveToBottom], "top/bottom"),
            (&[Action::MoveMarkedHere], "move here"),
            (&[Action::ToggleSprint], "sprint"),
            (&[Action::Delete], "delete"),
            // Esc clears a filter before the marks.
            (
                &[Action::Back],
                if state.backlog.query.text().is_empty() && !state.backlog.intake && state.owner_filter.is_none() {
                    "clear marks"
                } else {
                    "clear filter"
                },
            ),
            (&[Action::Undo], "undo"),
        ],
        Pane::Backlog => {
            let mut v: Vec<(&'static [Action], &'static str)> =
                vec![(&[Action::New], "new"), (&[Action::Edit], "edit")];
            let sort = state.backlog.list.sort();
            if sort.is_rank() {
                v.push((MOVE, "move"));
            } else if crate::tui::list::is_score(sort.field) {
                v.push((&[Action::RerankByScore], "re-rank by score"));
            }
            v.push((&[Action::Mark], "mark"));
            v.extend([
                (&[Action::ToggleSprint][..], "sprint"),
                (&[Action::Filter], "filter"),
                (&[Action::Sort], "sort"),
                (&[Action::Undo], "undo"),
                (&[Action::Intake], "intake"),
                (&[Action::Open], "detail"),
                (&[Action::Palette], "palette"),
                (&[Action::Quit], "quit"),
            ]);
            v
        }
        Pane::Roadmap if state.roadmap.mode != RoadmapMode::Columns => {
            vec![
                (&[Action::CycleView], "view"),
                (NAV, "select"),
                (&[Action::Open], "detail"),
                (&[Action::Edit], "edit"),
                (&[Action::Alignment], "alignment"),
            ]
        }
        Pane::Roadmap => vec![
            (&[Action::New], "new"),
            (&[Action::Open], "detail"),
            (&[Action::Edit], "edit"),
            (HORIZON, "earlier/later"),
            (MOVE, "move"),
            (&[Action::ToggleSprint], "ready"),
            (&[Action::Breakdown], "story"),
            (&[Action::CycleView], "timeline"),
            (&[Action::Alignment], "alignment"),
            (&[Action::Undo], "undo"),
        ],
        Pane::Vision => vec![
            (&[Action::Edit], "edit"),
            (&[Action::UpdateKpi], "KPI values"),
            (&[Action::EditLong], "$EDITOR"),
            (&[Action::New], "new goal"),
            (&[Action::Alignment], "alignment"),
            (&[Action::Undo], "undo"),
            (&[Action::Quit], "quit"),
        ],
        Pane::Sprint => match state.sprint.mode {
            SprintMode::Board => vec![
                (HORIZON, "back/advance"),
                (&[Action::Criteria], "criteria"),
                (&[Action::ToggleSprint], "to backlog"),
                (&[Action::SprintLifecycle], "start/close"),
                (&[Action::CycleView], "planning"),
                (&[Action::New], "new sprint"),
                (&[Action::Edit], "edit sprint"),
                (&[Action::WipLimit], "WIP limit"),
                (&[Action::Undo], "undo"),
            ],
            SprintMode::Planning => vec![
                (&[Action::ToggleSprint], "pull/push"),
                (&[Action::SwitchSprint], "other sprint"),
                (SIDES, "backlog/sprint"),
                (&[Action::SprintLifecycle], "start/close"),
                (&[Action::Edit], "goal"),
                (&[Action::CycleView], "charts"),
                (&[Action::Undo], "undo"),
            ],
            SprintMode::Charts => {
                vec![(&[Action::Left], "older sprint"), (&[Action::Right], "newer"), (&[Action::CycleView], "board")]
            }
        },
    }
}
