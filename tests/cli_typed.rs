//! What a person types on the command line means what it means in the
//! forms (tests/tui_typed.rs), through the real binary and the file on
//! disk: numbers with a thousands separator, a decimal comma refused with
//! the number to type, score inputs held to their ranges, `me` and `@me`,
//! and references by bare number or title.

mod common;

use common::pty::Env;
use serde_json::Value;
use std::process::Output;

/// The binary run as `anna` (no config `user`), expected to fail: what it
/// said on stderr. The file must not have changed.
fn refused(env: &Env, args: &[&str]) -> String {
    let before = std::fs::read(&env.ws).unwrap();
    let out = run(env, args);
    assert_eq!(out.status.code(), Some(1), "backlog {args:?} should fail: {out:?}");
    assert_eq!(std::fs::read(&env.ws).unwrap(), before, "backlog {args:?} changed the file");
    String::from_utf8(out.stderr).unwrap()
}

fn run(env: &Env, args: &[&str]) -> Output {
    env.command().env("USER", "anna").env_remove("USERNAME").args(args).output().expect("the binary runs")
}

fn ok(env: &Env, args: &[&str]) -> String {
    let out = run(env, args);
    assert!(out.status.success(), "backlog {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The stored JSON of goal `key`, read from the file on disk.
fn goal_on_disk(env: &Env, key: &str) -> Value {
    let file: Value = serde_json::from_slice(&std::fs::read(&env.ws).unwrap()).unwrap();
    file["goals"].as_array().unwrap().iter().find(|g| g["key"] == key).cloned().expect("the goal is in the file")
}

/// `1,000` was refused by `--kpi` while the goal form stored it as 1: now
/// both read a thousand, and both refuse `2,5` with the same words.
#[test]
fn kpi_numbers_with_a_thousands_separator_mean_what_was_typed() {
    let env = Env::demo();
    let out =
        ok(&env, &["goal", "add", "Sell team seats", "--kpi", "name=Seats;unit=seats;baseline=1,000;target=1 300"]);
    assert_eq!(out.trim(), "Added goal G5 Sell team seats");
    let g = goal_on_disk(&env, "G5");
    assert_eq!(g["kpis"][0]["baseline"], 1000.0);
    assert_eq!(g["kpis"][0]["target"], 1300.0);
    let text = String::from_utf8(std::fs::read(&env.ws).unwrap()).unwrap();
    assert!(text.contains("\"baseline\": 1000.0"), "written as a plain number");

    ok(&env, &["goal", "edit", "G5", "--kpi-current", "Seats=1,050"]);
    assert_eq!(goal_on_disk(&env, "G5")["kpis"][0]["current"], 1050.0);
    let list = ok(&env, &["goal", "list"]);
    assert!(list.contains("Seats: 1000 seats -> 1050 seats -> 1300 seats (17% of the way, up)"), "{list}");

    let err = refused(&env, &["goal", "edit", "G5", "--kpi-current", "Seats=2,5"]);
    assert_eq!(err.trim(), "backlog: --kpi-current Seats: \"2,5\": use a point for decimals: 2.5");
    let err = refused(&env, &["goal", "add", "Churn", "--kpi", "name=Churn;baseline=2,5;target=1.5"]);
    assert_eq!(err.trim(), "backlog: kpi baseline: \"2,5\": use a point for decimals: 2.5");
    let err = refused(&env, &["goal", "add", "Churn", "--kpi", "name=Churn;baseline=1,00;target=1.5"]);
    assert!(err.contains("use a point for decimals: 1.00"), "{err}");
}

/// RICE confidence of 150% was accepted: every score input is held to its
/// range, with the range in the message; a number may keep its thousands
/// comma when the inputs are separated by ", ".
#[test]
fn score_inputs_are_held_to_their_ranges() {
    let env = Env::demo();
    let err = refused(&env, &["edit", "TAN-26", "--rice", "1,000, 2, 150, 3"]);
    assert_eq!(err.trim(), "backlog: rice: confidence 150 is out of range: use 0 to 100 (percent)");
    let err = refused(&env, &["edit", "TAN-26", "--rice", "100,5,50,3"]);
    assert_eq!(err.trim(), "backlog: rice: impact 5 is out of range: use 0.25 (minimal) to 3 (massive)");
    let err = refused(&env, &["roadmap", "edit", "R10", "--wsjf", "8,5,3,0"]);
    assert!(err.contains("wsjf: job size 0 is out of range: use more than 0, up to 100"), "{err}");
    let err = refused(&env, &["edit", "TAN-26", "--wsjf", "8,-5,3,2"]);
    assert!(err.contains("wsjf: time criticality -5 is out of range: use 0 to 100"), "{err}");
    let err = refused(&env, &["edit", "TAN-26", "--rice", "1,000,2,80,3"]);
    assert!(
        err.contains("expected 4 numbers (reach, impact, confidence %, effort), got 5; to write a thousands comma")
    );

    ok(&env, &["edit", "TAN-26", "--rice", "1,000, 2, 80, 3"]);
    let shown: Value = serde_json::from_str(&ok(&env, &["show", "TAN-26", "--json"])).unwrap();
    assert_eq!(shown["scoring"]["rice"]["reach"], 1000.0);
    assert_eq!(shown["rice_score"], 533.3333333333334);
}

/// `--capacity` and `--points` read whole numbers the same way.
#[test]
fn capacity_and_points_take_a_thousands_separator() {
    let env = Env::demo();
    ok(&env, &["sprint", "new", "--capacity", "1,000"]);
    let ws = env.read();
    assert_eq!(ws.sprint_by_name("Sprint 25").and_then(|s| s.capacity), Some(1000));
    let err = refused(&env, &["sprint", "edit", "Sprint 25", "--capacity", "2,5"]);
    assert_eq!(err.trim(), "backlog: capacity: \"2,5\": use a point for decimals: 2.5");
    let err = refused(&env, &["edit", "TAN-26", "--points", "2.5"]);
    assert_eq!(err.trim(), "backlog: points: \"2.5\" is not a whole number");
}

/// `--assignee me` stores the session's person, and `@me` in `--where`
/// finds what is assigned to them, as in the TUI.
#[test]
fn me_is_the_sessions_person_in_assignee_and_filter() {
    let env = Env::demo();
    ok(&env, &["edit", "TAN-26", "TAN-12", "--assignee", "me"]);
    let ws = env.read();
    assert_eq!(ws.item_by_key("TAN-26").unwrap().assignee.as_deref(), Some("anna"));
    let listed: Vec<Value> = serde_json::from_str(&ok(&env, &["list", "--json", "--where", "@me"])).unwrap();
    let keys: Vec<&str> = listed.iter().map(|i| i["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["TAN-12", "TAN-26"]);
    // The config's `user` comes first; `@me` follows it.
    let config = env.dir.path().join("config").join("backlog").join("config.toml");
    std::fs::write(&config, "show_done = true\nuser = \"lena\"\n").unwrap();
    let listed: Vec<Value> = serde_json::from_str(&ok(&env, &["list", "--json", "--all", "--where", "@me"])).unwrap();
    let mut keys: Vec<&str> = listed.iter().map(|i| i["key"].as_str().unwrap()).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["TAN-17", "TAN-38", "TAN-40"]);
    ok(&env, &["edit", "--where", "@me is:open", "--label", "mine"]);
    let ws = env.read();
    let mut mine: Vec<&str> =
        ws.live_items().filter(|i| i.labels.iter().any(|l| l == "mine")).map(|i| i.key.as_str()).collect();
    mine.sort_unstable();
    assert_eq!(mine, ["TAN-17", "TAN-38"]);
}

/// References read as the forms read them: an item by bare number, an
/// epic refused in the domain's words, a goal by part of its title.
#[test]
fn references_by_number_and_title() {
    let env = Env::demo();
    ok(&env, &["link", "TAN-25", "--blocks", "26"]);
    ok(&env, &["edit", "TAN-26", "--parent", "13"]);
    let err = refused(&env, &["edit", "TAN-26", "--parent", "12"]);
    assert_eq!(err.trim(), "backlog: parent: TAN-12 is a story, not an epic");
    let err = refused(&env, &["link", "TAN-25", "--blocks", "354"]);
    assert_eq!(err.trim(), "backlog: no item \"354\": use a key such as TAN-1, or its number");
    let err = refused(&env, &["roadmap", "edit", "R10", "--goal", "rota"]);
    assert_eq!(err.trim(), "backlog: \"rota\" matches 2 goals (G2, G3); use the key");
    ok(&env, &["roadmap", "edit", "R10", "--goal", "churn"]);
    let ws = env.read();
    let r10 = ws.initiative_by_key("R10").unwrap();
    assert_eq!(r10.goals, [ws.goal_by_key("G4").unwrap().meta.id]);
    let t25 = ws.item_by_key("TAN-25").unwrap();
    assert_eq!(t25.blocks, [ws.item_by_key("TAN-26").unwrap().meta.id]);
    assert_eq!(ws.item_by_key("TAN-26").unwrap().parent, Some(ws.item_by_key("TAN-13").unwrap().meta.id));
}

/// A backlog export written before the ranges (RICE confidence 150 on a
/// story and an initiative) still imports: the story and the initiative
/// come in, the out-of-range score is left out, and the report says why in
/// the words the CLI and the forms use.
#[test]
fn an_import_leaves_out_a_score_out_of_range_and_says_why() {
    let demo = Env::demo();
    let mut export: Value = serde_json::from_str(&ok(&demo, &["export", "backlog", "--format", "json"])).unwrap();
    let story = export["items"].as_array_mut().unwrap().iter_mut().find(|i| i["key"] == "TAN-33").unwrap();
    story["scoring"]["rice"]["confidence"] = 150.0.into();
    let init = export["roadmap"].as_array_mut().unwrap().iter_mut().find(|i| i["key"] == "R6").unwrap();
    init["scoring"]["rice"]["confidence"] = 150.0.into();
    let file = demo.dir.path().join("old-export.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&export).unwrap()).unwrap();

    let empty = Env::empty_with_prefix("TAN");
    let out = ok(&empty, &["import", file.to_str().unwrap()]);
    let why = "rice not kept: confidence 150 is out of range: use 0 to 100 (percent)";
    assert!(out.contains(&format!("TAN-33: {why}")) && out.contains(&format!("R6: {why}")), "{out}");
    let ws = empty.read();
    let t33 = ws.item_by_key("TAN-33").expect("the story came in");
    assert_eq!(t33.scoring.rice, None);
    assert!(ws.initiative_by_key("R6").expect("the initiative came in").scoring.rice.is_none());
    assert_eq!(ws.live_items().count(), 40, "every story came in");
}
