//! The archive popup's geometry: a list of archived items over the detail
//! of the selected one, and the detail's lines.

use crate::domain::Workspace;
use crate::domain::item::Item;
use crate::tui::state::State;
use crate::tui::widgets::{centered, safe, truncate, wrap};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Where the popup's parts go in `area` (the whole screen).
pub struct Areas {
    pub popup: Rect,
    /// The list: a heading row, then one row an item.
    pub list: Rect,
    pub detail: Rect,
}

impl Areas {
    /// How many items the list shows at once.
    pub fn page(&self) -> usize {
        usize::from(self.list.height.saturating_sub(1)).max(1)
    }
}

/// The popup fills most of the screen; the list takes up to half of it
/// (less when there are few rows), the detail the rest.
pub fn areas(area: Rect, rows: usize) -> Areas {
    let popup = centered(area, area.width.saturating_sub(4).min(120), area.height.saturating_sub(2));
    let inner = Rect {
        x: popup.x + 1,
        y: popup.y + 1,
        width: popup.width.saturating_sub(2),
        height: popup.height.saturating_sub(2),
    };
    let want = u16::try_from(rows.max(1) + 1).unwrap_or(u16::MAX);
    let list_h = want.min(inner.height / 2).max(2.min(inner.height));
    let list = Rect { height: list_h, ..inner };
    let detail = Rect { y: inner.y + list_h, height: inner.height.saturating_sub(list_h), ..inner };
    Areas { popup, list, detail }
}

/// The selected archived item, read-only: what it was, where it sat, its
/// text, criteria and comments. Links resolve in `shelf` (the archive with
/// the workspace's strategy beside it).
pub fn detail_lines(state: &State, shelf: &Workspace, item: &Item, width: usize) -> Vec<Line<'static>> {
    let t = &state.theme;
    let dim = |s: String| Line::from(Span::styled(truncate(&s, width), t.dim()));
    let mut lines: Vec<Line<'static>> =
        wrap(&safe(&item.title), width, "").into_iter().map(|l| Line::from(Span::styled(l, t.title()))).collect();
    let est = item.estimate.map_or("not estimated".to_owned(), |p| crate::domain::text::count(p, "pt", "pts"));
    lines.push(dim(format!(
        "{} · {} · {est} · last changed {} by {}",
        item.kind,
        item.status,
        item.meta.updated_at.format("%Y-%m-%d"),
        safe(&item.meta.updated_by_label())
    )));
    if let Some(p) = item.parent.and_then(|p| shelf.item(p)) {
        lines.push(dim(format!("epic: {} {}", safe(&p.key), safe(&p.title))));
    }
    if let Some(s) = item.sprint.and_then(|s| shelf.sprint(s)) {
        lines.push(dim(format!("sprint: {} ({} – {})", safe(&s.name), s.start, s.end)));
    }
    if let Some(i) = item.initiative.and_then(|i| shelf.initiative(i)) {
        lines.push(dim(format!("initiative: {} {}", safe(&i.key), safe(&i.title))));
    }
    if let Some(r) = item.release.and_then(|r| shelf.release(r)) {
        lines.push(dim(format!("release: {}", safe(&r.name))));
    }
    if !item.labels.is_empty() {
        lines.push(dim(format!("labels: {}", safe(&item.labels.join(", ")))));
    }
    for x in &item.external {
        lines.push(dim(format!("{}: {}", safe(&x.system), safe(&x.key))));
    }
    if let Some(st) = &item.story {
        lines.push(Line::raw(""));
        let said = format!(
            "{} {}, I want {}, so that {}.",
            crate::domain::text::as_a(&st.as_a),
            st.as_a,
            st.i_want,
            st.so_that
        );
        lines.extend(wrap(&safe(&said), width, "").into_iter().map(Line::raw));
    }
    if !item.description.is_empty() {
        lines.push(Line::raw(""));
        for l in item.description.lines() {
            lines.extend(wrap(&safe(l), width, "").into_iter().map(Line::raw));
        }
    }
    if !item.acceptance_criteria.is_empty() {
        lines.push(Line::raw(""));
        for c in &item.acceptance_criteria {
            let mark = if c.met { "[x] " } else { "[ ] " };
            lines.extend(wrap(&format!("{mark}{}", safe(&c.text)), width, "    ").into_iter().map(Line::raw));
        }
    }
    for c in &item.comments {
        lines.push(Line::raw(""));
        lines.push(dim(format!("{} {}:", c.at.format("%Y-%m-%d"), safe(&c.author))));
        for l in c.text.lines() {
            lines.extend(wrap(&safe(l), width, "  ").into_iter().map(Line::raw));
        }
    }
    lines
}
