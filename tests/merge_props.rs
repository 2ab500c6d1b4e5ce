//! Property tests of the three-way merge of two whole workspaces (what the
//! git merge driver runs): random command sequences on two branches from
//! one base, merged both ways round.

mod common;

use backlog::domain::command::{InitiativePatch, ItemPatch, NewInitiative, NewItem, NewSprint, Position, Take};
use backlog::domain::item::{ItemKind, Status};
use backlog::domain::strategy::Horizon;
use backlog::domain::{Command, EntityRef, Role, Workspace, align, apply};
use backlog::store::codec;
use backlog::store::merge::{Opts, Prefer, merge_files};
use common::*;
use proptest::prelude::*;
use std::collections::{BTreeSet, HashSet};
use uuid::Uuid;

#[derive(Debug, Clone)]
enum Op {
    Add { title: String, estimate: Option<u32>, epic: Option<usize>, at: u8, near: usize },
    AddEpic { title: String },
    Title { pick: usize, title: String },
    Estimate { pick: usize, estimate: Option<u32> },
    Status { pick: usize, status: Status },
    Labels { pick: usize, add: Vec<String>, remove: Vec<String> },
    Rank { pick: usize, to: u8, other: usize },
    Delete { pick: usize },
    Parent { pick: usize, epic: Option<usize> },
    Initiative { pick: usize, to: Option<usize> },
    Sprint { pick: usize, to: u8 },
    CloseSprint,
    StartSprint,
    AddSprint,
    AddInitiative { title: String, horizon: Horizon },
    MoveInitiative { pick: usize, horizon: Horizon, top: bool },
    DeleteInitiative { pick: usize },
    InitiativeGoals { pick: usize, goals: Vec<usize> },
    DeleteGoal { pick: usize },
    Kind { pick: usize, kind: ItemKind },
    Link { pick: usize, other: usize, on: bool },
    Comment { pick: usize, text: String },
    Assign { pick: usize, who: Option<String> },
}

fn who() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(vec!["lena", "jonas", "mira"]).prop_map(str::to_owned))
}

fn word() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{1,8}( [a-z]{1,6})?"
}

fn labels() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(prop::sample::select(vec!["ux", "api", "growth", "ops"]), 0..3)
        .prop_map(|v| v.into_iter().map(str::to_owned).collect())
}

fn op() -> impl Strategy<Value = Op> {
    let pick = 0usize..12;
    let horizon = prop::sample::select(Horizon::ALL.to_vec());
    prop_oneof![
        3 => (word(), prop::option::of(prop::sample::select(vec![1u32, 2, 3, 5, 8])), prop::option::of(pick.clone()), 0u8..3, pick.clone())
            .prop_map(|(title, estimate, epic, at, near)| Op::Add { title, estimate, epic, at, near }),
        1 => word().prop_map(|title| Op::AddEpic { title }),
        3 => (pick.clone(), word()).prop_map(|(pick, title)| Op::Title { pick, title }),
        2 => (pick.clone(), prop::option::of(prop::sample::select(vec![1u32, 2, 3, 5, 8])))
            .prop_map(|(pick, estimate)| Op::Estimate { pick, estimate }),
        2 => (pick.clone(), prop::sample::select(Status::ALL.to_vec())).prop_map(|(pick, status)| Op::Status { pick, status }),
        2 => (pick.clone(), labels(), labels()).prop_map(|(pick, add, remove)| Op::Labels { pick, add, remove }),
        2 => (pick.clone(), 0u8..4, pick.clone()).prop_map(|(pick, to, other)| Op::Rank { pick, to, other }),
        1 => pick.clone().prop_map(|pick| Op::Delete { pick }),
        1 => (pick.clone(), prop::option::of(pick.clone())).prop_map(|(pick, epic)| Op::Parent { pick, epic }),
        1 => (pick.clone(), prop::option::of(pick.clone())).prop_map(|(pick, to)| Op::Initiative { pick, to }),
        2 => (pick.clone(), 0u8..3).prop_map(|(pick, to)| Op::Sprint { pick, to }),
        1 => Just(Op::CloseSprint),
        1 => Just(Op::StartSprint),
        1 => Just(Op::AddSprint),
        1 => (word(), horizon.clone()).prop_map(|(title, horizon)| Op::AddInitiative { title, horizon }),
        1 => (pick.clone(), horizon, any::<bool>()).prop_map(|(pick, horizon, top)| Op::MoveInitiative { pick, horizon, top }),
        1 => pick.clone().prop_map(|pick| Op::DeleteInitiative { pick }),
        1 => (pick.clone(), prop::collection::vec(pick.clone(), 0..3)).prop_map(|(pick, goals)| Op::InitiativeGoals { pick, goals }),
        1 => pick.clone().prop_map(|pick| Op::DeleteGoal { pick }),
        1 => (pick.clone(), prop::sample::select(vec![ItemKind::Story, ItemKind::Epic, ItemKind::Bug])).prop_map(|(pick, kind)| Op::Kind { pick, kind }),
        2 => (pick.clone(), pick.clone(), any::<bool>()).prop_map(|(pick, other, on)| Op::Link { pick, other, on }),
        1 => (pick.clone(), word()).prop_map(|(pick, text)| Op::Comment { pick, text }),
        1 => (pick, who()).prop_map(|(pick, who)| Op::Assign { pick, who }),
    ]
}

/// Edits that touch only the entity they name (and, for sprint members,
/// the sprint's history): for the "different entities" property.
fn local_op() -> impl Strategy<Value = Op> {
    let pick = 0usize..12;
    prop_oneof![
        (pick.clone(), word()).prop_map(|(pick, title)| Op::Title { pick, title }),
        (pick.clone(), prop::option::of(prop::sample::select(vec![1u32, 2, 3, 5, 8])))
            .prop_map(|(pick, estimate)| Op::Estimate { pick, estimate }),
        (pick.clone(), prop::sample::select(Status::ALL.to_vec()))
            .prop_map(|(pick, status)| Op::Status { pick, status }),
        (pick.clone(), labels(), labels()).prop_map(|(pick, add, remove)| Op::Labels { pick, add, remove }),
        (pick.clone(), prop::option::of(pick.clone())).prop_map(|(pick, to)| Op::Initiative { pick, to }),
        (pick.clone(), word()).prop_map(|(pick, text)| Op::Comment { pick, text }),
        (pick, who()).prop_map(|(pick, who)| Op::Assign { pick, who }),
    ]
}

fn nth<T: Copy>(v: &[T], pick: usize) -> Option<T> {
    (!v.is_empty()).then(|| v[pick % v.len()])
}

fn items(ws: &Workspace) -> Vec<Uuid> {
    ws.ranked_item_positions().into_iter().map(|p| ws.items[p].meta.id).collect()
}
fn epics(ws: &Workspace) -> Vec<Uuid> {
    ws.ranked_item_positions()
        .into_iter()
        .filter(|&p| ws.items[p].kind == ItemKind::Epic)
        .map(|p| ws.items[p].meta.id)
        .collect()
}
fn initiatives(ws: &Workspace) -> Vec<Uuid> {
    let mut v: Vec<Uuid> = ws.live_initiatives().map(|i| i.meta.id).collect();
    v.sort();
    v
}
fn goals(ws: &Workspace) -> Vec<Uuid> {
    let mut v: Vec<Uuid> = ws.live_goals().map(|g| g.meta.id).collect();
    v.sort();
    v
}
fn planned(ws: &Workspace) -> Option<Uuid> {
    ws.live_sprints().filter(|s| s.state == backlog::domain::sprint::SprintState::Planned).map(|s| s.meta.id).min()
}

fn command(ws: &Workspace, op: &Op, n: usize) -> Option<Command> {
    let item = |p: usize| nth(&items(ws), p);
    Some(match op.clone() {
        Op::Add { title, estimate, epic, at, near } => Command::AddItem(Box::new(NewItem {
            title,
            estimate,
            parent: epic.and_then(|e| nth(&epics(ws), e)),
            position: match at {
                0 => Position::Bottom,
                1 => Position::Top,
                _ => Position::Before(item(near)?),
            },
            ..Default::default()
        })),
        Op::AddEpic { title } => {
            Command::AddItem(Box::new(NewItem { title, kind: Some(ItemKind::Epic), ..Default::default() }))
        }
        Op::Title { pick, title: t } => title(item(pick)?, &t),
        Op::Estimate { pick, estimate } => {
            edit_item(item(pick)?, ItemPatch { estimate: Some(estimate), ..Default::default() })
        }
        Op::Status { pick, status } => edit_item(item(pick)?, ItemPatch { status: Some(status), ..Default::default() }),
        Op::Labels { pick, add, remove } => {
            let id = item(pick)?;
            let mut labels: BTreeSet<String> = ws.item(id)?.labels.iter().cloned().collect();
            labels.extend(add);
            for r in remove {
                labels.remove(&r);
            }
            edit_item(id, ItemPatch { labels: Some(labels.into_iter().collect()), ..Default::default() })
        }
        Op::Rank { pick, to, other } => {
            let (id, other) = (item(pick)?, item(other)?);
            let to = match to {
                0 => Position::Top,
                1 => Position::Bottom,
                2 => Position::Before(other),
                _ => Position::After(other),
            };
            Command::RankItem { id, to }
        }
        Op::Delete { pick } => Command::DeleteItem { id: item(pick)? },
        Op::Link { pick, other, on } => Command::LinkItems { blocker: item(pick)?, blocked: item(other)?, linked: on },
        Op::Comment { pick, text } => Command::AddComment { id: item(pick)?, text },
        Op::Assign { pick, who } => edit_item(item(pick)?, ItemPatch { assignee: Some(who), ..Default::default() }),
        Op::Parent { pick, epic } => {
            let parent = match epic {
                Some(e) => Some(nth(&epics(ws), e)?),
                None => None,
            };
            edit_item(item(pick)?, ItemPatch { parent: Some(parent), ..Default::default() })
        }
        Op::Initiative { pick, to } => {
            let to = match to {
                Some(i) => Some(nth(&initiatives(ws), i)?),
                None => None,
            };
            edit_item(item(pick)?, ItemPatch { initiative: Some(to), ..Default::default() })
        }
        Op::Sprint { pick, to } => {
            let sprint = match to {
                0 => None,
                1 => Some(ws.active_sprint()?.meta.id),
                _ => Some(planned(ws)?),
            };
            edit_item(item(pick)?, ItemPatch { sprint: Some(sprint), ..Default::default() })
        }
        Op::CloseSprint => Command::CloseSprint {
            id: ws.active_sprint()?.meta.id,
            goal_met: Some(true),
            carry_over: backlog::domain::command::CarryOver::Backlog,
            notes: String::new(),
        },
        Op::StartSprint => Command::StartSprint { id: planned(ws)?, move_dates: false },
        Op::AddSprint => Command::AddSprint(NewSprint {
            name: Some(format!("Sprint {}", 100 + n)),
            start: Some(date(2025, 7, 1)),
            end: Some(date(2025, 7, 14)),
            capacity: Some(20),
            ..Default::default()
        }),
        Op::AddInitiative { title, horizon } => {
            Command::AddInitiative(Box::new(NewInitiative { title, horizon: Some(horizon), ..Default::default() }))
        }
        Op::MoveInitiative { pick, horizon, top } => Command::MoveInitiative {
            id: nth(&initiatives(ws), pick)?,
            horizon,
            to: if top { Position::Top } else { Position::Bottom },
        },
        Op::DeleteInitiative { pick } => Command::DeleteInitiative { id: nth(&initiatives(ws), pick)? },
        Op::InitiativeGoals { pick, goals: g } => {
            let all = goals(ws);
            let chosen: Vec<Uuid> = g.iter().filter_map(|p| nth(&all, *p)).collect();
            Command::EditInitiative {
                id: nth(&initiatives(ws), pick)?,
                patch: Box::new(InitiativePatch { goals: Some(chosen), ..Default::default() }),
            }
        }
        Op::DeleteGoal { pick } => Command::DeleteGoal { id: nth(&goals(ws), pick)? },
        Op::Kind { pick, kind } => edit_item(item(pick)?, ItemPatch { kind: Some(kind), ..Default::default() }),
    })
}

/// Runs `ops` as one branch would, from `start` seconds on. Returns the
/// commands that succeeded (with the step each ran at) and every entity
/// they touched.
fn branch(ws: &mut Workspace, ops: &[Op], start: i64) -> (Vec<(i64, Command)>, HashSet<EntityRef>) {
    let mut c = ctx(Role::Po, start);
    // Past the Definition of Ready/Done (warned, not asked), as the CLI is.
    c.confirmed = true;
    let (mut done, mut touched) = (Vec::new(), HashSet::new());
    assert_links_kept(ws);
    for (i, op) in ops.iter().enumerate() {
        let t = start + i as i64;
        c.set_now(at(t));
        let Some(cmd) = command(ws, op, i) else { continue };
        // A command that changed nothing touched nothing: leave it out.
        let applied = apply(ws, cmd.clone(), &mut c);
        // Whether it worked or rolled back, the workspace's kept sprint
        // members and blockers are what a scan finds.
        assert_links_kept(ws);
        if let Ok(change) = applied
            && !change.after.is_empty()
        {
            touched.extend(change.touched());
            done.push((t, cmd));
        }
    }
    (done, touched)
}

/// The sprint members and blockers the workspace keeps (built on first
/// use, then kept change by change) against a scan.
fn assert_links_kept(ws: &Workspace) {
    for s in &ws.sprints {
        let mut kept = ws.sprint_members(s.meta.id);
        kept.sort_unstable();
        let scan: Vec<usize> =
            (0..ws.items.len()).filter(|&p| ws.items[p].is_live() && ws.items[p].sprint == Some(s.meta.id)).collect();
        assert_eq!(kept, scan, "members of {}", s.name);
    }
    for item in &ws.items {
        let mut kept = ws.blocker_positions(item.meta.id);
        kept.sort_unstable();
        let scan: Vec<usize> = (0..ws.items.len())
            .filter(|&p| ws.items[p].is_live() && ws.items[p].blocks.contains(&item.meta.id))
            .collect();
        assert_eq!(kept, scan, "blockers of {}", item.key);
    }
    let scan: HashSet<Uuid> = ws
        .live_items()
        .filter(|b| !b.status.is_closed())
        .flat_map(|b| b.blocks.iter().copied())
        .filter(|&id| ws.item(id).is_some_and(|i| i.is_live()))
        .collect();
    assert_eq!(backlog::domain::ready::blocked_set(ws), scan, "the items blocked by open work");
}

/// The shared start: the fixture, plus an epic with a child, a second
/// goal, an initiative in Next and a planned sprint.
fn start() -> Workspace {
    let mut ws = base_ws();
    let mut c = ctx(Role::Po, 50);
    let epic = apply(
        &mut ws,
        Command::AddItem(Box::new(NewItem {
            title: "Onboarding".into(),
            kind: Some(ItemKind::Epic),
            ..Default::default()
        })),
        &mut c,
    )
    .unwrap();
    let epic = epic.created.and_then(|r| r.id()).unwrap();
    let child = item_id(&ws, "BL-3");
    apply(&mut ws, edit_item(child, ItemPatch { parent: Some(Some(epic)), ..Default::default() }), &mut c).unwrap();
    apply(
        &mut ws,
        Command::AddGoal(backlog::domain::command::NewGoal { title: "Cut churn".into(), ..Default::default() }),
        &mut c,
    )
    .unwrap();
    let goal = ws.goals.iter().map(|g| g.meta.id).max().unwrap();
    apply(
        &mut ws,
        Command::AddInitiative(Box::new(NewInitiative {
            title: "Self-serve billing".into(),
            horizon: Some(Horizon::Next),
            goals: vec![goal],
            ..Default::default()
        })),
        &mut c,
    )
    .unwrap();
    apply(
        &mut ws,
        Command::AddSprint(NewSprint {
            name: Some("S2".into()),
            start: Some(date(2025, 6, 30)),
            end: Some(date(2025, 7, 13)),
            ..Default::default()
        }),
        &mut c,
    )
    .unwrap();
    ws
}

/// `ws` with every conflict record written kept value first and its sides
/// unnamed, as if the side that kept it were ours.
fn kept_first(ws: &Workspace) -> Workspace {
    let mut ws = ws.clone();
    for c in &mut ws.conflicts {
        if let Some(s) = c.sides.as_mut() {
            if s.kept == Take::Theirs {
                std::mem::swap(&mut c.ours, &mut c.theirs);
                s.kept = Take::Ours;
            }
            (s.ours, s.theirs) = ("kept".into(), "other".into());
        }
    }
    ws
}

fn opts() -> Opts {
    Opts {
        now: at(90_000),
        role: Role::Po,
        by: "merger".into(),
        prefer: Prefer::Neither,
        names: backlog::store::merge::Names::git(None, None),
    }
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn two_branches_merge_the_same_both_ways_and_lose_nothing(
        a_ops in prop::collection::vec(op(), 0..14),
        b_ops in prop::collection::vec(op(), 0..14),
    ) {
        let base = start();
        prop_assert!(align::check(&base, at(0)).broken.is_empty());
        let (mut a, mut b) = (base.clone(), base.clone());
        branch(&mut a, &a_ops, 10_000);
        branch(&mut b, &b_ops, 20_000);

        let (ab, report) = merge_files(&base, &a, b.clone(), opts());
        let (ba, _) = merge_files(&base, &b, a.clone(), opts());
        let bytes = codec::encode(&ab);
        // A conflict record names the sides as git does (this branch, the
        // merged one), so swapping them swaps its two values: apart from
        // that, the same file.
        let (same_a, same_b) = (codec::encode(&kept_first(&ab)), codec::encode(&kept_first(&ba)));
        prop_assert_eq!(String::from_utf8_lossy(&same_a), String::from_utf8_lossy(&same_b), "the same file whichever side is ours");
        let decoded = codec::decode(std::path::Path::new("merged.json"), &bytes).expect("the merge parses");
        prop_assert_eq!(&decoded.ws, &ab);

        // Nothing either branch created is lost.
        for side in [&a, &b] {
            for i in &side.items {
                prop_assert!(ab.item(i.meta.id).is_some(), "{} lost", i.key);
            }
            for g in &side.goals {
                prop_assert!(ab.goal(g.meta.id).is_some(), "{} lost", g.key);
            }
            for i in &side.roadmap {
                prop_assert!(ab.initiative(i.meta.id).is_some(), "{} lost", i.key);
            }
            for s in &side.sprints {
                prop_assert!(ab.sprint(s.meta.id).is_some(), "{} lost", s.name);
            }
        }
        // Keys stay unique, tombstones included, and below their counters.
        let mut keys = HashSet::new();
        for i in &ab.items {
            prop_assert!(keys.insert(i.key.to_ascii_uppercase()), "{} twice", i.key);
            prop_assert!(i.key_number().unwrap() < ab.workspace.next_key);
        }
        prop_assert!(ab.workspace.next_key >= a.workspace.next_key.max(b.workspace.next_key));
        for (old, new) in &report.renumbered {
            prop_assert_ne!(old, new);
        }
        // Ranks stay a strict order.
        let mut ranks = HashSet::new();
        for i in ab.live_items() {
            prop_assert!(ranks.insert(i.rank.clone()), "rank {} twice", i.rank);
        }
        for h in Horizon::ALL {
            let mut ranks = HashSet::new();
            for i in ab.ranked_initiatives(*h) {
                prop_assert!(ranks.insert(i.rank.clone()), "initiative rank {} twice in {h}", i.rank);
            }
        }
        // Every link resolves.
        let check = align::check(&ab, at(90_000));
        prop_assert!(check.broken.is_empty(), "{:#?}", check.broken);
        // Sprint history keeps what either side logged.
        for side in [&a, &b] {
            for s in &side.sprints {
                let kept = &ab.sprint(s.meta.id).unwrap().history;
                for e in &s.history {
                    prop_assert!(kept.contains(e));
                }
            }
        }
        // Every conflict names its field and holds both values.
        for c in &ab.conflicts {
            prop_assert_ne!(&c.ours, &c.theirs, "{:?}", c);
        }
    }

    #[test]
    fn branches_that_touch_different_entities_give_both_sequences(
        a_ops in prop::collection::vec(local_op(), 1..5),
        b_ops in prop::collection::vec(local_op(), 1..5),
    ) {
        let base = start();
        let (mut a, mut b) = (base.clone(), base.clone());
        let (_, a_touched) = branch(&mut a, &a_ops, 10_000);
        let (b_cmds, b_touched) = branch(&mut b, &b_ops, 20_000);
        prop_assume!(a_touched.is_disjoint(&b_touched));

        // B's commands, replayed after A's with B's clock.
        let mut both = a.clone();
        let mut c = ctx(Role::Po, 20_000);
        c.confirmed = true;
        for (t, cmd) in b_cmds {
            c.set_now(at(t));
            apply(&mut both, cmd, &mut c).expect("B's command applies after A's");
        }
        let (merged, report) = merge_files(&base, &a, b.clone(), opts());
        prop_assert!(report.conflicts.is_empty() && report.renumbered.is_empty());
        let (merged, both) = (codec::encode(&merged), codec::encode(&both));
        prop_assert_eq!(String::from_utf8_lossy(&merged), String::from_utf8_lossy(&both));
    }

    #[test]
    fn a_field_both_sides_changed_is_exactly_one_conflict(
        pick in 0usize..5,
        ours_title in word(),
        theirs_title in word(),
        ours_points in prop::sample::select(vec![1u32, 2, 3, 5, 8]),
    ) {
        let base = start();
        let id = items(&base)[pick];
        let (mut a, mut b) = (base.clone(), base.clone());
        apply(&mut a, title(id, &ours_title), &mut ctx(Role::Po, 10_000)).unwrap();
        apply(&mut a, estimate(id, ours_points), &mut ctx(Role::Po, 10_001)).unwrap();
        apply(&mut b, title(id, &theirs_title), &mut ctx(Role::Pm, 20_000)).unwrap();
        let (m, report) = merge_files(&base, &a, b.clone(), opts());
        let item = m.item(id).unwrap();
        prop_assert_eq!(item.estimate, Some(ours_points), "a field one side changed is that side's");
        if ours_title == theirs_title {
            prop_assert!(m.conflicts.is_empty());
            prop_assert_eq!(&item.title, &ours_title);
        } else {
            prop_assert_eq!(report.conflicts.len(), 1);
            let c = &m.conflicts[0];
            prop_assert_eq!(c.field.as_str(), "title");
            prop_assert_eq!(&c.base, &serde_json::Value::from(base.item(id).unwrap().title.clone()));
            // The later edit (B's, at 20 000 s) stays; the record holds both.
            prop_assert_eq!(&item.title, &theirs_title);
            // Ours is this branch's value, theirs the merged branch's; the
            // record says which one the file holds.
            prop_assert_eq!((&c.ours, &c.theirs), (&serde_json::Value::from(ours_title), &serde_json::Value::from(theirs_title)));
            prop_assert_eq!(c.kept(), Take::Theirs);
            prop_assert_eq!((c.side_name(Take::Ours), c.side_name(Take::Theirs)), ("this branch", "the merged branch"));
            prop_assert_eq!(c.ours_by, Role::Pm);
        }
    }

    #[test]
    fn merged_labels_are_the_base_less_removals_plus_additions(
        pick in 0usize..5,
        base_labels in labels(),
        a_add in labels(), a_remove in labels(),
        b_add in labels(), b_remove in labels(),
    ) {
        let mut base = start();
        let id = items(&base)[pick];
        apply(&mut base, edit_item(id, ItemPatch { labels: Some(base_labels.clone()), ..Default::default() }), &mut ctx(Role::Po, 90)).unwrap();
        let (mut a, mut b) = (base.clone(), base.clone());
        branch(&mut a, &[Op::Labels { pick, add: a_add.clone(), remove: a_remove.clone() }], 10_000);
        branch(&mut b, &[Op::Labels { pick, add: b_add.clone(), remove: b_remove.clone() }], 20_000);
        let set = |v: &[String]| v.iter().cloned().collect::<BTreeSet<String>>();
        let (sa, sb, s0) = (set(&a.item(id).unwrap().labels), set(&b.item(id).unwrap().labels), set(&base_labels));
        let removed: BTreeSet<String> = s0.iter().filter(|l| !sa.contains(*l) || !sb.contains(*l)).cloned().collect();
        let added: BTreeSet<String> = sa.union(&sb).filter(|l| !s0.contains(*l)).cloned().collect();
        let expect: Vec<String> = s0.difference(&removed).cloned().collect::<BTreeSet<_>>().union(&added).cloned().collect();
        let (m, _) = merge_files(&base, &a, b, opts());
        prop_assert_eq!(&m.item(id).unwrap().labels, &expect);
        prop_assert!(m.conflicts.is_empty());
    }

    #[test]
    fn comments_and_blocks_links_from_both_sides_are_all_kept(
        pick in 0usize..5,
        a_other in 0usize..5,
        b_other in 0usize..5,
        a_text in word(),
        b_text in word(),
    ) {
        let base = start();
        let id = items(&base)[pick];
        let (mut a, mut b) = (base.clone(), base.clone());
        branch(&mut a, &[Op::Comment { pick, text: a_text.clone() }, Op::Link { pick, other: a_other, on: true }], 10_000);
        branch(&mut b, &[Op::Comment { pick, text: b_text.clone() }, Op::Link { pick, other: b_other, on: true }], 20_000);
        let mut links: Vec<Uuid> = a.item(id).unwrap().blocks.iter().chain(&b.item(id).unwrap().blocks).copied().collect();
        links.sort();
        links.dedup();
        for (x, y) in [(&a, &b), (&b, &a)] {
            let (m, report) = merge_files(&base, x, y.clone(), opts());
            prop_assert!(report.conflicts.is_empty());
            let item = m.item(id).unwrap();
            let texts: Vec<&str> = item.comments.iter().map(|c| c.text.as_str()).collect();
            prop_assert_eq!(texts, vec![a_text.as_str(), b_text.as_str()], "both, oldest first");
            prop_assert_eq!(&item.blocks, &links);
        }
    }
}
