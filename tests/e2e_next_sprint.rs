//! Planning the next sprint while this one runs, end to end in a
//! pseudo-terminal: Sprint 24 runs; Sprint 25 is planned in the TUI (its
//! name follows on), stories are pulled into it with `t` then `s`; Sprint 24
//! is closed early with its unfinished work carried over; Sprint 25 starts
//! at once. On disk: the actual start and close dates beside the planned
//! ones, the carried items in Sprint 25 with their ranks, and velocity.

mod common;

use backlog::domain::sprint::{SprintState, velocity_over};
use common::pty::*;

#[test]
fn plan_sprint_25_while_24_runs_close_24_early_with_carry_over_and_start_25() {
    let _serial = serial();
    let env = Env::demo();
    // Sprint 23 closes (its unfinished work back to the backlog) and Sprint
    // 24 starts: it runs while Sprint 25 is planned.
    env.cli(&["sprint", "close", "--goal-met", "yes", "--carry-over", "backlog"]);
    env.cli(&["sprint", "start", "Sprint 24"]);
    let before = env.read();
    let s24 = before.sprint_by_name("Sprint 24").expect("Sprint 24").clone();
    assert_eq!(s24.state, SprintState::Active);
    let unfinished: Vec<String> = before
        .live_items()
        .filter(|i| i.sprint == Some(s24.meta.id) && !i.status.is_closed())
        .map(|i| i.key.clone())
        .collect();
    assert!(!unfinished.is_empty(), "Sprint 24 has open work to carry over");

    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    tui.send("4");
    tui.wait_for("Sprint 24 on the board", |s| s.contents().contains(" Sprint 24 active"));
    // A new sprint after Sprint 24 is Sprint 25.
    tui.send("n");
    tui.wait_for("the sprint form, named Sprint 25", |s| {
        s.contents().contains("Plan a sprint") && s.contents().contains("Sprint 25")
    });
    tui.send("\r");
    tui.wait_for("Sprint 25 planned", |s| status(s).contains("Planned Sprint 25"));

    // Planning, then t: Sprint 25 while Sprint 24 runs.
    tui.send("v");
    tui.wait_for("the planning view of Sprint 24", |s| s.contents().contains(" 1 of 2 open"));
    tui.send("t");
    tui.wait_for("the planning view of Sprint 25", |s| {
        s.contents().contains(" Sprint 25 planned") && s.contents().contains(" In the sprint 0 · 0p ")
    });
    let mut pulled = Vec::new();
    for n in 1..=2 {
        let (key, _) = tui.screen(selected).expect("a backlog row is selected");
        tui.send("s");
        // New or unestimated work asks first.
        tui.wait_for(&format!("{key} pulled, or a question"), |s| {
            s.contents().contains("Pull into the sprint") || s.contents().contains(&format!(" In the sprint {n} "))
        });
        if tui.screen(|s| s.contents().contains("Pull into the sprint")) {
            tui.send("y");
        }
        tui.wait_for(&format!("{key} in Sprint 25"), |s| s.contents().contains(&format!(" In the sprint {n} ")));
        pulled.push(key);
    }
    // The last pull's own message beside "saved": a bare "saved" may be
    // the frame before it, its row not yet redrawn.
    let last = format!("Pulled {} into Sprint 25", pulled.last().expect("pulled some"));
    tui.wait_for("the pulls saved", |s| status(s).contains(&last) && status(s).contains("│ saved "));
    let planned = env.read();
    let s25 = planned.sprint_by_name("Sprint 25").expect("Sprint 25 on disk").clone();
    for k in &pulled {
        assert_eq!(planned.item_by_key(k).unwrap().sprint, Some(s25.meta.id), "{k} is planned into Sprint 25");
    }
    assert_eq!(planned.active_sprint().map(|s| s.name.as_str()), Some("Sprint 24"), "Sprint 24 still runs");
    let ranks: Vec<(String, String)> =
        unfinished.iter().map(|k| (k.clone(), planned.item_by_key(k).unwrap().rank.clone())).collect();

    // Close Sprint 24 early: the dialog carries over to Sprint 25.
    tui.send("S");
    tui.wait_for("the close dialog, carrying over to Sprint 25", |s| {
        s.contents().contains("Close Sprint 24") && s.contents().contains("(•) Sprint 25")
    });
    tui.send("y");
    tui.wait_for("the review", |s| s.contents().contains("Carried over to Sprint 25"));
    tui.send("x");
    // Start Sprint 25 at once, before its planned start: asked whether to
    // move its dates, it keeps them (k).
    tui.send("S");
    tui.wait_for("the start question", |s| {
        s.contents().contains("Start Sprint 25") && s.contents().contains("keep the planned dates")
    });
    tui.send("k");
    tui.wait_for("Sprint 25 active, saved", |s| {
        s.contents().contains(" Sprint 25 active") && status(s).contains("│ saved ")
    });
    tui.quit();

    let ws = env.read();
    let today = chrono::Utc::now().date_naive();
    let (planned_24, planned_25) = ((s24.start, s24.end), (s25.start, s25.end));
    let s24 = ws.sprint(s24.meta.id).unwrap();
    let r = s24.review.as_ref().expect("Sprint 24 has its review");
    // Actual dates recorded beside the planned ones.
    assert_eq!(s24.started_at.map(|t| t.date_naive()), Some(today));
    assert_eq!(r.closed_at.date_naive(), today);
    assert_eq!((s24.start, s24.end), planned_24, "the planned dates stay");
    assert!(r.closed_at.date_naive() < s24.end, "closed early");
    assert_eq!(r.carried_to, Some(s25.meta.id));
    assert_eq!(r.carried_over.len(), unfinished.len());
    let s25 = ws.sprint(s25.meta.id).unwrap();
    assert_eq!(s25.state, SprintState::Active);
    assert_eq!(s25.started_at.map(|t| t.date_naive()), Some(today));
    assert_eq!((s25.start, s25.end), planned_25, "the planned dates stay");
    assert!(today < s25.start, "started before its planned start");
    // Carried items are in Sprint 25 with the ranks they had.
    for (k, rank) in &ranks {
        let i = ws.item_by_key(k).unwrap();
        assert_eq!(i.sprint, Some(s25.meta.id), "{k} carried over");
        assert_eq!(&i.rank, rank, "{k} keeps its rank");
    }
    for k in &pulled {
        assert_eq!(ws.item_by_key(k).unwrap().sprint, Some(s25.meta.id));
    }
    // Velocity now averages Sprints 22, 23 and 24, and says so.
    let (v, n) = velocity_over(ws.live_sprints(), ws.settings.velocity_window as usize).expect("a velocity");
    let done: Vec<u32> = ["Sprint 22", "Sprint 23", "Sprint 24"]
        .iter()
        .map(|name| ws.sprint_by_name(name).unwrap().review.as_ref().unwrap().completed)
        .collect();
    assert_eq!(n, 3);
    assert!((v - f64::from(done.iter().sum::<u32>()) / 3.0).abs() < 1e-9);
    let shown = env.cli(&["sprint", "show", "Sprint 24"]);
    assert!(shown.contains(&format!("  started    {today}")), "{shown}");
    assert!(shown.contains(&format!("  closed     {today}")), "{shown}");
    assert!(shown.contains("over to Sprint 25"), "{shown}");
    assert!(shown.contains("(the last 3 closed sprints)"), "{shown}");
}
