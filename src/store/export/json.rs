//! The stakeholder views as JSON (`export roadmap|vision|sprint --format
//! json`), and JSON text as every export writes it: the CLI prints it, the
//! TUI writes it beside the workspace, one shape for both.

use crate::domain::Workspace;
use crate::domain::item::{Item, ItemKind, Status};
use crate::domain::sprint::Sprint;
use crate::domain::strategy::{Horizon, Initiative};
use serde::Serialize;
use std::fmt::Write as _;

/// The roadmap: initiatives in column order (now, next, later), each by
/// rank.
pub fn roadmap(ws: &Workspace) -> Vec<&Initiative> {
    Horizon::ALL.iter().flat_map(|h| ws.ranked_initiatives(*h)).collect()
}

/// The vision board and the goals (as a JSON value: its keys in order by
/// name at every level).
pub fn vision(ws: &Workspace) -> serde_json::Value {
    serde_json::json!({ "vision": ws.vision, "goals": ws.live_goals().collect::<Vec<_>>() })
}

/// A sprint with its items.
#[derive(Serialize)]
pub struct SprintOut<'a> {
    #[serde(flatten)]
    pub sprint: &'a Sprint,
    pub items: Vec<SprintItem<'a>>,
}

#[derive(Serialize)]
pub struct SprintItem<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub kind: ItemKind,
    pub status: Status,
    pub points: Option<u32>,
}

/// Sprint `sp` with the items in it and, once closed, those it sent back
/// to the backlog, in rank order.
pub fn sprint<'a>(ws: &'a Workspace, sp: &'a Sprint) -> SprintOut<'a> {
    let mut items: Vec<&Item> = ws.live_items().filter(|i| i.sprint == Some(sp.meta.id)).collect();
    if let Some(r) = &sp.review {
        items.extend(r.returned.iter().filter_map(|id| ws.item(*id)).filter(|i| i.is_live()));
    }
    items.sort_by(|a, b| a.rank.cmp(&b.rank));
    items.dedup_by_key(|i| i.meta.id);
    let items = items
        .into_iter()
        .map(|i| SprintItem { key: &i.key, title: &i.title, kind: i.kind, status: i.status, points: i.estimate })
        .collect();
    SprintOut { sprint: sp, items }
}

/// `value` as pretty JSON ending in a newline, with every character a
/// terminal could act on escaped: serde_json escapes C0 controls; DEL, C1
/// and bidi controls are valid in JSON strings but not harmless when the
/// file is printed.
pub fn text<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let pretty = serde_json::to_string_pretty(value)?;
    let mut out = String::with_capacity(pretty.len() + 1);
    for c in pretty.chars() {
        if crate::domain::text::is_forbidden(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn controls_are_escaped() {
        let t = super::text(&serde_json::json!({ "t": "a\u{7f}b\u{202e}c" })).unwrap();
        assert_eq!(t, "{\n  \"t\": \"a\\u007fb\\u202ec\"\n}\n");
    }
}
