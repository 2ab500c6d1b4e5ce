//! The story's trail in the item detail: the commits naming its key (✓ on
//! the default branch) and the branches holding it, as the reading thread
//! last found them. Git's text (subjects, names) is made safe to show.

use crate::domain::Item;
use crate::tui::state::State;
use crate::tui::widgets::{safe, truncate, truncate_spans};
use ratatui::text::{Line, Span};

/// How many commits the detail lists (`backlog show` lists them all).
const SHOWN: usize = 12;

/// The detail's lines for `item`'s commits and branches; none when the
/// workspace is not in a repository, before the first read, or when
/// nothing names the key.
pub fn lines(state: &State, item: &Item, width: usize) -> Vec<Line<'static>> {
    let Some(t) = state.trail.trail() else { return Vec::new() };
    let th = &state.theme;
    let commits: Vec<_> = t.commits_for(&item.key).collect();
    let branches: Vec<String> = t.branches_for(&item.key).map(|b| safe(&b.name)).collect();
    let mut out = Vec::new();
    if commits.is_empty() && branches.is_empty() {
        return out;
    }
    out.push(Line::raw(""));
    if !commits.is_empty() {
        let main = t.default_branch.as_deref().map_or("the default branch".to_owned(), safe);
        let on = commits.iter().filter(|c| c.on_default).count();
        out.push(Line::from(vec![
            Span::styled(format!("Commits ({})", commits.len()), th.title()),
            Span::styled(truncate(&format!(" · ✓ {on} on {main}"), width.saturating_sub(12)), th.dim()),
        ]));
        for c in commits.iter().take(SHOWN) {
            let (mark, mark_style) = if c.on_default { ("✓ ", th.ok()) } else { ("  ", th.dim()) };
            let closes = if c.closes(&item.key) { "closes · " } else { "" };
            let spans = vec![
                Span::styled(mark, mark_style),
                Span::styled(format!("{} ", c.short), th.accent()),
                Span::styled(format!("{} {} · {closes}", c.date.format("%Y-%m-%d"), safe(&c.author)), th.dim()),
                Span::raw(safe(&c.subject)),
            ];
            out.push(Line::from(own(truncate_spans(spans, width))));
        }
        if commits.len() > SHOWN {
            let more = format!("  … {} more (backlog show {} lists them all)", commits.len() - SHOWN, safe(&item.key));
            out.push(Line::from(Span::styled(truncate(&more, width), th.dim())));
        }
    }
    if !branches.is_empty() {
        let text = format!("Branches: {}", branches.join(", "));
        out.push(Line::from(Span::styled(truncate(&text, width), th.dim())));
    }
    out
}

/// Spans that own their text (the lines outlive the trail's borrow).
fn own(spans: Vec<Span<'_>>) -> Vec<Span<'static>> {
    spans.into_iter().map(|s| Span::styled(s.content.into_owned(), s.style)).collect()
}
