//! The PM's side and its hand-off: moving initiatives between horizons on
//! the Roadmap, the timeline's selection, undoing an initiative's delete,
//! `b` creating a story linked to an initiative, and the intake filter.
//! Everything goes through `App::on_event`, as in the terminal.

mod tui_common;

use backlog::domain::{GuardMode, Role};
use backlog::tui::app::App;
use backlog::tui::state::{Level, Modal, Pane};
use backlog::tui::update;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

/// Found by tui_props: undoing the deletion of an initiative (which had
/// unlinked its nine stories) with the backlog cursor near the bottom
/// panicked: the list removed the changed items one by one, looking near
/// the cursor's row in a list that had become shorter than that row.
#[test]
fn undoing_an_initiative_delete_with_the_cursor_low_in_the_backlog() {
    let mut a = app_on(demo_ws(), Role::Pm);
    typ(&mut a, "d");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("d asks first") };
    assert!(c.message.contains("R1"), "{}", c.message);
    typ(&mut a, "y");
    typ(&mut a, "3G");
    typ(&mut a, "u");
    assert_cursor_in_bounds(&a);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-39"), "the selection stays put");
    assert!(item(&a, "TAN-5").initiative.is_some(), "the stories are linked again");
    assert_eq!(a.ws.ranked_item_positions(), {
        let l = &a.state.backlog.list;
        (0..l.len()).map(|i| l.get(i).unwrap()).collect::<Vec<_>>()
    });
    assert_valid(&a.ws);
}

fn initiative<'a>(app: &'a App, key: &str) -> &'a backlog::domain::strategy::Initiative {
    app.ws.initiative_by_key(key).unwrap_or_else(|| panic!("no initiative {key}"))
}

/// The initiative selected on the Roadmap, as the pane shows it.
fn selected_initiative_key(app: &App) -> Option<String> {
    update::selected_initiative(&app.state, &app.ws).and_then(|id| app.ws.initiative(id)).map(|i| i.key.clone())
}

/// `>` and `<` move the selected initiative to the next or previous
/// horizon, in the file, and the selection goes with it.
#[test]
fn angle_brackets_move_an_initiative_between_horizons() {
    use backlog::domain::strategy::Horizon;
    let mut a = app_on(demo_ws(), Role::Pm);
    assert_eq!(a.state.pane, Pane::Roadmap);
    typ(&mut a, "j");
    assert_eq!(selected_initiative_key(&a).as_deref(), Some("R2"));
    assert_eq!(initiative(&a, "R2").horizon, Horizon::Now);

    typ(&mut a, ">");
    assert_eq!(initiative(&a, "R2").horizon, Horizon::Next);
    assert_eq!(a.state.roadmap.column, 1, "the selection moves to the Next column");
    assert_eq!(selected_initiative_key(&a).as_deref(), Some("R2"), "and stays on R2");
    typ(&mut a, ">");
    assert_eq!(initiative(&a, "R2").horizon, Horizon::Later);
    assert_eq!(selected_initiative_key(&a).as_deref(), Some("R2"));
    typ(&mut a, ">");
    assert_eq!(initiative(&a, "R2").horizon, Horizon::Later, "> in Later changes nothing");

    typ(&mut a, "<<");
    assert_eq!(initiative(&a, "R2").horizon, Horizon::Now);
    assert_eq!(a.state.roadmap.column, 0);
    assert_eq!(selected_initiative_key(&a).as_deref(), Some("R2"));
    // Undo moves it back, and the selection with it.
    typ(&mut a, "u");
    assert_eq!(initiative(&a, "R2").horizon, Horizon::Next);
    assert_eq!(selected_initiative_key(&a).as_deref(), Some("R2"));
    assert_valid(&a.ws);
}

/// A refused move (strict role guard) leaves the selection where it was.
#[test]
fn a_refused_horizon_move_keeps_the_selection() {
    let mut ws = demo_ws();
    ws.settings.role_guard = GuardMode::Strict;
    let mut a = app_on(ws, Role::Po);
    typ(&mut a, "2");
    assert_eq!(selected_initiative_key(&a).as_deref(), Some("R1"));
    let before = serde_json::to_value(&a.ws).unwrap();
    typ(&mut a, ">");
    assert_eq!(a.state.message.as_ref().map(|m| m.1), Some(Level::Error), "{:?}", a.state.message);
    assert_eq!(serde_json::to_value(&a.ws).unwrap(), before);
    assert_eq!(a.state.roadmap.column, 0, "the selection stays in Now");
    assert_eq!(selected_initiative_key(&a).as_deref(), Some("R1"));
}

/// `b` on an initiative opens a form titled for it; saving creates a story
/// linked to it (the hand-off from the PM's roadmap to the PO's backlog).
#[test]
fn b_on_an_initiative_creates_a_story_linked_to_it() {
    let mut a = app();
    typ(&mut a, "2");
    typ(&mut a, "jjj");
    assert_eq!(selected_initiative_key(&a).as_deref(), Some("R4"));
    let r4 = initiative(&a, "R4").meta.id;
    typ(&mut a, "b");
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("b opens a form") };
    assert!(f.title.contains("R4"), "{}", f.title);
    typ(&mut a, "Checklist for a venue's first week");
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "the form closes on success");
    let it = item(&a, "TAN-41");
    assert_eq!(it.title, "Checklist for a venue's first week");
    assert_eq!(it.initiative, Some(r4));
    assert_eq!(it.meta.owner, Role::Po);
    assert_valid(&a.ws);
}

/// `i` shows only stories of initiatives the PM marked ready for breakdown;
/// `i` again shows everything.
#[test]
fn i_toggles_the_intake_filter() {
    use backlog::domain::strategy::InitiativeStatus;
    let mut ws = demo_ws();
    // R2 is ready for breakdown too, so the intake has stories to show.
    let r2 = ws.roadmap.iter_mut().find(|i| i.key == "R2").unwrap();
    r2.status = InitiativeStatus::ReadyForBreakdown;
    let mut a = app_on(ws, Role::Po);
    let ready: Vec<_> =
        a.ws.live_initiatives()
            .filter(|i| i.status == InitiativeStatus::ReadyForBreakdown)
            .map(|i| i.meta.id)
            .collect();
    assert_eq!(ready.len(), 2, "R2 and R4");
    let expected = a.ws.live_items().filter(|i| i.initiative.is_some_and(|x| ready.contains(&x))).count();
    assert!(expected > 0);

    typ(&mut a, "i");
    assert!(a.state.backlog.intake);
    let keys = visible_keys(&a);
    assert_eq!(keys.len(), expected);
    for k in &keys {
        assert!(item(&a, k).initiative.is_some_and(|x| ready.contains(&x)), "{k} is not in the intake");
    }
    assert_cursor_in_bounds(&a);

    typ(&mut a, "i");
    assert!(!a.state.backlog.intake);
    assert_eq!(visible_keys(&a).len(), 40);
}

/// On the timeline j/k walk its rows, across horizons.
#[test]
fn the_timeline_selection_walks_its_rows() {
    let mut a = app_on(demo_ws(), Role::Pm);
    typ(&mut a, "v");
    let order: Vec<String> = backlog::tui::view::timeline_order(&a.ws, &backlog::tui::state::Narrow::everything())
        .iter()
        .map(|(i, _)| i.key.clone())
        .collect();
    assert_eq!(order, ["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R10"]);
    for k in &order[1..] {
        typ(&mut a, "j");
        assert_eq!(selected_initiative_key(&a).as_deref(), Some(k.as_str()));
    }
    typ(&mut a, "g");
    assert_eq!(selected_initiative_key(&a).as_deref(), Some("R1"));
    typ(&mut a, "G");
    assert_eq!(selected_initiative_key(&a).as_deref(), Some("R10"));
    // Back in columns the same initiative is selected.
    typ(&mut a, "vv");
    assert_eq!(a.state.roadmap.column, 2);
    assert_eq!(selected_initiative_key(&a).as_deref(), Some("R10"));
}

/// Enter on a roadmap card reads it (with its stories), `e` there edits;
/// after `b` breaks it down, the detail and the card count the new story,
/// and the initiative stays ready for breakdown until the PM says so.
#[test]
fn roadmap_detail_reads_and_breakdown_counts_without_changing_the_status() {
    use backlog::domain::strategy::InitiativeStatus;
    let mut a = app_on(demo_ws(), backlog::domain::Role::Po);
    let r4 = a.ws.initiative_by_key("R4").unwrap().meta.id;
    assert_eq!(a.ws.initiative(r4).unwrap().status, InitiativeStatus::ReadyForBreakdown);
    typ(&mut a, "2");
    while backlog::tui::update::selected_initiative(&a.state, &a.ws) != Some(r4) {
        typ(&mut a, "j");
    }
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.state.modal, Some(Modal::Initiative { id, .. }) if id == r4));
    let text = render(&mut a, 100, 30);
    assert!(text.contains("Stories (0, 0 of 0 points done)"), "{text}");
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "b");
    // The PO breaks down the PM's initiative: the story is the PO's own.
    assert!(matches!(a.state.modal, Some(Modal::Form(_))), "{:?}", a.state.message);
    typ(&mut a, "First-week checklist");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.ws.initiative(r4).unwrap().status, InitiativeStatus::ReadyForBreakdown, "the PM decides");
    assert_eq!(a.ws.initiative_progress()[&r4].stories, 1);
    typ(&mut a, "2");
    let text = render(&mut a, 100, 30);
    assert!(text.contains("1 story"), "the card counts it:\n{text}");
    key(&mut a, KeyCode::Enter);
    let text = render(&mut a, 100, 30);
    assert!(text.contains("First-week checklist"), "{text}");
    // e edits from the detail (the PO is asked first: R4 is the PM's).
    typ(&mut a, "e");
    assert!(matches!(a.state.modal, Some(Modal::Confirm(_))), "the role guard asks before the form");
    typ(&mut a, "y");
    assert!(matches!(a.state.modal, Some(Modal::Form(_))));
}

/// A vision section is a text area: Enter starts a new line, Ctrl-s saves
/// both lines.
#[test]
fn vision_sections_are_edited_as_text_areas() {
    use ratatui::crossterm::event::KeyModifiers;
    let mut a = app_on(demo_ws(), Role::Pm);
    typ(&mut a, "1");
    typ(&mut a, "e");
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("the vision form") };
    assert!(f.fields[f.focus].rows > 1, "a text area");
    ctrl(&mut a, 'u');
    typ(&mut a, "First line");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.state.modal, Some(Modal::Form(_))), "Enter does not save a text area");
    typ(&mut a, "second line");
    key_mod(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(a.state.modal.is_none(), "Ctrl-s saves");
    assert_eq!(a.ws.vision.texts()[0], "First line\nsecond line");
}

/// The goal form edits KPIs as fields (name, unit, baseline, target,
/// current, direction), and `+` on a goal updates its KPIs' current values
/// in one go.
#[test]
fn kpis_are_edited_as_fields_and_updated_with_one_action() {
    use ratatui::crossterm::event::KeyModifiers;
    let mut a = app_on(demo_ws(), Role::Pm);
    typ(&mut a, "1");
    let g1 = a.ws.goal_by_key("G1").unwrap().clone();
    let sections = backlog::tui::update::VISION_SECTIONS.len();
    for _ in 0..sections {
        typ(&mut a, "j");
    }
    // + : the current values only.
    typ(&mut a, "+");
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("the KPI form: {:?}", a.state.message) };
    assert_eq!(f.fields.len(), g1.kpis.len());
    assert_eq!(f.fields[0].label, g1.kpis[0].name);
    ctrl(&mut a, 'u');
    typ(&mut a, "650");
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.message);
    let now = a.ws.goal_by_key("G1").unwrap();
    assert_eq!(now.kpis[0].current, 650.0);
    assert_eq!(now.kpis[1], g1.kpis[1], "the other KPI is as it was");

    // e: every KPI field, and a slot for a new one.
    typ(&mut a, "e");
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("the goal form") };
    let names: Vec<&str> = f.fields.iter().map(|x| x.name).collect();
    for n in ["kpi1_name", "kpi1_unit", "kpi1_baseline", "kpi1_target", "kpi1_current", "kpi1_direction"] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    let slot = format!("kpi{}_name", g1.kpis.len() + 1);
    assert!(names.contains(&slot.as_str()), "a slot for a new KPI");
    // Add a KPI in the new slot.
    while !matches!(&a.state.modal, Some(Modal::Form(f)) if f.fields[f.focus].name == slot) {
        key(&mut a, KeyCode::Tab);
    }
    typ(&mut a, "Trial conversion");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "%");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "12");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "20");
    key_mod(&mut a, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(a.state.modal.is_none(), "{:?}", a.state.modal);
    let g = a.ws.goal_by_key("G1").unwrap();
    let k = g.kpis.last().unwrap();
    assert_eq!(
        (k.name.as_str(), k.unit.as_str(), k.baseline, k.target, k.current),
        ("Trial conversion", "%", 12.0, 20.0, 12.0)
    );
    assert_eq!(g.kpis[0].current, 650.0);
}

/// A story reached through its epic counts on the roadmap card and is
/// listed in the initiative's detail, marked with its epic; the epic
/// itself is a container, not a story.
#[test]
fn the_roadmap_counts_stories_reached_through_an_epic() {
    use backlog::domain::command::ItemPatch;
    let mut a = app_on(demo_ws(), Role::Pm);
    let r1 = a.ws.initiative_by_key("R1").unwrap().meta.id;
    let before = a.ws.initiative_progress()[&r1];
    // TAN-9 keeps its epic (TAN-4, linked to R1) but loses its own link.
    let id = item(&a, "TAN-9").meta.id;
    a.apply(
        backlog::domain::Command::EditItem {
            id,
            patch: Box::new(ItemPatch { initiative: Some(None), ..Default::default() }),
        },
        true,
    );
    assert_eq!(a.ws.initiative_progress()[&r1], before, "still one of R1's stories");
    typ(&mut a, "2");
    let card = render(&mut a, 80, 24);
    assert!(card.contains(&format!("{} stories {}/{}p", before.stories, before.done_points, before.points)), "{card}");
    key(&mut a, KeyCode::Enter);
    insta::assert_snapshot!("roadmap_detail_via_epic_80x24", render(&mut a, 80, 24));
    let text = render(&mut a, 120, 40);
    assert!(text.contains("TAN-4 › Swap history on the employee profile"), "{text}");
    assert!(!text.contains("TAN-4  in progress"), "the epic is not listed as a story:\n{text}");
}
