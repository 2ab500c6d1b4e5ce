//! Who is at the keyboard: the person every change records beside the
//! role. The first of the config's `user`, `$BACKLOG_USER`, git's
//! `user.name` in the repository holding the workspace, and the login name
//! (`$USER`, `$USERNAME`); `backlog whoami` says which, and from where.

use crate::config::Config;
use crate::domain::text::clean_line;
use std::path::Path;
use std::process::Command;

/// Where the name came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Config,
    Env,
    Git,
    Login,
    Nobody,
}

/// The person, and the git branch the workspace is on (both read once
/// per session).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub source: Source,
    pub branch: Option<String>,
}

impl Identity {
    /// Resolves who is acting on the workspace at `workspace` (a file).
    pub fn resolve(config: &Config, workspace: Option<&Path>) -> Identity {
        let dir = workspace.and_then(Path::parent).map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d });
        let branch = dir.and_then(branch);
        let env = |v: &str| std::env::var(v).ok().map(|s| clean_line(&s)).filter(|s| !s.trim().is_empty());
        let (name, source) = if let Some(u) = config.user.as_deref().map(clean_line).filter(|u| !u.trim().is_empty()) {
            (u, Source::Config)
        } else if let Some(u) = env("BACKLOG_USER") {
            (u, Source::Env)
        } else if let Some(u) = branch.as_ref().and(dir).and_then(git_user) {
            (u, Source::Git)
        } else if let Some(u) = env("USER").or_else(|| env("USERNAME")) {
            (u, Source::Login)
        } else {
            (String::new(), Source::Nobody)
        };
        Identity { name: name.trim().to_owned(), source, branch: branch.filter(|b| !b.is_empty()) }
    }

    /// Where the name came from, in words.
    pub fn from_where(&self) -> String {
        match self.source {
            Source::Config => match Config::path() {
                Some(p) => format!("`user` in {}", p.display()),
                None => "`user` in the config file".into(),
            },
            Source::Env => "$BACKLOG_USER".into(),
            Source::Git => "git's user.name for the workspace's repository".into(),
            Source::Login => "the login name ($USER)".into(),
            Source::Nobody => {
                "nowhere: set `user` in the config, $BACKLOG_USER, or git's user.name; changes record the role only"
                    .into()
            }
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The branch checked out where `dir` is in a git repository (empty when
/// detached, and then not recorded); `None` outside one. One process:
/// every command asks this.
fn branch(dir: &Path) -> Option<String> {
    git(dir, &["branch", "--show-current"]).map(|b| clean_line(&b))
}

fn git_user(dir: &Path) -> Option<String> {
    git(dir, &["config", "--get", "user.name"]).map(|n| clean_line(&n)).filter(|n| !n.trim().is_empty())
}
