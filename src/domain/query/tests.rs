use super::Query;
use crate::domain::command::{Command, ItemPatch, NewInitiative, NewItem, NewSprint};
use crate::domain::entity::{Meta, Role};
use crate::domain::item::{Criterion, ExternalRef, ItemKind, Status, Story};
use crate::domain::strategy::Horizon;
use crate::domain::tx::{Ctx, IdGen};
use crate::domain::{Workspace, apply};
use uuid::Uuid;

struct Fx {
    ws: Workspace,
    ctx: Ctx,
    /// The session's person (`@me`).
    user: String,
}

impl Fx {
    fn new() -> Fx {
        let now = "2026-03-02T09:00:00Z".parse().unwrap();
        let ws = Workspace::new("T", "BL", Meta::new(Uuid::nil(), Role::Pm, now, Role::Pm));
        let mut ctx = Ctx::new(now, Role::Po);
        ctx.ids = IdGen::sequential();
        ctx.confirmed = true;
        Fx { ws, ctx, user: String::new() }
    }
    fn run(&mut self, cmd: Command) -> Option<Uuid> {
        apply(&mut self.ws, cmd, &mut self.ctx).unwrap().created.and_then(|r| r.id())
    }
    fn add(&mut self, new: NewItem) -> Uuid {
        self.run(Command::AddItem(Box::new(new))).unwrap()
    }
    /// Keys of the items `q` matches, in key order.
    fn find(&self, q: &str) -> Vec<String> {
        let q = Query::parse(q, &self.ws, &self.user);
        assert!(q.problems.is_empty(), "{:?}", q.problems);
        let mut keys: Vec<String> =
            self.ws.live_items().filter(|i| q.matches(&self.ws, i)).map(|i| i.key.clone()).collect();
        keys.sort_by_key(|k| k[3..].parse::<u32>().unwrap());
        keys
    }
}

/// BL-1 epic; BL-2 story under it, ready, 5 pts, in S1, for lena, blocked
/// by BL-3; BL-3 bug, 8 pts, labels ux; BL-4 done task; BL-5 story from Jira.
fn fixture() -> Fx {
    let mut f = Fx::new();
    f.ctx.role = Role::Pm;
    let init = f
        .run(Command::AddInitiative(Box::new(NewInitiative {
            title: "Payroll".into(),
            horizon: Some(Horizon::Now),
            ..Default::default()
        })))
        .unwrap();
    f.ctx.role = Role::Po;
    let sprint = f.run(Command::AddSprint(NewSprint { name: Some("S1".into()), ..Default::default() })).unwrap();
    let epic = f.add(NewItem { title: "Swaps".into(), kind: Some(ItemKind::Epic), ..Default::default() });
    let story = f.add(NewItem {
        title: "Offer a shift".into(),
        parent: Some(epic),
        estimate: Some(5),
        status: Some(Status::Ready),
        sprint: Some(sprint),
        initiative: Some(init),
        assignee: Some("Lena".into()),
        story: Some(Story::new("barista", "to offer my shift", "I can rest")),
        acceptance_criteria: vec![Criterion::new("Colleagues get a push", false)],
        ..Default::default()
    });
    let bug = f.add(NewItem {
        title: "Crash at midnight".into(),
        kind: Some(ItemKind::Bug),
        estimate: Some(8),
        labels: vec!["UX".into()],
        description: "Happens when the **clock** turns".into(),
        ..Default::default()
    });
    f.run(Command::LinkItems { blocker: bug, blocked: story, linked: true });
    let done = f.add(NewItem { title: "Old task".into(), kind: Some(ItemKind::Task), ..Default::default() });
    f.run(Command::EditItem {
        id: done,
        patch: Box::new(ItemPatch { status: Some(Status::Done), ..Default::default() }),
    });
    f.add(NewItem {
        title: "Imported".into(),
        external: vec![ExternalRef::new("jira", "MESOS-313")],
        ..Default::default()
    });
    f
}

#[test]
fn words_search_every_text_of_an_item() {
    let f = fixture();
    assert_eq!(f.find("offer"), ["BL-2"]);
    assert_eq!(f.find("barista"), ["BL-2"], "story triple");
    assert_eq!(f.find("push"), ["BL-2"], "criteria");
    assert_eq!(f.find("clock"), ["BL-3"], "description");
    assert_eq!(f.find("ux"), ["BL-3"], "labels");
    assert_eq!(f.find("mesos-313"), ["BL-5"], "external keys");
    assert_eq!(f.find("bl-4"), ["BL-4"], "keys");
    assert_eq!(f.find("lena"), ["BL-2"], "assignee");
    assert_eq!(f.find("\"at midnight\""), ["BL-3"], "a quoted phrase");
    assert_eq!(f.find("shift offer"), ["BL-2"], "all words, any order");
    assert!(f.find("shift crash").is_empty());
}

#[test]
fn terms_on_fields() {
    let f = fixture();
    assert_eq!(f.find("status:ready"), ["BL-2"]);
    assert_eq!(f.find("status:ready,done"), ["BL-2", "BL-4"]);
    assert_eq!(f.find("status:don"), ["BL-4"], "first letters");
    assert_eq!(f.find("kind:bug"), ["BL-3"]);
    assert_eq!(f.find("label:ux"), ["BL-3"]);
    assert_eq!(f.find("pts:>5"), ["BL-3"]);
    assert_eq!(f.find("pts:<=5"), ["BL-2"]);
    assert_eq!(f.find("pts:5"), ["BL-2"]);
    assert_eq!(f.find("pts:none"), ["BL-1", "BL-4", "BL-5"]);
    assert_eq!(f.find("is:unestimated"), ["BL-1", "BL-4", "BL-5"]);
    assert_eq!(f.find("sprint:S1"), ["BL-2"]);
    assert_eq!(f.find("sprint:none -kind:epic"), ["BL-3", "BL-4", "BL-5"]);
    assert!(f.find("sprint:active").is_empty(), "S1 is only planned");
    assert_eq!(f.find("owner:po").len(), 5);
    assert!(f.find("owner:pm").is_empty());
    assert_eq!(f.find("@lena"), ["BL-2"]);
    assert_eq!(f.find("@none").len(), 4);
    assert_eq!(f.find("init:R1"), ["BL-2"]);
    assert_eq!(f.find("epic:bl-1"), ["BL-2"]);
    assert_eq!(f.find("is:blocked"), ["BL-2"]);
    assert_eq!(f.find("-is:blocked status:ready"), Vec::<String>::new());
    assert_eq!(f.find("is:open -kind:epic"), ["BL-2", "BL-3", "BL-5"]);
    assert_eq!(f.find("is:done"), ["BL-4"]);
    assert!(f.find("10:30").is_empty(), "a colon after something not a field name is text");
}

#[test]
fn ready_ok_follows_the_definition_of_ready() {
    let mut f = fixture();
    // BL-2 has points, a criterion and its story, but BL-3 blocks it.
    assert!(f.find("is:ready-ok").iter().all(|k| k != "BL-2"));
    let bug = f.ws.item_by_key("BL-3").unwrap().meta.id;
    f.run(Command::EditItem {
        id: bug,
        patch: Box::new(ItemPatch { status: Some(Status::Done), ..Default::default() }),
    });
    assert!(f.find("is:ready-ok").iter().any(|k| k == "BL-2"), "a finished blocker no longer blocks");
    assert!(f.find("is:blocked").is_empty());
}

#[test]
fn what_cannot_be_read_is_said_and_matches_nothing() {
    let f = fixture();
    for (q, says) in [
        ("status:nope", "status:nope? use one of new"),
        ("sprint:S9", "no sprint named \"S9\""),
        ("pts:>x", "pts:>x? use a number"),
        ("colour:red", "colour: is not a filter field"),
        ("is:late", "is:late? use blocked"),
        ("epic:BL-99", "no epic"),
    ] {
        let parsed = Query::parse(q, &f.ws, "");
        assert!(parsed.problems.len() == 1 && parsed.problems[0].contains(says), "{q}: {:?}", parsed.problems);
        assert!(!f.ws.live_items().any(|i| parsed.matches(&f.ws, i)), "{q} matched something");
    }
}

#[test]
fn at_me_is_the_sessions_person() {
    let mut f = fixture();
    f.user = "lena".into();
    assert_eq!(f.find("@me"), ["BL-2"], "assigned to Lena, any case");
    assert_eq!(f.find("-@me").len(), 4);
    f.user = "anna".into();
    assert!(f.find("@me").is_empty());
    let parsed = Query::parse("@me", &f.ws, "");
    assert_eq!(parsed.problems, ["@me: who are you? set `user = \"name\"` in the config file, or $USER"]);
}
