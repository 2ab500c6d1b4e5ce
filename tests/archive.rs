//! `backlog archive` and `unarchive`, run as a user runs them: the two files
//! on disk, what the CLI says, and what a session editing meanwhile keeps.

mod common;

use backlog::domain::command::ItemPatch;
use backlog::domain::{Command, Ctx, Role, Workspace};
use backlog::store::{Store, codec};
use common::pty::Env;
use std::collections::HashSet;
use std::path::Path;

fn archive_file(env: &Env) -> std::path::PathBuf {
    env.dir.path().join("backlog.archive.json")
}

fn read(path: &Path) -> Workspace {
    codec::decode(path, &std::fs::read(path).unwrap()).unwrap().ws
}

/// Tomorrow: everything closed so far counts as the past.
fn tomorrow() -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(1)).to_string()
}

fn json(env: &Env, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&env.cli(&all)).unwrap()
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_owned()).collect()
}

/// The workspace without the records `archive` and `unarchive` add.
fn without_moves(mut ws: Workspace) -> Workspace {
    let ids: HashSet<_> = ws
        .history
        .records()
        .iter()
        .filter(|r| r.what.starts_with("Archived ") || r.what.starts_with("Restored "))
        .map(|r| r.id)
        .collect();
    ws.history.remove(&ids);
    ws
}

#[test]
fn archiving_then_restoring_gives_back_the_same_workspace() {
    let env = Env::demo();
    let before = env.read();
    let bytes_before = std::fs::read(&env.ws).unwrap();

    // A dry run says what would move and writes nothing.
    let plan = json(&env, &["archive", "--before", &tomorrow(), "--dry-run"]);
    assert_eq!(plan["dry_run"], true);
    assert_eq!(strings(&plan["items"]), ["TAN-1", "TAN-2", "TAN-3", "TAN-34"]);
    assert_eq!(std::fs::read(&env.ws).unwrap(), bytes_before);
    assert!(!archive_file(&env).exists());

    let history = env.cli(&["log", "TAN-34"]);
    assert!(history.lines().count() > 3, "a comment and more: {history}");
    let said = env.cli(&["archive", "--before", &tomorrow()]);
    assert!(said.contains(&format!("Moved 4 items closed before {} to backlog.archive.json", tomorrow())), "{said}");
    let ws = env.read();
    let archive = read(&archive_file(&env));
    for key in ["TAN-1", "TAN-2", "TAN-3", "TAN-34"] {
        assert!(ws.item_by_key(key).is_none(), "{key} left the workspace");
        assert!(archive.item_by_key(key).is_some(), "{key} is in the archive");
    }
    assert_eq!(ws.items.len() + archive.items.len(), before.items.len(), "nothing lost, nothing doubled");
    assert_eq!(archive.workspace.archive_of.as_deref(), Some("backlog.json"));
    // Their history went with them.
    let tan2 = archive.item_by_key("TAN-2").unwrap().meta.id;
    assert!(archive.history.of(tan2).count() > 0 && ws.history.of(tan2).count() == 0);

    // Still there to find and read.
    let listed = json(&env, &["list", "--archived"]);
    let keys: Vec<&str> = listed.as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["TAN-1", "TAN-2", "TAN-3", "TAN-34"]);
    assert!(listed.as_array().unwrap().iter().all(|i| i["archived"] == true));
    let found = json(&env, &["list", "--archived", "--where", "rest period"]);
    assert_eq!(found[0]["key"], "TAN-2", "the filter reads archived items: {found}");
    let shown = env.cli(&["show", "TAN-2"]);
    assert!(shown.contains("archived    yes"), "{shown}");
    assert!(shown.contains("epic        TAN-1 Working-hours checks"), "its links read: {shown}");
    assert!(shown.contains("initiative  R3 "), "its initiative, in the workspace: {shown}");
    let check = env.cli(&["check"]);
    assert!(check.contains("Archive backlog.archive.json: 4 items and 0 sprints, links all resolve"), "{check}");
    let archived_history = env.cli(&["log", "TAN-34"]);
    assert_eq!(archived_history, history.replacen('\n', "  (archived)\n", 1), "its history is read where it went");

    // Bringing back TAN-2 brings its epic; the rest one at a time.
    let back = json(&env, &["unarchive", "TAN-2"]);
    assert_eq!(strings(&back["result"]["items"]), ["TAN-1", "TAN-2"]);
    env.cli(&["unarchive", "TAN-3", "TAN-34"]);
    assert!(read(&archive_file(&env)).items.is_empty());
    let after = without_moves(env.read());
    assert!(after == before, "the same workspace, item for item and record for record");
    assert_eq!(codec::encode(&after), codec::encode(&before), "and the same bytes");
}

#[test]
fn keys_are_never_reused() {
    let env = Env::demo();
    env.cli(&["archive", "--before", &tomorrow()]);
    let added = json(&env, &["add", "After the archive"]);
    assert_eq!(added["changed"][0]["key"], "TAN-41", "the next key, not an archived one");
    env.cli(&["unarchive", "TAN-34"]);
    let ws = env.read();
    assert_eq!(ws.item_by_key("TAN-34").unwrap().title, "Next shift on the Apple Watch face");
    assert_eq!(ws.item_by_key("TAN-41").unwrap().title, "After the archive");
}

#[test]
fn unarchive_refuses_what_is_not_archived_and_the_archive_itself_opens_read_only() {
    let env = Env::demo();
    let out = env.command().args(["unarchive", "TAN-2"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("TAN-2 is not in the archive"), "no archive yet");
    env.cli(&["archive", "--before", &tomorrow()]);
    let out = env.command().args(["unarchive", "TAN-5"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("TAN-5 is not in the archive"));
    // A command on an archived item says where it went and how back.
    let out = env.command().args(["edit", "TAN-2", "--title", "x"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("TAN-2 is archived") && err.contains("`backlog unarchive TAN-2` brings it back"), "{err}");
    let out = env.command().args(["--json", "comment", "TAN-2", "hi"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "not_found", "{v}");
    let out = env.command().args(["edit", "TAN-99", "--title", "x"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no item \"TAN-99\""), "an unknown key as before");
    let file = archive_file(&env);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_backlog"))
        .current_dir(env.dir.path())
        .env("HOME", env.dir.path())
        .env("XDG_DATA_HOME", env.dir.path().join("data"))
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .arg("--workspace")
        .arg(&file)
        .args(["edit", "TAN-2", "--title", "x"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("archive of backlog.json") && err.contains("unarchive"), "{err}");
}

/// A session with an unsaved edit of an item that `archive` (another
/// process) moves out meanwhile: the edit is kept, the item comes back with
/// its epic, and no link is cut.
#[test]
fn an_item_edited_in_an_open_session_comes_back_with_the_edit_and_its_epic() {
    let env = Env::demo();
    let mut session = Store::open(&env.ws, Role::Po).unwrap();
    let id = session.workspace().item_by_key("TAN-2").unwrap().meta.id;
    let epic = session.workspace().item_by_key("TAN-1").unwrap().meta.id;
    let mut ctx = Ctx::new(chrono::Utc::now(), Role::Po);
    let patch = ItemPatch { title: Some("Rest-period warning, final".into()), ..Default::default() };
    session.apply_local(Command::EditItem { id, patch: Box::new(patch) }, &mut ctx).unwrap();

    env.cli(&["archive", "--before", &tomorrow()]);
    let saved = session.save().unwrap();
    assert!(saved.report.conflicts.is_empty(), "{:?}", saved.report);
    let ws = env.read();
    let item = ws.item(id).expect("the edited item is back");
    assert_eq!(item.title, "Rest-period warning, final");
    assert_eq!(item.parent, Some(epic), "with its epic");
    assert!(ws.item(epic).is_some(), "the epic came back too");
    let listed = json(&env, &["list", "--archived"]);
    let keys: Vec<&str> = listed.as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["TAN-3", "TAN-34"], "the workspace's copies count");
    let check = env.cli(&["check"]);
    assert!(check.contains("Links: all resolve") && check.contains("links all resolve"), "{check}");
    // Archiving again tidies up: the edited copies replace the archive's.
    let again = json(&env, &["archive", "--before", &tomorrow()]);
    assert_eq!(strings(&again["result"]["items"]), ["TAN-1", "TAN-2"], "{again}");
    assert_eq!(read(&archive_file(&env)).item(id).unwrap().title, "Rest-period warning, final");
    assert!(env.read().item(id).is_none());
}

#[test]
fn the_size_warning_is_said_once_with_its_remedy_and_again_after_the_file_was_small() {
    let env = Env::demo();
    let config = env.dir.path().join("config").join("backlog").join("config.toml");
    let set = |mb: &str| std::fs::write(&config, format!("show_done = true\nwarn_size_mb = {mb}\n")).unwrap();
    let stderr = |args: &[&str]| {
        let out = env.command().args(args).output().unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    set("0.05");
    let first = stderr(&["list"]);
    assert!(first.contains("backlog.json is 0.1 MB, past 0.05 MB"), "{first}");
    assert!(first.contains("`backlog archive` moves what closed long ago to backlog.archive.json"), "{first}");
    assert_eq!(stderr(&["list"]), "", "once");
    let listed = json(&env, &["add", "One more"]);
    assert!(listed["warnings"].as_array().unwrap().is_empty(), "not in the envelope either: {listed}");
    set("10");
    assert_eq!(stderr(&["list"]), "", "under the limit");
    set("0.05");
    assert!(stderr(&["list"]).contains("past 0.05 MB"), "said again after the file was under the limit");
    set("0");
    assert_eq!(stderr(&["list"]), "", "0 turns it off");
}

/// An archived key another item took meanwhile (a hand edit, a merge of
/// files from elsewhere): `unarchive` refuses it, saying which, and
/// `check` names the clash; nothing is overwritten.
#[test]
fn an_archived_key_taken_in_the_workspace_is_refused_and_checked() {
    let env = Env::demo();
    env.cli(&["archive", "--before", &tomorrow()]);
    let text = std::fs::read_to_string(&env.ws).unwrap().replace("\"key\": \"TAN-40\"", "\"key\": \"TAN-34\"");
    std::fs::write(&env.ws, text).unwrap();
    let before = std::fs::read(&env.ws).unwrap();
    let out = env.command().args(["unarchive", "TAN-34"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("TAN-34 is taken in the workspace by another item"), "{err}");
    assert_eq!(std::fs::read(&env.ws).unwrap(), before, "the workspace was not written");
    assert!(read(&archive_file(&env)).item_by_key("TAN-34").is_some(), "still archived");
    let check = env.command().arg("check").output().unwrap();
    assert!(!check.status.success());
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(said.contains("TAN-34 is both an archived item and another item in the workspace"), "{said}");
}
