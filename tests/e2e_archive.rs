//! The archive in the real binary, in a pseudo-terminal: after `backlog
//! archive`, `is:archived` in the `/` filter opens what was moved out,
//! read-only, and leaves both files as they were; what another process
//! brings back meanwhile is gone from the next open.

mod common;

use common::pty::*;

#[test]
fn archived_items_open_read_only_from_the_filter_and_the_files_stay_as_they_were() {
    let _serial = serial();
    let env = Env::demo();
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(1)).to_string();
    env.cli(&["archive", "--before", &tomorrow]);
    let archive = env.dir.path().join("backlog.archive.json");
    let (ws_bytes, archive_bytes) = (std::fs::read(&env.ws).unwrap(), std::fs::read(&archive).unwrap());

    let mut tui = env.tui(&[]);
    tui.resize(30, 110);
    tui.wait_for("the backlog", ready);
    tui.send("/is:archived rest");
    tui.wait_for("the hint", |s| s.contents().contains("Enter open the archive"));
    tui.send("\r");
    tui.wait_for("the archived story", |s| {
        s.contents().contains("Archive is:archived rest · 1 archived item") && s.contents().contains("TAN-2")
    });
    tui.screen(|s| assert!(s.contents().contains("epic: TAN-1 Working-hours checks"), "{}", s.contents()));
    tui.send("e");
    tui.wait_for("closed, the backlog again", |s| !s.contents().contains("Archive is:archived") && ready(s));
    assert_eq!(std::fs::read(&env.ws).unwrap(), ws_bytes, "looking changed nothing");
    assert_eq!(std::fs::read(&archive).unwrap(), archive_bytes);

    // Another process brings one back; the next open reads the archive again.
    let out = env.command().args(["unarchive", "TAN-34"]).output().unwrap();
    assert!(out.status.success());
    tui.wait_for("the other session's change", |s| s.contents().contains("Updated with changes from another session"));
    tui.send("/is:archived watch");
    tui.send("\r");
    tui.wait_for("nothing archived matches", |s| s.contents().contains("No archived item matches."));
    tui.send("\x1b");
    tui.wait_for("closed", |s| !s.contents().contains("Archive is:archived"));
    tui.quit();

    let ws = env.read();
    assert!(ws.item_by_key("TAN-34").is_some() && ws.item_by_key("TAN-2").is_none());
}
