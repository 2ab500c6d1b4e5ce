//! Numbers typed into the real TUI in a pseudo-terminal reach the file as
//! typed: a KPI baseline of `1,000` in the goal form is a thousand on disk
//! and on the gauge (it was stored as 1), and `2,5` is refused on its field
//! with the number to type, leaving the file as it was. At 80x24 and
//! 120x40.

mod common;

use common::pty::*;

#[test]
fn a_thousands_comma_typed_into_the_goal_form_reaches_the_file() {
    let _serial = serial();
    for (rows, cols) in [(24, 80), (40, 120)] {
        let env = Env::demo();
        let mut tui = env.tui_with(&["--role", "pm"], &[]);
        tui.resize(rows, cols);
        tui.wait_for("the PM's session", |s| ready(s) && status(s).contains(" PM ") && s.size().1.get() == cols);
        tui.send("1");
        tui.send("n");
        tui.wait_for("the goal form", |s| s.contents().contains("New business goal"));
        // Title, status, description, then the first KPI's name, unit,
        // baseline, target.
        tui.send("Sell team seats\t\t\tSeats\tseats\t1,000\t1300\r");
        tui.wait_for("the goal saved", |s| status(s).contains("Added goal G5 Sell team seats"));
        tui.wait_for("on disk", |s| status(s).contains("│ saved "));
        let ws = env.read();
        let k = &ws.goal_by_key("G5").expect("G5 in the file").kpis[0];
        assert_eq!((k.baseline, k.target, k.current), (1000.0, 1300.0, 1000.0), "{rows}x{cols}");
        if cols >= 120 {
            tui.wait_for("the gauge", |s| s.contents().contains("0% 1000 seats → 1000 seats → 1300"));
        }

        // A decimal comma: refused where it was typed, with the fix.
        let before = std::fs::read(&env.ws).unwrap();
        tui.send("n");
        tui.wait_for("the goal form again", |s| s.contents().contains("New business goal"));
        tui.send("Churn\t\t\tChurn\t%\t2,5\t1.5\r");
        tui.wait_for("the field's error", |s| s.contents().contains("\"2,5\": use a point for decimals: 2.5"));
        tui.send("\x1b");
        tui.wait_for("the discard question", |s| !s.contents().contains("\"2,5\": use a point"));
        tui.send("y");
        tui.wait_for("the form gone", |s| !s.contents().contains("New business goal"));
        tui.quit();
        assert_eq!(std::fs::read(&env.ws).unwrap(), before, "{rows}x{cols}: nothing saved");
    }
}
