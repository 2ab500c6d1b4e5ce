//! The Sprint pane's questions in a real terminal, at 80x24 and 120x40:
//! pulling a done story asks first (and `y` pulls it), and starting a
//! sprint before its planned start asks about its dates (`m` moves them).
//! The file on disk says what was answered.

mod common;

use backlog::domain::sprint::SprintState;
use common::pty::*;

#[test]
fn pulling_done_work_and_starting_early_ask_first() {
    let _serial = serial();
    let start = std::time::Instant::now();
    for (rows, cols) in [(24u16, 80u16), (40, 120)] {
        let env = Env::demo();
        // Sprint 23 closes; Sprint 24, planned after today, is next.
        env.cli(&["sprint", "close", "--carry-over", "backlog"]);
        let before = env.read();
        let s24 = before.sprint_by_name("Sprint 24").unwrap().clone();
        assert_eq!(
            before.item_by_key("TAN-2").map(|i| (i.status, i.sprint)),
            Some((backlog::domain::Status::Done, None))
        );

        let mut tui = env.tui(&[]);
        tui.resize(rows, cols);
        tui.wait_for("the backlog", ready);
        // TAN-2 (done) is a few rows down.
        for _ in 0..10 {
            if tui.screen(selected).is_some_and(|(k, _)| k == "TAN-2") {
                break;
            }
            let was = tui.screen(selected);
            tui.send("j");
            tui.wait_for("the selection to move", |s| selected(s) != was);
        }
        assert_eq!(tui.screen(selected).map(|(k, _)| k).as_deref(), Some("TAN-2"));
        tui.send("s");
        tui.wait_for(&format!("the pull question at {cols}x{rows}"), |s| {
            let c = s.contents();
            c.contains("Pull into the sprint") && c.contains("Pull TAN-2 into Sprint 24? It is already done.")
        });
        tui.send("y");
        tui.wait_for("TAN-2 pulled, saved", |s| {
            status(s).contains("Pulled TAN-2 into Sprint 24") && status(s).contains("│ saved ")
        });

        tui.send("4S");
        tui.wait_for(&format!("the early start question at {cols}x{rows}"), |s| {
            let c = s.contents();
            c.contains("Start the sprint early")
                && c.contains(&format!("It is planned for {} – {}", s24.start, s24.end))
                && c.contains("keep the planned dates")
                && c.contains("move them to")
        });
        tui.send("m");
        tui.wait_for("Sprint 24 active, saved", |s| {
            s.contents().contains(" Sprint 24 active") && status(s).contains("│ saved ")
        });
        tui.quit();

        let ws = env.read();
        assert_eq!(ws.item_by_key("TAN-2").unwrap().sprint, Some(s24.meta.id), "the answer was yes");
        let s = ws.sprint(s24.meta.id).unwrap();
        assert_eq!(s.state, SprintState::Active);
        let today = s.started_at.expect("started").date_naive();
        assert!(today < s24.start, "it started early");
        assert_eq!((s.start, s.end - s.start), (today, s24.end - s24.start), "moved to today, as long as planned");
    }
    report("sprint_questions", start);
}
