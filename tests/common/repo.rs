//! A git repository with a workspace in it, for the tests that drive the
//! `git` and `backlog` binaries together (the merge driver, `git
//! resolve`, settling conflicts).

use backlog::domain::Workspace;
use backlog::store::codec;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_backlog");

pub fn have_git() -> bool {
    let ok = Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: git is not installed");
    }
    ok
}

/// A repository (a clone of its own) with a workspace in it.
pub struct Repo {
    _tmp: Option<tempfile::TempDir>,
    pub dir: PathBuf,
    pub home: PathBuf,
}

impl Repo {
    /// A new repository with `backlog.json` committed and the driver set up.
    pub fn new() -> Repo {
        let repo = Repo::bare_init();
        repo.bl(&["init", "--no-git", "--name", "Git test"]);
        repo.bl(&["git", "setup"]);
        repo.bl(&["add", "Sign up with email", "--points", "3"]);
        repo.bl(&["add", "Reset password", "--points", "2"]);
        repo.bl(&["add", "Invite a teammate", "--points", "5"]);
        repo.bl(&["add", "Export CSV", "--points", "8"]);
        repo.commit("start");
        repo
    }

    pub fn bare_init() -> Repo {
        let tmp = tempfile::tempdir().expect("a temp dir");
        let dir = tmp.path().join("repo");
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&home).unwrap();
        let repo = Repo { _tmp: Some(tmp), dir, home };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// A clone of this repository beside it (its own git config: no
    /// driver until `backlog git setup` runs there).
    pub fn clone_to(&self, name: &str) -> Repo {
        let dir = self.dir.parent().unwrap().join(name);
        let out = self.env(&mut Command::new("git")).arg("clone").arg("-q").arg(&self.dir).arg(&dir).output().unwrap();
        assert!(out.status.success(), "git clone: {}", String::from_utf8_lossy(&out.stderr));
        Repo { _tmp: None, dir, home: self.home.clone() }
    }

    pub fn env<'a>(&self, c: &'a mut Command) -> &'a mut Command {
        c.current_dir(&self.dir)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("XDG_CACHE_HOME", self.home.join("cache"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("GIT_EDITOR", "true")
            .env_remove("BACKLOG_WORKSPACE")
            .env_remove("BACKLOG_ROLE")
            .stdin(Stdio::null())
    }

    pub fn git_out(&self, args: &[&str]) -> Output {
        self.env(&mut Command::new("git")).args(args).output().expect("git runs")
    }

    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_out(args);
        assert!(out.status.success(), "git {args:?}: {}{}", text(&out.stdout), text(&out.stderr));
        text(&out.stdout)
    }

    pub fn bl_out(&self, args: &[&str]) -> Output {
        self.env(&mut Command::new(BIN)).args(args).output().expect("backlog runs")
    }

    pub fn bl(&self, args: &[&str]) -> String {
        let out = self.bl_out(args);
        assert!(out.status.success(), "backlog {args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    }

    pub fn commit(&self, msg: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", msg]);
    }

    pub fn file(&self) -> PathBuf {
        self.dir.join("backlog.json")
    }

    pub fn raw(&self) -> String {
        std::fs::read_to_string(self.file()).unwrap()
    }

    pub fn ws(&self) -> Workspace {
        let bytes = std::fs::read(self.file()).unwrap();
        codec::decode(&self.file(), &bytes).expect("the workspace parses").ws
    }

    /// Live items as (key, title), in rank order.
    pub fn items(&self) -> Vec<(String, String)> {
        let ws = self.ws();
        ws.ranked_item_positions().into_iter().map(|p| (ws.items[p].key.clone(), ws.items[p].title.clone())).collect()
    }

    pub fn titles(&self) -> Vec<String> {
        self.items().into_iter().map(|(_, t)| t).collect()
    }

    /// Commits (empty) as `who`, an hour after the repository's last
    /// commit, so their order is fixed whatever the clock says. Returns
    /// the hash.
    pub fn commit_as(&self, who: &str, msg: &str) -> String {
        let n: i64 = self.git(&["rev-list", "--all", "--count"]).trim().parse().unwrap_or(0);
        let date = format!("{} +0000", 1_780_000_000 + n * 3600);
        let out = self
            .env(&mut Command::new("git"))
            .env("GIT_AUTHOR_NAME", who)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .args(["commit", "-q", "--allow-empty", "-m", msg])
            .output()
            .unwrap();
        assert!(out.status.success(), "git commit: {}", text(&out.stderr));
        self.git(&["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// What `backlog --json ARGS` prints, parsed.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let v: serde_json::Value =
            serde_json::from_str(&self.bl(&all)).unwrap_or_else(|e| panic!("{args:?} prints JSON: {e}"));
        // A write prints the envelope: these tests read its command's own result.
        match v.get("result") {
            Some(result) if v.get("changed").is_some() => result.clone(),
            _ => v,
        }
    }

    /// The status of the item holding `key`, as the file says.
    pub fn status(&self, key: &str) -> String {
        self.ws().item_holding_key(key).unwrap_or_else(|| panic!("{key} exists")).status.to_string()
    }

    pub fn unmerged(&self) -> bool {
        !self.git(&["ls-files", "--unmerged"]).is_empty()
    }
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn keys_unique(ws: &Workspace) {
    let mut seen = std::collections::HashSet::new();
    for i in &ws.items {
        assert!(seen.insert(i.key.to_ascii_uppercase()), "{} is used twice", i.key);
        assert!(i.key_number().unwrap() < ws.workspace.next_key);
    }
}

pub fn has_titles(repo: &Repo, want: &[&str]) {
    let titles = repo.titles();
    for t in want {
        assert!(titles.iter().any(|x| x == t), "{t} kept: {titles:?}");
    }
}

pub fn clean_check(repo: &Repo) {
    let out = repo.bl_out(&["check"]);
    assert!(out.status.success(), "check: {}", text(&out.stdout));
}

pub fn no_markers(repo: &Repo) {
    assert!(!repo.raw().contains("<<<<<<<"), "the file never holds conflict markers");
}

/// Branches `pm` and `po` off main; runs `a` on one, `b` on the other.
pub fn two_branches(repo: &Repo, a: impl FnOnce(&Repo), b: impl FnOnce(&Repo)) {
    two_branches_named(repo, ["pm", "po"], a, b);
}

/// [`two_branches`] with the branches' names (a second pair, later on).
pub fn two_branches_named(repo: &Repo, [na, nb]: [&str; 2], a: impl FnOnce(&Repo), b: impl FnOnce(&Repo)) {
    repo.git(&["checkout", "-q", "-b", na]);
    a(repo);
    repo.commit(na);
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["checkout", "-q", "-b", nb]);
    b(repo);
    repo.commit(nb);
}
