//! CLI writers at once on the same item, through the real binary: every
//! command that exits 0 is in the file afterwards. A command reads what it
//! changes (the labels it adds to, the neighbours it moves between) under
//! the lock; built from a read taken before it, two loops of
//! `edit BL-1 --label …` kept 51 of 80 labels and two loops of
//! `rank --top` on different items failed 29 of 60 times.
//!
//! No sleeps and no timing: the writers start together at a barrier and
//! every one of them is waited on.

mod common;

use common::pty::{Env, serial};
use std::collections::BTreeSet;
use std::sync::Barrier;

const WRITERS: usize = 4;
const ROUNDS: usize = 6;

/// Runs `args`, returning whether it exited 0 (and its stderr otherwise).
fn run(env: &Env, args: &[String]) -> Result<(), String> {
    let out = env.command().args(args).output().expect("the backlog binary runs");
    match out.status.code() {
        Some(0) => Ok(()),
        _ => Err(format!("backlog {args:?}: {}", String::from_utf8_lossy(&out.stderr))),
    }
}

fn args(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn writers_on_one_items_lists_keep_every_edit_that_exited_0() {
    let _serial = serial();
    let env = Env::empty();
    env.cli(&["add", "The item everyone edits"]);
    // Items for BL-1 to block: one per writer and round.
    for n in 0..WRITERS * ROUNDS {
        env.cli(&["add", &format!("Blocked {n}")]);
    }
    let records_before = env.read().history.len();
    let barrier = Barrier::new(WRITERS);
    // What each writer did, by the command that exited 0.
    let done: Vec<Vec<(&'static str, String)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (env, barrier) = (&env, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    let mut done = Vec::new();
                    for i in 0..ROUNDS {
                        let tag = format!("w{w}-{i}");
                        let blocked = format!("BL-{}", 2 + w * ROUNDS + i);
                        let ops: [(&'static str, Vec<String>, String); 6] = [
                            ("label", args(&["edit", "BL-1", "--label", &tag]), tag.clone()),
                            (
                                "criterion",
                                args(&["edit", "BL-1", "--ac", &format!("criterion {tag}")]),
                                format!("criterion {tag}"),
                            ),
                            ("tick", args(&["edit", "BL-1", "--tick", &format!("tick {tag}")]), format!("tick {tag}")),
                            (
                                "external",
                                args(&["edit", "BL-1", "--external", &format!("jira:X-{w}{i}")]),
                                format!("X-{w}{i}"),
                            ),
                            (
                                "comment",
                                args(&["comment", "BL-1", &format!("comment {tag}")]),
                                format!("comment {tag}"),
                            ),
                            ("link", args(&["link", "BL-1", "--blocks", &blocked]), blocked),
                        ];
                        for (what, a, expect) in ops {
                            match run(env, &a) {
                                Ok(()) => done.push((what, expect)),
                                Err(e) => panic!("a writer's command failed: {e}"),
                            }
                        }
                    }
                    done
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a writer thread")).collect()
    });

    let ws = env.read();
    let item = ws.item_by_key("BL-1").expect("BL-1");
    let key_of = |id: &uuid::Uuid| ws.item(*id).map(|i| i.key.clone()).unwrap_or_default();
    let have = |what: &str| -> BTreeSet<String> {
        match what {
            "label" => item.labels.iter().cloned().collect(),
            "criterion" => item.acceptance_criteria.iter().map(|c| c.text.clone()).collect(),
            "tick" => item.checked.iter().cloned().collect(),
            "external" => item.external.iter().map(|x| x.key.clone()).collect(),
            "comment" => item.comments.iter().map(|c| c.text.clone()).collect(),
            "link" => item.blocks.iter().map(key_of).collect(),
            _ => unreachable!(),
        }
    };
    let mut total = 0;
    for what in ["label", "criterion", "tick", "external", "comment", "link"] {
        let want: BTreeSet<String> =
            done.iter().flatten().filter(|(w, _)| *w == what).map(|(_, e)| e.clone()).collect();
        assert_eq!(want.len(), WRITERS * ROUNDS, "every writer's {what} commands exited 0");
        let have = have(what);
        let missing: Vec<&String> = want.difference(&have).collect();
        assert!(missing.is_empty(), "{} {what}(s) that exited 0 are not in the file: {missing:?}", missing.len());
        total += want.len();
    }
    assert_eq!(total, WRITERS * ROUNDS * 6);
    assert_eq!(item.acceptance_criteria.len(), WRITERS * ROUNDS, "no criterion twice, none lost");
    assert_eq!(ws.open_conflicts().count(), 0, "edits that name different values are not conflicts");
    // And the history has each of those commands once, none lost to another writer's save.
    assert_eq!(ws.history.len() - records_before, WRITERS * ROUNDS * 6, "one record per command that exited 0");
}

/// The keys `list --json` prints, in rank order.
fn ranked(env: &Env) -> Vec<String> {
    let items: Vec<serde_json::Value> = serde_json::from_str(&env.cli(&["list", "--json"])).expect("a JSON array");
    items.iter().map(|i| i["key"].as_str().expect("a key").to_owned()).collect()
}

#[test]
fn two_people_reordering_different_items_never_fail() {
    let _serial = serial();
    let env = Env::empty();
    const EACH: usize = 5;
    const MOVES: usize = 15;
    for n in 0..2 * EACH {
        env.cli(&["add", &format!("Story {n}")]);
    }
    let barrier = Barrier::new(2);
    // Each loop moves its own items to the top in turn: BL-1..5 and BL-6..10.
    let orders: Vec<Vec<String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|side| {
                let (env, barrier) = (&env, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    let mut moved = Vec::new();
                    for m in 0..MOVES {
                        let key = format!("BL-{}", 1 + side * EACH + m % EACH);
                        if let Err(e) = run(env, &args(&["rank", &key, "--top"])) {
                            panic!("moving a different item than the other person failed: {e}");
                        }
                        moved.push(key);
                    }
                    moved
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a rank loop")).collect()
    });

    // Each side's items stand in the order of its last moves, the latest
    // first, whatever the other side did in between.
    let order = ranked(&env);
    assert_eq!(order.len(), 2 * EACH);
    for moved in orders {
        let mut want: Vec<String> = Vec::new();
        for key in moved.iter().rev() {
            if !want.contains(key) {
                want.push(key.clone());
            }
        }
        let got: Vec<String> = order.iter().filter(|k| want.contains(k)).cloned().collect();
        assert_eq!(got, want, "the last move of each item decides its place among its side's");
    }
}

/// `archive` while others comment on an item it moves: a comment that
/// exited 0 is on the item wherever it ended (the workspace's copy where
/// both files hold it); one that failed was refused because the item had
/// gone, and said so. Both files parse and `check` passes.
#[test]
fn comments_racing_an_archive_are_kept_or_refused_never_lost() {
    let _serial = serial();
    let env = Env::demo();
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(1)).to_string();
    let barrier = Barrier::new(WRITERS + 1);
    let results: Vec<Result<(), String>> = std::thread::scope(|s| {
        let mut handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (env, barrier) = (&env, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    (0..ROUNDS)
                        .map(|r| run(env, &args(&["comment", "TAN-2", &format!("note {w}-{r}")])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let (env, barrier, tomorrow) = (&env, &barrier, &tomorrow);
        handles.push(s.spawn(move || {
            barrier.wait();
            vec![run(env, &args(&["archive", "--before", tomorrow]))]
        }));
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let archived = results.last().unwrap();
    assert!(archived.is_ok(), "{archived:?}");
    let ws = env.read();
    let file = env.dir.path().join("backlog.archive.json");
    let shelf = backlog::store::codec::decode(&file, &std::fs::read(&file).unwrap()).unwrap().ws;
    let item = ws.item_by_key("TAN-2").or_else(|| shelf.item_by_key("TAN-2")).expect("TAN-2 is somewhere");
    let kept: BTreeSet<&str> = item.comments.iter().map(|c| c.text.as_str()).collect();
    let mut ok = 0;
    for (n, r) in results[..WRITERS * ROUNDS].iter().enumerate() {
        let note = format!("note {}-{}", n / ROUNDS, n % ROUNDS);
        match r {
            Ok(()) => {
                ok += 1;
                assert!(kept.contains(note.as_str()), "{note} exited 0 but is not on TAN-2: {kept:?}");
            }
            Err(e) => assert!(e.contains("TAN-2"), "refused for the item having gone: {e}"),
        }
    }
    assert_eq!(kept.len(), ok, "nothing but what exited 0");
    let check = env.command().arg("check").output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}
