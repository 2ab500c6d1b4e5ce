//! A file that loads is a file that is right: the CLI (a real process) on
//! files edited by hand into states that would make a command act on the
//! wrong item: two entities with one id, two items with one key, a key
//! counter behind the keys or at the end of its range.

mod common;

use common::pty::{BIN, Env};
use serde_json::Value;
use std::process::{Command, Output, Stdio};

fn run(env: &Env, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(env.dir.path())
        .env("HOME", env.dir.path())
        .env("XDG_DATA_HOME", env.dir.path().join("data"))
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .env_remove("BACKLOG_WORKSPACE")
        .env_remove("BACKLOG_ROLE")
        .arg("--workspace")
        .arg(&env.ws)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("backlog runs")
}

/// A workspace with BL-1..BL-5, edited by `f` as raw JSON.
fn edited(f: impl FnOnce(&mut Value)) -> Env {
    let env = Env::empty();
    for t in ["One", "Two", "Three", "Four", "Five"] {
        env.cli(&["add", t]);
    }
    let mut v: Value = serde_json::from_slice(&std::fs::read(&env.ws).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(&env.ws, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    env
}

fn item<'a>(v: &'a mut Value, key: &str) -> &'a mut Value {
    v["items"].as_array_mut().unwrap().iter_mut().find(|i| i["key"] == key).unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn two_items_with_one_id_are_refused_and_the_file_is_not_touched() {
    let env = edited(|v| {
        let id = item(v, "BL-5")["id"].clone();
        item(v, "BL-3")["id"] = id;
    });
    let bytes = std::fs::read(&env.ws).unwrap();
    for args in [&["edit", "BL-5", "--title", "Changed"][..], &["rm", "BL-5"], &["list"]] {
        let out = run(&env, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains("two items have the id") && err.contains("\"BL-3\"") && err.contains("\"BL-5\""), "{err}");
        assert_eq!(std::fs::read(&env.ws).unwrap(), bytes, "never written");
    }
}

#[test]
fn two_items_with_one_key_are_told_apart_and_renumbered_on_save() {
    let env = edited(|v| {
        item(v, "BL-4")["key"] = "BL-2".into();
    });
    let out = run(&env, &["list"]);
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("BL-2 was on two entities; the newer one (\"Four\") is now BL-6"), "{err}");

    // An edit of BL-2 reaches the older item, and the save keeps the repair.
    let out = run(&env, &["edit", "BL-2", "--title", "Two, edited"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ws = env.read();
    assert_eq!(ws.item_by_key("BL-2").unwrap().title, "Two, edited");
    assert_eq!(ws.item_by_key("BL-6").unwrap().title, "Four");
    assert_eq!(ws.workspace.next_key, 7);
    let again = run(&env, &["list"]);
    assert!(text(&again.stderr).is_empty(), "repaired for good: {}", text(&again.stderr));
}

#[test]
fn a_counter_behind_the_keys_never_hands_out_a_key_twice() {
    // Behind the keys, and at the highest key itself (the next key would be
    // BL-5 again): both raised past it.
    for behind in [1u64, 3, 5] {
        let env = edited(|v| v["workspace"]["next_key"] = behind.into());
        let out = run(&env, &["add", "Six"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("Added BL-6"), "next_key {behind}: {}", text(&out.stdout));
        assert!(text(&out.stderr).contains(&format!("workspace.next_key was {behind}")), "{}", text(&out.stderr));
        let ws = env.read();
        let mut keys: Vec<&str> = ws.items.iter().map(|i| i.key.as_str()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 6, "next_key {behind}: {keys:?}");
        assert_eq!(ws.workspace.next_key, 7);
    }
}

#[test]
fn a_counter_at_the_end_of_its_range_is_refused_not_wrapped() {
    let env = edited(|v| v["workspace"]["next_key"] = u64::MAX.into());
    let bytes = std::fs::read(&env.ws).unwrap();
    let out = run(&env, &["add", "Six"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("workspace.next_key") && err.contains("largest key number"), "{err}");
    assert_eq!(std::fs::read(&env.ws).unwrap(), bytes);
}
