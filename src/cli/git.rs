//! `git setup|status|resolve` and the merge driver git runs.

use super::args::{GitCmd, MergeDriverArgs};
use super::output::{self, safe};
use crate::domain::Role;
use crate::store::MergeReport;
use crate::store::fsio::{self, Paths};
use crate::store::git::{self, InRepo, Version};
use crate::store::merge::Names;
use crate::store::trail::hooks;
use anyhow::{Context, anyhow};
use std::path::Path;
use std::process::ExitCode;

/// `backlog merge-driver %O %A %B %P %X %Y`: merges into %A; exit 0 when nothing
/// needs a person, 1 when conflicts were recorded (git then reports the
/// file as conflicted) or when an input could not be read (%A untouched).
pub fn merge_driver(a: MergeDriverArgs, role: Role, by: &str) -> anyhow::Result<ExitCode> {
    let name = a.path.clone().unwrap_or_else(|| a.ours.display().to_string());
    let read = |p: &Path| std::fs::read(p).with_context(|| format!("could not read {}", p.display()));
    let (base, ours, theirs) = (read(&a.base)?, read(&a.ours)?, read(&a.theirs)?);
    let merged = git::merge_versions(
        Version { name: &a.base, bytes: &base },
        Version { name: &a.ours, bytes: &ours },
        Version { name: &a.theirs, bytes: &theirs },
        role,
        by,
        Names::git(a.ours_label.as_deref(), a.theirs_label.as_deref()),
    );
    let merged = match merged {
        Ok(m) => m,
        Err(e) => {
            output::write_stderr(&format!(
                "backlog: cannot merge {}: {}; git keeps your side of the file as it was\n",
                safe(&name),
                safe(&e.to_string())
            ));
            return Ok(ExitCode::FAILURE);
        }
    };
    let paths = Paths::resolve(&a.ours)?;
    fsio::write_atomic(&paths, &merged.bytes, || Ok(()))?;
    say(&name, &merged.report);
    Ok(if merged.report.conflicts.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// What a merge did, on stderr (git shows it during the merge).
fn say(name: &str, report: &MergeReport) {
    let name = safe(name);
    for (old, new) in &report.renumbered {
        output::write_stderr(&format!(
            "backlog: {name}: {} was created on both branches; the later one is now {}\n",
            safe(old),
            safe(new)
        ));
    }
    if !report.conflicts.is_empty() {
        output::write_stderr(&format!(
            "backlog: {name}: {} conflicting edit(s) kept side by side in the file; settle them with \
             `backlog conflicts list` and `backlog conflicts resolve ID --keep ours|theirs` (or C in the TUI), \
             then `git add {name}`\n",
            report.conflicts.len()
        ));
    }
}

pub fn run(cmd: GitCmd, path: &Path, json: bool, role: Role, by: &str) -> anyhow::Result<ExitCode> {
    let repo = InRepo::find(path)?.ok_or_else(|| {
        anyhow!("{} is not inside a git work tree; run this in the repository that holds it", path.display())
    })?;
    match cmd {
        GitCmd::Setup(a) if a.remove_hooks => {
            let dir = hooks::hooks_dir(&repo.root)?;
            let changes = hooks::remove(&dir)?;
            say_hooks(&changes, json)?;
            Ok(ExitCode::SUCCESS)
        }
        GitCmd::Setup(a) => {
            let done = repo.setup(&program())?;
            let hooks = if a.hooks { Some(install_hooks(&repo)?) } else { None };
            if json {
                output::json(&serde_json::json!({
                    "attributes": done.attributes, "line": done.line, "archive_line": done.archive_line,
                    "added": done.added, "driver": done.command,
                    "hooks": hooks,
                }))?;
                return Ok(ExitCode::SUCCESS);
            }
            let what = if done.added { "Added" } else { "Already there:" };
            output::line(format!(
                "{what} `{}` and `{}` in {} (commit it: every clone then routes the file and its archive to the driver)",
                safe(&done.line),
                safe(&done.archive_line),
                safe(&done.attributes.display().to_string())
            ))?;
            output::line(format!(
                "Set merge.{}.driver = {} in this clone's git config (each clone runs `backlog git setup` once)",
                git::DRIVER,
                safe(&done.command)
            ))?;
            if let Some(changes) = &hooks {
                say_hooks(changes, false)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        GitCmd::Status => {
            let st = repo.status()?;
            if json {
                output::json(&serde_json::json!({
                    "repository": repo.root, "file": repo.rel, "installed": st.installed(),
                    "attribute": st.attribute, "driver": st.driver, "unmerged": st.unmerged
                }))?;
                return Ok(ExitCode::SUCCESS);
            }
            output::line(format!("{} in {}", repo.rel, repo.root.display()))?;
            output::line(if st.attribute {
                "attribute: .gitattributes routes it to backlog's merge".to_owned()
            } else {
                "attribute: missing; git merges it line by line (run `backlog git setup`)".to_owned()
            })?;
            output::line(match &st.driver {
                Some(d) => format!("driver: {d}"),
                None => "driver: not set in this clone (run `backlog git setup`)".to_owned(),
            })?;
            output::line(if st.installed() {
                "The merge driver is installed."
            } else {
                "The merge driver is NOT installed: a merge may leave conflict markers (`backlog git resolve` redoes it)."
            })?;
            if st.unmerged {
                output::line("The file is unmerged in git's index: run `backlog git resolve`.")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        GitCmd::Sync(_) | GitCmd::Branch(_) | GitCmd::Orphans => {
            unreachable!("run on an open workspace (cli::trail)")
        }
        GitCmd::Resolve => match repo.resolve(role, by)? {
            None => {
                output::line(format!("Nothing to resolve: git holds no unmerged version of {}.", repo.rel))?;
                Ok(ExitCode::SUCCESS)
            }
            Some(merged) => {
                let r = &merged.report;
                output::line(format!(
                    "Merged {} from git's index, entity by entity ({} conflict(s), {} key(s) renumbered).",
                    repo.rel,
                    r.conflicts.len(),
                    r.renumbered.len()
                ))?;
                say(&repo.rel, r);
                merged.warnings.iter().for_each(output::warn);
                if r.conflicts.is_empty() {
                    output::line(format!("Next: `git add {}` to finish the merge.", repo.rel))?;
                }
                Ok(ExitCode::SUCCESS)
            }
        },
    }
}

/// Adds the `git sync` hooks for the workspace file of `repo`.
fn install_hooks(repo: &InRepo) -> anyhow::Result<Vec<hooks::HookChange>> {
    let program = program();
    // Git runs hooks at the top of the work tree: the file is found from there.
    let workspace = shell_quote(&repo.rel);
    let command = |hook: &str| format!("{program} --workspace {workspace} git sync --quiet --hook {hook}");
    Ok(hooks::install(&hooks::hooks_dir(&repo.root)?, &program, command)?)
}

/// What `setup --hooks` or `--remove-hooks` did to each hook.
fn say_hooks(changes: &[hooks::HookChange], json: bool) -> anyhow::Result<()> {
    use hooks::Action;
    if json {
        return output::json(&serde_json::json!({ "hooks": changes }));
    }
    for c in changes {
        let hook = safe(&c.hook.display().to_string());
        let line = match &c.action {
            Action::Created => format!("Created {hook}: it runs `backlog git sync` after each commit"),
            Action::Added => format!("Added `backlog git sync` to {hook}, before what it already runs"),
            Action::Updated => format!("Updated backlog's lines in {hook} (backlog is elsewhere now)"),
            Action::AlreadyThere => format!("Already there: backlog's lines in {hook}"),
            Action::Skipped { why } => format!("Left {hook} alone: {}", safe(why)),
            Action::Removed => format!("Took backlog's lines out of {hook}; it is as it was"),
            Action::RemovedFile => format!("Removed {hook} (backlog had created it)"),
            Action::NotThere => format!("Nothing of backlog's in {hook}"),
        };
        output::line(line)?;
    }
    Ok(())
}

/// How git should call this backlog: by name when `backlog` on PATH is this
/// very program, else by its full path (quoted for the shell git uses).
fn program() -> String {
    let me = std::env::current_exe().ok().and_then(|p| std::fs::canonicalize(p).ok());
    let on_path = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join("backlog")).find(|p| p.is_file()));
    match (me, on_path.and_then(|p| std::fs::canonicalize(p).ok())) {
        (Some(a), Some(b)) if a == b => "backlog".to_owned(),
        (Some(me), _) => shell_quote(&me.display().to_string()),
        (None, _) => "backlog".to_owned(),
    }
}

fn shell_quote(s: &str) -> String {
    if s.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c)) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// After `init` inside a repository: set the driver up when asked to, or
/// offer it.
pub fn offer_setup(path: &Path, yes: bool, no: bool) -> anyhow::Result<()> {
    if no {
        return Ok(());
    }
    let Some(repo) = InRepo::find(path)? else { return Ok(()) };
    let interactive = output::interactive();
    let go =
        yes || (interactive && ask("This is a git repository: install backlog's merge driver for the file? [Y/n] "));
    if go {
        let done = repo.setup(&program())?;
        output::line(format!(
            "Merge driver installed: `{}` and `{}` in {} (commit it), driver set in this clone",
            safe(&done.line),
            safe(&done.archive_line),
            safe(&done.attributes.display().to_string())
        ))?;
    } else if !interactive {
        output::line("Inside a git repository: run `backlog git setup` so that merges of the file go through backlog")?;
    }
    Ok(())
}

fn ask(question: &str) -> bool {
    output::write_stderr(question);
    let mut answer = String::new();
    if std::io::stdin().read_line(&mut answer).is_err() {
        return false;
    }
    !answer.trim().to_ascii_lowercase().starts_with('n')
}
