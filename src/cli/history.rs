//! People and history on the command line: `whoami`, `log` (an item's
//! history, or the activity feed), `undo` and `revert`.

use super::Session;
use super::args::LogArgs;
use super::output::{self, safe};
use super::resolve;
use crate::domain::Command;
use crate::domain::history::{self, Edit, Record};
use crate::domain::workspace::Workspace;
use crate::identity::Identity;
use crate::store::{revert, seen};
use anyhow::{anyhow, bail};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::Path;

pub fn whoami(me: &Identity, role: crate::domain::Role, role_from: &str, json: bool) -> anyhow::Result<()> {
    if json {
        #[derive(Serialize)]
        struct Who<'a> {
            name: &'a str,
            from: String,
            role: crate::domain::Role,
            role_from: &'a str,
            branch: Option<&'a str>,
        }
        return output::json(&Who {
            name: &me.name,
            from: me.from_where(),
            role,
            role_from,
            branch: me.branch.as_deref(),
        });
    }
    let name = if me.name.is_empty() { "(nobody in particular)".into() } else { safe(&me.name) };
    output::line(format!("{name}, from {}", safe(&me.from_where())))?;
    output::line(format!("role {} ({}), from {role_from}", role.label(), role.as_str()))?;
    if let Some(b) = &me.branch {
        output::line(format!("on branch {}", safe(b)))?;
    }
    Ok(())
}

/// One record as `--json` gives it: the record, with each edit's entity
/// key and its line as a person reads it.
#[derive(Serialize)]
struct RecordView<'a> {
    id: uuid::Uuid,
    handle: String,
    at: DateTime<Utc>,
    by: &'a str,
    role: crate::domain::Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    branch: Option<&'a str>,
    what: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reverts: Option<uuid::Uuid>,
    edits: Vec<EditView<'a>>,
}

#[derive(Serialize)]
struct EditView<'a> {
    #[serde(flatten)]
    edit: &'a Edit,
    /// The entity's key or name.
    name: String,
    text: String,
}

fn view<'a>(ws: &Workspace, r: &'a Record, only: Option<uuid::Uuid>) -> RecordView<'a> {
    RecordView {
        id: r.id,
        handle: r.handle(),
        at: r.at,
        by: &r.by,
        role: r.role,
        via: r.via.as_deref(),
        branch: r.branch.as_deref(),
        what: &r.what,
        reverts: r.reverts,
        edits: r
            .edits
            .iter()
            .filter(|e| only.is_none() || e.id == only)
            .map(|e| EditView { edit: e, name: name(ws, e), text: history::describe(ws, e) })
            .collect(),
    }
}

fn name(ws: &Workspace, e: &Edit) -> String {
    e.id.map_or_else(|| e.entity.to_string(), |id| crate::domain::conflict::name_of(ws, id))
}

fn when(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string()
}

pub fn log(s: &Session, a: LogArgs) -> anyhow::Result<()> {
    let live = s.store.workspace();
    // An archived item's history went with it: read there.
    let shelf = match a.key.as_deref() {
        Some(k) if resolve::item(live, k).is_err() => archived_history(s, k)?,
        _ => None,
    };
    let ws = shelf.as_ref().unwrap_or(live);
    let item = a.key.as_deref().map(|k| resolve::item(ws, k)).transpose()?;
    let since = match (&a.since, a.new) {
        (Some(_), true) => bail!("--since and --new both say where to start: give one"),
        (Some(text), false) => Some(since(text, s.store.path())?),
        (None, true) => seen::last_seen(s.store.path(), &s.ctx.user),
        (None, false) => None,
    };
    let by = a.by.as_deref().map(str::to_lowercase);
    let from = since.map_or(ws.history.records(), |t| ws.history.after(t));
    let records: Vec<&Record> = from
        .iter()
        .filter(|r| by.as_deref().is_none_or(|b| r.by.to_lowercase().contains(b) || r.role.as_str() == b))
        .filter(|r| item.is_none_or(|i| r.edits.iter().any(|e| e.id == Some(i.meta.id))))
        .map(|r| &**r)
        .collect();
    let shown = match a.limit {
        Some(n) => &records[records.len().saturating_sub(n)..],
        None => &records[..],
    };
    // The feed has been looked at: `--new` starts after it next time.
    if item.is_none()
        && let Some(last) = ws.history.last()
        && let Err(e) = seen::mark_seen(s.store.path(), &s.ctx.user, last.at)
    {
        output::warn(format!("could not remember what you have seen: {e}"));
    }
    let only = item.map(|i| i.meta.id);
    if s.json {
        let list: Vec<RecordView> = shown.iter().map(|r| view(ws, r, only)).collect();
        return output::json(&list);
    }
    let mut out = String::new();
    if let Some(i) = item {
        let archived = if shelf.is_some() { "  (archived)" } else { "" };
        out.push_str(&format!("{}  {}{archived}\n", safe(&i.key), safe(&i.title)));
        // Created before history was kept, or by an import that records
        // what it did as a whole: its creation is its own record.
        if !records.iter().any(|r| r.edits_of(i.meta.id).any(|e| e.field == history::CREATED)) {
            match ws.history.batch_at(i.meta.created_at) {
                Some(b) => out.push_str(&format!(
                    "{}  {}  [{}]\n    created: {}\n",
                    when(b.at),
                    safe(&b.who()),
                    b.handle(),
                    safe(&b.what)
                )),
                None => out.push_str(&format!("{}  created\n", when(i.meta.created_at))),
            }
        }
    }
    if shown.is_empty() && item.is_none() {
        let what = match (since, &a.by) {
            (Some(t), _) => format!("No changes since {}.", when(t)),
            (None, Some(b)) => format!("No changes by {}.", safe(b)),
            _ => "No changes recorded yet.".into(),
        };
        out.push_str(&what);
        out.push('\n');
    }
    for r in shown {
        let head = format!("{}  {}", when(r.at), safe(&r.who_and_how()));
        out.push_str(&format!("{head}  [{}]\n", r.handle()));
        if item.is_none() {
            out.push_str(&format!("    {}\n", safe(&r.what)));
        }
        for e in r.edits.iter().filter(|e| only.is_none() || e.id == only) {
            let line = history::describe(ws, e);
            if item.is_some() {
                out.push_str(&format!("    {}\n", safe(&line)));
            } else {
                out.push_str(&format!("    {}  {}\n", safe(&name(ws, e)), safe(&line)));
            }
        }
    }
    if records.len() > shown.len() {
        out.push_str(&format!("({} earlier change(s) not shown: --limit)\n", records.len() - shown.len()));
    }
    output::write_stdout(&out)
}

/// `--since`: a date or span (see [`history::since`]), else a git ref
/// (the time of its commit).
fn since(text: &str, workspace: &Path) -> anyhow::Result<DateTime<Utc>> {
    let now = Utc::now();
    if let Some(t) = history::since::parse(text, now, *chrono::Local::now().offset()) {
        return Ok(t);
    }
    let dir = workspace.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["log", "-1", "--format=%cI", text, "--"])
        .output()
        .ok()
        .filter(|o| o.status.success());
    let t = out.and_then(|o| DateTime::parse_from_rfc3339(String::from_utf8_lossy(&o.stdout).trim()).ok());
    t.map(|t| t.to_utc()).ok_or_else(|| {
        anyhow!(
            "--since {}: not a date (2026-12-01), a span (yesterday, today, 3d, 12h, 2w) or a git commit or branch",
            safe(text)
        )
    })
}

/// `backlog undo`: the last change this person made from the command
/// line that is not taken back yet.
pub fn undo(s: &mut Session) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    let me = s.ctx.user.clone();
    let last =
        ws.history.records().iter().rev().find(|r| {
            r.by == me && r.via.as_deref() == Some("cli") && r.reverts.is_none() && !ws.history.reverted(r.id)
        });
    let Some(r) = last else {
        bail!(
            "nothing to undo: no change by {} from the command line is left to take back (see `backlog log --by {}`)",
            if me.is_empty() { "you".into() } else { safe(&me) },
            if me.is_empty() { "NAME".into() } else { safe(&me) }
        );
    };
    take_back(s, r.id, "Undid")
}

/// `backlog revert CHANGE`.
pub fn revert(s: &mut Session, needle: &str) -> anyhow::Result<()> {
    let found = s.store.workspace().history.find(needle);
    let id = match found.as_slice() {
        [] => {
            return Err(super::envelope::NotFound(format!(
                "no change {} in the history (ids are in `backlog log`)",
                safe(needle)
            ))
            .into());
        }
        [one] => one.id,
        many => bail!(
            "{} names {} changes: give more of its id ({})",
            safe(needle),
            many.len(),
            many.iter().take(4).map(|r| r.id.simple().to_string()[20..].to_owned()).collect::<Vec<_>>().join(", ")
        ),
    };
    take_back(s, id, "Reverted")
}

fn take_back(s: &mut Session, id: uuid::Uuid, verb: &str) -> anyhow::Result<()> {
    let mut left = Vec::new();
    let mut what = String::new();
    s.ctx.reverts = Some(id);
    let now = Utc::now();
    let out = s.apply(|ws| {
        let r = ws.history.get(id).ok_or_else(|| anyhow!("the change is no longer in the history"))?;
        if ws.history.reverted(id) {
            bail!("{} was already taken back", r.handle());
        }
        let (targets, kept) = revert::plan(ws, r, now);
        what = format!("{verb} {} ({})", r.what, r.handle());
        left = kept;
        if targets.is_empty() {
            bail!(
                "nothing to take back of {}: {}",
                safe(&r.what),
                if left.is_empty() { "it changed nothing that is still there".into() } else { left_text(&left) }
            );
        }
        Ok(Command::Batch { commands: vec![Command::Restore(targets)], summary: Some(what.clone()) })
    });
    s.ctx.reverts = None;
    let change = out?;
    if s.json {
        #[derive(Serialize)]
        struct Out<'a> {
            reverted: uuid::Uuid,
            record: Option<uuid::Uuid>,
            left_alone: Vec<serde_json::Value>,
            summary: &'a str,
        }
        return output::json(&Out {
            reverted: id,
            record: change.records.first().map(|r| r.id),
            left_alone: left
                .iter()
                .map(|l| serde_json::json!({"entity": l.entity, "field": l.field, "why": l.why}))
                .collect(),
            summary: &what,
        });
    }
    output::line(safe(&what))?;
    for l in &left {
        output::line(format!(
            "  left as it is: {} {}: {}",
            safe(&l.entity),
            safe(history::field_name(&l.field)),
            safe(&l.why)
        ))?;
    }
    Ok(())
}

fn left_text(left: &[revert::LeftAlone]) -> String {
    left.iter()
        .map(|l| format!("{} {} {}", safe(&l.entity), history::field_name(&l.field), safe(&l.why)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The archive as its readers see it, with the archived item `key`'s whole
/// history: the records that went with it, and those of the workspace that
/// also changed something still there. `None` if `key` is not archived.
fn archived_history(s: &Session, key: &str) -> anyhow::Result<Option<crate::domain::Workspace>> {
    let Some((mut shelf, id)) = s.archived_item(key)? else { return Ok(None) };
    let live = s.store.workspace();
    let mut all = shelf.history.records().to_vec();
    all.extend(live.history.records().iter().filter(|r| r.edits.iter().any(|e| e.id == Some(id))).cloned());
    shelf.history = crate::domain::history::History::of_shared(all);
    Ok(Some(shelf))
}
