//! `export`: the backlog (JSON, CSV, Markdown) and the stakeholder views
//! (Markdown, JSON, HTML). Everything is written by `store::export`.

use super::Session;
use super::args::{ExportArgs, ExportWhat};
use super::output;
use crate::domain::Item;
use crate::store::export;
use crate::store::export::jira_csv::Formulas;
use anyhow::bail;
use serde::Serialize;

/// A sprint with its items, for `export sprint --format json`.
#[derive(Serialize)]
struct SprintWithItems<'a> {
    #[serde(flatten)]
    sprint: &'a crate::domain::sprint::Sprint,
    items: Vec<SprintItem<'a>>,
}

#[derive(Serialize)]
struct SprintItem<'a> {
    key: &'a str,
    title: &'a str,
    kind: crate::domain::ItemKind,
    status: crate::domain::Status,
    points: Option<u32>,
}

pub fn run(s: &Session, a: ExportArgs) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    let format = match a.format.trim().to_ascii_lowercase().as_str() {
        "md" | "markdown" if s.json => "json".to_owned(),
        "markdown" => "md".to_owned(),
        f @ ("md" | "json" | "csv" | "html") => f.to_owned(),
        other => bail!("--format {other:?}: use md, json, csv (backlog) or html (roadmap, vision, sprint)"),
    };
    if a.allow_formulas && format != "csv" {
        bail!("--allow-formulas is for `export backlog --format csv`; other formats have no formulas to allow");
    }
    let today = chrono::Utc::now().date_naive();
    match (a.what, format.as_str()) {
        (ExportWhat::Backlog, f) => {
            let items: Vec<&Item> = super::items::select(ws, &a.filter, true, &s.ctx.user)?;
            match f {
                "json" => output::json(&export::backlog::json(ws, &items)),
                "csv" => {
                    let formulas = if a.allow_formulas { Formulas::Raw } else { Formulas::Neutralised };
                    output::write_stdout(&export::jira_csv::write(ws, &items, formulas))
                }
                "md" => output::write_stdout(&export::backlog::md(ws, &items)),
                _ => bail!("export backlog: --format json, csv or md"),
            }
        }
        (_, "csv") => bail!("--format csv is for `export backlog`; use md, json or html"),
        (ExportWhat::Roadmap, "json") => {
            let all: Vec<_> =
                crate::domain::strategy::Horizon::ALL.iter().flat_map(|h| ws.ranked_initiatives(*h)).collect();
            output::json(&all)
        }
        (ExportWhat::Roadmap, "html") => output::write_stdout(&export::html::roadmap(ws)),
        (ExportWhat::Roadmap, _) => output::write_stdout(&export::roadmap_md(ws)),
        (ExportWhat::Vision, "json") => {
            output::json(&serde_json::json!({ "vision": ws.vision, "goals": ws.live_goals().collect::<Vec<_>>() }))
        }
        (ExportWhat::Vision, "html") => output::write_stdout(&export::html::vision(ws)),
        (ExportWhat::Vision, _) => output::write_stdout(&export::vision_md(ws)),
        (ExportWhat::Sprint, f) => {
            let sp = super::sprints::reported_sprint(ws, a.name.as_deref())?;
            match f {
                "json" => {
                    let mut items: Vec<&Item> = ws.live_items().filter(|i| i.sprint == Some(sp.meta.id)).collect();
                    if let Some(r) = &sp.review {
                        items.extend(r.returned.iter().filter_map(|id| ws.item(*id)).filter(|i| i.is_live()));
                    }
                    items.sort_by(|a, b| a.rank.cmp(&b.rank));
                    items.dedup_by_key(|i| i.meta.id);
                    let items = items
                        .into_iter()
                        .map(|i| SprintItem {
                            key: &i.key,
                            title: &i.title,
                            kind: i.kind,
                            status: i.status,
                            points: i.estimate,
                        })
                        .collect();
                    output::json(&SprintWithItems { sprint: sp, items })
                }
                "html" => output::write_stdout(&export::html::sprint(ws, sp, today)),
                _ => output::write_stdout(&export::sprint_md(ws, sp, today)),
            }
        }
    }
}
