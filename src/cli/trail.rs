//! A story's trail in the code: `show`'s commits and branches, `git sync`
//! (closing words), `git branch` and `git orphans`. Reading git is
//! `store::trail`'s; this is what the commands make of it.

use super::Session;
use super::args::{BranchArgs, GitCmd, SyncArgs};
use super::output::{self, Table, safe};
use crate::domain::command::ItemPatch;
use crate::domain::{Command, Status, Workspace};
use crate::store::git::InRepo;
use crate::store::trail::{self, Branch, Commit, Trail, sync};
use anyhow::anyhow;
use serde::Serialize;
use std::process::ExitCode;

/// `git sync`, `git branch` and `git orphans`.
pub fn run(s: &mut Session, cmd: GitCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        GitCmd::Sync(a) => sync_cmd(s, a)?,
        GitCmd::Branch(a) => branch(s, a)?,
        GitCmd::Orphans => orphans(s)?,
        _ => unreachable!("the other git commands run without opening the workspace"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The repository holding the workspace, or an error saying the command
/// needs one.
fn repo(s: &Session) -> anyhow::Result<InRepo> {
    InRepo::find(s.store.path())?.ok_or_else(|| {
        anyhow!(
            "{} is not inside a git work tree (or git is not installed): this command reads the repository that holds it",
            s.store.path().display()
        )
    })
}

fn read(s: &Session, repo: &InRepo) -> anyhow::Result<Trail> {
    let ws = s.store.workspace();
    let pattern = trail::pattern_for(ws);
    Ok(trail::read(&repo.root, &pattern, trail::cache_path(&repo.root, ws).as_deref())?)
}

/// The trail for `show`: `None` outside a repository, and when git fails
/// (said as a warning: the item is still shown).
pub fn for_show(s: &Session) -> Option<Trail> {
    match trail::for_file(s.store.path(), s.store.workspace()) {
        Ok(t) => t,
        Err(e) => {
            output::warn(format!("the commits naming it could not be read: {e}"));
            None
        }
    }
}

/// A commit as `show --json` lists it for one story.
#[derive(Serialize)]
pub struct StoryCommit<'a> {
    #[serde(flatten)]
    commit: &'a Commit,
    /// A closing word in it names this story.
    closes_this: bool,
}

/// What `show --json` adds for the story: its commits and branches.
#[derive(Serialize)]
pub struct StoryTrail<'a> {
    pub default_branch: Option<&'a str>,
    pub commits: Vec<StoryCommit<'a>>,
    pub branches: Vec<&'a Branch>,
}

pub fn story<'a>(t: &'a Trail, key: &str) -> StoryTrail<'a> {
    StoryTrail {
        default_branch: t.default_branch.as_deref(),
        commits: t.commits_for(key).map(|c| StoryCommit { commit: c, closes_this: c.closes(key) }).collect(),
        branches: t.branches_for(key).collect(),
    }
}

/// `show`'s text for the story's commits and branches (nothing when no
/// commit or branch names it).
pub fn show_text(t: &Trail, key: &str) -> String {
    let main = t.default_branch.as_deref().unwrap_or("the default branch");
    let mut out = String::new();
    let mut table = Table::new(&["", "", "", "", "", ""]);
    for c in t.commits_for(key) {
        table.row(vec![
            format!("    {}", c.short),
            c.date.format("%Y-%m-%d").to_string(),
            if c.on_default { format!("on {}", safe(main)) } else { format!("not on {}", safe(main)) },
            if c.closes(key) { "closes".into() } else { "links".into() },
            output::truncate(&safe(&c.author), 24),
            safe(&c.subject),
        ]);
    }
    if !table.is_empty() {
        out.push_str(&format!("\n  Commits ({}):\n", t.commits_for(key).count()));
        // The header row is empty: skip it.
        out.extend(table.render().lines().skip(1).map(|l| format!("{l}\n")));
    }
    let branches: Vec<&Branch> = t.branches_for(key).collect();
    if !branches.is_empty() {
        out.push_str(&format!("\n  Branches ({}):\n", branches.len()));
        for b in branches {
            let at: String = b.commit.chars().take(7).collect();
            out.push_str(&format!("    {}  at {at}\n", safe(&b.name)));
        }
    }
    out
}

/// What `git sync --json` prints.
#[derive(Serialize)]
struct SyncOut<'a> {
    dry_run: bool,
    default_branch: Option<&'a str>,
    moved: &'a [sync::Move],
    reported: &'a [sync::Report],
    applied_before: usize,
    read: trail::Stats,
}

/// How many reported closing words the text lists (`--json` has them all).
const REPORTED_SHOWN: usize = 20;

fn sync_cmd(s: &mut Session, a: SyncArgs) -> anyhow::Result<()> {
    let repo = repo(s)?;
    if a.quiet && trail::busy(&repo.root, a.hook.as_deref()) {
        return Ok(());
    }
    let t = read(s, &repo)?;
    let (plan, warnings) = if a.dry_run {
        let ws = s.store.workspace();
        (sync::plan(ws, &t, ws.settings.close_status), Vec::new())
    } else {
        apply(s, &t)?
    };
    for w in &warnings {
        output::warn(w);
    }
    if s.json {
        return output::json(&SyncOut {
            dry_run: a.dry_run,
            default_branch: t.default_branch.as_deref(),
            moved: &plan.moves,
            reported: &plan.reported,
            applied_before: plan.applied_before,
            read: t.stats,
        });
    }
    let verb = if a.dry_run { "Would move" } else { "Moved" };
    for m in &plan.moves {
        let first = &m.commits[0];
        let mut line = format!(
            "{verb} {} from {} to {} (commit {} by {}: {})",
            safe(&m.key),
            m.from,
            m.to,
            first.short,
            safe(&first.author),
            safe(&output::truncate(&first.subject, 60))
        );
        if m.commits.len() > 1 {
            line.push_str(&format!(", closed by {} commits", m.commits.len()));
        }
        output::line(if a.quiet { format!("backlog: {line}") } else { line })?;
    }
    if a.quiet {
        return Ok(());
    }
    for r in plan.reported.iter().take(REPORTED_SHOWN) {
        output::line(format!(
            "Not moved: {} (commit {}: {})",
            safe(&r.reason.describe(&r.key)),
            r.commit.short,
            safe(&output::truncate(&r.commit.subject, 60))
        ))?;
    }
    if plan.reported.len() > REPORTED_SHOWN {
        output::line(format!(
            "… and {} more not moved (`backlog git sync --dry-run --json` lists them all)",
            plan.reported.len() - REPORTED_SHOWN
        ))?;
    }
    if plan.moves.is_empty() && plan.reported.is_empty() {
        let on = t.default_branch.as_deref().map_or("the default branch".to_owned(), safe);
        output::line(format!("Nothing to move: no new closing words on {on}."))?;
    }
    if plan.applied_before > 0 {
        output::line(format!(
            "{} closing word(s) were applied by an earlier sync and are not applied again.",
            plan.applied_before
        ))?;
    }
    let st = t.stats;
    output::line(format!(
        "Read {} new commit(s) ({} read before{}).",
        st.new_commits,
        st.cached_commits,
        if st.rebuilt { ", cache built" } else { "" }
    ))
}

/// Makes the plan's moves under one lock and one save, each as the
/// commit's author "via commit …". A move the role guard or the
/// Definition of Done refuses is reported; the others go ahead.
fn apply(s: &mut Session, t: &Trail) -> anyhow::Result<(sync::Plan, Vec<String>)> {
    s.ctx.set_now(chrono::Utc::now());
    let (user, via) = (s.ctx.user.clone(), s.ctx.via.clone());
    let result = s.store.apply_batch(&mut s.ctx, |batch| {
        let ws = batch.workspace();
        let mut plan = sync::plan(ws, t, ws.settings.close_status);
        let mut warnings = Vec::new();
        let mut kept = Vec::new();
        for m in std::mem::take(&mut plan.moves) {
            let ctx = batch.ctx_mut();
            ctx.user = crate::domain::text::clean_line(m.author());
            ctx.via = Some(m.via());
            let patch = ItemPatch { status: Some(m.to), ..ItemPatch::default() };
            match batch.apply(Command::EditItem { id: m.item, patch: Box::new(patch) }) {
                Ok(change) => {
                    warnings.extend(change.warnings.iter().cloned());
                    kept.push(m);
                }
                Err(e) => plan.reported.push(sync::Report {
                    key: m.key.clone(),
                    commit: m.commits[0].clone(),
                    reason: sync::Reason::Refused { message: e.to_string() },
                }),
            }
        }
        plan.moves = kept;
        Ok::<_, anyhow::Error>((plan, warnings))
    });
    s.ctx.user = user;
    s.ctx.via = via;
    let ((plan, warnings), changes, saved) = result?;
    super::report_merge(&saved);
    super::envelope::record(s.store.workspace(), &changes);
    Ok((plan, warnings))
}

fn branch(s: &mut Session, a: BranchArgs) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    let item = super::resolve::item(ws, &a.key)?;
    let (id, key, status) = (item.meta.id, item.key.clone(), item.status);
    let name = crate::domain::branch_name::name(&ws.settings.branch_template, item);
    let switched = if a.create { Some(trail::branch::switch_to(&repo(s)?.root, &name)?) } else { None };
    let startable = status < Status::InProgress;
    let start = startable && (a.start || (a.create && !s.json && output::interactive() && ask_start(&key)));
    if switched.is_some() {
        // The move is made on the branch just checked out.
        s.ctx.branch = Some(name.clone());
    }
    let moved = if start {
        let patch = ItemPatch { status: Some(Status::InProgress), ..ItemPatch::default() };
        Some(s.apply(|_| Ok(Command::EditItem { id, patch: Box::new(patch) }))?.summary)
    } else {
        None
    };
    if s.json {
        return output::json(&serde_json::json!({
            "key": key, "branch": name, "switched": switched, "moved": moved.is_some(),
        }));
    }
    use trail::branch::Switched;
    match switched {
        None => output::line(&name)?,
        Some(Switched::Created) => output::line(format!("Created branch {name} and checked it out"))?,
        Some(Switched::Tracking) => {
            output::line(format!("Created branch {name} from origin/{name} and checked it out"))?
        }
        Some(Switched::Existing) => output::line(format!("Checked out branch {name} (it was there already)"))?,
        Some(Switched::Current) => output::line(format!("On branch {name} already"))?,
    }
    if let Some(summary) = moved {
        output::line(safe(&summary))?;
    } else if startable && a.create {
        output::line(format!("{key} is still {status}: `backlog git branch {key} --start` moves it to in progress"))?;
    }
    Ok(())
}

fn ask_start(key: &str) -> bool {
    output::write_stderr(&format!("Move {key} to in progress? [y/N] "));
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).is_ok() && answer.trim().to_ascii_lowercase().starts_with('y')
}

/// A commit naming a key that leads nowhere open.
#[derive(Serialize)]
struct OrphanCommit<'a> {
    key: &'a str,
    /// unknown, deleted, dropped, or done (for a commit not on the default
    /// branch: work on a story already done).
    why: &'static str,
    #[serde(flatten)]
    commit: &'a Commit,
}

/// A story in progress or review that no commit or branch names.
#[derive(Serialize)]
struct OrphanStory<'a> {
    key: &'a str,
    status: Status,
    title: &'a str,
}

fn orphan_commits<'a>(ws: &'a Workspace, t: &'a Trail) -> Vec<OrphanCommit<'a>> {
    let mut out = Vec::new();
    for c in &t.commits {
        for key in &c.keys {
            let why = match ws.item_holding_key(key) {
                None => "unknown",
                Some(i) if !i.is_live() => "deleted",
                Some(i) if i.status == Status::Dropped => "dropped",
                Some(i) if i.status == Status::Done && !c.on_default => "done",
                Some(_) => continue,
            };
            out.push(OrphanCommit { key, why, commit: c });
        }
    }
    out
}

fn orphans(s: &Session) -> anyhow::Result<()> {
    let repo = repo(s)?;
    let t = read(s, &repo)?;
    let ws = s.store.workspace();
    let commits = orphan_commits(ws, &t);
    let mut stories: Vec<OrphanStory> = ws
        .ranked_item_positions()
        .into_iter()
        .map(|p| &ws.items[p])
        .filter(|i| matches!(i.status, Status::InProgress | Status::Review) && !t.names(&i.key))
        .map(|i| OrphanStory { key: &i.key, status: i.status, title: &i.title })
        .collect();
    stories.sort_by_key(|o| o.status);
    if s.json {
        return output::json(&serde_json::json!({ "commits": commits, "stories": stories }));
    }
    let main = t.default_branch.as_deref().map_or("the default branch".to_owned(), safe);
    let mut out = String::new();
    if commits.is_empty() {
        out.push_str("No commit names a key that does not exist or a closed story.\n");
    } else {
        out.push_str(&format!("Commits naming keys that lead nowhere open ({}):\n", commits.len()));
        let mut table = Table::new(&["  COMMIT", "DATE", "KEY", "WHY", "AUTHOR", "SUBJECT"]);
        for o in &commits {
            let why = match o.why {
                "unknown" => "no such item".to_owned(),
                "done" => format!("done, commit not on {main}"),
                w => w.to_owned(),
            };
            table.row(vec![
                format!("  {}", o.commit.short),
                o.commit.date.format("%Y-%m-%d").to_string(),
                safe(o.key),
                why,
                output::truncate(&safe(&o.commit.author), 20),
                safe(&o.commit.subject),
            ]);
        }
        out.push_str(&table.render());
    }
    out.push('\n');
    if stories.is_empty() {
        out.push_str("Every story in progress or review has a commit or a branch.\n");
    } else {
        out.push_str(&format!("Stories in progress or review that no commit or branch names ({}):\n", stories.len()));
        let mut table = Table::new(&["  KEY", "STATUS", "TITLE"]);
        for o in &stories {
            table.row(vec![format!("  {}", safe(o.key)), o.status.to_string(), safe(o.title)]);
        }
        out.push_str(&table.render());
    }
    output::write_stdout(&out)
}
