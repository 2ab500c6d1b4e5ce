//! Property tests of the file format and the merge: random edit sequences
//! round-trip exactly through the codec, merging is deterministic, and a
//! merge never drops an item or hands out a key twice.

mod common;

use backlog::domain::command::{ItemPatch, NewGoal, NewInitiative, NewItem, Position};
use backlog::domain::item::Status;
use backlog::domain::score::{Rice, Wsjf};
use backlog::domain::strategy::Horizon;
use backlog::domain::{Change, Command, Ctx, Role, Workspace, apply};
use backlog::store::merge::{Opts, Pending, Prefer, merge};
use backlog::store::{Store, StoreError, codec};
use common::*;
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone)]
enum Op {
    Add {
        title: String,
        estimate: Option<u32>,
        labels: Vec<String>,
        score: Option<f64>,
    },
    Title {
        pick: usize,
        title: String,
    },
    Estimate {
        pick: usize,
        estimate: Option<u32>,
    },
    Status {
        pick: usize,
        status: Status,
    },
    Labels {
        pick: usize,
        labels: Vec<String>,
    },
    Rank {
        pick: usize,
        to: u8,
        other: usize,
    },
    Delete {
        pick: usize,
    },
    /// Into or out of the active sprint, which logs it in the sprint's history.
    Sprint {
        pick: usize,
        into: bool,
    },
    AddGoal {
        title: String,
    },
    AddInitiative {
        title: String,
        horizon: Horizon,
    },
    Undo,
}

fn text() -> impl Strategy<Value = String> {
    // Mostly plain words; sometimes empty, control characters, bidi
    // overrides, quotes and non-ASCII, which the domain must clean or refuse.
    prop_oneof![
        4 => "[A-Za-z][A-Za-z ]{0,12}",
        1 => "[ a-z\"\\\\é✓\u{1b}\u{202e}\n\t]{0,8}",
    ]
}

fn labels() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(prop::sample::select(vec!["ux", "ux a", "ux!", "api", "Api", "a-b", " growth "]), 0..4)
        .prop_map(|v| v.into_iter().map(str::to_owned).collect())
}

fn estimate() -> impl Strategy<Value = Option<u32>> {
    // 4 is not on the default point scale: refused.
    prop::option::of(prop::sample::select(vec![0u32, 1, 2, 3, 4, 5, 8, 13]))
}

fn score() -> impl Strategy<Value = Option<f64>> {
    prop::option::of(prop_oneof![
        4 => -10.0f64..100.0,
        1 => prop::sample::select(vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.1, 1e300]),
    ])
}

fn op() -> impl Strategy<Value = Op> {
    let pick = 0usize..16;
    prop_oneof![
        3 => (text(), estimate(), labels(), score())
            .prop_map(|(title, estimate, labels, score)| Op::Add { title, estimate, labels, score }),
        2 => (pick.clone(), text()).prop_map(|(pick, title)| Op::Title { pick, title }),
        2 => (pick.clone(), estimate()).prop_map(|(pick, estimate)| Op::Estimate { pick, estimate }),
        1 => (pick.clone(), prop::sample::select(Status::ALL.to_vec())).prop_map(|(pick, status)| Op::Status { pick, status }),
        1 => (pick.clone(), labels()).prop_map(|(pick, labels)| Op::Labels { pick, labels }),
        2 => (pick.clone(), 0u8..4, pick.clone()).prop_map(|(pick, to, other)| Op::Rank { pick, to, other }),
        1 => pick.clone().prop_map(|pick| Op::Delete { pick }),
        1 => (pick, any::<bool>()).prop_map(|(pick, into)| Op::Sprint { pick, into }),
        1 => text().prop_map(|title| Op::AddGoal { title }),
        1 => (text(), prop::sample::select(Horizon::ALL.to_vec()))
            .prop_map(|(title, horizon)| Op::AddInitiative { title, horizon }),
        1 => Just(Op::Undo),
    ]
}

fn ops(max: usize) -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(op(), 0..max)
}

/// The live item at `pick`, round robin over rank order.
fn live(ws: &Workspace, pick: usize) -> Option<uuid::Uuid> {
    let order = ws.ranked_item_positions();
    (!order.is_empty()).then(|| ws.items[order[pick % order.len()]].meta.id)
}

fn command(ws: &Workspace, op: &Op, undo: &mut Vec<Change>) -> Option<Command> {
    Some(match op.clone() {
        Op::Add { title, estimate, labels, score } => Command::AddItem(Box::new(NewItem {
            title,
            estimate,
            labels,
            wsjf: score.map(|s| Wsjf::new(s, 1.0, 0.0, 3.0)),
            ..Default::default()
        })),
        Op::Title { pick, title: t } => title(live(ws, pick)?, &t),
        Op::Estimate { pick, estimate } => {
            edit_item(live(ws, pick)?, ItemPatch { estimate: Some(estimate), ..Default::default() })
        }
        Op::Status { pick, status } => {
            edit_item(live(ws, pick)?, ItemPatch { status: Some(status), ..Default::default() })
        }
        Op::Labels { pick, labels } => {
            edit_item(live(ws, pick)?, ItemPatch { labels: Some(labels), ..Default::default() })
        }
        Op::Rank { pick, to, other } => {
            let (id, other) = (live(ws, pick)?, live(ws, other)?);
            let to = match to {
                0 => Position::Top,
                1 => Position::Bottom,
                2 => Position::Before(other),
                _ => Position::After(other),
            };
            Command::RankItem { id, to }
        }
        Op::Delete { pick } => Command::DeleteItem { id: live(ws, pick)? },
        Op::Sprint { pick, into } => {
            let sprint = into.then(|| ws.active_sprint().map(|s| s.meta.id)).flatten();
            edit_item(live(ws, pick)?, ItemPatch { sprint: Some(sprint), ..Default::default() })
        }
        Op::AddGoal { title } => Command::AddGoal(NewGoal { title, ..Default::default() }),
        Op::AddInitiative { title, horizon } => Command::AddInitiative(Box::new(NewInitiative {
            title,
            horizon: Some(horizon),
            rice: Some(Rice::new(100.0, 1.0, 50.0, 2.0)),
            ..Default::default()
        })),
        Op::Undo => Command::Restore(undo.pop()?.before),
    })
}

/// Applies `ops` as one session would, from `start` seconds on, recording
/// pre-images in `pending`. A refused command must leave the workspace
/// exactly as it was.
fn run(ws: &mut Workspace, ops: &[Op], c: &mut Ctx, start: i64, pending: &mut Pending) {
    let mut undo = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        c.now = at(start + i as i64);
        let Some(cmd) = command(ws, op, &mut undo) else { continue };
        let before = ws.clone();
        match apply(ws, cmd, c) {
            Ok(change) => {
                pending.record(&change);
                if !matches!(op, Op::Undo) {
                    undo.push(change);
                }
            }
            Err(e) => assert_eq!(ws, &before, "{op:?} failed ({e}) but changed the workspace"),
        }
    }
}

fn round_trips(ws: &Workspace) -> Result<Vec<u8>, TestCaseError> {
    let bytes = codec::encode(ws);
    let decoded = codec::decode(Path::new("props.json"), &bytes)
        .map_err(|e| TestCaseError::fail(format!("{e}\n{}", String::from_utf8_lossy(&bytes))))?;
    prop_assert_eq!(&decoded.ws, ws);
    prop_assert!(decoded.read_only.is_none());
    prop_assert_eq!(codec::encode(&decoded.ws), bytes.clone(), "re-encoding gives the same bytes");
    Ok(bytes)
}

/// What every workspace keeps true, however it was made: item, goal and
/// initiative keys are unique for the life of the workspace and below their
/// counters, labels are a sorted set.
fn invariants(ws: &Workspace) -> Result<(), TestCaseError> {
    let mut keys = HashMap::new();
    for item in &ws.items {
        if let Some(other) = keys.insert(item.key.to_ascii_uppercase(), item.meta.id) {
            prop_assert!(false, "{} is used by {} and {}", item.key, other, item.meta.id);
        }
        let n = item.key_number().expect("numbered key");
        prop_assert!(n < ws.workspace.next_key, "{} is not below next_key {}", item.key, ws.workspace.next_key);
        let mut sorted = item.labels.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(&item.labels, &sorted, "labels of {} are a sorted set", item.key);
    }
    let mut goal_keys = HashSet::new();
    for g in &ws.goals {
        prop_assert!(goal_keys.insert(g.key.to_ascii_uppercase()), "{} is used twice", g.key);
        let n: u64 = g.key.trim_start_matches('G').parse().expect("numbered key");
        prop_assert!(n < ws.workspace.next_goal_key, "{} is not below the counter", g.key);
    }
    let mut initiative_keys = HashSet::new();
    for i in &ws.roadmap {
        prop_assert!(initiative_keys.insert(i.key.to_ascii_uppercase()), "{} is used twice", i.key);
        let n: u64 = i.key.trim_start_matches('R').parse().expect("numbered key");
        prop_assert!(n < ws.workspace.next_initiative_key, "{} is not below the counter", i.key);
    }
    Ok(())
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn random_edits_round_trip_through_the_codec(ops in ops(24)) {
        let mut ws = base_ws();
        let mut c = ctx(Role::Po, 100);
        run(&mut ws, &ops, &mut c, 100, &mut Pending::default());
        invariants(&ws)?;
        round_trips(&ws)?;
    }

    #[test]
    fn merging_is_deterministic_and_keeps_every_item(
        base_ops in ops(10),
        ours_ops in ops(12),
        theirs_ops in ops(12),
        role in prop::sample::select(vec![Role::Po, Role::Pm]),
    ) {
        let mut base = base_ws();
        run(&mut base, &base_ops, &mut ctx(Role::Po, 100), 100, &mut Pending::default());
        // Each session gets its own clock, so their ids differ as real v7 ids would.
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let mut pending = Pending::default();
        run(&mut ours, &ours_ops, &mut ctx(Role::Po, 10_000), 10_000, &mut pending);
        run(&mut theirs, &theirs_ops, &mut ctx(Role::Po, 20_000), 20_000, &mut Pending::default());

        let opts = Opts { now: at(30_000), role, by: String::new(), prefer: Prefer::Ours, names: backlog::store::merge::Names::session() };
        let (merged, report) = merge(theirs.clone(), &ours, &pending, opts.clone());
        let (again, report_again) = merge(theirs.clone(), &ours, &pending, opts.clone());
        let bytes = round_trips(&merged)?;
        prop_assert_eq!(&bytes, &codec::encode(&again), "same inputs, same bytes");
        prop_assert_eq!(&report, &report_again);

        // Every item from either side is there; one live on both sides is live.
        let merged_ids: HashSet<_> = merged.items.iter().map(|i| i.meta.id).collect();
        for side in [&ours, &theirs] {
            for item in &side.items {
                prop_assert!(merged_ids.contains(&item.meta.id), "{} lost", item.key);
            }
        }
        for item in ours.live_items() {
            let created_here = base.item(item.meta.id).is_none();
            let live_there = theirs.item(item.meta.id).is_some_and(|i| i.is_live());
            if created_here || live_there {
                prop_assert!(merged.item(item.meta.id).unwrap().is_live(), "{} should be live", item.key);
            }
        }
        for item in theirs.live_items() {
            let deleted_here = ours.item(item.meta.id).is_some_and(|i| !i.is_live());
            prop_assert_eq!(merged.item(item.meta.id).unwrap().is_live(), !deleted_here, "{}", &item.key);
        }
        // Sprint history is append-only: every event either side logged is kept.
        for side in [&ours, &theirs] {
            for sprint in &side.sprints {
                let kept = &merged.sprint(sprint.meta.id).unwrap().history;
                for e in &sprint.history {
                    prop_assert!(kept.contains(e), "{:?} dropped from {}", e, &sprint.name);
                }
            }
        }
        // Keys of live items are unique (and so are all keys, tombstones included).
        let live_keys: HashSet<_> = merged.live_items().map(|i| i.key.to_ascii_uppercase()).collect();
        prop_assert_eq!(live_keys.len(), merged.live_items().count());
        invariants(&merged)?;
        // Nothing to merge: the file as it is.
        let (untouched, _) = merge(theirs.clone(), &ours, &Pending::default(), opts);
        prop_assert_eq!(codec::encode(&untouched), codec::encode(&theirs));
    }
}

#[derive(Debug, Clone)]
enum Step {
    /// `apply_local`: the TUI's path, saved later.
    Edit(usize, Op),
    /// `apply`: the CLI's path, synced and saved at once.
    Apply(usize, Op),
    Save(usize),
    Sync(usize),
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let session = 0usize..2;
    prop::collection::vec(
        prop_oneof![
            4 => (session.clone(), op()).prop_map(|(s, op)| Step::Edit(s, op)),
            2 => (session.clone(), op()).prop_map(|(s, op)| Step::Apply(s, op)),
            2 => session.clone().prop_map(Step::Save),
            1 => session.prop_map(Step::Sync),
        ],
        0..24,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: proptest_config().cases / 2, ..proptest_config() })]

    /// Two sessions on one file, editing, saving and syncing in any order:
    /// nothing either of them created is lost, keys stay unique, and once
    /// both have saved and synced they agree with the file.
    #[test]
    fn interleaved_sessions_lose_nothing(steps in steps()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backlog.json");
        Store::create(&path, base_ws(), Role::Po).unwrap();
        let mut stores = [Store::open(&path, Role::Po).unwrap(), Store::open(&path, Role::Pm).unwrap()];
        let mut ctxs = [ctx(Role::Po, 10_000), ctx(Role::Pm, 20_000)];
        let mut undo: [Vec<Change>; 2] = [Vec::new(), Vec::new()];
        let mut created = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            match step {
                Step::Edit(s, op) | Step::Apply(s, op) => {
                    let c = &mut ctxs[*s];
                    c.now = at(10_000 * (*s as i64 + 1) + i as i64);
                    let Some(cmd) = command(stores[*s].workspace(), op, &mut undo[*s]) else { continue };
                    let result = match step {
                        Step::Apply(..) => stores[*s].apply(cmd, c).map(|(change, _)| change),
                        _ => stores[*s].apply_local(cmd, c),
                    };
                    match result {
                        Ok(change) => {
                            created.extend(change.created);
                            if !matches!(op, Op::Undo) {
                                undo[*s].push(change);
                            }
                        }
                        // The domain may refuse a random command; the store must not fail.
                        Err(StoreError::Domain(_)) => {}
                        Err(e) => prop_assert!(false, "{}", e),
                    }
                }
                Step::Save(s) => {
                    stores[*s].save().unwrap();
                }
                Step::Sync(s) => {
                    stores[*s].sync().unwrap();
                }
            }
        }
        stores[0].save().unwrap();
        stores[1].save().unwrap();
        stores[0].sync().unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let disk = codec::decode(&path, &bytes).unwrap().ws;
        invariants(&disk)?;
        prop_assert_eq!(codec::encode(&disk), bytes);
        for r in created {
            prop_assert!(disk.get(r).is_some(), "{:?} was lost", r);
        }
        prop_assert_eq!(stores[0].workspace(), &disk);
        prop_assert_eq!(stores[1].workspace(), &disk);
        prop_assert!(!stores[0].has_unsaved() && !stores[1].has_unsaved());
    }
}
