use super::*;
use crate::domain::command::{ItemPatch, NewGoal, NewInitiative, NewItem, NewSprint};
use crate::domain::{Change, Command, Ctx, GuardMode, IdGen, Meta, Role, apply};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("test timestamp")
}

/// A workspace built through `apply`, plus direct access for corrupting
/// it the way a bad merge or a hand edit would.
struct Fx {
    ws: Workspace,
    ctx: Ctx,
}

impl Fx {
    fn new() -> Fx {
        let now = t("2026-03-02T09:00:00Z");
        let mut ws = Workspace::new("Test", "BL", Meta::new(Uuid::nil(), Role::Pm, now, Role::Pm));
        ws.settings.role_guard = GuardMode::Off;
        let mut ctx = Ctx::new(now, Role::Po);
        ctx.ids = IdGen::sequential();
        Fx { ws, ctx }
    }
    fn run(&mut self, cmd: Command) -> Change {
        apply(&mut self.ws, cmd, &mut self.ctx).expect("command applies")
    }
    fn created(&mut self, cmd: Command) -> Uuid {
        self.run(cmd).created.and_then(|r| r.id()).expect("created an entity")
    }
    fn goal(&mut self, title: &str) -> Uuid {
        self.created(Command::AddGoal(NewGoal { title: title.into(), ..Default::default() }))
    }
    fn initiative(&mut self, title: &str, horizon: Horizon, goals: &[Uuid]) -> Uuid {
        self.created(Command::AddInitiative(Box::new(NewInitiative {
            title: title.into(),
            horizon: Some(horizon),
            goals: goals.to_vec(),
            ..Default::default()
        })))
    }
    fn add(&mut self, new: NewItem) -> Uuid {
        self.created(Command::AddItem(Box::new(new)))
    }
    fn item(&mut self, title: &str, kind: ItemKind, status: Status) -> Uuid {
        self.add(NewItem { title: title.into(), kind: Some(kind), status: Some(status), ..Default::default() })
    }
    fn story(&mut self, title: &str, status: Status, initiative: Option<Uuid>) -> Uuid {
        self.add(NewItem { title: title.into(), status: Some(status), initiative, ..Default::default() })
    }
    fn edit(&mut self, id: Uuid, patch: ItemPatch) {
        self.run(Command::EditItem { id, patch: Box::new(patch) });
    }
    fn sprint(&mut self, name: &str) -> Uuid {
        self.created(Command::AddSprint(NewSprint { name: Some(name.into()), ..Default::default() }))
    }
    fn raw(&mut self, id: Uuid) -> &mut Item {
        let pos = self.ws.item_pos(id).expect("item exists");
        &mut self.ws.items[pos]
    }
    fn key(&self, id: Uuid) -> String {
        self.ws.item(id).expect("item exists").key.clone()
    }
    fn check(&self) -> Report {
        check(&self.ws, self.ctx.now)
    }
}

fn ids(entries: &[Entry]) -> Vec<Uuid> {
    entries.iter().map(|e| e.id).collect()
}

fn problems(r: &Report) -> Vec<(String, Problem)> {
    r.broken.iter().map(|b| (b.key.clone(), b.problem)).collect()
}

#[test]
fn an_aligned_workspace_is_clean() {
    let mut fx = Fx::new();
    let g = fx.goal("Grow revenue");
    let r = fx.initiative("Checkout", Horizon::Now, &[g]);
    fx.story("Pay by card", Status::Ready, Some(r));
    let report = fx.check();
    assert!(report.is_clean(), "{report:#?}");
    assert!(!report.has_broken_links());
    assert_eq!(report.sprint_trace, None);
}

#[test]
fn goals_without_a_serving_initiative_are_listed() {
    let mut fx = Fx::new();
    let unserved = fx.goal("Unserved");
    let achieved = fx.goal("Achieved");
    let only_dropped = fx.goal("Served only by a dropped initiative");
    let by_done = fx.goal("Served by a done initiative");
    let served = fx.goal("Served");
    let gone = fx.goal("Deleted");
    fx.run(Command::EditGoal {
        id: achieved,
        patch: crate::domain::command::GoalPatch { status: Some(GoalStatus::Achieved), ..Default::default() },
    });
    fx.run(Command::DeleteGoal { id: gone });
    let dropped = fx.initiative("Dropped", Horizon::Later, &[only_dropped]);
    let done = fx.initiative("Done", Horizon::Later, &[by_done]);
    fx.initiative("Live", Horizon::Later, &[served]);
    for (id, status) in [(dropped, InitiativeStatus::Dropped), (done, InitiativeStatus::Done)] {
        fx.run(Command::EditInitiative {
            id,
            patch: Box::new(crate::domain::command::InitiativePatch { status: Some(status), ..Default::default() }),
        });
    }
    let report = fx.check();
    assert_eq!(ids(&report.goals_without_initiative), vec![unserved, only_dropped]);
    assert_eq!(report.goals_without_initiative[0].key, "G1");
    assert!(!report.has_broken_links());
    assert!(!report.is_clean());
}

#[test]
fn now_initiatives_without_ready_work_are_listed_in_rank_order() {
    let mut fx = Fx::new();
    let only_refined = fx.initiative("Only refined", Horizon::Now, &[]);
    let ready_bug = fx.initiative("Ready bug", Horizon::Now, &[]);
    let via_epic = fx.initiative("Ready via epic", Horizon::Now, &[]);
    let empty = fx.initiative("Nothing at all", Horizon::Now, &[]);
    let ready_epic_only = fx.initiative("Only a ready epic", Horizon::Now, &[]);
    let next = fx.initiative("Next, empty", Horizon::Next, &[]);
    let done = fx.initiative("Done", Horizon::Now, &[]);
    let in_progress_only = fx.initiative("Only in progress", Horizon::Now, &[]);
    fx.run(Command::EditInitiative {
        id: done,
        patch: Box::new(crate::domain::command::InitiativePatch {
            status: Some(InitiativeStatus::Done),
            ..Default::default()
        }),
    });
    fx.story("Refined", Status::Refined, Some(only_refined));
    let bug = fx.item("Ready bug", ItemKind::Bug, Status::Ready);
    fx.edit(bug, ItemPatch { initiative: Some(Some(ready_bug)), ..Default::default() });
    let epic = fx.item("Epic", ItemKind::Epic, Status::New);
    fx.edit(epic, ItemPatch { initiative: Some(Some(via_epic)), ..Default::default() });
    fx.add(NewItem { title: "Child".into(), status: Some(Status::Ready), parent: Some(epic), ..Default::default() });
    let ready_epic = fx.item("Ready epic", ItemKind::Epic, Status::Ready);
    fx.edit(ready_epic, ItemPatch { initiative: Some(Some(ready_epic_only)), ..Default::default() });
    fx.story("Started", Status::InProgress, Some(in_progress_only));
    let _ = next;
    let report = fx.check();
    assert_eq!(ids(&report.now_without_ready), vec![only_refined, empty, ready_epic_only, in_progress_only]);
    // Rank order, not creation order.
    fx.run(Command::MoveInitiative { id: in_progress_only, horizon: Horizon::Now, to: crate::domain::Position::Top });
    assert_eq!(ids(&fx.check().now_without_ready), vec![in_progress_only, only_refined, empty, ready_epic_only]);
}

#[test]
fn open_stories_without_an_initiative_are_listed() {
    let mut fx = Fx::new();
    let r = fx.initiative("R", Horizon::Next, &[]);
    let lone = fx.story("Lone story", Status::New, None);
    fx.story("Linked story", Status::New, Some(r));
    fx.story("Done story", Status::Done, None);
    fx.story("Dropped story", Status::Dropped, None);
    fx.item("Bug", ItemKind::Bug, Status::New);
    fx.item("Task", ItemKind::Task, Status::New);
    let linked_epic = fx.item("Linked epic", ItemKind::Epic, Status::New);
    fx.edit(linked_epic, ItemPatch { initiative: Some(Some(r)), ..Default::default() });
    let bare_epic = fx.item("Bare epic", ItemKind::Epic, Status::New);
    fx.add(NewItem { title: "Child of a linked epic".into(), parent: Some(linked_epic), ..Default::default() });
    let orphan =
        fx.add(NewItem { title: "Child of a bare epic".into(), parent: Some(bare_epic), ..Default::default() });
    let report = fx.check();
    assert_eq!(ids(&report.unlinked_stories), vec![lone, orphan]);
    // Backlog order, not creation order.
    fx.run(Command::RankItem { id: orphan, to: crate::domain::Position::Top });
    assert_eq!(ids(&fx.check().unlinked_stories), vec![orphan, lone]);
}

#[test]
fn sprint_trace_counts_points_that_reach_a_live_goal() {
    let mut fx = Fx::new();
    let g = fx.goal("Goal");
    let gone = fx.goal("Goal to delete");
    let to_goal = fx.initiative("Serves a goal", Horizon::Now, &[g]);
    let no_goal = fx.initiative("Serves nothing", Horizon::Now, &[]);
    let dead_goal = fx.initiative("Serves a deleted goal", Horizon::Now, &[gone]);
    let s = fx.sprint("S1");
    let epic = fx.item("Epic", ItemKind::Epic, Status::New);
    fx.edit(epic, ItemPatch { initiative: Some(Some(to_goal)), ..Default::default() });
    let add = |fx: &mut Fx, title: &str, est: Option<u32>, init, parent, status| {
        fx.add(NewItem {
            title: title.into(),
            estimate: est,
            initiative: init,
            parent,
            status: Some(status),
            sprint: Some(s),
            ..Default::default()
        })
    };
    add(&mut fx, "Direct", Some(5), Some(to_goal), None, Status::Ready);
    let b = add(&mut fx, "No goal", Some(3), Some(no_goal), None, Status::Ready);
    add(&mut fx, "Via epic", Some(2), None, Some(epic), Status::Done);
    add(&mut fx, "Dropped", Some(8), Some(to_goal), None, Status::Dropped);
    let e = add(&mut fx, "Unestimated", None, None, None, Status::Ready);
    let d = add(&mut fx, "Deleted goal", Some(1), Some(dead_goal), None, Status::Ready);
    // Outside the sprint: not counted.
    fx.story("Elsewhere", Status::Ready, Some(to_goal));
    fx.run(Command::StartSprint { id: s, move_dates: false });
    // The goal disappears behind the initiative's back (a merge), so
    // the link is broken and the item no longer traces.
    let pos = fx.ws.goals.iter().position(|x| x.meta.id == gone).unwrap();
    fx.ws.goals[pos].meta.deleted_at = Some(fx.ctx.now);

    let report = fx.check();
    let trace = report.sprint_trace.clone().expect("a sprint is active");
    assert_eq!(trace.sprint, s);
    assert_eq!(trace.name, "S1");
    assert_eq!((trace.traced_points, trace.total_points), (7, 11));
    assert_eq!(trace.share(), Some(7.0 / 11.0));
    assert_eq!(ids(&trace.untraced), vec![b, e, d]);
    assert_eq!(problems(&report), vec![("R3".to_owned(), Problem::GoalDeleted)]);
}

#[test]
fn a_sprint_without_points_has_no_share() {
    let mut fx = Fx::new();
    let s = fx.sprint("S1");
    fx.add(NewItem { title: "x".into(), sprint: Some(s), ..Default::default() });
    fx.run(Command::StartSprint { id: s, move_dates: false });
    let trace = fx.check().sprint_trace.expect("active");
    assert_eq!((trace.traced_points, trace.total_points), (0, 0));
    assert_eq!(trace.share(), None);
}

#[test]
fn untouched_work_in_progress_is_stale() {
    let mut fx = Fx::new();
    let start = fx.ctx.now;
    let old = fx.item("Old", ItemKind::Story, Status::InProgress);
    let review = fx.item("In review", ItemKind::Bug, Status::Review);
    let ready = fx.item("Ready, old", ItemKind::Story, Status::Ready);
    let epic = fx.item("Epic in progress", ItemKind::Epic, Status::InProgress);
    let boundary = fx.item("Exactly at the limit", ItemKind::Story, Status::InProgress);
    fx.ctx.now = start + Duration::days(10);
    let fresh = fx.item("Fresh", ItemKind::Story, Status::InProgress);
    fx.ctx.now = start + Duration::days(20);
    fx.raw(boundary).meta.updated_at = fx.ctx.now - Duration::days(14);
    let _ = (ready, epic, fresh);

    let report = fx.check();
    assert_eq!(report.stale.iter().map(|s| s.item.id).collect::<Vec<_>>(), vec![old, review]);
    assert_eq!(report.stale[0].idle_days, 20);
    assert_eq!(report.stale[0].status, Status::InProgress);
    assert_eq!(report.stale[1].status, Status::Review);
    assert!(!report.is_clean());

    // Touching it makes it fresh again.
    fx.edit(old, ItemPatch { title: Some("Old, touched".into()), ..Default::default() });
    assert_eq!(fx.check().stale.iter().map(|s| s.item.id).collect::<Vec<_>>(), vec![review]);

    fx.ws.settings.stale_after_days = 0;
    assert!(fx.check().stale.is_empty(), "0 turns the rule off");
    fx.ws.settings.stale_after_days = 30;
    assert!(fx.check().stale.is_empty());
}

#[test]
fn reopened_items_of_a_closed_sprint_are_listed_but_not_broken() {
    let mut fx = Fx::new();
    let s = fx.sprint("S1");
    let a = fx.add(NewItem {
        title: "Done in S1".into(),
        status: Some(Status::Done),
        sprint: Some(s),
        ..Default::default()
    });
    let b = fx.add(NewItem {
        title: "Also done".into(),
        status: Some(Status::Done),
        sprint: Some(s),
        ..Default::default()
    });
    fx.run(Command::StartSprint { id: s, move_dates: false });
    fx.run(Command::CloseSprint {
        id: s,
        goal_met: None,
        carry_over: crate::domain::command::CarryOver::Backlog,
        notes: String::new(),
    });
    assert!(fx.check().open_in_closed_sprint.is_empty());
    fx.edit(a, ItemPatch { status: Some(Status::InProgress), ..Default::default() });
    let report = fx.check();
    assert_eq!(ids(&report.open_in_closed_sprint), vec![a]);
    assert!(!report.has_broken_links());
    assert_eq!(fx.ws.item(b).unwrap().sprint, Some(s));
}

#[test]
fn dangling_and_wrong_parents_are_broken() {
    let mut fx = Fx::new();
    let epic = fx.item("Epic", ItemKind::Epic, Status::New);
    let other_epic = fx.item("Other epic", ItemKind::Epic, Status::New);
    let story = fx.story("Plain story", Status::New, None);
    let to_deleted = fx.story("Child of a deleted epic", Status::New, None);
    let to_missing = fx.story("Child of nothing", Status::New, None);
    let to_story = fx.story("Child of a story", Status::New, None);
    let fine = fx.story("Fine child", Status::New, None);
    fx.edit(fine, ItemPatch { parent: Some(Some(other_epic)), ..Default::default() });
    fx.run(Command::DeleteItem { id: epic });
    let missing = Uuid::from_u128(42);
    fx.raw(to_deleted).parent = Some(epic);
    fx.raw(to_missing).parent = Some(missing);
    fx.raw(to_story).parent = Some(story);
    fx.raw(other_epic).parent = Some(story);

    let report = fx.check();
    assert!(report.has_broken_links());
    assert_eq!(
        problems(&report),
        vec![
            ("BL-2".to_owned(), Problem::EpicHasParent),
            ("BL-4".to_owned(), Problem::ParentDeleted),
            ("BL-5".to_owned(), Problem::ParentMissing),
            ("BL-6".to_owned(), Problem::ParentNotEpic),
        ]
    );
    let msg = |k: &str| report.broken.iter().find(|b| b.key == k).unwrap().message.clone();
    assert_eq!(msg("BL-4"), "BL-4: parent BL-1 is deleted; clear it with `backlog edit BL-4 --parent none`");
    assert!(msg("BL-5").contains(&missing.to_string()), "{}", msg("BL-5"));
    assert!(msg("BL-6").contains("BL-3 is a story, not an epic"), "{}", msg("BL-6"));
    assert_eq!(report.broken[1].target, Some(epic));
    assert_eq!(report.broken[1].id, to_deleted);
    assert_eq!(report.broken[1].entity, "item");
    // A deleted item's own bad links are nobody's problem.
    fx.run(Command::DeleteItem { id: to_story });
    assert!(!problems(&fx.check()).contains(&("BL-6".to_owned(), Problem::ParentNotEpic)));
    let _ = fx.key(fine);
}

#[test]
fn dangling_initiative_and_sprint_links_are_broken() {
    let mut fx = Fx::new();
    let r = fx.initiative("R", Horizon::Next, &[]);
    let s = fx.sprint("Gone sprint");
    let a = fx.story("Deleted initiative", Status::New, None);
    let b = fx.story("Missing initiative", Status::New, None);
    let c = fx.story("Deleted sprint", Status::New, None);
    let d = fx.story("Missing sprint", Status::New, None);
    fx.run(Command::DeleteInitiative { id: r });
    fx.run(Command::DeleteSprint { id: s });
    fx.raw(a).initiative = Some(r);
    fx.raw(b).initiative = Some(Uuid::from_u128(7));
    fx.raw(c).sprint = Some(s);
    fx.raw(d).sprint = Some(Uuid::from_u128(8));

    let report = fx.check();
    assert_eq!(
        problems(&report),
        vec![
            ("BL-1".to_owned(), Problem::InitiativeDeleted),
            ("BL-2".to_owned(), Problem::InitiativeMissing),
            ("BL-3".to_owned(), Problem::SprintDeleted),
            ("BL-4".to_owned(), Problem::SprintMissing),
        ]
    );
    assert_eq!(
        report.broken[0].message,
        "BL-1: initiative R1 is deleted; clear it with `backlog edit BL-1 --initiative none`"
    );
    assert_eq!(
        report.broken[2].message,
        "BL-3: sprint \"Gone sprint\" is deleted; clear it with `backlog edit BL-3 --sprint none`"
    );
    // A story pointing at a deleted initiative is broken, not unlinked.
    assert_eq!(ids(&report.unlinked_stories), vec![c, d]);

    // Following the advice repairs it.
    for id in [a, b] {
        fx.edit(id, ItemPatch { initiative: Some(None), ..Default::default() });
    }
    for id in [c, d] {
        fx.edit(id, ItemPatch { sprint: Some(None), ..Default::default() });
    }
    assert!(!fx.check().has_broken_links());
}

#[test]
fn initiatives_pointing_at_missing_or_deleted_goals_are_broken() {
    let mut fx = Fx::new();
    let g = fx.goal("G");
    let r = fx.initiative("R", Horizon::Now, &[g]);
    let pos = fx.ws.goals.iter().position(|x| x.meta.id == g).unwrap();
    fx.ws.goals[pos].meta.deleted_at = Some(fx.ctx.now);
    let ri = fx.ws.roadmap.iter().position(|x| x.meta.id == r).unwrap();
    fx.ws.roadmap[ri].goals.push(Uuid::from_u128(9));
    let report = fx.check();
    assert_eq!(
        problems(&report),
        vec![("R1".to_owned(), Problem::GoalMissing), ("R1".to_owned(), Problem::GoalDeleted)]
    );
    assert_eq!(report.broken[1].entity, "initiative");
    assert_eq!(report.broken[1].target, Some(g));
    assert!(report.broken[1].message.starts_with("R1: goal G1 is deleted;"));
}

#[test]
fn two_active_sprints_are_broken() {
    let mut fx = Fx::new();
    let s1 = fx.sprint("S1");
    let s2 = fx.sprint("S2");
    fx.run(Command::StartSprint { id: s1, move_dates: false });
    let pos = fx.ws.sprints.iter().position(|s| s.meta.id == s2).unwrap();
    fx.ws.sprints[pos].state = SprintState::Active;
    fx.ws.sprints[pos].started_at = Some(fx.ctx.now + Duration::hours(1));
    let report = fx.check();
    assert_eq!(problems(&report), vec![("S2".to_owned(), Problem::SeveralActiveSprints)]);
    assert_eq!(report.broken[0].entity, "sprint");
    assert_eq!(report.broken[0].target, Some(s1));
    assert!(report.broken[0].message.contains("backlog sprint close \"S2\""));
}

#[test]
fn duplicate_keys_among_live_items_are_broken() {
    let mut fx = Fx::new();
    let a = fx.story("First", Status::New, None);
    let b = fx.story("Second", Status::New, None);
    let c = fx.story("Third", Status::New, None);
    let d = fx.story("Deleted", Status::New, None);
    fx.run(Command::DeleteItem { id: d });
    // A merge gave the newer items the same key as the first one.
    fx.raw(c).key = "bl-1".into();
    fx.raw(b).key = "BL-1".into();
    fx.raw(d).key = "BL-1".into();
    fx.ws.reindex();
    let report = fx.check();
    assert_eq!(
        report.broken.iter().map(|x| (x.id, x.problem, x.target)).collect::<Vec<_>>(),
        vec![(b, Problem::DuplicateKey, Some(a)), (c, Problem::DuplicateKey, Some(a)),]
    );
    // next_key is 5: the suggestions are fresh keys from there.
    assert!(report.broken[0].message.contains("to BL-5 "), "{}", report.broken[0].message);
    assert!(report.broken[1].message.contains("to BL-6 "), "{}", report.broken[1].message);
    assert!(report.broken[1].message.contains("next_key to 7"));
}

#[test]
fn a_key_counter_behind_the_keys_in_use_is_broken() {
    let mut fx = Fx::new();
    fx.story("One", Status::New, None);
    let two = fx.story("Two", Status::New, None);
    assert!(!fx.check().has_broken_links());
    fx.run(Command::DeleteItem { id: two });
    // Deleted keys count: handing out BL-2 again would reuse a key.
    fx.ws.workspace.next_key = 2;
    let report = fx.check();
    assert_eq!(problems(&report), vec![("BL-2".to_owned(), Problem::NextKeyBehind)]);
    assert!(report.broken[0].message.starts_with("BL-2 (deleted): workspace.next_key is 2"));
    assert!(report.broken[0].message.contains("set workspace.next_key to 3"));
}

#[test]
fn invalid_rank_keys_are_broken() {
    let mut fx = Fx::new();
    let a = fx.story("A", Status::New, None);
    let r = fx.initiative("R", Horizon::Now, &[]);
    fx.raw(a).rank = "a00".into();
    let ri = fx.ws.roadmap.iter().position(|x| x.meta.id == r).unwrap();
    fx.ws.roadmap[ri].rank = "!".into();
    let report = fx.check();
    assert_eq!(
        problems(&report),
        vec![("BL-1".to_owned(), Problem::InvalidRank), ("R1".to_owned(), Problem::InvalidRank)]
    );
    assert!(report.broken[0].message.contains("backlog rank BL-1 --top"));
    // The advice works.
    fx.run(Command::RankItem { id: a, to: crate::domain::Position::Top });
    assert_eq!(problems(&fx.check()), vec![("R1".to_owned(), Problem::InvalidRank)]);
}

#[test]
fn broken_links_are_sorted_by_entity_then_key_number() {
    let mut fx = Fx::new();
    let mut items = Vec::new();
    for n in 0..11 {
        items.push(fx.story(&format!("S{n}"), Status::New, None));
    }
    for &id in items.iter().rev() {
        fx.raw(id).sprint = Some(Uuid::from_u128(5));
    }
    let report = fx.check();
    let keys: Vec<String> = report.broken.iter().map(|b| b.key.clone()).collect();
    let want: Vec<String> = (1..=11).map(|n| format!("BL-{n}")).collect();
    assert_eq!(keys, want);
}

#[test]
fn the_report_serializes_for_json_output() {
    let mut fx = Fx::new();
    let a = fx.story("A", Status::New, None);
    fx.raw(a).parent = Some(Uuid::from_u128(3));
    let v = serde_json::to_value(fx.check()).unwrap();
    assert_eq!(v["broken"][0]["problem"], "parent_missing");
    assert_eq!(v["broken"][0]["key"], "BL-1");
    assert_eq!(v["unlinked_stories"][0]["key"], "BL-1");
    assert_eq!(v["sprint_trace"], serde_json::Value::Null);
}

/// 100k items: the check must stay linear. In a debug build this takes
/// a fraction of a second; a quadratic rule would take minutes.
#[test]
fn checks_a_hundred_thousand_items_quickly() {
    let mut fx = Fx::new();
    let g = fx.goal("G");
    let r = fx.initiative("R", Horizon::Now, &[g]);
    let s = fx.sprint("S1");
    let epic = fx.item("Epic", ItemKind::Epic, Status::New);
    fx.edit(epic, ItemPatch { initiative: Some(Some(r)), ..Default::default() });
    let template = fx.ws.item(epic).unwrap().clone();
    let ranks = rank::sequence(Some(&template.rank), 100_000).unwrap();
    let base = fx.ws.items.len() as u64 + 1;
    for (n, rank) in ranks.into_iter().enumerate() {
        let n = n as u64;
        let mut item = template.clone();
        item.meta.id = Uuid::from_u128(u128::from(n) + (1 << 100));
        item.key = format!("BL-{}", base + n);
        item.kind = ItemKind::Story;
        item.rank = rank;
        item.estimate = Some(1);
        item.status = if n.is_multiple_of(10) { Status::Ready } else { Status::New };
        item.initiative = None;
        item.parent = n.is_multiple_of(2).then_some(epic);
        item.sprint = n.is_multiple_of(100).then_some(s);
        fx.ws.items.push(item.into());
    }
    fx.ws.workspace.next_key = base + 100_000;
    fx.ws.reindex();
    fx.run(Command::StartSprint { id: s, move_dates: false });

    let started = std::time::Instant::now();
    let report = fx.check();
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(10), "check took {took:?}");
    assert!(!report.has_broken_links(), "{:?}", report.broken.first());
    assert_eq!(report.unlinked_stories.len(), 50_000);
    let trace = report.sprint_trace.expect("active");
    assert_eq!((trace.traced_points, trace.total_points), (1_000, 1_000));
    assert!(report.now_without_ready.is_empty());
}

#[test]
fn block_cycles_and_links_to_deleted_items_are_broken() {
    let mut fx = Fx::new();
    let [a, b, c, d] = ["A", "B", "C", "D"].map(|t| fx.item(t, ItemKind::Story, Status::New));
    for (x, y) in [(a, b), (b, c), (a, d)] {
        fx.run(Command::LinkItems { blocker: x, blocked: y, linked: true });
    }
    assert!(fx.check().broken.is_empty(), "a chain is fine");
    // Two branches each linked their own way round; the merge keeps both.
    fx.raw(c).blocks.push(a);
    // And a link to an item deleted behind the domain's back.
    let gone = fx.item("Gone", ItemKind::Task, Status::New);
    fx.raw(d).blocks.push(gone);
    fx.raw(gone).meta.deleted_at = Some(fx.ctx.now);
    let report = fx.check();
    assert_eq!(
        problems(&report),
        vec![("BL-1".to_owned(), Problem::BlockCycle), ("BL-4".to_owned(), Problem::BlocksDeleted)]
    );
    let msg = &report.broken[0].message;
    assert!(msg.starts_with("BL-1 → BL-2 → BL-3 → BL-1 block each other"), "{msg}");
    assert!(msg.contains("`backlog link BL-3 --blocks BL-1 --remove`"), "{msg}");
    assert!(report.broken[1].message.contains("`backlog link BL-4 --blocks BL-5 --remove`"));
}

#[test]
fn releases_team_names_and_wip_limits_are_checked() {
    use crate::domain::command::{NewMember, NewRelease};
    let mut fx = Fx::new();
    let r = fx.created(Command::AddRelease(NewRelease { name: "2.1".into(), ..Default::default() }));
    let gone = fx.created(Command::AddRelease(NewRelease { name: "2.0".into(), ..Default::default() }));
    let a = fx.add(NewItem { title: "A".into(), release: Some(r), ..Default::default() });
    let b = fx.add(NewItem { title: "B".into(), release: Some(gone), ..Default::default() });
    fx.created(Command::AddMember(NewMember { name: "Ana".into(), capacity: 8 }));
    fx.created(Command::AddMember(NewMember { name: "Bo".into(), capacity: 8 }));
    assert!(check(&fx.ws, fx.ctx.now).broken.is_empty(), "a sound file has nothing broken");

    // What a hand edit or another version could leave behind.
    fx.ws.releases.iter_mut().find(|x| x.meta.id == gone).unwrap().meta.deleted_at = Some(fx.ctx.now);
    fx.raw(a).release = Some(Uuid::from_u128(7));
    fx.ws.releases[0].name = "2.1".into();
    fx.ws.releases[1].meta.deleted_at = None;
    fx.ws.releases[1].name = "2.1".into();
    fx.ws.team[1].name = "ANA".into();
    fx.ws.settings.wip_limits.insert("doing".into(), 2);
    fx.ws.settings.wip_limits.insert("review".into(), 0);
    let report = check(&fx.ws, fx.ctx.now);
    let got = problems(&report);
    assert!(got.contains(&("BL-1".into(), Problem::ReleaseMissing)), "{got:?}");
    assert!(!got.iter().any(|(k, p)| k == "BL-2" && *p == Problem::ReleaseDeleted), "brought back: {got:?}");
    assert!(got.contains(&("2.1".into(), Problem::DuplicateName)), "{got:?}");
    assert!(
        got.contains(&("ANA".into(), Problem::DuplicateName)) || got.contains(&("Ana".into(), Problem::DuplicateName))
    );
    assert!(got.contains(&("doing".into(), Problem::UnknownWipColumn)), "{got:?}");
    assert!(got.contains(&("review".into(), Problem::ZeroWipLimit)), "{got:?}");

    fx.ws.releases[1].name = "2.0".into();
    fx.ws.releases[1].meta.deleted_at = Some(fx.ctx.now);
    let got = problems(&check(&fx.ws, fx.ctx.now));
    assert!(got.contains(&("BL-2".into(), Problem::ReleaseDeleted)), "{got:?}");
    let _ = b;
}
