//! Thin: pick the CLI or the TUI, map errors to exit codes (0 ok, 1 error,
//! 2 usage).

use backlog::cli::{self, Cli};
use backlog::config::Config;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Past a file-size limit (`ulimit -f`) a write then fails with EFBIG,
    // which the store reports and survives, instead of the default action
    // of SIGXFSZ killing us mid-save.
    // SAFETY: called before any thread exists; SIG_IGN needs no handler.
    unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    backlog::store::retention::set(config.backups);
    // Without a command: the TUI. A bad command line falls through to
    // `execute`, which reports it.
    match Cli::try_parse() {
        Ok(cli) if cli.command.is_none() => tui(cli, &config).unwrap_or_else(|e| fail(&e)),
        Ok(Cli { command: Some(cli::Cmd::Mcp(a)), workspace, role, demo, .. }) => {
            mcp(a, Cli { workspace, role, demo, json: false, mouse: false, via: None, command: None }, config)
                .unwrap_or_else(|e| fail(&e))
        }
        _ => {
            cli::exits_after_command();
            cli::execute(std::env::args_os(), &config)
        }
    }
}

/// `backlog mcp`: serves until the client closes stdin.
fn mcp(a: cli::args::McpArgs, cli: Cli, config: Config) -> anyhow::Result<ExitCode> {
    let workspace = cli::workspace_path(&cli)?;
    // Refused at once rather than on the agent's first call.
    if !workspace.exists() {
        anyhow::bail!(
            "no workspace at {}: create one with `backlog init`, or point --workspace at it",
            workspace.display()
        );
    }
    let role = cli::session_role(cli.role, &config)?;
    let opts = backlog::agent::Options { workspace, role, read_only: a.read_only, name: a.name, config };
    backlog::agent::mcp::serve(opts)?;
    Ok(ExitCode::SUCCESS)
}

fn tui(cli: Cli, config: &Config) -> anyhow::Result<ExitCode> {
    let path = cli::workspace_path(&cli)?;
    let role = cli::session_role(cli.role, config)?;
    let mouse = cli.mouse || config.mouse.unwrap_or(false);
    let exit = backlog::tui::run(&path, config, backlog::tui::Options { role, mouse })?;
    // Changes not written to the workspace (a recovery file, or dropped
    // as asked) are a failure for scripts and shells to see.
    Ok(match exit {
        backlog::tui::Exit::Saved => ExitCode::SUCCESS,
        backlog::tui::Exit::Unsaved => ExitCode::FAILURE,
    })
}

fn fail(e: &anyhow::Error) -> ExitCode {
    cli::output::write_stderr(&format!("backlog: {}\n", cli::output::safe(&cli::one_line(e))));
    ExitCode::FAILURE
}
