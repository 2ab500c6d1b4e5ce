//! The workspace generator (`examples/generate.rs`), driven directly: small
//! sizes, synthetic text or a tiny CSV, so it stays fast.

#[allow(dead_code)]
#[path = "../examples/generate.rs"]
mod generate;

use backlog::domain::sprint::SprintState;
use backlog::domain::{ItemKind, Status, Workspace};
use generate::{Corpus, generate};
use std::collections::HashSet;

fn check_links(ws: &Workspace) {
    for item in ws.live_items() {
        if let Some(p) = item.parent {
            assert!(ws.item(p).is_some_and(|e| e.is_live() && e.kind == ItemKind::Epic), "{}", item.key);
        }
        if let Some(i) = item.initiative {
            assert!(ws.initiative(i).is_some(), "{}", item.key);
        }
        if let Some(s) = item.sprint {
            let sprint = ws.sprint(s).expect("sprint exists");
            // Finished work stays with the sprint it was done in.
            let open_in_closed = sprint.state == SprintState::Closed && !item.status.is_closed();
            assert!(!open_in_closed, "{}", item.key);
        }
    }
    for i in ws.live_initiatives() {
        assert!(i.goals.iter().all(|g| ws.goal(*g).is_some()), "{}", i.key);
    }
    let keys: HashSet<_> = ws.items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys.len(), ws.items.len(), "item keys are unique");
}

#[test]
fn five_hundred_items_cover_every_kind_status_and_sprint_state() {
    let ws = generate(500, 7, &Corpus::synthetic());
    assert_eq!(ws.live_items().count(), 500);
    for kind in ItemKind::ALL {
        assert!(ws.live_items().any(|i| i.kind == *kind), "no {kind}");
    }
    for status in Status::ALL {
        assert!(ws.live_items().any(|i| i.status == *status), "no {status}");
    }
    assert!(ws.live_initiatives().count() >= 3);
    assert!(ws.live_goals().count() >= 3);
    let states: Vec<_> = ws.live_sprints().map(|s| s.state).collect();
    assert!(states.iter().filter(|s| **s == SprintState::Closed).count() >= 3);
    assert_eq!(states.iter().filter(|s| **s == SprintState::Active).count(), 1);
    assert_eq!(states.iter().filter(|s| **s == SprintState::Planned).count(), 1);
    for s in ws.live_sprints().filter(|s| s.state == SprintState::Closed) {
        assert!(s.review.is_some() && !s.history.is_empty(), "{}", s.name);
    }
    check_links(&ws);
}

#[test]
fn round_trips_and_is_deterministic() {
    let a = generate(300, 42, &Corpus::synthetic());
    let b = generate(300, 42, &Corpus::synthetic());
    let json = serde_json::to_string_pretty(&a).expect("serializes");
    assert_eq!(json, serde_json::to_string_pretty(&b).expect("serializes"), "same seed, same bytes");
    let mut back: Workspace = serde_json::from_str(&json).expect("parses");
    back.reindex();
    assert!(back == a);
    let c = generate(300, 43, &Corpus::synthetic());
    assert_ne!(json, serde_json::to_string_pretty(&c).expect("serializes"), "the seed matters");
}

#[test]
fn tiny_sizes_still_give_a_valid_workspace() {
    for n in [0, 1, 7, 99] {
        let ws = generate(n, 1, &Corpus::synthetic());
        assert_eq!(ws.live_items().count(), n);
        check_links(&ws);
    }
}

#[test]
fn samples_titles_from_jira_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = "issuekey,title,description,storypoint,split_mark\n\
               AB-1,\"Export, with commas\",\"Line one\nline \"\"two\"\"\",4,train\n\
               AB-2,Über-long \u{1b}[31mtitle,,13,test\n\
               AB-3,,no title is skipped,3,train\n";
    std::fs::write(dir.path().join("sample.csv"), csv).expect("write csv");
    std::fs::write(dir.path().join("notes.txt"), "not a csv").expect("write txt");
    let corpus = Corpus::load(dir.path()).expect("rows were read");
    assert_eq!(corpus.samples.len(), 2);
    assert_eq!(corpus.samples[0].title, "Export, with commas");
    assert_eq!(corpus.samples[0].description, "Line one\nline \"two\"");
    assert_eq!(corpus.samples[0].points, Some(5), "4 is not on the scale; the nearest value is");

    let ws = generate(150, 3, &corpus);
    let titles: HashSet<_> = ws.live_items().map(|i| i.title.as_str()).collect();
    assert!(titles.iter().all(|t| *t == "Export, with commas" || *t == "Über-long [31mtitle"), "{titles:?}");
    assert!(Corpus::load(&dir.path().join("missing")).is_none());
}
