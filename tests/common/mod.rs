//! Fixtures shared by the store tests: a fixed clock, deterministic ids and
//! a small but complete workspace (vision, a goal, an initiative, items and
//! an active sprint). The end-to-end tests' pseudo-terminal harness is in
//! [`pty`]. Each test binary uses only part of this: hence no dead-code
//! warnings here.

#![allow(dead_code)]

pub mod pty;
pub mod repo;

use backlog::domain::command::{ItemPatch, NewGoal, NewInitiative, NewItem, NewSprint};
use backlog::domain::strategy::Horizon;
use backlog::domain::{Command, Ctx, IdGen, Meta, Role, Workspace, apply};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

/// The headless browser on PATH, if any: tests that render pages run
/// with it and say they skipped without it.
pub fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| std::process::Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// A fixed moment, `secs` seconds after the fixture's epoch.
pub fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_750_000_000 + secs, 0).single().expect("valid time")
}

/// A session context at a fixed time with deterministic ids. Give every
/// concurrent session its own time so their ids cannot collide.
pub fn ctx(role: Role, secs: i64) -> Ctx {
    let mut c = Ctx::new(at(secs), role);
    c.ids = IdGen::sequential();
    c.confirmed = true;
    c
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn add_item(title: &str, estimate: Option<u32>) -> Command {
    Command::AddItem(Box::new(NewItem { title: title.into(), estimate, ..Default::default() }))
}

pub fn edit_item(id: Uuid, patch: ItemPatch) -> Command {
    Command::EditItem { id, patch: Box::new(patch) }
}

pub fn title(id: Uuid, t: &str) -> Command {
    edit_item(id, ItemPatch { title: Some(t.into()), ..Default::default() })
}

pub fn estimate(id: Uuid, e: u32) -> Command {
    edit_item(id, ItemPatch { estimate: Some(Some(e)), ..Default::default() })
}

pub fn item_id(ws: &Workspace, key: &str) -> Uuid {
    ws.item_by_key(key).unwrap_or_else(|| panic!("no live item {key}")).meta.id
}

/// An empty workspace with deterministic ids.
pub fn empty_ws(c: &mut Ctx) -> Workspace {
    let id = c.new_id();
    Workspace::new("Test product", "BL", Meta::new(id, Role::Pm, c.now, Role::Pm))
}

/// The workspace most tests start from: `BL-1`..`BL-4` (BL-1 and BL-2 in the
/// active sprint `S1`), goal `G1`, initiative `R1`.
pub fn base_ws() -> Workspace {
    let mut c = ctx(Role::Po, 0);
    let mut ws = empty_ws(&mut c);
    let mut run = |ws: &mut Workspace, cmd: Command| apply(ws, cmd, &mut c).expect("fixture command");
    run(&mut ws, Command::AddGoal(NewGoal { title: "Grow retention".into(), ..Default::default() }));
    let goal = ws.goals[0].meta.id;
    run(
        &mut ws,
        Command::AddInitiative(Box::new(NewInitiative {
            title: "Onboarding revamp".into(),
            horizon: Some(Horizon::Now),
            goals: vec![goal],
            ..Default::default()
        })),
    );
    for (t, e) in [("Sign up with email", 3), ("Reset password", 2), ("Invite a teammate", 5), ("Export CSV", 8)] {
        run(&mut ws, add_item(t, Some(e)));
    }
    run(
        &mut ws,
        Command::AddSprint(NewSprint {
            name: Some("S1".into()),
            start: Some(date(2025, 6, 16)),
            end: Some(date(2025, 6, 29)),
            capacity: Some(20),
            ..Default::default()
        }),
    );
    let sprint = ws.sprints[0].meta.id;
    for key in ["BL-1", "BL-2"] {
        let id = item_id(&ws, key);
        run(&mut ws, edit_item(id, ItemPatch { sprint: Some(Some(sprint)), ..Default::default() }));
    }
    run(&mut ws, Command::StartSprint { id: sprint, move_dates: false });
    ws
}

/// 64 cases keep the suite fast; set PROPTEST_CASES for a longer hunt.
pub fn proptest_config() -> proptest::prelude::ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64);
    proptest::prelude::ProptestConfig { cases, ..proptest::prelude::ProptestConfig::default() }
}
