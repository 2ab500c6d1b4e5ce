//! The forms read what is typed as the command line reads its flags:
//! numbers with a thousands separator, a decimal comma refused with the
//! number to type, score inputs bounded to their ranges, and references
//! (an item by bare number, a goal by its title, `me`). Keys go through
//! `App::on_event`, as in the terminal.

mod tui_common;

use backlog::domain::{Ctx, IdGen, Role, Workspace};
use backlog::store::demo;
use backlog::tui::app::App;
use backlog::tui::keymap::Keymap;
use backlog::tui::state::{Modal, State};
use backlog::tui::theme::Theme;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

/// [`app_on`] for a session whose person (config `user`) is `user`.
fn app_as(ws: Workspace, role: Role, user: &str) -> App {
    let state = State::new(&ws, role, Keymap::default(), Theme::plain(), demo::ANCHOR);
    let mut ctx = Ctx::new(now(), role);
    ctx.ids = IdGen::sequential();
    ctx.user = user.to_owned();
    let mut app = App::new(ws, state, ctx, Box::new(now));
    let ws = app.ws.clone();
    app.state.show_done_work(&ws, true);
    resize(&mut app, 80, 24);
    app
}

/// The open form's field with the focus.
fn focused(a: &App) -> &'static str {
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("a form is open: {:?}", a.state.message) };
    f.fields[f.focus].name
}

/// Puts the cursor on field `name` (Tab, as a user would) and replaces
/// what it holds with `text`.
fn fill(a: &mut App, name: &str, text: &str) {
    for _ in 0..64 {
        if focused(a) == name {
            ctrl(a, 'u');
            typ(a, text);
            return;
        }
        key(a, KeyCode::Tab);
    }
    panic!("the form has no field {name}");
}

/// The error shown under field `name` of the open form.
fn error_of(a: &App, name: &str) -> Option<String> {
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("the form is still open: {:?}", a.state.message) };
    f.field(name).error.clone()
}

/// A new goal whose KPI baseline is typed `baseline`.
fn new_goal_with_baseline(a: &mut App, baseline: &str) {
    typ(a, "1");
    typ(a, "n");
    fill(a, "title", "Sell team seats");
    fill(a, "kpi1_name", "Seats");
    fill(a, "kpi1_unit", "seats");
    fill(a, "kpi1_baseline", baseline);
    fill(a, "kpi1_target", "1 300");
    fill(a, "kpi1_current", "1,050");
    key(a, KeyCode::Enter);
}

/// Found by a PM: `1,000` in the goal form was stored as 1 (the comma read
/// as a decimal point), so the gauge said `81% 1 seats → 1050 → 1300`.
#[test]
fn a_thousands_comma_in_the_goal_form_means_a_thousand() {
    let mut a = app_on(demo_ws(), Role::Pm);
    new_goal_with_baseline(&mut a, "1,000");
    assert!(a.state.modal.is_none(), "saved: {:?}", a.state.modal);
    let g = a.ws.live_goals().find(|g| g.title == "Sell team seats").expect("the goal");
    let k = &g.kpis[0];
    assert_eq!((k.baseline, k.target, k.current), (1000.0, 1300.0, 1050.0));
    let screen = render(&mut a, 120, 40);
    assert!(screen.contains("17% 1000 seats → 1050 seats → 1300 se"), "{screen}");
}

/// A decimal comma is refused on its field with the number to type, and
/// nothing is saved; the CLI says the same (tests/cli_typed.rs).
#[test]
fn a_decimal_comma_is_refused_on_its_field_with_the_number_to_type() {
    let mut a = app_on(demo_ws(), Role::Pm);
    let before = serde_json::to_value(&a.ws).unwrap();
    new_goal_with_baseline(&mut a, "2,5");
    assert_eq!(error_of(&a, "kpi1_baseline").as_deref(), Some("\"2,5\": use a point for decimals: 2.5"));
    assert_eq!(focused(&a), "kpi1_baseline", "the cursor goes to the field to fix");
    assert_eq!(serde_json::to_value(&a.ws).unwrap(), before);
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("goal_form_decimal_comma_{w}x{h}"), render(&mut a, w, h));
    }
    // As the message says.
    fill(&mut a, "kpi1_baseline", "2.5");
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.modal);
    let g = a.ws.live_goals().find(|g| g.title == "Sell team seats").expect("the goal");
    assert_eq!(g.kpis[0].baseline, 2.5);
}

/// `+` on a goal: a current value typed with a thousands separator.
#[test]
fn the_kpi_update_form_reads_thousands() {
    let mut a = app_on(demo_ws(), Role::Pm);
    typ(&mut a, "1");
    for _ in 0..backlog::tui::update::VISION_SECTIONS.len() {
        typ(&mut a, "j");
    }
    typ(&mut a, "+");
    ctrl(&mut a, 'u');
    typ(&mut a, "1\u{202f}000");
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.modal);
    assert_eq!(a.ws.goal_by_key("G1").unwrap().kpis[0].current, 1000.0);
}

/// RICE confidence of 150% was accepted; every input is now held to its
/// range, on the field, in the domain's words.
#[test]
fn score_inputs_out_of_range_are_refused_on_the_field() {
    let mut a = app();
    select(&mut a, "TAN-26");
    typ(&mut a, "e");
    fill(&mut a, "rice", "1,000, 2, 150, 3");
    key(&mut a, KeyCode::Enter);
    assert_eq!(error_of(&a, "rice").as_deref(), Some("confidence 150 is out of range: use 0 to 100 (percent)"));
    fill(&mut a, "wsjf", "8, 5, 3, 0");
    key(&mut a, KeyCode::Enter);
    assert!(error_of(&a, "wsjf").is_some_and(|e| e.starts_with("job size 0 is out of range")));
    assert!(item(&a, "TAN-26").scoring.rice.is_none(), "nothing saved");
    fill(&mut a, "wsjf", "");
    fill(&mut a, "rice", "1,000, 2, 80, 3");
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.modal);
    let r = item(&a, "TAN-26").scoring.rice.clone().expect("scored");
    assert_eq!((r.reach, r.impact, r.confidence, r.effort), (1000.0, 2.0, 80.0, 3.0));
}

/// An edit form is not held up by what the file already had from before
/// (a score out of range, `me` stored as a name): only a field the user
/// changes is read.
#[test]
fn what_a_field_already_held_does_not_block_an_edit_of_another() {
    let mut ws = demo_ws();
    let pos = ws.items.iter().position(|i| i.key == "TAN-26").unwrap();
    ws.items[pos].scoring.rice = Some(backlog::domain::score::Rice::new(10.0, 2.0, 150.0, 1.0));
    ws.items[pos].assignee = Some("me".into());
    let mut a = app_as(ws, Role::Po, "");
    select(&mut a, "TAN-26");
    typ(&mut a, "e");
    fill(&mut a, "title", "Deduct breaks after six hours");
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.modal);
    assert_eq!(item(&a, "TAN-26").title, "Deduct breaks after six hours");
    assert_eq!(item(&a, "TAN-26").assignee.as_deref(), Some("me"), "left as it was");
}

/// `me` in the assignee field is the session's person, as `--assignee me`
/// is; `@me` in `/` then finds the item.
#[test]
fn assignee_me_is_the_sessions_person_and_at_me_finds_it() {
    let mut a = app_as(demo_ws(), Role::Po, "anna");
    select(&mut a, "TAN-26");
    typ(&mut a, "e");
    fill(&mut a, "assignee", "me");
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.modal);
    assert_eq!(item(&a, "TAN-26").assignee.as_deref(), Some("anna"));
    // The bulk form too.
    select(&mut a, "TAN-12");
    typ(&mut a, " ");
    select(&mut a, "TAN-20");
    typ(&mut a, " ");
    typ(&mut a, "e");
    fill(&mut a, "assignee", "me");
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.modal);
    for k in ["TAN-12", "TAN-20"] {
        assert_eq!(item(&a, k).assignee.as_deref(), Some("anna"), "{k}");
    }
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "/@me");
    assert_eq!(visible_keys(&a), ["TAN-12", "TAN-20", "TAN-26"]);
    // `none` clears, as on the command line.
    key(&mut a, KeyCode::Esc);
    select(&mut a, "TAN-26");
    typ(&mut a, "e");
    fill(&mut a, "assignee", "none");
    key(&mut a, KeyCode::Enter);
    assert_eq!(item(&a, "TAN-26").assignee, None);
}

/// With nobody configured, `me` is refused on the field and says how to
/// set it, rather than stored as the name "me".
#[test]
fn assignee_me_without_a_user_says_how_to_set_one() {
    let mut a = app_as(demo_ws(), Role::Po, "");
    select(&mut a, "TAN-26");
    typ(&mut a, "e");
    fill(&mut a, "assignee", "me");
    key(&mut a, KeyCode::Enter);
    assert!(error_of(&a, "assignee").is_some_and(|e| e.contains("who are you?")), "{:?}", error_of(&a, "assignee"));
    assert_eq!(item(&a, "TAN-26").assignee, None);
}

/// The dependency field takes a bare number, as `backlog link` does.
#[test]
fn the_dependency_form_takes_a_bare_number() {
    let mut a = app();
    select(&mut a, "TAN-25");
    typ(&mut a, "L");
    fill(&mut a, "blocks", "26, tan-27");
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.modal);
    let blocks: Vec<&str> = item(&a, "TAN-25").blocks.iter().map(|id| a.ws.item(*id).unwrap().key.as_str()).collect();
    assert_eq!(blocks, ["TAN-26", "TAN-27"]);
    typ(&mut a, "L");
    fill(&mut a, "blocks", "354");
    key(&mut a, KeyCode::Enter);
    assert_eq!(error_of(&a, "blocks").as_deref(), Some("no item \"354\": use a key such as TAN-1, or its number"));
}

/// The Epic field takes a bare number too, and names what is not an epic.
#[test]
fn the_epic_field_takes_a_bare_number() {
    let mut a = app();
    select(&mut a, "TAN-26");
    typ(&mut a, "e");
    fill(&mut a, "parent", "12");
    key(&mut a, KeyCode::Enter);
    assert_eq!(error_of(&a, "parent").as_deref(), Some("TAN-12 is a story, not an epic"));
    fill(&mut a, "parent", "13");
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.modal);
    assert_eq!(item(&a, "TAN-26").parent, Some(item(&a, "TAN-13").meta.id));
}

/// The initiative's Goals field takes a goal by a part of its title, as
/// `roadmap edit --goal` does, and says when that names more than one.
#[test]
fn the_goals_field_takes_a_goal_by_its_title() {
    let mut a = app_on(demo_ws(), Role::Pm);
    let r10 = a.ws.initiative_by_key("R10").unwrap().meta.id;
    a.state.modal = backlog::tui::form::Form::edit_initiative(&a.ws, r10).map(|f| Modal::Form(Box::new(f)));
    fill(&mut a, "goals", "rota");
    key(&mut a, KeyCode::Enter);
    assert_eq!(error_of(&a, "goals").as_deref(), Some("\"rota\" matches 2 goals (G2, G3); use the key"));
    fill(&mut a, "goals", "churn, G2");
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.modal);
    let goals: Vec<&str> =
        a.ws.initiative(r10).unwrap().goals.iter().map(|g| a.ws.goal(*g).unwrap().key.as_str()).collect();
    assert_eq!(goals, ["G4", "G2"]);
}

/// Points and capacity take a thousands separator as well.
#[test]
fn capacity_takes_a_thousands_separator() {
    let mut a = app();
    typ(&mut a, "4");
    typ(&mut a, "n");
    fill(&mut a, "capacity", "1,000");
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "{:?}", a.state.modal);
    assert!(a.ws.live_sprints().any(|s| s.capacity == Some(1000)));
}
