//! `backlog export` as a user runs it: the backlog as JSON that `import`
//! reads back with every field, as CSV with Jira's headers, as Markdown
//! that cannot carry HTML or script links; a sprint as JSON with its items.

mod common;

use backlog::domain::{Item, Workspace};
use common::pty::Env;
use serde_json::Value;
use std::collections::HashMap;

fn ranked(ws: &Workspace) -> Vec<&Item> {
    let mut v: Vec<&Item> = ws.live_items().collect();
    v.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.meta.id.cmp(&b.meta.id)));
    v
}

/// What each entity's id names: an item's key, a sprint's or a release's
/// name, a goal's or an initiative's key.
fn names(ws: &Workspace) -> HashMap<String, String> {
    let mut m = HashMap::new();
    m.extend(ws.items.iter().map(|i| (i.meta.id.to_string(), format!("item {}", i.key))));
    m.extend(ws.sprints.iter().map(|s| (s.meta.id.to_string(), format!("sprint {}", s.name))));
    m.extend(ws.goals.iter().map(|g| (g.meta.id.to_string(), format!("goal {}", g.key))));
    m.extend(ws.roadmap.iter().map(|i| (i.meta.id.to_string(), format!("initiative {}", i.key))));
    m.extend(ws.releases.iter().map(|r| (r.meta.id.to_string(), format!("release {}", r.name))));
    m.extend(ws.team.iter().map(|p| (p.meta.id.to_string(), format!("member {}", p.name))));
    m.insert(ws.vision.meta.id.to_string(), "the vision".into());
    m
}

/// `v` with every id replaced by what it names (so links compare by key
/// and name), and the bookkeeping of each entity (when it was made and
/// changed, by whom, how often) and item ranks (their order is the list's)
/// left out: what a round trip must give back.
fn normal(v: &Value, names: &HashMap<String, String>, keep_created: bool) -> Value {
    match v {
        Value::String(s) if uuid::Uuid::parse_str(s).is_ok() => {
            Value::String(names.get(s).cloned().unwrap_or_else(|| format!("unknown id {s}")))
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| normal(x, names, keep_created)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(k, _)| {
                    !["updated_at", "updated_by", "updated_by_person", "rev", "rank"].contains(&k.as_str())
                })
                .filter(|(k, _)| keep_created || k.as_str() != "created_at")
                .map(|(k, x)| (k.clone(), normal(x, names, keep_created)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// What a user sees of a workspace, as JSON, normalised.
fn seen(env: &Env) -> Vec<(String, Value)> {
    let ws = env.read();
    let names = names(&ws);
    let json = |args: &[&str]| -> Value {
        let mut all = vec!["--json"];
        all.extend(args);
        serde_json::from_str(&env.cli(&all)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    };
    let mut out = vec![
        ("list --all".to_owned(), normal(&json(&["list", "--all"]), &names, true)),
        ("sprint list".to_owned(), normal(&json(&["sprint", "list"]), &names, false)),
        ("roadmap list".to_owned(), normal(&json(&["roadmap", "list"]), &names, false)),
        ("goal list".to_owned(), normal(&json(&["goal", "list"]), &names, false)),
        ("vision show".to_owned(), normal(&json(&["vision", "show"]), &names, false)),
        ("check".to_owned(), normal(&json(&["check"]), &names, false)),
        ("release list --all".to_owned(), normal(&json(&["release", "list", "--all"]), &names, false)),
        ("team list".to_owned(), normal(&json(&["team", "list"]), &names, false)),
    ];
    let mut sprints: Vec<_> = ws.live_sprints().collect();
    sprints.sort_by_key(|s| s.start);
    for s in sprints {
        out.push((format!("sprint show {}", s.name), normal(&json(&["sprint", "show", &s.name]), &names, false)));
        out.push((format!("sprint show {} (text)", s.name), Value::String(env.cli(&["sprint", "show", &s.name]))));
        if s.started_at.is_some() {
            let burndown = json(&["sprint", "burndown", &s.name]);
            out.push((format!("sprint burndown {}", s.name), normal(&burndown, &names, false)));
        }
    }
    out
}

/// Issue 17: export, `init` with the same prefix, import: the keys, the
/// roadmap and goals the items link to, the vision, epics, sprints with
/// their history and commitment (so the burndown and the review redraw
/// the same), criteria, comments, blocks links, assignees and external
/// keys all come back as they went out.
#[test]
fn the_backlog_as_json_round_trips_through_import_into_an_empty_workspace() {
    let demo = Env::demo();
    round_trip(&demo, 40);
    // With Sprint 23 closed too, its unfinished work carried over into
    // Sprint 24, and no sprint active.
    let out = demo.cli(&["sprint", "close", "Sprint 23", "--goal-met", "no", "--carry-over", "next"]);
    assert!(out.contains("carried over to Sprint 24"), "{out}");
    round_trip(&demo, 40);
}

/// Exports `demo`, imports the file into a new workspace with its prefix,
/// and compares everything a user sees.
fn round_trip(demo: &Env, items: usize) {
    let json = demo.cli(&["export", "backlog", "--format", "json"]);
    let file = demo.dir.path().join("backlog-export.json");
    std::fs::write(&file, &json).unwrap();
    let empty = Env::empty_with_prefix("TAN");
    let out = empty.cli(&["import", file.to_str().unwrap()]);
    let kept = format!("every new item keeps its key from the file ({items})");
    assert!(out.contains("backlog format") && out.contains(&kept), "{out}");
    let (before, after) = (seen(demo), seen(&empty));
    assert!(before.len() >= 9, "every view is compared: {:?}", before.iter().map(|v| &v.0).collect::<Vec<_>>());
    for ((what, a), (_, b)) in before.iter().zip(&after) {
        assert_eq!(a, b, "{what} comes back the same");
    }
    assert_eq!(before.len(), after.len());
    let closed = empty.cli(&["sprint", "list"]);
    assert!(closed.lines().any(|l| l.starts_with("Sprint 22") && l.contains("25/33")), "{closed}");
    // Exporting the copy gives the same file, ids and bookkeeping aside.
    let mut again: Value = serde_json::from_str(&empty.cli(&["export", "backlog", "--format", "json"])).unwrap();
    let mut first: Value = serde_json::from_str(&json).unwrap();
    // The workspace's own name is not the backlog's: `init` gave it one.
    assert_eq!(first["workspace"].take(), "Tandem");
    again["workspace"].take();
    let (na, nb) = (names(&demo.read()), names(&empty.read()));
    assert_eq!(normal(&first, &na, false), normal(&again, &nb, false), "the export of the copy");
}

/// Into a workspace with another prefix the items get its keys, in the
/// file's order; everything they link to still comes along, by key. Into
/// one that holds some of the keys already, those items get the next free
/// keys, and the report lists them.
#[test]
fn a_round_trip_into_another_prefix_or_a_used_key_renumbers_and_says_so() {
    let demo = Env::demo();
    let file = demo.dir.path().join("backlog-export.json");
    std::fs::write(&file, demo.cli(&["export", "backlog", "--format", "json"])).unwrap();
    let other = Env::empty();
    let out = other.cli(&["import", file.to_str().unwrap()]);
    assert!(out.contains("Keys: 40 new items get keys of this workspace"), "{out}");
    let (a, b) = (demo.read(), other.read());
    let (xs, ys) = (ranked(&a), ranked(&b));
    let keys: Vec<&str> = ys.iter().map(|i| i.key.as_str()).collect();
    assert!(keys.iter().all(|k| k.starts_with("BL-")) && ys.len() == 40, "{keys:?}");
    let by_title = |ws: &Workspace, id: Option<uuid::Uuid>| id.and_then(|i| ws.item(i)).map(|i| i.title.clone());
    for (x, y) in xs.iter().zip(&ys) {
        assert_eq!(x.title, y.title);
        assert_eq!(by_title(&a, x.parent), by_title(&b, y.parent), "{}", x.key);
        let init = |ws: &Workspace, i: &Item| i.initiative.and_then(|r| ws.initiative(r)).map(|r| r.key.clone());
        assert_eq!(init(&a, x), init(&b, y), "{}", x.key);
        let blocks = |ws: &Workspace, i: &Item| i.blocks.iter().map(|b| by_title(ws, Some(*b))).collect::<Vec<_>>();
        assert_eq!(blocks(&a, x), blocks(&b, y), "{}", x.key);
    }
    let review = |ws: &Workspace| ws.sprint_by_name("Sprint 22").unwrap().review.clone().unwrap();
    let (ra, rb) = (review(&a), review(&b));
    assert_eq!((ra.committed, ra.completed, ra.not_completed), (rb.committed, rb.completed, rb.not_completed));
    assert_eq!(by_title(&a, ra.returned.first().copied()), by_title(&b, rb.returned.first().copied()));

    let used = Env::empty_with_prefix("TAN");
    used.cli(&["add", "Already here"]);
    used.cli(&["add", "Here too"]);
    let out = used.cli(&["import", file.to_str().unwrap()]);
    assert!(out.contains("Keys: 38 new items keep their key from the file"), "{out}");
    assert!(
        out.contains("Keys already used here, so given the next free one (2): TAN-1 -> TAN-41, TAN-2 -> TAN-42"),
        "{out}"
    );
    let ws = used.read();
    assert_eq!(ws.item_by_key("TAN-1").unwrap().title, "Already here");
    assert_eq!(ws.item_by_key("TAN-41").unwrap().title, a.item_by_key("TAN-1").unwrap().title);
    assert_eq!(ws.workspace.next_key, 43);
}

#[test]
fn the_backlog_as_csv_has_jiras_headers_and_reads_back() {
    let demo = Env::demo();
    let csv = demo.cli(&["export", "backlog", "--format", "csv", "--kind", "story"]);
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("Issue key,Summary,Issue Type,Status,Story Points,Sprint,Fix Version/s,Parent"),
        "{header}"
    );
    assert!(header.matches("Labels").count() >= 2, "repeated Labels: {header}");
    let file = demo.dir.path().join("out.csv");
    std::fs::write(&file, &csv).unwrap();
    let empty = Env::empty();
    empty.cli(&["import", file.to_str().unwrap()]);
    let (a, b) = (demo.read(), empty.read());
    let stories: Vec<&Item> = ranked(&a).into_iter().filter(|i| i.kind == backlog::domain::ItemKind::Story).collect();
    let back = ranked(&b);
    assert_eq!(stories.len(), back.len());
    for (x, y) in stories.iter().zip(&back) {
        // Epics were filtered out: a parent not in the file is kept as a label.
        let labels: Vec<&String> = y.labels.iter().filter(|l| !l.starts_with("parent:")).collect();
        assert_eq!((&x.title, x.status, x.estimate), (&y.title, y.status, y.estimate));
        assert_eq!(x.labels.iter().collect::<Vec<_>>(), labels);
        if let Some(p) = x.parent.and_then(|p| a.item(p)) {
            assert!(y.labels.contains(&format!("parent:{}", p.key)), "{:?}", y.labels);
        }
        assert!(y.external.iter().any(|r| r.system == "jira" && r.key == x.key), "the key is the Jira key");
    }
}

#[test]
fn markdown_escapes_html_and_disarms_script_links() {
    let env = Env::empty();
    let gh = r#"[{"number":1,"title":"<script>alert(1)</script> [click](javascript:alert(2))","body":"See [here](JavaScript:alert(3)) <img src=x onerror=alert(4)>","state":"OPEN","url":"https://github.com/a/b/issues/1","labels":[],"assignees":[]}]"#;
    let f = env.dir.path().join("gh.json");
    std::fs::write(&f, gh).unwrap();
    env.cli(&["import", f.to_str().unwrap()]);
    let md = env.cli(&["export", "backlog", "--format", "md"]);
    assert!(!md.contains("<script") && !md.contains("<img"), "{md}");
    assert!(md.contains("&lt;script&gt;"), "{md}");
    assert!(!md.to_ascii_lowercase().contains("javascript:"), "{md}");
    assert!(md.contains("javascript%3A") && md.contains("JavaScript%3A"), "{md}");
}

#[test]
fn a_sprint_as_json_includes_its_items() {
    let demo = Env::demo();
    let v: Value = serde_json::from_str(&demo.cli(&["export", "sprint", "Sprint 23", "--format", "json"])).unwrap();
    assert_eq!(v["name"], "Sprint 23");
    let items = v["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for i in items {
        assert!(
            i["key"].as_str().unwrap().starts_with("TAN-") && i["title"].is_string() && i["status"].is_string(),
            "{i}"
        );
    }
    assert!(items.iter().any(|i| i["points"].is_u64()));
}
