//! Getting started: `init` writes where `--workspace` or
//! `$BACKLOG_WORKSPACE` say, names the workspace after the file's folder,
//! and `backlog` with no workspace anywhere points at `init` and `--demo`.

mod common;

use common::pty::BIN;
use std::process::{Command, Stdio};

fn backlog(home: &std::path::Path) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(home)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("BACKLOG_WORKSPACE")
        .env_remove("BACKLOG_ROLE")
        .stdin(Stdio::null());
    c
}

fn name_of(file: &std::path::Path) -> String {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    v["workspace"]["name"].as_str().unwrap().to_owned()
}

#[test]
fn init_writes_where_the_workspace_is_said_to_be() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("Acme")).unwrap();
    let out = backlog(home.path()).args(["--workspace", "Acme/plan.json", "init", "--no-git"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let file = home.path().join("Acme/plan.json");
    assert!(file.is_file(), "init --workspace PATH creates PATH");
    assert!(!home.path().join("backlog.json").exists(), "not ./backlog.json");
    assert_eq!(name_of(&file), "Acme", "named after its folder");

    std::fs::create_dir_all(home.path().join("Tandem")).unwrap();
    let env_file = home.path().join("Tandem/team.json");
    let out = backlog(home.path()).env("BACKLOG_WORKSPACE", &env_file).args(["init", "--no-git"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(env_file.is_file(), "$BACKLOG_WORKSPACE is where init writes");
    assert_eq!(name_of(&env_file), "Tandem");
}

#[test]
fn no_workspace_anywhere_mentions_init_and_the_demo() {
    let home = tempfile::tempdir().unwrap();
    let out = backlog(home.path()).arg("list").output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("backlog init") && err.contains("backlog --demo"), "{err}");
}
