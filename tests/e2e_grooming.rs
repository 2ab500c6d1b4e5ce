//! The grooming walk of issue 10, typed into the real binary in a
//! pseudo-terminal, reading the file on disk after each step: mark three
//! stories, label them, move them to the top, split one, add a criterion,
//! then undo each in turn.

mod common;

use common::pty::*;
use std::time::Instant;

/// Waits until `what` is on screen and everything is on disk.
fn settled(tui: &Tui, what: &str) {
    tui.wait_for(&format!("\"{what}\", saved"), |s| status(s).contains(what) && status(s).contains("│ saved "));
}

fn labels(env: &Env, key: &str) -> Vec<String> {
    env.read().item_by_key(key).unwrap_or_else(|| panic!("{key} on disk")).labels.clone()
}

#[test]
fn grooming_walk_mark_label_move_split_add_a_criterion_then_undo_each() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo_as_opened();
    let before = env.read();
    let next = before.workspace.next_key;
    let (new1, new2) = (before.item_key(next), before.item_key(next + 1));
    let order = ranked_keys(&before);
    let criteria = before.item_by_key("TAN-11").expect("TAN-11").acceptance_criteria.clone();
    assert_eq!(criteria.len(), 3, "the demo's TAN-11 has three criteria");

    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    tui.wait_for("done work hidden", |s| s.contents().contains("done hidden"));
    tui.wait_for("TAN-18 selected first", |s| selected(s).is_some_and(|(k, _)| k == "TAN-18"));

    // Mark TAN-11, TAN-12 and TAN-17 (TAN-13, an epic, in between is skipped).
    tui.send("jjjj");
    tui.wait_for("TAN-11 selected", |s| selected(s).is_some_and(|(k, _)| k == "TAN-11"));
    tui.send("  j ");
    tui.wait_for("three marked", |s| status(s).contains("│ 3 marked "));
    for k in ["TAN-11", "TAN-12", "TAN-17"] {
        tui.screen(|s| assert!(row_text(s, k).is_some_and(|l| l.contains(&format!("●{k}"))), "{k} shows its mark"));
    }

    // Label them: the bulk form's "Add labels" field is the eighth.
    tui.send("e");
    tui.wait_for("the bulk form", |s| s.contents().contains("Edit 3 marked items"));
    tui.send("\t\t\t\t\t\t\tgroomed\r");
    settled(&tui, "Edited 3 items: +groomed");
    for k in ["TAN-11", "TAN-12", "TAN-17"] {
        assert!(labels(&env, k).contains(&"groomed".to_owned()), "{k} labelled on disk");
    }

    // Move them to the top, as a block in their order.
    tui.send("T");
    settled(&tui, "Moved 3 items");
    assert_eq!(&ranked_keys(&env.read())[..3], &["TAN-11", "TAN-12", "TAN-17"]);

    // Split TAN-11 (now the first row): two new stories, the first
    // criterion to the first, the second to the second, the third kept.
    // (Esc and g apart: together a terminal reads them as Alt-g.)
    tui.send("\x1b");
    tui.wait_for("marks cleared", |s| status(s).contains("3 marks cleared"));
    tui.send("g");
    tui.wait_for("TAN-11 selected", |s| selected(s).is_some_and(|(k, _)| k == "TAN-11"));
    tui.send("x");
    tui.wait_for("the split popup", |s| s.contents().contains("Split TAN-11"));
    tui.send("Propose a trade\rAccept a trade\tl\tll\x13");
    settled(&tui, "Split TAN-11 into 2 stories (kept)");
    let ws = env.read();
    assert_eq!(&ranked_keys(&ws)[..3], &["TAN-11".to_owned(), new1.clone(), new2.clone()]);
    let (a, b) = (ws.item_by_key(&new1).expect("new 1"), ws.item_by_key(&new2).expect("new 2"));
    assert_eq!(a.title, "Propose a trade");
    assert_eq!(b.title, "Accept a trade");
    assert_eq!(a.acceptance_criteria, vec![criteria[0].clone()]);
    assert_eq!(b.acceptance_criteria, vec![criteria[1].clone()]);
    assert!(a.labels.contains(&"groomed".to_owned()), "the new stories copy the labels");
    assert_eq!(ws.item_by_key("TAN-11").unwrap().acceptance_criteria, vec![criteria[2].clone()]);

    // Add a criterion to the first new story (the second row).
    tui.send("gj");
    tui.wait_for(&format!("{new1} selected"), |s| selected(s).is_some_and(|(k, _)| k == new1));
    tui.send("caShows who proposed it\r");
    settled(&tui, &format!("Updated {new1} (criteria)"));
    let got: Vec<String> =
        env.read().item_by_key(&new1).unwrap().acceptance_criteria.iter().map(|c| c.text.clone()).collect();
    assert_eq!(got, vec![criteria[0].text.clone(), "Shows who proposed it".to_owned()]);
    tui.send("\x1b");
    tui.wait_for("the popup closed", |s| !s.contents().contains("acceptance criteria"));

    // Undo each, newest first, checking the file every time.
    tui.send("u");
    settled(&tui, &format!("Undone: Updated {new1} (criteria)"));
    assert_eq!(env.read().item_by_key(&new1).unwrap().acceptance_criteria, vec![criteria[0].clone()]);

    tui.send("u");
    settled(&tui, "Undone: Split TAN-11");
    let ws = env.read();
    assert!(ws.item_by_key(&new1).is_none() && ws.item_by_key(&new2).is_none(), "the new stories are gone");
    assert_eq!(ws.item_by_key("TAN-11").unwrap().acceptance_criteria, criteria);

    tui.send("u");
    settled(&tui, "Undone: Moved 3 items");
    assert_eq!(ranked_keys(&env.read()), order, "the rank is as it was");

    tui.send("u");
    settled(&tui, "Undone: Edited 3 items");
    for k in ["TAN-11", "TAN-12", "TAN-17"] {
        assert!(!labels(&env, k).contains(&"groomed".to_owned()), "{k} unlabelled on disk");
    }

    tui.send("q");
    let (status, _) = tui.wait_exit(LIMIT);
    assert!(status.success(), "backlog exited with {status:?}");
    tui.assert_restored();
    let after = env.read();
    assert_eq!(ranked_keys(&after), order);
    report("grooming_walk", start);
}
