//! Sprints keep their numbers straight, through the real binary: one count
//! of what a sprint holds in the warnings, `sprint show` and its JSON; done
//! or dropped work refused unless forced; warnings once per command; the
//! Definition of Ready told on a pull; an early start that keeps or moves
//! the dates; one carry-over default; review notes wherever the review is;
//! velocity over the sprints it really used.

mod common;

use backlog::domain::sprint::SprintState;
use common::pty::Env;

/// What a command printed on stdout and stderr, and whether it succeeded.
fn run(env: &Env, args: &[&str]) -> (bool, String, String) {
    let out = env.command().args(args).output().expect("the binary runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

fn lines_with<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(needle)).collect()
}

/// A done item and a dropped one are refused, naming both and the fix,
/// and the file is left as it was, byte for byte. Forced, they go in, and
/// the count the warning gives is the count `sprint show` gives: the
/// dropped item's 13 points are in neither.
#[test]
fn sprint_add_refuses_done_or_dropped_work_unless_forced_and_counts_it_once() {
    let env = Env::demo();
    env.cli(&["sprint", "edit", "Sprint 24", "--capacity", "18"]);
    // TAN-10 is dropped; give it points, as a file from elsewhere may.
    env.cli(&["edit", "TAN-10", "--points", "13"]);
    let before = std::fs::read(&env.ws).unwrap();
    let (ok, _, err) = run(&env, &["sprint", "add", "TAN-5", "TAN-10", "--sprint", "Sprint 24"]);
    assert!(!ok, "refused");
    assert!(err.contains("TAN-5 (it is already done), TAN-10 (it was dropped)"), "{err}");
    assert!(err.contains("nothing was pulled") && err.contains("--force"), "{err}");
    assert!(std::fs::read(&env.ws).unwrap() == before, "a refused pull leaves the file as it was");

    let (ok, out, err) = run(&env, &["sprint", "add", "TAN-5", "TAN-10", "--sprint", "Sprint 24", "--force"]);
    assert!(ok, "{err}");
    assert!(out.contains("TAN-5 -> Sprint 24") && out.contains("TAN-10 -> Sprint 24"), "{out}");
    assert!(err.contains("warning: TAN-5: it is already done"), "{err}");
    // Sprint 24 held 17 points; TAN-5 adds 5, TAN-10 nothing (dropped).
    assert_eq!(lines_with(&err, "over capacity"), ["warning: Sprint 24 is over capacity: 22 of 18 points"], "{err}");
    let shown = env.cli(&["sprint", "show", "Sprint 24"]);
    assert!(shown.contains("  committed  22 points\n"), "{shown}");
    assert!(shown.contains("  done       5 of 22 points\n"), "{shown}");
    let json: serde_json::Value = serde_json::from_str(&env.cli(&["sprint", "show", "Sprint 24", "--json"])).unwrap();
    assert_eq!((json["committed_points"].as_u64(), json["scope_points"].as_u64()), (Some(22), Some(22)));
    let list = env.cli(&["sprint", "list"]);
    assert!(lines_with(&list, "Sprint 24")[0].contains(" 5/22 "), "{list}");
}

/// Pulling three items past the capacity warns once, naming where they
/// ended, not once per item with the number each reached; what an item
/// lacks of the Definition of Ready is told too.
#[test]
fn a_pull_of_several_items_warns_once_with_the_final_commitment() {
    let env = Env::demo();
    let (ok, _, err) = run(&env, &["sprint", "add", "TAN-11", "TAN-23", "TAN-29", "TAN-12", "--sprint", "Sprint 24"]);
    assert!(ok, "{err}");
    // 17 + 8 + 5 + 3 + 0 = 33 of 32; velocity 27 (27, 29, 25).
    assert_eq!(lines_with(&err, "capacity"), ["warning: Sprint 24 is over capacity: 33 of 32 points"], "{err}");
    assert_eq!(
        lines_with(&err, "velocity"),
        ["warning: Sprint 24 commits 33 points, above the recent velocity of 27"],
        "{err}"
    );
    assert_eq!(
        lines_with(&err, "Definition of Ready"),
        ["warning: TAN-12 misses the Definition of Ready: no estimate, no acceptance criterion"],
        "{err}"
    );
    // The item's own concerns come first, then what the pull came to.
    let new = err.find("TAN-12: it is new").expect("TAN-12's concerns");
    assert!(new < err.find("over capacity").unwrap(), "{err}");
}

/// `sprint start` before the planned start keeps the dates and says so,
/// with the command that would move them; `--move-dates` runs it from
/// today for as long as it was planned. Closing first carries the
/// unfinished work over to the planned sprint, as the TUI's dialog does.
#[test]
fn starting_early_keeps_the_dates_unless_told_and_closing_carries_over_by_default() {
    for move_dates in [false, true] {
        let env = Env::demo();
        let before = env.read();
        let s24 = before.sprint_by_name("Sprint 24").unwrap().clone();
        let open23 = before
            .live_items()
            .filter(|i| i.sprint == before.active_sprint().map(|s| s.meta.id) && !i.status.is_closed())
            .count();
        let closed = env.cli(&["sprint", "close"]);
        assert!(closed.contains(&format!("{open23} items carried over to Sprint 24")), "{closed}");
        let args: &[&str] = if move_dates { &["sprint", "start", "--move-dates"] } else { &["sprint", "start"] };
        let out = env.cli(args);
        let ws = env.read();
        let s = ws.sprint(s24.meta.id).unwrap();
        assert_eq!(s.state, SprintState::Active);
        let today = s.started_at.expect("started").date_naive();
        assert!(today < s24.start, "the demo's Sprint 24 starts after today");
        if move_dates {
            assert_eq!((s.start, s.end - s.start), (today, s24.end - s24.start), "from today, as long as planned");
            assert!(out.contains(&format!("it now runs {} – {}", s.start, s.end)), "{out}");
        } else {
            assert_eq!((s.start, s.end), (s24.start, s24.end), "the planned dates stay");
            assert!(out.contains(&format!("its planned dates {} – {} stay", s24.start, s24.end)), "{out}");
            let moved = today + (s24.end - s24.start);
            assert!(
                out.contains(&format!("backlog sprint edit \"Sprint 24\" --start {today} --end {moved}")),
                "the way to move them: {out}"
            );
        }
    }
}

/// With nothing planned, `sprint start` says so (not "use next" for
/// "next"); so do the words a sprint can be named by.
#[test]
fn sprint_start_with_nothing_planned_says_so() {
    let env = Env::empty();
    let (ok, _, err) = run(&env, &["sprint", "start"]);
    assert!(!ok);
    assert!(err.contains("there is no planned sprint to start: plan one with `backlog sprint new`"), "{err}");
    env.cli(&["sprint", "new", "Only"]);
    env.cli(&["sprint", "start"]);
    let (ok, _, err) = run(&env, &["sprint", "start"]);
    assert!(!ok);
    assert!(err.contains("there is no planned sprint to start (Only is running)"), "{err}");
    let (_, _, err) = run(&env, &["sprint", "show", "next"]);
    assert!(err.contains("there is no planned sprint: plan one with `backlog sprint new`"), "{err}");
    assert!(!err.contains("use active, next"), "{err}");
}

/// Review notes given at the close are kept in the review and shown by
/// `sprint show` (text and JSON), and in the Markdown and HTML exports.
#[test]
fn review_notes_are_shown_wherever_the_review_is() {
    let env = Env::demo();
    env.cli(&["sprint", "close", "--goal-met", "yes", "--notes", "Swaps live at two venues\nDATEV <next>"]);
    let ws = env.read();
    let s23 = ws.sprint_by_name("Sprint 23").unwrap();
    assert_eq!(s23.review.as_ref().unwrap().notes, "Swaps live at two venues\nDATEV <next>");
    let shown = env.cli(&["sprint", "show", "Sprint 23"]);
    assert!(shown.contains("  notes      Swaps live at two venues\n             DATEV <next>\n"), "{shown}");
    let json: serde_json::Value = serde_json::from_str(&env.cli(&["sprint", "show", "Sprint 23", "--json"])).unwrap();
    assert_eq!(json["review"]["notes"], "Swaps live at two venues\nDATEV <next>");
    let md = env.cli(&["export", "sprint", "Sprint 23", "--format", "md"]);
    assert!(md.contains("## Review notes\n\nSwaps live at two venues\nDATEV &lt;next&gt;\n"), "{md}");
    let html = env.cli(&["export", "sprint", "Sprint 23", "--format", "html"]);
    assert!(html.contains("<h2>Review notes</h2><p>Swaps live at two venues<br>DATEV &lt;next&gt;</p>"), "{html}");
}

/// With one closed sprint and a window of three (the demo without the two
/// it brought from Jira), the sprint page says the velocity is over the
/// last closed sprint, not "the last 3".
#[test]
fn velocity_says_how_many_closed_sprints_it_used() {
    let env = Env::demo_young();
    assert_eq!(env.read().settings.velocity_window, 3);
    let html = env.cli(&["export", "sprint", "--format", "html"]);
    assert!(html.contains("Velocity (last closed sprint): 25.0 points"), "{html}");
    assert!(!html.contains("last 3 closed sprints"), "{html}");
    let md = env.cli(&["export", "sprint", "--format", "md"]);
    assert!(md.contains("Velocity (last closed sprint): 25.0 points"), "{md}");
    env.cli(&["sprint", "close"]);
    let html = env.cli(&["export", "sprint", "Sprint 23", "--format", "html"]);
    assert!(html.contains("Velocity (last 2 closed sprints)"), "{html}");
}
