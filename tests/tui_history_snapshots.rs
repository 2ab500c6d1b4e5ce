//! The history popups on a `TestBackend`, at 80x24 and 160x48, from the
//! demo (whose changes were made by Anna, the PO, and Tobias, the PM): an
//! item's every change (`Y`), and the activity feed since the last look
//! (`A`), which then remembers the newest change as seen.

mod tui_common;

use backlog::tui::state::{Effect, Modal};
use chrono::{DateTime, Utc};
use tui_common::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

#[test]
fn an_items_history() {
    for (w, h) in SIZES {
        let mut a = app();
        resize(&mut a, w, h);
        typ(&mut a, "j");
        assert_eq!(selected_key(&a).as_deref(), Some("TAN-18"));
        typ(&mut a, "Y");
        assert!(matches!(a.state.modal, Some(Modal::History { item: Some(_), .. })));
        insta::assert_snapshot!(format!("history_item_{w}x{h}"), render(&mut a, w, h));
        // Scrolled to its beginning: the creation comes first.
        typ(&mut a, "g");
        let top = render(&mut a, w, h);
        assert!(top.contains("created"), "{top}");
    }
}

#[test]
fn the_activity_feed_since_the_last_look() {
    let looked: DateTime<Utc> = "2026-11-18T14:00:00Z".parse().unwrap();
    for (w, h) in SIZES {
        let mut a = app();
        resize(&mut a, w, h);
        a.state.seen = Some(looked);
        let effects = backlog::tui::update::update(&mut a.state, &a.ws, backlog::tui::action::Action::Activity);
        let newest = a.ws.history.last().unwrap().at;
        assert!(matches!(effects.as_slice(), [Effect::MarkSeen(at)] if *at == newest), "{effects:?}");
        assert_eq!(a.state.seen, Some(newest), "seen up to the newest change");
        insta::assert_snapshot!(format!("history_activity_{w}x{h}"), render(&mut a, w, h));
        // Opened again: nothing new, so it says so and shows the latest.
        typ(&mut a, "q");
        let again = backlog::tui::update::update(&mut a.state, &a.ws, backlog::tui::action::Action::Activity);
        assert!(again.is_empty(), "nothing more to remember");
        let text = render(&mut a, w, h);
        assert!(text.contains("Activity: nothing new since 2026-11-18 16:20"), "{text}");
    }
}
