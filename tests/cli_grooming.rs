//! Grooming from the command line through the real binary: several keys or
//! `--where` for edit, rm, rank and sprint add (each one change, one undo
//! step in a TUI watching), assignees, comments, blocks links, the
//! Definition of Ready, named views, and `check` on link cycles.

mod common;

use common::pty::Env;
use serde_json::Value;

fn listed(env: &Env, filter: &str) -> Vec<String> {
    let out = env.cli(&["list", "--json", "--all", "--where", filter]);
    let items: Vec<Value> = serde_json::from_str(&out).expect("list --json prints a JSON array");
    items.iter().map(|i| i["key"].as_str().unwrap().to_owned()).collect()
}

fn all(env: &Env) -> Vec<String> {
    listed(env, "")
}

/// Six stories BL-1..BL-6, the odd ones labelled `ux`.
fn six() -> Env {
    let env = Env::empty();
    for n in 1..=6 {
        let mut args = vec!["add".to_owned(), format!("Story {n}")];
        if n % 2 == 1 {
            args.extend(["--label".into(), "ux".into()]);
        }
        env.cli(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
    env
}

#[test]
fn several_keys_or_a_filter_edit_rank_and_delete_in_one_change() {
    let env = six();
    let out = env.cli(&["edit", "--where", "label:ux", "--label", "groomed", "--points", "3"]);
    assert_eq!(out.trim(), "Updated 3 items");
    assert_eq!(listed(&env, "label:groomed pts:3"), ["BL-1", "BL-3", "BL-5"]);

    // A block keeps its order and lands at the top.
    env.cli(&["rank", "BL-6", "BL-4", "--top"]);
    assert_eq!(all(&env), ["BL-4", "BL-6", "BL-1", "BL-2", "BL-3", "BL-5"]);
    env.cli(&["rank", "--where", "label:ux", "--bottom"]);
    assert_eq!(all(&env), ["BL-4", "BL-6", "BL-2", "BL-1", "BL-3", "BL-5"]);
    env.cli(&["rank", "BL-1", "BL-5", "--before", "BL-6"]);
    assert_eq!(all(&env), ["BL-4", "BL-1", "BL-5", "BL-6", "BL-2", "BL-3"]);

    // One bad key: nothing changes.
    let before = std::fs::read(&env.ws).unwrap();
    let out = env.command().args(["edit", "BL-1", "BL-99", "--status", "refined"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no item \"BL-99\""));
    let out = env.command().args(["rm", "--where", "status:nope"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("status:nope? use one of"), "{out:?}");
    assert_eq!(std::fs::read(&env.ws).unwrap(), before);

    let out = env.cli(&["rm", "--where", "-label:ux"]);
    assert_eq!(out.trim(), "Deleted 3 items");
    assert_eq!(all(&env), ["BL-1", "BL-5", "BL-3"]);
    // The delete is tombstones, in one backup step.
    assert_eq!(env.read().items.iter().filter(|i| i.meta.deleted_at.is_some()).count(), 3);
}

#[test]
fn sprint_add_takes_a_filter_and_all_or_nothing() {
    let env = six();
    env.cli(&["sprint", "new", "Sprint 1"]);
    let out = env.cli(&["sprint", "add", "--where", "label:ux"]);
    assert_eq!(out.lines().collect::<Vec<_>>(), ["BL-1 -> Sprint 1", "BL-3 -> Sprint 1", "BL-5 -> Sprint 1"]);
    assert_eq!(listed(&env, "sprint:\"Sprint 1\""), ["BL-1", "BL-3", "BL-5"]);
    env.cli(&["sprint", "remove", "BL-1", "BL-3"]);
    assert_eq!(listed(&env, "sprint:none"), ["BL-1", "BL-2", "BL-3", "BL-4", "BL-6"]);
}

#[test]
fn assignee_comments_and_links_show_and_print_as_json() {
    let env = six();
    let out = env.command().env("USER", "lena").args(["edit", "BL-2", "--assignee", "me"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    env.cli(&["edit", "BL-3", "-a", "Jonas Weber"]);
    assert_eq!(listed(&env, "@lena"), ["BL-2"]);
    assert_eq!(listed(&env, "@none"), ["BL-1", "BL-4", "BL-5", "BL-6"]);

    let out = env
        .command()
        .env("USER", "anna")
        .args(["comment", "BL-2", "Needs", "the", "API\u{1b}[2J", "first"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json =
        env.command().env("USER", "anna").args(["--json", "comment", "BL-2", "Second thought"]).output().unwrap();
    let c = serde_json::from_slice::<Value>(&json.stdout).unwrap()["result"].clone();
    assert_eq!(
        (c["author"].as_str(), c["role"].as_str(), c["text"].as_str()),
        (Some("anna"), Some("po"), Some("Second thought"))
    );

    assert_eq!(env.cli(&["link", "BL-1", "--blocks", "BL-2"]).trim(), "BL-1 now blocks BL-2");
    env.cli(&["link", "BL-2", "--blocked-by", "BL-3"]);
    assert_eq!(listed(&env, "is:blocked"), ["BL-2"]);
    let out = env.command().args(["link", "BL-2", "--blocks", "BL-1"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("cycle"), "{out:?}");

    let show = env.cli(&["show", "BL-2"]);
    for want in [
        "assignee    lena",
        "blocked by  BL-1 Story 1 (new)",
        "blocked by  BL-3 Story 3 (new)",
        "Comments:",
        "anna (PO):",
        "Needs the API[2J first",
        "ready?      no estimate, no acceptance criterion, story triple incomplete, blocked by open work",
    ] {
        assert!(show.contains(want), "show lacks {want:?}:\n{show}");
    }
    assert!(!show.contains('\u{1b}'), "no escape reaches the terminal");
    let v: Value = serde_json::from_str(&env.cli(&["show", "--json", "BL-1"])).unwrap();
    assert_eq!(v["blocks"].as_array().unwrap().len(), 1);
    assert_eq!(v["blocks_keys"], serde_json::json!(["BL-2"]), "links name their items by key as well");
    // The JSON says what the text says: who blocks the item, and whether
    // it is blocked.
    let v: Value = serde_json::from_str(&env.cli(&["show", "--json", "BL-2"])).unwrap();
    let by: Vec<(&str, &str)> = v["blocked_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["key"].as_str().unwrap(), b["status"].as_str().unwrap()))
        .collect();
    assert_eq!(by, [("BL-1", "new"), ("BL-3", "new")]);
    assert_eq!(v["blocked"], true);

    env.cli(&["link", "BL-1", "--blocks", "BL-2", "--remove"]);
    env.cli(&["edit", "BL-3", "--status", "done"]);
    assert!(listed(&env, "is:blocked").is_empty(), "a done blocker no longer blocks");
    let v: Value = serde_json::from_str(&env.cli(&["show", "--json", "BL-2"])).unwrap();
    assert_eq!((v["blocked_by"][0]["key"].as_str(), v["blocked"].as_bool()), (Some("BL-3"), Some(false)));
    let listed: Vec<Value> = serde_json::from_str(&env.cli(&["list", "--json", "--all"])).unwrap();
    assert!(listed.iter().all(|i| i["blocked"].is_boolean()), "list --json says it for every item");
}

#[test]
fn moving_to_ready_warns_with_what_is_missing_and_strict_refuses() {
    let env = six();
    let out = env.command().args(["edit", "BL-1", "--status", "ready"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "BL-1 misses the Definition of Ready: no estimate, no acceptance criterion, story triple incomplete"
        ),
        "{err}"
    );

    env.cli(&[
        "settings",
        "set",
        "--definition-guard",
        "strict",
        "--ready-checks",
        "points",
        "--ready-items",
        "Designs attached; Sized by the team",
    ]);
    let settings = env.cli(&["settings", "show"]);
    assert!(settings.contains("ready means         points, \"Designs attached\", \"Sized by the team\""), "{settings}");
    let out = env.command().args(["edit", "BL-2", "--status", "ready", "--points", "2"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not ticked: Designs attached, not ticked: Sized by the team") && err.contains("strict"),
        "{err}"
    );
    env.cli(&[
        "edit",
        "BL-2",
        "--status",
        "ready",
        "--points",
        "2",
        "--tick",
        "Designs attached",
        "--tick",
        "Sized by the team",
    ]);
    assert_eq!(listed(&env, "is:ready-ok status:ready"), ["BL-2"]);
}

#[test]
fn named_views_are_saved_in_the_workspace_and_listed_by() {
    let env = six();
    env.cli(&["edit", "BL-3", "--status", "done"]);
    env.cli(&["view", "save", "UX work", "--where", "label:ux"]);
    env.cli(&["view", "save", "Everything UX", "--where", "label:ux", "--all"]);
    let out = env.cli(&["view", "list"]);
    assert!(out.contains("UX work") && out.contains("label:ux"), "{out}");
    let keys = |view: &str| -> Vec<String> {
        let v: Vec<Value> = serde_json::from_str(&env.cli(&["list", "--json", "--view", view])).unwrap();
        v.iter().map(|i| i["key"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(keys("ux work"), ["BL-1", "BL-5"]);
    assert_eq!(keys("Everything UX"), ["BL-1", "BL-3", "BL-5"]);
    assert_eq!(env.read().settings.views.len(), 2);
    env.cli(&["view", "rm", "UX work"]);
    let out = env.command().args(["list", "--view", "UX work"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no view named"));
}

#[test]
fn check_reports_a_circle_of_blockers_from_a_merge() {
    let env = six();
    env.cli(&["link", "BL-1", "--blocks", "BL-2"]);
    // The other branch linked the other way round; the merge kept both.
    let mut v: Value = serde_json::from_slice(&std::fs::read(&env.ws).unwrap()).unwrap();
    let id =
        |v: &Value, key: &str| v["items"].as_array().unwrap().iter().find(|i| i["key"] == key).unwrap()["id"].clone();
    let bl1 = id(&v, "BL-1");
    let items = v["items"].as_array_mut().unwrap();
    let bl2 = items.iter_mut().find(|i| i["key"] == "BL-2").unwrap();
    bl2["blocks"] = serde_json::json!([bl1]);
    std::fs::write(&env.ws, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let out = env.command().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("BL-1 → BL-2 → BL-1 block each other"), "{text}");
}

#[test]
fn split_gives_criteria_to_new_stories_right_after_the_original_and_duplicate_copies() {
    let env = six();
    env.cli(&["sprint", "new", "Sprint 1"]);
    env.cli(&[
        "edit",
        "BL-2",
        "--as-a",
        "cook",
        "--i-want",
        "to swap",
        "--so-that",
        "I rest",
        "--ac",
        "One",
        "--ac",
        "Two",
        "--ac",
        "Three",
        "--description",
        "The whole thing",
        "--points",
        "8",
        "--sprint",
        "Sprint 1",
    ]);
    let out = env.cli(&["split", "BL-2", "Swap part A", "Swap part B", "--give", "1:1", "--give", "3:2"]);
    assert_eq!(out.lines().next(), Some("Split BL-2 into 2 stories (kept)"));
    assert!(out.contains("BL-7 Swap part A") && out.contains("BL-8 Swap part B"), "{out}");
    assert_eq!(all(&env), ["BL-1", "BL-2", "BL-7", "BL-8", "BL-3", "BL-4", "BL-5", "BL-6"]);
    let ws = env.read();
    let (orig, a, b) =
        (ws.item_by_key("BL-2").unwrap(), ws.item_by_key("BL-7").unwrap(), ws.item_by_key("BL-8").unwrap());
    let texts = |i: &backlog::domain::Item| i.acceptance_criteria.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
    assert_eq!(
        (texts(orig), texts(a), texts(b)),
        (vec!["Two".to_owned()], vec!["One".to_owned()], vec!["Three".to_owned()])
    );
    assert_eq!(a.story, orig.story);
    assert_eq!(a.description, "The whole thing");
    assert_eq!((a.estimate, a.sprint), (None, None), "new stories are estimated and planned afresh");

    // Each new story links back to the one it was split from.
    assert_eq!((a.split_from, b.split_from), (Some(orig.meta.id), Some(orig.meta.id)));
    assert!(env.cli(&["show", "BL-7"]).contains("split from  BL-2 Story 2"), "the new story says where it came from");
    assert!(env.cli(&["show", "BL-2"]).contains("split into  BL-7, BL-8"), "the original says where it went");

    // Dropping BL-8 would hide the criterion left on it: refused, saying so.
    let before = std::fs::read(&env.ws).unwrap();
    let out = env.command().args(["split", "BL-8", "Only part", "--drop"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("criterion 1 would stay on BL-8, which is dropped"), "{err}");
    assert!(std::fs::read(&env.ws).unwrap() == before, "nothing changed");
    let out = env.cli(&["split", "BL-8", "Only part", "--give", "1:1", "--drop"]);
    assert!(out.starts_with("Split BL-8 into 1 story (dropped)"), "{out}");
    let ws = env.read();
    assert_eq!(ws.item_by_key("BL-8").unwrap().status, backlog::domain::Status::Dropped);
    let part = ws.item_by_key("BL-9").unwrap();
    assert_eq!(part.acceptance_criteria[0].text, "Three", "the criterion went with the new story");
    let out = env.command().args(["split", "BL-1", "Just one", "--give", "1:1"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("BL-1 has no criterion 1"), "{out:?}");

    let out = env.cli(&["duplicate", "BL-7"]);
    assert!(out.starts_with("Added BL-10 Swap part A"), "{out}");
    let keys = all(&env);
    let at = keys.iter().position(|k| k == "BL-7").unwrap();
    assert_eq!(keys[at + 1], "BL-10", "right after the original");
}

/// The Definition of Ready's story check wants who and what: "as a" alone
/// or "I want" alone does not pass it, in `show` or when moving to ready.
#[test]
fn the_ready_story_check_needs_who_and_what() {
    let env = Env::empty();
    env.cli(&["add", "Only who", "--as-a", "shift manager"]);
    env.cli(&["add", "Only what", "--i-want", "to swap a shift"]);
    env.cli(&["add", "Both", "--as-a", "shift manager", "--i-want", "to swap a shift"]);
    env.cli(&["settings", "set", "--ready-checks", "story"]);
    for (key, complete) in [("BL-1", false), ("BL-2", false), ("BL-3", true)] {
        let show = env.cli(&["show", key]);
        let says = if complete { "ready?      meets the definition" } else { "ready?      story triple incomplete" };
        assert!(show.contains(says), "{key}: {show}");
        let out = env.command().args(["edit", key, "--status", "ready"]).output().unwrap();
        assert!(out.status.success());
        let warned = String::from_utf8_lossy(&out.stderr).contains("story triple incomplete");
        assert_eq!(warned, !complete, "{key}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let ok: Vec<Value> = serde_json::from_str(&env.cli(&["list", "--json", "--where", "is:ready-ok"])).unwrap();
    assert_eq!(ok.iter().map(|i| i["key"].as_str().unwrap()).collect::<Vec<_>>(), ["BL-3"]);
}

/// `label:ux` is the label ux, in any case: not linux, not ux-research.
#[test]
fn a_label_term_matches_whole_labels_ignoring_case() {
    let env = Env::empty();
    for (title, label) in [("Kernel", "linux"), ("Upper", "UX"), ("Research", "ux-research"), ("Lower", "ux")] {
        env.cli(&["add", title, "--label", label]);
    }
    assert_eq!(listed(&env, "label:ux"), ["BL-2", "BL-4"]);
    assert_eq!(listed(&env, "label:UX"), ["BL-2", "BL-4"]);
    assert_eq!(listed(&env, "-label:ux"), ["BL-1", "BL-3"]);
    assert_eq!(listed(&env, "label:linux"), ["BL-1"]);
    let plain: Vec<Value> = serde_json::from_str(&env.cli(&["list", "--json", "--label", "ux"])).unwrap();
    assert_eq!(plain.len(), 2, "--label agrees with label:");
}
