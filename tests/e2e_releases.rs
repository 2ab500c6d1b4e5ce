//! Releases, the team and WIP limits in a real terminal: a card moved past
//! its column's WIP limit is moved and warned about, the board's header
//! says so, the file has the move, and `W` sets the limit from the board; an item's release is chosen in the
//! edit form and lands on disk; the roadmap shows each release against its
//! target, and the planning view each person's load against their share.

mod common;

use backlog::domain::Status;
use common::pty::*;

#[test]
fn a_move_past_the_wip_limit_is_warned_about_and_saved() {
    let _serial = serial();
    let start = std::time::Instant::now();
    let env = Env::demo();
    // In progress holds two cards (TAN-7, TAN-17): a limit of two is met.
    env.cli(&["settings", "set", "--wip", "in_progress=2"]);
    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    tui.send("4");
    tui.wait_for("the board at its limit", |s| s.contents().contains(" In progress 2/2 "));
    // The selected card is To do's first, TAN-18 (ready): one step right.
    tui.wait_for("TAN-18 selected", |s| selected(s).is_some_and(|(k, _)| k == "TAN-18"));
    tui.send(">");
    tui.wait_for("the move, warned about and saved", |s| {
        let st = status(s);
        st.contains("│ saved ") && st.contains("TAN-18: ready → in progress")
    });
    tui.wait_for("the header past the limit", |s| s.contents().contains(" In progress 3/2 "));
    // The whole warning is in the message log (wrapped at 100 columns).
    tui.send("@");
    tui.wait_for("the warning in the log", |s| {
        let c = s.contents();
        c.contains("warning: TAN-18: ready → in progress · In progress now holds 3 items, past its WIP")
            && c.contains("limit of 2: finish one before starting another")
    });
    tui.send("\x1b");
    tui.wait_for("the log closed", |s| !s.contents().contains("Messages ("));
    // The limit is raised from the board: `W` on the column of the card.
    tui.send("W");
    tui.wait_for("the WIP limit form", |s| s.contents().contains("WIP limit: In progress"));
    tui.send("\x154\r");
    tui.wait_for("the header within the new limit, saved", |s| {
        s.contents().contains(" In progress 3/4 ") && status(s).contains("│ saved ")
    });
    tui.quit();
    let ws = env.read();
    assert_eq!(ws.item_by_key("TAN-18").map(|i| i.status), Some(Status::InProgress), "made all the same");
    assert_eq!(ws.settings.wip_limits.get("in_progress"), Some(&4), "the limit set on the board");
    report("wip limit", start);
}

#[test]
fn a_release_chosen_in_the_form_lands_on_disk_and_the_panes_show_it() {
    let _serial = serial();
    let start = std::time::Instant::now();
    let env = Env::demo();
    let mut tui = env.tui(&[]);
    tui.resize(40, 120);
    tui.wait_for("the backlog", ready);
    // TAN-23 (refined, in no release) is some rows down.
    for _ in 0..40 {
        if tui.screen(selected).is_some_and(|(k, _)| k == "TAN-23") {
            break;
        }
        let was = tui.screen(selected);
        tui.send("j");
        tui.wait_for("the selection to move", |s| selected(s) != was);
    }
    assert_eq!(tui.screen(selected).map(|(k, _)| k).as_deref(), Some("TAN-23"));
    tui.send("e");
    tui.wait_for("the edit form", |s| s.contents().contains("Edit TAN-23") && s.contents().contains("Release"));
    // Title, kind, points, status, assignee, the story's three, labels,
    // initiative: the release is the eleventh field.
    tui.send(&"\t".repeat(10));
    tui.wait_for("the release field", |s| s.contents().contains("Release       ‹ — ›"));
    // By target: DATEV 1.0 (due first), then Swaps 1.0.
    tui.send("  ");
    tui.wait_for("Swaps 1.0 chosen", |s| s.contents().contains("‹ Swaps 1.0 (due"));
    tui.send("\r");
    tui.wait_for("the edit, saved", |s| status(s).contains("Updated TAN-23") && status(s).contains("│ saved "));
    let ws = env.read();
    let swaps = ws.release_by_name("Swaps 1.0").expect("the demo's release").meta.id;
    assert_eq!(ws.item_by_key("TAN-23").and_then(|i| i.release), Some(swaps));

    // The roadmap's strip, and the team's load in planning.
    tui.send("2");
    tui.wait_for("the releases strip", |s| {
        let c = s.contents();
        c.contains(" RELEASES 2 ") && c.contains("DATEV 1.0") && c.contains("Swaps 1.0") && c.contains("85% ")
    });
    tui.send("4v");
    tui.wait_for("each person's load", |s| {
        let c = s.contents();
        c.contains(" Team load ") && ["jonas", "lena", "mira"].iter().all(|n| c.contains(n))
    });
    tui.quit();
    report("release form", start);
}
