use super::*;
use crate::domain::apply;
use crate::domain::command::{Command, NewGoal, NewInitiative, NewItem, NewSprint};
use crate::domain::entity::{Meta, Role};
use crate::domain::item::ExternalRef;
use crate::domain::strategy::Horizon;
use crate::domain::tx::{Ctx, IdGen};

/// BL-1 epic, BL-2 story, BL-3 imported as MESOS-313; goals G1 "Grow
/// activation" and G2 "Grow revenue"; initiative R1 "Payroll export";
/// sprint S1 (planned).
fn fixture() -> Workspace {
    let now = "2026-03-02T09:00:00Z".parse().unwrap();
    let mut ws = Workspace::new("T", "BL", Meta::new(Uuid::nil(), Role::Pm, now, Role::Pm));
    let mut ctx = Ctx::new(now, Role::Pm);
    ctx.ids = IdGen::sequential();
    ctx.confirmed = true;
    let mut run = |cmd| {
        apply(&mut ws, cmd, &mut ctx).unwrap();
    };
    for title in ["Grow activation", "Grow revenue"] {
        run(Command::AddGoal(NewGoal { title: title.into(), ..Default::default() }));
    }
    run(Command::AddInitiative(Box::new(NewInitiative {
        title: "Payroll export".into(),
        horizon: Some(Horizon::Now),
        ..Default::default()
    })));
    run(Command::AddSprint(NewSprint { name: Some("S1".into()), ..Default::default() }));
    run(Command::AddItem(Box::new(NewItem {
        title: "Swaps".into(),
        kind: Some(ItemKind::Epic),
        ..Default::default()
    })));
    run(Command::AddItem(Box::new(NewItem { title: "Offer a shift".into(), ..Default::default() })));
    run(Command::AddItem(Box::new(NewItem {
        title: "Imported".into(),
        external: vec![ExternalRef::new("jira", "MESOS-313")],
        ..Default::default()
    })));
    ws
}

#[test]
fn an_item_by_key_number_or_external_key() {
    let ws = fixture();
    let key = |r: &str| item(&ws, r).map(|i| i.key.clone());
    assert_eq!(key("BL-2"), Ok("BL-2".into()));
    assert_eq!(key(" bl-2 "), Ok("BL-2".into()));
    assert_eq!(key("2"), Ok("BL-2".into()));
    assert_eq!(key("MESOS-313"), Ok("BL-3".into()));
    assert_eq!(key("jira:MESOS-313"), Ok("BL-3".into()));
    assert_eq!(key("354"), Err(RefError("no item \"354\": use a key such as BL-1, or its number".into())));
    assert_eq!(epic(&ws, "1").map(|i| i.key.clone()), Ok("BL-1".into()));
    assert_eq!(epic(&ws, "BL-2").unwrap_err().0, "BL-2 is a story, not an epic");
}

#[test]
fn goals_and_initiatives_by_key_or_a_unique_part_of_the_title() {
    let ws = fixture();
    assert_eq!(goal(&ws, "g2").map(|g| g.key.as_str()), Ok("G2"));
    assert_eq!(goal(&ws, "revenue").map(|g| g.key.as_str()), Ok("G2"));
    assert_eq!(goal(&ws, "Grow").unwrap_err().0, "\"Grow\" matches 2 goals (G1, G2); use the key");
    assert_eq!(goal(&ws, "churn").unwrap_err().0, "no goal matches \"churn\": use its key or a part of its title");
    assert!(goal(&ws, "").is_err(), "nothing names nothing");
    assert_eq!(initiative(&ws, "payroll").map(|i| i.key.as_str()), Ok("R1"));
    assert_eq!(list(" G1, ,Grow revenue ").collect::<Vec<_>>(), ["G1", "Grow revenue"]);
}

#[test]
fn a_sprint_by_name_or_next() {
    let ws = fixture();
    assert_eq!(sprint(&ws, "s1").map(|s| s.name.as_str()), Ok("S1"));
    assert_eq!(sprint(&ws, "next").map(|s| s.name.as_str()), Ok("S1"));
    // A word for a sprint that is not there says which is missing.
    assert_eq!(
        sprint(&ws, "active").unwrap_err().0,
        "no sprint is active: start the next planned one with `backlog sprint start`"
    );
    assert_eq!(sprint(&ws, "S9").unwrap_err().0, "no sprint \"S9\": use active, next, or one of: S1");
}

#[test]
fn an_assignee_is_a_name_me_or_nobody() {
    assert_eq!(assignee("Lena", "anna"), Ok(Some("Lena".into())));
    assert_eq!(assignee("@lena", "anna"), Ok(Some("lena".into())));
    assert_eq!(assignee("me", "anna"), Ok(Some("anna".into())));
    assert_eq!(assignee(" ME ", "anna"), Ok(Some("anna".into())));
    assert_eq!(assignee("@me", "anna"), Ok(Some("anna".into())));
    for nobody in ["", "none", "-", " None "] {
        assert_eq!(assignee(nobody, "anna"), Ok(None), "{nobody:?}");
    }
    assert!(assignee("me", "").unwrap_err().0.contains("who are you?"));
}
