//! `site`: the workspace as a static site for stakeholders, built once or
//! (with `--watch`) again on every save. The pages are made and written by
//! `store::export::site`.

use super::Session;
use super::args::SiteArgs;
use super::output;
use crate::store::export::site;
use crate::store::fsio;
use serde::Serialize;
use std::time::Duration;

/// How often `--watch` looks at the workspace file: a metadata check, as
/// the TUI's watcher makes.
const POLL: Duration = Duration::from_millis(200);

#[derive(Serialize)]
struct Built<'a> {
    dir: String,
    as_of: chrono::NaiveDate,
    public: bool,
    pages: usize,
    written: &'a [String],
    unchanged: usize,
    removed: &'a [String],
    /// Whether the changelog could name commits (the workspace is in git).
    commits: bool,
}

pub fn run(s: &mut Session, a: SiteArgs) -> anyhow::Result<()> {
    loop {
        build(s, &a)?;
        if !a.watch {
            return Ok(());
        }
        if !s.json {
            output::line(format!("watching {} for saves (Ctrl-C stops)", s.store.path().display()))?;
        }
        // Until a save lands and reads whole. A file that cannot be read
        // (it stopped parsing, or was moved away) is said once and waited
        // out until it changes again, the last good site left in place.
        let mut failed = None;
        loop {
            // The file's stamp is read again only once it has changed.
            let now = if s.store.changed_on_disk() { Some(fsio::stamp(s.store.path())) } else { None };
            if now.is_none() || now == failed {
                std::thread::sleep(POLL);
                continue;
            }
            match s.store.sync() {
                Ok(_) => break,
                Err(e) => {
                    output::warn(format!("the site waits for the next save: {e}"));
                    failed = now;
                }
            }
        }
    }
}

fn build(s: &Session, a: &SiteArgs) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    let today = a.as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let trail = crate::store::trail::for_file(s.store.path(), ws)?;
    let pages = site::pages(ws, today, trail.as_ref(), a.public);
    let done = site::write(&a.dir, &pages)?;
    let dir = a.dir.display().to_string();
    if s.json {
        return output::json(&Built {
            dir,
            as_of: today,
            public: a.public,
            pages: pages.len(),
            written: &done.written,
            unchanged: done.unchanged,
            removed: &done.removed,
            commits: trail.is_some(),
        });
    }
    let mut said = format!(
        "site: {} in {} as of {today}{}: {} written, {} unchanged",
        crate::domain::text::count(pages.len() as u64, "page", "pages"),
        output::safe(&dir),
        if a.public { ", public" } else { "" },
        done.written.len(),
        done.unchanged
    );
    if !done.removed.is_empty() {
        said.push_str(&format!(", {} removed", done.removed.len()));
    }
    output::line(said)?;
    if !done.written.is_empty() && done.written.len() <= 12 {
        output::line(format!("  wrote {}", done.written.join(", ")))?;
    }
    if !done.removed.is_empty() {
        output::line(format!("  removed {}", done.removed.join(", ")))?;
    }
    Ok(())
}
