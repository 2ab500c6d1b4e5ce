//! `backlog git setup --hooks`: hooks that run `git sync` after a commit
//! and a merge, added beside the user's own hooks (which still run) and
//! removed to the byte; a hook never makes a commit fail.

mod common;

use common::repo::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn hook(dir: &Path, name: &str, body: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn commit_out(repo: &Repo, msg: &str) -> std::process::Output {
    repo.git_out(&["commit", "-q", "--allow-empty", "-m", msg])
}

#[test]
fn hooks_run_sync_beside_the_users_hook_which_still_runs_and_come_out_to_the_byte() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let hooks = repo.dir.join(".git/hooks");
    let log = repo.home.join("mine.log");
    let mine = format!("#!/bin/sh\necho \"mine ran: $1\" >> '{}'\nexit 0\n", log.display());
    hook(&hooks, "post-commit", &mine);

    let out = repo.bl(&["git", "setup", "--hooks"]);
    assert!(out.contains("Added `backlog git sync` to"), "{out}");
    assert!(out.contains("post-merge"), "{out}");
    assert_eq!(
        repo.bl(&["git", "setup", "--hooks"]).matches("Already there: backlog's lines").count(),
        3,
        "idempotent"
    );
    let text = std::fs::read_to_string(hooks.join("post-commit")).unwrap();
    assert!(text.starts_with("#!/bin/sh\n# >>> backlog git sync >>>\n"), "before the user's `exit 0`: {text}");

    let out = commit_out(&repo, "Sign-up form\n\nfixes BL-1");
    assert!(out.status.success());
    assert_eq!(repo.status("BL-1"), "done", "the hook moved it");
    // Git shows a hook's output on its stderr.
    assert!(text_of(&out.stderr).contains("backlog: Moved BL-1 from new to done"), "{}", text_of(&out.stderr));
    assert_eq!(std::fs::read_to_string(&log).unwrap(), "mine ran: \n", "the user's hook still ran");

    // A pull's merge runs post-merge.
    repo.commit("BL-1 done");
    repo.git(&["checkout", "-q", "-b", "bl-2-reset"]);
    commit_out(&repo, "fixes BL-2");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-ff", "-m", "Merge bl-2-reset", "bl-2-reset"]);
    assert_eq!(repo.status("BL-2"), "done", "post-merge moved it");

    let out = repo.bl(&["git", "setup", "--remove-hooks"]);
    assert!(out.contains("it is as it was"), "{out}");
    assert_eq!(std::fs::read(hooks.join("post-commit")).unwrap(), mine.as_bytes(), "byte for byte");
    assert!(!hooks.join("post-merge").exists(), "backlog had created it");
    assert!(!hooks.join("post-rewrite").exists());
    let mode = std::fs::metadata(hooks.join("post-commit")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o755);
    // Without the hooks a closing word waits for `git sync`.
    commit_out(&repo, "fixes BL-3");
    assert_eq!(repo.status("BL-3"), "new");
}

fn text_of(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_hook_never_fails_a_commit_even_when_backlog_cannot_read_the_workspace() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.bl(&["git", "setup", "--hooks"]);
    std::fs::write(repo.file(), "{ not json").unwrap();
    let out = commit_out(&repo, "fixes BL-1");
    assert!(out.status.success(), "the commit went through: {}", text_of(&out.stderr));
    assert!(!repo.git(&["log", "-1", "--format=%s"]).is_empty());
    assert_eq!(
        std::fs::read_to_string(repo.file()).unwrap(),
        "{ not json",
        "a file that does not parse is never written"
    );
}

#[test]
fn hooks_go_where_core_hooks_path_says() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let shared = repo.dir.join(".githooks");
    hook(&shared, "post-merge", "#!/bin/bash\necho shared\n");
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    repo.bl(&["git", "setup", "--hooks"]);
    assert!(std::fs::read_to_string(shared.join("post-merge")).unwrap().contains("git sync --quiet"));
    assert!(shared.join("post-commit").exists());
    assert!(!repo.dir.join(".git/hooks/post-commit").exists(), "not where git would not look");
    commit_out(&repo, "closes BL-4");
    assert_eq!(repo.status("BL-4"), "done");
    repo.bl(&["git", "setup", "--remove-hooks"]);
    assert_eq!(std::fs::read_to_string(shared.join("post-merge")).unwrap(), "#!/bin/bash\necho shared\n");
    assert!(!shared.join("post-commit").exists());
}

#[test]
fn a_hook_that_is_not_a_shell_script_is_left_alone_and_said_so() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let hooks = repo.dir.join(".git/hooks");
    let py = "#!/usr/bin/env python3\nprint('mine')\n";
    hook(&hooks, "post-commit", py);
    let out = repo.bl(&["git", "setup", "--hooks"]);
    assert!(out.contains("Left") && out.contains("not a shell script"), "{out}");
    assert!(out.contains("git sync --quiet --hook post-commit || true` to it yourself"), "{out}");
    assert_eq!(std::fs::read_to_string(hooks.join("post-commit")).unwrap(), py);
    let json = repo.json(&["git", "setup", "--remove-hooks"]);
    let actions: Vec<&str> = json["hooks"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["not_there", "removed_file", "removed_file"]);
    assert_eq!(std::fs::read_to_string(hooks.join("post-commit")).unwrap(), py);
}

#[test]
fn a_pull_brings_closing_words_by_merge_fast_forward_or_rebase() {
    if !have_git() {
        return;
    }
    let origin = Repo::new();
    let clone = origin.clone_to("clone");
    clone.bl(&["git", "setup", "--hooks"]);
    // A fast-forward pull runs post-merge.
    commit_out(&origin, "fixes BL-1");
    clone.git(&["pull", "-q", "--rebase"]);
    assert_eq!(clone.status("BL-1"), "done");
    clone.commit("BL-1 done");
    // With a commit of its own, the pull rebases: post-rewrite runs once
    // the rebase is done (post-commit, mid-rebase, leaves the file alone).
    commit_out(&origin, "fixes BL-2");
    commit_out(&clone, "local work on BL-4");
    let out = clone.git_out(&["pull", "-q", "--rebase"]);
    assert!(out.status.success(), "{}", text_of(&out.stderr));
    assert_eq!(clone.status("BL-2"), "done");
    assert_eq!(clone.git(&["log", "-1", "--format=%s"]).trim(), "local work on BL-4");
}
