//! The Definition popup at the current size: where it is, its lines, and
//! where the items a person ticks are.

use crate::domain::Workspace;
use crate::domain::item::{Item, ItemKind};
use crate::domain::ready::{Check, Gate, missing, tickable};
use crate::tui::scroll;
use crate::tui::state::State;
use crate::tui::widgets::{centered, pad_line, safe, wrap};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use uuid::Uuid;

/// The popup's width, when the screen has it.
const WIDTH: u16 = 72;

/// The popup at this size: where it is, its lines, the line of the first
/// item a person ticks, and how many there are.
pub struct Layout {
    pub area: Rect,
    pub lines: Vec<Line<'static>>,
    pub first_tick: usize,
    pub ticks: usize,
}

impl Layout {
    /// Rows of lines shown at once.
    pub fn page(&self) -> usize {
        usize::from(self.area.height.saturating_sub(2)).max(1)
    }

    /// The first line shown: the selected item in view when there are
    /// items to tick (`row` is then the selection), else the text scrolled
    /// to `row`.
    pub fn offset(&self, row: usize) -> usize {
        if self.ticks > 0 {
            scroll::around(self.first_tick + row.min(self.ticks - 1), self.lines.len(), self.page())
        } else {
            row.min(scroll::last_offset(self.lines.len(), self.page()))
        }
    }
}

/// Why a check is not asked of `item`, with what stands in for it.
fn not_asked(state: &State, ws: &Workspace, item: &Item, check: Check) -> String {
    let kind = item.kind.as_str().replace('_', " ");
    match check {
        Check::Points if item.kind == ItemKind::Epic => {
            let p = ws.item_pos(item.meta.id).map(|pos| state.backlog.list.progress(ws, pos)).unwrap_or_default();
            let children = match (p.count, p.unestimated) {
                (0, _) => "no children yet".to_owned(),
                (n, 0) => format!("{} from {}", crate::domain::text::count(p.points, "pt", "pts"), count(n, "child")),
                (n, u) => format!(
                    "{} from {}, {u} of them not estimated",
                    crate::domain::text::count(p.points, "pt", "pts"),
                    count(n, "child")
                ),
            };
            format!("not asked of an epic: its estimate is its children's ({children})")
        }
        _ if item.kind == ItemKind::Epic => "not asked of an epic".to_owned(),
        _ => format!("not asked of a {kind}"),
    }
}

fn count(n: usize, one: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {one}ren") }
}

pub fn layout(state: &State, ws: &Workspace, id: Uuid, row: usize, area: Rect) -> Option<Layout> {
    let t = &state.theme;
    let it = ws.item(id)?;
    let w = WIDTH.min(area.width);
    let width = usize::from(w.saturating_sub(2)).max(1);
    let blocked = state.backlog.blocked.contains(&it.meta.id);
    let items = tickable(&ws.settings);
    let mut lines: Vec<Line<'static>> = Vec::new();
    // A mark, then the text wrapped under itself.
    let entry = |lines: &mut Vec<Line<'static>>, mark: &'static str, style, text: &str, note: Option<String>| {
        let mut first = true;
        for l in wrap(text, width.saturating_sub(4), "") {
            let head = if first { Span::styled(mark, style) } else { Span::raw("    ") };
            lines.push(Line::from(vec![head, Span::raw(l)]));
            first = false;
        }
        if let Some(note) = note {
            lines.extend(wrap(&note, width.saturating_sub(6), "      ").into_iter().map(|l| Line::styled(l, t.dim())));
        }
    };
    for gate in [Gate::Ready, Gate::Done] {
        let list = gate.list(&ws.settings);
        let short = missing(&ws.settings, gate, it, blocked);
        let head =
            if short.is_empty() && !list.is_empty() { format!("{} ✓", gate.name()) } else { gate.name().into() };
        lines.push(Line::from(Span::styled(head, t.title())));
        if list.is_empty() {
            let flags = match gate {
                Gate::Ready => "--ready-checks, --ready-items",
                Gate::Done => "--done-checks, --done-items",
            };
            let text = format!("nothing to check (backlog settings set {flags} adds some)");
            entry(&mut lines, "  · ", t.dim(), &text, None);
        }
        for &c in &list.checks {
            if !c.applies(it.kind) {
                entry(&mut lines, "  – ", t.dim(), c.label(), Some(not_asked(state, ws, it, c)));
            } else if short.iter().any(|m| m == c.missing()) {
                entry(&mut lines, "  ✗ ", t.warn(), c.label(), None);
            } else {
                entry(&mut lines, "  ✓ ", t.ok(), c.label(), None);
            }
        }
        if !list.items.is_empty() {
            let n = list.items.len();
            let ticked = list.items.iter().filter(|x| it.checked.contains(x)).count();
            entry(&mut lines, "  · ", t.dim(), &format!("{ticked} of {n} ticked below"), None);
        }
    }
    lines.push(Line::from(Span::styled("Ticked by a person", t.title())));
    let first_tick = lines.len();
    if items.is_empty() {
        let text = "nothing to tick (backlog settings set --ready-items or --done-items adds some)";
        entry(&mut lines, "  · ", t.dim(), text, None);
    }
    let row = row.min(items.len().saturating_sub(1));
    for (i, text) in items.iter().enumerate() {
        let ticked = it.checked.iter().any(|c| c == text);
        let (mark, style) = if ticked { ("[x] ", t.ok()) } else { ("[ ] ", t.dim()) };
        let text = crate::tui::widgets::truncate(&safe(text), width.saturating_sub(4));
        let line = Line::from(vec![Span::styled(mark, style), Span::raw(text)]);
        lines.push(if i == row { pad_line(line, width).style(t.selected()) } else { line });
    }
    let area = centered(area, w, u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_add(2));
    Some(Layout { area, lines, first_tick, ticks: items.len() })
}
