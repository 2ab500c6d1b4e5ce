//! People and history from the command line, through the real binary:
//! who `whoami` says you are and why, `backlog log` for one item and for
//! everyone (since a date, a git commit, or since you last looked), and
//! `undo` / `revert` through the merge, leaving alone what others changed
//! since. Every check reads the workspace file back.

mod common;

use common::pty::Env;
use common::repo::{Repo, have_git};
use serde_json::Value;

fn as_person(env: &Env, who: &str, args: &[&str]) -> String {
    let out = env.command().env("BACKLOG_USER", who).args(args).output().expect("the binary runs");
    assert!(out.status.success(), "backlog {args:?} as {who}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn fails_as(env: &Env, who: &str, args: &[&str]) -> String {
    let out = env.command().env("BACKLOG_USER", who).args(args).output().expect("the binary runs");
    assert!(!out.status.success(), "backlog {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

fn log_json(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--json", "log"];
    all.extend(args);
    serde_json::from_str(&as_person(env, "anna", &all)).expect("log --json prints a JSON array")
}

#[test]
fn whoami_names_the_person_and_where_the_name_came_from() {
    let env = Env::empty();
    let out = env.command().env("BACKLOG_USER", "").env("USER", "lena").args(["whoami"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("lena, from the login name ($USER)"), "{text}");
    assert!(as_person(&env, "Anna Roth", &["whoami"]).starts_with("Anna Roth, from $BACKLOG_USER"));

    // The config's `user` comes first.
    let config = env.dir.path().join("config").join("backlog");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "user = \"Tobias\"\n").unwrap();
    let text = as_person(&env, "Anna Roth", &["whoami"]);
    assert!(text.starts_with("Tobias, from `user` in "), "{text}");
    let json: Value = serde_json::from_str(&as_person(&env, "x", &["--json", "whoami"])).unwrap();
    assert_eq!((json["name"].as_str(), json["role"].as_str()), (Some("Tobias"), Some("po")));
}

#[test]
fn whoami_takes_gits_user_name_in_the_workspaces_repository() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.git(&["config", "user.name", "Mira Git"]);
    let out = repo.env(&mut std::process::Command::new(env!("CARGO_BIN_EXE_backlog"))).arg("whoami").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Mira Git, from git's user.name"), "{text}");
    assert!(text.contains("on branch main"), "{text}");
    // Changes made there record her, and the branch they were made on.
    repo.bl(&["edit", "BL-1", "--points", "5"]);
    let ws = repo.ws();
    let r = ws.history.last().unwrap();
    assert_eq!((r.by.as_str(), r.branch.as_deref()), ("Mira Git", Some("main")));
    assert_eq!(ws.item_by_key("BL-1").unwrap().meta.updated_by_person, "Mira Git");
}

#[test]
fn log_lists_every_change_to_an_item_with_who_and_old_to_new() {
    let env = Env::empty();
    as_person(&env, "anna", &["add", "Sign up with email"]);
    as_person(&env, "anna", &["edit", "BL-1", "--points", "3", "--status", "refined"]);
    as_person(&env, "Ben", &["--role", "pm", "edit", "BL-1", "--title", "Sign up with email or SSO"]);
    as_person(&env, "anna", &["comment", "BL-1", "Needs the SSO spike first"]);

    let text = as_person(&env, "anna", &["log", "BL-1"]);
    let want = [
        "BL-1  Sign up with email or SSO",
        "anna (PO)",
        "    created",
        "    points: (none) -> 3",
        "    status: new -> refined",
        "Ben (PM)",
        "    title: Sign up with email -> Sign up with email or SSO",
        "    comments: + anna: Needs the SSO spike first",
    ];
    let mut at = 0;
    for w in want {
        let found = text[at..].find(w).unwrap_or_else(|| panic!("{w:?} in order in:\n{text}"));
        at += found + w.len();
    }

    let list = log_json(&env, &["BL-1"]);
    assert_eq!(list.len(), 4);
    let title = &list[2];
    assert_eq!((title["by"].as_str(), title["role"].as_str()), (Some("Ben"), Some("pm")));
    let e = &title["edits"][0];
    assert_eq!(
        (e["field"].as_str(), e["old"].as_str(), e["new"].as_str()),
        (Some("title"), Some("Sign up with email"), Some("Sign up with email or SSO"))
    );
    assert_eq!(e["name"], "BL-1");
    // --by takes any part of a name, or a role.
    assert_eq!(log_json(&env, &["--by", "ben"]).len(), 1);
    assert_eq!(log_json(&env, &["--by", "po"]).len(), 3);
}

#[test]
fn the_feed_since_a_time_and_since_you_last_looked() {
    let env = Env::empty();
    as_person(&env, "anna", &["add", "One"]);
    assert_eq!(log_json(&env, &["--since", "today"]).len(), 1);
    assert!(log_json(&env, &["--since", "2999-01-01"]).is_empty());
    let err = fails_as(&env, "anna", &["log", "--since", "the dawn of time"]);
    assert!(err.contains("not a date (2026-12-01), a span"), "{err}");

    // Each person has their own "last looked", kept outside the file.
    let before = std::fs::read(&env.ws).unwrap();
    as_person(&env, "anna", &["log"]);
    assert_eq!(std::fs::read(&env.ws).unwrap(), before, "looking writes nothing to the workspace");
    as_person(&env, "ben", &["add", "Two"]);
    let anna = as_person(&env, "anna", &["log", "--new"]);
    assert!(anna.contains("Added BL-2 Two") && !anna.contains("Added BL-1"), "{anna}");
    assert!(as_person(&env, "anna", &["log", "--new"]).starts_with("No changes since"));
    let ben = as_person(&env, "ben", &["log", "--new"]);
    assert!(ben.contains("Added BL-1 One") && ben.contains("Added BL-2 Two"), "ben never looked: {ben}");
}

#[test]
fn the_feed_since_a_git_commit() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.bl(&["edit", "BL-2", "--points", "8"]);
    // A commit's time is its committer date: one long ago, one to come.
    for (tag, date) in [("old", "2000-01-01T00:00:00Z"), ("future", "2099-01-01T00:00:00Z")] {
        let out = repo
            .env(&mut std::process::Command::new("git"))
            .env("GIT_COMMITTER_DATE", date)
            .args(["commit", "-q", "--allow-empty", "-m", tag])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        repo.git(&["tag", tag]);
    }
    let since = |r: &str| -> Vec<Value> { serde_json::from_str(&repo.bl(&["--json", "log", "--since", r])).unwrap() };
    let all = since("old");
    assert_eq!(all.len(), repo.ws().history.len(), "everything came after the old commit");
    assert!(all.iter().any(|r| r["what"].as_str().unwrap().contains("BL-2")));
    assert!(since("future").is_empty());
    assert!(since("future~1").len() == all.len(), "any revision git knows");
}

#[test]
fn undo_takes_back_your_last_change_and_leaves_what_others_changed_since() {
    let env = Env::empty();
    as_person(&env, "anna", &["add", "Sign up"]);
    as_person(&env, "anna", &["edit", "BL-1", "--points", "3"]);
    as_person(&env, "anna", &["edit", "BL-1", "--title", "Sign up with email", "--status", "refined"]);
    // Ben changes the status after her.
    as_person(&env, "ben", &["edit", "BL-1", "--status", "ready"]);

    let out = as_person(&env, "anna", &["undo"]);
    assert!(out.starts_with("Undid Updated BL-1 (title, status)"), "{out}");
    assert!(out.contains("left as it is: BL-1 status: changed since by ben (PO): it stays ready"), "{out}");
    let item = env.read().item_by_key("BL-1").unwrap().clone();
    assert_eq!((item.title.as_str(), item.status.to_string().as_str()), ("Sign up", "ready"));

    // Again: the change before (her points), not the undo itself.
    as_person(&env, "anna", &["undo"]);
    assert_eq!(env.read().item_by_key("BL-1").unwrap().estimate, None);
    // Then her add: the item goes (a tombstone, as every delete).
    as_person(&env, "anna", &["undo"]);
    assert!(env.read().item_by_key("BL-1").is_none());
    let err = fails_as(&env, "anna", &["undo"]);
    assert!(err.contains("nothing to undo"), "{err}");

    // The history says what each undo took back.
    let ws = env.read();
    let undos: Vec<_> = ws.history.records().iter().filter(|r| r.reverts.is_some()).collect();
    assert_eq!(undos.len(), 3);
    assert!(undos.iter().all(|r| r.by == "anna"));
}

#[test]
fn revert_any_change_from_the_history_by_its_id() {
    let env = Env::empty();
    as_person(&env, "anna", &["add", "Sign up", "--points", "2"]);
    as_person(&env, "ben", &["edit", "BL-1", "--points", "5", "--label", "auth", "--assignee", "ben"]);
    let list = log_json(&env, &["BL-1"]);
    let handle = list[1]["handle"].as_str().unwrap().to_owned();
    as_person(&env, "anna", &["edit", "BL-1", "--points", "8", "--label", "web"]);

    let out = as_person(&env, "anna", &["revert", &handle[..5]]);
    assert!(out.contains("Reverted Updated BL-1"), "{out}");
    assert!(out.contains("left as it is: BL-1 points: changed since by anna (PO): it stays 8"), "{out}");
    let item = env.read().item_by_key("BL-1").unwrap().clone();
    assert_eq!(item.estimate, Some(8), "the points anna set since stay");
    assert_eq!(item.assignee, None, "the assignee goes back");
    assert_eq!(item.labels, ["web"], "ben's label goes, anna's stays (labels are a set)");

    let err = fails_as(&env, "anna", &["revert", &handle]);
    assert!(err.contains("already taken back"), "{err}");
    let err = fails_as(&env, "anna", &["revert", "ffffffff"]);
    assert!(err.contains("no change ffffffff in the history"), "{err}");
}

#[test]
fn text_from_the_history_is_made_safe_for_the_terminal() {
    let env = Env::empty();
    as_person(&env, "anna\u{1b}[2J", &["add", "Plain"]);
    as_person(&env, "anna", &["edit", "BL-1", "--description", "evil \u{1b}]0;pwned\u{7} text"]);
    for args in [&["log", "BL-1"][..], &["log"], &["show", "BL-1"]] {
        let out = as_person(&env, "anna", args);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{args:?}: {out:?}");
    }
}

/// Two branches, each with its own people's changes (and one field both
/// changed), merged by git through the driver: the history keeps every
/// record of both sides in time order, each with the branch it was made
/// on, adds the merge's own record of the value it kept, and `log` shows
/// them all. The history itself never conflicts.
#[test]
fn a_git_merge_keeps_both_branches_history_in_time_order() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let bl = |who: &str, args: &[&str]| {
        let out = repo
            .env(&mut std::process::Command::new(env!("CARGO_BIN_EXE_backlog")))
            .env("BACKLOG_USER", who)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    common::repo::two_branches(
        &repo,
        |_| {
            bl("Tobias", &["--role", "pm", "edit", "BL-3", "--title", "Invite a whole team"]);
            bl("Tobias", &["--role", "pm", "edit", "BL-2", "--points", "3"]);
        },
        |_| {
            bl("anna", &["edit", "BL-3", "--points", "8", "--label", "growth"]);
            bl("anna", &["edit", "BL-2", "--points", "5"]);
        },
    );
    let (before_pm, before_main) = {
        let pm = repo.git(&["show", "pm:backlog.json"]);
        let pm = backlog::store::codec::decode(std::path::Path::new("pm"), pm.as_bytes()).unwrap().ws;
        (pm.history.records().to_vec(), repo.ws().history.records().to_vec())
    };
    let out = repo.git_out(&["merge", "pm", "-m", "merge"]);
    let ws = repo.ws();
    // BL-2's points were changed on both: a conflict of that field, not of history.
    assert!(ws.conflicts.iter().all(|c| c.field == "estimate"), "{:?}", ws.conflicts);
    assert!(!text_of(&out).contains("history"));
    let ids: std::collections::HashSet<_> = ws.history.records().iter().map(|r| r.id).collect();
    for r in before_pm.iter().chain(&before_main) {
        assert!(ids.contains(&r.id), "{} kept", r.what);
    }
    assert!(ws.history.records().windows(2).all(|w| (w[0].at, w[0].id) < (w[1].at, w[1].id)));
    let log = repo.bl(&["log", "BL-3"]);
    assert!(log.contains("Tobias (PM) · on pm") && log.contains("anna (PO) · on po"), "{log}");
    assert!(log.contains("title: Invite a teammate -> Invite a whole team"), "{log}");
    // The merge's own record says which of the two points stayed.
    let points = ws.item_by_key("BL-2").unwrap().estimate;
    let merge = ws.history.records().iter().rev().find(|r| r.via.as_deref() == Some("merge"));
    let last = ws
        .history
        .records()
        .iter()
        .rev()
        .flat_map(|r| &r.edits)
        .find(|e| e.field == "estimate" && e.id == Some(ws.item_by_key("BL-2").unwrap().meta.id));
    assert_eq!(
        last.map(|e| e.new.as_u64()),
        Some(points.map(u64::from)),
        "the latest record is what BL-2 holds ({merge:?})"
    );
}

fn text_of(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// An import is one record, however many items it brings (their creation
/// is their own time); a re-import that changes an item records each field
/// it changed, via the import.
#[test]
fn an_import_is_one_record_and_a_resync_records_what_it_changed() {
    let env = Env::empty();
    let csv = env.dir.path().join("jira.csv");
    let rows = |title: &str| {
        format!(
            "Issue key,Summary,Issue Type,Status\nPAY-1,{title},Story,To Do\nPAY-2,Refund a card,Story,To Do\nPAY-3,Refund cash,Bug,To Do\n"
        )
    };
    std::fs::write(&csv, rows("Refunds")).unwrap();
    as_person(&env, "anna", &["import", csv.to_str().unwrap()]);
    let ws = env.read();
    assert_eq!(ws.live_items().count(), 3);
    let imports: Vec<_> = ws.history.records().iter().filter(|r| r.what.starts_with("Imported")).collect();
    assert_eq!(imports.len(), 1, "one record for the import");
    assert!(imports[0].edits.is_empty() && imports[0].via.as_deref() == Some("import jira.csv"));
    let log = as_person(&env, "anna", &["log", "BL-2"]);
    assert!(log.contains("created: Imported"), "{log}");

    std::fs::write(&csv, rows("Refunds to the original card")).unwrap();
    as_person(&env, "anna", &["import", csv.to_str().unwrap()]);
    let list = log_json(&env, &["BL-1"]);
    let last = list.last().unwrap();
    assert_eq!(last["via"], "import jira.csv");
    let title = last["edits"].as_array().unwrap().iter().find(|e| e["field"] == "title").expect("the title's edit");
    assert_eq!((&title["old"], &title["new"]), (&Value::from("Refunds"), &Value::from("Refunds to the original card")));
}
