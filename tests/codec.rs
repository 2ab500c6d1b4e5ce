//! Reading and writing the file's text: fields this version does not know
//! come back byte for byte, numbers included, in every entity and at every
//! depth, through saves, merges and conflict resolution; values that do not
//! fit are reported at their own line, by name; a newer schema says what
//! happened.

mod common;

use backlog::domain::command::Take;
use backlog::domain::{Command, Role};
use backlog::store::{Store, StoreError, codec};
use common::*;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Numbers a plain `serde_json::Value` would write back differently, and
/// numbers too big for a double, which serde_json refuses to read at all.
const ODD: [&str; 9] = [
    "123456789012345678901234567890",
    "1E+2",
    "0.1000000000000000055511151231257827",
    "-0",
    "2.50",
    "-1.5E-300",
    "1e5",
    "1e400",
    "-2.5E+999",
];

/// An unknown value holding every odd number at several depths, a plain
/// number, a string that looks like a number and an object that looks
/// like the way numbers are carried in memory. Numbers are written as
/// `"@n@"` and put in by [`with_numbers`].
fn future(tag: &str) -> Value {
    json!({
        "tag": tag,
        "big": "@0@",
        "exp": "@1@",
        "frac": "@2@",
        "list": ["@1@", "@3@", "@4@", {"deep": [["@0@", "@5@", "@6@", "@7@"]], "empty": {}}],
        "huge": "@7@",
        "huge_negative": {"n": "@8@"},
        "plain": 3,
        "text": "1E+2",
        "lookalike": {"$backlog:number": "7"},
    })
}

fn with_numbers(text: String) -> String {
    ODD.iter().enumerate().fold(text, |t, (i, n)| t.replace(&format!("\"@{i}@\""), n))
}

/// The raw text of the first value under `key`, searching depth first.
fn raw_of<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let raw: &RawValue = serde_json::from_str(text).ok()?;
    let t = raw.get();
    if t.starts_with('{') {
        let fields: BTreeMap<String, &RawValue> = serde_json::from_str(t).ok()?;
        if let Some(v) = fields.get(key) {
            return Some(v.get());
        }
        // The history holds copies of what edits changed, one record per
        // line: the entities are what is checked here.
        let top = fields.contains_key("schema_version");
        fields.iter().filter(|(k, _)| !(top && *k == "history")).find_map(|(_, v)| raw_of(v.get(), key))
    } else if t.starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(t).ok()?;
        items.iter().find_map(|v| raw_of(v.get(), key))
    } else {
        None
    }
}

/// Where the unknown fields go: (JSON pointer, key).
const PLACES: [(&str, &str); 27] = [
    ("", "x_top"),
    ("", "x_top_number"),
    ("", "x_top_huge"),
    ("/workspace", "x_info"),
    ("/settings", "x_settings"),
    ("/vision", "x_vision"),
    ("/goals/0", "x_goal"),
    ("/goals/0/kpis/0", "x_kpi"),
    ("/roadmap/0", "x_initiative"),
    ("/items/0", "x_item_edited"),
    ("/items/0/acceptance_criteria/0", "x_criterion"),
    ("/items/0/story", "x_story"),
    ("/items/0/external/0", "x_external"),
    ("/items/1/scoring", "x_scoring"),
    ("/items/1/scoring/wsjf", "x_wsjf"),
    ("/roadmap/0/scoring/rice", "x_rice"),
    ("/roadmap/0/timeframe", "x_timeframe"),
    ("/sprints/0/review", "x_review"),
    ("/items/1", "x_item"),
    ("/sprints/0", "x_sprint"),
    ("/sprints/0/history/0", "x_history"),
    ("/conflicts/0", "x_conflict"),
    ("/conflicts/0/sides", "x_sides"),
    ("/items/0/comments/0", "x_comment"),
    ("/items/0/external/0/imported", "x_imported"),
    ("/settings/definition_of_ready", "x_checklist"),
    ("/settings/views/0", "x_view"),
];

/// The fixture workspace written by a newer tool: unknown fields in every
/// kind of entity and in the objects inside them (a KPI, a criterion, a
/// story, a link, scores and their inputs, a timeframe, a sprint review),
/// and an open conflict on an unknown field of BL-1 whose three values
/// hold odd numbers.
fn newer_file() -> (TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    let mut v = serde_json::to_value(base_ws()).unwrap();
    v["goals"][0]["kpis"] =
        json!([{"name": "Retention", "baseline": 1.5, "target": 2.5, "current": 1.5, "direction": "up"}]);
    v["items"][0]["acceptance_criteria"] = json!([{"text": "Works", "met": false}]);
    v["items"][0]["story"] = json!({"as_a": "visitor", "i_want": "to sign up", "so_that": "I can start"});
    v["items"][0]["external"] =
        json!([{"system": "jira", "key": "J-1", "imported": {"title": "Sign up", "kind": "story", "status": "new"}}]);
    v["items"][0]["comments"] = json!([{"at": "2025-06-15T12:00:00Z", "author": "lena", "role": "po", "text": "Hi"}]);
    v["settings"]["views"] = json!([{"name": "Mine", "filter": "@lena"}]);
    v["items"][1]["scoring"] = json!({
        "moscow": "must",
        "wsjf": {"business_value": 8.0, "time_criticality": 5.0, "risk_reduction": 3.0, "job_size": 4.0},
    });
    v["roadmap"][0]["scoring"] = json!({"rice": {"reach": 100.0, "impact": 2.0, "confidence": 80.0, "effort": 4.0}});
    v["roadmap"][0]["timeframe"] = json!({"label": "Q3"});
    v["sprints"][0]["review"] = json!({
        "closed_at": "2025-06-29T17:00:00Z", "committed": 5, "completed": 3, "not_completed": 2,
        "scope_added": 0, "scope_removed": 0,
    });
    let bl1 = v["items"][0]["id"].clone();
    v["items"][0]["x_score"] = json!({"x_ours": "@1@"});
    v["conflicts"] = json!([{
        "id": "01970000-0000-7000-8000-00000000c0f1",
        "at": "2025-06-15T12:00:00Z",
        "entity": "item",
        "entity_id": bl1,
        "label": "BL-1",
        "field": "x_score",
        "base": {"x_base": "@0@"},
        "ours": {"x_ours": "@1@"},
        "theirs": {"x_theirs": ["@2@", {"n": "@3@"}, "@8@"]},
        "ours_by": "po",
        "sides": {"ours": "this session", "theirs": "the file", "kept": "ours"},
    }]);
    for (place, key) in PLACES {
        let value = match key {
            "x_top_number" => json!("@1@"),
            "x_top_huge" => json!("@7@"),
            _ => future(key),
        };
        v.pointer_mut(place).unwrap().as_object_mut().unwrap().insert(key.into(), value);
    }
    let text = with_numbers(serde_json::to_string_pretty(&v).unwrap()) + "\n";
    fs::write(&path, &text).unwrap();
    (dir, path, text)
}

fn assert_kept(saved: &str, original: &str, when: &str) {
    for (_, key) in PLACES {
        let (now, was) = (raw_of(saved, key), raw_of(original, key));
        assert!(was.is_some(), "{key} in the fixture");
        assert_eq!(now, was, "{key} kept byte for byte {when}");
    }
    for n in ODD {
        assert!(saved.contains(n), "{n} written as it was {when}");
    }
    for key in ["x_base", "x_ours", "x_theirs"] {
        assert_eq!(raw_of(saved, key), raw_of(original, key), "conflict value {key} kept {when}");
    }
}

#[test]
fn unknown_fields_and_their_numbers_survive_a_save_byte_for_byte() {
    let (_dir, path, original) = newer_file();
    let mut s = Store::open(&path, Role::Po).unwrap();
    let bl1 = item_id(s.workspace(), "BL-1");
    s.apply(title(bl1, "Sign up with email or SSO"), &mut ctx(Role::Po, 10)).unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    assert_kept(&saved, &original, "through a save");
    assert_eq!(raw_of(&saved, "x_score"), raw_of(&original, "x_score"));

    // Read back, the session and the file agree, and writing again gives
    // the same bytes.
    let disk = codec::decode(&path, saved.as_bytes()).unwrap().ws;
    assert_eq!(&disk, s.workspace());
    assert_eq!(codec::encode(&disk), saved.as_bytes());
}

/// The history's edits hold copies of values, numbers included: they are
/// read exactly in the first pass (no second reading of the file), and
/// written back byte for byte.
#[test]
fn numbers_in_the_history_survive_a_save_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    let mut v = serde_json::to_value(base_ws()).unwrap();
    let bl1 = v["items"][0]["id"].clone();
    v["history"] = json!([{
        "id": "01970000-0000-7000-8000-0000000000b1",
        "at": "2025-06-15T12:00:00Z",
        "role": "po",
        "what": "Edited BL-1",
        "edits": [{
            "entity": "item", "id": bl1, "field": "x_future",
            "old": future("old"), "new": ["@0@", "@1@", "@7@"],
            "added": [future("added"), "@2@"], "removed": ["@8@", "@3@"],
        }],
    }]);
    let text = with_numbers(serde_json::to_string_pretty(&v).unwrap()) + "\n";
    fs::write(&path, &text).unwrap();
    // One record per line; a comma after it when a newer one follows.
    let record =
        |text: &str| text.lines().find(|l| l.contains("0000000000b1")).map(|l| l.trim_end_matches(',').to_owned());
    let mut s = Store::open(&path, Role::Po).unwrap();
    let bl1 = item_id(s.workspace(), "BL-1");
    s.apply(title(bl1, "Sign up with email or SSO"), &mut ctx(Role::Po, 10)).unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    let first = codec::decode(&path, text.as_bytes()).unwrap().ws;
    let line = record(&String::from_utf8(codec::encode(&first)).unwrap()).expect("the record");
    for n in ODD {
        assert!(line.contains(n), "{n} in {line}");
    }
    assert_eq!(record(&saved), Some(line), "the record written back as it was read");
}

#[test]
fn unknown_fields_survive_a_merge_of_the_entities_that_hold_them() {
    let (_dir, path, original) = newer_file();
    let mut a = Store::open(&path, Role::Po).unwrap();
    let mut b = Store::open(&path, Role::Pm).unwrap();
    let (bl1, bl2) = (item_id(a.workspace(), "BL-1"), item_id(a.workspace(), "BL-2"));
    let goal = a.workspace().goals[0].meta.id;
    b.apply(estimate(bl1, 13), &mut ctx(Role::Pm, 10)).unwrap();
    b.apply(title(bl2, "Reset it"), &mut ctx(Role::Pm, 11)).unwrap();
    // A touches the same item, the goal and the sprint, so each of them is
    // merged field by field.
    a.apply_local(title(bl1, "Sign up"), &mut ctx(Role::Po, 12)).unwrap();
    let patch = backlog::domain::command::GoalPatch { title: Some("Keep them".into()), ..Default::default() };
    a.apply_local(Command::EditGoal { id: goal, patch }, &mut ctx(Role::Po, 13)).unwrap();
    let bl3 = item_id(a.workspace(), "BL-3");
    let sprint = a.workspace().sprints[0].meta.id;
    let into = backlog::domain::command::ItemPatch { sprint: Some(Some(sprint)), ..Default::default() };
    a.apply_local(edit_item(bl3, into), &mut ctx(Role::Po, 14)).unwrap();
    let saved = a.save().unwrap();
    assert!(saved.merged && saved.report.conflicts.is_empty(), "{:?}", saved.report);

    let text = fs::read_to_string(&path).unwrap();
    assert_kept(&text, &original, "through a merge");
    let disk = codec::decode(&path, text.as_bytes()).unwrap().ws;
    assert_eq!((disk.item(bl1).unwrap().title.as_str(), disk.item(bl1).unwrap().estimate), ("Sign up", Some(13)));
    assert_eq!(&disk, a.workspace(), "the saver holds what it wrote");
}

#[test]
fn an_edit_that_replaces_a_part_keeps_its_unknown_fields() {
    use backlog::domain::command::{GoalPatch, InitiativePatch, ItemPatch};
    use backlog::domain::item::{Criterion, Story};
    use backlog::domain::score::Wsjf;
    use backlog::domain::strategy::{Kpi, Timeframe};
    let (_dir, path, original) = newer_file();
    let mut s = Store::open(&path, Role::Po).unwrap();
    let bl1 = item_id(s.workspace(), "BL-1");
    let r1 = s.workspace().roadmap[0].meta.id;
    // What a form sends: the fields it shows, nothing else.
    let story =
        ItemPatch { story: Some(Some(Story::new("member", "to sign up fast", "I start"))), ..Default::default() };
    s.apply(edit_item(bl1, story), &mut ctx(Role::Po, 10)).unwrap();
    let tf = Timeframe { label: "Q4".into(), ..Default::default() };
    let patch = InitiativePatch { timeframe: Some(Some(tf)), ..Default::default() };
    s.apply(Command::EditInitiative { id: r1, patch: Box::new(patch) }, &mut ctx(Role::Pm, 11)).unwrap();
    // What $EDITOR and the command line send: lists rebuilt from text.
    let ac = vec![Criterion::new("Works", true), Criterion::new("Is fast", false)];
    s.apply(edit_item(bl1, ItemPatch { acceptance_criteria: Some(ac), ..Default::default() }), &mut ctx(Role::Po, 12))
        .unwrap();
    let goal = s.workspace().goals[0].meta.id;
    let kpis = vec![Kpi::parse_spec("name=Retention;baseline=1.5;target=3").unwrap()];
    let patch = GoalPatch { kpis: Some(kpis), ..Default::default() };
    s.apply(Command::EditGoal { id: goal, patch }, &mut ctx(Role::Pm, 13)).unwrap();
    let bl2 = item_id(s.workspace(), "BL-2");
    let wsjf = ItemPatch { wsjf: Some(Some(Wsjf::new(13.0, 5.0, 3.0, 4.0))), ..Default::default() };
    s.apply(edit_item(bl2, wsjf), &mut ctx(Role::Po, 14)).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert_kept(&text, &original, "through edits of the parts that hold them");
    let ws = codec::decode(&path, text.as_bytes()).unwrap().ws;
    assert_eq!(ws.item(bl1).unwrap().story.as_ref().unwrap().i_want, "to sign up fast");
    assert_eq!(ws.roadmap[0].timeframe.as_ref().unwrap().label, "Q4");
    let ac = &ws.item(bl1).unwrap().acceptance_criteria;
    assert!(ac[0].met && ac[1].extra.is_empty(), "{ac:?}");
    assert_eq!(ws.goals[0].kpis[0].target, 3.0);
    assert_eq!(ws.item(bl2).unwrap().scoring.wsjf.as_ref().unwrap().business_value, 13.0);
}

#[test]
fn taking_their_side_of_a_conflict_writes_their_numbers_as_they_were() {
    let (_dir, path, original) = newer_file();
    let mut s = Store::open(&path, Role::Po).unwrap();
    let id = s.workspace().conflicts[0].id;
    s.apply(Command::ResolveConflict { id, take: Take::Theirs }, &mut ctx(Role::Po, 10)).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    // Both sit three levels deep, so even the indentation matches.
    assert_eq!(raw_of(&text, "x_score"), raw_of(&original, "theirs"));
    assert_kept(&text, &original, "after resolving");
    assert!(codec::decode(&path, text.as_bytes()).unwrap().ws.conflicts[0].resolved_at.is_some());
}

#[test]
fn known_numeric_fields_read_and_write_as_before() {
    let (_dir, path, _) = newer_file();
    let text = fs::read_to_string(&path).unwrap().replacen("\"baseline\": 1.5", "\"baseline\": 1E+2", 1);
    fs::write(&path, &text).unwrap();
    let s = Store::open(&path, Role::Po).unwrap();
    let ws = s.workspace();
    assert_eq!(ws.goals[0].kpis[0].baseline, 100.0);
    assert_eq!(ws.goals[0].kpis[0].target, 2.5);
    assert_eq!(ws.workspace.next_key, 5);
    assert_eq!(ws.sprints[0].capacity, Some(20));
    assert_eq!(ws.item_by_key("BL-4").unwrap().estimate, Some(8));
    assert_eq!(ws.sprints[0].history[0].change, backlog::domain::sprint::SprintChange::Added { points: 3 });
    let out = String::from_utf8(codec::encode(ws)).unwrap();
    assert!(out.contains("\"baseline\": 100.0"), "a known field is written in its own form");
    // A file with no unknown fields is written exactly as before.
    let plain = codec::encode(&base_ws());
    let back = codec::decode(&path, &plain).unwrap().ws;
    assert_eq!(codec::encode(&back), plain);
}

#[test]
fn a_history_entry_keeps_fields_of_other_kinds_of_entry() {
    let (_dir, path, _) = newer_file();
    let text = fs::read_to_string(&path).unwrap();
    let plain = ["1E+2", ODD[7], ODD[8]].iter().fold(text, |t, n| t.replace(n, "1"));
    let mut v: Value = serde_json::from_str(&plain).unwrap();
    let entry = v["sprints"][0]["history"][0].as_object_mut().unwrap();
    assert_eq!(entry["event"], "added");
    entry.insert("from".into(), json!(1));
    entry.insert("to".into(), json!("two"));
    fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let s = Store::open(&path, Role::Po).unwrap();
    let e = &s.workspace().sprints[0].history[0];
    assert_eq!(e.change, backlog::domain::sprint::SprintChange::Added { points: 3 });
    assert_eq!((e.extra.get("from"), e.extra.get("to")), (Some(&json!(1)), Some(&json!("two"))));
    assert!(!e.extra.contains_key("event") && !e.extra.contains_key("points"));
    let out: Value = serde_json::from_slice(&codec::encode(s.workspace())).unwrap();
    assert_eq!(out["sprints"][0]["history"][0], v["sprints"][0]["history"][0]);
}

// ---------------------------------------------------------------------------
// Errors name the place

/// The canonical fixture file with one value replaced by `bad`, and the
/// line and column where that value starts.
fn with_bad_value(pointer: &str, bad: Value) -> (TempDir, PathBuf, (usize, usize)) {
    with_bad_text(pointer, &bad.to_string())
}

/// [`with_bad_value`] with the value's text as written (a number no
/// `Value` can hold).
fn with_bad_text(pointer: &str, bad: &str) -> (TempDir, PathBuf, (usize, usize)) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    let mut v: Value = serde_json::from_slice(&codec::encode(&base_ws())).unwrap();
    // Set or add the field (`deleted_at` is not there on a live entity).
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = v.pointer_mut(parent).unwrap_or_else(|| panic!("{parent} in the fixture"));
    match target {
        Value::Object(m) => {
            m.insert(key.to_owned(), json!("@BAD@"));
        }
        Value::Array(a) => a[key.parse::<usize>().unwrap()] = json!("@BAD@"),
        _ => panic!("{parent} holds no fields"),
    }
    let text = serde_json::to_string_pretty(&v).unwrap();
    let at = text.find("\"@BAD@\"").unwrap();
    let text = text.replace("\"@BAD@\"", bad);
    let line = 1 + text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    fs::write(&path, text).unwrap();
    (dir, path, (line, column))
}

fn parse_error(path: &Path) -> (usize, usize, String) {
    match Store::open(path, Role::Po) {
        Err(e @ StoreError::Parse { .. }) => {
            let text = e.to_string();
            let StoreError::Parse { line, column, message, .. } = e else { unreachable!() };
            assert!(text.contains(&format!("{}:{line}:{column}: ", path.display())), "{text}");
            (line, column, message)
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn a_bad_id_owner_or_timestamp_is_reported_at_its_own_line_by_name() {
    let entities = ["vision", "goals[0]", "roadmap[0]", "items[2]", "sprints[0]"];
    let fields: [(&str, Value); 7] = [
        ("id", json!("not-a-uuid")),
        ("owner", json!("boss")),
        ("created_at", json!("yesterday")),
        ("updated_at", json!(12)),
        ("updated_by", json!(null)),
        ("rev", json!("one")),
        ("deleted_at", json!("2025-13-45T99:00:00Z")),
    ];
    for entity in entities {
        let pointer = format!("/{}", entity.replace('[', "/").replace(']', ""));
        for (field, bad) in &fields {
            let (_dir, path, expected) = with_bad_value(&format!("{pointer}/{field}"), bad.clone());
            let (line, column, message) = parse_error(&path);
            assert_eq!((line, column), expected, "{entity}.{field}: {message}");
            assert!(message.starts_with(&format!("{entity}.{field}: ")), "{message}");
        }
    }
}

#[test]
fn nested_and_plain_fields_are_named_too() {
    for (pointer, name, bad) in [
        ("/items/1/status", "items[1].status", json!("bogus")),
        ("/sprints/0/history/1/at", "sprints[0].history[1].at", json!("noon")),
        ("/sprints/0/capacity", "sprints[0].capacity", json!(-3)),
        ("/workspace/next_key", "workspace.next_key", json!("five")),
        ("/settings/role_guard", "settings.role_guard", json!("sometimes")),
    ] {
        let (_dir, path, expected) = with_bad_value(pointer, bad);
        let (line, column, message) = parse_error(&path);
        assert_eq!((line, column), expected, "{name}: {message}");
        assert!(message.starts_with(&format!("{name}: ")), "{message}");
    }
    // A timestamp's message says what is expected.
    let (_dir, path, _) = with_bad_value("/items/0/created_at", json!("yesterday"));
    assert!(parse_error(&path).2.contains("2025-06-15T09:30:00Z"));
}

/// A number too big for a double in a field this version knows is still
/// an error, named at its place (an unknown field keeps it: see
/// [`unknown_fields_and_their_numbers_survive_a_save_byte_for_byte`]),
/// and so is one in a file that has them in unknown fields too.
#[test]
fn a_number_too_big_for_a_known_field_is_reported_there() {
    for (pointer, name) in [
        ("/items/1/estimate", "items[1].estimate"),
        ("/sprints/0/capacity", "sprints[0].capacity"),
        ("/sprints/0/history/1/points", "sprints[0].history[1].points"),
        ("/workspace/next_key", "workspace.next_key"),
        ("/items/2/rev", "items[2].rev"),
    ] {
        let (_dir, path, expected) = with_bad_text(pointer, "1e400");
        let (line, column, message) = parse_error(&path);
        assert_eq!((line, column), expected, "{name}: {message}");
        assert!(message.starts_with(&format!("{name}: number out of range: 1e400")), "{message}");
        assert!(message.contains("write a number it can hold"), "{message}");
    }
    // With an unknown field holding one earlier on the same line.
    let (_dir, path, _) = with_bad_text("/items/1/estimate", "1e400");
    let text =
        fs::read_to_string(&path).unwrap().replacen("\"estimate\": 1e400", "\"x\": 1e999, \"estimate\": 1e400", 1);
    fs::write(&path, &text).unwrap();
    let (line, column, message) = parse_error(&path);
    let at = text.find("1e400").unwrap();
    assert_eq!((line, column), (1 + text[..at].matches('\n').count(), at - text[..at].rfind('\n').unwrap()));
    assert!(message.starts_with("items[1].estimate: number out of range"), "{message}");
    // A syntax error after one is still placed where it is.
    let (_dir, path, _) = with_bad_text("/items/1/x_huge", "1e400");
    let text = fs::read_to_string(&path).unwrap().replacen("\"x_huge\": 1e400", "\"x_huge\": 1e400 1", 1);
    fs::write(&path, &text).unwrap();
    let (line, column, message) = parse_error(&path);
    let at = text.find("1e400 1").unwrap() + 6;
    assert_eq!(
        (line, column),
        (1 + text[..at].matches('\n').count(), at - text[..at].rfind('\n').unwrap()),
        "{message}"
    );
}

#[test]
fn a_newer_schema_says_whether_it_was_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    let mut v: Value = serde_json::from_slice(&codec::encode(&base_ws())).unwrap();
    v["schema_version"] = json!(backlog::domain::SCHEMA_VERSION + 1);
    fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    // Readable: opened, read-only, and the message says so.
    let mut s = Store::open(&path, Role::Po).unwrap();
    let e = s.save().map(|_| ()).unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly { .. }) && e.to_string().contains("read-only"), "{e}");

    // Not readable: nothing was opened, and the message does not claim it.
    v["items"] = json!({"by_id": {}});
    let bytes = serde_json::to_vec_pretty(&v).unwrap();
    fs::write(&path, &bytes).unwrap();
    let e = Store::open(&path, Role::Po).unwrap_err();
    let msg = e.to_string();
    assert!(
        matches!(e, StoreError::NewerSchema { found, .. } if found == backlog::domain::SCHEMA_VERSION + 1),
        "{msg}"
    );
    assert!(!msg.contains("read-only") && !msg.contains("is open"), "{msg}");
    assert!(msg.contains("could not be read") && msg.contains("upgrade backlog"), "{msg}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
}
