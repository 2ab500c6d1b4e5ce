//! Unit tests of `apply`: every rule a command enforces, checked through
//! the one public entry point with a fixed clock and sequential ids.

use super::apply;
use crate::domain::command::{
    Command, GoalPatch, InitiativePatch, ItemPatch, NewGoal, NewInitiative, NewItem, NewSprint, Place, Position,
    SettingsPatch, Take,
};
use crate::domain::entity::{EntityRef, Meta, Role};
use crate::domain::error::DomainError;
use crate::domain::item::{Item, ItemKind, Status};
use crate::domain::sprint::{self, DayPoint, Sprint, SprintChange, SprintState};
use crate::domain::strategy::Horizon;
use crate::domain::tx::{Change, Ctx, IdGen};
use crate::domain::workspace::{Conflict, GuardMode, Workspace};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;
use uuid::Uuid;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("test timestamp")
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

/// A workspace and a session on a fixed clock.
struct W {
    ws: Workspace,
    ctx: Ctx,
}

impl W {
    fn new() -> W {
        let now = t("2026-03-02T09:00:00Z");
        let ws = Workspace::new("Test", "BL", Meta::new(Uuid::nil(), Role::Pm, now, Role::Pm));
        let mut ctx = Ctx::new(now, Role::Po);
        ctx.ids = IdGen::sequential();
        W { ws, ctx }
    }
    fn try_run(&mut self, cmd: Command) -> Result<Change, DomainError> {
        apply(&mut self.ws, cmd, &mut self.ctx)
    }
    fn run(&mut self, cmd: Command) -> Change {
        let shown = format!("{cmd:?}");
        self.try_run(cmd).unwrap_or_else(|e| panic!("{shown} failed: {e}"))
    }
    /// Runs a command that must fail, and checks it left no trace.
    fn refuse(&mut self, cmd: Command) -> DomainError {
        let before = self.ws.clone();
        let err = self.try_run(cmd).expect_err("command must fail");
        assert_eq!(self.ws, before, "a failed command changed the workspace");
        err
    }
    fn at(&mut self, now: &str) {
        self.ctx.now = t(now);
    }
    fn created(&mut self, cmd: Command) -> Uuid {
        self.run(cmd).created.and_then(|r| r.id()).expect("created an entity")
    }
    fn add_with(&mut self, new: NewItem) -> Uuid {
        self.created(Command::AddItem(Box::new(new)))
    }
    fn add(&mut self, title: &str) -> Uuid {
        self.add_with(NewItem { title: title.into(), ..Default::default() })
    }
    fn add_points(&mut self, title: &str, points: u32, sprint: Option<Uuid>) -> Uuid {
        self.add_with(NewItem { title: title.into(), estimate: Some(points), sprint, ..Default::default() })
    }
    fn edit(&mut self, id: Uuid, patch: ItemPatch) -> Change {
        self.run(Command::EditItem { id, patch: Box::new(patch) })
    }
    fn set_status(&mut self, id: Uuid, status: Status) -> Change {
        self.edit(id, ItemPatch { status: Some(status), ..Default::default() })
    }
    fn item(&self, id: Uuid) -> &Item {
        self.ws.item(id).expect("item exists")
    }
    /// An edit behind the domain's back, as in a hand-edited file. A load
    /// rebuilds the index; so does this, before handing out the item (the
    /// index's lookups are computed lazily, after the edit).
    fn raw(&mut self, id: Uuid) -> &mut Item {
        self.ws.reindex();
        let pos = self.ws.item_pos(id).expect("item exists");
        &mut self.ws.items[pos]
    }
    fn order(&self) -> Vec<Uuid> {
        self.ws.ranked_item_positions().into_iter().map(|p| self.ws.items[p].meta.id).collect()
    }
    fn sprint(&self, id: Uuid) -> &Sprint {
        self.ws.sprint(id).expect("sprint exists")
    }
    fn new_sprint(&mut self, name: &str, start: &str, end: &str) -> Uuid {
        self.created(Command::AddSprint(NewSprint {
            name: Some(name.into()),
            start: Some(d(start)),
            end: Some(d(end)),
            ..Default::default()
        }))
    }
    fn as_pm<R>(&mut self, f: impl FnOnce(&mut W) -> R) -> R {
        let role = std::mem::replace(&mut self.ctx.role, Role::Pm);
        let r = f(self);
        self.ctx.role = role;
        r
    }
    fn goal(&mut self, title: &str) -> Uuid {
        self.as_pm(|w| w.created(Command::AddGoal(NewGoal { title: title.into(), ..Default::default() })))
    }
    fn initiative(&mut self, title: &str, goals: &[Uuid]) -> Uuid {
        self.as_pm(|w| {
            w.created(Command::AddInitiative(Box::new(NewInitiative {
                title: title.into(),
                horizon: Some(Horizon::Now),
                goals: goals.to_vec(),
                ..Default::default()
            })))
        })
    }
}

fn invalid_field(e: &DomainError) -> &'static str {
    match e {
        DomainError::Invalid { field, .. } => field,
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

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

    w.run(Command::EditSettings(SettingsPatch { point_scale: Some(vec![1, 2, 4]), ..Default::default() }));
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
fn a_failed_command_rolls_back_everything_it_did() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let done =
        w.add_with(NewItem { title: "Done".into(), status: Some(Status::Done), sprint: Some(s), ..Default::default() });
    w.run(Command::StartSprint { id: s });
    w.run(Command::CloseSprint { id: s, goal_met: None });
    let id = w.add("Item");

    // The title and labels change before the sprint is found to be closed.
    let e = w.refuse(Command::EditItem {
        id,
        patch: Box::new(ItemPatch {
            title: Some("Changed".into()),
            labels: Some(vec!["x".into()]),
            sprint: Some(Some(s)),
            ..Default::default()
        }),
    });
    assert_eq!(invalid_field(&e), "sprint");

    // A create that fails after the item was inserted and the key spent.
    let e = w.refuse(Command::AddItem(Box::new(NewItem {
        title: "Into a closed sprint".into(),
        sprint: Some(s),
        ..Default::default()
    })));
    assert_eq!(invalid_field(&e), "sprint");
    assert!(w.ws.item_by_key("BL-3").is_none());
    let next = w.add("Next");
    assert_eq!(w.item(next).key, "BL-3");
    assert_eq!(w.ws.item_by_key("BL-3").map(|i| i.meta.id), Some(next));
    assert_eq!(w.item(done).sprint, Some(s));
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

// ---------------------------------------------------------------- rank

#[test]
fn rank_moves_give_the_intended_order() {
    let mut w = W::new();
    let [a, b, c, d] = ["A", "B", "C", "D"].map(|t| w.add(t));
    assert_eq!(w.order(), [a, b, c, d]);
    let rank = |w: &mut W, id, to| {
        w.run(Command::RankItem { id, to });
    };
    rank(&mut w, d, Position::Top);
    assert_eq!(w.order(), [d, a, b, c]);
    rank(&mut w, d, Position::Bottom);
    assert_eq!(w.order(), [a, b, c, d]);
    rank(&mut w, d, Position::Before(b));
    assert_eq!(w.order(), [a, d, b, c]);
    rank(&mut w, a, Position::After(c));
    assert_eq!(w.order(), [d, b, c, a]);
    rank(&mut w, c, Position::Between(Place { after: Some(d), before: Some(b) }));
    assert_eq!(w.order(), [d, c, b, a]);
    rank(&mut w, a, Position::Between(Place { after: None, before: Some(d) }));
    assert_eq!(w.order(), [a, d, c, b]);
    // A new item can be placed too.
    let e = w.add_with(NewItem { title: "E".into(), position: Position::After(d), ..Default::default() });
    let f = w.add_with(NewItem { title: "F".into(), position: Position::Top, ..Default::default() });
    assert_eq!(w.order(), [f, a, d, e, c, b]);
    // Moving onto itself is harmless.
    rank(&mut w, c, Position::After(e));
    assert_eq!(w.order(), [f, a, d, e, c, b]);
}

#[test]
fn stale_neighbours_are_refused() {
    let mut w = W::new();
    let [a, b, c] = ["A", "B", "C"].map(|t| w.add(t));
    let e = w.refuse(Command::RankItem { id: c, to: Position::Between(Place { after: Some(b), before: Some(a) }) });
    assert_eq!(invalid_field(&e), "position");
    let e = w.refuse(Command::RankItem { id: c, to: Position::Before(Uuid::from_u128(1)) });
    assert!(matches!(e, DomainError::NotFound { what: "neighbour", .. }), "{e:?}");
}

#[test]
fn a_tie_in_rank_keys_is_repaired_by_an_insert_between_them() {
    let mut w = W::new();
    let [a, b, c, d] = ["A", "B", "C", "D"].map(|t| w.add(t));
    // Two sessions inserted at the same spot and merged.
    let tied = w.item(b).rank.clone();
    w.raw(c).rank = tied.clone();
    assert_eq!(w.order(), [a, b, c, d], "ties break by id");

    let change = w.run(Command::AddItem(Box::new(NewItem {
        title: "E".into(),
        position: Position::Between(Place { after: Some(b), before: Some(c) }),
        ..Default::default()
    })));
    let e = change.created.and_then(|r| r.id()).unwrap();
    assert_eq!(w.order(), [a, b, e, c, d]);
    assert!(change.touched().any(|r| r == EntityRef::Item(c)), "C was re-ranked");
    let mut ranks: Vec<String> = w.ws.live_items().map(|i| i.rank.clone()).collect();
    ranks.sort();
    ranks.dedup();
    assert_eq!(ranks.len(), 5, "no two items share a key any more");

    // The same repair when moving an item next to a tie.
    w.raw(d).rank = w.item(c).rank.clone();
    w.run(Command::RankItem { id: a, to: Position::Before(d) });
    assert_eq!(w.order(), [b, e, c, a, d]);
}

/// A rank key that is not a valid order key (a hand edit, an old tool)
/// must give an error the user can act on, not a panic that takes the TUI
/// down.
#[test]
fn an_invalid_rank_key_next_to_the_insertion_point_is_an_error_not_a_panic() {
    let mut w = W::new();
    let a = w.add("A");
    let b = w.add("B");
    w.raw(b).rank = "!!".into();
    let e = w.refuse(Command::AddItem(Box::new(NewItem {
        title: "On top".into(),
        position: Position::Top,
        ..Default::default()
    })));
    assert_eq!(invalid_field(&e), "rank");
    assert!(e.to_string().contains("backlog check"), "{e}");
    // The fix `backlog check` suggests works.
    w.run(Command::RankItem { id: b, to: Position::Bottom });
    let top = w.add_with(NewItem { title: "On top".into(), position: Position::Top, ..Default::default() });
    assert_eq!(w.order(), [top, a, b]);
}

#[test]
fn reorder_items_rewrites_ranks_in_the_given_order() {
    let mut w = W::new();
    let [a, b, c, d, e] = ["A", "B", "C", "D", "E"].map(|t| w.add(t));
    // Part of the list: the listed items swap places among the slots they
    // hold; the others stay put.
    w.run(Command::ReorderItems { order: vec![d, b] });
    assert_eq!(w.order(), [a, d, c, b, e]);
    // The whole list.
    w.run(Command::ReorderItems { order: vec![e, d, c, b, a] });
    assert_eq!(w.order(), [e, d, c, b, a]);

    let err = w.refuse(Command::ReorderItems { order: vec![a, a] });
    assert_eq!(invalid_field(&err), "order");
    w.run(Command::DeleteItem { id: c });
    let err = w.refuse(Command::ReorderItems { order: vec![a, c] });
    assert!(matches!(err, DomainError::NotFound { .. }), "{err:?}");
    w.raw(b).rank = w.item(a).rank.clone();
    let err = w.refuse(Command::ReorderItems { order: vec![a, b] });
    assert_eq!(invalid_field(&err), "order");
}

// ---------------------------------------------------------- role guard

#[test]
fn strict_guard_refuses_the_other_roles_entities() {
    let mut w = W::new();
    w.ws.settings.role_guard = GuardMode::Strict;
    let id = w.add("PO story");
    w.ctx.role = Role::Pm;
    let e = w.refuse(Command::EditItem {
        id,
        patch: Box::new(ItemPatch { title: Some("PM was here".into()), ..Default::default() }),
    });
    assert_eq!(e, DomainError::Guard { entity: "BL-1".into(), owner: Role::Po, role: Role::Pm });
    assert!(e.to_string().contains("role guard is strict"), "{e}");
    let e = w.refuse(Command::AddItem(Box::new(NewItem { title: "x".into(), ..Default::default() })));
    assert!(matches!(e, DomainError::Guard { .. }), "{e:?}");
    // Confirming does not get past strict.
    w.ctx.confirmed = true;
    let e = w.refuse(Command::DeleteItem { id });
    assert!(matches!(e, DomainError::Guard { .. }), "{e:?}");
    // The PM's own things are fine.
    w.created(Command::AddGoal(NewGoal { title: "Goal".into(), ..Default::default() }));
}

#[test]
fn warn_guard_asks_for_confirmation_then_warns() {
    let mut w = W::new();
    assert_eq!(w.ws.settings.role_guard, GuardMode::Warn, "warn is the default");
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let id = w.add("PO story");
    w.ctx.role = Role::Pm;
    let e = w.refuse(Command::EditItem {
        id,
        patch: Box::new(ItemPatch { title: Some("PM was here".into()), ..Default::default() }),
    });
    assert_eq!(e, DomainError::NeedsConfirmation { entity: "BL-1".into(), owner: Role::Po, role: Role::Pm });
    w.ctx.confirmed = true;
    // Touches the item twice (title, then sprint): one warning.
    let c = w.edit(id, ItemPatch { title: Some("PM was here".into()), sprint: Some(Some(s)), ..Default::default() });
    assert_eq!(c.warnings, ["BL-1 is owned by the PO; edited as PM"]);
    assert_eq!(w.item(id).title, "PM was here");
}

#[test]
fn guard_off_is_silent() {
    let mut w = W::new();
    w.ws.settings.role_guard = GuardMode::Off;
    let id = w.add("PO story");
    w.ctx.role = Role::Pm;
    let c = w.edit(id, ItemPatch { title: Some("PM was here".into()), ..Default::default() });
    assert!(c.warnings.is_empty());
    assert_eq!(w.item(id).meta.updated_by, Role::Pm);
}

#[test]
fn the_guard_covers_what_was_asked_not_its_consequences() {
    let mut w = W::new();
    w.ws.settings.role_guard = GuardMode::Strict;
    let r = w.initiative("R", &[]);
    let id = w.add_with(NewItem { title: "Linked".into(), initiative: Some(r), ..Default::default() });
    // Deleting their own initiative unlinks the PO's items, without asking.
    let c = w.as_pm(|w| w.run(Command::DeleteInitiative { id: r }));
    assert!(c.warnings.is_empty());
    assert_eq!(w.item(id).initiative, None);
}

// ------------------------------------------------------- bookkeeping

#[test]
fn each_command_bumps_revisions_once_and_stamps_who_and_when() {
    let mut w = W::new();
    w.ws.settings.role_guard = GuardMode::Off;
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let id = w.add_points("Story", 3, Some(s));
    let other = w.add("Untouched");
    w.run(Command::StartSprint { id: s });
    let created = w.item(id).meta.clone();
    assert_eq!(created.rev, 1);
    let sprint_rev = w.sprint(s).meta.rev;

    // One command that touches the item three times (fields, estimate,
    // status) and the sprint twice (two history events).
    w.at("2026-03-03T10:00:00Z");
    w.ctx.role = Role::Pm;
    w.edit(
        id,
        ItemPatch {
            title: Some("Story, renamed".into()),
            estimate: Some(Some(5)),
            status: Some(Status::Done),
            ..Default::default()
        },
    );
    let meta = &w.item(id).meta;
    assert_eq!(meta.rev, 2);
    assert_eq!(meta.updated_at, t("2026-03-03T10:00:00Z"));
    assert_eq!(meta.updated_by, Role::Pm);
    assert_eq!(meta.created_at, created.created_at);
    assert_eq!(w.sprint(s).meta.rev, sprint_rev + 1);
    assert_eq!(w.item(other).meta.rev, 1);

    // A command that changes nothing records nothing.
    let c = w.edit(id, ItemPatch { title: Some("Story, renamed".into()), ..Default::default() });
    assert!(c.before.is_empty() && c.after.is_empty());
    assert_eq!(w.item(id).meta.rev, 2);
}

// ------------------------------------------------------------ sprints

#[test]
fn only_one_sprint_can_be_active() {
    let mut w = W::new();
    let s1 = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let s2 = w.new_sprint("S2", "2026-03-16", "2026-03-27");
    w.run(Command::StartSprint { id: s1 });
    let e = w.refuse(Command::StartSprint { id: s2 });
    assert!(e.to_string().contains("S1 is still active"), "{e}");
    let e = w.refuse(Command::StartSprint { id: s1 });
    assert_eq!(invalid_field(&e), "sprint");
    w.run(Command::CloseSprint { id: s1, goal_met: Some(true) });
    w.run(Command::StartSprint { id: s2 });
    assert_eq!(w.ws.active_sprint().map(|s| s.meta.id), Some(s2));
    let e = w.refuse(Command::StartSprint { id: s1 });
    assert_eq!(invalid_field(&e), "sprint");
}

#[test]
fn starting_a_sprint_records_its_scope() {
    let mut w = W::new();
    let s =
        w.created(Command::AddSprint(NewSprint { name: Some("S1".into()), capacity: Some(5), ..Default::default() }));
    let a = w.add_points("A", 3, Some(s));
    let b = w.add_with(NewItem {
        title: "B".into(),
        estimate: Some(5),
        status: Some(Status::Done),
        sprint: Some(s),
        ..Default::default()
    });
    let dropped = w.add_with(NewItem {
        title: "Dropped".into(),
        estimate: Some(8),
        status: Some(Status::Dropped),
        sprint: Some(s),
        ..Default::default()
    });
    w.add_points("Elsewhere", 13, None);
    assert!(w.sprint(s).history.is_empty(), "a planned sprint keeps no history");

    w.at("2026-03-02T10:00:00Z");
    let c = w.run(Command::StartSprint { id: s });
    let sprint = w.sprint(s);
    assert_eq!(sprint.state, SprintState::Active);
    assert_eq!(sprint.started_at, Some(t("2026-03-02T10:00:00Z")));
    let events: Vec<(Uuid, SprintChange)> = sprint.history.iter().map(|e| (e.item, e.change.clone())).collect();
    assert_eq!(
        events,
        [
            (a, SprintChange::Added { points: 3 }),
            (b, SprintChange::Added { points: 5 }),
            (b, SprintChange::Done { points: 5 }),
        ]
    );
    assert!(!events.iter().any(|(id, _)| *id == dropped));
    assert_eq!(sprint.committed(), 8);
    assert_eq!(c.warnings, ["S1 starts over capacity: 8 points committed, capacity 5"]);
}

#[test]
fn changes_during_a_sprint_are_recorded() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let a = w.add_points("A", 3, Some(s));
    let b = w.add_points("B", 5, Some(s));
    w.run(Command::StartSprint { id: s });

    w.at("2026-03-03T10:00:00Z");
    let c = w.add_points("Scope creep", 2, None);
    w.edit(c, ItemPatch { sprint: Some(Some(s)), ..Default::default() });
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.added, p.removed), (10, 2, 0));

    w.at("2026-03-04T10:00:00Z");
    w.edit(a, ItemPatch { estimate: Some(Some(5)), ..Default::default() });
    w.set_status(a, Status::Done);
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.done), (12, 5));

    w.at("2026-03-05T10:00:00Z");
    w.set_status(a, Status::InProgress);
    w.edit(b, ItemPatch { sprint: Some(None), ..Default::default() });
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.done, p.added, p.removed), (7, 0, 2, 5));

    let tail: Vec<(DateTime<Utc>, Uuid, SprintChange)> =
        w.sprint(s).history[2..].iter().map(|e| (e.at, e.item, e.change.clone())).collect();
    assert_eq!(
        tail,
        [
            (t("2026-03-03T10:00:00Z"), c, SprintChange::Added { points: 2 }),
            (t("2026-03-04T10:00:00Z"), a, SprintChange::Estimated { from: 3, to: 5 }),
            (t("2026-03-04T10:00:00Z"), a, SprintChange::Done { points: 5 }),
            (t("2026-03-05T10:00:00Z"), a, SprintChange::Reopened { points: 5 }),
            (t("2026-03-05T10:00:00Z"), b, SprintChange::Removed { points: 5 }),
        ]
    );
    // Progress as of an earlier moment replays only what had happened.
    let p = w.sprint(s).progress_at(t("2026-03-04T12:00:00Z"));
    assert_eq!((p.scope, p.done, p.added, p.removed), (12, 5, 2, 0));
}

/// An item that left the sprint done, was reopened outside it and pulled
/// back in is not done.
#[test]
fn an_item_reopened_outside_the_sprint_and_pulled_back_is_not_done() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let a = w.add_points("A", 3, Some(s));
    w.run(Command::StartSprint { id: s });
    w.at("2026-03-03T10:00:00Z");
    w.set_status(a, Status::Done);
    w.edit(a, ItemPatch { sprint: Some(None), ..Default::default() });
    w.set_status(a, Status::InProgress);
    w.edit(a, ItemPatch { sprint: Some(Some(s)), ..Default::default() });
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.done), (3, 0));
}

/// Dropped work is not sprint scope: `StartSprint` leaves dropped items out,
/// so dropping an item mid-sprint takes its points out too (and un-dropping
/// puts them back), instead of leaving them as work that never burns down.
#[test]
fn dropping_an_item_mid_sprint_takes_it_out_of_scope() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let a = w.add_points("A", 3, Some(s));
    let b = w.add_points("B", 5, Some(s));
    w.run(Command::StartSprint { id: s });
    w.at("2026-03-03T10:00:00Z");
    w.set_status(b, Status::Dropped);
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.removed), (3, 5));
    // Moving a dropped item around does not touch the scope.
    w.edit(b, ItemPatch { sprint: Some(None), ..Default::default() });
    w.edit(b, ItemPatch { sprint: Some(Some(s)), ..Default::default() });
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.added, p.removed), (3, 0, 5));
    // Picking it up again brings it back, done or not.
    w.at("2026-03-04T10:00:00Z");
    w.set_status(b, Status::Done);
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.done, p.added), (8, 5, 5));

    w.set_status(a, Status::Done);
    w.set_status(a, Status::Dropped);
    w.run(Command::CloseSprint { id: s, goal_met: None });
    let r = w.sprint(s).review.clone().unwrap();
    assert_eq!((r.completed, r.not_completed), (5, 0));
    assert!(r.returned.is_empty());
}

#[test]
fn closing_freezes_the_review_and_returns_unfinished_work() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let [a, b, c, d] = [("A", 3), ("B", 5), ("C", 2), ("D", 8)].map(|(t, p)| w.add_points(t, p, Some(s)));
    let outside = w.add("Outside");
    w.run(Command::StartSprint { id: s });
    w.at("2026-03-04T10:00:00Z");
    let e = w.add_points("E", 1, Some(s));
    w.edit(d, ItemPatch { sprint: Some(None), ..Default::default() });
    w.set_status(a, Status::Done);
    w.set_status(e, Status::Done);
    w.set_status(b, Status::Review);
    let ranks_before: Vec<String> = [b, c].iter().map(|&id| w.item(id).rank.clone()).collect();
    let order_before = w.order();

    w.at("2026-03-13T16:00:00Z");
    let change = w.run(Command::CloseSprint { id: s, goal_met: Some(false) });
    assert_eq!(change.summary, "Closed S1: 4 of 11 points done, 2 items back to the backlog");
    let sprint = w.sprint(s);
    assert_eq!(sprint.state, SprintState::Closed);
    assert_eq!(
        sprint.review,
        Some(sprint::SprintReview {
            closed_at: t("2026-03-13T16:00:00Z"),
            committed: 18,
            completed: 4,
            not_completed: 7,
            scope_added: 1,
            scope_removed: 8,
            goal_met: Some(false),
            returned: vec![b, c],
        })
    );
    assert_eq!(w.item(b).sprint, None);
    assert_eq!(w.item(c).sprint, None);
    assert_eq!(w.item(b).status, Status::Review, "status is left alone");
    let ranks_after: Vec<String> = [b, c].iter().map(|&id| w.item(id).rank.clone()).collect();
    assert_eq!(ranks_after, ranks_before);
    assert_eq!(w.order(), order_before);
    assert_eq!(w.item(a).sprint, Some(s), "done work stays with the sprint");
    assert_eq!(w.item(outside).sprint, None);

    // The review is history: later edits do not change it.
    w.at("2026-03-16T09:00:00Z");
    w.set_status(a, Status::InProgress);
    assert_eq!(w.sprint(s).review.as_ref().map(|r| r.completed), Some(4));
    assert_eq!(w.sprint(s).committed(), 18);
    let err = w.refuse(Command::CloseSprint { id: s, goal_met: None });
    assert_eq!(invalid_field(&err), "sprint");
    let err = w.refuse(Command::EditItem {
        id: b,
        patch: Box::new(ItemPatch { sprint: Some(Some(s)), ..Default::default() }),
    });
    assert_eq!(invalid_field(&err), "sprint");
}

fn day(date: &str, scope: u32, done: u32, ideal: f64) -> DayPoint {
    DayPoint { date: d(date), scope, done, remaining: scope - done, ideal }
}

/// A five-day sprint (span of four days from start to end date), with the
/// expected series worked out by hand:
///
/// | day | event                          | scope | done | ideal |
/// | --- | ------------------------------ | ----- | ---- | ----- |
/// | Mon | start A5 B3 C2; A done         | 10    | 5    | 10    |
/// | Tue | D3 pulled in                   | 13    | 5    | 7.5   |
/// | Wed | B re-estimated 3 -> 5          | 15    | 5    | 5     |
/// | Thu | B done; C taken out            | 13    | 10   | 2.5   |
/// | Fri | closed                         | 13    | 10   | 0     |
#[test]
fn burndown_follows_scope_changes_and_re_estimates_day_by_day() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-06");
    let a = w.add_points("A", 5, Some(s));
    let b = w.add_points("B", 3, Some(s));
    let c = w.add_points("C", 2, Some(s));
    assert!(w.sprint(s).burndown(d("2026-03-04")).is_empty(), "not started");
    w.run(Command::StartSprint { id: s });
    w.at("2026-03-02T15:00:00Z");
    w.set_status(a, Status::Done);
    w.at("2026-03-03T10:00:00Z");
    w.add_points("D", 3, Some(s));
    w.at("2026-03-04T11:00:00Z");
    w.edit(b, ItemPatch { estimate: Some(Some(5)), ..Default::default() });
    w.at("2026-03-05T16:00:00Z");
    w.set_status(b, Status::Done);
    w.at("2026-03-05T17:00:00Z");
    w.edit(c, ItemPatch { sprint: Some(None), ..Default::default() });

    let so_far = [
        day("2026-03-02", 10, 5, 10.0),
        day("2026-03-03", 13, 5, 7.5),
        day("2026-03-04", 15, 5, 5.0),
        day("2026-03-05", 13, 10, 2.5),
    ];
    assert_eq!(w.sprint(s).burndown(d("2026-03-05")), so_far);
    assert_eq!(w.sprint(s).burndown(d("2026-03-03")), so_far[..2]);
    let mut whole = so_far.to_vec();
    whole.push(day("2026-03-06", 13, 10, 0.0));
    assert_eq!(w.sprint(s).burndown(d("2026-04-01")), whole, "stops at the end date");

    w.at("2026-03-06T17:00:00Z");
    w.run(Command::CloseSprint { id: s, goal_met: None });
    assert_eq!(w.sprint(s).burndown(d("2026-04-01")), whole);
    let r = w.sprint(s).review.clone().unwrap();
    assert_eq!((r.committed, r.completed, r.not_completed, r.scope_added, r.scope_removed), (10, 10, 3, 3, 2));
}

/// Timestamps carry fractions of a second: something done in the last
/// second of a day belongs to that day.
#[test]
fn burndown_counts_the_last_second_of_a_day_on_that_day() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-06");
    let a = w.add_points("A", 5, Some(s));
    w.add_points("B", 3, Some(s));
    w.run(Command::StartSprint { id: s });
    w.at("2026-03-03T23:59:59.500Z");
    w.set_status(a, Status::Done);
    let series = w.sprint(s).burndown(d("2026-03-04"));
    assert_eq!(series.iter().map(|p| p.done).collect::<Vec<_>>(), [0, 5, 5]);
}

#[test]
fn velocity_averages_the_last_closed_sprints() {
    let mut w = W::new();
    assert_eq!(sprint::velocity(&w.ws.sprints, 3), None);
    let mut start = d("2026-01-05");
    for (n, points) in [3u32, 5, 8, 13].into_iter().enumerate() {
        let end = start + Duration::days(11);
        let s = w.new_sprint(&format!("S{n}"), &start.to_string(), &end.to_string());
        let done = w.add_with(NewItem {
            title: format!("Done in S{n}"),
            estimate: Some(points),
            sprint: Some(s),
            ..Default::default()
        });
        w.add_points("Not finished", 20, Some(s));
        w.run(Command::StartSprint { id: s });
        w.set_status(done, Status::Done);
        w.run(Command::CloseSprint { id: s, goal_met: None });
        start += Duration::days(14);
    }
    // An active sprint and a planned one do not count.
    let open = w.new_sprint("Open", "2026-03-02", "2026-03-13");
    w.add_points("In flight", 40, Some(open));
    w.run(Command::StartSprint { id: open });
    w.new_sprint("Later", "2026-03-16", "2026-03-27");

    assert_eq!(sprint::velocity(&w.ws.sprints, 3), Some(26.0 / 3.0));
    assert_eq!(sprint::velocity(&w.ws.sprints, 1), Some(13.0));
    assert_eq!(sprint::velocity(&w.ws.sprints, 10), Some(29.0 / 4.0));
    // Memory order does not matter: the last ones are the latest by date.
    w.ws.sprints.reverse();
    assert_eq!(sprint::velocity(&w.ws.sprints, 2), Some(21.0 / 2.0));
}

// ----------------------------------------------------------- cascades

#[test]
fn deleting_an_epic_unlinks_its_children() {
    let mut w = W::new();
    let epic = w.add_with(NewItem { title: "Epic".into(), kind: Some(ItemKind::Epic), ..Default::default() });
    let kids: Vec<Uuid> = (0..2)
        .map(|n| w.add_with(NewItem { title: format!("Child {n}"), parent: Some(epic), ..Default::default() }))
        .collect();
    let c = w.run(Command::DeleteItem { id: epic });
    assert!(!w.item(epic).is_live());
    assert!(kids.iter().all(|&k| w.item(k).parent.is_none()));
    // Undo brings the links back with the epic.
    w.run(Command::Restore(c.before));
    assert!(w.item(epic).is_live());
    assert!(kids.iter().all(|&k| w.item(k).parent == Some(epic)));
}

#[test]
fn deleting_an_item_in_the_active_sprint_takes_it_out_of_scope() {
    let mut w = W::new();
    let s = w.new_sprint("S1", "2026-03-02", "2026-03-13");
    let a = w.add_points("A", 3, Some(s));
    w.add_points("B", 2, Some(s));
    w.run(Command::StartSprint { id: s });
    w.at("2026-03-03T10:00:00Z");
    w.run(Command::DeleteItem { id: a });
    let p = w.sprint(s).progress_at(w.ctx.now);
    assert_eq!((p.scope, p.removed), (2, 3));
    assert_eq!(w.item(a).sprint, None);
}

#[test]
fn deleting_an_initiative_unlinks_its_items() {
    let mut w = W::new();
    let r = w.initiative("R", &[]);
    let keep = w.initiative("Keep", &[]);
    let a = w.add_with(NewItem { title: "A".into(), initiative: Some(r), ..Default::default() });
    let b = w.add_with(NewItem { title: "B".into(), initiative: Some(keep), ..Default::default() });
    w.as_pm(|w| w.run(Command::DeleteInitiative { id: r }));
    assert!(!w.ws.initiative(r).unwrap().meta.is_live());
    assert_eq!(w.item(a).initiative, None);
    assert_eq!(w.item(b).initiative, Some(keep));
}

#[test]
fn deleting_a_goal_unlinks_its_initiatives() {
    let mut w = W::new();
    let g1 = w.goal("G1");
    let g2 = w.goal("G2");
    let r = w.initiative("R", &[g1, g2]);
    let only = w.initiative("Only G1", &[g1]);
    w.as_pm(|w| w.run(Command::DeleteGoal { id: g1 }));
    assert!(!w.ws.goal(g1).unwrap().meta.is_live());
    assert_eq!(w.ws.initiative(r).unwrap().goals, [g2]);
    assert!(w.ws.initiative(only).unwrap().goals.is_empty());
    // Linking a deleted goal is refused.
    let e = w.as_pm(|w| {
        w.refuse(Command::EditInitiative {
            id: r,
            patch: Box::new(InitiativePatch { goals: Some(vec![g1]), ..Default::default() }),
        })
    });
    assert!(matches!(e, DomainError::NotFound { what: "goal", .. }), "{e:?}");
    let e = w.as_pm(|w| {
        w.refuse(Command::EditGoal { id: g1, patch: GoalPatch { title: Some("Back?".into()), ..Default::default() } })
    });
    assert!(matches!(e, DomainError::NotFound { what: "goal", .. }), "{e:?}");
}

// ---------------------------------------------------------- conflicts

fn conflict(w: &mut W, id: Uuid, field: &str, ours: serde_json::Value, theirs: serde_json::Value) -> Uuid {
    let cid = Uuid::from_u128(0xc0ff_ee00 + w.ws.conflicts.len() as u128);
    w.ws.conflicts.push(Conflict {
        id: cid,
        at: w.ctx.now,
        entity: "item".into(),
        entity_id: Some(id),
        label: w.item(id).key.clone(),
        field: field.into(),
        base: json!(null),
        ours,
        theirs,
        ours_by: Role::Po,
        resolved_at: None,
    });
    cid
}

#[test]
fn resolving_a_conflict_with_theirs_sets_the_field() {
    let mut w = W::new();
    let id = w.add_points("Ours", 3, None);
    let c1 = conflict(&mut w, id, "title", json!("Ours"), json!("Theirs"));
    let c2 = conflict(&mut w, id, "estimate", json!(3), json!(null));
    w.at("2026-03-03T10:00:00Z");
    let change = w.run(Command::ResolveConflict { id: c1, take: Take::Theirs });
    assert_eq!(change.summary, "Resolved conflict on BL-1 title: kept theirs");
    assert_eq!(w.item(id).title, "Theirs");
    assert_eq!(w.item(id).meta.rev, 2);
    assert_eq!(w.ws.conflicts[0].resolved_at, Some(t("2026-03-03T10:00:00Z")));
    assert_eq!(w.ws.open_conflicts().count(), 1);
    // Their value may be "no value".
    w.run(Command::ResolveConflict { id: c2, take: Take::Theirs });
    assert_eq!(w.item(id).estimate, None);
    // Resolved is resolved.
    let e = w.refuse(Command::ResolveConflict { id: c1, take: Take::Ours });
    assert!(matches!(e, DomainError::NotFound { .. }), "{e:?}");
}

#[test]
fn resolving_a_conflict_with_ours_keeps_the_value() {
    let mut w = W::new();
    let id = w.add("Ours");
    let c = conflict(&mut w, id, "title", json!("Ours"), json!("Theirs"));
    w.run(Command::ResolveConflict { id: c, take: Take::Ours });
    assert_eq!(w.item(id).title, "Ours");
    assert_eq!(w.item(id).meta.rev, 1);
    assert_eq!(w.ws.open_conflicts().count(), 0);
}

/// Their side of a conflict is text from someone else's edit: it must be
/// cleaned like everything else before it is stored.
#[test]
fn their_side_of_a_conflict_is_cleaned_before_it_is_stored() {
    let mut w = W::new();
    let id = w.add("Ours");
    let c = conflict(&mut w, id, "title", json!("Ours"), json!("Their\u{1b}[2J title\u{202e}"));
    let l = conflict(&mut w, id, "labels", json!([]), json!(["a\u{9b}b"]));
    w.run(Command::ResolveConflict { id: c, take: Take::Theirs });
    w.run(Command::ResolveConflict { id: l, take: Take::Theirs });
    assert_eq!(w.item(id).title, "Their[2J title");
    assert_eq!(w.item(id).labels, ["ab"]);
}

#[test]
fn resolving_theirs_respects_the_role_guard() {
    let mut w = W::new();
    let id = w.add("Ours");
    let c = conflict(&mut w, id, "title", json!("Ours"), json!("Theirs"));
    w.ctx.role = Role::Pm;
    let e = w.refuse(Command::ResolveConflict { id: c, take: Take::Theirs });
    assert!(matches!(e, DomainError::NeedsConfirmation { .. }), "{e:?}");
}

/// A view that thinks an item is last, when it no longer is, must not hand
/// out a rank key already in use (found by the demo's author).
#[test]
fn a_stale_open_ended_between_is_refused_not_duplicated() {
    use crate::domain::command::{NewItem, Place, Position};
    let mut w = W::new();
    let add = |title: &str, position: Position| {
        Command::AddItem(Box::new(NewItem { title: title.into(), position, ..NewItem::default() }))
    };
    let a = w.created(add("a", Position::Bottom));
    w.created(add("b", Position::Bottom));
    let err = w.refuse(add("c", Position::Between(Place { after: Some(a), before: None })));
    assert!(matches!(err, DomainError::Invalid { field: "position", .. }), "{err:?}");
    w.refuse(add("d", Position::Between(Place { after: None, before: None })));
    let ranks: std::collections::HashSet<_> = w.ws.live_items().map(|i| i.rank.clone()).collect();
    assert_eq!(ranks.len(), 2);
}

/// The index's first and last items stay right through adds at either
/// end, moves, deletes and undo, so adding at the bottom never needs the
/// scan that made big imports quadratic.
#[test]
fn the_index_knows_the_first_and_last_items_through_every_change() {
    use crate::domain::command::{NewItem, Place, Position};
    let mut w = W::new();
    let scan = |ws: &Workspace| {
        let order = ws.ranked_item_positions();
        (order.first().copied(), order.last().copied())
    };
    let add = |title: &str, position: Position| {
        Command::AddItem(Box::new(NewItem { title: title.into(), position, ..NewItem::default() }))
    };
    let mut ids = Vec::new();
    for n in 0..12 {
        let at = if n % 3 == 0 { Position::Top } else { Position::Bottom };
        ids.push(w.created(add(&format!("i{n}"), at)));
        assert_eq!(w.ws.item_ends(), scan(&w.ws));
    }
    // Append after the known last item: an exact, open-ended place.
    let last = w.ws.items[w.ws.item_ends().1.unwrap()].meta.id;
    ids.push(w.created(add("tail", Position::Between(Place { after: Some(last), before: None }))));
    assert_eq!(w.ws.item_ends(), scan(&w.ws));
    let mut undo = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        let cmd = match n % 4 {
            0 => Command::RankItem { id: *id, to: Position::Bottom },
            1 => Command::RankItem { id: *id, to: Position::Top },
            2 => Command::DeleteItem { id: *id },
            _ => Command::RankItem { id: *id, to: Position::After(ids[0]) },
        };
        if let Ok(c) = w.try_run(cmd) {
            undo.push(c);
        }
        assert_eq!(w.ws.item_ends(), scan(&w.ws), "after step {n}");
    }
    while let Some(c) = undo.pop() {
        w.run(Command::Restore(c.before));
        assert_eq!(w.ws.item_ends(), scan(&w.ws));
    }
}
