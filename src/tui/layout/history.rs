//! The history popup at the current size (where it is, its heading and
//! lines), and the History section of the item detail.

use super::report::popup_page;
use crate::domain::Workspace;
use crate::domain::history::{self, Record};
use crate::tui::state::State;
use crate::tui::widgets::{centered, safe, truncate};
use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use uuid::Uuid;

/// The feed shows at most this many changes (the CLI's `backlog log` has
/// them all): a popup is for reading, not for a year of history.
const MOST: usize = 300;

/// When nothing is new, the feed shows the latest few instead.
const LATEST: usize = 10;

fn when(state: &State, at: DateTime<Utc>) -> String {
    at.with_timezone(&state.utc_offset).format("%Y-%m-%d %H:%M").to_string()
}

/// The popup at this size: where it is, its title and its lines.
pub fn layout(
    state: &State,
    ws: &Workspace,
    item: Option<Uuid>,
    since: Option<DateTime<Utc>>,
    area: Rect,
) -> (Rect, String, Vec<Line<'static>>) {
    let t = &state.theme;
    let w = area.width.saturating_sub(4).min(110);
    let width = usize::from(w.saturating_sub(2)).max(1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let (heading, records): (String, Vec<(&Record, Vec<&history::Edit>)>) = match item.and_then(|id| ws.item(id)) {
        Some(i) => {
            let list: Vec<_> = ws.history.of(i.meta.id).collect();
            let created = list.iter().any(|(_, e)| e.iter().any(|e| e.field == history::CREATED));
            if !created {
                // Created before history was kept, or by an import (whose
                // one record says so).
                let at = when(state, i.meta.created_at);
                let text = match ws.history.batch_at(i.meta.created_at) {
                    Some(b) => format!("created by {}: {}", b.who_and_how(), b.what),
                    None => "created".to_owned(),
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{at}  "), t.dim()),
                    Span::raw(truncate(&safe(&text), width.saturating_sub(18))),
                ]));
            }
            (format!(" History of {} ({}) ", safe(&i.key), list.len()), list)
        }
        None => {
            let new = since.map_or(ws.history.records(), |s| ws.history.after(s));
            let (note, shown) = if new.is_empty() {
                let all = ws.history.records();
                let note = match since {
                    Some(s) => format!("Nothing changed since you last looked ({}). The latest:", when(state, s)),
                    None => "No changes recorded yet.".to_owned(),
                };
                (Some(note), &all[all.len().saturating_sub(LATEST)..])
            } else if new.len() > MOST {
                let note = format!("{} earlier changes not shown here: `backlog log` has them all", new.len() - MOST);
                (Some(note), &new[new.len() - MOST..])
            } else {
                (None, new)
            };
            if let Some(n) = note {
                lines.push(Line::styled(truncate(&n, width), t.dim()));
            }
            // The title says it even when the list is scrolled to its end.
            let heading = match since {
                Some(_) if !new.is_empty() => format!(" Activity: {} since you last looked ", new.len()),
                Some(s) => format!(" Activity: nothing new since {} ", when(state, s)),
                None => " Activity ".to_owned(),
            };
            (heading, shown.iter().map(|r| (&**r, r.edits.iter().collect())).collect())
        }
    };
    if records.is_empty() && item.is_some() && lines.is_empty() {
        lines.push(Line::styled("No changes recorded.", t.dim()));
    }
    for (r, edits) in records {
        let head = format!("{}  ", when(state, r.at));
        lines.push(Line::from(vec![
            Span::styled(head, t.dim()),
            Span::styled(truncate(&safe(&r.who_and_how()), width.saturating_sub(18)), t.role(r.role)),
        ]));
        if item.is_none() {
            lines.push(Line::raw(truncate(&format!("  {}", safe(&r.what)), width)));
        }
        for e in edits {
            let text = history::describe(ws, e);
            let text = match (item, e.id) {
                (None, Some(id)) => format!("    {}  {text}", crate::domain::conflict::name_of(ws, id)),
                (None, None) => format!("    {}  {text}", e.entity),
                _ => format!("  {text}"),
            };
            lines.push(Line::styled(truncate(&safe(&text), width), t.text()));
        }
    }
    let tall = u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_add(2);
    (centered(area, w, tall.min(area.height.saturating_sub(2))), heading, lines)
}

/// The lines of the popup and the rows they get at this size.
pub fn extent(
    state: &State,
    ws: &Workspace,
    item: Option<Uuid>,
    since: Option<DateTime<Utc>>,
    area: Rect,
) -> (usize, usize) {
    let (r, _, lines) = layout(state, ws, item, since, area);
    (lines.len(), popup_page(r))
}

/// The detail's History section: the item's latest changes, and the key
/// that shows them all.
pub fn detail_lines(state: &State, ws: &Workspace, id: Uuid, width: usize) -> Vec<Line<'static>> {
    const SHOWN: usize = 3;
    let t = &state.theme;
    let list = ws.history.of(id);
    let n = list.len();
    if n == 0 {
        return Vec::new();
    }
    let key = state.keymap.hint(crate::tui::action::Action::History);
    let mut lines = vec![
        Line::raw(""),
        Line::from(vec![
            Span::styled(format!("History ({n})"), t.title()),
            Span::styled(format!(" · {key} shows every change"), t.dim()),
        ]),
    ];
    for (r, edits) in list.skip(n.saturating_sub(SHOWN)) {
        let head = format!("{}  {}", when(state, r.at), r.who_and_how());
        lines.push(Line::styled(truncate(&safe(&head), width), t.role(r.role)));
        for e in edits {
            lines.push(Line::raw(truncate(&safe(&format!("  {}", history::describe(ws, e))), width)));
        }
    }
    lines
}
