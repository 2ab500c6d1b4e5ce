//! The report popups at the current size: the alignment report, a sprint
//! review, the conflicts list and an initiative, each with where it is and
//! its lines or rows.

use crate::domain::Workspace;
use crate::tui::state::State;
use crate::tui::widgets::{centered, safe, truncate, wrap};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;
use uuid::Uuid;

/// The alignment popup at this size: where it is and the rows its lines
/// get.
pub fn alignment_area(area: Rect) -> (Rect, usize) {
    let r = centered(area, area.width.saturating_sub(4).min(110), area.height.saturating_sub(2));
    (r, usize::from(r.height.saturating_sub(2)).max(1))
}

/// Rows of lines a popup `r` shows at once (inside its border).
pub fn popup_page(r: Rect) -> usize {
    usize::from(r.height.saturating_sub(2)).max(1)
}

/// A closed sprint's review at this size: where it is and its lines (long
/// lists of keys wrap rather than being cut).
pub fn review_layout(state: &State, ws: &Workspace, sprint: Uuid, area: Rect) -> Option<(Rect, Vec<Line<'static>>)> {
    let t = &state.theme;
    let s = ws.sprint(sprint)?;
    let rv = s.review.as_ref()?;
    let width = usize::from(area.width.min(74).saturating_sub(2)).max(1);
    let (met, met_style) = match rv.goal_met {
        Some(true) => ("goal met", t.ok()),
        Some(false) => ("goal not met", t.error()),
        None => ("goal not assessed", t.dim()),
    };
    let mut lines = Vec::new();
    if s.goal.trim().is_empty() {
        lines.push(Line::from(Span::styled("Goal: ", t.dim())));
    }
    for (i, l) in wrap(&safe(&s.goal), width.saturating_sub(6), "      ").into_iter().enumerate() {
        let head = if i == 0 { Span::styled("Goal: ", t.dim()) } else { Span::raw("") };
        lines.push(Line::from(vec![head, Span::raw(if i == 0 { l.trim_start().to_owned() } else { l })]));
    }
    lines.extend([
        Line::from(Span::styled(met, met_style)),
        Line::raw(""),
        Line::raw(format!("Committed at start   {:>4} points", rv.committed)),
        Line::raw(format!("Done                 {:>4} points", rv.completed)),
        Line::raw(format!("Not done             {:>4} points", rv.not_completed)),
        Line::raw(format!("Scope added / removed  +{} / -{}", rv.scope_added, rv.scope_removed)),
    ]);
    let mut para = |text: String| {
        lines.extend(
            wrap(&text, width, "  ")
                .into_iter()
                .enumerate()
                .map(|(i, l)| Line::raw(if i == 0 { l.trim_start().to_owned() } else { l })),
        )
    };
    if !rv.returned.is_empty() {
        let keys: Vec<String> = rv.returned.iter().filter_map(|id| ws.item(*id)).map(|i| safe(&i.key)).collect();
        para(format!("Back to the backlog: {}", keys.join(", ")));
    }
    if !rv.carried_over.is_empty() {
        let to = rv.carried_to.and_then(|id| ws.sprint(id)).map_or("the next sprint".to_owned(), |n| safe(&n.name));
        let keys: Vec<String> = rv.carried_over.iter().filter_map(|id| ws.item(*id)).map(|i| safe(&i.key)).collect();
        let n = crate::domain::text::count(rv.carried_over.len() as u64, "item", "items");
        let pts: u32 = rv.carried_over.iter().filter_map(|id| ws.item(*id)).map(|i| i.points()).sum();
        let pts = crate::domain::text::count(pts, "pt", "pts");
        para(format!("Carried over to {to}: {n} ({pts}): {}", keys.join(", ")));
    }
    if !rv.notes.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled("Review notes", t.title())));
        for l in crate::tui::widgets::safe_block(&rv.notes).lines() {
            lines.extend(wrap(l, width, "").into_iter().map(Line::raw));
        }
        lines.push(Line::raw(""));
    }
    if let Some(started) = s.started_at {
        lines.push(Line::raw(format!(
            "Planned {} – {}, ran {} – {}",
            s.start,
            s.end,
            started.date_naive(),
            rv.closed_at.date_naive()
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        truncate(&format!("Share it: backlog export sprint \"{}\" --format md", safe(&s.name)), width),
        t.dim(),
    )));
    // As tall as the review, where the screen has room.
    let r = centered(area, 74, u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_add(2));
    Some((r, lines))
}

/// The conflicts popup at this size: where it is, the refusal it shows
/// under the list (wrapped), and the rows the list gets.
pub fn conflicts_layout(state: &State, ws: &Workspace, area: Rect) -> (Rect, Vec<String>, u16) {
    let open = ws.open_conflicts().count();
    let outer = area.width.saturating_sub(4).min(100);
    // A pick that was refused says why here, whole: the status line has no
    // room for the rule and the choice that is valid.
    let refused: Vec<String> = match &state.message {
        Some((msg, crate::tui::state::Level::Error)) => wrap(&safe(msg), usize::from(outer.saturating_sub(2)), ""),
        _ => Vec::new(),
    };
    let note = if refused.is_empty() { 0 } else { refused.len() as u16 + 1 };
    let tall = u16::try_from(open * 3).unwrap_or(u16::MAX).saturating_add(3 + note);
    let r = centered(area, outer, tall.min(area.height));
    let inner_h = r.height.saturating_sub(2);
    let list_h = if refused.is_empty() { inner_h } else { inner_h.saturating_sub(note.min(inner_h.saturating_sub(3))) };
    (r, refused, list_h)
}

/// Lines of the conflicts list and the rows they get at this size.
pub fn conflicts_extent(state: &State, ws: &Workspace, area: Rect) -> (usize, usize) {
    let (_, _, list_h) = conflicts_layout(state, ws, area);
    (ws.open_conflicts().count() * 3, usize::from(list_h).max(1))
}

/// An initiative, read-only: what it is, what it serves, and the stories
/// broken down from it, in rank order.
pub fn initiative_layout(state: &State, ws: &Workspace, id: Uuid, area: Rect) -> Option<(Rect, Vec<Line<'static>>)> {
    let t = &state.theme;
    let i = ws.initiative(id)?;
    let r = centered(area, area.width.saturating_sub(4).min(100), area.height.saturating_sub(2));
    let width = usize::from(r.width.saturating_sub(2)).max(1);
    let p = state.progress.get(ws, state.revision).get(&id).copied().unwrap_or_default();
    let mut meta = format!(
        "{} · {} · {} · {}",
        i.meta.owner.label(),
        i.horizon.as_str(),
        i.status.as_str().replace('_', " "),
        crate::domain::text::count(p.stories as u64, "story", "stories")
    );
    if !i.theme.is_empty() {
        meta.push_str(&format!(" · {}", safe(&i.theme)));
    }
    if let Some(tf) = &i.timeframe {
        meta.push_str(&format!(" · {}", safe(&tf.label)));
    }
    let mut lines = vec![Line::from(Span::styled(truncate(&meta, width), t.dim()))];
    for g in i.goals.iter().filter_map(|g| ws.goal(*g)) {
        lines.push(Line::raw(truncate(&format!("Serves {} {}", safe(&g.key), safe(&g.title)), width)));
    }
    if !i.description.is_empty() {
        lines.push(Line::raw(""));
        for l in crate::tui::widgets::safe_block(&i.description).lines() {
            lines.extend(crate::tui::widgets::wrap(l, width, "").into_iter().map(Line::raw));
        }
    }
    let forecast = super::forecast::forecast_lines(state, state.forecasts.initiative(id), width);
    if !forecast.is_empty() {
        lines.push(Line::raw(""));
        lines.extend(forecast);
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        format!("Stories ({}, {} of {} points done)", p.stories, p.done_points, p.points),
        t.title(),
    )));
    // The stories the count is of: its own and its epics' children.
    let stories = ws.initiative_items(id);
    if stories.is_empty() {
        lines.push(Line::from(Span::styled("none yet: b breaks it down into a story", t.dim())));
    }
    let key_w = stories.iter().map(|it| it.key.width()).max().unwrap_or(0);
    for it in stories {
        let est = it.estimate.map_or("?".to_owned(), |e| e.to_string());
        let mut spans = vec![
            Span::styled(format!("{:<key_w$} ", safe(&it.key)), t.accent()),
            Span::styled(format!("{:<11} ", it.status.as_str().replace('_', " ")), t.status(it.status)),
            Span::styled(format!("{est:>3} "), t.dim()),
        ];
        // Reached through its epic rather than linked itself: say which,
        // before the title (which is what gets cut).
        if it.initiative.is_none()
            && let Some(epic) = it.parent.and_then(|p| ws.item(p))
        {
            spans.push(Span::styled(format!("{} › ", safe(&epic.key)), t.dim()));
        }
        spans.push(Span::raw(safe(&it.title)));
        lines.push(Line::from(crate::tui::widgets::truncate_spans(spans, width)));
    }
    Some((r, lines))
}
