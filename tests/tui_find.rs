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

/// `/` reads OR, AND, NOT and parentheses as `--where` does, and a shape
/// it cannot read yet (a `(` not closed, an OR with nothing after it) is
/// said where it is typed while what can be read already filters.
#[test]
fn or_and_parentheses_filter_and_a_half_typed_shape_says_where() {
    let mut a = app();
    let is =
        |a: &backlog::tui::app::App, k: &str, kinds: &[ItemKind]| kinds.contains(&a.ws.item_by_key(k).unwrap().kind);
    typ(&mut a, "/kind:bug OR kind:spike");
    let keys = visible(&a);
    assert!(keys.iter().any(|k| is(&a, k, &[ItemKind::Bug])) && keys.iter().any(|k| is(&a, k, &[ItemKind::Spike])));
    assert!(keys.iter().all(|k| is(&a, k, &[ItemKind::Bug, ItemKind::Spike])), "{keys:?}");
    key(&mut a, KeyCode::Esc);

    typ(&mut a, "/(kind:bug OR kind:spike) -status:done");
    let open = visible(&a);
    assert!(!open.is_empty() && open.len() < keys.len(), "the done ones are left out: {open:?}");
    assert!(open.iter().all(|k| a.ws.item_by_key(k).unwrap().status != Status::Done));
    key(&mut a, KeyCode::Esc);

    // Half typed: the bugs, and what is missing said where it is.
    typ(&mut a, "/(kind:bug OR ");
    assert!(!visible(&a).is_empty());
    assert!(visible(&a).iter().all(|k| is(&a, k, &[ItemKind::Bug])));
    let screen = render(&mut a, 120, 30);
    assert!(screen.contains("\"OR\" at column 11 has nothing after it"), "{screen}");
    typ(&mut a, "kind:spike");
    let screen = render(&mut a, 120, 30);
    assert!(screen.contains("\"(\" at column 1 is not closed: add \")\""), "{screen}");
    typ(&mut a, ")");
    assert_eq!(visible(&a), keys, "closed, it is the OR");
    assert!(!render(&mut a, 120, 30).contains("at column"));
}

/// A key typed in full selects that item alone (not the ten others whose
/// key starts the same), even when it is done and done work is hidden;
/// quoted, it is text again. Esc then leaves it selected in the list.
#[test]
fn an_exact_key_selects_that_item_even_when_done_work_is_hidden() {
    let mut a = app_as_opened();
    assert_eq!(a.ws.item_by_key("TAN-1").unwrap().status, Status::Done);
    typ(&mut a, "/TAN-1");
    assert_eq!(visible(&a), ["TAN-1"], "not TAN-10..TAN-19");
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-1"));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("TAN-1 ") && !screen.contains("TAN-12"), "{screen}");
    typ(&mut a, "2");
    assert_eq!(visible(&a), ["TAN-12"]);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-12"), "the filter goes, the item stays selected");
    assert!(visible(&a).len() > 1);

    typ(&mut a, "/\"TAN-1\"");
    let text = visible(&a);
    assert!(text.len() > 1 && text.iter().all(|k| k.starts_with("TAN-1")), "quoted, a key is text: {text:?}");
}

/// `O` picks any column and turns the order round when picked again; the
/// header says which column and which way; the rank never changes; a
/// named view keeps the sort.
#[test]
fn any_column_sorts_either_way_without_changing_the_rank() {
    let mut a = app();
    let rank_before: Vec<String> = a.ws.ranked_item_positions().iter().map(|&p| a.ws.items[p].key.clone()).collect();
    let points = |a: &backlog::tui::app::App| -> Vec<Option<u32>> {
        visible(a).iter().map(|k| a.ws.item_by_key(k).unwrap().estimate).collect()
    };
    typ(&mut a, "Op");
    assert!(a.state.modal.is_none(), "picking closes the picker");
    let up = points(&a);
    let (some, none): (Vec<_>, Vec<_>) = up.iter().partition(|p| p.is_some());
    assert!(some.windows(2).all(|w| w[0] <= w[1]), "low to high: {up:?}");
    assert_eq!(up[..some.len()], some[..], "unestimated last");
    assert!(!none.is_empty());
    assert!(render(&mut a, 80, 24).contains("PTS▲"));

    typ(&mut a, "Op");
    let down = points(&a);
    assert!(down.iter().flatten().collect::<Vec<_>>().windows(2).all(|w| w[0] >= w[1]), "high to low: {down:?}");
    assert!(down.last().unwrap().is_none(), "unestimated still last");
    assert!(render(&mut a, 80, 24).contains("PTS▼"));
    // Enter on the column sorted by (the picker opens on it) turns it round.
    typ(&mut a, "O");
    key(&mut a, KeyCode::Enter);
    assert_eq!(points(&a), up);

    // The others: by title A to Z, by assignee with nobody last.
    typ(&mut a, "Ot");
    let titles: Vec<String> = visible(&a).iter().map(|k| a.ws.item_by_key(k).unwrap().title.to_lowercase()).collect();
    assert!(titles.windows(2).all(|w| w[0] <= w[1]));
    typ(&mut a, "Oa");
    let who: Vec<Option<String>> = visible(&a).iter().map(|k| a.ws.item_by_key(k).unwrap().assignee.clone()).collect();
    assert!(who.first().unwrap().is_some() && who.last().unwrap().is_none());

    // J in a sorted view moves nothing and says why.
    typ(&mut a, "J");
    assert!(a.state.message.as_ref().is_some_and(|(m, _)| m.contains("back to rank order first (O)")));
    let rank_after: Vec<String> = a.ws.ranked_item_positions().iter().map(|&p| a.ws.items[p].key.clone()).collect();
    assert_eq!(rank_after, rank_before, "sorting never changes the rank");

    // Saved with a view, the sort comes back with it.
    typ(&mut a, "OpOpws");
    typ(&mut a, "By points");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.ws.settings.views[0].sort, "points:desc");
    typ(&mut a, "Or");
    assert!(a.state.backlog.list.sort().is_rank(), "back in rank order");
    typ(&mut a, "w");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.state.backlog.list.sort().to_string(), "points:desc");
    assert_eq!(points(&a), down);
}

/// Ctrl-g in any pane (or "go to" in the palette): a key opens the right
/// pane with it selected, through whatever filter hid it; a key nobody has
/// keeps the prompt open, saying so.
#[test]
fn go_to_a_key_opens_its_pane_with_it_selected() {
    let mut a = app_as_opened();
    // An item hidden by the filter and done: the filter goes, the marks stay.
    typ(&mut a, " ");
    typ(&mut a, "/kind:bug");
    key(&mut a, KeyCode::Enter);
    typ(&mut a, "1");
    ctrl(&mut a, 'g');
    assert!(matches!(a.state.modal, Some(backlog::tui::state::Modal::GoTo(_))));
    typ(&mut a, "tan-1");
    assert!(render(&mut a, 80, 24).contains("Backlog · TAN-1 Working-hours checks"), "what Enter opens");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.state.pane, Pane::Backlog);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-1"));
    assert_eq!(a.state.backlog.query.text(), "", "the filter that hid it is gone");
    assert_eq!(a.state.backlog.marks.len(), 1, "the mark is kept");

    // An initiative, from the Backlog: the Roadmap, it selected.
    ctrl(&mut a, 'g');
    typ(&mut a, "R7");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.state.pane, Pane::Roadmap);
    let id = backlog::tui::update::selected_initiative(&a.state, &a.ws).unwrap();
    assert_eq!(a.ws.initiative(id).unwrap().key, "R7");

    // A goal, from the Roadmap, hidden by the Vision pane's `/`.
    typ(&mut a, "1/zzz");
    key(&mut a, KeyCode::Enter);
    typ(&mut a, "2");
    ctrl(&mut a, 'g');
    typ(&mut a, "G2");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.state.pane, Pane::Vision);
    let g2 = a.ws.goal_by_key("G2").unwrap().meta.id;
    let row = a.state.vision.row - backlog::tui::update::VISION_SECTIONS.len();
    let shown = backlog::tui::update::goals(&a.ws, &a.state.narrow(&a.ws, Pane::Vision));
    assert_eq!(shown[row].meta.id, g2);

    // A number is an item's; a key nobody has keeps the prompt open.
    ctrl(&mut a, 'g');
    typ(&mut a, "TAN-999");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.state.modal, Some(backlog::tui::state::Modal::GoTo(_))));
    assert!(render(&mut a, 80, 24).contains("no item, initiative or goal TAN-999"));
    key_mod(&mut a, KeyCode::Char('u'), ratatui::crossterm::event::KeyModifiers::CONTROL);
    typ(&mut a, "12");
    key(&mut a, KeyCode::Enter);
    assert_eq!((a.state.pane, selected_key(&a).as_deref()), (Pane::Backlog, Some("TAN-12")));

    // From the palette.
    typ(&mut a, ":go to");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.state.modal, Some(backlog::tui::state::Modal::GoTo(_))));
    key(&mut a, KeyCode::Esc);
    assert!(a.state.modal.is_none());
}
