//! History holds through every path that brings edits together: after
//! random edits from several live sessions on each of two branches, and a
//! git merge of the branches, replaying each item's records from the
//! common base gives its fields exactly; no record either branch made is
//! lost, the records are in time order, and history never clashes.

mod common;

use backlog::domain::command::{ItemPatch, Position};
use backlog::domain::history::{APPEND_ONLY, CREATED};
use backlog::domain::item::Status;
use backlog::domain::{Command, Ctx, Role, Workspace};
use backlog::store::merge::{Names, Opts, Prefer, merge_files};
use backlog::store::{Store, codec};
use common::*;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;

#[derive(Debug, Clone)]
enum Op {
    Title(usize, &'static str),
    Estimate(usize, Option<u32>),
    Status(usize, Status),
    Labels(usize, Vec<&'static str>),
    Rank(usize, usize),
    Sprint(usize, bool),
    Delete(usize),
}

fn op() -> impl Strategy<Value = Op> {
    // Few items and few values, so sessions and branches often meet on
    // one field.
    let pick = 0usize..5;
    prop_oneof![
        3 => (pick.clone(), prop::sample::select(vec!["Alpha", "Beta", "Gamma"])).prop_map(|(p, t)| Op::Title(p, t)),
        2 => (pick.clone(), prop::option::of(prop::sample::select(vec![1u32, 2, 3, 5]))).prop_map(|(p, e)| Op::Estimate(p, e)),
        2 => (pick.clone(), prop::sample::select(vec![Status::New, Status::Refined, Status::Ready, Status::InProgress])).prop_map(|(p, s)| Op::Status(p, s)),
        2 => (pick.clone(), prop::collection::vec(prop::sample::select(vec!["ux", "api", "growth"]), 0..3)).prop_map(|(p, l)| Op::Labels(p, l)),
        2 => (pick.clone(), pick.clone()).prop_map(|(p, o)| Op::Rank(p, o)),
        1 => (pick.clone(), any::<bool>()).prop_map(|(p, i)| Op::Sprint(p, i)),
        1 => pick.prop_map(Op::Delete),
    ]
}

/// One step of a branch: which of its two sessions acts, what it does,
/// and whether it saves afterwards.
fn steps() -> impl Strategy<Value = Vec<(usize, Op, bool)>> {
    prop::collection::vec((0usize..2, op(), any::<bool>()), 1..14)
}

fn live(ws: &Workspace, pick: usize) -> Option<uuid::Uuid> {
    let order = ws.ranked_item_positions();
    (!order.is_empty()).then(|| ws.items[order[pick % order.len()]].meta.id)
}

fn command(ws: &Workspace, op: &Op) -> Option<Command> {
    let patch = |id, p: ItemPatch| Command::EditItem { id, patch: Box::new(p) };
    Some(match op.clone() {
        Op::Title(p, t) => title(live(ws, p)?, t),
        Op::Estimate(p, e) => patch(live(ws, p)?, ItemPatch { estimate: Some(e), ..Default::default() }),
        Op::Status(p, s) => patch(live(ws, p)?, ItemPatch { status: Some(s), ..Default::default() }),
        Op::Labels(p, l) => patch(
            live(ws, p)?,
            ItemPatch { labels: Some(l.into_iter().map(str::to_owned).collect()), ..Default::default() },
        ),
        Op::Rank(p, o) => Command::RankItem { id: live(ws, p)?, to: Position::Before(live(ws, o)?) },
        Op::Sprint(p, into) => {
            let sprint = into.then(|| ws.active_sprint().map(|s| s.meta.id)).flatten();
            patch(live(ws, p)?, ItemPatch { sprint: Some(sprint), ..Default::default() })
        }
        Op::Delete(p) => Command::DeleteItem { id: live(ws, p)? },
    })
}

/// Two sessions (`anna` and `ben` of `branch`) edit one file in turns,
/// saving when the step says (and at the end): their saves merge live.
/// Returns the file, and the ids of the records the sessions' changes made.
fn branch(
    dir: &Path,
    base: &[u8],
    name: &str,
    steps: &[(usize, Op, bool)],
    start: i64,
) -> (Workspace, Vec<uuid::Uuid>) {
    let file = dir.join(format!("{name}.json"));
    std::fs::write(&file, base).unwrap();
    let mut stores = [Store::open(&file, Role::Po).unwrap(), Store::open(&file, Role::Pm).unwrap()];
    let people = [format!("anna-{name}"), format!("ben-{name}")];
    let mut made = Vec::new();
    for (s, who) in stores.iter_mut().zip(&people) {
        s.set_person(who);
    }
    for (i, (who, op, save)) in steps.iter().enumerate() {
        let store = &mut stores[*who];
        let mut c: Ctx = ctx(store.role(), start + i as i64);
        c.user = people[*who].clone();
        c.confirmed = true;
        if let Some(cmd) = command(store.workspace(), op) {
            // Refusals (a move past capacity, …) are fine: nothing changes.
            if let Ok(change) = store.apply_local(cmd, &mut c) {
                made.extend(change.records.iter().map(|r| r.id));
            }
        }
        if *save {
            store.save().unwrap();
        }
    }
    for s in &mut stores {
        s.save().unwrap();
    }
    (codec::decode(&file, &std::fs::read(&file).unwrap()).unwrap().ws, made)
}

/// Fields that are bookkeeping, not content (history does not keep them).
const BOOKKEEPING: [&str; 6] = ["id", "rev", "created_at", "updated_at", "updated_by", "updated_by_person"];

fn content(v: &Value) -> serde_json::Map<String, Value> {
    let mut m = v.as_object().unwrap().clone();
    m.retain(|k, _| !BOOKKEEPING.contains(&k.as_str()));
    m
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn replaying_each_items_history_gives_its_fields_after_sessions_and_a_git_merge(
        a in steps(),
        b in steps(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let base = base_ws();
        let base_bytes = codec::encode(&base);
        let (ours, made_a) = branch(dir.path(), &base_bytes, "a", &a, 1_000);
        let (theirs, made_b) = branch(dir.path(), &base_bytes, "b", &b, 1_003);
        let opts = Opts { now: at(5_000), role: Role::Po, by: "merger".into(), prefer: Prefer::Neither, names: Names::git(None, Some("b")) };
        let (merged, _) = merge_files(&base, &ours, theirs.clone(), opts);

        // Nothing either branch recorded is lost, and the order is time.
        let ids: HashSet<_> = merged.history.records().iter().map(|r| r.id).collect();
        for r in ours.history.records().iter().chain(theirs.history.records()) {
            prop_assert!(ids.contains(&r.id), "record {} ({}) lost", r.id, r.what);
        }
        // Every change a session made keeps its own record, through the
        // live merges of its branch and the git merge.
        for id in made_a.iter().chain(&made_b) {
            prop_assert!(ids.contains(id), "a session's record {id} lost");
        }
        prop_assert!(merged.history.records().windows(2).all(|w| (w[0].at, w[0].id) < (w[1].at, w[1].id)));
        prop_assert!(merged.conflicts.iter().all(|c| c.entity != "history"));

        // Replay: each item from the base, through every record since.
        let known: HashSet<_> = base.history.records().iter().map(|r| r.id).collect();
        for item in &base.items {
            let mut fields = content(&serde_json::to_value(item).unwrap());
            for r in merged.history.records().iter().filter(|r| !known.contains(&r.id)) {
                for e in r.edits_of(item.meta.id) {
                    prop_assert!(e.field != CREATED && !APPEND_ONLY.contains(&&*e.field));
                    if e.new.is_null() {
                        fields.remove(&*e.field);
                    } else {
                        fields.insert(e.field.to_string(), e.new.clone());
                    }
                }
            }
            let now = content(&serde_json::to_value(merged.item(item.meta.id).unwrap()).unwrap());
            prop_assert_eq!(&fields, &now, "{} replayed from its history", item.key);
        }
        // The merged file reads back as it is.
        let bytes = codec::encode(&merged);
        prop_assert_eq!(&codec::decode(Path::new("m.json"), &bytes).unwrap().ws, &merged);
    }
}
