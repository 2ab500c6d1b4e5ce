//! Deletes and what they cascade to: an epic's children, the active
//! sprint's scope, an initiative's items, a goal's initiatives; and undo
//! bringing the links back.

use super::W;
use crate::domain::command::{Command, GoalPatch, InitiativePatch, NewItem};
use crate::domain::error::DomainError;
use crate::domain::item::ItemKind;
use uuid::Uuid;

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
    w.run(Command::StartSprint { id: s, move_dates: false });
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
