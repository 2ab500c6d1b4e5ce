//! A sprint's whole life end to end, in a pseudo-terminal: plan it over
//! capacity (the warning shows), start it (the confirmation says by how
//! much it is over), move cards across the board to done, close it, and
//! then check the review, the returned items and the velocity on disk.
//!
//! Wall time: `cargo test --test e2e_sprint -- --nocapture`.

mod common;

use backlog::domain::sprint::SprintState;
use backlog::domain::{Status, Workspace};
use common::pty::*;
use std::collections::BTreeMap;
use std::time::Instant;

const SPRINT: &str = "Sprint 24";
const CAPACITY: u32 = 5;

/// `TAN-18` and the like.
fn is_key(tok: &str) -> bool {
    tok.split_once('-').is_some_and(|(p, n)| !p.is_empty() && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The selected row or card below the tab bar: its key and first column.
fn selected_key(s: &vt100::Screen) -> Option<(String, u16)> {
    inverse_runs(s).into_iter().filter(|(r, _, _)| *r > 0).find_map(|(_, col, text)| {
        let tok = text.split_whitespace().next()?;
        is_key(tok).then(|| (tok.to_owned(), col))
    })
}

/// The board column (0 To do .. 3 Done) a screen column falls in: four
/// equal columns.
fn board_column(x: u16) -> u16 {
    x / (COLS / 4)
}

const BOARD: [&str; 4] = ["To do", "In progress", "Review", "Done"];

/// A board column's header: " To do 3 · 9p ".
fn board_head(c: usize, cards: usize, points: u32) -> String {
    // The demo limits work in progress to four cards.
    let count = if c == 1 { format!("{cards}/4") } else { cards.to_string() };
    format!(" {} {count} · {points}p ", BOARD[c])
}

fn points(ws: &Workspace, key: &str) -> u32 {
    ws.item_by_key(key).unwrap_or_else(|| panic!("{key} is in the file")).points()
}

#[test]
fn plan_over_capacity_start_deliver_close_and_check_velocity() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();

    // No active sprint, and an empty planned one with a small capacity:
    // what the pulls commit is what crosses the capacity.
    env.cli(&["sprint", "close", "--goal-met", "yes"]);
    let ws = env.read();
    assert!(ws.active_sprint().is_none(), "the demo's active sprint is closed");
    let planned = ws.sprint_by_name(SPRINT).expect("the demo plans Sprint 24");
    assert_eq!(planned.state, SprintState::Planned);
    let members: Vec<String> =
        ws.live_items().filter(|i| i.sprint == Some(planned.meta.id)).map(|i| i.key.clone()).collect();
    if !members.is_empty() {
        let mut args = vec!["sprint", "remove"];
        args.extend(members.iter().map(String::as_str));
        env.cli(&args);
    }
    env.cli(&["sprint", "edit", SPRINT, "--capacity", &CAPACITY.to_string()]);
    let planned_ws = env.read();
    let sprint_id = planned_ws.sprint_by_name(SPRINT).unwrap().meta.id;
    assert_eq!(planned_ws.sprint(sprint_id).unwrap().capacity, Some(CAPACITY));
    assert_eq!(planned_ws.target_sprint().map(|s| s.meta.id), Some(sprint_id), "the pane shows Sprint 24");

    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    tui.send("4");
    tui.wait_for("the sprint board", |s| s.contents().contains(&format!(" {SPRINT} planned")));
    tui.send("v");
    tui.wait_for("the planning view, empty", |s| {
        s.contents().contains(" Backlog: ready first ")
            && s.contents().contains(" In the sprint 0 · 0p ")
            && s.contents().contains(&format!(" 0/{CAPACITY} pts"))
    });

    // Pull the top of the backlog side until the sprint is over capacity
    // and holds at least three cards (two to finish, one to leave).
    let mut pulled: Vec<String> = Vec::new();
    let mut committed = 0;
    while committed <= CAPACITY || pulled.len() < 3 {
        let (key, _) = tui.screen(selected_key).expect("a backlog row is selected in the planning view");
        let item = planned_ws.item_by_key(&key).unwrap();
        assert!(item.sprint.is_none() && !item.status.is_closed(), "{key} is a candidate to pull");
        tui.send("s");
        committed += item.points();
        pulled.push(key.clone());
        let (n, over) = (pulled.len(), committed > CAPACITY);
        let took = tui.wait_for(&format!("{key} pulled, {committed}/{CAPACITY}"), |s| {
            let c = s.contents();
            c.contains(&format!(" In the sprint {n} · {committed}p "))
                && c.contains(&format!(" {committed}/{CAPACITY} pts"))
                && c.contains(" over capacity") == over
                && selected_key(s).is_some_and(|(k, _)| k != key)
        });
        println!("sprint: pulled {key} ({committed}/{CAPACITY} pts, over: {over}) on screen in {took:?}");
    }

    // Start it: the confirmation says by how much it is over.
    tui.send("S");
    let over_by = format!("over by {}", committed - CAPACITY);
    tui.wait_for("the start confirmation", |s| {
        let c = s.contents();
        c.contains("Start the sprint") && c.contains(&over_by) && c.contains(&format!("{} items", pulled.len()))
    });
    // Before its planned start the question is whether to move its dates:
    // keep them (as on the planned day, where it is yes or no).
    let early = tui.screen(|s| s.contents().contains("keep the planned dates"));
    tui.send(if early { "k" } else { "y" });
    tui.wait_for("the sprint active, saved", |s| {
        s.contents().contains(&format!(" {SPRINT} active")) && status(s).contains("│ saved ")
    });

    // Planning -> charts -> board.
    tui.send("v");
    tui.wait_for("the charts", |s| status(s).contains("Burndown, burnup and velocity"));
    tui.send("v");
    let ws = env.read();
    let mut todo = pulled.clone();
    todo.sort_by_key(|k| {
        let i = ws.item_by_key(k).unwrap();
        (i.rank.clone(), i.meta.id)
    });
    tui.wait_for("the board", |s| s.contents().contains(&board_head(0, todo.len(), committed)));

    // Finish the first two cards of To do, one column at a time; the moved
    // card stays selected all the way.
    let (finish, leave) = todo.split_at(2);
    let mut done_points = 0;
    let mut cards: BTreeMap<usize, (usize, u32)> = BTreeMap::from([(0, (todo.len(), committed))]);
    for key in finish {
        tui.wait_for(&format!("{key} selected in To do"), |s| {
            selected_key(s).is_some_and(|(k, x)| k == *key && board_column(x) == 0)
        });
        let p = points(&ws, key);
        let unmet = ws.item_by_key(key).unwrap().acceptance_criteria.iter().any(|c| !c.met);
        for (to, column) in BOARD.iter().enumerate().skip(1) {
            tui.send(">");
            if to == 3 && unmet {
                tui.wait_for("the Definition of Done question", |s| {
                    s.contents().contains("acceptance criteria not all met")
                });
                tui.send("y");
            }
            let from = cards.entry(to - 1).or_default();
            *from = (from.0 - 1, from.1 - p);
            let into = cards.entry(to).or_default();
            *into = (into.0 + 1, into.1 + p);
            let heads: Vec<String> = cards.iter().map(|(&c, &(n, pts))| board_head(c, n, pts)).collect();
            tui.wait_for(&format!("{key} in {column}, still selected"), |s| {
                let c = s.contents();
                heads.iter().all(|h| c.contains(h))
                    && selected_key(s).is_some_and(|(k, x)| k == *key && board_column(x) == to as u16)
            });
        }
        done_points += p;
        // Its last move on disk: the move's own message beside "saved" (a
        // "saved" alone may be the last frame's, its row not yet redrawn).
        let moved = format!("{key}: review → done");
        tui.wait_for(&format!("{key} done, saved"), |s| status(s).contains(&moved) && status(s).contains("│ saved "));
        // Back to To do for the next card.
        tui.send("hhh");
    }

    // The file just before closing: ranks to compare with.
    let before_close = env.read();
    for key in finish {
        assert_eq!(before_close.item_by_key(key).unwrap().status, Status::Done, "{key} is done");
    }

    tui.send("S");
    tui.wait_for("the close question", |s| s.contents().contains("Was the sprint goal met?"));
    tui.send("y");
    tui.wait_for("the sprint review", |s| {
        let c = s.contents();
        c.contains(&format!("Sprint review: {SPRINT}"))
            && c.contains("goal met")
            && c.contains(&format!("Done                 {done_points:>4} points"))
            && leave.iter().all(|k| c.contains(k.as_str()))
    });
    tui.send(" ");
    tui.wait_for("the review closed, saved", |s| {
        !s.contents().contains("Sprint review") && status(s).contains("│ saved ")
    });
    tui.quit();

    let after = env.read();
    let sprint = after.sprint(sprint_id).unwrap();
    assert_eq!(sprint.state, SprintState::Closed);
    let review = sprint.review.as_ref().expect("a closed sprint has a review");
    assert_eq!(review.goal_met, Some(true));
    assert_eq!(review.committed, committed, "committed at the start");
    assert_eq!(review.completed, done_points, "the points of the cards moved to done");
    let mut returned: Vec<String> =
        review.returned.iter().map(|id| after.item(*id).expect("a returned item exists").key.clone()).collect();
    returned.sort();
    let mut want: Vec<String> = leave.to_vec();
    want.sort();
    assert_eq!(returned, want, "exactly the unfinished items went back");
    for key in leave {
        let (now, then) = (after.item_by_key(key).unwrap(), before_close.item_by_key(key).unwrap());
        assert_eq!(now.sprint, None, "{key} is back in the backlog");
        assert_eq!(now.rank, then.rank, "{key} kept its rank");
    }
    for key in finish {
        let i = after.item_by_key(key).unwrap();
        assert_eq!((i.sprint, i.status), (Some(sprint_id), Status::Done), "{key} stays in the sprint's history");
    }

    // Velocity: the mean of the last `velocity_window` closed sprints.
    let mut closed: Vec<_> = after.live_sprints().filter(|s| s.review.is_some()).collect();
    closed.sort_by_key(|s| (s.end, s.meta.id));
    let window = after.settings.velocity_window as usize;
    let recent: Vec<u32> = closed.iter().rev().take(window).map(|s| s.review.as_ref().unwrap().completed).collect();
    assert_eq!(recent.first(), Some(&done_points), "the sprint just closed is the latest to count");
    assert!(recent.len() >= 2, "the demo's closed sprints and this one count");
    let expected = f64::from(recent.iter().sum::<u32>()) / recent.len() as f64;
    let shown: serde_json::Value =
        serde_json::from_str(&env.cli(&["sprint", "show", SPRINT, "--json"])).expect("sprint show --json is JSON");
    let velocity = shown["velocity"].as_f64().expect("sprint show reports a velocity");
    assert!((velocity - expected).abs() < 1e-9, "velocity {velocity}, expected the mean of {recent:?} = {expected}");
    assert_eq!(shown["done_points"].as_u64(), Some(u64::from(done_points)));
    report("sprint", start);
}
