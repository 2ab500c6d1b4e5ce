//! The command line: clap arguments -> domain commands -> the store. The
//! same `Command`s the TUI sends, through the same `Store::apply`.

mod admin;
mod archive;
pub mod args;
pub mod envelope;
mod export;
mod forecast;
mod git;
mod history;
mod import;
mod items;
mod links;
pub mod output;
mod releases;
mod resolve;
mod site;
pub mod sprints;
mod strategy;
mod trail;

use crate::config::Config;
use crate::domain::{Change, Command, Ctx, Role, Workspace};
use crate::identity::Identity;
use crate::store::{Store, locate};
use anyhow::{Context, anyhow};
pub use args::{Cli, Cmd};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by `main` when the process ends with the command it runs: the
/// workspace it opened is then left for the exit to take back whole, not
/// freed item by item (a tenth of a `show` at 100k items). A process that
/// runs commands inside itself (`backlog mcp`) frees each one's.
static EXITS_AFTER: AtomicBool = AtomicBool::new(false);

/// Says that the process exits once this command is done (see
/// [`EXITS_AFTER`]).
pub fn exits_after_command() {
    EXITS_AFTER.store(true, Ordering::Relaxed);
}

/// An open workspace and who is editing it.
pub struct Session {
    pub store: Store,
    pub ctx: Ctx,
    pub json: bool,
}

impl Session {
    /// Makes one command from the file as it is under the lock, applies it
    /// and saves; role-guard crossings and soft problems are printed as
    /// warnings. Every CLI write comes through here: whatever the command
    /// reads (a key, a list it adds to, a neighbour) is read inside `build`,
    /// never from the copy read when the command started.
    pub fn apply(&mut self, build: impl FnOnce(&Workspace) -> anyhow::Result<Command>) -> anyhow::Result<Change> {
        self.apply_after(build, Vec::new)
    }

    /// [`Session::apply`] that prints what `first` gives (warnings about
    /// the items, say) before the change's own warnings (about what they
    /// came to), once the change is saved.
    pub fn apply_after(
        &mut self,
        build: impl FnOnce(&Workspace) -> anyhow::Result<Command>,
        first: impl FnOnce() -> Vec<String>,
    ) -> anyhow::Result<Change> {
        self.ctx.set_now(chrono::Utc::now());
        let (change, saved) = self.store.apply_with(&mut self.ctx, build)?;
        for w in first().iter().chain(&change.warnings) {
            output::warn(w);
        }
        report_merge(&saved);
        envelope::record(self.store.workspace(), std::slice::from_ref(&change));
        Ok(change)
    }
}

impl Session {
    /// The archive as its readers see it, and the archived item
    /// `reference` names there: `None` if the workspace has that item, or
    /// the archive has none (or there is no archive).
    pub fn archived_item(&self, reference: &str) -> anyhow::Result<Option<(Workspace, uuid::Uuid)>> {
        let ws = self.store.workspace();
        let Some(shelf) = crate::store::archive::view(self.store.path(), ws)? else { return Ok(None) };
        let id = crate::domain::resolve::item(&shelf, reference).ok().map(|i| i.meta.id);
        Ok(id.filter(|id| ws.item(*id).is_none()).map(|id| (shelf, id)))
    }
}

/// What a save has to say: keys renumbered and conflicts kept by its
/// merge, and anything else it warned about (no backup kept).
pub(crate) fn report_merge(saved: &crate::store::Saved) {
    saved.warnings.iter().for_each(output::warn);
    output::report(|r| {
        r.conflicts += saved.report.conflicts.len();
        r.renumbered.extend(saved.report.renumbered.iter().cloned());
    });
    for (old, new) in &saved.report.renumbered {
        output::warn(format!("{old} was taken by a concurrent edit; the new item is {new}"));
    }
    if !saved.report.conflicts.is_empty() {
        output::warn(format!(
            "{} conflicting edit(s) with another session were kept side by side: see `backlog conflicts list`",
            saved.report.conflicts.len()
        ));
    }
}

/// The session role: --role, else $BACKLOG_ROLE, else the config file,
/// else PO.
pub fn session_role(flag: Option<Role>, config: &Config) -> anyhow::Result<Role> {
    if let Some(r) = flag {
        return Ok(r);
    }
    if let Some(v) = std::env::var_os("BACKLOG_ROLE").filter(|v| !v.is_empty()) {
        let v = v.to_string_lossy();
        return v.parse::<Role>().map_err(|e| anyhow!("$BACKLOG_ROLE: {e}"));
    }
    Ok(config.role.unwrap_or_default())
}

/// Where the session role came from, for `whoami`.
fn role_source(flag: Option<Role>) -> &'static str {
    if flag.is_some() {
        "--role"
    } else if std::env::var_os("BACKLOG_ROLE").is_some_and(|v| !v.is_empty()) {
        "$BACKLOG_ROLE"
    } else {
        "the config file, else the default (po)"
    }
}

/// The file a command works on: --demo, else the discovery rule.
pub fn workspace_path(cli: &Cli) -> anyhow::Result<PathBuf> {
    if cli.demo {
        return admin::demo_path();
    }
    locate::locate(cli.workspace.as_deref())
        .map(|l| l.path)
        .ok_or_else(|| anyhow!("no workspace found and no per-user data folder: pass --workspace PATH"))
}

/// `backlog help agents`: how a coding agent works with a workspace (the
/// MCP server offers it as a resource too).
pub const AGENTS_PAGE: &str = include_str!("../../assets/agents.md");

/// `backlog help [TOPIC…]`: the agents' page, or clap's help of a command.
fn help(topic: &[String]) -> anyhow::Result<ExitCode> {
    use clap::CommandFactory;
    if topic.len() == 1 && topic[0] == "agents" {
        output::write_stdout(AGENTS_PAGE)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut cmd = Cli::command();
    cmd.build();
    let mut at = &mut cmd;
    for word in topic {
        at = at.find_subcommand_mut(word).ok_or_else(|| {
            anyhow!(
                "no command `{}`: `backlog --help` lists them, `backlog help agents` is for agents",
                safe_words(topic)
            )
        })?;
    }
    output::write_stdout(&at.render_long_help().to_string())?;
    Ok(ExitCode::SUCCESS)
}

fn safe_words(words: &[String]) -> String {
    output::safe(&words.join(" "))
}

pub fn open(cli: &Cli, role: Role, config: &Config) -> anyhow::Result<Session> {
    let path = workspace_path(cli)?;
    let store = Store::open(&path, role)?;
    Ok(session(cli, role, config, &path, store))
}

/// The session of `show`, or of an edit of one item's own fields: the
/// item and those that touch it when that read can stand in for the whole
/// file ([`Store::open_around`]), else the whole.
fn open_around(cli: &Cli, role: Role, config: &Config, reference: &str) -> anyhow::Result<Session> {
    let path = workspace_path(cli)?;
    match Store::open_around(&path, role, reference)? {
        Some(store) => Ok(session(cli, role, config, &path, store)),
        None => open(cli, role, config),
    }
}

fn session(cli: &Cli, role: Role, config: &Config, path: &Path, mut store: Store) -> Session {
    let me = Identity::resolve(config, Some(path));
    store.set_person(&me.name);
    for n in store.notices() {
        output::warn(n);
    }
    if let Some(reason) = store.read_only() {
        output::warn(format!("{} is read-only: {reason}", path.display()));
    }
    let big = crate::store::size::over(store.path(), config.warn_size_mb());
    if crate::store::size::first_time(store.path(), big.is_some()) {
        big.iter().for_each(output::warn);
    }
    let mut ctx = Ctx::new(chrono::Utc::now(), role);
    ctx.user = me.name;
    ctx.branch = me.branch;
    ctx.via = Some(cli.via.clone().unwrap_or_else(|| "cli".into()));
    // The CLI cannot ask; it crosses the role line with a warning (warn
    // mode) or is refused (strict mode).
    ctx.confirmed = true;
    Session { store, ctx, json: cli.json }
}

/// Parses `args` (the program name first) and runs the command, printing
/// its output and any error through [`output`]: the whole command line in
/// one call, for `main` and for a process that runs commands inside itself
/// ([`output::capture`] keeps what they print). Exit codes: 0 ok, 1 error,
/// 2 usage.
pub fn execute<I, T>(args: I, config: &Config) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let parsed = Cli::command().try_get_matches_from(&args).and_then(|m| Ok((Cli::from_arg_matches(&m)?, m)));
    let (cli, matches) = match parsed {
        Ok(p) => p,
        Err(e) => {
            // --help and --version are answers, not errors.
            if !e.use_stderr() {
                return match output::write_stdout(&e.render().to_string()) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(_) => ExitCode::FAILURE,
                };
            }
            if args.iter().skip(1).any(|a| a == "--json") {
                let message = e.render().to_string();
                let message = message.lines().next().unwrap_or_default().trim_start_matches("error: ");
                let _ = output::json(&envelope::error("usage", message));
            } else {
                output::write_stderr(&e.render().to_string());
            }
            return ExitCode::from(2);
        }
    };
    let json = cli.json;
    let mut path = Vec::new();
    let mut at = &matches;
    while let Some((name, sub)) = at.subcommand() {
        path.push(name.to_owned());
        at = sub;
    }
    let path = path.join(" ");
    let dry_run = at.try_get_one::<bool>("dry_run").ok().flatten().copied().unwrap_or(false);
    let result = if json && envelope::writes(&path, dry_run) {
        let (result, report) = output::collect(|| run(cli, config));
        result.and_then(|code| {
            output::json(&envelope::envelope(&path, report))?;
            Ok(code)
        })
    } else {
        run(cli, config)
    };
    match result {
        Ok(code) => code,
        Err(e) if json => {
            let _ = output::json(&envelope::error(envelope::code(&e), &one_line(&e)));
            if envelope::code(&e) == "usage" { ExitCode::from(2) } else { ExitCode::FAILURE }
        }
        Err(e) => {
            output::write_stderr(&format!("backlog: {}\n", output::safe(&one_line(&e))));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, without repeating a cause that a
/// message already quotes.
pub fn one_line(e: &anyhow::Error) -> String {
    let mut msg = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !msg.contains(&c) {
            msg.push_str(": ");
            msg.push_str(&c);
        }
    }
    msg
}

/// Runs one CLI command.
pub fn run(mut cli: Cli, config: &Config) -> anyhow::Result<ExitCode> {
    let role = session_role(cli.role, config)?;
    // What is left of `cli` is the global options.
    let Some(cmd) = cli.command.take() else {
        return Err(anyhow!("no command given (see `backlog --help`)"));
    };
    match cmd {
        Cmd::Init(mut a) => {
            // Where: the path given, else --workspace, else $BACKLOG_WORKSPACE,
            // else ./backlog.json.
            if a.path.is_none() {
                a.path = cli
                    .workspace
                    .clone()
                    .or_else(|| std::env::var_os("BACKLOG_WORKSPACE").filter(|v| !v.is_empty()).map(PathBuf::from));
            }
            admin::init(a, cli.demo, role).map(|_| ExitCode::SUCCESS)
        }
        Cmd::Completions { .. } if cli.json => {
            Err(envelope::Usage("completions print a shell script, not JSON: leave out --json".into()).into())
        }
        Cmd::Completions { shell } => {
            use clap::CommandFactory;
            // Into a buffer first: `backlog completions zsh | head` must not
            // panic on the closed pipe (clap_complete's own writer would).
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "backlog", &mut buf);
            output::write_stdout(&String::from_utf8_lossy(&buf))?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Help { topic } => help(&topic),
        Cmd::Schema => output::write_stdout(envelope::SCHEMA).map(|_| ExitCode::SUCCESS),
        // The server is started by `main`, above the agent layer that
        // serves; a command line run inside it cannot start another.
        Cmd::Mcp(_) => Err(anyhow!("`backlog mcp` runs as a command of its own, not inside another")),
        Cmd::MergeDriver(a) => git::merge_driver(a, role, &Identity::resolve(config, None).name),
        Cmd::Whoami => {
            let path = workspace_path(&cli).ok();
            history::whoami(&Identity::resolve(config, path.as_deref()), role, role_source(cli.role), cli.json)
                .map(|_| ExitCode::SUCCESS)
        }
        Cmd::Recover { file } => admin::recover(&cli, &file, role).map(|_| ExitCode::SUCCESS),
        // Reading the repository for stories, on the workspace as it parses.
        Cmd::Git(c @ (args::GitCmd::Sync(_) | args::GitCmd::Branch(_) | args::GitCmd::Orphans)) => {
            let mut s = open(&cli, role, config).context("could not open the workspace")?;
            trail::run(&mut s, c)
        }
        // Git commands run beside a file that may hold conflict markers.
        Cmd::Git(c) => {
            let path = workspace_path(&cli)?;
            git::run(c, &path, cli.json, role, &Identity::resolve(config, Some(&path)).name)
        }
        // Backups must work when the file does not parse: the parse error
        // sends the user here.
        Cmd::Backups(c) => {
            let path = workspace_path(&cli)?;
            admin::backups(&path, cli.json, c).map(|_| ExitCode::SUCCESS)
        }
        cmd => {
            let s = match &cmd {
                Cmd::Show { key } => open_around(&cli, role, config, key),
                Cmd::Edit(a) if let Some(key) = items::edits_one_near(a) => open_around(&cli, role, config, key),
                _ => open(&cli, role, config),
            };
            let mut s = s.context("could not open the workspace")?;
            let done = dispatch(&mut s, cmd).map_err(|e| archived_hint(&s, e));
            if EXITS_AFTER.load(Ordering::Relaxed) {
                // Freed by the exit at once rather than item by item.
                std::mem::forget(s);
            }
            done
        }
    }
}

/// An item the command named but the workspace lacks may be archived:
/// then say so, and how to bring it back, instead of "no item".
fn archived_hint(s: &Session, e: anyhow::Error) -> anyhow::Error {
    let Some(missing) = e.chain().find_map(|c| c.downcast_ref::<resolve::NoItem>()) else { return e };
    let Some((shelf, id)) = s.archived_item(&missing.reference).ok().flatten() else { return e };
    let key = output::safe(&shelf.item(id).expect("found there").key);
    anyhow::Error::new(envelope::NotFound(format!(
        "{key} is archived (in {}): `backlog unarchive {key}` brings it back",
        output::safe(&crate::store::archive::path(s.store.path()).display().to_string()),
    )))
}

fn dispatch(s: &mut Session, cmd: Cmd) -> anyhow::Result<ExitCode> {
    match cmd {
        Cmd::Add(a) => items::add(s, a)?,
        Cmd::List(a) => items::list(s, a.filter, a.limit, a.archived)?,
        Cmd::Show { key } => items::show(s, &key)?,
        Cmd::Edit(a) => items::edit(s, a)?,
        Cmd::Rm(a) => items::rm(s, &a)?,
        Cmd::Rank(a) => items::rank(s, a)?,
        Cmd::Link(a) => links::link(s, a)?,
        Cmd::Split(a) => links::split(s, a)?,
        Cmd::Duplicate { key } => links::duplicate(s, &key)?,
        Cmd::Comment { key, text } => links::comment(s, &key, &text.join(" "))?,
        Cmd::View(c) => links::views(s, c)?,
        Cmd::Vision(c) => strategy::vision(s, c)?,
        Cmd::Goal(c) => strategy::goal(s, c)?,
        Cmd::Roadmap(c) => strategy::roadmap(s, c)?,
        Cmd::Sprint(c) => sprints::run(s, c)?,
        Cmd::Release(c) => releases::release(s, c)?,
        Cmd::Team(c) => releases::team(s, c)?,
        Cmd::Settings(c) => admin::settings(s, c)?,
        Cmd::Check => return admin::check(s),
        Cmd::Archive(a) => archive::archive(s, a)?,
        Cmd::Unarchive { keys } => archive::unarchive(s, &keys)?,
        Cmd::Forecast(a) => forecast::run(s, a)?,
        Cmd::Log(a) => history::log(s, a)?,
        Cmd::Undo => history::undo(s)?,
        Cmd::Revert { change } => history::revert(s, &change)?,
        Cmd::Conflicts(c) => admin::conflicts(s, c)?,
        Cmd::Import(a) => import::run(s, a)?,
        Cmd::Export(a) => export::run(s, a)?,
        Cmd::Site(a) => site::run(s, a)?,
        Cmd::Init(_)
        | Cmd::Completions { .. }
        | Cmd::Backups(_)
        | Cmd::Git(_)
        | Cmd::Whoami
        | Cmd::MergeDriver(_)
        | Cmd::Help { .. }
        | Cmd::Schema
        | Cmd::Mcp(_)
        | Cmd::Recover { .. } => {
            unreachable!("handled before opening a workspace")
        }
    }
    Ok(ExitCode::SUCCESS)
}
