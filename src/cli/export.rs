//! `export`: the backlog (JSON, CSV, Markdown) and the stakeholder views
//! (Markdown, JSON, HTML). Everything is written by `store::export`.

use super::Session;
use super::args::{ExportArgs, ExportWhat};
use super::output;
use crate::domain::Item;
use crate::store::export;
use crate::store::export::jira_csv::Formulas;
use anyhow::bail;

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
    if a.commits && (format != "html" || !matches!(a.what, ExportWhat::Sprint | ExportWhat::Roadmap)) {
        bail!(
            "--commits is for the HTML pages: `export sprint --format html --commits` or `export roadmap --format html --commits`"
        );
    }
    let trail = if a.commits {
        let t = crate::store::trail::for_file(s.store.path(), ws)?;
        if t.is_none() {
            bail!(
                "--commits: {} is not inside a git work tree, so no commit names its stories",
                s.store.path().display()
            );
        }
        t
    } else {
        None
    };
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
        (ExportWhat::Roadmap, "json") => output::json(&export::json::roadmap(ws)),
        (ExportWhat::Roadmap, "html") => output::write_stdout(&export::html::roadmap(ws, trail.as_ref(), today)),
        (ExportWhat::Roadmap, _) => output::write_stdout(&export::roadmap_md(ws, today)),
        (ExportWhat::Vision, "json") => output::json(&export::json::vision(ws)),
        (ExportWhat::Vision, "html") => output::write_stdout(&export::html::vision(ws)),
        (ExportWhat::Vision, _) => output::write_stdout(&export::vision_md(ws)),
        (ExportWhat::Sprint, f) => {
            let sp = super::sprints::reported_sprint(ws, a.name.as_deref())?;
            match f {
                "json" => output::json(&export::json::sprint(ws, sp)),
                "html" => output::write_stdout(&export::html::sprint(ws, sp, today, trail.as_ref())),
                _ => output::write_stdout(&export::sprint_md(ws, sp, today)),
            }
        }
    }
}
