//! The item detail with the story's commits and branches, rendered on a
//! `TestBackend` at 80x24 and 160x48 from the demo workspace with a fixed
//! clock and a trail made by hand (what the reading thread would send).
//! Git's text is untrusted: a subject with escape sequences shows them as
//! text.
//!
//! Update after an intended change with `INSTA_UPDATE=always cargo test
//! --test tui_trail_snapshots`, then read the `.snap` diffs.

mod tui_common;

use backlog::store::trail::{Branch, Commit, Stats, Trail};
use backlog::tui::app::App;
use backlog::tui::trail::{Known, TrailEvent, on_event};
use chrono::TimeZone;
use ratatui::crossterm::event::KeyCode;
use std::sync::Arc;
use tui_common::*;

fn commit(hash: &str, day: u32, author: &str, subject: &str, on_default: bool, closes: bool) -> Commit {
    Commit {
        hash: hash.into(),
        short: hash[..7].into(),
        subject: subject.into(),
        author: author.into(),
        date: chrono::Utc.with_ymd_and_hms(2025, 6, day, 10, 0, 0).unwrap(),
        on_default,
        keys: vec!["TAN-18".into()],
        closes: if closes { vec!["TAN-18".into()] } else { Vec::new() },
    }
}

/// Three commits naming TAN-18 (one closing it on main, one on a branch
/// only, one with escape sequences in its subject) and two branches.
fn trail() -> Trail {
    let commits = vec![
        commit(
            "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
            20,
            "Ada Lovelace",
            "Fixes TAN-18: profile photo upload",
            true,
            true,
        ),
        commit(
            "2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c",
            18,
            "Grace Hopper",
            "TAN-18 crop the photo before upload",
            false,
            false,
        ),
        commit(
            "3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
            16,
            "Mallory \u{1b}]0;x\u{7}",
            "refs TAN-18 \u{1b}[2J\u{1b}[31mred",
            true,
            false,
        ),
    ];
    let branch = |name: &str, remote| Branch {
        name: name.into(),
        remote,
        commit: "2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c".into(),
        keys: vec!["TAN-18".into()],
    };
    let branches = vec![branch("tan-18-photo-crop", false), branch("origin/tan-18-photo-crop", true)];
    Trail::new(Some("main".into()), commits, branches, Stats::default())
}

/// TAN-18's detail, with the trail as the reading thread would send it.
fn detail(a: &mut App) {
    on_event(&mut a.state, TrailEvent::Read(Box::new(trail())));
    typ(a, "j");
    assert_eq!(selected_key(a).as_deref(), Some("TAN-18"));
    key(a, KeyCode::Enter);
}

#[test]
fn the_detail_lists_the_storys_commits_and_branches() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = app();
        resize(&mut a, w, h);
        detail(&mut a);
        // At 80x24 the detail fills the pane: the commits are further down.
        if w == 80 {
            for _ in 0..12 {
                typ(&mut a, "j");
            }
        }
        let frame = render(&mut a, w, h);
        assert!(!frame.contains('\u{1b}'), "no escape reaches the screen");
        insta::assert_snapshot!(format!("detail_commits_{w}x{h}"), frame);
    }
}

#[test]
fn before_the_first_answer_and_outside_a_repository_the_detail_says_nothing_of_commits() {
    let mut a = app();
    resize(&mut a, 160, 48);
    typ(&mut a, "j");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.state.trail, Known::NotRead));
    assert!(!render(&mut a, 160, 48).contains("Commits"));
    on_event(&mut a.state, TrailEvent::NoRepository);
    assert!(!render(&mut a, 160, 48).contains("Commits"));
    // Once read, it is there; another story's detail shows none of it.
    a.state.trail = Known::Read(Arc::new(trail()));
    assert!(render(&mut a, 160, 48).contains("Commits (3) · ✓ 2 on main"));
    typ(&mut a, "j");
    assert!(!render(&mut a, 160, 48).contains("Commits"));
}

#[test]
fn a_failed_read_is_said_once_in_the_log() {
    let mut a = app();
    for _ in 0..3 {
        on_event(&mut a.state, TrailEvent::Failed("git log failed".into()));
    }
    let said: Vec<_> = a.state.log.iter().filter(|l| l.text.contains("git log failed")).collect();
    assert_eq!(said.len(), 1, "{said:?}");
}
