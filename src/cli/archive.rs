//! `backlog archive` and `unarchive`: the workspace's past moved to the
//! file beside it and back (the rules are the domain's, the files the
//! store's).

use super::args::ArchiveArgs;
use super::output::{self, safe};
use super::{Session, report_merge};
use crate::store::archive::Moving;
use serde_json::json;

/// How far back `archive` reaches when no `--before` is given.
const DEFAULT_DAYS: i64 = 90;

pub fn archive(s: &mut Session, a: ArchiveArgs) -> anyhow::Result<()> {
    let before = a.before.unwrap_or_else(|| (chrono::Utc::now() - chrono::Duration::days(DEFAULT_DAYS)).date_naive());
    s.ctx.set_now(chrono::Utc::now());
    let moving = s.store.archive(before, &s.ctx, a.dry_run)?;
    report_merge(&moving.saved);
    let file = file_name(&moving);
    if s.json {
        return output::json(&json!({
            "dry_run": a.dry_run,
            "before": before,
            "archive": moving.archive,
            "items": moving.items,
            "sprints": moving.sprints,
        }));
    }
    if moving.items.is_empty() && moving.sprints.is_empty() {
        return output::line(format!(
            "Nothing to archive before {before}: done or dropped items untouched since, and closed sprints that \
             ended before it, move with their epics, sprint and linked items; the last {} closed sprints stay \
             for velocity and forecasts.",
            crate::domain::archive::kept_sprints(s.store.workspace())
        ));
    }
    let what = moving.what();
    if a.dry_run {
        output::line(format!("Would move {what} closed before {before} to {file}:"))?;
        return output::write_stdout(&names(&moving));
    }
    output::line(format!("Moved {what} closed before {before} to {file}."))?;
    output::line("`backlog list --archived` lists them; `backlog unarchive KEY` brings one back.")
}

pub fn unarchive(s: &mut Session, keys: &[String]) -> anyhow::Result<()> {
    s.ctx.set_now(chrono::Utc::now());
    let moving = s.store.unarchive(keys, &s.ctx)?;
    report_merge(&moving.saved);
    if s.json {
        return output::json(&json!({
            "archive": moving.archive,
            "items": moving.items,
            "sprints": moving.sprints,
        }));
    }
    output::line(format!("Brought back {} from {}:", moving.what(), file_name(&moving)))?;
    output::write_stdout(&names(&moving))
}

fn file_name(m: &Moving) -> String {
    safe(&m.archive.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
}

/// The sprints by name and the items by key, a line each, indented.
fn names(m: &Moving) -> String {
    let mut out = String::new();
    for name in &m.sprints {
        out.push_str(&format!("  sprint {}\n", safe(name)));
    }
    for key in &m.items {
        out.push_str(&format!("  {}\n", safe(key)));
    }
    out
}
