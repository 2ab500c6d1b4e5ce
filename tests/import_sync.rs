//! A second import is a sync by external key: source changes come in,
//! local changes stay, a field changed on both sides becomes a conflict
//! record, deleted items stay deleted, and a file with no keys is not
//! imported twice by accident.

mod common;

use backlog::domain::Status;
use common::pty::Env;
use serde_json::Value;
use std::path::PathBuf;

fn write(env: &Env, name: &str, text: &str) -> PathBuf {
    let p = env.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn key_of(env: &Env, ext: &str) -> String {
    let ws = env.read();
    ws.items.iter().find(|i| i.external.iter().any(|x| x.key == ext)).unwrap().key.clone()
}

const V1: &str = "Issue key,Summary,Status,Story Points,Labels\r\nK-1,First,To Do,3,a\r\nK-2,Second,To Do,5,b\r\nK-3,Third,To Do,2,\r\n";

#[test]
fn source_changes_come_in_local_changes_stay_and_a_clash_is_recorded() {
    let env = Env::empty();
    let v1 = write(&env, "v1.csv", V1);
    env.cli(&["import", v1.to_str().unwrap()]);
    let (k1, k2, k3) = (key_of(&env, "K-1"), key_of(&env, "K-2"), key_of(&env, "K-3"));
    // Here: K-1 renamed, K-2 re-estimated, K-3 re-estimated.
    env.cli(&["edit", &k1, "--title", "First, renamed here"]);
    env.cli(&["edit", &k2, "--points", "8"]);
    env.cli(&["edit", &k3, "--points", "1"]);
    // There: K-1 moves to In Progress, K-2 renamed, K-3 re-estimated too.
    let v2 = write(
        &env,
        "v2.csv",
        "Issue key,Summary,Status,Story Points,Labels\r\nk-1 ,First,In Progress,3,a\r\nK-2,\"Second, renamed there\",To Do,5,b\r\nK-3,Third,To Do,13,\r\nK-4,Fourth,Done,1,\r\n",
    );
    let out = env.cli(&["--json", "import", v2.to_str().unwrap()]);
    let r = serde_json::from_str::<Value>(&out).unwrap()["result"].clone();
    assert_eq!(
        (r["created"].as_u64(), r["updated"].as_u64(), r["conflicts"].as_u64()),
        (Some(1), Some(2), Some(1)),
        "{r}"
    );
    let ws = env.read();
    let item = |k: &str| ws.item_by_key(k).unwrap();
    assert_eq!(item(&k1).title, "First, renamed here", "our rename stays");
    assert_eq!(item(&k1).status, Status::InProgress, "their status comes in (key matched after cleaning)");
    assert_eq!(item(&k2).title, "Second, renamed there");
    assert_eq!(item(&k2).estimate, Some(8), "our estimate stays");
    assert_eq!(item(&k3).estimate, Some(1), "both changed: ours stays for now");
    let conflicts: Vec<_> = ws.open_conflicts().collect();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field, "estimate");
    assert_eq!((conflicts[0].ours.as_u64(), conflicts[0].theirs.as_u64()), (Some(1), Some(13)));
    assert_eq!(ws.live_items().count(), 4);
    // The same file again changes nothing.
    let bytes = std::fs::read(&env.ws).unwrap();
    let out = env.cli(&["import", v2.to_str().unwrap()]);
    assert!(out.contains("0 created, 0 updated, 4 unchanged"), "{out}");
    assert_eq!(std::fs::read(&env.ws).unwrap(), bytes);
}

#[test]
fn deleted_here_stays_deleted_unless_asked() {
    let env = Env::empty();
    let v1 = write(&env, "v1.csv", V1);
    env.cli(&["import", v1.to_str().unwrap()]);
    let k2 = key_of(&env, "K-2");
    env.cli(&["rm", &k2]);
    let out = env.cli(&["import", v1.to_str().unwrap()]);
    assert!(out.contains("Deleted here, left deleted (1)"), "{out}");
    assert_eq!(env.read().live_items().count(), 2);
    let out = env.cli(&["import", v1.to_str().unwrap(), "--restore-deleted"]);
    assert!(out.contains("Brought back (1)"), "{out}");
    let ws = env.read();
    assert_eq!(ws.live_items().count(), 3);
    assert_eq!(ws.item_by_key(&k2).unwrap().title, "Second", "same item, same key");
}

#[test]
fn a_file_without_keys_is_refused_the_second_time() {
    let env = Env::empty();
    let f = write(&env, "nokey.csv", "Summary,Story Points\nOne,1\nTwo,2\n");
    env.cli(&["import", f.to_str().unwrap()]);
    let before = std::fs::read(&env.ws).unwrap();
    let out = env.command().args(["import", f.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no key column") && err.contains("--allow-duplicates"), "{err}");
    assert_eq!(std::fs::read(&env.ws).unwrap(), before);
    env.cli(&["import", f.to_str().unwrap(), "--allow-duplicates"]);
    assert_eq!(env.read().live_items().count(), 4);
}

#[test]
fn descriptions_sync_through_their_digest() {
    let env = Env::empty();
    let v1 = write(&env, "v1.csv", "Issue key,Summary,Description\nD-1,One,first text\nD-2,Two,second text\n");
    env.cli(&["import", v1.to_str().unwrap()]);
    let ws = env.read();
    let base = ws.items[0].external[0].imported.as_ref().unwrap();
    assert!(!base.description_digest.is_empty(), "the base keeps a digest, not a second copy of the text");
    let (k1, k2) = (key_of(&env, "D-1"), key_of(&env, "D-2"));
    env.cli(&["edit", &k2, "--description", "edited here"]);
    let v2 =
        write(&env, "v2.csv", "Issue key,Summary,Description\nD-1,One,changed there\nD-2,Two,also changed there\n");
    let out = env.cli(&["--json", "import", v2.to_str().unwrap()]);
    let r = serde_json::from_str::<Value>(&out).unwrap()["result"].clone();
    assert_eq!((r["updated"].as_u64(), r["conflicts"].as_u64()), (Some(1), Some(1)), "{r}");
    let ws = env.read();
    assert_eq!(ws.item_by_key(&k1).unwrap().description, "changed there");
    assert_eq!(ws.item_by_key(&k2).unwrap().description, "edited here");
    let c: Vec<_> = ws.open_conflicts().collect();
    assert_eq!((c[0].field.as_str(), c[0].theirs.as_str()), ("description", Some("also changed there")));
}

/// The assignee syncs like any field (theirs comes in unless we changed it
/// too), and the source's new comments join the item's with their own
/// authors and times; a comment made here stays.
#[test]
fn assignees_and_comments_sync_too() {
    let env = Env::empty();
    let head = "Issue key,Summary,Status,Assignee,Comment,Comment\r\n";
    let v1 = write(
        &env,
        "v1.csv",
        &format!("{head}A-1,One,To Do,lena,08/Sep/21 2:02 PM;lena;First look,\r\nA-2,Two,To Do,omar,,\r\n"),
    );
    env.cli(&["import", v1.to_str().unwrap()]);
    let (k1, k2) = (key_of(&env, "A-1"), key_of(&env, "A-2"));
    // Here: A-2 handed to anna, and a comment on A-1.
    env.cli(&["edit", &k2, "--assignee", "anna"]);
    env.cli(&["comment", &k1, "Looks fine to me"]);
    // There: A-1 reassigned to omar with a second comment; A-2 to kim.
    let v2 = write(
        &env,
        "v2.csv",
        &format!(
            "{head}A-1,One,To Do,omar,08/Sep/21 2:02 PM;lena;First look,09/Sep/21 10:00 AM;omar;Taking it\r\nA-2,Two,To Do,kim,,\r\n"
        ),
    );
    let out = env.cli(&["--json", "import", v2.to_str().unwrap()]);
    let r = serde_json::from_str::<Value>(&out).unwrap()["result"].clone();
    assert_eq!((r["updated"].as_u64(), r["conflicts"].as_u64()), (Some(1), Some(1)), "{r}");
    let ws = env.read();
    let one = ws.item_by_key(&k1).unwrap();
    assert_eq!(one.assignee.as_deref(), Some("omar"), "their assignee comes in");
    let said: Vec<(&str, &str)> = one.comments.iter().map(|c| (c.author.as_str(), c.text.as_str())).collect();
    assert_eq!(said, [("lena", "First look"), ("omar", "Taking it"), ("po", "Looks fine to me")]);
    let two = ws.item_by_key(&k2).unwrap();
    assert_eq!(two.assignee.as_deref(), Some("anna"), "both changed it: ours stays");
    let conflicts: Vec<_> = ws.open_conflicts().collect();
    assert_eq!((conflicts.len(), conflicts[0].field.as_str()), (1, "assignee"));
    // Nothing new at the source: nothing changes, not a byte.
    let bytes = std::fs::read(&env.ws).unwrap();
    let out = env.cli(&["import", v2.to_str().unwrap()]);
    assert!(out.contains("0 created, 0 updated, 2 unchanged"), "{out}");
    assert_eq!(std::fs::read(&env.ws).unwrap(), bytes);
}
