//! The agent interface: tools and resources for a coding agent, each run as
//! the CLI command it is made from (see [`tools`]), so an agent is one more
//! writer through the same lock, merge, role guard and history, under its
//! own name. [`mcp`] speaks the Model Context Protocol over stdio; it is
//! the only module that knows the protocol's SDK.

pub mod mcp;
pub mod tools;

use crate::cli::{self, output};
use crate::config::Config;
use crate::domain::Role;
use std::path::PathBuf;
use std::process::ExitCode;

/// How a server was started.
#[derive(Debug, Clone)]
pub struct Options {
    pub workspace: PathBuf,
    pub role: Role,
    /// Offer only the tools and actions that read.
    pub read_only: bool,
    /// The name its changes are recorded under; else the client's own.
    pub name: Option<String>,
    pub config: Config,
}

/// What a tool call or a resource read gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub ok: bool,
    /// The command's output: JSON for tools, Markdown for resources.
    pub text: String,
    /// Warnings the command printed beside it.
    pub warnings: String,
}

/// A resource: a page an agent reads whole.
pub struct Resource {
    pub uri: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub mime: &'static str,
    /// The CLI command that prints it; none for the instructions page.
    pub command: Option<&'static [&'static str]>,
}

pub const RESOURCES: &[Resource] = &[
    Resource {
        uri: "backlog://help/agents",
        name: "instructions",
        description: "How an agent works with this backlog: read this first.",
        mime: "text/markdown",
        command: None,
    },
    Resource {
        uri: "backlog://vision",
        name: "vision",
        description: "The product vision board and the business goals with their KPIs.",
        mime: "text/markdown",
        command: Some(&["export", "vision", "--format=md"]),
    },
    Resource {
        uri: "backlog://roadmap",
        name: "roadmap",
        description: "The roadmap: initiatives by Now / Next / Later, with their goals and progress.",
        mime: "text/markdown",
        command: Some(&["export", "roadmap", "--format=md"]),
    },
    Resource {
        uri: "backlog://sprint/active",
        name: "active sprint",
        description: "The active sprint (else the last closed one): goal, dates, items, burndown figures.",
        mime: "text/markdown",
        command: Some(&["export", "sprint", "--format=md"]),
    },
];

impl Options {
    /// Runs a tool for `client` (the name the client gave, untrusted).
    pub fn call(&self, tool: &str, args: &serde_json::Map<String, serde_json::Value>, client: &str) -> Outcome {
        let Some(t) = tools::find(tool) else {
            let names: Vec<&str> = tools::TOOLS.iter().map(|t| t.name).collect();
            return refusal(format!("no tool `{tool}` (the tools are {})", names.join(", ")));
        };
        match t.command_line(args, self.read_only) {
            Ok(words) => self.run(&words, true, client),
            Err(why) => refusal(why),
        }
    }

    /// Reads a resource.
    pub fn read(&self, uri: &str, client: &str) -> Option<Outcome> {
        let r = RESOURCES.iter().find(|r| r.uri == uri)?;
        Some(match r.command {
            None => Outcome { ok: true, text: cli::AGENTS_PAGE.to_owned(), warnings: String::new() },
            Some(words) => self.run(&words.iter().map(|w| w.to_string()).collect::<Vec<_>>(), false, client),
        })
    }

    /// One CLI command, in this process, its output captured: it opens the
    /// file, takes the lock, applies, saves and lets go, as `backlog` does.
    fn run(&self, words: &[String], json: bool, client: &str) -> Outcome {
        let mut config = self.config.clone();
        config.user = Some(self.person(client));
        let mut argv = vec![
            "backlog".to_owned(),
            format!("--workspace={}", self.workspace.display()),
            format!("--role={}", self.role.as_str()),
            "--via=mcp".to_owned(),
        ];
        if json {
            argv.push("--json".into());
        }
        argv.extend(words.iter().cloned());
        let (code, out) = output::capture(|| cli::execute(&argv, &config));
        let ok = code == ExitCode::SUCCESS;
        // A refusal in JSON is on stdout; anything else said why on stderr.
        let text = if out.stdout.is_empty() { out.stderr.clone() } else { out.stdout };
        // A write's envelope carries its warnings already.
        let enveloped = || serde_json::from_str::<serde_json::Value>(&text).is_ok_and(|v| v.get("warnings").is_some());
        let warnings = if text == out.stderr || enveloped() { String::new() } else { out.stderr };
        Outcome { ok, text, warnings }
    }

    /// Who the history names for the agent's changes: `--name`, else the
    /// name the client gave (cleaned: it is untrusted), else `agent`.
    pub fn person(&self, client: &str) -> String {
        if let Some(n) = &self.name {
            return n.clone();
        }
        let clean: String = client.chars().filter(|c| !c.is_control()).take(64).collect::<String>().trim().to_owned();
        if clean.is_empty() { "agent".to_owned() } else { clean }
    }
}

/// A call the server refuses before any command runs, in the CLI's JSON
/// error shape.
fn refusal(message: String) -> Outcome {
    let text = serde_json::json!({"ok": false, "error": {"code": "usage", "message": message}}).to_string();
    Outcome { ok: false, text, warnings: String::new() }
}
