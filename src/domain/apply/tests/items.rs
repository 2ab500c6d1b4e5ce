//! Items: keys (consecutive, never reused, not even through undo and
//! redo), validation of the fields, cleaning of the text, labels, and the
//! links an item may hold.

use super::{W, invalid_field};
use crate::domain::command::{Command, ItemPatch, NewItem, SettingsPatch};
use crate::domain::entity::EntityRef;
use crate::domain::error::DomainError;
use crate::domain::item::ItemKind;
use uuid::Uuid;

// ---------------------------------------------------------------- keys

#[test]
fn new_items_get_consecutive_keys() {
    let mut w = W::new();
    let ids: Vec<Uuid> = ["One", "Two", "Three"].iter().map(|t| w.add(t)).collect();
    let keys: Vec<&str> = ids.iter().map(|&id| w.item(id).key.as_str()).collect();
    assert_eq!(keys, ["BL-1", "BL-2", "BL-3"]);
    assert_eq!(w.ws.workspace.next_key, 4);
    assert_eq!(w.ws.item_by_key("bl-2").map(|i| i.meta.id), Some(ids[1]));
    let c = w.run(Command::AddItem(Box::new(NewItem { title: "Four".into(), ..Default::default() })));
    assert_eq!(c.summary, "Added BL-4 Four");
    assert!(matches!(c.created, Some(EntityRef::Item(_))));
}

/// An import keeps the source's key when it is this workspace's form and
/// free; the counter then passes it, so it is never handed out again.
#[test]
fn an_asked_key_is_given_when_it_is_ours_and_free() {
    use crate::domain::command::{NewGoal, NewInitiative};
    let mut w = W::new();
    let asked = |w: &mut W, key: &str| {
        let new = NewItem { title: format!("asks {key}"), key: Some(key.into()), ..Default::default() };
        let id = w.add_with(new);
        w.item(id).key.clone()
    };
    assert_eq!(asked(&mut w, "BL-7"), "BL-7");
    assert_eq!(w.ws.workspace.next_key, 8, "the counter passes it");
    assert_eq!(asked(&mut w, "bl-3"), "BL-3", "a free key below the counter, in the workspace's case");
    assert_eq!(w.ws.workspace.next_key, 8);
    assert_eq!(asked(&mut w, "BL-7"), "BL-8", "taken: the next key");
    let gone = w.add("Deleted");
    w.run(Command::DeleteItem { id: gone });
    assert_eq!(w.item(gone).key, "BL-9");
    assert_eq!(asked(&mut w, "BL-9"), "BL-10", "a deleted item still holds its key");
    for other in ["PAY-2", "BL-02", "BL-", "BL-x", "XBL-4", " ", "BL-18446744073709551615"] {
        let next = format!("BL-{}", w.ws.workspace.next_key);
        assert_eq!(asked(&mut w, other), next, "{other:?} is not a key of this workspace");
    }
    let goal = w.as_pm(|w| {
        let g =
            w.created(Command::AddGoal(NewGoal { title: "G".into(), key: Some("G4".into()), ..Default::default() }));
        w.created(Command::AddGoal(NewGoal { title: "H".into(), ..Default::default() }));
        g
    });
    assert_eq!(w.ws.goal(goal).unwrap().key, "G4");
    assert_eq!(w.ws.goals.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(), ["G4", "G5"]);
    let r = w.as_pm(|w| {
        let new = NewInitiative { title: "R".into(), key: Some("r2".into()), ..Default::default() };
        w.created(Command::AddInitiative(Box::new(new)))
    });
    assert_eq!(w.ws.initiative(r).unwrap().key, "R2");
    assert_eq!(w.ws.workspace.next_initiative_key, 3);
}

#[test]
fn keys_are_never_reused_after_a_delete() {
    let mut w = W::new();
    w.add("One");
    let two = w.add("Two");
    w.run(Command::DeleteItem { id: two });
    assert!(w.ws.item_by_key("BL-2").is_none());
    let three = w.add("Three");
    assert_eq!(w.item(three).key, "BL-3");
}

#[test]
fn undo_and_redo_of_a_create_never_hand_out_a_key_twice() {
    let mut w = W::new();
    let created = w.run(Command::AddItem(Box::new(NewItem { title: "First".into(), ..Default::default() })));
    let first = created.created.and_then(|r| r.id()).unwrap();

    // Undo: the item is gone, but its number is spent.
    w.run(Command::Restore(created.before.clone()));
    assert!(!w.item(first).is_live());
    assert_eq!(w.ws.workspace.next_key, 2);
    let second = w.add("Second");
    assert_eq!(w.item(second).key, "BL-2");

    // Redo: the item is back under its own key, and the counter does not
    // go back either.
    w.run(Command::Restore(created.after.clone()));
    assert!(w.item(first).is_live());
    assert_eq!(w.item(first).key, "BL-1");
    assert_eq!(w.ws.item_by_key("BL-1").map(|i| i.meta.id), Some(first));
    assert_eq!(w.ws.workspace.next_key, 3);
    let third = w.add("Third");
    assert_eq!(w.item(third).key, "BL-3");
    assert!(!crate::domain::align::check(&w.ws, w.ctx.now).has_broken_links());
}

#[test]
fn undo_and_redo_of_an_edit_restore_the_fields() {
    let mut w = W::new();
    let id = w.add("Before");
    let c = w.edit(id, ItemPatch { title: Some("After".into()), ..Default::default() });
    w.run(Command::Restore(c.before.clone()));
    assert_eq!(w.item(id).title, "Before");
    // The revision keeps counting up: a reader can tell the versions apart.
    assert_eq!(w.item(id).meta.rev, 3);
    w.run(Command::Restore(c.after));
    assert_eq!(w.item(id).title, "After");
    assert_eq!(w.item(id).meta.rev, 4);
}

// ------------------------------------------------- validation and text

#[test]
fn a_title_is_required() {
    let mut w = W::new();
    w.add("Existing");
    for title in ["", "   ", " \t\n ", "\u{1b}\u{7}\u{202e}"] {
        let e = w.refuse(Command::AddItem(Box::new(NewItem { title: title.into(), ..Default::default() })));
        assert_eq!(invalid_field(&e), "title", "{title:?}");
    }
    let id = w.add("Keep me");
    let e = w.refuse(Command::EditItem {
        id,
        patch: Box::new(ItemPatch { title: Some("  ".into()), ..Default::default() }),
    });
    assert_eq!(invalid_field(&e), "title");
    assert_eq!(w.item(id).title, "Keep me");
}

#[test]
fn estimates_must_be_on_the_point_scale() {
    let mut w = W::new();
    let e =
        w.refuse(Command::AddItem(Box::new(NewItem { title: "x".into(), estimate: Some(4), ..Default::default() })));
    assert_eq!(invalid_field(&e), "estimate");
    assert!(e.to_string().contains("0, 1, 2, 3, 5, 8"), "{e}");
    let id = w.add_points("x", 5, None);
    assert_eq!(w.item(id).estimate, Some(5));
    w.refuse(Command::EditItem { id, patch: Box::new(ItemPatch { estimate: Some(Some(7)), ..Default::default() }) });
    w.edit(id, ItemPatch { estimate: Some(None), ..Default::default() });
    assert_eq!(w.item(id).estimate, None);

    w.run(Command::EditSettings(Box::new(SettingsPatch { point_scale: Some(vec![1, 2, 4]), ..Default::default() })));
    w.edit(id, ItemPatch { estimate: Some(Some(4)), ..Default::default() });
    assert_eq!(w.item(id).estimate, Some(4));
}

#[test]
fn control_characters_and_bidi_overrides_are_stripped() {
    let mut w = W::new();
    let id = w.add_with(NewItem {
        title: "  Fix \u{1b}[31mred\u{7} text\u{202e}gnp.exe\u{2066}  ".into(),
        description: "line one\r\n\u{1b}]0;pwned\u{7}line two\u{9b}\n\tindented".into(),
        labels: vec!["ui\u{202e}".into(), "\u{1b}".into(), "back\u{0}end".into()],
        ..Default::default()
    });
    let item = w.item(id);
    assert_eq!(item.title, "Fix [31mred textgnp.exe");
    assert_eq!(item.description, "line one\n]0;pwnedline two\n\tindented");
    assert_eq!(item.labels, ["backend", "ui"]);

    w.edit(
        id,
        ItemPatch {
            title: Some("New\u{202b} title\u{85}".into()),
            description: Some("d\u{1b}".into()),
            labels: Some(vec!["x\u{9b}".into()]),
            ..Default::default()
        },
    );
    let item = w.item(id);
    assert_eq!((item.title.as_str(), item.description.as_str()), ("New title", "d"));
    assert_eq!(item.labels, ["x"]);
}

#[test]
fn labels_are_deduplicated_and_sorted() {
    let mut w = W::new();
    let id = w.add_with(NewItem {
        title: "x".into(),
        labels: vec!["ui".into(), "api".into(), " ui ".into(), "".into(), "api".into()],
        ..Default::default()
    });
    assert_eq!(w.item(id).labels, ["api", "ui"]);
    w.edit(id, ItemPatch { labels: Some(vec!["z".into(), "a".into(), "z".into()]), ..Default::default() });
    assert_eq!(w.item(id).labels, ["a", "z"]);
}

#[test]
fn links_must_point_at_live_entities_of_the_right_kind() {
    let mut w = W::new();
    let story = w.add("Story");
    let epic = w.add_with(NewItem { title: "Epic".into(), kind: Some(ItemKind::Epic), ..Default::default() });
    let e = w.refuse(Command::AddItem(Box::new(NewItem {
        title: "Child of a story".into(),
        parent: Some(story),
        ..Default::default()
    })));
    assert_eq!(invalid_field(&e), "parent");
    let e = w.refuse(Command::EditItem {
        id: epic,
        patch: Box::new(ItemPatch { parent: Some(Some(epic)), ..Default::default() }),
    });
    assert_eq!(invalid_field(&e), "parent");
    let e = w.refuse(Command::AddItem(Box::new(NewItem {
        title: "Linked to nothing".into(),
        initiative: Some(Uuid::from_u128(5)),
        ..Default::default()
    })));
    assert!(matches!(e, DomainError::NotFound { what: "initiative", .. }), "{e:?}");

    // An epic with children cannot stop being an epic.
    w.edit(story, ItemPatch { parent: Some(Some(epic)), ..Default::default() });
    let e = w.refuse(Command::EditItem {
        id: epic,
        patch: Box::new(ItemPatch { kind: Some(ItemKind::Story), ..Default::default() }),
    });
    assert_eq!(invalid_field(&e), "kind");
    // And an item with a parent cannot become an epic.
    let e = w.refuse(Command::EditItem {
        id: story,
        patch: Box::new(ItemPatch { kind: Some(ItemKind::Epic), ..Default::default() }),
    });
    assert_eq!(invalid_field(&e), "parent");
}

/// A merge can leave an item pointing at something that was deleted
/// elsewhere. `backlog check` tells the user to clear that link with an
/// edit, so editing the item must not trip over the links it is not
/// changing.
#[test]
fn an_item_with_a_dangling_link_can_still_be_edited() {
    let mut w = W::new();
    let r = w.initiative("Gone", &[]);
    let id = w.add("Story");
    w.as_pm(|w| w.run(Command::DeleteInitiative { id: r }));
    w.raw(id).initiative = Some(r);
    w.raw(id).parent = Some(Uuid::from_u128(99));

    w.edit(id, ItemPatch { title: Some("Renamed".into()), ..Default::default() });
    w.edit(id, ItemPatch { parent: Some(None), ..Default::default() });
    assert_eq!(w.item(id).parent, None);
    assert_eq!(w.item(id).initiative, Some(r), "an untouched link stays as it is");
    w.edit(id, ItemPatch { initiative: Some(None), ..Default::default() });
    assert_eq!(w.item(id).initiative, None);
    assert!(!crate::domain::align::check(&w.ws, w.ctx.now).has_broken_links());

    // Setting a dangling link is still refused.
    let e = w.refuse(Command::EditItem {
        id,
        patch: Box::new(ItemPatch { initiative: Some(Some(r)), ..Default::default() }),
    });
    assert!(matches!(e, DomainError::NotFound { what: "initiative", .. }), "{e:?}");
}

/// The TUI's saver and every preview work on a copy of the workspace: the
/// copy shares what a change leaves alone (items, history records), so an
/// edit costs the item it touches, not the workspace.
#[test]
fn a_copy_shares_every_item_and_record_an_edit_leaves_alone() {
    use crate::domain::shared::Shared;
    let mut w = W::new();
    let ids: Vec<Uuid> = (0..5).map(|n| w.add(&format!("Item {n}"))).collect();
    let copy = w.ws.clone();
    w.edit(ids[2], ItemPatch { title: Some("Renamed".into()), ..Default::default() });
    for (pos, item) in w.ws.items.iter().enumerate() {
        let shared = Shared::same(item, &copy.items[pos]);
        assert_eq!(shared, item.meta.id != ids[2], "{} shared: {shared}", item.title);
    }
    assert_eq!(copy.item(ids[2]).map(|i| i.title.as_str()), Some("Item 2"), "the copy keeps its own version");
    let (old, new) = (copy.history.records(), w.ws.history.records());
    assert_eq!(new.len(), old.len() + 1);
    assert!(old.iter().zip(new).all(|(a, b)| Shared::same(a, b)), "records made before the copy are shared");
}
