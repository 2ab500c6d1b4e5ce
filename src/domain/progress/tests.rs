//! An initiative like the issue's: stories of its own and an epic of
//! children, some done. Every count of it agrees: progress, the stories
//! listed, alignment's "no ready stories" and the sprint trace.

use crate::domain::command::{ItemPatch, NewGoal, NewInitiative, NewItem, NewSprint};
use crate::domain::strategy::Horizon;
use crate::domain::{Command, Ctx, GuardMode, IdGen, ItemKind, Meta, Role, Status, Workspace, apply};
use chrono::{DateTime, Utc};
use uuid::Uuid;

struct Fx {
    ws: Workspace,
    ctx: Ctx,
}

impl Fx {
    fn new() -> Fx {
        let now: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().expect("a time");
        let mut ws = Workspace::new("Test", "BL", Meta::new(Uuid::nil(), Role::Pm, now, Role::Pm));
        ws.settings.role_guard = GuardMode::Off;
        ws.settings.definition_guard = GuardMode::Off;
        let mut ctx = Ctx::new(now, Role::Po);
        ctx.ids = IdGen::sequential();
        Fx { ws, ctx }
    }
    fn created(&mut self, cmd: Command) -> Uuid {
        apply(&mut self.ws, cmd, &mut self.ctx).expect("applies").created.and_then(|r| r.id()).expect("created")
    }
    fn item(&mut self, title: &str, new: NewItem) -> Uuid {
        self.created(Command::AddItem(Box::new(NewItem { title: title.into(), ..new })))
    }
    fn edit(&mut self, id: Uuid, patch: ItemPatch) {
        apply(&mut self.ws, Command::EditItem { id, patch: Box::new(patch) }, &mut self.ctx).expect("applies");
    }
}

fn pts(estimate: u32, status: Status) -> NewItem {
    NewItem { estimate: Some(estimate), status: Some(status), ..Default::default() }
}

#[test]
fn an_initiative_counts_the_children_of_its_epics_once_and_not_the_epic() {
    let mut fx = Fx::new();
    let goal = fx.created(Command::AddGoal(NewGoal { title: "Grow".into(), ..Default::default() }));
    let new_init = |title: &str, goals: Vec<Uuid>| {
        Command::AddInitiative(Box::new(NewInitiative {
            title: title.into(),
            horizon: Some(Horizon::Now),
            goals,
            ..Default::default()
        }))
    };
    let r = fx.created(new_init("Swaps", vec![goal]));
    let other = fx.created(new_init("Other", vec![]));
    // Its own three stories: 8 points, none done.
    for (t, p) in [("Own 1", 3), ("Own 2", 3), ("Own 3", 2)] {
        fx.item(t, NewItem { initiative: Some(r), ..pts(p, Status::Refined) });
    }
    // The epic, with an estimate of its own that must not count.
    let epic = fx.item("Epic", NewItem { kind: Some(ItemKind::Epic), initiative: Some(r), ..pts(40, Status::New) });
    // Its children: 5 of 19 points done, one ready (pullable work), one
    // also linked to the initiative itself (one story, not two).
    let children = [(3, Status::Done), (2, Status::Done), (5, Status::Ready), (3, Status::New), (3, Status::New)];
    for (n, (p, st)) in children.into_iter().enumerate() {
        fx.item(&format!("Child {n}"), NewItem { parent: Some(epic), ..pts(p, st) });
    }
    fx.item("Child linked twice", NewItem { parent: Some(epic), initiative: Some(r), ..pts(3, Status::New) });
    fx.item(
        "Child of the epic, linked elsewhere",
        NewItem { parent: Some(epic), initiative: Some(other), ..pts(2, Status::New) },
    );
    // Dropped work counts nowhere.
    fx.item("Dropped child", NewItem { parent: Some(epic), ..pts(8, Status::Dropped) });

    let p = fx.ws.initiative_progress()[&r];
    assert_eq!((p.stories, p.done, p.done_points, p.points), (3 + 6, 2, 5, 8 + 19), "{p:?}");
    assert_eq!(fx.ws.initiative_progress()[&other].stories, 1, "the child linked elsewhere counts there");
    let listed: Vec<&str> = fx.ws.initiative_items(r).iter().map(|i| i.title.as_str()).collect();
    assert_eq!(listed.len(), p.stories, "{listed:?}");
    assert!(!listed.contains(&"Epic") && !listed.contains(&"Dropped child"));

    // Alignment counts the same stories: the ready child is ready work.
    let report = crate::domain::align::check(&fx.ws, fx.ctx.now);
    assert!(!report.now_without_ready.iter().any(|e| e.id == r), "{:?}", report.now_without_ready);
    assert!(report.now_without_ready.iter().any(|e| e.id == other), "Other has no ready story");

    // A sprint of the epic's children traces to the goal through the epic.
    let s = fx.created(Command::AddSprint(NewSprint { name: Some("S1".into()), ..Default::default() }));
    let ready = fx.ws.live_items().find(|i| i.status == Status::Ready).map(|i| i.meta.id).expect("ready child");
    fx.edit(ready, ItemPatch { sprint: Some(Some(s)), ..Default::default() });
    apply(&mut fx.ws, Command::StartSprint { id: s, move_dates: false }, &mut fx.ctx).expect("starts");
    let trace = crate::domain::align::check(&fx.ws, fx.ctx.now).sprint_trace.expect("a sprint runs");
    assert_eq!((trace.traced_points, trace.total_points), (5, 5));

    // Without the epic's link, its children no longer count for R.
    fx.edit(epic, ItemPatch { initiative: Some(None), ..Default::default() });
    let p = fx.ws.initiative_progress()[&r];
    assert_eq!((p.stories, p.points), (4, 11), "its own three and the child linked itself");
}
