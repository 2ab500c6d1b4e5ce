//! Comments, dependencies, the Definition of Ready and `/` with terms, end
//! to end: keys typed into the TUI in a real pty, then the file on disk.

mod common;

use common::pty::*;
use std::time::Instant;

#[test]
fn comment_link_filter_and_undo_reach_the_file() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let mut tui = env.tui(&[("USER", "anna")]);
    tui.wait_for("the backlog", ready);

    // Find TAN-9 by its key with a term, and comment on it.
    tui.send("/tan-9 status:ready\r");
    tui.wait_for("TAN-9 alone", |s| selected(s).is_some_and(|(k, _)| k == "TAN-9") && row_of(s, "TAN-18").is_none());
    tui.send("mNeeds the new profile screen first\r");
    tui.wait_for("the comment, saved", |s| status(s).contains("Commented on TAN-9") && status(s).contains("│ saved "));
    let c = env.read().item_by_key("TAN-9").unwrap().comments.last().unwrap().clone();
    assert_eq!((c.author.as_str(), c.text.as_str()), ("anna", "Needs the new profile screen first"));

    // TAN-9 blocks TAN-24 and TAN-27: one change on disk.
    tui.send("LTAN-24, TAN-27\r");
    tui.wait_for("the links, saved", |s| {
        status(s).contains("TAN-9 now blocks TAN-24") && status(s).contains("│ saved ")
    });
    let ws = env.read();
    let blocks: Vec<String> =
        ws.item_by_key("TAN-9").unwrap().blocks.iter().map(|id| ws.item(*id).unwrap().key.clone()).collect();
    assert_eq!(blocks.len(), 2, "{blocks:?}");

    // The filter with a term finds what is blocked now.
    // (Esc alone: followed at once by a key, a terminal reads it as Alt.)
    tui.send("\x1b");
    tui.wait_for("the filter cleared", |s| status(s).contains("Filter cleared"));
    tui.send("/is:blocked\r");
    tui.wait_for("the blocked items", |s| row_of(s, "TAN-24").is_some() && row_of(s, "TAN-9").is_none());
    assert!(tui.screen(|s| row_text(s, "TAN-24").unwrap().contains('⊘')), "the list marks blocked work");

    // One undo takes both links back on disk.
    tui.send("u");
    tui.wait_for("the undo, saved", |s| status(s).contains("Undone") && status(s).contains("│ saved "));
    assert!(env.read().item_by_key("TAN-9").unwrap().blocks.is_empty());
    tui.send("q");
    let (status, _) = tui.wait_exit(LIMIT);
    assert!(status.success(), "{status:?}");
    assert_eq!(env.read().item_by_key("TAN-9").unwrap().comments.len(), 1, "the comment stays");
    report("comment_link_filter_undo", start);
}
