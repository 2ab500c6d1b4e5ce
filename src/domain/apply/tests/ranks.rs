//! Ranks: moves to every kind of position, stale neighbours, ties and
//! invalid keys, reordering, and the index's first and last items.

use super::{W, invalid_field};
use crate::domain::command::{Command, NewItem, Place, Position};
use crate::domain::entity::EntityRef;
use crate::domain::error::DomainError;
use crate::domain::workspace::Workspace;
use uuid::Uuid;

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

#[test]
fn a_block_moves_to_every_kind_of_position_keeping_its_order() {
    let mut w = W::new();
    let [a, b, c, d, e] = ["A", "B", "C", "D", "E"].map(|t| w.add(t));
    let block = |w: &mut W, ids: &[Uuid], to| {
        w.run(Command::MoveItems { ids: ids.to_vec(), to });
    };
    block(&mut w, &[d, b], Position::Top);
    assert_eq!(w.order(), [d, b, a, c, e]);
    block(&mut w, &[d, a], Position::Bottom);
    assert_eq!(w.order(), [b, c, e, d, a]);
    block(&mut w, &[a, d], Position::Before(c));
    assert_eq!(w.order(), [b, a, d, c, e]);
    block(&mut w, &[b, e], Position::After(d));
    assert_eq!(w.order(), [a, d, b, e, c]);
    // All of them, in a new order.
    block(&mut w, &[e, d, c, b, a], Position::Top);
    assert_eq!(w.order(), [e, d, c, b, a]);
    // Next to one of itself, or twice in the block: refused, nothing moves.
    let err = w.refuse(Command::MoveItems { ids: vec![a, b], to: Position::Before(a) });
    assert_eq!(invalid_field(&err), "position");
    let err = w.refuse(Command::MoveItems { ids: vec![a, a], to: Position::Top });
    assert_eq!(invalid_field(&err), "items");
}

#[test]
fn a_batch_is_one_change_and_all_or_nothing() {
    use crate::domain::command::ItemPatch;
    let mut w = W::new();
    let [a, b] = ["A", "B"].map(|t| w.add(t));
    let label = |id| Command::EditItem {
        id,
        patch: Box::new(ItemPatch { labels: Some(vec!["x".into()]), ..Default::default() }),
    };
    let change = w.run(Command::Batch {
        commands: vec![label(a), label(b), Command::MoveItems { ids: vec![b], to: Position::Top }],
        summary: None,
    });
    assert_eq!(change.before.len(), 2, "each item once, with its first pre-image");
    assert_eq!(change.summary, format!("Updated {} (labels) and 2 more", w.item(a).key));
    assert_eq!(w.order(), [b, a]);
    assert!([a, b].iter().all(|&id| w.item(id).labels == ["x"]));
    // A failing part takes the whole batch back.
    let before = w.ws.clone();
    let err = w.try_run(Command::Batch {
        commands: vec![Command::DeleteItem { id: a }, Command::DeleteItem { id: Uuid::nil() }],
        summary: None,
    });
    assert!(matches!(err, Err(DomainError::NotFound { .. })));
    assert_eq!(w.ws, before);
}
