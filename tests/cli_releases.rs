//! `release` and `team` as a person uses them: the text they print, the
//! filter term, `check` on what a hand edit broke, and the file on disk.

mod common;

use common::pty::Env;

fn run(env: &Env, args: &[&str]) -> (bool, String, String) {
    let out = env.command().args(args).output().expect("the binary runs");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn a_release_is_made_filled_judged_and_shipped() {
    let env = Env::empty();
    for t in ["Login", "Signup", "Billing", "Reports", "Export"] {
        env.cli(&["add", t, "--points", "5"]);
    }
    env.cli(&["release", "new", "1.0", "--target", "2099-06-30", "-d", "The first cut"]);
    // A second release of the same name, in any case, is refused.
    let (ok, _, err) = run(&env, &["release", "new", "1.0"]);
    assert!(!ok && err.contains("a release is already named \"1.0\""), "{err}");
    env.cli(&["edit", "BL-1", "BL-2", "BL-4", "--release", "1.0"]);
    assert_eq!(env.cli(&["list", "--where", "release:1.0", "--json"]).matches("\"key\"").count(), 3);
    assert!(env.cli(&["list", "--where", "release:none"]).contains("BL-3"));
    let (ok, _, err) = run(&env, &["list", "--where", "release:9.9"]);
    assert!(!ok && err.contains("no release \"9.9\""), "{err}");
    let shown = env.cli(&["show", "BL-1"]);
    assert!(shown.contains("release") && shown.contains("1.0 (due 2099-06-30)"), "{shown}");

    // No history yet: no forecast, and it says why; a range stands in.
    let text = env.cli(&["release", "show", "1.0"]);
    assert!(text.starts_with("1.0  due 2099-06-30  [no forecast]"), "{text}");
    assert!(text.contains("forecast   none: only 0 closed sprint(s)"), "{text}");
    assert!(text.contains("  about      The first cut"), "{text}");
    assert!(text.contains("open       3 of 3 item(s), 15 points estimated"), "{text}");
    assert!(text.contains("1 open item(s) of no or another release"), "BL-3 is ranked among them: {text}");
    let text = env.cli(&["release", "show", "1.0", "--velocity", "10-10"]);
    assert!(text.contains("[on track]") && text.contains("20 points left"), "{text}");
    let list = env.cli(&["release", "list"]);
    assert!(list.lines().nth(1).is_some_and(|l| l.starts_with("1.0") && l.contains("no forecast")), "{list}");

    // Shipped, it leaves the list (and `--all` brings it back).
    assert_eq!(env.cli(&["release", "ship", "1.0", "--on", "2099-06-28"]).trim(), "1.0 shipped on 2099-06-28");
    assert!(env.cli(&["release", "list"]).contains("No releases to ship"));
    assert!(env.cli(&["release", "list", "--all"]).contains("shipped 2099-06-28"));
    env.cli(&["release", "ship", "1.0", "--undo"]);
    assert!(env.read().release_by_name("1.0").is_some_and(|r| r.shipped.is_none()));

    // Deleted, its items are in none, and undo brings both back.
    let out = env.cli(&["release", "rm", "1.0"]);
    assert_eq!(out.trim(), "Deleted release 1.0; its 3 items ship in no release now");
    assert!(env.read().live_items().all(|i| i.release.is_none()));
    env.cli(&["undo"]);
    let ws = env.read();
    let id = ws.release_by_name("1.0").expect("back").meta.id;
    assert_eq!(ws.live_items().filter(|i| i.release == Some(id)).count(), 3);
}

#[test]
fn the_team_gives_a_sprint_its_capacity_and_each_person_a_share() {
    let env = Env::empty();
    // Two weeks, ten working days.
    env.cli(&["sprint", "new", "S1", "--start", "2099-03-02", "--end", "2099-03-13"]);
    env.cli(&["team", "add", "Ana", "--capacity", "10"]);
    env.cli(&["team", "add", "Bo", "-c", "8"]);
    let (ok, _, err) = run(&env, &["team", "add", "ana", "-c", "3"]);
    assert!(!ok && err.contains("\"ana\" is on the team already"), "{err}");
    // Mon to Wed off; a span over a weekend counts its working days only,
    // and a Saturday alone is refused as off already.
    let said = env.cli(&["team", "off", "Ana", "2099-03-02..2099-03-04"]);
    assert_eq!(said.trim(), "Ana: 3 day(s) off");
    let (ok, _, err) = run(&env, &["team", "off", "Ana", "2099-03-07"]);
    assert!(!ok && err.contains("only weekend days"), "{err}");
    let list = env.cli(&["team", "list"]);
    assert!(list.contains("SHARE OF S1"), "{list}");
    assert!(list.lines().any(|l| l.starts_with("Ana") && l.contains("7 (7 of 10 days)")), "{list}");
    assert!(list.contains("S1 gets 15 points from the team; that is its capacity"), "{list}");
    let sprint = env.cli(&["sprint", "show", "S1"]);
    assert!(sprint.contains("capacity   15 points (the team's shares of its days)"), "{sprint}");

    // Work assigned: each person's load against their share.
    env.cli(&["add", "A", "--points", "8", "--assignee", "Ana", "--sprint", "S1"]);
    env.cli(&["add", "B", "--points", "5", "--assignee", "bo", "--sprint", "S1"]);
    env.cli(&["add", "C", "--points", "2", "--assignee", "Cy", "--sprint", "S1"]);
    env.cli(&["add", "D", "--points", "3", "--sprint", "S1"]);
    let sprint = env.cli(&["sprint", "show", "S1"]);
    assert!(sprint.contains("Ana                8 of 7 (3 of 10 days off)  over their share"), "{sprint}");
    assert!(sprint.contains("Bo                 5 of 8\n"), "{sprint}");
    assert!(sprint.contains("Cy                 2 of not on the team"), "{sprint}");
    assert!(sprint.contains("(unassigned)       3"), "{sprint}");
    // Set by hand, the sprint's own capacity wins.
    env.cli(&["sprint", "edit", "S1", "--capacity", "20"]);
    assert!(env.cli(&["sprint", "show", "S1"]).contains("capacity   20 points (set by hand)"));

    // A rename follows the items; leaving the team keeps them assigned.
    env.cli(&["team", "edit", "Ana", "--name", "Ana Lima"]);
    let ws = env.read();
    assert_eq!(ws.item_by_key("BL-1").and_then(|i| i.assignee.clone()).as_deref(), Some("Ana Lima"));
    assert_eq!(env.cli(&["team", "rm", "Bo"]).trim(), "Bo left the team");
    assert_eq!(env.read().item_by_key("BL-2").and_then(|i| i.assignee.clone()).as_deref(), Some("bo"));
}

#[test]
fn check_reports_what_a_hand_edit_broke_and_wip_limits_are_set_by_column() {
    let env = Env::empty();
    env.cli(&["add", "A"]);
    env.cli(&["release", "new", "2.0"]);
    env.cli(&["edit", "BL-1", "--release", "2.0"]);
    let said = env.cli(&["settings", "set", "--wip", "In progress=3", "--wip", "review=2"]);
    assert!(said.contains("Updated settings"), "{said}");
    let ws = env.read();
    assert_eq!(ws.settings.wip_limits.get("in_progress"), Some(&3));
    let (ok, _, err) = run(&env, &["settings", "set", "--wip", "doing=3"]);
    assert!(!ok && err.contains("no board column \"doing\""), "{err}");
    env.cli(&["settings", "set", "--wip", "review=none"]);
    assert!(!env.read().settings.wip_limits.contains_key("review"));
    assert!(env.cli(&["check"]).contains("Links: all resolve"));

    // A hand edit: the release gone from the file, a limit on no column.
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&env.ws).unwrap()).unwrap();
    v["releases"] = serde_json::json!([]);
    v["settings"]["wip_limits"]["doing"] = serde_json::json!(2);
    std::fs::write(&env.ws, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let (ok, out, _) = run(&env, &["check"]);
    assert!(!ok, "broken links exit 1");
    assert!(out.contains("does not exist; clear it with `backlog edit BL-1 --release none`"), "{out}");
    assert!(out.contains("WIP limit on \"doing\", which is not a board column"), "{out}");
    env.cli(&["edit", "BL-1", "--release", "none"]);
    env.cli(&["settings", "set", "--wip", "in_progress=none"]);
}
