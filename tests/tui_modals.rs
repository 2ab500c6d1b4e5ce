//! What opens over a pane: the item forms (new, edit, errors, another
//! session's change meanwhile), the role guard's question and refusal, help,
//! the palette, and the conflicts list. Everything goes through
//! `App::on_event`, as in the terminal.

mod tui_common;

use backlog::domain::command::ItemPatch;
use backlog::domain::{Command, EntityRef, GuardMode, Role, Snapshot};
use backlog::tui::form::FormKind;
use backlog::tui::state::{Effect, Level, Modal, Pane};
use backlog::tui::update;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_common::*;

#[test]
fn new_item_form_creates_the_next_key_and_selects_it() {
    let mut a = app();
    let next = a.ws.workspace.next_key;
    let total = a.state.backlog.list.total();
    typ(&mut a, "n");
    assert!(matches!(&a.state.modal, Some(Modal::Form(f)) if matches!(f.kind, FormKind::NewItem { .. })));
    typ(&mut a, "Export the rota as iCal");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "3");
    key(&mut a, KeyCode::Enter);

    assert!(a.state.modal.is_none(), "the form closes on success");
    let key_name = format!("TAN-{next}");
    let it = item(&a, &key_name);
    assert_eq!(it.title, "Export the rota as iCal");
    assert_eq!(it.estimate, Some(3));
    assert_eq!(it.meta.owner, Role::Po);
    assert_eq!(a.ws.workspace.next_key, next + 1);
    assert_eq!(a.state.backlog.list.total(), total + 1);
    assert_eq!(selected_key(&a).as_deref(), Some(key_name.as_str()));
    assert_valid(&a.ws);
}

#[test]
fn a_form_with_an_error_stays_open_and_changes_nothing() {
    let mut a = app();
    let before = serde_json::to_value(&a.ws).unwrap();
    typ(&mut a, "n");
    key(&mut a, KeyCode::Enter);
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("the form stays open") };
    assert_eq!(f.field("title").error.as_deref(), Some("required"));
    key(&mut a, KeyCode::Esc);
    assert!(a.state.modal.is_none());
    assert_eq!(serde_json::to_value(&a.ws).unwrap(), before);
}

/// The `e` form sends only what the user changed, so it cannot overwrite
/// another session's change to a field the user did not touch.
#[test]
fn the_edit_form_sends_only_the_touched_fields() {
    let mut a = app();
    select(&mut a, "TAN-18");
    typ(&mut a, "e");
    ctrl(&mut a, 'u');
    typ(&mut a, "SFN surcharges in the DATEV export");

    // What Enter asks the driver to do, seen without running it.
    let mut effects =
        update::handle_event(&mut a.state, &a.ws, &Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let Some(Effect::Edit { cmd: Command::EditItem { patch, .. }, base, .. }) = effects.pop() else {
        panic!("Enter on a valid edit form applies an EditItem");
    };
    let expected = ItemPatch { title: Some("SFN surcharges in the DATEV export".into()), ..ItemPatch::default() };
    assert_eq!(*patch, expected, "a title edit sends the title and nothing else");
    // And it carries the item as the form got it: the base of a merge.
    let it = item(&a, "TAN-18");
    assert_eq!(
        base,
        vec![Snapshot { entity: EntityRef::Item(it.meta.id), value: a.ws.get(EntityRef::Item(it.meta.id)) }]
    );
}

/// A field the user changed in the form that another session changed too
/// while the form was open: the user's value stays, and both are kept in a
/// conflict record with the value the form started from as the base.
#[test]
fn a_field_both_the_form_and_another_session_changed_is_a_conflict() {
    let mut a = app();
    select(&mut a, "TAN-18");
    let id = item(&a, "TAN-18").meta.id;
    let original = item(&a, "TAN-18").title.clone();
    let conflicts_before = a.ws.conflicts.len();
    typ(&mut a, "e");
    // Meanwhile another session renames it and changes the story's "as a".
    let mut patch = ItemPatch { title: Some("Surcharges, from the CLI".into()), ..ItemPatch::default() };
    let mut story = item(&a, "TAN-18").story.as_deref().cloned().unwrap_or_default();
    story.as_a = "payroll clerk".into();
    patch.story = Some(Some(story));
    a.replace_workspace(elsewhere(&a.ws, Command::EditItem { id, patch: Box::new(patch) }));
    // The user renames it too, and edits the story's "I want".
    ctrl(&mut a, 'u');
    typ(&mut a, "Surcharges, from the form");
    for _ in 0..6 {
        key(&mut a, KeyCode::Tab);
    }
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("the form is open") };
    assert_eq!(f.fields[f.focus].name, "i_want");
    ctrl(&mut a, 'u');
    typ(&mut a, "night and Sunday surcharges itemised");
    key(&mut a, KeyCode::Enter);

    let it = item(&a, "TAN-18");
    assert_eq!(it.title, "Surcharges, from the form", "the user's value stays");
    let story = it.story.clone().unwrap();
    assert_eq!(
        story.as_a, "payroll clerk",
        "a part of the story the user did not touch keeps the other session's edit"
    );
    assert_eq!(story.i_want, "night and Sunday surcharges itemised");
    let new: Vec<_> = a.ws.conflicts.iter().skip(conflicts_before).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    let c = new[0];
    assert_eq!((c.label.as_str(), c.field.as_str()), ("TAN-18", "title"));
    assert_eq!(c.base, serde_json::Value::from(original));
    assert_eq!(c.ours, serde_json::Value::from("Surcharges, from the form"));
    assert_eq!(c.theirs, serde_json::Value::from("Surcharges, from the CLI"));
    assert!(a.state.message.as_ref().unwrap().0.contains("changed meanwhile by another session"));
    // One undo step takes the edit back, conflict record included.
    typ(&mut a, "u");
    assert_eq!(item(&a, "TAN-18").title, "Surcharges, from the CLI");
    assert_eq!(a.ws.conflicts.len(), conflicts_before);
}

#[test]
fn an_edit_keeps_another_sessions_change_to_other_fields() {
    let mut a = app();
    select(&mut a, "TAN-18");
    typ(&mut a, "e");
    // Meanwhile the other session re-estimates the story.
    let id = item(&a, "TAN-18").meta.id;
    let other = elsewhere(
        &a.ws,
        Command::EditItem { id, patch: Box::new(ItemPatch { estimate: Some(Some(8)), ..ItemPatch::default() }) },
    );
    a.replace_workspace(other);
    assert!(matches!(&a.state.modal, Some(Modal::Form(_))), "the form stays open");
    ctrl(&mut a, 'u');
    typ(&mut a, "SFN surcharges");
    key(&mut a, KeyCode::Enter);
    let it = item(&a, "TAN-18");
    assert_eq!(it.title, "SFN surcharges");
    assert_eq!(it.estimate, Some(8), "the other session's estimate survives");
}

#[test]
fn a_pm_editing_a_po_item_is_asked_first_in_warn_mode() {
    let mut a = app_on(demo_ws(), Role::Pm);
    assert_eq!(a.state.pane, Pane::Roadmap, "a PM session opens on the roadmap");
    typ(&mut a, "3");
    select(&mut a, "TAN-11");
    let before = serde_json::to_value(&a.ws).unwrap();

    typ(&mut a, "s");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("crossing the role line asks first") };
    assert!(c.message.contains("PO"), "{}", c.message);
    assert_eq!(serde_json::to_value(&a.ws).unwrap(), before, "nothing changes before the answer");

    typ(&mut a, "y");
    assert!(a.state.modal.is_none());
    let it = item(&a, "TAN-11");
    assert!(it.sprint.is_some(), "y applies it");
    assert_eq!(it.meta.owner, Role::Po, "the owner stays the PO");
    assert_eq!(it.meta.updated_by, Role::Pm);

    // And "n" leaves it alone.
    typ(&mut a, "s");
    typ(&mut a, "n");
    assert!(item(&a, "TAN-11").sprint.is_some());
}

#[test]
fn a_pm_editing_a_po_item_is_refused_in_strict_mode() {
    let mut ws = demo_ws();
    ws.settings.role_guard = GuardMode::Strict;
    let mut a = app_on(ws, Role::Pm);
    typ(&mut a, "3");
    select(&mut a, "TAN-11");
    let before = serde_json::to_value(&a.ws).unwrap();

    typ(&mut a, "s");
    assert!(a.state.modal.is_none(), "strict mode does not ask");
    let (msg, level) = a.state.message.clone().expect("a message says why");
    assert_eq!(level, Level::Error);
    assert!(msg.contains("strict"), "{msg}");
    assert_eq!(serde_json::to_value(&a.ws).unwrap(), before, "nothing changed");
    assert!(a.state.undo.is_empty());

    // The edit form does not even open: nothing is typed in vain.
    typ(&mut a, "e");
    assert!(a.state.modal.is_none(), "strict mode opens no form on the PO's item");
    let (msg, level) = a.state.message.clone().expect("a message says why");
    assert_eq!(level, Level::Error);
    assert!(msg.contains("TAN-11") && msg.contains("strict"), "{msg}");
    typ(&mut a, " (PM)");
    assert_eq!(serde_json::to_value(&a.ws).unwrap(), before);
}

/// Deleting what the other role owns: under warn one question names the
/// owner (not "Delete?" and then a second question after yes); under
/// strict the refusal comes before any question, short enough for the
/// status line at 80 columns. Bulk deletes and the roadmap alike.
#[test]
fn the_role_guard_on_delete_asks_once_or_refuses_first() {
    // Warn: one question, and yes deletes.
    let mut a = app_on(demo_ws(), Role::Pm);
    typ(&mut a, "3");
    select(&mut a, "TAN-11");
    typ(&mut a, "d");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("delete asks") };
    assert!(
        c.message.contains("TAN-11") && c.message.contains("owned by the PO") && c.message.contains("as PM"),
        "{}",
        c.message
    );
    typ(&mut a, "y");
    assert!(a.state.modal.is_none(), "no second question after yes");
    assert!(a.ws.item_by_key("TAN-11").is_none(), "deleted");
    // The PM's own initiative asks the plain question.
    typ(&mut a, "2");
    typ(&mut a, "d");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("delete asks") };
    assert!(!c.message.contains("owned by"), "{}", c.message);
    typ(&mut a, "n");

    // Strict: refused before any question, in a line that fits.
    for bulk in [false, true] {
        let mut ws = demo_ws();
        ws.settings.role_guard = GuardMode::Strict;
        let mut a = app_on(ws, Role::Pm);
        typ(&mut a, "3");
        select(&mut a, "TAN-11");
        if bulk {
            typ(&mut a, " ");
        }
        let before = serde_json::to_value(&a.ws).unwrap();
        typ(&mut a, "d");
        assert!(a.state.modal.is_none(), "strict refuses before asking (bulk: {bulk})");
        let (msg, level) = a.state.message.clone().expect("a message says why");
        assert_eq!(level, Level::Error);
        assert!(msg.contains("TAN-11") && msg.contains("PO") && msg.contains("strict"), "{msg}");
        let line = render(&mut a, 80, 24);
        assert!(
            line.contains("TAN-11 is the PO's (strict role guard)"),
            "the whole refusal fits at 80 columns:\n{line}"
        );
        assert_eq!(serde_json::to_value(&a.ws).unwrap(), before, "nothing changed");
    }
}

/// Scrolling help past its end and back: one k is one line up again.
#[test]
fn help_scroll_stops_at_the_end() {
    let mut a = app();
    typ(&mut a, "?");
    let top = render(&mut a, 80, 24);
    typ(&mut a, &"j".repeat(300));
    let bottom = render(&mut a, 80, 24);
    assert_ne!(top, bottom);
    assert!(bottom.contains("Redo"), "the last binding is in view at the end");
    typ(&mut a, "k");
    let up_one = render(&mut a, 80, 24);
    assert_ne!(up_one, bottom, "k scrolls back at once");
    assert!(!up_one.contains("Ctrl-r"), "one line up hides the last binding");
    typ(&mut a, &"k".repeat(300));
    assert_eq!(render(&mut a, 80, 24), top);
}

/// The palette's selection stops at the last match, so Up moves at once;
/// Enter runs the selected action.
#[test]
fn palette_selection_stays_on_a_match() {
    let mut a = app();
    typ(&mut a, ":sprint");
    let hits = backlog::tui::palette::matches("sprint").len();
    assert!(hits >= 2);
    for _ in 0..hits + 5 {
        key(&mut a, KeyCode::Down);
    }
    let Some(Modal::Palette(p)) = &a.state.modal else { panic!("the palette is open") };
    assert_eq!(p.selected, hits - 1);
    key(&mut a, KeyCode::Up);
    let Some(Modal::Palette(p)) = &a.state.modal else { panic!("the palette is open") };
    assert_eq!(p.selected, hits - 2);
    for _ in 0..hits {
        key(&mut a, KeyCode::Up);
    }
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none());
    assert_eq!(a.state.pane, Pane::Sprint, "the best match runs: go to the Sprint pane");
}

/// `C` lists the open conflicts; `t` takes their value and resolves it.
#[test]
fn c_then_t_takes_their_value() {
    let mut a = app_on(ws_with_conflict(), Role::Po);
    let theirs = a.ws.conflicts[0].theirs.as_str().unwrap().to_owned();
    typ(&mut a, "C");
    assert!(matches!(a.state.modal, Some(Modal::Conflicts { .. })));
    typ(&mut a, "t");
    assert_eq!(item(&a, "TAN-18").title, theirs);
    assert_eq!(a.ws.open_conflicts().count(), 0);
    assert!(a.state.modal.is_none(), "the last conflict resolved closes the list");
    assert!(a.state.message.as_ref().is_some_and(|m| m.0.contains("kept theirs")), "{:?}", a.state.message);
    typ(&mut a, "C");
    assert!(a.state.modal.is_none(), "nothing left to resolve");
    assert_valid(&a.ws);
}

/// The role guard's question says which change it is about.
#[test]
fn the_role_guard_question_names_the_change() {
    let mut a = app_on(demo_ws(), Role::Pm);
    typ(&mut a, "3");
    select(&mut a, "TAN-11");
    typ(&mut a, "s");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("asks first") };
    assert!(c.message.contains("TAN-11 is owned by the PO"), "{}", c.message);
    assert!(c.message.contains("Pulled TAN-11 into Sprint 23"), "{}", c.message);
    // Working out the summary changed nothing.
    assert_eq!(item(&a, "TAN-11").sprint, None);

    // A form asks before it is filled, not after: yes opens it, and its
    // submit goes through without a second question (with the warning).
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "e");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("asks before the form opens") };
    assert!(c.message.contains("TAN-11 is owned by the PO. Edit it anyway as PM?"), "{}", c.message);
    typ(&mut a, "y");
    assert!(matches!(a.state.modal, Some(Modal::Form(_))), "the form opens");
    typ(&mut a, " (PM)");
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none(), "no second question");
    assert!(item(&a, "TAN-11").title.ends_with(" (PM)"));
    let (msg, _) = a.state.message.clone().unwrap();
    assert!(msg.contains("TAN-11 is owned by the PO; edited as PM"), "{msg}");
    // n leaves the form closed.
    typ(&mut a, "e");
    typ(&mut a, "n");
    assert!(a.state.modal.is_none());
}

/// Esc on a form with changes asks before discarding them; n goes back to
/// the form as it was; an untouched form closes at once.
#[test]
fn esc_on_a_changed_form_asks_first() {
    let mut a = app();
    typ(&mut a, "3");
    select(&mut a, "TAN-11");
    typ(&mut a, "e");
    key(&mut a, KeyCode::Esc);
    assert!(a.state.modal.is_none(), "nothing changed: closes at once");
    typ(&mut a, "e");
    typ(&mut a, " v2");
    key(&mut a, KeyCode::Esc);
    assert!(matches!(a.state.modal, Some(Modal::Discard(_))), "asks before discarding");
    typ(&mut a, "n");
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("back to the form") };
    assert!(f.field("title").raw().ends_with(" v2"), "what was typed is still there");
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "y");
    assert!(a.state.modal.is_none());
    assert!(!item(&a, "TAN-11").title.ends_with(" v2"), "discarded");
}

/// `n` on the Roadmap selects the new card, as it does in the Backlog.
#[test]
fn a_new_initiative_is_selected() {
    let mut a = app_on(demo_ws(), Role::Pm);
    typ(&mut a, "2");
    typ(&mut a, "n");
    typ(&mut a, "Calendar sync");
    key(&mut a, KeyCode::Enter);
    let id = update::selected_initiative(&a.state, &a.ws).expect("a card is selected");
    assert_eq!(a.ws.initiative(id).unwrap().title, "Calendar sync");
}

#[test]
fn a_save_that_works_again_takes_its_old_error_off_the_status_line() {
    use backlog::tui::saver::SaverEvent;
    use backlog::tui::state::SaveState;
    let mut a = app();
    a.on_saver(SaverEvent::Failed { upto: 0, error: "No space left on device".into() });
    assert_eq!(a.state.save, SaveState::Failed("No space left on device".into()));
    let (msg, level) = a.state.message.clone().unwrap();
    assert!(msg.starts_with("Not saved") && level == Level::Error);
    a.on_saver(SaverEvent::Saved { upto: 0 });
    assert_eq!(a.state.save, SaveState::Saved);
    let (msg, level) = a.state.message.clone().unwrap();
    assert!(!msg.contains("Not saved") && level == Level::Info, "{msg}");
}

/// The palette reaches every action, exports too: the roadmap is written
/// beside the workspace file and the status line says where.
#[test]
fn the_palette_exports_beside_the_workspace_and_toggles_the_theme() {
    use backlog::tui::action::Action;
    let dir = tempfile::tempdir().unwrap();
    let mut a = app();
    a.workspace_path = Some(dir.path().join("team.json"));
    for act in Action::ALL {
        assert!(backlog::tui::palette::matches(act.name()).iter().any(|h| h.action == *act), "{act:?} in the palette");
    }
    typ(&mut a, ":export roadmap");
    key(&mut a, KeyCode::Enter);
    let file = dir.path().join("team-roadmap.md");
    let text = std::fs::read_to_string(&file).expect("the export is beside the workspace");
    assert!(text.contains("R1"), "{text}");
    let (msg, level) = a.state.message.clone().unwrap();
    assert_eq!(level, Level::Info);
    assert!(msg.contains("team-roadmap.md"), "the path is shown: {msg}");
    typ(&mut a, ":export sprint");
    key(&mut a, KeyCode::Enter);
    assert!(dir.path().join("team-sprint-23.md").is_file(), "{:?}", a.state.message);
    let light = a.state.theme.light;
    typ(&mut a, ":toggle theme");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.state.theme.light, !light);
}

/// A save that kept no backup (the backups path is a link) tells the TUI
/// after the save itself, once; the status line shows it as a warning.
#[test]
fn a_save_without_a_backup_is_a_warning_on_the_status_line() {
    use backlog::store::Store;
    use backlog::tui::saver::{Saver, SaverEvent};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    Store::create(&path, demo_ws(), Role::Po).unwrap();
    let store = Store::open(&path, Role::Po).unwrap();
    let link = store.paths().backups();
    std::os::unix::fs::symlink(dir.path(), &link).unwrap();
    let mut ws = store.workspace().clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let saver = Saver::spawn(store, move |ev| {
        let _ = tx.send(ev);
    });
    let mut ctx = backlog::domain::Ctx::new(now(), Role::Po);
    let change = backlog::domain::apply(
        &mut ws,
        Command::AddItem(Box::new(backlog::domain::command::NewItem {
            title: "Saved without a backup".into(),
            ..Default::default()
        })),
        &mut ctx,
    )
    .unwrap();
    saver.send(1, change);
    let wait = std::time::Duration::from_secs(30);
    let saved = rx.recv_timeout(wait).expect("the save is reported");
    assert!(matches!(saved, SaverEvent::Saved { upto: 1 }), "{saved:?}");
    let warning = rx.recv_timeout(wait).expect("then the warning");
    let SaverEvent::Warning(w) = &warning else { panic!("{warning:?}") };
    let w = w.clone();
    assert!(w.contains(&format!("{} is a symbolic link", link.display())), "{w}");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());

    let mut a = app();
    a.on_saver(warning);
    let (msg, level) = a.state.message.clone().unwrap();
    assert_eq!((msg.as_str(), level), (w.as_str(), Level::Warn));
    drop(saver.finish(true, wait));
}

/// An export by the name of a link is refused, and the file the link
/// points to is left as it was.
#[test]
fn an_export_over_a_link_is_refused_and_the_linked_file_kept() {
    let dir = tempfile::tempdir().unwrap();
    let precious = dir.path().join("precious.txt");
    std::fs::write(&precious, b"not an export").unwrap();
    std::os::unix::fs::symlink(&precious, dir.path().join("team-roadmap.md")).unwrap();
    let mut a = app();
    a.workspace_path = Some(dir.path().join("team.json"));
    typ(&mut a, ":export roadmap");
    key(&mut a, KeyCode::Enter);
    let (msg, level) = a.state.message.clone().unwrap();
    assert_eq!(level, Level::Error);
    assert!(msg.contains("team-roadmap.md is a symbolic link") && msg.contains("rm "), "{msg}");
    assert_eq!(std::fs::read(&precious).unwrap(), b"not an export");
}
