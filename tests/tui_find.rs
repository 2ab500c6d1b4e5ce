//! `/` with terms, in every pane: the Backlog filters items by any text and
//! by field terms; the Roadmap filters initiatives; the Sprint board filters
//! cards; the Vision pane filters goals. A term that cannot be read says
//! why where it is typed, and Esc clears.

mod tui_common;

use backlog::domain::{ItemKind, Status};
use backlog::tui::state::Pane;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

fn visible(a: &backlog::tui::app::App) -> Vec<String> {
    (0..a.state.backlog.list.len())
        .filter_map(|i| a.state.backlog.list.get(i))
        .map(|p| a.ws.items[p].key.clone())
        .collect()
}

#[test]
fn backlog_terms_narrow_by_fields_and_texts() {
    let mut a = app();
    typ(&mut a, "/status:ready");
    let keys = visible(&a);
    assert!(!keys.is_empty());
    assert!(keys.iter().all(|k| a.ws.item_by_key(k).unwrap().status == Status::Ready), "{keys:?}");

    key(&mut a, KeyCode::Esc);
    typ(&mut a, "/kind:bug -status:done");
    let keys = visible(&a);
    assert!(!keys.is_empty());
    for k in &keys {
        let i = a.ws.item_by_key(k).unwrap();
        assert!(i.kind == ItemKind::Bug && i.status != Status::Done, "{k}");
    }

    // Words reach the description, the story and the criteria too.
    key(&mut a, KeyCode::Esc);
    let story = a.ws.live_items().find(|i| i.story.as_ref().is_some_and(|s| !s.i_want.is_empty())).unwrap();
    let word = story.story.as_ref().unwrap().i_want.split_whitespace().max_by_key(|w| w.len()).unwrap().to_owned();
    let key_of = story.key.clone();
    typ(&mut a, &format!("/\"{word}\""));
    assert!(visible(&a).contains(&key_of), "{word} finds {key_of}");

    // A term that cannot be read narrows to nothing and says why.
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "/status:nope");
    assert!(visible(&a).is_empty());
    let screen = render(&mut a, 100, 30);
    assert!(screen.contains("status:nope? use one of new"), "{screen}");
    key(&mut a, KeyCode::Esc);
    assert_eq!(visible(&a).len(), a.state.backlog.list.total());
}

#[test]
fn blocked_and_assignee_terms_use_the_new_fields() {
    let mut a = app();
    typ(&mut a, "/is:blocked");
    let blocked = visible(&a);
    assert_eq!(blocked.len(), 1, "the demo has one open blocker link: {blocked:?}");
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "/@lena");
    let keys = visible(&a);
    assert!(!keys.is_empty());
    assert!(keys.iter().all(|k| a.ws.item_by_key(k).unwrap().assignee.as_deref() == Some("lena")));
}

#[test]
fn slash_filters_the_roadmap_the_sprint_board_and_the_goals() {
    let mut a = app();
    // Roadmap: initiatives whose texts match.
    typ(&mut a, "2");
    let target = a.ws.live_initiatives().find(|i| i.title.contains("DATEV")).expect("the demo has a DATEV initiative");
    let (title, key_) = (target.title.clone(), target.key.clone());
    typ(&mut a, "/datev");
    let narrow = a.state.narrow(&a.ws, Pane::Roadmap);
    let shown: Vec<String> = backlog::domain::strategy::Horizon::ALL
        .iter()
        .flat_map(|h| backlog::tui::update::roadmap_column(&a.ws, &narrow, *h))
        .map(|i| i.key.clone())
        .collect();
    assert!(shown.contains(&key_) && shown.len() < a.ws.live_initiatives().count(), "{shown:?}");
    let screen = render(&mut a, 120, 30);
    assert!(screen.contains(" / datev▏"), "the query shows where it is typed:\n{screen}");
    assert!(screen.contains(&title[..20.min(title.len())]));
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    assert!(a.state.find(Pane::Roadmap).unwrap().input.text().is_empty(), "Esc clears it");

    // Sprint board: cards.
    typ(&mut a, "4/kind:bug");
    let cols = backlog::tui::update::board_columns(
        &a.state,
        &a.ws,
        a.ws.target_sprint(),
        &a.state.narrow(&a.ws, Pane::Sprint),
    );
    let all = backlog::tui::update::board_columns(
        &a.state,
        &a.ws,
        a.ws.target_sprint(),
        &backlog::tui::state::Narrow::everything(),
    );
    let (n, total) = (cols.iter().map(Vec::len).sum::<usize>(), all.iter().map(Vec::len).sum::<usize>());
    assert!(n < total, "{n} of {total}");
    assert!(cols.iter().flatten().all(|&p| a.ws.items[p].kind == ItemKind::Bug));
    key(&mut a, KeyCode::Esc);

    // Vision: goals.
    typ(&mut a, "1/");
    let goal = a.ws.live_goals().next().unwrap().title.clone();
    let word = goal.split_whitespace().max_by_key(|w| w.len()).unwrap().to_lowercase();
    typ(&mut a, &word);
    let goals = backlog::tui::update::goals(&a.ws, &a.state.narrow(&a.ws, Pane::Vision));
    assert!(goals.iter().any(|g| g.title == goal) && goals.len() < a.ws.live_goals().count());
    // Typing does not run list commands: `n` was text, not "new goal".
    assert!(a.state.modal.is_none());
}
