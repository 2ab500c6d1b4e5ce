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
    if let Ok(cli) = Cli::try_parse()
        && cli.command.is_none()
    {
        return match tui(cli, &config) {
            Ok(code) => code,
            Err(e) => fail(&e),
        };
    }
    cli::execute(std::env::args_os(), &config)
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
