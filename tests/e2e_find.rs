//! Finding, typed into the real binary in a pseudo-terminal at 80x24 and
//! 120x40, reading the screen: an OR filter with parentheses shows what
//! either side finds; a half-typed one says where it is unfinished; a key
//! typed in full selects that item alone, done or not; `O` sorts by a
//! column; Ctrl-g goes to an initiative in its pane.

mod common;

use backlog::domain::{ItemKind, Status};
use common::pty::*;

/// The backlog keys on screen, top to bottom.
fn shown(s: &vt100::Screen) -> Vec<String> {
    lines(s).iter().filter_map(|l| row_key(l).map(str::to_owned)).collect()
}

#[test]
fn an_or_filter_an_exact_key_a_sort_and_go_to_at_two_sizes() {
    let _serial = serial();
    for (cols, rows) in [(80u16, 24u16), (120, 40)] {
        let env = Env::demo_as_opened();
        let ws = env.read();
        let kind = |k: &str| ws.item_by_key(k).map(|i| i.kind);
        let mut tui = env.tui(&[]);
        tui.resize(rows, cols);
        tui.wait_for("the backlog", ready);
        tui.wait_for("done work hidden", |s| s.contents().contains("done hidden"));

        // Bugs or spikes, none of them done: the parentheses group the OR.
        tui.send("/(kind:bug OR kind:spike) -status:done");
        tui.wait_for("the OR filter typed", |s| s.contents().contains("/ (kind:bug OR kind:spike) -status:done"));
        let keys = tui.screen(shown);
        assert!(keys.iter().any(|k| kind(k) == Some(ItemKind::Bug)), "{cols}x{rows}: a bug in {keys:?}");
        assert!(keys.iter().any(|k| kind(k) == Some(ItemKind::Spike)), "{cols}x{rows}: a spike in {keys:?}");
        for k in &keys {
            let i = ws.item_by_key(k).unwrap();
            assert!(matches!(i.kind, ItemKind::Bug | ItemKind::Spike) && i.status != Status::Done, "{k}");
        }
        // Unfinished: the bugs so far, and where it is unfinished.
        tui.send("\x15(kind:bug OR ");
        tui.wait_for("where the filter is unfinished", |s| {
            s.contents().contains("\"OR\" at column 11 has nothing after")
        });
        tui.screen(|s| assert!(shown(s).iter().all(|k| kind(k) == Some(ItemKind::Bug)), "{}", s.contents()));

        // A key in full: that item alone, selected, though it is done.
        tui.send("\x15TAN-1");
        tui.wait_for("TAN-1 alone, selected", |s| {
            shown(s) == ["TAN-1"] && selected(s).is_some_and(|(k, _)| k == "TAN-1")
        });
        tui.screen(|s| assert!(s.contents().contains("Backlog 1 of 40"), "{}", s.contents()));
        tui.send("\r");
        tui.wait_for("the filter kept", |s| !s.contents().contains("TAN-1▏"));
        tui.send("\x1b");
        tui.wait_for("the filter cleared", |s| status(s).contains("Filter cleared"));

        // Sorted by points, high to low: the header says so.
        tui.send("O");
        tui.wait_for("the sort picker", |s| s.contents().contains("Sort the backlog"));
        tui.send("pOp");
        // (The frame is read whole: a screen half drawn does not count.)
        let high_to_low = |s: &vt100::Screen| {
            let points: Vec<Option<u32>> = shown(s).iter().map(|k| ws.item_by_key(k).unwrap().estimate).collect();
            let known: Vec<u32> = points.iter().flatten().copied().collect();
            let first_none = points.iter().position(Option::is_none).unwrap_or(points.len());
            known.len() > 3
                && known.windows(2).all(|w| w[0] >= w[1])
                && points[first_none..].iter().all(Option::is_none)
        };
        tui.wait_for("sorted by points, high to low", |s| s.contents().contains("PTS▼") && high_to_low(s));

        // Go to R3 from the Backlog: the Roadmap, R3 selected.
        tui.send("\x07");
        tui.wait_for("the go-to prompt", |s| s.contents().contains("Go to"));
        tui.send("r3");
        tui.wait_for("what Enter opens", |s| s.contents().contains("Roadmap · R3 Rest-period"));
        tui.send("\r");
        tui.wait_for("R3 selected on the Roadmap", |s| s.contents().contains("NOW") && highlighted(s, "R3 "));
        tui.quit();
        // Finding and sorting wrote nothing.
        assert_eq!(ranked_keys(&env.read()), ranked_keys(&ws));
    }
}
