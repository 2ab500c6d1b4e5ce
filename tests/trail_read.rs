//! Reading a story's trail through the binary: `show` lists the commits
//! and branches naming it (git's text made safe), the per-commit cache
//! means a second read asks git for new commits only, `git branch` names
//! and makes branches, `git orphans` finds what leads nowhere, and the
//! HTML pages list what delivered each done story.

mod common;

use common::repo::*;
use serde_json::Value;

/// The one cache file of the test's home.
fn cache_file(repo: &Repo) -> std::path::PathBuf {
    let dir = repo.home.join("cache/backlog/trail");
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
fn show_lists_commits_and_branches_with_gits_text_made_safe() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    // Git drops `<`, `>` and trailing controls from names; an escape inside stays.
    let evil = "Mallory \u{1b}]0;owned\u{7} X";
    let hash = repo.commit_as(evil, "fixes BL-1 \u{1b}[2J\u{1b}[31mred\u{9b}1m");
    let short = &hash[..7];
    repo.commit_as("Ada", "refs BL-1: notes");
    repo.git(&["branch", "bl-1-sign-up"]);
    repo.git(&["push", "-q", ".", "bl-1-sign-up:refs/remotes/origin/bl-1-sign-up"]);
    let out = repo.bl_out(&["show", "BL-1"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(!out.stdout.iter().any(|&b| b == 0x1b || b == 0x07), "no escape or bell reaches the terminal: {stdout}");
    assert!(!stdout.contains('\u{9b}'), "no C1 control either");
    assert!(stdout.contains("Commits (2):"), "{stdout}");
    let line = stdout.lines().find(|l| l.contains(short)).unwrap_or_else(|| panic!("{short} in {stdout}"));
    for part in ["2026-", "on main", "closes", "Mallory \\u{1b}]0;owned", "fixes BL-1 \\u{1b}[2J"] {
        assert!(line.contains(part), "{part:?} in {line:?}");
    }
    assert!(stdout.lines().any(|l| l.contains("links") && l.contains("Ada") && l.contains("refs BL-1: notes")));
    assert!(stdout.contains("Branches (2):"), "{stdout}");
    assert!(stdout.contains("    bl-1-sign-up  at ") && stdout.contains("    origin/bl-1-sign-up  at "), "{stdout}");

    let v = repo.json(&["show", "BL-1"]);
    assert_eq!(v["default_branch"], "main");
    assert_eq!(v["commits"][1]["hash"], hash.as_str(), "newest first");
    assert_eq!(v["commits"][1]["author"], evil, "JSON keeps the text, escaped");
    assert_eq!(v["commits"][1]["closes_this"], true);
    assert_eq!(v["branches"][1]["name"], "origin/bl-1-sign-up");
    assert_eq!(v["branches"][1]["remote"], true);
    let raw = repo.bl_out(&["--json", "show", "BL-1"]).stdout;
    assert!(!raw.contains(&0x1b), "JSON escapes them too");
    // Other stories show nothing of it.
    assert!(!repo.bl(&["show", "BL-2"]).contains("Commits"));
}

#[test]
fn the_cache_reads_each_commit_once_and_a_broken_cache_is_rebuilt() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let mut naming = Vec::new();
    for n in 0..30 {
        let msg = if n % 3 == 0 { format!("BL-{} step {n}", 1 + n % 4) } else { format!("chore {n}") };
        let h = repo.commit_as("Test", &msg);
        if n % 3 == 0 {
            naming.push(h);
        }
    }
    let total: u64 = repo.git(&["rev-list", "--all", "--count"]).trim().parse().unwrap();
    let first = repo.json(&["git", "sync"]);
    assert_eq!(first["read"]["new_commits"], total);
    assert_eq!(first["read"]["rebuilt"], true);

    // What the cache holds: every commit read, and the ones naming a key.
    let cache: Value = serde_json::from_slice(&std::fs::read(cache_file(&repo)).unwrap()).unwrap();
    assert_eq!(cache["read"], total);
    let mut held: Vec<&str> = cache["commits"].as_object().unwrap().keys().map(String::as_str).collect();
    held.sort_unstable();
    naming.sort();
    assert_eq!(held, naming);
    assert!(
        !std::fs::read_to_string(cache_file(&repo)).unwrap().contains("chore"),
        "commits naming nothing are not kept"
    );

    let second = repo.json(&["git", "sync"]);
    assert_eq!(second["read"]["new_commits"], 0, "nothing new: git is asked for nothing");
    assert_eq!(second["read"]["cached_commits"], total);
    let bytes = std::fs::read(cache_file(&repo)).unwrap();
    repo.json(&["show", "BL-1"]);
    assert_eq!(std::fs::read(cache_file(&repo)).unwrap(), bytes, "a read with nothing new leaves the cache as it was");

    repo.commit_as("Test", "BL-2 more");
    repo.commit_as("Test", "chore");
    let third = repo.json(&["git", "sync"]);
    assert_eq!(third["read"]["new_commits"], 2, "only the two new commits");
    assert_eq!(third["read"]["cached_commits"], total);

    // The cache is beside nothing of the repository's.
    assert!(repo.git(&["status", "--porcelain", "--ignored"]).lines().all(|l| !l.contains("trail")));

    std::fs::write(cache_file(&repo), b"{\"version\": 1, \"tips\": [").unwrap();
    let rebuilt = repo.json(&["git", "sync"]);
    assert_eq!(rebuilt["read"]["rebuilt"], true);
    assert_eq!(rebuilt["read"]["new_commits"], total + 2);
    assert_eq!(repo.json(&["show", "BL-2"])["commits"].as_array().unwrap().len(), naming.len() / 4 + 1);
}

#[test]
fn a_rewritten_default_branch_is_read_again_for_what_is_on_it() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.commit_as("Test", "refs BL-1: first try");
    assert_eq!(repo.json(&["show", "BL-1"])["commits"][0]["on_default"], true);
    // The commit leaves main (a reset, as after a force-push) but a branch keeps it.
    repo.git(&["branch", "keep"]);
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    let v = repo.json(&["show", "BL-1"]);
    assert_eq!(v["commits"][0]["on_default"], false, "{v}");
}

#[test]
fn git_branch_names_creates_and_starts() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    assert_eq!(repo.bl(&["git", "branch", "BL-1"]).trim(), "BL-1-sign-up-with-email");
    assert_eq!(repo.bl(&["git", "branch", "2"]).trim(), "BL-2-reset-password", "a number is enough");
    let bad = repo.bl_out(&["settings", "set", "--branch-template", "{slug} {key}"]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("branch_template"), "{}", text(&bad.stderr));
    repo.bl(&["settings", "set", "--branch-template", "{kind}/{key_lower}-{slug}"]);
    assert_eq!(repo.bl(&["git", "branch", "BL-3"]).trim(), "story/bl-3-invite-a-teammate");

    let out = repo.bl(&["git", "branch", "BL-3", "--create"]);
    assert!(out.contains("Created branch story/bl-3-invite-a-teammate"), "{out}");
    assert!(out.contains("--start` moves it to in progress"), "asked nothing without a terminal: {out}");
    assert_eq!(repo.git(&["symbolic-ref", "--short", "HEAD"]).trim(), "story/bl-3-invite-a-teammate");
    assert_eq!(repo.ws().item_by_key("BL-3").unwrap().status.to_string(), "new");

    repo.git(&["checkout", "-q", "main"]);
    let v = repo.json(&["git", "branch", "BL-3", "--create", "--start"]);
    assert_eq!(v["switched"], "existing");
    assert_eq!(v["moved"], true);
    assert_eq!(repo.ws().item_by_key("BL-3").unwrap().status.to_string(), "in_progress");
    let ws = repo.ws();
    let (r, _) = ws.history.of(ws.item_by_key("BL-3").unwrap().meta.id).last().unwrap();
    assert_eq!(r.branch.as_deref(), Some("story/bl-3-invite-a-teammate"), "made on the branch it checked out");
    assert_eq!(repo.git(&["symbolic-ref", "--short", "HEAD"]).trim(), "story/bl-3-invite-a-teammate");
    let again = repo.bl(&["git", "branch", "BL-3", "--create"]);
    assert!(again.contains("already"), "{again}");
    // The branch is part of the story's trail now.
    assert_eq!(repo.json(&["show", "BL-3"])["branches"][0]["name"], "story/bl-3-invite-a-teammate");
}

#[test]
fn orphans_are_commits_leading_nowhere_open_and_started_stories_without_code() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.bl(&["add", "Started, no code", "--status", "in_progress"]); // BL-5
    repo.bl(&["add", "In review, on a branch", "--status", "review"]); // BL-6
    repo.bl(&["add", "Started, with a commit", "--status", "in_progress"]); // BL-7
    repo.bl(&["edit", "BL-2", "--status", "dropped"]);
    repo.bl(&["edit", "BL-3", "--status", "done"]);
    repo.bl(&["rm", "BL-4"]);
    repo.commit("setup");
    let unknown = repo.commit_as("Test", "fixes BL-42");
    let dropped = repo.commit_as("Test", "BL-2 polish");
    repo.commit_as("Test", "BL-3 done on main");
    repo.commit_as("Test", "BL-7 first part");
    repo.git(&["checkout", "-q", "-b", "bl-6-review"]);
    let late = repo.commit_as("Test", "BL-3 more, after it was done");
    repo.git(&["checkout", "-q", "main"]);
    let deleted = repo.commit_as("Test", "BL-4 leftovers");

    let v = repo.json(&["git", "orphans"]);
    let mut commits: Vec<(String, String, String)> = v["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (c["key"].as_str().unwrap().into(), c["why"].as_str().unwrap().into(), c["hash"].as_str().unwrap().into())
        })
        .collect();
    commits.sort();
    let mut want = vec![
        ("BL-2".to_owned(), "dropped".to_owned(), dropped),
        ("BL-3".into(), "done".into(), late),
        ("BL-4".into(), "deleted".into(), deleted),
        ("BL-42".into(), "unknown".into(), unknown),
    ];
    want.sort();
    assert_eq!(commits, want);
    let stories: Vec<&str> = v["stories"].as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(stories, ["BL-5"], "BL-6 has a branch, BL-7 a commit");

    let text = repo.bl(&["git", "orphans"]);
    assert!(text.contains("no such item") && text.contains("done, commit not on main"), "{text}");
    assert!(text.contains("BL-5  in_progress  Started, no code"), "{text}");
}

#[test]
fn the_html_pages_list_the_commits_that_delivered_each_done_story_escaped() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.bl(&["roadmap", "add", "Onboarding", "--horizon", "now"]);
    repo.bl(&["edit", "BL-1", "BL-2", "--initiative", "R1"]);
    repo.bl(&["sprint", "new", "S1"]);
    repo.bl(&["sprint", "add", "BL-1", "BL-2", "BL-3"]);
    repo.bl(&["sprint", "start"]);
    repo.commit("plan");
    let hash = repo.commit_as("Eve & \"Co\" Ltd", "fixes BL-1 <script>alert(1)</script>");
    repo.commit_as("Test", "fixes BL-2");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.commit_as("Test", "BL-1 unmerged work");
    repo.git(&["checkout", "-q", "main"]);
    repo.bl(&["git", "sync"]);

    for what in ["sprint", "roadmap"] {
        let page = repo.bl(&["export", what, "--format", "html", "--commits"]);
        let doc = scraper::Html::parse_document(&page);
        let script = scraper::Selector::parse("script").unwrap();
        assert_eq!(doc.select(&script).count(), 0, "{what}: no script element");
        let items = scraper::Selector::parse("ul.log > li").unwrap();
        let stories: Vec<String> = doc.select(&items).map(|li| li.text().collect::<String>()).collect();
        assert_eq!(stories.len(), 2, "{what}: the two done stories: {stories:?}");
        assert!(stories[0].starts_with("BL-1 Sign up with email"), "{stories:?}");
        assert!(stories[0].contains(&hash[..7]), "{stories:?}");
        assert!(stories[0].contains("fixes BL-1 <script>alert(1)</script>"), "the subject as text: {stories:?}");
        assert!(stories[0].contains("Eve & \"Co\" Ltd"), "{stories:?}");
        assert!(page.contains("Eve &amp; &quot;Co&quot; Ltd"));
        assert!(!stories[0].contains("unmerged"), "only what reached main delivered it");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        // Without the option the page is as before.
        assert!(!repo.bl(&["export", what, "--format", "html"]).contains("class=\"log\""));
    }
    let md = repo.bl_out(&["export", "sprint", "--format", "md", "--commits"]);
    assert_eq!(md.status.code(), Some(1));
    assert!(text(&md.stderr).contains("--commits is for the HTML pages"), "{}", text(&md.stderr));
}
