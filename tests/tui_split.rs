//! Splitting a story (`x`) and duplicating items (`y`): new stories right
//! after the original with its epic, initiative, labels, story and
//! description, criteria shared out as chosen, the original kept or
//! dropped, all in one undo step.

mod tui_common;

use backlog::domain::Status;
use backlog::tui::state::Modal;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use tui_common::*;

fn rank_order(a: &backlog::tui::app::App) -> Vec<String> {
    a.ws.ranked_item_positions().iter().map(|&p| a.ws.items[p].key.clone()).collect()
}

#[test]
fn split_into_two_sharing_the_criteria_and_dropping_the_original() {
    let mut a = app();
    select(&mut a, "TAN-18");
    let orig = item(&a, "TAN-18").clone();
    let before = rank_order(&a);
    typ(&mut a, "x");
    assert!(matches!(a.state.modal, Some(Modal::Split(_))));
    typ(&mut a, "Night surcharges");
    key(&mut a, KeyCode::Enter);
    typ(&mut a, "Sunday and holiday surcharges");
    // Criteria: the first to new 1, the second and third to new 2.
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "ll");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "ll");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, " "); // the original: dropped
    key_mod(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(a.state.modal.is_none(), "{:?}", a.state.message);
    let msg = a.state.message.clone().expect("a message").0;
    assert_eq!(msg, "Split TAN-18 into 2 stories (dropped)");

    let order = rank_order(&a);
    let at = order.iter().position(|k| k == "TAN-18").expect("TAN-18");
    let (k1, k2) = (order[at + 1].clone(), order[at + 2].clone());
    assert_eq!(order[at + 3], before[before.iter().position(|k| k == "TAN-18").unwrap() + 1], "then what followed");
    let (n1, n2) = (item(&a, &k1), item(&a, &k2));
    assert_eq!(n1.title, "Night surcharges");
    assert_eq!(n2.title, "Sunday and holiday surcharges");
    for n in [n1, n2] {
        assert_eq!(n.parent, orig.parent);
        assert_eq!(n.initiative, orig.initiative);
        assert_eq!(n.labels, orig.labels);
        assert_eq!(n.story, orig.story);
        assert_eq!(n.description, orig.description);
        assert_eq!(n.status, Status::New);
    }
    assert_eq!(n1.acceptance_criteria, vec![orig.acceptance_criteria[0].clone()]);
    assert_eq!(n2.acceptance_criteria, orig.acceptance_criteria[1..].to_vec());
    assert_eq!((n1.split_from, n2.split_from), (Some(orig.meta.id), Some(orig.meta.id)), "linked to the original");
    let o = item(&a, "TAN-18");
    assert!(o.acceptance_criteria.is_empty());
    assert_eq!(o.status, Status::Dropped);
    assert_eq!(a.state.undo.len(), 1, "one undo step");

    typ(&mut a, "u");
    assert_eq!(rank_order(&a), before);
    assert_eq!(item(&a, "TAN-18").acceptance_criteria, orig.acceptance_criteria);
    assert_eq!(item(&a, "TAN-18").status, orig.status);
    assert_valid(&a.ws);
}

/// A criterion left on an original that is dropped would be hidden with
/// it: the split says so in its popup and changes nothing until each goes
/// to a new story (or the original is kept).
#[test]
fn a_criterion_left_on_a_dropped_original_is_not_hidden() {
    let mut a = app();
    select(&mut a, "TAN-18");
    let before = serde_json::to_value(&a.ws).unwrap();
    typ(&mut a, "x");
    typ(&mut a, "Night surcharges");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Right); // the first criterion to the new story; two stay
    for _ in 0..3 {
        key(&mut a, KeyCode::Tab);
    }
    typ(&mut a, " "); // the original: dropped
    key_mod(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let Some(Modal::Split(f)) = &a.state.modal else { panic!("the popup stays open") };
    let shown = format!("{f:?}");
    assert!(shown.contains("criteria 2, 3 would stay on TAN-18, which is dropped and hidden"), "{shown}");
    assert_eq!(serde_json::to_value(&a.ws).unwrap(), before, "nothing changed");
    let screen = render(&mut a, 120, 40);
    assert!(screen.contains("would stay on TAN-18"), "the reason is on screen:\n{screen}");
}

#[test]
fn a_split_without_a_title_stays_open_and_says_why() {
    let mut a = app();
    select(&mut a, "TAN-18");
    typ(&mut a, "x");
    key_mod(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let Some(Modal::Split(s)) = &a.state.modal else { panic!("still open") };
    assert_eq!(s.error.as_deref(), Some("Type a title for at least one new story"));
    // Backspace on an empty extra title removes it; Esc cancels.
    typ(&mut a, "One");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Backspace);
    let Some(Modal::Split(s)) = &a.state.modal else { panic!("still open") };
    assert_eq!(s.titles.len(), 1);
    key(&mut a, KeyCode::Esc);
    assert!(a.state.modal.is_none());
    assert!(a.state.undo.is_empty());
}

#[test]
fn duplicate_copies_the_item_right_after_it_with_a_new_key() {
    let mut a = app();
    select(&mut a, "TAN-11");
    let orig = item(&a, "TAN-11").clone();
    typ(&mut a, "y");
    let order = rank_order(&a);
    let at = order.iter().position(|k| k == "TAN-11").expect("TAN-11");
    let copy = item(&a, &order[at + 1]);
    assert_ne!(copy.key, orig.key);
    assert_eq!(copy.title, orig.title);
    assert_eq!(copy.story, orig.story);
    assert_eq!(copy.labels, orig.labels);
    assert_eq!(copy.estimate, orig.estimate);
    assert_eq!(copy.acceptance_criteria.len(), orig.acceptance_criteria.len());
    assert!(copy.acceptance_criteria.iter().all(|c| !c.met));
    typ(&mut a, "u");
    assert!(a.ws.item_by_key(&order[at + 1]).is_none_or(|i| i.key == "TAN-12" && i.title != orig.title));
}

#[test]
fn duplicate_with_marks_copies_each_after_itself_in_one_step() {
    let mut a = app();
    for k in ["TAN-11", "TAN-12"] {
        select(&mut a, k);
        typ(&mut a, " ");
    }
    typ(&mut a, "y");
    let order = rank_order(&a);
    let at11 = order.iter().position(|k| k == "TAN-11").expect("TAN-11");
    let at12 = order.iter().position(|k| k == "TAN-12").expect("TAN-12");
    assert_eq!(item(&a, &order[at11 + 1]).title, item(&a, "TAN-11").title);
    assert_eq!(at12, at11 + 2);
    assert_eq!(item(&a, &order[at12 + 1]).title, item(&a, "TAN-12").title);
    assert_eq!(a.state.undo.len(), 1);
}
