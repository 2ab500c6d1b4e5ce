//! How keys change the UI state and, through the driver, the workspace:
//! selection bounds, reordering, sprint membership, forms, delete with undo
//! and redo, filters, the role guard, and another session's changes
//! arriving. Everything goes through `App::on_event`, as in the terminal.

mod tui_common;

use backlog::tui::state::Pane;
use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use tui_common::*;

fn click(app: &mut backlog::tui::app::App, column: u16, row: u16) {
    send(
        app,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }),
    );
}

/// A click on a tab's label opens that pane, at full width and when the
/// bar is compacted to fit a narrow terminal.
#[test]
fn clicking_a_tab_opens_its_pane() {
    let mut a = app();
    for (w, h) in [(80, 24), (160, 48), (40, 10)] {
        resize(&mut a, w, h);
        for pane in [Pane::Vision, Pane::Sprint, Pane::Roadmap, Pane::Backlog] {
            // Find the tab on screen (" 2 Roadmap ", or " 2 " when compact)
            // and click every column of it.
            let other = if pane == Pane::Backlog { Pane::Vision } else { Pane::Backlog };
            a.state.pane = other;
            let t = draw(&mut a, w, h);
            let bar = row_text(t.backend().buffer(), 0);
            let n = pane.index() + 1;
            let (start, len) = [format!(" {n} {} ", pane.title()), format!(" {n} ")]
                .iter()
                .find_map(|l| bar.find(l.as_str()).map(|i| (i, l.len())))
                .expect("every tab shows its number");
            for col in start..start + len {
                a.state.pane = other;
                click(&mut a, col as u16, 0);
                assert_eq!(a.state.pane, pane, "clicked column {col} of {bar:?} at {w}x{h}");
            }
        }
    }
}
