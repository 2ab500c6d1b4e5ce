use super::*;
use crate::domain::command::{Command, ItemPatch, NewItem};
use crate::domain::entity::Meta;
use crate::domain::tx::{Ctx, IdGen};
use crate::domain::workspace::Workspace;
use crate::domain::{apply, revert};
use serde_json::json;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("test timestamp")
}

fn session(who: &str, role: Role) -> (Workspace, Ctx) {
    let now = t("2026-03-02T09:00:00Z");
    let ws = Workspace::new("Test", "BL", Meta::new(Uuid::nil(), Role::Pm, now, Role::Pm));
    let mut ctx = Ctx::new(now, role);
    ctx.ids = IdGen::sequential();
    ctx.user = who.into();
    ctx.via = Some("cli".into());
    (ws, ctx)
}

fn add(ws: &mut Workspace, ctx: &mut Ctx, title: &str) -> Uuid {
    let c = apply(ws, Command::AddItem(Box::new(NewItem { title: title.into(), ..Default::default() })), ctx).unwrap();
    c.created.and_then(|r| r.id()).unwrap()
}

fn edit(ws: &mut Workspace, ctx: &mut Ctx, id: Uuid, patch: ItemPatch) -> crate::domain::Change {
    apply(ws, Command::EditItem { id, patch: Box::new(patch) }, ctx).unwrap()
}

#[test]
fn a_change_records_who_how_and_each_field_from_old_to_new() {
    let (mut ws, mut ctx) = session("anna", Role::Po);
    let id = add(&mut ws, &mut ctx, "Sign up");
    ctx.now = t("2026-03-02T10:00:00Z");
    let patch = ItemPatch { title: Some("Sign up with email".into()), estimate: Some(Some(3)), ..Default::default() };
    let change = edit(&mut ws, &mut ctx, id, patch);

    let r = ws.history.last().unwrap();
    assert_eq!(change.records, vec![r.clone()], "the change carries the record the workspace holds");
    assert_eq!((r.by.as_str(), r.role, r.via.as_deref(), r.at), ("anna", Role::Po, Some("cli"), ctx.now));
    let fields: Vec<(&str, &Value, &Value)> = r.edits.iter().map(|e| (&*e.field, &e.old, &e.new)).collect();
    assert_eq!(
        fields,
        [("estimate", &Value::Null, &json!(3)), ("title", &json!("Sign up"), &json!("Sign up with email"))]
    );
    assert!(r.edits.iter().all(|e| e.entity == "item" && e.id == Some(id)));
    assert_eq!(ws.item(id).unwrap().meta.updated_by_person, "anna");

    // The creation is a record of its own, and the file's order is time.
    let first = &ws.history.records()[0];
    assert_eq!(first.edits[0].field, CREATED);
    assert_eq!(ws.history.of(id).count(), 2);
}

#[test]
fn a_comment_is_recorded_as_the_comment_not_the_whole_discussion() {
    let (mut ws, mut ctx) = session("anna", Role::Po);
    let id = add(&mut ws, &mut ctx, "Sign up");
    for text in ["First", "Second"] {
        apply(&mut ws, Command::AddComment { id, text: text.into() }, &mut ctx).unwrap();
    }
    let e = &ws.history.last().unwrap().edits[0];
    assert_eq!(e.field, "comments");
    assert_eq!((e.old.is_null(), e.new.is_null()), (true, true));
    assert_eq!(e.added.len(), 1);
    assert_eq!(e.added[0]["text"], "Second");
}

#[test]
fn a_command_that_changes_nothing_records_nothing_and_a_failed_batch_takes_its_records_back() {
    let (mut ws, mut ctx) = session("anna", Role::Po);
    let id = add(&mut ws, &mut ctx, "Sign up");
    let n = ws.history.len();
    edit(&mut ws, &mut ctx, id, ItemPatch { title: Some("Sign up".into()), ..Default::default() });
    assert_eq!(ws.history.len(), n, "same title: nothing changed, nothing recorded");

    let c = edit(&mut ws, &mut ctx, id, ItemPatch { title: Some("Other".into()), ..Default::default() });
    assert_eq!(ws.history.len(), n + 1);
    revert(&mut ws, vec![c]);
    assert_eq!(ws.history.len(), n, "undone without a trace");
    assert_eq!(ws.item(id).unwrap().title, "Sign up");
}

fn record(id: u128, at: &str, edits: Vec<Edit>) -> Record {
    Record {
        id: Uuid::from_u128(id),
        at: t(at),
        by: "anna".into(),
        role: Role::Po,
        via: None,
        branch: None,
        what: format!("change {id}"),
        reverts: None,
        edits,
        extra: Extra::default(),
    }
}

fn title(id: u128, old: &str, new: &str) -> Edit {
    Edit::new(EntityRef::Item(Uuid::from_u128(id)), "title", json!(old), json!(new))
}

#[test]
fn records_stay_in_time_order_and_are_never_held_twice() {
    let mut h = History::default();
    h.push(record(2, "2026-03-02T10:00:00Z", vec![]));
    h.push(record(1, "2026-03-02T09:00:00Z", vec![]));
    h.push(record(3, "2026-03-02T11:00:00Z", vec![]));
    h.push(record(2, "2026-03-02T10:00:00Z", vec![]));
    let ids: Vec<u128> = h.records().iter().map(|r| r.id.as_u128()).collect();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(h.since(t("2026-03-02T10:00:00Z")).len(), 2);
}

#[test]
fn a_merge_keeps_both_sides_records_in_time_order_whichever_side_is_ours() {
    let base = History::new(vec![record(1, "2026-03-02T09:00:00Z", vec![]), record(2, "2026-03-02T09:30:00Z", vec![])]);
    let mut ours = base.clone();
    ours.push(record(10, "2026-03-02T10:00:00Z", vec![title(7, "a", "b")]));
    ours.push(record(12, "2026-03-02T12:00:00Z", vec![]));
    let mut theirs = base.clone();
    theirs.push(record(11, "2026-03-02T11:00:00Z", vec![title(8, "c", "d")]));
    // Retention on their side took the oldest record out and compacted
    // the next: both stay so.
    theirs.0.remove(0);
    compact(&mut theirs, t("2026-03-02T10:00:00Z"));

    let merged = History::merge3(&base, &ours, &theirs);
    assert_eq!(merged, History::merge3(&base, &theirs, &ours), "symmetric");
    let ids: Vec<u128> = merged.records().iter().map(|r| r.id.as_u128()).collect();
    assert_eq!(ids, [2, 10, 11, 12], "both sides' new records, in time order; the removed one stays out");
    assert_eq!(merged.records()[0], theirs.records()[0], "their compaction of an unchanged record stays");
}

#[test]
fn compaction_drops_old_values_but_keeps_who_when_and_what() {
    let mut h = History::new(vec![
        record(1, "2026-01-01T09:00:00Z", vec![title(7, "a", "b")]),
        record(2, "2026-03-01T09:00:00Z", vec![title(7, "b", "c")]),
    ]);
    assert_eq!(compact(&mut h, t("2026-02-01T00:00:00Z")), 1);
    let (old, new) = (&h.records()[0], &h.records()[1]);
    assert!(old.edits[0].compacted && old.edits[0].old.is_null() && old.edits[0].new.is_null());
    assert_eq!((old.by.as_str(), &*old.edits[0].field), ("anna", "title"));
    assert_eq!(new.edits[0].new, json!("c"), "newer records keep their values");
    assert_eq!(compact(&mut h, t("2026-02-01T00:00:00Z")), 0, "compacting twice changes nothing");
}

#[test]
fn settle_records_a_kept_value_that_is_not_the_latest_records() {
    let (mut ws, mut ctx) = session("anna", Role::Po);
    let id = add(&mut ws, &mut ctx, "Sign up");
    ctx.now = t("2026-03-02T10:00:00Z");
    edit(&mut ws, &mut ctx, id, ItemPatch { title: Some("Later".into()), ..Default::default() });
    let base = serde_json::to_value(ws.item(id).unwrap()).unwrap();
    let touched = [(EntityRef::Item(id), Some(base.clone()))];
    assert!(settle(&ws, &touched).is_empty(), "the records end where the item is");
    // A merge kept an earlier edit's value over the later one.
    ws.put(crate::domain::snapshot::Entity::Item(Box::new(crate::domain::Item {
        title: "Kept".into(),
        ..ws.item(id).unwrap().clone()
    })));
    let edits = settle(&ws, &touched);
    assert_eq!(edits.len(), 1);
    assert_eq!((&*edits[0].field, &edits[0].old, &edits[0].new), ("title", &json!("Later"), &json!("Kept")));
    // A field no record names stands at its base value: a repair of it is
    // recorded from there.
    let mut repaired = ws.item(id).unwrap().clone();
    repaired.rank = "a0V".into();
    ws.put(crate::domain::snapshot::Entity::Item(Box::new(repaired)));
    let edits = settle(&ws, &touched);
    let rank = edits.iter().find(|e| e.field == "rank").expect("the repaired rank");
    assert_eq!((&rank.old, &rank.new), (&base["rank"], &json!("a0V")));
}

#[test]
fn long_text_is_shown_as_what_changed_in_it() {
    let old = "Today every swap goes through the manager by phone or WhatsApp. Staff should offer and claim shifts.";
    let new = "Today every swap goes through the manager by phone or Signal. Staff should offer and claim shifts.";
    assert_eq!(short_diff(old, new), "…by phone or [-WhatsApp.-] {+Signal.+} Staff should offer…");
    let (ws, _) = session("anna", Role::Po);
    let e = Edit::new(EntityRef::Item(Uuid::nil()), "description", json!(old), json!(new));
    assert_eq!(describe(&ws, &e), "description: …by phone or [-WhatsApp.-] {+Signal.+} Staff should offer…");
    let e = Edit::new(EntityRef::Item(Uuid::nil()), "estimate", Value::Null, json!(5));
    assert_eq!(describe(&ws, &e), "points: (none) -> 5");
}

#[test]
fn a_record_round_trips_through_json_and_is_one_line_in_the_file() {
    let mut r = record(1, "2026-03-02T09:00:00Z", vec![title(7, "a", "b")]);
    r.via = Some("commit 1a2b3c4".into());
    let h = History::new(vec![r.clone()]);
    let text = serde_json::to_string_pretty(&h).unwrap();
    assert_eq!(text.lines().count(), 3, "[, the record, ]: {text}");
    let back: History = serde_json::from_str(&text).unwrap();
    assert_eq!(back, h);
    assert!(h.applied_via(Uuid::from_u128(7), "commit 1a2b3c4"));
    assert!(!h.applied_via(Uuid::from_u128(8), "commit 1a2b3c4"));
}

/// The file holds each record exactly as compact JSON writes it: text to
/// escape, other scripts, numbers and fields of a newer version included.
#[test]
fn each_record_is_written_as_its_own_compact_json() {
    let mut a = record(1, "2026-03-02T09:00:00Z", vec![title(7, "say \"hi\"\nthen\tgo", "Größe → ✓ \u{7}")]);
    a.extra.insert("future".into(), json!({"n": 1.5, "list": [1, null, "x"]}));
    let mut b = record(2, "2026-03-02T09:00:01Z", vec![]);
    b.edits.push(Edit::new(EntityRef::Item(Uuid::from_u128(8)), "estimate", json!(3), json!(5)));
    let h = History::new(vec![a.clone(), b.clone()]);
    let text = serde_json::to_string_pretty(&h).unwrap();
    let want = [&a, &b].map(|r| serde_json::to_string(r).unwrap());
    assert_eq!(text, format!("[\n  {},\n  {}\n]", want[0], want[1]));
    assert_eq!(serde_json::from_str::<History>(&text).unwrap(), h);
}
