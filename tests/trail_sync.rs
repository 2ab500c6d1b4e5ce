//! Closing words through real git: `backlog git sync` moves the stories
//! that commits on the default branch close, in every tense, once; other
//! words only link; what names nothing open is reported. Each test makes
//! its own repository (see `common::repo`) and reads the workspace file
//! back as it is on disk.

mod common;

use common::repo::*;
use serde_json::Value;
use std::process::Command;

fn commit(repo: &Repo, msg: &str) -> String {
    repo.commit_as("Test", msg)
}

/// The `settings` object as the file holds it.
fn settings(repo: &Repo) -> Value {
    serde_json::from_str::<Value>(&repo.raw()).unwrap()["settings"].clone()
}

fn moved_keys(v: &Value) -> Vec<String> {
    v["moved"].as_array().unwrap().iter().map(|m| m["key"].as_str().unwrap().to_owned()).collect()
}

/// `(key, reason)` of what a sync reported.
fn reported(v: &Value) -> Vec<(String, String)> {
    v["reported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["key"].as_str().unwrap().to_owned(), r["reason"].as_str().unwrap().to_owned()))
        .collect()
}

/// Adds stories until `key` exists.
fn stories_up_to(repo: &Repo, n: u32) {
    while repo.ws().workspace.next_key <= u64::from(n) {
        repo.bl(&["add", "Another story"]);
    }
}

const CLOSING: [&str; 20] = [
    "close",
    "closes",
    "closed",
    "closing",
    "fix",
    "fixes",
    "fixed",
    "fixing",
    "resolve",
    "resolves",
    "resolved",
    "resolving",
    "complete",
    "completes",
    "completed",
    "completing",
    "implement",
    "implements",
    "implemented",
    "implementing",
];

const LINKING: [&str; 6] = ["refs", "references", "part of", "relates to", "related to", "see"];

#[test]
fn every_closing_word_in_every_tense_moves_its_story_and_the_other_words_only_link() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    stories_up_to(&repo, 4 + 26);
    repo.commit("stories");
    let mut closed = Vec::new();
    for (n, word) in CLOSING.iter().enumerate() {
        let key = format!("BL-{}", 5 + n);
        // Any case, with or without a colon.
        let msg = match n % 3 {
            0 => format!("{word} {key}"),
            1 => format!("Login form\n\n{}: {key}", word.to_uppercase()),
            _ => format!("{}{} {} in the form", word[..1].to_uppercase(), &word[1..], key.to_lowercase()),
        };
        commit(&repo, &msg);
        closed.push(key);
    }
    let mut linked = Vec::new();
    for (n, word) in LINKING.iter().enumerate() {
        let key = format!("BL-{}", 25 + n);
        commit(&repo, &format!("Work on the form, {word} {key}"));
        linked.push(key);
    }
    let before = repo.raw();
    let out = repo.json(&["git", "sync"]);
    assert_eq!(moved_keys(&out), closed, "each closing word moved its story, oldest commit first");
    assert_eq!(reported(&out), vec![], "nothing to report");
    assert_ne!(repo.raw(), before);
    for key in &closed {
        assert_eq!(repo.status(key), "done", "{key}");
    }
    for key in &linked {
        assert_eq!(repo.status(key), "new", "{key} only linked");
        let show = repo.json(&["show", key]);
        let commits = show["commits"].as_array().unwrap();
        assert_eq!(commits.len(), 1, "{key}: {show}");
        assert_eq!(commits[0]["closes_this"], false);
        assert_eq!(commits[0]["on_default"], true);
    }
    assert_eq!(repo.status("BL-1"), "new", "no commit names BL-1");
}

#[test]
fn trailers_and_lists_close_several_stories_and_a_revert_closes_nothing() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    commit(&repo, "Sign-up\n\nFixes: BL-1\nRefs: BL-4");
    commit(&repo, "fixes BL-2, BL-3");
    commit(&repo, "Revert \"closes BL-4\"\n\nThis reverts commit 123.");
    let out = repo.json(&["git", "sync"]);
    assert_eq!(moved_keys(&out), ["BL-1", "BL-2", "BL-3"]);
    assert_eq!(repo.status("BL-4"), "new");
    let moved = &out["moved"][1];
    assert_eq!(moved["from"], "new");
    assert_eq!(moved["to"], "done");
    assert_eq!(moved["commits"][0]["subject"], "fixes BL-2, BL-3");
}

#[test]
fn a_key_is_the_prefix_in_any_case_and_a_number_not_inside_a_longer_word() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    stories_up_to(&repo, 12);
    repo.commit("stories");
    let naming = [
        commit(&repo, "BL-12: the form"),
        commit(&repo, "[bl-12] lower case in brackets"),
        commit(&repo, "Merge branch 'feature/BL-12-login'"),
        commit(&repo, "(Bl-12) and BL-4"),
    ];
    for not in ["XBL-12 is another project", "BL-123 is another story", "BL-12a is a part number", "BL_12 and BL-012"] {
        commit(&repo, not);
    }
    let show = repo.json(&["show", "BL-12"]);
    let mut hashes: Vec<&str> =
        show["commits"].as_array().unwrap().iter().map(|c| c["hash"].as_str().unwrap()).collect();
    hashes.sort_unstable();
    let mut want: Vec<&str> = naming.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(hashes, want, "{show}");
    // A workspace with another prefix: the same commits name nothing there.
    repo.bl(&["settings", "set", "--key-prefix", "ZZ"]);
    let show = repo.json(&["show", "BL-12"]);
    assert_eq!(show["commits"].as_array().unwrap().len(), 4, "items keep their keys' prefix: {show}");
}

#[test]
fn a_commit_on_a_branch_closes_nothing_until_a_merge_brings_it_to_the_default_branch() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.git(&["checkout", "-q", "-b", "bl-2-reset"]);
    let fix = commit(&repo, "Reset mail\n\nfixes BL-2");
    repo.git(&["checkout", "-q", "main"]);
    commit(&repo, "Something else on main");
    let out = repo.json(&["git", "sync"]);
    assert_eq!(moved_keys(&out), Vec::<String>::new());
    assert_eq!(repo.status("BL-2"), "new");
    let show = repo.json(&["show", "BL-2"]);
    assert_eq!(show["commits"][0]["hash"], fix.as_str());
    assert_eq!(show["commits"][0]["on_default"], false);
    assert_eq!(show["branches"][0]["name"], "bl-2-reset");

    repo.git(&["merge", "-q", "--no-ff", "-m", "Merge the reset", "bl-2-reset"]);
    let out = repo.json(&["git", "sync"]);
    assert_eq!(moved_keys(&out), ["BL-2"]);
    assert_eq!(out["moved"][0]["commits"][0]["hash"], fix.as_str(), "the commit with the word, not the merge");
    assert_eq!(repo.status("BL-2"), "done");
    assert_eq!(repo.json(&["show", "BL-2"])["commits"][0]["on_default"], true);
}

#[test]
fn the_default_branch_is_origins_head_else_main_else_master_else_the_current_branch() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    // No main: `trunk` checked out is the default.
    repo.git(&["branch", "-m", "main", "trunk"]);
    commit(&repo, "fixes BL-1");
    assert_eq!(repo.json(&["git", "sync"])["default_branch"], "trunk");
    assert_eq!(repo.status("BL-1"), "done");
    // A clone: origin/HEAD names the default, whatever is checked out.
    repo.commit("sync");
    let clone = repo.clone_to("clone");
    clone.git(&["checkout", "-q", "-b", "work"]);
    commit(&clone, "fixes BL-3");
    let out = clone.json(&["git", "sync"]);
    assert_eq!(out["default_branch"], "trunk");
    assert_eq!(moved_keys(&out), Vec::<String>::new(), "work is not trunk");
}

#[test]
fn a_closing_word_moves_its_story_once_even_after_it_was_moved_back_by_hand() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    commit(&repo, "fixes BL-1");
    assert_eq!(moved_keys(&repo.json(&["git", "sync"])), ["BL-1"]);
    let moved = repo.raw();
    let again = repo.json(&["git", "sync"]);
    assert_eq!(moved_keys(&again), Vec::<String>::new());
    assert_eq!(repo.raw(), moved, "a second sync leaves the file byte for byte");

    repo.bl(&["edit", "BL-1", "--status", "in_progress"]);
    let by_hand = repo.raw();
    let out = repo.json(&["git", "sync"]);
    assert_eq!(moved_keys(&out), Vec::<String>::new());
    assert_eq!(out["applied_before"], 1, "{out}");
    assert_eq!(repo.raw(), by_hand, "the story stays where the person put it");
    assert_eq!(repo.status("BL-1"), "in_progress");

    // Another clone, with the file as committed: the history travels with it.
    repo.commit("moved by hand");
    let clone = repo.clone_to("clone");
    let out = clone.json(&["git", "sync"]);
    assert_eq!(moved_keys(&out), Vec::<String>::new(), "{out}");
    assert_eq!(clone.status("BL-1"), "in_progress");
}

#[test]
fn names_of_no_item_or_of_a_done_dropped_or_deleted_story_are_reported_not_applied() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.bl(&["edit", "BL-2", "--status", "done"]);
    repo.bl(&["edit", "BL-3", "--status", "dropped"]);
    repo.bl(&["rm", "BL-4"]);
    commit(&repo, "fixes BL-99");
    commit(&repo, "closes BL-2");
    commit(&repo, "resolves BL-3");
    commit(&repo, "fixes BL-4");
    let before = repo.raw();
    let out = repo.json(&["git", "sync"]);
    assert_eq!(moved_keys(&out), Vec::<String>::new());
    let want = [("BL-99", "unknown"), ("BL-2", "closed"), ("BL-3", "closed"), ("BL-4", "deleted")];
    assert_eq!(reported(&out), want.map(|(k, r)| (k.to_owned(), r.to_owned())));
    assert_eq!(out["reported"][1]["status"], "done");
    assert_eq!(out["reported"][2]["status"], "dropped");
    assert_eq!(repo.raw(), before, "nothing was written");
    let text = repo.bl(&["git", "sync"]);
    for line in ["Not moved: no item is BL-99", "Not moved: BL-2 is done already", "Not moved: BL-4 was deleted"] {
        assert!(text.contains(line), "{line}: {text}");
    }
}

#[test]
fn the_closing_status_is_a_setting_and_review_is_a_choice() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let refused = repo.bl_out(&["settings", "set", "--close-status", "in_progress"]);
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("use review or done"), "{}", text(&refused.stderr));
    repo.bl(&["settings", "set", "--close-status", "review"]);
    assert_eq!(settings(&repo)["close_status"], "review");
    assert!(repo.bl(&["settings", "show"]).contains("commits close to    review"));
    commit(&repo, "fixes BL-1");
    assert_eq!(moved_keys(&repo.json(&["git", "sync"])), ["BL-1"]);
    assert_eq!(repo.status("BL-1"), "review");
    // Already in review: reported, and the file is left alone.
    repo.bl(&["edit", "BL-2", "--status", "review"]);
    commit(&repo, "fixes BL-2");
    let out = repo.json(&["git", "sync"]);
    assert!(reported(&out).contains(&("BL-2".into(), "already_there".into())), "{out}");
    // Back to the default: the setting leaves the file.
    repo.bl(&["settings", "set", "--close-status", "done"]);
    assert!(settings(&repo).get("close_status").is_none(), "{}", settings(&repo));
}

#[test]
fn a_move_goes_through_the_role_guard_like_any_cli_write() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.bl(&["edit", "BL-1", "--owner", "pm"]);
    repo.bl(&["edit", "BL-2", "--owner", "pm"]);
    commit(&repo, "fixes BL-1");
    // Warn (the default): moved, with the crossing said.
    let out = repo.bl_out(&["git", "sync"]);
    assert!(out.status.success());
    assert!(text(&out.stderr).contains("BL-1 is owned by the PM"), "{}", text(&out.stderr));
    assert_eq!(repo.status("BL-1"), "done");
    // Strict: refused and reported; the other closing words still apply.
    repo.bl(&["settings", "set", "--role-guard", "strict"]);
    commit(&repo, "fixes BL-2 and BL-3");
    let out = repo.json(&["git", "sync"]);
    assert_eq!(moved_keys(&out), ["BL-3"]);
    let refused: Vec<&Value> =
        out["reported"].as_array().unwrap().iter().filter(|r| r["reason"] == "refused").collect();
    assert_eq!(refused.len(), 1, "{out}");
    assert_eq!(refused[0]["key"], "BL-2");
    assert!(refused[0]["message"].as_str().unwrap().contains("owned by the PM"), "{out}");
    assert_eq!(repo.status("BL-2"), "new");
    assert_eq!(repo.status("BL-3"), "done");
}

#[test]
fn dry_run_says_what_would_move_and_writes_nothing() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.commit_as("Ada Lovelace", "fixes BL-1");
    let before = repo.raw();
    let text = repo.bl(&["git", "sync", "--dry-run"]);
    assert!(text.contains("Would move BL-1 from new to done"), "{text}");
    assert!(text.contains("by Ada Lovelace"), "{text}");
    assert_eq!(repo.raw(), before);
}

#[test]
fn outside_a_repository_show_says_nothing_of_commits_and_sync_says_why_it_cannot() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("backlog.json");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_backlog"))
            .arg("--workspace")
            .arg(&ws)
            .args(args)
            .env("HOME", tmp.path())
            .env("XDG_CACHE_HOME", tmp.path().join("cache"))
            .env("GIT_CEILING_DIRECTORIES", tmp.path())
            .output()
            .unwrap()
    };
    assert!(run(&["init", "--no-git"]).status.success());
    assert!(run(&["add", "A story"]).status.success());
    let show = run(&["show", "BL-1"]);
    assert!(show.status.success());
    assert!(!text(&show.stdout).contains("Commits"), "{}", text(&show.stdout));
    assert_eq!(text(&show.stderr), "", "no error, no warning");
    let json: Value = serde_json::from_slice(&run(&["--json", "show", "BL-1"]).stdout).unwrap();
    assert!(json.get("commits").is_none(), "{json}");
    let sync = run(&["git", "sync"]);
    assert_eq!(sync.status.code(), Some(1));
    assert!(text(&sync.stderr).contains("is not inside a git work tree"), "{}", text(&sync.stderr));
    assert!(!tmp.path().join("cache").exists(), "no cache without a repository");
}

#[test]
fn the_history_records_the_move_as_the_commits_author_via_the_commit() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let first = repo.commit_as("Ada Lovelace", "fixes BL-1");
    let (a, b) = (repo.commit_as("Grace Hopper", "fixes BL-2"), repo.commit_as("Alan Turing", "closes BL-2 too"));
    repo.bl(&["git", "sync"]);
    let ws = repo.ws();
    let record = |key: &str| {
        let id = ws.item_by_key(key).unwrap().meta.id;
        let (r, edits) = ws.history.of(id).last().expect("a record of the move");
        (r.clone(), edits.iter().map(|e| (e.field.clone(), e.old.clone(), e.new.clone())).collect::<Vec<_>>())
    };
    let (r, edits) = record("BL-1");
    assert_eq!(r.by, "Ada Lovelace");
    assert_eq!(r.via.as_deref(), Some(format!("commit {}", &first[..7]).as_str()));
    assert!(edits.contains(&("status".into(), "new".into(), "done".into())), "{edits:?}");
    // Two commits closing one story: one move, naming both.
    let (r, _) = record("BL-2");
    assert_eq!(r.by, "Grace Hopper", "the first commit's author");
    assert_eq!(r.via, Some(format!("commits {}, {}", &a[..7], &b[..7])));
    // Either one is remembered: moved back by hand, neither moves it again.
    repo.bl(&["edit", "BL-2", "--status", "in_progress"]);
    let out = repo.json(&["git", "sync"]);
    assert_eq!(moved_keys(&out), Vec::<String>::new());
    assert_eq!(out["applied_before"], 3, "BL-1's commit and both of BL-2's: {out}");
    assert_eq!(repo.status("BL-2"), "in_progress");
    // The log says it in words.
    let log = repo.bl(&["log", "BL-1"]);
    assert!(log.contains("Ada Lovelace") && log.contains(&format!("commit {}", &first[..7])), "{log}");
}
