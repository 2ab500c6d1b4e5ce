//! Thin: parse arguments, pick the CLI or the TUI, map errors to exit codes
//! (0 ok, 1 error, 2 usage).

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
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("backlog: {}", backlog::cli::output::safe(&one_line(&e)));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = Config::load()?;
    backlog::store::retention::set(config.backups);
    if cli.command.is_none() {
        let path = cli::workspace_path(&cli)?;
        let role = cli::session_role(cli.role, &config)?;
        let mouse = cli.mouse || config.mouse.unwrap_or(false);
        let exit = backlog::tui::run(&path, &config, backlog::tui::Options { role, mouse })?;
        // Changes not written to the workspace (a recovery file, or dropped
        // as asked) are a failure for scripts and shells to see.
        return Ok(match exit {
            backlog::tui::Exit::Saved => ExitCode::SUCCESS,
            backlog::tui::Exit::Unsaved => ExitCode::FAILURE,
        });
    }
    cli::run(cli, &config)
}

/// The error and its causes on one line, without repeating a cause that a
/// message already quotes.
fn one_line(e: &anyhow::Error) -> String {
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
