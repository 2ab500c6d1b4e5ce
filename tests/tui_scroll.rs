//! Popups scroll as lists do, through one behaviour: j/k, PgUp/PgDn, g/G
//! and Home/End move the alignment report, the help, an initiative, a
//! sprint's review, the conflicts and the Definition popup, and never close
//! them. Driven through `App::on_event` on a fixed clock; snapshots at
//! 80x24 and 160x48.

mod tui_common;

use backlog::domain::command::NewItem;
use backlog::domain::{Command, Ctx, IdGen, Role, Workspace, apply};
use backlog::tui::app::App;
use backlog::tui::state::Modal;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

/// The demo with `n` more stories linked to no initiative, as a Jira import
/// leaves them.
fn with_unlinked(n: usize) -> Workspace {
    let mut ws = demo_ws();
    let mut ctx = Ctx::new(now(), Role::Po);
    ctx.ids = IdGen::sequential();
    ctx.confirmed = true;
    for i in 1..=n {
        let item = NewItem { title: format!("Imported story number {i}"), ..Default::default() };
        apply(&mut ws, Command::AddItem(Box::new(item)), &mut ctx).expect("the story is added");
    }
    ws
}

/// The key of the alignment entry under the cursor.
fn alignment_selection(a: &App) -> Option<String> {
    let Some(Modal::Alignment { report, row }) = &a.state.modal else { return None };
    let lines = backlog::tui::update::alignment_entries(report);
    let first = lines.iter().position(|l| l.target.is_some())?;
    let row = if lines[*row].target.is_some() { *row } else { first };
    Some(lines[row].text.clone())
}

#[test]
fn the_alignment_report_pages_and_jumps_without_closing() {
    let mut a = app_on(with_unlinked(351), Role::Po);
    typ(&mut a, "a");
    let top = render(&mut a, 80, 24);
    assert!(top.contains("Stories linked to no initiative (351)"), "{top}");
    assert!(!top.contains("points trace up to a goal"), "the sprint's line is far below");
    assert!(top.contains("lines 1–20 of"), "{top}");

    // PgDn moves a page down and stays open.
    key(&mut a, KeyCode::PageDown);
    assert!(matches!(a.state.modal, Some(Modal::Alignment { .. })), "PgDn keeps it open");
    let first = alignment_selection(&a).unwrap();
    key(&mut a, KeyCode::PageUp);
    key(&mut a, KeyCode::PageDown);
    assert_eq!(alignment_selection(&a), Some(first.clone()), "PgUp and PgDn are a page each way");
    assert_ne!(render(&mut a, 80, 24), top, "the view moved with the selection");

    // G: the last entry, the sprint's line in view.
    typ(&mut a, "G");
    assert!(matches!(a.state.modal, Some(Modal::Alignment { .. })), "G keeps it open");
    let end = render(&mut a, 80, 24);
    assert!(end.contains("Sprint 23: 31 of 34 points trace up to a goal (91%)"), "{end}");
    let last = alignment_selection(&a).unwrap();
    assert!(end.lines().any(|l| l.contains(&last) && l.contains("reversed")), "the last entry is selected:\n{end}");
    insta::assert_snapshot!("alignment_end_80x24", end);
    insta::assert_snapshot!("alignment_end_160x48", render(&mut a, 160, 48));

    // g and Home: back to the first entry; End like G.
    typ(&mut a, "g");
    assert_eq!(alignment_selection(&a).as_deref(), Some("R4"), "the first entry");
    assert_eq!(render(&mut a, 80, 24), top);
    key(&mut a, KeyCode::End);
    assert_eq!(alignment_selection(&a), Some(last.clone()));
    key(&mut a, KeyCode::Home);
    assert_eq!(render(&mut a, 80, 24), top);
    // Enter still goes to the entry selected.
    key(&mut a, KeyCode::End);
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none());
    assert_eq!(selected_key(&a), Some(last));
}

#[test]
fn help_takes_the_list_keys() {
    let mut a = app();
    typ(&mut a, "?");
    let top = render(&mut a, 80, 24);
    typ(&mut a, "G");
    let end = render(&mut a, 80, 24);
    assert!(end.contains("Redo") && matches!(a.state.modal, Some(Modal::Help { .. })), "{end}");
    typ(&mut a, "g");
    assert_eq!(render(&mut a, 80, 24), top);
    key(&mut a, KeyCode::End);
    assert_eq!(render(&mut a, 80, 24), end);
    key(&mut a, KeyCode::Home);
    key(&mut a, KeyCode::PageDown);
    let page = render(&mut a, 80, 24);
    assert!(page.contains("lines 21–40 of"), "{page}");
    key(&mut a, KeyCode::PageUp);
    assert_eq!(render(&mut a, 80, 24), top);
    typ(&mut a, "x");
    assert!(a.state.modal.is_none(), "any other key closes it");
}

#[test]
fn an_initiative_scrolls_with_the_list_keys() {
    let mut a = app();
    typ(&mut a, "2");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.state.modal, Some(Modal::Initiative { .. })));
    // At 80x14 its stories do not fit.
    let top = render(&mut a, 80, 14);
    for k in [KeyCode::PageDown, KeyCode::End, KeyCode::Char('G'), KeyCode::Char('g'), KeyCode::Home] {
        key(&mut a, k);
        assert!(matches!(a.state.modal, Some(Modal::Initiative { .. })), "{k:?} keeps it open");
    }
    assert_eq!(render(&mut a, 80, 14), top);
    typ(&mut a, "G");
    let end = render(&mut a, 80, 14);
    assert_ne!(end, top);
    // One k from the end is one line up: no dead presses past the end.
    typ(&mut a, "jjjk");
    assert_ne!(render(&mut a, 80, 14), end);
    insta::assert_snapshot!("initiative_end_80x14", end);
}

#[test]
fn a_review_taller_than_the_screen_scrolls_and_esc_closes_it() {
    let mut a = app();
    typ(&mut a, "4S");
    assert!(matches!(a.state.modal, Some(Modal::CloseSprint { .. })));
    typ(&mut a, "y");
    assert!(matches!(a.state.modal, Some(Modal::Review { .. })));
    let top = render(&mut a, 80, 12);
    assert!(top.contains("lines 1–"), "at 80x12 it does not fit:\n{top}");
    typ(&mut a, "G");
    let end = render(&mut a, 80, 12);
    assert!(end.contains("Share it: backlog export sprint"), "{end}");
    assert!(matches!(a.state.modal, Some(Modal::Review { .. })), "G keeps it open");
    insta::assert_snapshot!("review_end_80x12", end);
    typ(&mut a, "g");
    assert_eq!(render(&mut a, 80, 12), top);
    key(&mut a, KeyCode::Esc);
    assert!(a.state.modal.is_none());
}

/// Fifteen conflicts: G selects the last and shows it, PgUp a page back.
#[test]
fn conflicts_page_and_jump() {
    let mut ws = ws_with_conflict();
    let c = ws.conflicts[0].clone();
    for i in 1..15u128 {
        let mut more = c.clone();
        more.id = uuid::Uuid::from_u128(0xc0ff1c7 + i);
        more.at = c.at + chrono::Duration::minutes(i as i64);
        more.theirs = serde_json::json!(format!("Their title number {i}"));
        ws.conflicts.push(more);
    }
    let mut a = app_on(ws, Role::Po);
    typ(&mut a, "C");
    let row = |a: &App| match a.state.modal {
        Some(Modal::Conflicts { row }) => row,
        _ => panic!("the conflicts stay open"),
    };
    typ(&mut a, "G");
    assert_eq!(row(&a), 14);
    let end = render(&mut a, 80, 24);
    assert!(end.contains("Their title number 14"), "{end}");
    key(&mut a, KeyCode::PageUp);
    assert!(row(&a) < 14);
    key(&mut a, KeyCode::Home);
    assert_eq!(row(&a), 0);
    key(&mut a, KeyCode::End);
    assert_eq!(row(&a), 14);
}

/// The Definition popup of an epic: the estimate is not ticked (an epic's
/// is its children's), and an empty Definition of Done keeps its heading.
#[test]
fn the_definition_of_an_epic_does_not_tick_an_estimate_it_has_not() {
    let mut ws = demo_ws();
    ws.settings.definition_of_done = Default::default();
    let mut a = app_on(ws, Role::Po);
    select(&mut a, "TAN-4");
    assert_eq!(item(&a, "TAN-4").estimate, None);
    typ(&mut a, "D");
    let s = render(&mut a, 80, 24);
    assert!(!s.contains("✓ has an estimate"), "{s}");
    assert!(s.contains("– has an estimate"), "{s}");
    assert!(s.contains("not asked of an epic: its estimate is its children's"), "{s}");
    assert!(
        s.contains("Definition of Done ") && s.contains("nothing to check"),
        "the empty section keeps its heading:\n{s}"
    );
    assert!(s.contains("Ticked by a person") && s.contains("nothing to tick"), "{s}");
    insta::assert_snapshot!("definition_epic_80x24", s);
    insta::assert_snapshot!("definition_epic_160x48", render(&mut a, 160, 48));
}

/// Thirty items a person ticks: G selects the last one and shows it, and
/// Space ticks it.
#[test]
fn a_long_definition_scrolls_to_its_last_item() {
    let mut ws = demo_ws();
    ws.settings.definition_of_ready.items = (1..=30).map(|i| format!("Checked by hand, number {i}")).collect();
    let mut a = app_on(ws, Role::Po);
    select(&mut a, "TAN-18");
    typ(&mut a, "D");
    typ(&mut a, "G");
    let end = render(&mut a, 80, 24);
    assert!(end.lines().any(|l| l.contains("Checked by hand, number 30") && l.contains("reversed")), "{end}");
    typ(&mut a, " ");
    assert!(item(&a, "TAN-18").checked.contains(&"Checked by hand, number 30".to_owned()));
    typ(&mut a, "g");
    let top = render(&mut a, 80, 24);
    assert!(
        top.contains("Definition of Ready") && top.lines().any(|l| l.contains("number 1 ") && l.contains("reversed"))
    );
    key(&mut a, KeyCode::PageDown);
    assert!(
        matches!(a.state.modal, Some(Modal::Definition { row: 22, .. })),
        "a page is the rows shown (22 at 24 rows)"
    );
}

/// The list popups take the same keys: forty criteria, G selects the last.
#[test]
fn the_criteria_list_takes_the_list_keys() {
    use backlog::domain::item::Criterion;
    let mut ws = demo_ws();
    let pos = ws.item_by_key("TAN-18").map(|i| i.meta.id).and_then(|id| ws.item_pos(id)).unwrap();
    ws.items[pos].acceptance_criteria =
        (1..=40).map(|i| Criterion::new(format!("Criterion number {i}"), false)).collect();
    let mut a = app_on(ws, Role::Po);
    select(&mut a, "TAN-18");
    typ(&mut a, "c");
    let row = |a: &App| match a.state.modal {
        Some(Modal::Criteria { row, .. }) => row,
        _ => panic!("the criteria stay open"),
    };
    typ(&mut a, "G");
    assert_eq!(row(&a), 39);
    let end = render(&mut a, 80, 24);
    assert!(end.lines().any(|l| l.contains("Criterion number 40") && l.contains("reversed")), "{end}");
    key(&mut a, KeyCode::PageUp);
    assert_eq!(row(&a), 39 - 20, "a page is the rows shown (20 at 24 rows)");
    typ(&mut a, "g");
    assert_eq!(row(&a), 0);
    key(&mut a, KeyCode::End);
    assert_eq!(row(&a), 39);
    // Writing a criterion, g is text.
    typ(&mut a, "ag");
    assert!(matches!(&a.state.modal, Some(Modal::Criteria { edit: Some(e), .. }) if e.input.text() == "g"));
}
