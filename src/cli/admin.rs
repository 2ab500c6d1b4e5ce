//! `init`, `settings`, `check`, `conflicts`, `import`, `backups`.

use super::Session;
use super::args::{BackupsCmd, ConflictsCmd, InitArgs, KeepSide, SettingsCmd};
use super::output::{self, Table, safe};
use super::resolve::{self, parse};
use crate::domain::command::{SettingsPatch, Take};
use crate::domain::conflict::{self, Conflict};
use crate::domain::ready::{Check, Checklist};
use crate::domain::{Command, Ctx, Role, Workspace};
use crate::store::fsio::Paths;
use crate::store::{Store, backup, locate};
use anyhow::{Context, anyhow, bail};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `<data dir>/demo.json`, created from the embedded demo on first use.
pub fn demo_path() -> anyhow::Result<PathBuf> {
    let dir = locate::data_dir()
        .ok_or_else(|| anyhow!("no per-user data folder on this system: use `backlog init --demo PATH`"))?;
    std::fs::create_dir_all(&dir).with_context(|| format!("could not create {}", dir.display()))?;
    let path = dir.join("demo.json");
    if !path.exists() {
        let ws = crate::store::demo::workspace(chrono::Utc::now());
        match Store::create(&path, ws, Role::Po) {
            Ok(_) | Err(crate::store::StoreError::Exists { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(path)
}

pub fn init(a: InitArgs, demo: bool, role: Role) -> anyhow::Result<()> {
    let path = a.path.unwrap_or_else(|| PathBuf::from(locate::FILE_NAME));
    let path = if path.is_dir() { path.join(locate::FILE_NAME) } else { path };
    let ws = if demo {
        crate::store::demo::workspace(chrono::Utc::now())
    } else {
        // The name defaults to the folder the file is in.
        let name = a.name.clone().unwrap_or_else(|| folder_name(&path).unwrap_or_else(|| "Backlog".into()));
        let mut ctx = Ctx::new(chrono::Utc::now(), role);
        let meta = ctx.meta(Role::Pm);
        let prefix = a.prefix.trim().to_ascii_uppercase();
        if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
            bail!("--prefix: use letters and digits only, such as BL");
        }
        Workspace::new(&crate::domain::text::clean_line(&name), &prefix, meta)
    };
    Store::create(&path, ws, role)?;
    output::line(format!("Created {}", path.display()))?;
    super::git::offer_setup(&path, a.git, a.no_git)
}

/// The name of the folder `file` is in (made absolute from the current
/// directory when it is relative).
fn folder_name(file: &Path) -> Option<String> {
    let abs = if file.is_absolute() { file.to_owned() } else { std::env::current_dir().ok()?.join(file) };
    let dir = abs.parent()?;
    // `./x/../backlog.json` and the like: the folder as the file system has it.
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    dir.file_name().map(|n| n.to_string_lossy().into_owned())
}

pub fn settings(s: &mut Session, cmd: SettingsCmd) -> anyhow::Result<()> {
    match cmd {
        SettingsCmd::Show => {
            let ws = s.store.workspace();
            if s.json {
                return output::json(&serde_json::json!({ "workspace": ws.workspace, "settings": ws.settings }));
            }
            let st = &ws.settings;
            let scale: Vec<String> = st.point_scale.iter().map(u32::to_string).collect();
            output::write_stdout(&format!(
                "name                {}\nkey prefix          {}\nnext key            {}\npoint scale         {}\nvelocity window     {} sprints\nsprint length       {} days\nrole guard          {}\nstale after         {} days\n",
                safe(&ws.workspace.name),
                safe(&ws.workspace.key_prefix),
                ws.item_key(ws.workspace.next_key),
                scale.join(", "),
                st.velocity_window,
                st.sprint_length_days,
                st.role_guard,
                st.stale_after_days
            ))?;
            let list = |l: &Checklist| {
                let mut parts: Vec<String> = l.checks.iter().map(|c| c.to_string()).collect();
                parts.extend(l.items.iter().map(|i| format!("\"{}\"", safe(i))));
                if parts.is_empty() { "(empty)".to_owned() } else { parts.join(", ") }
            };
            output::write_stdout(&format!(
                "definition guard    {}\nready means         {}\ndone means          {}\nviews               {}\ncommits close to    {}\nbranch names        {}\nhistory values      {}\n",
                st.definition_guard,
                list(&st.definition_of_ready),
                list(&st.definition_of_done),
                st.views.len(),
                st.close_status,
                safe(&st.branch_template),
                st.history_days.map_or("kept for good".to_owned(), |d| format!("kept for {d} days")),
            ))
        }
        SettingsCmd::Set {
            name,
            key_prefix,
            point_scale,
            velocity_window,
            sprint_length_days,
            role_guard,
            stale_after_days,
            definition_guard,
            ready_checks,
            ready_items,
            done_checks,
            done_items,
            close_status,
            branch_template,
            history_days,
            wip,
        } => {
            let history_days = history_days
                .map(|d| -> anyhow::Result<Option<u32>> {
                    if resolve::is_none(&d) {
                        return Ok(None);
                    }
                    let n: u32 = d
                        .trim()
                        .parse()
                        .map_err(|_| anyhow!("--history-days: {} is not a number of days", safe(&d)))?;
                    Ok((n > 0).then_some(n))
                })
                .transpose()?;
            let wip_limits = (!wip.is_empty()).then(|| wip.iter().map(|w| wip_limit(w)).collect()).transpose()?;
            let checklist =
                |old: &Checklist, checks: Option<String>, items: Option<String>| -> anyhow::Result<Option<Checklist>> {
                    if checks.is_none() && items.is_none() {
                        return Ok(None);
                    }
                    let mut list = old.clone();
                    if let Some(c) = checks {
                        list.checks = if resolve::is_none(&c) {
                            Vec::new()
                        } else {
                            c.split(',').map(|x| parse::<Check>(x.trim())).collect::<anyhow::Result<_>>()?
                        };
                    }
                    if let Some(i) = items {
                        list.items = i.split(';').map(str::trim).filter(|x| !x.is_empty()).map(str::to_owned).collect();
                    }
                    Ok(Some(list))
                };
            let point_scale = point_scale
                .map(|p| {
                    p.split(',')
                        .map(|x| {
                            x.trim().parse::<u32>().map_err(|_| anyhow!("point scale: {x:?} is not a whole number"))
                        })
                        .collect::<anyhow::Result<Vec<u32>>>()
                })
                .transpose()?;
            let role_guard = role_guard.as_deref().map(parse).transpose()?;
            let definition_guard = definition_guard.as_deref().map(parse).transpose()?;
            let change = s.apply(|ws| {
                // The checklists change against the file's, under the lock.
                let definition_of_ready = checklist(&ws.settings.definition_of_ready, ready_checks, ready_items)?;
                let definition_of_done = checklist(&ws.settings.definition_of_done, done_checks, done_items)?;
                let patch = SettingsPatch {
                    name,
                    key_prefix,
                    point_scale,
                    velocity_window,
                    sprint_length_days,
                    role_guard,
                    stale_after_days,
                    definition_guard,
                    definition_of_ready,
                    definition_of_done,
                    views: None,
                    close_status: close_status.as_deref().map(parse).transpose()?,
                    branch_template: branch_template.clone(),
                    history_days,
                    wip_limits: wip_limits.clone(),
                };
                if patch == SettingsPatch::default() {
                    bail!("nothing to change: see `backlog settings set --help`");
                }
                Ok(Command::EditSettings(Box::new(patch)))
            })?;
            output::line(safe(&change.summary))
        }
    }
}

/// `--wip in_progress=3` (or `=none`): a column and its limit; the column's
/// name is checked by the domain.
fn wip_limit(w: &str) -> anyhow::Result<(String, Option<u32>)> {
    let (column, n) =
        w.split_once('=').ok_or_else(|| anyhow!("--wip {}: write COLUMN=N, such as in_progress=3", safe(w)))?;
    let limit = if resolve::is_none(n) {
        None
    } else {
        Some(n.trim().parse::<u32>().map_err(|_| anyhow!("--wip {}: {} is not a whole number", safe(w), safe(n)))?)
    };
    Ok((column.trim().to_owned(), limit))
}

pub fn check(s: &Session) -> anyhow::Result<ExitCode> {
    let ws = s.store.workspace();
    let now = chrono::Utc::now();
    let report = crate::domain::align::check(ws, now);
    let archive = check_archive(s, now)?;
    if s.json {
        let mut v = serde_json::to_value(&report)?;
        if let Some(a) = &archive {
            v["archive"] = serde_json::to_value(a)?;
        }
        output::json(&v)?;
    } else {
        let mut text = report_text(&report, ws.settings.stale_after_days);
        if let Some(a) = &archive {
            text.push_str(&archive_text(a));
        }
        output::write_stdout(&text)?;
    }
    let broken = report.has_broken_links() || archive.as_ref().is_some_and(|a| !a.broken.is_empty());
    Ok(if broken { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// What `check` finds in the archive beside the workspace.
#[derive(serde::Serialize)]
struct ArchiveCheck {
    file: std::path::PathBuf,
    items: usize,
    sprints: usize,
    /// Links of archived entities that resolve in neither file, and keys
    /// an archived item shares with another item of the workspace.
    broken: Vec<crate::domain::align::BrokenLink>,
}

fn check_archive(s: &Session, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<Option<ArchiveCheck>> {
    let ws = s.store.workspace();
    let Some(shelf) = crate::store::archive::view(s.store.path(), ws)? else { return Ok(None) };
    let archived = |id: uuid::Uuid| ws.item(id).is_none() && ws.sprint(id).is_none();
    let mut broken: Vec<_> =
        crate::domain::align::check(&shelf, now).broken.into_iter().filter(|b| archived(b.id)).collect();
    for i in shelf.items.iter().filter(|i| archived(i.meta.id)) {
        if let Some(other) = ws.item_by_key(&i.key) {
            broken.push(crate::domain::align::BrokenLink {
                entity: "item",
                id: i.meta.id,
                key: i.key.clone(),
                problem: crate::domain::align::Problem::DuplicateKey,
                target: Some(other.meta.id),
                message: format!(
                    "{} is both an archived item and another item in the workspace: give one of them a new key",
                    i.key
                ),
            });
        }
    }
    Ok(Some(ArchiveCheck {
        file: crate::store::archive::path(s.store.path()),
        items: shelf.items.iter().filter(|i| archived(i.meta.id)).count(),
        sprints: shelf.sprints.iter().filter(|x| archived(x.meta.id)).count(),
        broken,
    }))
}

fn archive_text(a: &ArchiveCheck) -> String {
    let name = a.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut out = format!(
        "Archive {}: {} and {}",
        safe(&name),
        crate::domain::text::count(a.items as u64, "item", "items"),
        crate::domain::text::count(a.sprints as u64, "sprint", "sprints")
    );
    if a.broken.is_empty() {
        out.push_str(", links all resolve\n");
    } else {
        out.push_str(&format!(", broken links ({})\n", a.broken.len()));
        for b in &a.broken {
            out.push_str(&format!("  {}\n", safe(&b.message)));
        }
    }
    out
}

fn report_text(r: &crate::domain::align::Report, stale_days: u32) -> String {
    use crate::domain::align::Entry;
    let mut out = String::new();
    let entries = |out: &mut String, title: &str, list: &[Entry]| {
        if list.is_empty() {
            return;
        }
        out.push_str(&format!("{title} ({})\n", list.len()));
        for e in list {
            out.push_str(&format!("  {:<8} {}\n", safe(&e.key), safe(&e.title)));
        }
    };
    if r.broken.is_empty() {
        out.push_str("Links: all resolve\n");
    } else {
        out.push_str(&format!("Broken links ({})\n", r.broken.len()));
        for b in &r.broken {
            out.push_str(&format!("  {}\n", safe(&b.message)));
        }
    }
    entries(&mut out, "Goals with no initiative", &r.goals_without_initiative);
    entries(&mut out, "Initiatives in Now with no ready stories", &r.now_without_ready);
    entries(&mut out, "Stories linked to no initiative", &r.unlinked_stories);
    if !r.stale.is_empty() {
        out.push_str(&format!(
            "Stale work: in progress and untouched for over {stale_days} days ({})\n",
            r.stale.len()
        ));
        for st in &r.stale {
            out.push_str(&format!(
                "  {:<8} {:<11} {:>3} days  {}\n",
                safe(&st.item.key),
                st.status.to_string(),
                st.idle_days,
                safe(&st.item.title)
            ));
        }
    }
    entries(&mut out, "Open items still linked to a closed sprint", &r.open_in_closed_sprint);
    match &r.sprint_trace {
        Some(t) => {
            let share = t.share().map_or("no points yet".to_owned(), |s| format!("{:.0}%", s * 100.0));
            out.push_str(&format!(
                "Active sprint {}: {} of {} points trace up to a goal ({share})\n",
                safe(&t.name),
                t.traced_points,
                t.total_points
            ));
            for e in &t.untraced {
                out.push_str(&format!("  not traced: {:<8} {}\n", safe(&e.key), safe(&e.title)));
            }
        }
        None => out.push_str("No active sprint\n"),
    }
    if r.is_clean() {
        out.push_str("Aligned: nothing to report.\n");
    }
    out
}

pub fn conflicts(s: &mut Session, cmd: ConflictsCmd) -> anyhow::Result<()> {
    match cmd {
        ConflictsCmd::List => {
            let ws = s.store.workspace();
            let open: Vec<_> = ws.open_conflicts().collect();
            let n = conflict::handle_len(open.iter().copied());
            if s.json {
                return output::json(&open.iter().map(|c| ConflictView::of(ws, c, n)).collect::<Vec<_>>());
            }
            if open.is_empty() {
                return output::line("No open conflicts.");
            }
            let mut out = String::new();
            for c in &open {
                out.push_str(&format!(
                    "{}  {} {}  ({}, kept by {})\n",
                    &c.handle()[..n],
                    safe(&c.label),
                    safe(&c.field),
                    c.at.format("%Y-%m-%d %H:%M UTC"),
                    safe(&c.kept_by())
                ));
                for (side, word) in [(Take::Ours, "ours  "), (Take::Theirs, "theirs")] {
                    let now = if c.kept() == side { "   <- in the file now" } else { "" };
                    let value = output::truncate(&safe(&conflict::describe(ws, c.value(side))), 60);
                    out.push_str(&format!("  {word}  {}: {value}{now}\n", safe(c.side_name(side))));
                }
                if let Some(why) = c.sides.as_ref().and_then(|x| x.reason.as_deref()) {
                    out.push_str(&format!("  why     {}\n", safe(why)));
                }
            }
            out.push_str("Settle one with `backlog conflicts resolve ID --keep ours|theirs` (C in the TUI).\n");
            output::write_stdout(&out)
        }
        ConflictsCmd::Resolve { id, keep } => {
            let take = match keep {
                KeepSide::Ours => Take::Ours,
                KeepSide::Theirs => Take::Theirs,
            };
            let change = s.apply(|ws| {
                let hits = conflict::find(ws, &id);
                let [c] = hits.as_slice() else {
                    let n = conflict::handle_len(ws.open_conflicts());
                    let named: Vec<String> = hits
                        .iter()
                        .map(|c| format!("{} ({} {})", &c.handle()[..n], safe(&c.label), safe(&c.field)))
                        .collect();
                    match named.len() {
                        0 => {
                            return Err(super::envelope::NotFound(format!(
                                "no open conflict has the id {:?}; see `backlog conflicts list`",
                                safe(&id)
                            ))
                            .into());
                        }
                        k => bail!(
                            "{k} open conflicts begin with {:?}: {}; give more of the id",
                            safe(&id),
                            named.join(", ")
                        ),
                    }
                };
                Ok(Command::ResolveConflict { id: c.id, take })
            })?;
            output::line(safe(&change.summary))
        }
    }
}

pub fn backups(path: &Path, json: bool, cmd: BackupsCmd) -> anyhow::Result<()> {
    let paths = Paths::resolve(path)?;
    // A link or a file where the folder should be is not read through: say so.
    if let Some(not) = backup::check(&paths) {
        output::warn(not.to_string());
    }
    let list = backup::list(&paths);
    match cmd {
        BackupsCmd::List => {
            if json {
                let rows: Vec<_> = list
                    .iter()
                    .enumerate()
                    .map(|(n, b)| serde_json::json!({ "n": n + 1, "path": b.path, "bytes": b.len }))
                    .collect();
                return output::json(&rows);
            }
            if list.is_empty() {
                return output::line(format!("No backups yet (they are kept in {}).", paths.backups().display()));
            }
            let mut t = Table::new(&["N", "SAVED", "BYTES", "FILE"]);
            for (n, b) in list.iter().enumerate() {
                let when = b
                    .modified
                    .map(chrono::DateTime::<chrono::Utc>::from)
                    .map_or("?".into(), |d| d.format("%Y-%m-%d %H:%M:%S UTC").to_string());
                t.row(vec![(n + 1).to_string(), when, b.len.to_string(), b.path.display().to_string()]);
            }
            output::write_stdout(&t.render())
        }
        BackupsCmd::Restore { n } => {
            let b = list
                .get(n.wrapping_sub(1))
                .ok_or_else(|| anyhow!("there is no backup {n}; see `backlog backups list`"))?;
            let bytes = std::fs::read(&b.path).with_context(|| format!("could not read {}", b.path.display()))?;
            let replaced = match crate::store::restore(&paths.file, &bytes)? {
                None => "the version it replaced is now backup 1".to_owned(),
                Some(not) => {
                    output::warn(not.to_string());
                    "the version it replaced was not kept".to_owned()
                }
            };
            output::line(format!("Restored {} from backup {n}; {replaced}", paths.file.display()))
        }
    }
}

/// `backlog recover FILE`: into the workspace named by --workspace or
/// $BACKLOG_WORKSPACE, else the one the file was written for, else the one
/// found from here.
pub fn recover(cli: &super::Cli, file: &Path, role: Role) -> anyhow::Result<()> {
    use crate::store::recovery;
    let bytes = std::fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
    let rec = recovery::decode(file, &bytes)?;
    let named = cli.workspace.is_some() || std::env::var_os("BACKLOG_WORKSPACE").is_some_and(|v| !v.is_empty());
    let target = match rec.workspace.filter(|p| !named && p.exists()) {
        Some(p) => p,
        None => super::workspace_path(cli)?,
    };
    let mut store = Store::open(&target, role)?;
    let saved = store.merge_recovery(file)?;
    super::report_merge(&saved);
    output::line(format!(
        "Merged {} into {} ({} change(s) since it was written were kept; {} conflict(s)); the recovery file is removed",
        file.display(),
        target.display(),
        if saved.merged { "other" } else { "no" },
        saved.report.conflicts.len()
    ))
}

/// A conflict as `conflicts list --json` prints it: the record, the short
/// id the text list shows, and its values as a person reads them.
#[derive(serde::Serialize)]
struct ConflictView<'a> {
    #[serde(flatten)]
    conflict: &'a Conflict,
    handle: String,
    kept: Take,
    ours_from: &'a str,
    theirs_from: &'a str,
    ours_text: String,
    theirs_text: String,
}

impl<'a> ConflictView<'a> {
    fn of(ws: &Workspace, c: &'a Conflict, n: usize) -> ConflictView<'a> {
        ConflictView {
            conflict: c,
            handle: c.handle()[..n].to_owned(),
            kept: c.kept(),
            ours_from: c.side_name(Take::Ours),
            theirs_from: c.side_name(Take::Theirs),
            ours_text: conflict::describe(ws, &c.ours),
            theirs_text: conflict::describe(ws, &c.theirs),
        }
    }
}
