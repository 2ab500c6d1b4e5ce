//! Exports from the TUI: the documents and formats the CLI's `export`
//! writes, made by the same functions in `store::export`, for the driver to
//! write beside the workspace file.

use super::state::{ExportFormat, ExportWhat};
use crate::domain::Workspace;
use crate::store::export;

/// An export's name (the file's is made from it), its text, and a note for
/// the message (how many items a backlog export holds); or why none.
/// `user` is who `@me` in a backlog filter means.
pub fn text(
    ws: &Workspace,
    what: &ExportWhat,
    format: ExportFormat,
    today: chrono::NaiveDate,
    user: &str,
) -> Result<(String, String, String), String> {
    use crate::domain::text::count;
    use ExportFormat::{Csv, Html, Json, Md};
    let json = |t: Result<String, serde_json::Error>| t.map_err(|e| format!("Export failed: {e}"));
    Ok(match (what, format) {
        (ExportWhat::Roadmap, Html) => ("roadmap".into(), export::html::roadmap(ws, None, today), String::new()),
        (ExportWhat::Roadmap, Json) => {
            ("roadmap".into(), json(export::json::text(&export::json::roadmap(ws)))?, String::new())
        }
        (ExportWhat::Roadmap, Md | Csv) => ("roadmap".into(), export::roadmap_md(ws, today), String::new()),
        (ExportWhat::Vision, Html) => ("vision".into(), export::html::vision(ws), String::new()),
        (ExportWhat::Vision, Json) => {
            ("vision".into(), json(export::json::text(&export::json::vision(ws)))?, String::new())
        }
        (ExportWhat::Vision, Md | Csv) => ("vision".into(), export::vision_md(ws), String::new()),
        (ExportWhat::Sprint(id), f) => {
            let s = ws.sprint(*id).ok_or("The sprint is gone: nothing exported")?;
            let text = match f {
                Html => export::html::sprint(ws, s, today, None),
                Json => json(export::json::text(&export::json::sprint(ws, s)))?,
                Md | Csv => export::sprint_md(ws, s, today),
            };
            (s.name.clone(), text, String::new())
        }
        (ExportWhat::Backlog { filter }, f) => {
            // As `export backlog --where FILTER`: every status, rank order.
            let query = crate::domain::query::Query::parse(filter, ws, user);
            if let Some(p) = query.problems.first() {
                return Err(format!("Not exported: the filter {filter:?} cannot be read ({p}); fix it with / first"));
            }
            let items: Vec<&crate::domain::Item> = ws
                .ranked_item_positions()
                .into_iter()
                .map(|p| &*ws.items[p])
                .filter(|i| query.matches(ws, i))
                .collect();
            let text = match f {
                Json => json(export::json::text(&export::backlog::json(ws, &items)))?,
                Csv => export::jira_csv::write(ws, &items, export::jira_csv::Formulas::Neutralised),
                Md | Html => export::backlog::md(ws, &items),
            };
            let n = count(items.len() as u64, "item", "items");
            let note = if filter.is_empty() { format!(" ({n})") } else { format!(" ({n} matching {filter})") };
            ("backlog".into(), text, note)
        }
    })
}
