//! How keys change the UI state and, through the driver, the workspace:
//! selection bounds, reordering, sprint membership, forms, delete with undo
//! and redo, filters, the role guard, and another session's changes
//! arriving. Everything goes through `App::on_event`, as in the terminal.

mod tui_common;

use backlog::domain::command::{ItemPatch, NewItem, Position};
use backlog::domain::{Command, Ctx, GuardMode, IdGen, Role, Workspace, apply};
use backlog::tui::app::App;
use backlog::tui::form::FormKind;
use backlog::tui::state::{Effect, Level, Modal, Pane};
use backlog::tui::update;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use tui_common::*;

/// Moves the backlog cursor onto the item with `key`.
fn select(app: &mut App, key: &str) {
    typ(app, "g");
    for _ in 0..app.state.backlog.list.len() {
        if selected_key(app).as_deref() == Some(key) {
            return;
        }
        typ(app, "j");
    }
    panic!("{key} is not in the visible list");
}

fn item<'a>(app: &'a App, key: &str) -> &'a backlog::domain::Item {
    app.ws.item_by_key(key).unwrap_or_else(|| panic!("no live item {key}"))
}

/// The keys of the visible backlog rows, top to bottom.
fn visible_keys(app: &App) -> Vec<String> {
    let l = &app.state.backlog.list;
    (0..l.len()).map(|i| app.ws.items[l.get(i).expect("row in range")].key.clone()).collect()
}

fn assert_cursor_in_bounds(app: &App) {
    let len = app.state.backlog.list.len();
    let c = app.state.backlog.cursor;
    assert!(if len == 0 { c == 0 } else { c < len }, "cursor {c} with {len} rows");
}

/// Another session's edit, made on a copy of the workspace as the saver
/// would hand it over after a merge.
fn elsewhere(ws: &Workspace, cmd: Command) -> Workspace {
    let mut other = ws.clone();
    let mut ctx = Ctx::new(now() + chrono::Duration::seconds(5), Role::Po);
    ctx.ids = IdGen::sequential();
    ctx.confirmed = true;
    apply(&mut other, cmd, &mut ctx).expect("the other session's edit applies");
    other
}

#[test]
fn moving_the_selection_stays_in_bounds() {
    let mut a = app();
    let len = a.state.backlog.list.len();
    assert_eq!(len, 40);
    let page = a.state.backlog_page();
    assert_eq!(page, 18, "24 rows less tab bar, borders, header, status lines");

    typ(&mut a, "k");
    assert_eq!(a.state.backlog.cursor, 0, "k at the top stays there");
    typ(&mut a, "j");
    assert_eq!(a.state.backlog.cursor, 1);
    typ(&mut a, "G");
    assert_eq!(a.state.backlog.cursor, len - 1);
    typ(&mut a, "j");
    assert_eq!(a.state.backlog.cursor, len - 1, "j at the bottom stays there");
    typ(&mut a, "g");
    assert_eq!(a.state.backlog.cursor, 0);
    key(&mut a, KeyCode::PageDown);
    assert_eq!(a.state.backlog.cursor, page);
    key(&mut a, KeyCode::PageDown);
    assert_eq!(a.state.backlog.cursor, 2 * page);
    key(&mut a, KeyCode::PageDown);
    assert_eq!(a.state.backlog.cursor, len - 1, "the last page stops at the last row");
    ctrl(&mut a, 'b');
    assert_eq!(a.state.backlog.cursor, len - 1 - page);
    key(&mut a, KeyCode::PageUp);
    key(&mut a, KeyCode::PageUp);
    assert_eq!(a.state.backlog.cursor, 0);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::End);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-39"));

    // The cursor row is always on the visible page.
    let b = &a.state.backlog;
    assert!(b.offset <= b.cursor && b.cursor < b.offset + page);

    // On an empty list every move keeps the cursor at 0 with nothing selected.
    typ(&mut a, "/nothing-matches-this");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.state.backlog.list.len(), 0);
    for k in ["j", "k", "G", "g"] {
        typ(&mut a, k);
        assert_eq!(a.state.backlog.cursor, 0);
        assert_eq!(a.state.selected_item(), None);
    }
    key(&mut a, KeyCode::PageDown);
    assert_eq!(a.state.backlog.cursor, 0);
}

#[test]
fn shrinking_the_terminal_keeps_the_cursor_on_the_page() {
    let mut a = app();
    typ(&mut a, "G");
    resize(&mut a, 80, 12);
    let b = &a.state.backlog;
    let page = a.state.backlog_page();
    assert!(b.offset <= b.cursor && b.cursor < b.offset + page, "{} {} {page}", b.offset, b.cursor);
    let t = draw(&mut a, 80, 12);
    let rows = reversed_rows(t.backend().buffer(), 1, 78);
    assert_eq!(rows.len(), 1, "the selected row is on screen");
    assert!(row_text(t.backend().buffer(), rows[0]).contains("TAN-39"));
}

#[test]
fn shift_j_and_k_reorder_and_the_selection_follows() {
    let mut a = app();
    select(&mut a, "TAN-18");
    assert_eq!(a.state.backlog.cursor, 1);
    let before = visible_keys(&a);
    assert_eq!(before[..4], ["TAN-40", "TAN-18", "TAN-37", "TAN-1"]);

    typ(&mut a, "J");
    assert_eq!(visible_keys(&a)[..4], ["TAN-40", "TAN-37", "TAN-18", "TAN-1"]);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-18"));
    assert_eq!(a.state.backlog.cursor, 2);
    // The ranks in the workspace say the same.
    assert!(item(&a, "TAN-37").rank < item(&a, "TAN-18").rank);
    assert!(item(&a, "TAN-18").rank < item(&a, "TAN-1").rank);
    assert_eq!(a.ws.ranked_item_positions(), {
        let l = &a.state.backlog.list;
        (0..l.len()).map(|i| l.get(i).unwrap()).collect::<Vec<_>>()
    });

    typ(&mut a, "KK");
    assert_eq!(visible_keys(&a)[..3], ["TAN-18", "TAN-40", "TAN-37"]);
    assert_eq!(a.state.backlog.cursor, 0);
    let top = visible_keys(&a);
    typ(&mut a, "K");
    assert_eq!(visible_keys(&a), top, "K at the top changes nothing");
    assert_eq!(a.state.message.as_ref().map(|m| m.0.as_str()), Some("Already at the top"));

    typ(&mut a, "G");
    let bottom = visible_keys(&a);
    typ(&mut a, "J");
    assert_eq!(visible_keys(&a), bottom, "J at the bottom changes nothing");

    // Filtered: J moves the item past its next *visible* neighbour.
    typ(&mut a, "/datev");
    key(&mut a, KeyCode::Enter);
    select(&mut a, "TAN-13");
    typ(&mut a, "J");
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-13"));
    let filtered = visible_keys(&a);
    let at = filtered.iter().position(|k| k == "TAN-13").unwrap();
    assert_eq!(filtered[at - 1], "TAN-14");
    assert!(item(&a, "TAN-14").rank < item(&a, "TAN-13").rank);
    assert!(item(&a, "TAN-13").rank < item(&a, "TAN-15").rank);
    assert_valid(&a.ws);
}

#[test]
fn s_pulls_a_story_into_the_sprint_and_sends_it_back() {
    let mut a = app();
    let target = a.ws.target_sprint().expect("the demo has an active sprint").meta.id;
    select(&mut a, "TAN-11");
    assert_eq!(item(&a, "TAN-11").sprint, None);

    typ(&mut a, "s");
    assert_eq!(item(&a, "TAN-11").sprint, Some(target));
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-11"));

    typ(&mut a, "s");
    assert_eq!(item(&a, "TAN-11").sprint, None);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-11"));
    assert_valid(&a.ws);
}

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
    let Some(Effect::Apply(Command::EditItem { patch, .. })) = effects.pop() else {
        panic!("Enter on a valid edit form applies an EditItem");
    };
    let expected = ItemPatch { title: Some("SFN surcharges in the DATEV export".into()), ..ItemPatch::default() };
    assert_eq!(*patch, expected, "a title edit sends the title and nothing else");
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
fn delete_asks_first_then_undo_and_redo() {
    let mut a = app();
    select(&mut a, "TAN-18");
    typ(&mut a, "d");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("d asks to confirm") };
    assert!(c.message.contains("TAN-18"), "{}", c.message);
    assert!(a.ws.item_by_key("TAN-18").is_some(), "nothing is deleted before the answer");

    typ(&mut a, "n");
    assert!(a.state.modal.is_none());
    assert!(a.ws.item_by_key("TAN-18").is_some(), "n keeps it");

    typ(&mut a, "d");
    typ(&mut a, "y");
    assert!(a.state.modal.is_none());
    assert!(a.ws.item_by_key("TAN-18").is_none(), "y deletes it");
    assert_eq!(a.state.backlog.list.len(), 39);
    assert!(!visible_keys(&a).contains(&"TAN-18".to_owned()));
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-37"), "the next row is selected");
    assert_cursor_in_bounds(&a);

    typ(&mut a, "u");
    assert!(a.ws.item_by_key("TAN-18").is_some(), "u brings it back");
    assert_eq!(a.state.backlog.list.len(), 40);
    assert_eq!(visible_keys(&a)[1], "TAN-18", "in its old place");

    ctrl(&mut a, 'r');
    assert!(a.ws.item_by_key("TAN-18").is_none(), "Ctrl-r deletes it again");
    assert_eq!(a.state.backlog.list.len(), 39);
    assert_cursor_in_bounds(&a);

    typ(&mut a, "u");
    assert!(a.ws.item_by_key("TAN-18").is_some());
    typ(&mut a, "u");
    assert_eq!(a.state.message.as_ref().map(|m| m.0.as_str()), Some("Nothing to undo"));
    assert_valid(&a.ws);
}

#[test]
fn filter_narrows_as_you_type_and_esc_clears_it() {
    let mut a = app();
    typ(&mut a, "/");
    assert!(a.state.backlog.typing);
    typ(&mut a, "dat");
    let n_dat = a.state.backlog.list.len();
    typ(&mut a, "ev");
    let keys = visible_keys(&a);
    assert_eq!(keys.len(), 8);
    assert!(keys.len() <= n_dat);
    for k in &keys {
        let it = item(&a, k);
        let hay = format!("{} {} {}", it.key, it.title, it.labels.join(" ")).to_lowercase();
        assert!(hay.contains("datev"), "{k} does not match");
    }
    assert_eq!(a.state.backlog.list.total(), 40);
    assert_cursor_in_bounds(&a);

    // Esc while typing clears the query and shows everything again.
    key(&mut a, KeyCode::Esc);
    assert!(!a.state.backlog.typing);
    assert_eq!(a.state.backlog.query.text(), "");
    assert_eq!(a.state.backlog.list.len(), 40);

    // Enter keeps the filter; Esc afterwards (the back action) clears it.
    typ(&mut a, "/datev");
    key(&mut a, KeyCode::Enter);
    assert!(!a.state.backlog.typing);
    assert_eq!(a.state.backlog.list.len(), 8);
    typ(&mut a, "j");
    assert_eq!(a.state.backlog.cursor, 1, "keys navigate once typing is done");
    let selected = selected_key(&a);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.state.backlog.list.len(), 40);
    assert_eq!(selected_key(&a), selected, "clearing the filter keeps the selection");
}

#[test]
fn o_cycles_the_owner_filter() {
    let mut a = app();
    assert_eq!(a.state.owner_filter, None);
    typ(&mut a, "o");
    assert_eq!(a.state.owner_filter, Some(Role::Pm));
    // Every demo item is the PO's.
    assert_eq!(a.state.backlog.list.len(), 0);
    assert_cursor_in_bounds(&a);
    typ(&mut a, "o");
    assert_eq!(a.state.owner_filter, Some(Role::Po));
    assert_eq!(a.state.backlog.list.len(), 40);
    typ(&mut a, "o");
    assert_eq!(a.state.owner_filter, None);
    assert_eq!(a.state.backlog.list.len(), 40);
    assert!(a.state.backlog.list.spec().is_none());
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

    // The same through the edit form.
    typ(&mut a, "e");
    typ(&mut a, " (PM)");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.state.message.as_ref().map(|m| m.1), Some(Level::Error));
    assert_eq!(serde_json::to_value(&a.ws).unwrap(), before);
}

#[test]
fn another_sessions_change_keeps_the_selection_and_the_open_form() {
    let mut a = app();
    select(&mut a, "TAN-18");
    typ(&mut a, "e");
    typ(&mut a, " (draft)");

    // Someone adds an item at the top: TAN-18 moves down a row.
    let other = elsewhere(
        &a.ws,
        Command::AddItem(Box::new(NewItem {
            title: "Urgent: fix login".into(),
            position: Position::Top,
            ..NewItem::default()
        })),
    );
    a.replace_workspace(other);
    assert_eq!(visible_keys(&a)[0], "TAN-41");
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-18"), "the selection follows the item, not the row");
    assert_eq!(a.state.backlog.cursor, 2);
    let Some(Modal::Form(f)) = &a.state.modal else { panic!("the form stays open") };
    assert_eq!(f.field("title").raw(), "Night, Sunday and holiday surcharges in the export (draft)");

    // With a filter on, the new state is filtered too.
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "/datev");
    key(&mut a, KeyCode::Enter);
    select(&mut a, "TAN-17");
    let id = item(&a, "TAN-19").meta.id;
    let other = elsewhere(&a.ws, Command::DeleteItem { id });
    a.replace_workspace(other);
    assert_eq!(visible_keys(&a).len(), 7);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-17"));

    // The selected item deleted elsewhere: the cursor stays in bounds.
    typ(&mut a, "G");
    let last = selected_key(&a).unwrap();
    let id = item(&a, &last).meta.id;
    let other = elsewhere(&a.ws, Command::DeleteItem { id });
    a.replace_workspace(other);
    assert_cursor_in_bounds(&a);
    assert!(selected_key(&a).is_some());
    assert_valid(&a.ws);
}

fn click(app: &mut backlog::tui::app::App, column: u16, row: u16) {
    send(
        app,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }),
    );
}

/// A click on a tab's label opens that pane, at full width and when the
/// bar is compacted to fit a narrow terminal.
#[test]
fn clicking_a_tab_opens_its_pane() {
    let mut a = app();
    for (w, h) in [(80, 24), (160, 48), (40, 10)] {
        resize(&mut a, w, h);
        for pane in [Pane::Vision, Pane::Sprint, Pane::Roadmap, Pane::Backlog] {
            // Find the tab on screen (" 2 Roadmap ", or " 2 " when compact)
            // and click every column of it.
            let other = if pane == Pane::Backlog { Pane::Vision } else { Pane::Backlog };
            a.state.pane = other;
            let t = draw(&mut a, w, h);
            let bar = row_text(t.backend().buffer(), 0);
            let n = pane.index() + 1;
            let (start, len) = [format!(" {n} {} ", pane.title()), format!(" {n} ")]
                .iter()
                .find_map(|l| bar.find(l.as_str()).map(|i| (i, l.len())))
                .expect("every tab shows its number");
            for col in start..start + len {
                a.state.pane = other;
                click(&mut a, col as u16, 0);
                assert_eq!(a.state.pane, pane, "clicked column {col} of {bar:?} at {w}x{h}");
            }
        }
    }
}

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

/// Found by tui_props: with a filter on, deleting an item and undoing the
/// delete showed the last row twice. The delete pulled the filter's scan
/// front back and the undo's insert did not push it forward again, so the
/// scan "found" the last item a second time.
#[test]
fn undoing_a_delete_under_a_filter_shows_each_row_once() {
    let mut a = app();
    typ(&mut a, "oo");
    assert_eq!(a.state.owner_filter, Some(Role::Po));
    typ(&mut a, "d");
    typ(&mut a, "y");
    assert_eq!(visible_keys(&a).len(), 39);
    typ(&mut a, "u");
    let keys = visible_keys(&a);
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(keys.len(), unique.len(), "a row is shown twice: {keys:?}");
    assert_eq!(keys.len(), 40);
    assert_eq!(keys[0], "TAN-40");

    // Also with a new item added while the filter is on: it is listed once,
    // at once, and selected.
    typ(&mut a, "n");
    typ(&mut a, "Filtered newcomer");
    key(&mut a, KeyCode::Enter);
    let keys = visible_keys(&a);
    assert_eq!(keys.iter().filter(|k| *k == "TAN-41").count(), 1, "{keys:?}");
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-41"));
}

/// On the Sprint board `<`/`>` move a card to the previous/next column
/// (J/K reorder it within its column); the selection goes with the card,
/// whatever its rank among the cards there.
#[test]
fn on_the_board_the_selection_follows_a_moved_card() {
    let mut a = app();
    typ(&mut a, "4");
    let selected = |a: &App| {
        let cols = update::board_columns(&a.ws, None);
        let c = a.state.sprint.column;
        cols[c].get(a.state.sprint.row[c]).map(|&p| a.ws.items[p].key.clone())
    };
    // Review holds TAN-38, ranked after both cards in progress.
    typ(&mut a, "ll");
    assert_eq!(selected(&a).as_deref(), Some("TAN-38"));
    typ(&mut a, "<");
    assert_eq!(item(&a, "TAN-38").status, backlog::domain::Status::InProgress);
    assert_eq!(a.state.sprint.column, 1);
    assert_eq!(selected(&a).as_deref(), Some("TAN-38"), "the moved card stays selected");
    // Within the column K moves it up, past TAN-17, and the selection too.
    typ(&mut a, "K");
    assert_eq!(a.state.sprint.row[1], 1);
    assert_eq!(selected(&a).as_deref(), Some("TAN-38"));
    typ(&mut a, ">");
    assert_eq!(item(&a, "TAN-38").status, backlog::domain::Status::Review);
    assert_eq!(selected(&a).as_deref(), Some("TAN-38"));
    // Done holds five cards; TAN-38 lands among them by rank (after the
    // question about its unmet criteria).
    typ(&mut a, ">y");
    assert_eq!(a.state.sprint.column, 3);
    assert_eq!(selected(&a).as_deref(), Some("TAN-38"));
}

/// Scrolling help past its end and back: one k is one line up again.
#[test]
fn help_scroll_stops_at_the_end() {
    let mut a = app();
    typ(&mut a, "?");
    let top = render(&mut a, 80, 24);
    typ(&mut a, &"j".repeat(100));
    let bottom = render(&mut a, 80, 24);
    assert_ne!(top, bottom);
    assert!(bottom.contains("Redo"), "the last binding is in view at the end");
    typ(&mut a, "k");
    let up_one = render(&mut a, 80, 24);
    assert_ne!(up_one, bottom, "k scrolls back at once");
    assert!(!up_one.contains("Ctrl-r"), "one line up hides the last binding");
    typ(&mut a, &"k".repeat(100));
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
    for _ in 0..10 {
        key(&mut a, KeyCode::Down);
    }
    let Some(Modal::Palette(p)) = &a.state.modal else { panic!("the palette is open") };
    assert_eq!(p.selected, hits - 1);
    key(&mut a, KeyCode::Up);
    let Some(Modal::Palette(p)) = &a.state.modal else { panic!("the palette is open") };
    assert_eq!(p.selected, hits - 2);
    for _ in 0..10 {
        key(&mut a, KeyCode::Up);
    }
    key(&mut a, KeyCode::Enter);
    assert!(a.state.modal.is_none());
    assert_eq!(a.state.pane, Pane::Sprint, "the best match runs: go to the Sprint pane");
}

fn initiative<'a>(app: &'a App, key: &str) -> &'a backlog::domain::strategy::Initiative {
    app.ws.initiative_by_key(key).unwrap_or_else(|| panic!("no initiative {key}"))
}

/// The initiative selected on the Roadmap, as the pane shows it.
fn selected_initiative_key(app: &App) -> Option<String> {
    update::selected_initiative(&app.state, &app.ws).and_then(|id| app.ws.initiative(id)).map(|i| i.key.clone())
}

/// The key of the card selected on the Sprint board.
fn selected_card_key(app: &App) -> Option<String> {
    update::selected_card(&app.state, &app.ws).and_then(|id| app.ws.item(id)).map(|i| i.key.clone())
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

/// Moving a card into Done with unmet criteria asks first; "n" leaves the
/// card, and the selection, where they were; "y" moves both.
#[test]
fn a_card_with_unmet_criteria_asks_before_done() {
    use backlog::domain::Status;
    let mut a = app();
    typ(&mut a, "4ll");
    assert_eq!(selected_card_key(&a).as_deref(), Some("TAN-38"));
    assert!(item(&a, "TAN-38").acceptance_criteria.iter().any(|c| !c.met));

    typ(&mut a, ">");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("moving into Done asks first") };
    assert!(c.message.contains("unmet"), "{}", c.message);
    typ(&mut a, "n");
    assert_eq!(item(&a, "TAN-38").status, Status::Review);
    assert_eq!(a.state.sprint.column, 2, "the selection stays in Review");
    assert_eq!(selected_card_key(&a).as_deref(), Some("TAN-38"));

    typ(&mut a, ">y");
    assert_eq!(item(&a, "TAN-38").status, Status::Done);
    assert_eq!(a.state.sprint.column, 3);
    assert_eq!(selected_card_key(&a).as_deref(), Some("TAN-38"), "the selection goes with the card");
}

/// A move the role guard refuses (strict) leaves the card and the
/// selection where they were.
#[test]
fn a_refused_board_move_keeps_the_selection() {
    let mut ws = demo_ws();
    ws.settings.role_guard = GuardMode::Strict;
    let mut a = app_on(ws, Role::Pm);
    typ(&mut a, "4l");
    assert_eq!(selected_card_key(&a).as_deref(), Some("TAN-7"));
    let before = serde_json::to_value(&a.ws).unwrap();
    typ(&mut a, ">");
    assert_eq!(a.state.message.as_ref().map(|m| m.1), Some(Level::Error), "{:?}", a.state.message);
    assert_eq!(serde_json::to_value(&a.ws).unwrap(), before);
    assert_eq!(a.state.sprint.column, 1, "still on In progress");
    assert_eq!(selected_card_key(&a).as_deref(), Some("TAN-7"));
    // Reordering within the column: the same.
    typ(&mut a, "J");
    assert_eq!(a.state.sprint.row[1], 0);
    assert_eq!(selected_card_key(&a).as_deref(), Some("TAN-7"));
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

/// `R` asks first, then re-ranks the open scored items by WSJF (highest
/// first) in the rank slots they hold; `u` puts every rank back.
#[test]
fn r_reranks_by_wsjf_after_asking_and_u_undoes_it() {
    let mut a = app();
    score_demo_items(&mut a);
    let before = serde_json::to_value(&a.ws.items).unwrap();
    let ranks = |a: &App| a.ws.live_items().map(|i| (i.key.clone(), i.rank.clone())).collect::<Vec<_>>();
    let ranks_before = ranks(&a);

    typ(&mut a, "R");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("R asks first") };
    assert!(c.message.contains("WSJF"), "{}", c.message);
    assert_eq!(serde_json::to_value(&a.ws.items).unwrap(), before, "nothing changes before the answer");

    typ(&mut a, "y");
    // The scored open items now run highest WSJF first in rank order.
    let scored: Vec<String> = {
        let l = &a.state.backlog.list;
        (0..l.len())
            .map(|i| &a.ws.items[l.get(i).unwrap()])
            .filter(|i| !i.status.is_closed() && i.scoring.wsjf_score().is_some())
            .map(|i| i.key.clone())
            .collect()
    };
    assert_eq!(scored, ["TAN-30", "TAN-29", "TAN-11", "TAN-23", "TAN-25", "TAN-18"]);
    // Unscored items keep their ranks.
    for ((k, r0), (_, r1)) in ranks_before.iter().zip(ranks(&a)) {
        if item(&a, k).scoring.wsjf_score().is_none() {
            assert_eq!(*r0, r1, "{k} moved");
        }
    }
    assert_valid(&a.ws);

    typ(&mut a, "u");
    assert_eq!(ranks(&a), ranks_before, "undo puts every rank back");
    // Every item as it was, but for the bookkeeping of the undo itself (a
    // restore is a new revision, so that merges see it).
    let content = |v: serde_json::Value| -> Vec<serde_json::Value> {
        let mut items = v.as_array().unwrap().clone();
        for i in &mut items {
            let o = i.as_object_mut().unwrap();
            for k in ["rev", "updated_at", "updated_by"] {
                o.remove(k);
            }
        }
        items
    };
    assert_eq!(content(serde_json::to_value(&a.ws.items).unwrap()), content(before), "exactly as before");
}

/// Sorting by a score is a way of looking: it changes no rank, records no
/// change and leaves nothing to undo.
#[test]
fn v_in_the_backlog_changes_no_rank() {
    let mut a = app();
    score_demo_items(&mut a);
    let before = serde_json::to_value(&a.ws).unwrap();
    let undo = a.state.undo.len();
    for _ in 0..3 {
        typ(&mut a, "v");
        assert_eq!(serde_json::to_value(&a.ws).unwrap(), before);
    }
    assert_eq!(a.state.undo.len(), undo);
    // J/K are refused in a score view rather than moving by a rank the
    // screen does not show.
    typ(&mut a, "vJ");
    assert_eq!(serde_json::to_value(&a.ws).unwrap(), before);
    assert!(a.state.message.as_ref().is_some_and(|m| m.0.contains("rank order")), "{:?}", a.state.message);
}

/// Closing the active sprint asks whether its goal was met, then shows the
/// sprint's review.
#[test]
fn closing_the_sprint_shows_the_review() {
    use backlog::domain::sprint::SprintState;
    let mut a = app();
    let s23 = a.ws.active_sprint().unwrap().meta.id;
    typ(&mut a, "4S");
    assert!(matches!(a.state.modal, Some(Modal::CloseSprint { sprint }) if sprint == s23));
    assert_eq!(a.ws.sprint(s23).unwrap().state, SprintState::Active, "nothing changes before the answer");
    typ(&mut a, "y");
    assert!(matches!(a.state.modal, Some(Modal::Review { sprint }) if sprint == s23), "the review follows");
    let s = a.ws.sprint(s23).unwrap();
    assert_eq!(s.state, SprintState::Closed);
    assert_eq!(s.review.as_ref().and_then(|r| r.goal_met), Some(true));
    typ(&mut a, "x");
    assert!(a.state.modal.is_none(), "any key closes the review");
    assert_valid(&a.ws);
}

/// Starting a sprint committed past its capacity says by how much.
#[test]
fn starting_a_sprint_over_capacity_says_by_how_much() {
    let mut a = app();
    typ(&mut a, "4Sy");
    typ(&mut a, "x");
    // Sprint 24 is next: 17 of 32 points. Pull in 16 more.
    typ(&mut a, "3");
    for k in ["TAN-11", "TAN-25"] {
        select(&mut a, k);
        typ(&mut a, "s");
    }
    typ(&mut a, "4S");
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("S asks before starting") };
    assert!(c.message.contains("Sprint 24"), "{}", c.message);
    assert!(c.message.contains("33 points against a capacity of 32 (over by 1)"), "{}", c.message);
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

    // Through a form: the fields it changes.
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "e");
    typ(&mut a, " (PM)");
    key(&mut a, KeyCode::Enter);
    let Some(Modal::Confirm(c)) = &a.state.modal else { panic!("asks first") };
    assert!(c.message.contains("Updated TAN-11 (title)"), "{}", c.message);
}

/// `? help` is on the hint line of every pane and view, at 80 columns and
/// at the smallest size.
#[test]
fn the_hint_line_always_shows_help() {
    let views = ["1", "2", "2v", "2vv", "3", "3v", "3vv", "3/x", "3j\n", "4", "4v", "4vv"];
    for (w, h) in [(80, 24), (40, 10), (160, 48)] {
        for keys in views {
            let mut a = app();
            for c in keys.chars() {
                if c == '\n' { key(&mut a, KeyCode::Enter) } else { typ(&mut a, &c.to_string()) }
            }
            let t = draw(&mut a, w, h);
            let last = row_text(t.backend().buffer(), h - 1);
            assert!(last.trim_end().ends_with("? help"), "{keys:?} at {w}x{h}: {last:?}");
        }
    }
}

/// At 80 columns the detail covers the list: j/k and PgDn/PgUp scroll the
/// detail, and the selection stays on its item.
#[test]
fn the_full_screen_detail_scrolls_with_the_navigation_keys() {
    let mut a = app();
    long_description(&mut a);
    select(&mut a, "TAN-18");
    key(&mut a, KeyCode::Enter);
    assert!(update_view_full_screen(&a));
    typ(&mut a, "jj");
    assert_eq!(a.state.backlog.detail_scroll, 2);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-18"));
    key(&mut a, KeyCode::PageDown);
    typ(&mut a, &"j".repeat(50));
    let end = a.state.backlog.detail_scroll;
    assert!(end > 2);
    typ(&mut a, "k");
    assert_eq!(a.state.backlog.detail_scroll, end - 1, "k scrolls back at once from the end");
    let t = draw(&mut a, 80, 24);
    assert!(row_text(t.backend().buffer(), 21).contains("j/k scroll"));
    typ(&mut a, "g");
    assert_eq!(a.state.backlog.detail_scroll, 0);
    // Esc closes it; j moves the list again.
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "j");
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-37"));
    // Beside the list (wide terminals) j moves the selection, and the
    // detail follows it.
    resize(&mut a, 160, 48);
    key(&mut a, KeyCode::Enter);
    typ(&mut a, "k");
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-18"));
}

fn update_view_full_screen(a: &App) -> bool {
    backlog::tui::view::detail_full_screen(&a.state, &a.ws)
}

/// Clicks act on what is drawn where they land: not on list rows hidden
/// under the detail, not on borders or the status lines.
#[test]
fn clicks_respect_what_is_on_screen() {
    let mut a = app();
    // Row 5 shows TAN-37 (rows: tab bar, border, header, then the list).
    click(&mut a, 10, 5);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-37"));
    // The bottom border and the status lines are not rows.
    for row in [21, 22, 23] {
        click(&mut a, 10, row);
        assert_eq!(selected_key(&a).as_deref(), Some("TAN-37"), "click on row {row}");
    }
    // Nor the header.
    click(&mut a, 10, 2);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-37"));

    // The detail over the list at 80 columns: clicks do not select rows
    // that cannot be seen.
    key(&mut a, KeyCode::Enter);
    click(&mut a, 10, 8);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-37"));

    // Beside the list at 160 columns: clicks on the list select, clicks on
    // the detail do not.
    resize(&mut a, 160, 48);
    click(&mut a, 10, 3);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-40"));
    click(&mut a, 120, 5);
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-40"));

    // With a modal open, clicks do nothing and the wheel scrolls the modal,
    // not the list behind it.
    resize(&mut a, 80, 24);
    key(&mut a, KeyCode::Esc);
    typ(&mut a, "?");
    send(
        &mut a,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 10,
            row: 10,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert!(matches!(a.state.modal, Some(Modal::Help { scroll: 1 })));
    assert_eq!(selected_key(&a).as_deref(), Some("TAN-40"));
}

/// On the timeline j/k walk its rows, across horizons.
#[test]
fn the_timeline_selection_walks_its_rows() {
    let mut a = app_on(demo_ws(), Role::Pm);
    typ(&mut a, "v");
    let order: Vec<String> =
        backlog::tui::view::timeline_order(&a.ws, None).iter().map(|(i, _)| i.key.clone()).collect();
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

/// In a score view only scored items can depart from their score: the
/// unscored ones, listed after them, get no ⇡/⇣.
#[test]
fn unscored_items_get_no_rank_marker() {
    let mut a = app();
    // Twelve scored items in all, so the unscored ones sit twelve rows or
    // more below their rank (a strong departure, by the numbers alone).
    for k in ["TAN-9", "TAN-12", "TAN-20", "TAN-23", "TAN-26", "TAN-29", "TAN-30", "TAN-31", "TAN-32", "TAN-33"] {
        set_wsjf(&mut a, k, 5.0, 3.0, 2.0, 5.0);
    }
    typ(&mut a, "v");
    let t = draw(&mut a, 80, 24);
    let buf = t.backend().buffer();
    let row = (3..21).find(|&y| row_text(buf, y).contains("TAN-40")).expect("TAN-40 on screen");
    let text = row_text(buf, row);
    assert!(text.contains("#1"), "{text}");
    assert!(!text.contains('⇣') && !text.contains('⇡'), "{text}");
    let top = row_text(buf, 3);
    assert!(top.contains('⇡'), "a scored item far down the rank is marked: {top}");
}
