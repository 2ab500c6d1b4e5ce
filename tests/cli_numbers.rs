//! The CLI's numbers agree with the TUI and the export, through the real
//! binary: story counts per initiative, sprint names and initiative keys in
//! `--json`, and the sprint lifecycle's dates and carry-over.

mod common;

use common::pty::Env;

/// An initiative's story count is the same in `roadmap list`, the roadmap
/// card (the workspace's progress) and the export: dropped stories count in
/// none of them.
#[test]
fn initiative_story_counts_agree() {
    let env = Env::demo();
    let ws = env.read();
    let progress = ws.initiative_progress();
    let list = env.cli(&["roadmap", "list"]);
    let export = env.cli(&["export", "roadmap", "--format", "md"]);
    let mut checked = 0;
    for i in ws.live_initiatives() {
        let p = progress.get(&i.meta.id).copied().unwrap_or_default();
        let row = list
            .lines()
            .find(|l| l.split_whitespace().next() == Some(i.key.as_str()))
            .unwrap_or_else(|| panic!("{} listed:\n{list}", i.key));
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[2], p.stories.to_string(), "{}: {row}", i.key);
        if p.stories > 0 {
            let stories = if p.stories == 1 { "1 story".to_owned() } else { format!("{} stories", p.stories) };
            assert!(export.contains(&format!("({stories})")), "{}: {stories} in the export", i.key);
            checked += 1;
        }
    }
    assert!(checked >= 3);
    // The demo has a dropped story under R1: it is not counted.
    let r1 = ws.initiative_by_key("R1").unwrap().meta.id;
    let all = ws.live_items().filter(|it| it.initiative == Some(r1)).count();
    assert!(all > progress[&r1].stories, "R1 has a dropped story the count leaves out");
}

/// `list --json` and `show --json` give the sprint by name and the
/// initiative by key beside their ids.
#[test]
fn json_gives_sprint_names_and_initiative_keys() {
    let env = Env::demo();
    let shown: serde_json::Value = serde_json::from_str(&env.cli(&["show", "TAN-9", "--json"])).unwrap();
    assert_eq!(shown["sprint_name"], "Sprint 24");
    assert_eq!(shown["initiative_key"], "R1");
    assert!(shown["sprint"].is_string() && shown["initiative"].is_string(), "the ids stay");
    let listed: Vec<serde_json::Value> = serde_json::from_str(&env.cli(&["list", "--json"])).unwrap();
    let nine = listed.iter().find(|i| i["key"] == "TAN-9").unwrap();
    assert_eq!(nine["sprint_name"], "Sprint 24");
    assert_eq!(nine["initiative_key"], "R1");
}

/// `sprint close --carry-over next` moves unfinished work into the next
/// planned sprint, keeping its rank; `sprint new` names the next sprint
/// after the highest number; `sprint show` gives the actual dates.
#[test]
fn sprint_close_carries_over_and_new_sprints_follow_the_numbering() {
    let env = Env::demo();
    let before = env.read();
    let s23 = before.sprint_by_name("Sprint 23").unwrap().meta.id;
    let open: Vec<(String, String)> = before
        .live_items()
        .filter(|i| i.sprint == Some(s23) && !i.status.is_closed())
        .map(|i| (i.key.clone(), i.rank.clone()))
        .collect();
    let out = env.cli(&["sprint", "close", "--goal-met", "no", "--carry-over", "next"]);
    assert!(out.contains(&format!("{} items carried over to Sprint 24", open.len())), "{out}");
    let ws = env.read();
    let s24 = ws.sprint_by_name("Sprint 24").unwrap().meta.id;
    for (k, rank) in &open {
        let i = ws.item_by_key(k).unwrap();
        assert_eq!((i.sprint, &i.rank), (Some(s24), rank), "{k}");
    }
    let shown = env.cli(&["sprint", "show", "Sprint 23"]);
    assert!(shown.contains("  started    ") && shown.contains("  closed     "), "{shown}");
    assert!(shown.contains(&format!("{} items over to Sprint 24", open.len())), "{shown}");
    let planned = env.cli(&["sprint", "new"]);
    assert!(planned.contains("Planned Sprint 25"), "{planned}");
    // With nothing planned after, carrying over is refused with the fix.
    env.cli(&["sprint", "start", "Sprint 24"]);
    env.cli(&["sprint", "rm", "Sprint 25"]);
    let out = env.command().args(["sprint", "close", "--carry-over", "next"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no planned sprint to carry unfinished work over to"), "{err}");
}

/// Wording: "unknown item kind", "As an employee".
#[test]
fn wording_reads_as_english() {
    let env = Env::empty();
    let out = env.command().args(["add", "X", "--kind", "feature"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown item kind \"feature\""), "{err}");
    env.cli(&["add", "Clock in", "--as-a", "employee", "--i-want", "to clock in", "--so-that", "I get paid"]);
    let key = env.read().live_items().next().unwrap().key.clone();
    let shown = env.cli(&["show", &key]);
    assert!(shown.contains("As an employee, I want to clock in"), "{shown}");
}

/// `sprint add` cannot ask, so it warns: about a new, unestimated item, and
/// about commitment past the capacity.
#[test]
fn sprint_add_warns_about_what_the_tui_would_ask() {
    let env = Env::demo();
    env.cli(&["sprint", "edit", "Sprint 24", "--capacity", "18"]);
    let out = env.command().args(["sprint", "add", "TAN-12", "TAN-23", "--sprint", "Sprint 24"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("TAN-12: it is new (not refined yet); it is not estimated"), "{err}");
    assert!(err.contains("Sprint 24 is over capacity: 22 of 18 points"), "{err}");
}

/// An initiative linked to an epic counts the epic's children, in every
/// place that counts its stories: `roadmap list` (table and `--json`), the
/// Markdown and HTML exports, and `check` (its ready child is ready work).
/// The epic counts as a container, not a story; a child linked directly
/// too is one story.
#[test]
fn an_initiative_counts_the_stories_of_its_epic_everywhere() {
    let env = Env::empty();
    env.cli(&["roadmap", "add", "Shift swaps", "--horizon", "now"]);
    for (title, pts) in [("Own A", "3"), ("Own B", "3"), ("Own C", "2")] {
        env.cli(&["add", title, "--points", pts, "--initiative", "R1"]);
    }
    env.cli(&["add", "Swaps epic", "--kind", "epic", "--points", "40", "--initiative", "R1"]);
    let epic = "BL-4";
    let children = [("3", "done"), ("2", "done"), ("5", "ready"), ("3", "new"), ("3", "new"), ("3", "new")];
    for (n, (pts, status)) in children.iter().enumerate() {
        let title = format!("Child {n}");
        env.cli(&["add", &title, "--points", pts, "--status", status, "--parent", epic]);
    }
    // The last child is linked to R1 itself as well.
    env.cli(&["edit", "BL-10", "--initiative", "R1"]);
    // 3 own + 6 children = 9 stories; 5 of 8 + 19 = 27 points done.
    let list = env.cli(&["roadmap", "list"]);
    let row = list.lines().find(|l| l.trim_start().starts_with("R1 ")).expect("R1 listed");
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!((cols[2], cols[3]), ("9", "2/9"), "{row}");
    let json: serde_json::Value = serde_json::from_str(&env.cli(&["roadmap", "list", "--json"])).unwrap();
    assert_eq!(json[0]["progress"], serde_json::json!({"stories": 9, "done": 2, "points": 27, "done_points": 5}));
    let md = env.cli(&["export", "roadmap", "--format", "md"]);
    assert!(md.contains("5 of 27 points done (9 stories)"), "{md}");
    let html = env.cli(&["export", "roadmap", "--format", "html"]);
    assert!(html.contains("5 of 27 points done · 9 stories"), "{html}");
    let check = env.cli(&["check"]);
    assert!(!check.contains("no ready stories"), "{check}");
}
