//! One golden file per schema version. A file of every version this build
//! knows opens, keeps its bytes on disk until an edit is saved, and is then
//! written in the current schema exactly as the next golden file says.
//!
//! `tests/golden/v1.json` is the demo as schema 1 wrote it, `v2.json` as
//! schema 2 wrote it, and so on; the newest is what this build makes of
//! every one of them. `v7-archive.json` is an archive (schema 7): the
//! demo's past, moved out by `backlog archive`. After a deliberate schema change, write the newest
//! golden file with `BLESS=1 cargo test --test schema` and read the diff.

use backlog::domain::SCHEMA_VERSION;
use backlog::domain::ready::{Check, Checklist};
use backlog::store::codec;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_backlog");

fn golden(v: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/v{v}.json"))
}

fn read(v: u32) -> Vec<u8> {
    std::fs::read(golden(v)).unwrap_or_else(|e| panic!("{}: {e}", golden(v).display()))
}

#[test]
fn every_version_upgrades_to_the_current_golden_file() {
    // The newest old file first: BLESS writes the current one from it.
    for v in (1..SCHEMA_VERSION).rev() {
        let decoded = codec::decode(&golden(v), &read(v)).expect("an old file opens");
        assert!(decoded.read_only.is_none(), "v{v} opens for editing");
        assert_eq!(decoded.ws.schema_version, SCHEMA_VERSION);
        let bytes = codec::encode(&decoded.ws);
        if v + 1 == SCHEMA_VERSION && std::env::var_os("BLESS").is_some() {
            std::fs::write(golden(SCHEMA_VERSION), &bytes).unwrap();
        }
        let want = read(SCHEMA_VERSION);
        assert!(
            bytes == want,
            "v{v} upgraded differs from {} (BLESS=1 rewrites it; read the diff)",
            golden(SCHEMA_VERSION).display()
        );
    }
}

#[test]
fn the_current_golden_file_round_trips_byte_for_byte() {
    let bytes = read(SCHEMA_VERSION);
    let decoded = codec::decode(&golden(SCHEMA_VERSION), &bytes).unwrap();
    assert!(decoded.repairs.is_empty());
    assert!(codec::encode(&decoded.ws) == bytes, "re-encoding changes the current golden file");
}

#[test]
fn a_version_1_file_gets_the_default_definitions_and_a_version_2_file_keeps_its_own() {
    let old = codec::decode(&golden(1), &read(1)).unwrap().ws;
    assert_eq!(old.settings.definition_of_ready, Checklist::ready_default());
    assert_eq!(old.settings.definition_of_done, Checklist::done_default());
    // In schema 2 the lists are always written, so an empty one is a choice.
    let mut v: serde_json::Value = serde_json::from_slice(&read(2)).unwrap();
    v["settings"]["definition_of_ready"] = serde_json::json!({ "checks": [], "items": [] });
    v["settings"]["definition_of_done"] = serde_json::json!({ "checks": ["points"], "items": ["Demoed"] });
    let text = serde_json::to_vec_pretty(&v).unwrap();
    let ws = codec::decode(Path::new("v2.json"), &text).unwrap().ws;
    assert!(ws.settings.definition_of_ready.is_empty());
    assert_eq!(ws.settings.definition_of_done.checks, [Check::Points]);
    assert_eq!(ws.settings.definition_of_done.items, ["Demoed"]);
}

fn backlog(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env_remove("BACKLOG_WORKSPACE")
        .env_remove("BACKLOG_ROLE")
        .env("BACKLOG_USER", "anna")
        .output()
        .unwrap();
    assert!(out.status.success(), "backlog {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_old_file_keeps_its_bytes_until_an_edit_writes_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backlog.json");
    std::fs::write(&file, read(1)).unwrap();
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["show", "TAN-1"],
        &["check"],
        &["roadmap", "list"],
        &["sprint", "show"],
        &["export", "roadmap"],
        &["conflicts", "list"],
    ] {
        let _ = Command::new(BIN).args(args).current_dir(dir.path()).env("HOME", dir.path()).output().unwrap();
        assert!(std::fs::read(&file).unwrap() == read(1), "`backlog {args:?}` rewrote an old file it did not edit");
    }
    backlog(dir.path(), &["edit", "TAN-1", "--title", "Renamed in schema 2"]);
    let now: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(now["schema_version"], SCHEMA_VERSION);
    assert_eq!(now["settings"]["definition_guard"], "warn");
    assert_eq!(
        now["settings"]["definition_of_ready"]["checks"],
        serde_json::json!(["points", "criteria", "story", "unblocked"])
    );
    // Apart from the edit and the new settings, the content is the same.
    let mut upgraded: serde_json::Value = serde_json::from_slice(&read(2)).unwrap();
    let mut edited = now.clone();
    for v in [&mut upgraded, &mut edited] {
        let items = v["items"].as_array_mut().unwrap();
        items.retain(|i| i["key"] != "TAN-1");
    }
    assert_eq!(edited["items"], upgraded["items"]);
    assert_eq!(edited["settings"], upgraded["settings"]);
}

/// Every field schemas 2 to 6 added, in use: assignee, blocks, ticks and
/// comments on items; the definitions and a named view in the settings; a
/// sync base on an external reference; carried-over work in a review (2);
/// a conflict record that says where its two values came from (3); stories
/// split from another, and review notes (4); the person on every change, on
/// a conflict's kept side, and the history of changes, a merge's own
/// record among them (5); releases, the team and its days off, WIP limits,
/// and an import's release (6). The current file must read and
/// write back byte for byte, and each older one must open and come out the
/// same but for its version. (`BLESS=1` rebuilds the current one from the
/// CLI's own commands and two sessions editing one title.)
#[test]
fn a_file_with_every_new_field_round_trips_byte_for_byte() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/v{SCHEMA_VERSION}-all-fields.json"));
    if std::env::var_os("BLESS").is_some() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("backlog.json");
        std::fs::write(&file, include_bytes!("../assets/demo.json")).unwrap();
        let run = |args: &[&str]| backlog(dir.path(), args);
        run(&["settings", "set", "--ready-items", "Designs attached", "--done-items", "Demoed"]);
        run(&[
            "settings",
            "set",
            "--close-status",
            "review",
            "--branch-template",
            "{key_lower}/{slug}",
            "--history-days",
            "3650",
        ]);
        run(&["edit", "TAN-27", "--tick", "Designs attached"]);
        run(&[
            "view",
            "save",
            "Payroll",
            "--where",
            "label:payroll is:open",
            "--sort",
            "wsjf",
            "--columns",
            "pts,status,who",
        ]);
        run(&["link", "TAN-9", "--blocks", "TAN-11"]);
        run(&["sprint", "new", "Sprint 24b"]);
        run(&["sprint", "close", "--goal-met", "yes", "--carry-over", "next", "--notes", "Swaps are live; DATEV next"]);
        let csv = dir.path().join("jira.csv");
        std::fs::write(
            &csv,
            "Issue key,Summary,Issue Type,Status,Custom field (Story Points),Assignee,Fix Version/s\nPAY-1,Refunds,Story,To Do,3,lena,2.0\n",
        )
        .unwrap();
        run(&["import", csv.to_str().unwrap()]);
        run(&["split", "TAN-25", "PIN login", "Venue tablet setup", "--give", "1:1"]);
        // A session with an unsaved title meets another's save of it.
        let mut session = backlog::store::Store::open(&file, backlog::domain::Role::Po).unwrap();
        let id = session.workspace().item_by_key("TAN-9").unwrap().meta.id;
        session.set_person("tobias");
        let mut ctx = backlog::domain::Ctx::new(chrono::Utc::now(), backlog::domain::Role::Po);
        ctx.user = "tobias".into();
        let patch =
            backlog::domain::command::ItemPatch { title: Some("Swap history, per shop".into()), ..Default::default() };
        session.apply_local(backlog::domain::Command::EditItem { id, patch: Box::new(patch) }, &mut ctx).unwrap();
        run(&["edit", "TAN-9", "--title", "Swap history on the profile page"]);
        session.save().unwrap();
        std::fs::copy(&file, &path).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let ws = codec::decode(&path, &bytes).expect("opens").ws;
    assert!(codec::encode(&ws) == bytes, "re-encoding changes {}", path.display());
    // Each new field is really in use in it.
    let items = || ws.live_items();
    assert!(items().any(|i| i.assignee.is_some()));
    assert!(items().any(|i| !i.blocks.is_empty()));
    assert!(items().any(|i| !i.checked.is_empty()));
    assert!(items().any(|i| !i.comments.is_empty()));
    assert!(items().any(|i| i.external.iter().any(|x| x.imported.as_ref().is_some_and(|b| b.assignee.is_some()))));
    assert_eq!(ws.settings.views.len(), 1);
    assert_eq!(ws.settings.definition_of_done.items, ["Demoed"]);
    assert!(ws.sprints.iter().any(|s| s.review.as_ref().is_some_and(|r| !r.carried_over.is_empty())));
    let sides = ws.conflicts.iter().find_map(|c| c.sides.as_ref()).expect("a conflict record with its sides");
    assert_eq!((sides.ours.as_str(), sides.theirs.as_str()), ("this session", "the file"));
    assert!(ws.sprints.iter().any(|s| s.review.as_ref().is_some_and(|r| r.notes == "Swaps are live; DATEV next")));

    assert_eq!(items().filter(|i| i.split_from.is_some()).count(), 2, "two stories split from one");
    // 5: people and history, and the settings of commits and retention.
    assert_eq!(ws.settings.close_status, backlog::domain::Status::Review);
    assert_eq!((ws.settings.branch_template.as_str(), ws.settings.history_days), ("{key_lower}/{slug}", Some(3650)));
    assert!(items().any(|i| i.meta.updated_by_person == "anna"));
    assert!(ws.conflicts.iter().any(|c| c.ours_by_person == "tobias"), "a conflict names who made the kept edit");
    assert!(ws.history.records().iter().any(|r| r.by == "anna" && r.via.as_deref() == Some("cli")));
    assert!(ws.history.records().iter().any(|r| r.via.as_deref() == Some("merge") && r.by == "tobias"));
    // 6: releases with their items, the team with days off, WIP limits,
    // and the release an import last brought.
    assert!(ws.live_releases().any(|r| r.target.is_some()) && items().any(|i| i.release.is_some()));
    assert!(ws.live_members().any(|m| !m.days_off.is_empty()));
    assert!(!ws.settings.wip_limits.is_empty());
    assert!(items().any(|i| i.external.iter().any(|x| x.imported.as_ref().is_some_and(|b| b.release.is_some()))));

    // The older files: the fields of their day, opened and written in the
    // current schema with nothing else changed.
    for v in 2..SCHEMA_VERSION {
        let old_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/v{v}-all-fields.json"));
        let old = std::fs::read(&old_path).unwrap();
        let decoded = codec::decode(&old_path, &old).expect("an older file opens");
        assert!(decoded.read_only.is_none());
        let want = String::from_utf8(old).unwrap().replacen(
            &format!("\"schema_version\": {v}"),
            &format!("\"schema_version\": {SCHEMA_VERSION}"),
            1,
        );
        assert!(
            codec::encode(&decoded.ws) == want.as_bytes(),
            "the schema {v} file upgrades with only its version changed"
        );
    }
}

/// A review written by schema 4 keeps its notes through a save by this
/// build and an edit elsewhere; a schema 3 review reads with none.
#[test]
fn review_notes_are_kept_and_old_reviews_have_none() {
    let old = codec::decode(&golden(3), &read(3)).unwrap().ws;
    assert!(old.sprints.iter().filter_map(|s| s.review.as_ref()).all(|r| r.notes.is_empty()));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backlog.json");
    std::fs::write(&file, read(3)).unwrap();
    backlog(dir.path(), &["sprint", "close", "--goal-met", "no", "--notes", "Two venues live\nThird one next sprint"]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(&format!("\"schema_version\": {SCHEMA_VERSION}")));
    assert!(text.contains("\"notes\": \"Two venues live\\nThird one next sprint\""), "the notes are in the file");
    backlog(dir.path(), &["edit", "TAN-9", "--title", "Another edit"]);
    let shown = backlog(dir.path(), &["sprint", "show", "Sprint 23"]);
    assert!(shown.contains("  notes      Two venues live\n             Third one next sprint\n"), "{shown}");
}

/// Schema 7's one new field, in the one kind of file that has it: an
/// archive says whose it is, reads and writes back byte for byte, and
/// opens read-only (its items come back through `unarchive`). `BLESS=1`
/// makes it by archiving the demo's past.
#[test]
fn an_archive_round_trips_byte_for_byte_and_opens_read_only() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/v7-archive.json");
    if std::env::var_os("BLESS").is_some() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("backlog.json"), include_bytes!("../assets/demo.json")).unwrap();
        backlog(dir.path(), &["archive", "--before", "2026-12-01"]);
        std::fs::copy(dir.path().join("backlog.archive.json"), &path).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let ws = codec::decode(&path, &bytes).expect("opens").ws;
    assert!(codec::encode(&ws) == bytes, "re-encoding changes {}", path.display());
    assert_eq!(ws.workspace.archive_of.as_deref(), Some("backlog.json"));
    assert!(!ws.items.is_empty() && ws.items.iter().all(|i| i.status.is_closed()), "the demo's closed past");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("backlog.archive.json");
    std::fs::write(&copy, &bytes).unwrap();
    let store = backlog::store::Store::open(&copy, backlog::domain::Role::Po).unwrap();
    assert!(store.read_only().is_some_and(|r| r.contains("archive of backlog.json")), "{:?}", store.read_only());
}
