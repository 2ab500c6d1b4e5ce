//! The store's promises, tested in one process through the public API:
//! exact round trips and canonical bytes, unknown fields kept, concurrent
//! sessions merged without losing anyone's save, keys that never repeat,
//! files that do not parse or are too new never written, symlinks and
//! permissions kept, backups rotated, temp files tidied, and sync.

mod common;

use backlog::domain::command::{InitiativePatch, ItemPatch};
use backlog::domain::item::Status;
use backlog::domain::{Command, Role, Workspace, apply};
use backlog::store::{Store, StoreError, backup, codec};
use common::*;
use serde_json::{Value, json};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A temp dir holding `backlog.json` created from [`base_ws`].
fn setup() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    Store::create(&path, base_ws(), Role::Po).unwrap();
    (dir, path)
}

fn on_disk(path: &Path) -> Workspace {
    codec::decode(path, &fs::read(path).unwrap()).unwrap().ws
}

fn open(path: &Path, role: Role) -> Store {
    Store::open(path, role).unwrap()
}

// ---------------------------------------------------------------------------
// Round trips and canonical bytes

#[test]
fn create_then_open_round_trips_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    let ws = base_ws();
    let created = Store::create(&path, ws.clone(), Role::Po).unwrap();
    assert_eq!(created.workspace(), &ws);

    let opened = open(&path, Role::Po);
    assert_eq!(opened.workspace(), &ws);
    assert!(opened.read_only().is_none());
    assert!(!opened.has_unsaved());
    assert!(!opened.changed_on_disk());

    // Create refuses to replace a file that exists.
    assert!(matches!(Store::create(&path, ws, Role::Po), Err(StoreError::Exists { .. })));
}

#[test]
fn bytes_on_disk_are_canonical() {
    let (_dir, path) = setup();
    let bytes = fs::read(&path).unwrap();
    assert!(bytes.ends_with(b"}\n") && !bytes.ends_with(b"\n\n"), "one trailing newline");
    let decoded = codec::decode(&path, &bytes).unwrap();
    assert_eq!(codec::encode(&decoded.ws), bytes, "decode + encode gives the same bytes");
}

#[test]
fn same_content_gives_same_bytes_whoever_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (p1, p2) = (dir.path().join("one.json"), dir.path().join("two.json"));
    let ws = base_ws();
    // Same content, different order in memory.
    let mut shuffled = ws.clone();
    shuffled.items.reverse();
    shuffled.goals.reverse();
    shuffled.reindex();
    assert_eq!(shuffled, ws);
    let mut s1 = Store::create(&p1, ws, Role::Po).unwrap();
    let mut s2 = Store::create(&p2, shuffled, Role::Pm).unwrap();
    assert_eq!(fs::read(&p1).unwrap(), fs::read(&p2).unwrap());

    // The same commands through two different stores give the same file.
    for s in [&mut s1, &mut s2] {
        let id = item_id(s.workspace(), "BL-3");
        s.apply(title(id, "Invite a whole team"), &mut ctx(Role::Po, 10)).unwrap();
        s.apply(add_item("Dark mode", Some(5)), &mut ctx(Role::Po, 11)).unwrap();
    }
    assert_eq!(fs::read(&p1).unwrap(), fs::read(&p2).unwrap());
}

// ---------------------------------------------------------------------------
// Unknown fields

/// The text of `"key": value` in a pretty-printed file, from its line to
/// the line that closes the value.
fn fragment(text: &str, key: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let needle = format!("\"{key}\": ");
    let start = lines.iter().position(|l| l.trim_start().starts_with(&needle)).unwrap_or_else(|| panic!("no {key}"));
    let indent = lines[start].len() - lines[start].trim_start().len();
    let mut end = start;
    if lines[start].ends_with('{') || lines[start].ends_with('[') {
        while !(lines[end].len() - lines[end].trim_start().len() == indent && end > start) {
            end += 1;
        }
    }
    let text = lines[start..=end].join("\n");
    // Whether a comma follows depends on what comes next, not on the value.
    text.strip_suffix(',').map(str::to_owned).unwrap_or(text)
}

#[test]
fn unknown_fields_survive_open_apply_save_byte_for_byte() {
    let (_dir, path) = setup();
    let mut v: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    let future = |tag: &str| {
        json!({
            "tag": tag,
            "nested": {"list": [1, -2, 2.5, 0.1, null, true, "ünï ✓"], "empty": {}, "none": []},
            "big": u64::MAX,
            "small": i64::MIN,
            "text": "line\nbreak \"quoted\" \\ tab\t",
        })
    };
    let places: [(&str, &str); 9] = [
        ("", "x_top"),
        ("/workspace", "x_info"),
        ("/settings", "x_settings"),
        ("/vision", "x_vision"),
        ("/goals/0", "x_goal"),
        ("/roadmap/0", "x_initiative"),
        ("/sprints/0", "x_sprint"),
        ("/items/0", "x_item_edited"),
        ("/items/1", "x_item"),
    ];
    for (place, key) in places {
        v.pointer_mut(place).unwrap().as_object_mut().unwrap().insert(key.into(), future(key));
    }
    // A newer tool's file: valid, but not in our canonical field order.
    let mut original = serde_json::to_vec_pretty(&v).unwrap();
    original.push(b'\n');
    fs::write(&path, &original).unwrap();

    let mut s = open(&path, Role::Po);
    let bl1 = item_id(s.workspace(), "BL-1");
    assert_eq!(s.workspace().items.iter().position(|i| i.meta.id == bl1), Some(0));
    s.apply(title(bl1, "Sign up with email or SSO"), &mut ctx(Role::Po, 10)).unwrap();
    let saved = fs::read_to_string(&path).unwrap();
    let saved_v: Value = serde_json::from_str(&saved).unwrap();
    let original = String::from_utf8(original).unwrap();
    for (place, key) in places {
        assert_eq!(saved_v.pointer(&format!("{place}/{key}")), Some(&future(key)), "{key} kept");
        assert_eq!(fragment(&saved, key), fragment(&original, key), "{key} kept byte for byte");
    }
    assert_eq!(saved_v.pointer("/items/0/title"), Some(&json!("Sign up with email or SSO")));

    // And they survive a merge with another session too.
    let mut other = open(&path, Role::Po);
    let bl2 = item_id(other.workspace(), "BL-2");
    s.apply_local(estimate(bl2, 3), &mut ctx(Role::Po, 20)).unwrap();
    other.apply(estimate(bl1, 13), &mut ctx(Role::Po, 21)).unwrap();
    assert!(s.save().unwrap().merged);
    let merged = fs::read_to_string(&path).unwrap();
    for (_, key) in places {
        assert_eq!(fragment(&merged, key), fragment(&original, key), "{key} kept through a merge");
    }
}

// ---------------------------------------------------------------------------
// Concurrent sessions

#[test]
fn edits_to_different_fields_of_one_item_are_both_kept() {
    let (_dir, path) = setup();
    let mut a = open(&path, Role::Po);
    let mut b = open(&path, Role::Po);
    let x = item_id(a.workspace(), "BL-3");

    a.apply_local(title(x, "Invite a whole team"), &mut ctx(Role::Po, 10)).unwrap();
    assert!(!a.save().unwrap().merged);
    b.apply_local(estimate(x, 8), &mut ctx(Role::Po, 11)).unwrap();
    let saved = b.save().unwrap();
    assert!(saved.merged && saved.wrote);
    assert!(saved.report.conflicts.is_empty(), "{:?}", saved.report);

    let disk = on_disk(&path);
    let item = disk.item(x).unwrap();
    assert_eq!((item.title.as_str(), item.estimate), ("Invite a whole team", Some(8)));
    assert_eq!(disk.conflicts.len(), 0);
    assert_eq!(b.workspace(), &disk, "the saver's copy is what it wrote");
    // Both sides bumped the revision from 1; the merge is newer than both.
    assert!(item.meta.rev > 2, "rev {}", item.meta.rev);
}

#[test]
fn pm_roadmap_edits_and_po_backlog_edits_are_both_kept() {
    let (_dir, path) = setup();
    let mut pm = open(&path, Role::Pm);
    let mut po = open(&path, Role::Po);
    let r1 = pm.workspace().roadmap[0].meta.id;
    let (bl1, bl4) = (item_id(po.workspace(), "BL-1"), item_id(po.workspace(), "BL-4"));

    let patch = InitiativePatch { title: Some("Onboarding, revamped".into()), ..Default::default() };
    pm.apply_local(Command::EditInitiative { id: r1, patch: Box::new(patch) }, &mut ctx(Role::Pm, 10)).unwrap();
    po.apply_local(title(bl1, "Sign up"), &mut ctx(Role::Po, 11)).unwrap();
    po.apply_local(Command::DeleteItem { id: bl4 }, &mut ctx(Role::Po, 12)).unwrap();
    po.apply_local(add_item("Audit log", Some(3)), &mut ctx(Role::Po, 13)).unwrap();
    po.save().unwrap();
    let saved = pm.save().unwrap();
    assert!(saved.merged);
    assert!(saved.report.conflicts.is_empty() && saved.report.renumbered.is_empty(), "{:?}", saved.report);

    let disk = on_disk(&path);
    assert_eq!(disk.roadmap[0].title, "Onboarding, revamped");
    assert_eq!(disk.item(bl1).unwrap().title, "Sign up");
    assert!(!disk.item(bl4).unwrap().is_live());
    assert_eq!(disk.item_by_key("BL-5").unwrap().title, "Audit log");
    assert_eq!(disk.workspace.next_key, 6);
    assert!(disk.conflicts.is_empty());
}

#[test]
fn a_delete_against_a_concurrent_edit_is_a_conflict_and_the_edit_is_kept() {
    for deleter_saves_last in [true, false] {
        let (_dir, path) = setup();
        let mut a = open(&path, Role::Po);
        let mut b = open(&path, Role::Po);
        let x = item_id(a.workspace(), "BL-3");
        a.apply_local(Command::DeleteItem { id: x }, &mut ctx(Role::Po, 10)).unwrap();
        b.apply_local(title(x, "Invite a whole team"), &mut ctx(Role::Po, 11)).unwrap();
        if deleter_saves_last {
            b.save().unwrap();
            a.save().unwrap();
        } else {
            a.save().unwrap();
            b.save().unwrap();
        }
        let disk = on_disk(&path);
        let item = disk.item(x).unwrap();
        assert_eq!(item.title, "Invite a whole team", "the edit is never lost");
        // The later saver's side stays, as for any field; the other is one
        // `conflicts resolve` away.
        let deleted = item.meta.deleted_at.is_some();
        assert_eq!(deleted, deleter_saves_last);
        let c: Vec<_> = disk.open_conflicts().collect();
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].field, "deleted_at");
        assert_eq!(c[0].label, "BL-3");
        let tomb = serde_json::to_value(at(10)).unwrap();
        let (kept, other) = if deleted { (tomb, serde_json::Value::Null) } else { (serde_json::Value::Null, tomb) };
        assert_eq!((&c[0].ours, &c[0].theirs, &c[0].base), (&kept, &other, &serde_json::Value::Null));
    }
}

#[test]
fn same_field_edits_keep_the_later_saver_and_record_one_conflict() {
    let (_dir, path) = setup();
    let mut a = open(&path, Role::Po);
    let mut b = open(&path, Role::Pm);
    let x = item_id(a.workspace(), "BL-3");

    a.apply_local(title(x, "Invite by link"), &mut ctx(Role::Po, 10)).unwrap();
    a.save().unwrap();
    b.apply_local(title(x, "Invite by email"), &mut ctx(Role::Pm, 11)).unwrap();
    let saved = b.save().unwrap();
    assert_eq!(saved.report.conflicts.len(), 1);

    let disk = on_disk(&path);
    assert_eq!(disk.item(x).unwrap().title, "Invite by email", "the later saver's value stays");
    let open: Vec<_> = disk.open_conflicts().collect();
    assert_eq!(open.len(), 1);
    let c = open[0];
    assert_eq!(c.id, saved.report.conflicts[0]);
    assert_eq!((c.entity.as_str(), c.entity_id, c.label.as_str()), ("item", Some(x), "BL-3"));
    assert_eq!(c.field, "title");
    assert_eq!(
        (&c.base, &c.ours, &c.theirs),
        (&json!("Invite a teammate"), &json!("Invite by email"), &json!("Invite by link"))
    );
    assert_eq!(c.ours_by, Role::Pm);

    // Saving again, from either side, does not record it twice.
    assert!(!b.save().unwrap().wrote);
    b.apply(estimate(x, 8), &mut ctx(Role::Pm, 12)).unwrap();
    let bl1 = item_id(a.workspace(), "BL-1");
    a.apply_local(title(bl1, "Sign up"), &mut ctx(Role::Po, 13)).unwrap();
    a.save().unwrap();
    let disk = on_disk(&path);
    assert_eq!(disk.conflicts.len(), 1);
    assert_eq!(disk.item(x).unwrap().title, "Invite by email");
    assert_eq!(disk.item(x).unwrap().estimate, Some(8));
}

#[test]
fn after_a_merge_with_conflicts_the_saver_holds_exactly_what_it_wrote() {
    let (_dir, path) = setup();
    let mut a = open(&path, Role::Po);
    let mut b = open(&path, Role::Po);
    let x = item_id(a.workspace(), "BL-3");
    let patch = |t: &str, d: &str, e: u32, s: Status| ItemPatch {
        title: Some(t.into()),
        description: Some(d.into()),
        estimate: Some(Some(e)),
        status: Some(s),
        ..Default::default()
    };
    a.apply(edit_item(x, patch("By link", "Copy a link", 8, Status::Refined)), &mut ctx(Role::Po, 10)).unwrap();
    b.apply_local(edit_item(x, patch("By email", "Type an address", 13, Status::Ready)), &mut ctx(Role::Po, 11))
        .unwrap();
    assert_eq!(b.save().unwrap().report.conflicts.len(), 4);
    let disk = on_disk(&path);
    assert_eq!(disk.conflicts.len(), 4);
    // The file lists conflicts by id; the saver's copy is the same set.
    assert_eq!(b.workspace(), &disk);
    assert!(!b.changed_on_disk());
}

#[test]
fn keys_never_repeat_across_sessions() {
    let (_dir, path) = setup();
    let mut a = open(&path, Role::Po);
    let mut b = open(&path, Role::Po);
    a.apply_local(add_item("From A", None), &mut ctx(Role::Po, 10)).unwrap();
    b.apply_local(add_item("From B", None), &mut ctx(Role::Po, 11)).unwrap();
    assert_eq!(a.workspace().items.last().unwrap().key, "BL-5");
    assert_eq!(b.workspace().items.last().unwrap().key, "BL-5");
    assert!(a.save().unwrap().report.renumbered.is_empty());
    let saved = b.save().unwrap();
    assert_eq!(saved.report.renumbered, vec![("BL-5".to_string(), "BL-6".to_string())]);
    assert!(saved.report.conflicts.is_empty(), "{:?}", saved.report);

    let disk = on_disk(&path);
    let key_of = |t: &str| disk.live_items().find(|i| i.title == t).unwrap().key.clone();
    assert_eq!((key_of("From A"), key_of("From B")), ("BL-5".to_string(), "BL-6".to_string()));
    assert!(disk.workspace.next_key > 6);
    assert_eq!(b.workspace().item_by_key("BL-6").unwrap().title, "From B", "the saver sees the new key");
    assert!(disk.conflicts.is_empty());
}

#[test]
fn sessions_adding_different_numbers_of_items_record_no_conflict_on_the_key_counter() {
    let (_dir, path) = setup();
    let mut a = open(&path, Role::Po);
    let mut b = open(&path, Role::Po);
    a.apply_local(add_item("A one", None), &mut ctx(Role::Po, 10)).unwrap();
    b.apply_local(add_item("B one", None), &mut ctx(Role::Po, 11)).unwrap();
    b.apply_local(add_item("B two", None), &mut ctx(Role::Po, 12)).unwrap();
    a.save().unwrap();
    let saved = b.save().unwrap();
    assert!(saved.report.conflicts.is_empty(), "a counter is not a conflict: {:?}", on_disk(&path).conflicts);

    let disk = on_disk(&path);
    let mut keys: Vec<u64> = disk.live_items().filter_map(|i| i.key_number()).collect();
    keys.sort();
    assert_eq!(keys, [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(disk.workspace.next_key, 8);
    assert!(disk.conflicts.is_empty());
}

#[test]
fn labels_merge_as_a_set_in_canonical_order() {
    let (_dir, path) = setup();
    let mut a = open(&path, Role::Po);
    let mut b = open(&path, Role::Po);
    let x = item_id(a.workspace(), "BL-3");
    let labels = |l: &[&str]| {
        edit_item(x, ItemPatch { labels: Some(l.iter().map(|s| s.to_string()).collect()), ..Default::default() })
    };
    a.apply(labels(&["ux"]), &mut ctx(Role::Po, 10)).unwrap();
    a.apply(labels(&["ux", "growth"]), &mut ctx(Role::Po, 11)).unwrap();

    let mut b2 = open(&path, Role::Po);
    b.apply_local(labels(&["ux a"]), &mut ctx(Role::Po, 12)).unwrap();
    b.save().unwrap();
    let disk = on_disk(&path);
    assert_eq!(disk.item(x).unwrap().labels, ["growth", "ux", "ux a"], "sorted as the domain sorts them");
    assert!(disk.conflicts.is_empty());

    // A removal on one side and an addition on the other both count.
    b2.apply_local(labels(&["growth", "infra"]), &mut ctx(Role::Po, 13)).unwrap();
    b2.save().unwrap();
    let disk = on_disk(&path);
    assert_eq!(disk.item(x).unwrap().labels, ["growth", "infra", "ux a"]);
    // Same content as a single session would have produced: same bytes.
    let mut direct = disk.clone();
    let mut c = ctx(Role::Po, 14);
    backlog::domain::apply(&mut direct, labels(&["ux a", "infra", "growth"]), &mut c).unwrap();
    assert_eq!(direct.item(x).unwrap().labels, disk.item(x).unwrap().labels);
}

#[test]
fn sprint_history_merges_as_a_union() {
    let (_dir, path) = setup();
    let mut a = open(&path, Role::Po);
    let mut b = open(&path, Role::Po);
    let (bl1, bl2, bl3) =
        (item_id(a.workspace(), "BL-1"), item_id(a.workspace(), "BL-2"), item_id(a.workspace(), "BL-3"));
    let sprint = a.workspace().sprints[0].meta.id;
    let history_before = a.workspace().sprints[0].history.clone();
    assert_eq!(history_before.len(), 2);

    a.apply_local(
        edit_item(bl1, ItemPatch { status: Some(Status::Done), ..Default::default() }),
        &mut ctx(Role::Po, 30),
    )
    .unwrap();
    b.apply_local(estimate(bl2, 3), &mut ctx(Role::Po, 20)).unwrap();
    b.apply_local(
        edit_item(bl3, ItemPatch { sprint: Some(Some(sprint)), ..Default::default() }),
        &mut ctx(Role::Po, 40),
    )
    .unwrap();
    a.save().unwrap();
    let saved = b.save().unwrap();
    assert!(saved.report.conflicts.is_empty(), "{:?}", saved.report);

    let disk = on_disk(&path);
    let history = &disk.sprint(sprint).unwrap().history;
    assert_eq!(history.len(), 5, "{history:#?}");
    assert_eq!(&history[..2], &history_before[..]);
    let times: Vec<_> = history.iter().map(|e| e.at).collect();
    assert_eq!(times[2..], [at(20), at(30), at(40)], "in time order");
    let p = disk.sprint(sprint).unwrap().progress_at(at(100));
    assert_eq!((p.scope, p.done), (3 + 3 + 5, 3));
}

#[test]
fn the_merged_version_is_stamped_with_the_later_edit() {
    let (_dir, path) = setup();
    let mut a = open(&path, Role::Po);
    let mut b = open(&path, Role::Pm);
    let x = item_id(a.workspace(), "BL-3");
    let mut late = ctx(Role::Pm, 10);
    late.now += chrono::Duration::milliseconds(250);
    // A edits at 10.000s and saves first; B edits at 10.250s, saves later.
    a.apply(title(x, "Invite by link"), &mut ctx(Role::Po, 10)).unwrap();
    b.apply_local(estimate(x, 8), &mut late).unwrap();
    b.save().unwrap();
    let item = on_disk(&path).item(x).unwrap().clone();
    assert_eq!((item.meta.updated_at, item.meta.updated_by), (late.now, Role::Pm));

    // And the other way round: the earlier edit saved later.
    let (_dir, path) = setup();
    let mut a = open(&path, Role::Po);
    let mut b = open(&path, Role::Pm);
    b.apply(estimate(x, 8), &mut late).unwrap();
    a.apply_local(title(x, "Invite by link"), &mut ctx(Role::Po, 10)).unwrap();
    a.save().unwrap();
    let item = on_disk(&path).item(x).unwrap().clone();
    assert_eq!((item.meta.updated_at, item.meta.updated_by), (late.now, Role::Pm));
}

// ---------------------------------------------------------------------------
// Sync

#[test]
fn sync_takes_in_other_saves_and_keeps_unsaved_changes() {
    let (_dir, path) = setup();
    let mut a = open(&path, Role::Po);
    let mut b = open(&path, Role::Po);
    let (x, y) = (item_id(a.workspace(), "BL-3"), item_id(a.workspace(), "BL-4"));

    a.apply_local(title(x, "Invite a whole team"), &mut ctx(Role::Po, 10)).unwrap();
    assert_eq!(a.sync().unwrap(), None, "nothing changed on disk yet");
    b.apply(estimate(y, 13), &mut ctx(Role::Po, 11)).unwrap();
    b.apply(add_item("From B", None), &mut ctx(Role::Po, 12)).unwrap();

    assert!(a.changed_on_disk());
    let report = a.sync().unwrap().expect("the file changed");
    assert!(report.conflicts.is_empty());
    assert!(!a.changed_on_disk());
    assert!(a.has_unsaved());
    assert_eq!(a.workspace().item(y).unwrap().estimate, Some(13));
    assert_eq!(a.workspace().item(x).unwrap().title, "Invite a whole team");
    assert_eq!(a.workspace().item_by_key("BL-5").unwrap().title, "From B");
    assert_eq!(on_disk(&path).item(x).unwrap().title, "Invite a teammate", "sync does not write");

    // A key handed out after the sync does not collide with B's.
    a.apply_local(add_item("From A", None), &mut ctx(Role::Po, 13)).unwrap();
    let saved = a.save().unwrap();
    assert!(saved.wrote && saved.report.renumbered.is_empty());
    assert!(!a.has_unsaved());
    let disk = on_disk(&path);
    assert_eq!(&disk, a.workspace());
    assert_eq!(disk.item(x).unwrap().title, "Invite a whole team");
    assert_eq!(disk.item(y).unwrap().estimate, Some(13));
    assert_eq!(disk.item_by_key("BL-6").unwrap().title, "From A");
}

#[test]
fn a_conflict_found_by_sync_is_saved_even_if_the_file_changes_again() {
    let (_dir, path) = setup();
    let mut a = open(&path, Role::Po);
    let mut b = open(&path, Role::Po);
    let mut c = open(&path, Role::Po);
    let x = item_id(a.workspace(), "BL-3");
    let y = item_id(a.workspace(), "BL-4");

    a.apply_local(title(x, "Invite by email"), &mut ctx(Role::Po, 10)).unwrap();
    b.apply(title(x, "Invite by link"), &mut ctx(Role::Po, 11)).unwrap();
    let report = a.sync().unwrap().unwrap();
    assert_eq!(report.conflicts.len(), 1);
    // Someone else saves an unrelated change before A saves.
    c.apply(estimate(y, 13), &mut ctx(Role::Po, 12)).unwrap();
    a.save().unwrap();

    let disk = on_disk(&path);
    assert_eq!(disk.item(x).unwrap().title, "Invite by email");
    assert_eq!(disk.item(y).unwrap().estimate, Some(13));
    let conflicts: Vec<_> = disk.open_conflicts().collect();
    assert_eq!(conflicts.len(), 1, "the conflict A saw is on disk");
    assert_eq!((&conflicts[0].ours, &conflicts[0].theirs), (&json!("Invite by email"), &json!("Invite by link")));
}

// ---------------------------------------------------------------------------
// Files we must not write

#[test]
fn a_file_that_does_not_parse_is_reported_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backlog.json");
    let good = String::from_utf8(codec::encode(&base_ws())).unwrap();

    // A syntax error: a stray character at a known place.
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    let n = lines.iter().position(|l| l.contains("\"key_prefix\"")).unwrap();
    let col = lines[n].find(':').unwrap() + 1;
    lines[n].insert(col - 1, '@');
    fs::write(&path, lines.join("\n")).unwrap();
    match Store::open(&path, Role::Po) {
        Err(StoreError::Parse { path: p, line, column, message }) => {
            assert_eq!(p, path);
            assert_eq!((line, column), (n + 1, col), "{message}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    let msg = Store::open(&path, Role::Po).unwrap_err().to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains(&format!(":{}:{}:", n + 1, col)), "{msg}");

    // A value of the wrong kind: the error points at it.
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    let n =
        lines.iter().position(|l| l.trim() == "\"status\": \"ready\"," || l.trim() == "\"status\": \"new\",").unwrap();
    lines[n] = lines[n].replace("\"new\"", "\"bogus\"").replace("\"ready\"", "\"bogus\"");
    fs::write(&path, lines.join("\n")).unwrap();
    match Store::open(&path, Role::Po) {
        Err(StoreError::Parse { line, message, .. }) => {
            assert_eq!(line, n + 1, "{message}");
            assert!(message.contains("bogus"), "{message}");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }

    // Truncated (a crash in an editor): the error is at the end.
    fs::write(&path, &good[..good.len() / 2]).unwrap();
    assert!(matches!(Store::open(&path, Role::Po), Err(StoreError::Parse { .. })));
}

#[test]
fn a_file_that_stops_parsing_after_open_is_never_written() {
    let (_dir, path) = setup();
    let mut s = open(&path, Role::Po);
    let x = item_id(s.workspace(), "BL-3");
    s.apply_local(title(x, "Invite a whole team"), &mut ctx(Role::Po, 10)).unwrap();
    let broken = b"{ \"schema_version\": 1, \"workspace\": oops }\n";
    fs::write(&path, broken).unwrap();

    let err = s.save().unwrap_err();
    assert!(matches!(err, StoreError::Parse { line: 1, .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), broken, "byte-identical afterwards");
    assert!(s.apply(title(x, "Again"), &mut ctx(Role::Po, 11)).is_err());
    assert!(s.sync().is_err());
    assert_eq!(fs::read(&path).unwrap(), broken);
    assert!(s.has_unsaved(), "the unsaved change is still there to retry");
    assert!(backup::list(s.paths()).is_empty(), "nothing was replaced, nothing backed up");
    assert_eq!(temp_files(&path), Vec::<String>::new());

    // Once the file is fixed, the change saves.
    fs::write(&path, codec::encode(&base_ws())).unwrap();
    s.save().unwrap();
    assert_eq!(on_disk(&path).item(x).unwrap().title, "Invite a whole team");
}

fn newer(v: &mut Value) {
    v["schema_version"] = json!(99);
    v["x_future"] = json!({"added": "in v99"});
}

#[test]
fn a_newer_schema_opens_read_only_and_is_never_written() {
    let (_dir, path) = setup();
    let mut v: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    newer(&mut v);
    let bytes = serde_json::to_vec_pretty(&v).unwrap();
    fs::write(&path, &bytes).unwrap();

    let mut s = open(&path, Role::Po);
    let reason = s.read_only().expect("read-only").to_owned();
    assert!(reason.contains("schema version 99"), "{reason}");
    let x = item_id(s.workspace(), "BL-3");
    let c = &mut ctx(Role::Po, 10);
    assert!(matches!(s.apply(title(x, "No"), c), Err(StoreError::ReadOnly { .. })));
    assert!(matches!(s.apply_local(title(x, "No"), c), Err(StoreError::ReadOnly { .. })));
    assert!(matches!(s.save(), Err(StoreError::ReadOnly { .. })));
    assert_eq!(s.workspace().item(x).unwrap().title, "Invite a teammate");
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_file_upgraded_by_a_newer_version_while_open_is_not_written() {
    let (_dir, path) = setup();
    let mut s = open(&path, Role::Po);
    let x = item_id(s.workspace(), "BL-3");
    s.apply_local(title(x, "Mine"), &mut ctx(Role::Po, 10)).unwrap();
    let mut v: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    newer(&mut v);
    let bytes = serde_json::to_vec_pretty(&v).unwrap();
    fs::write(&path, &bytes).unwrap();

    assert!(matches!(s.save(), Err(StoreError::ReadOnly { .. })));
    assert!(s.read_only().is_some());
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_newer_schema_that_does_not_fit_our_types_says_so() {
    let (_dir, path) = setup();
    let mut v: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    v["items"] = json!({"by_id": {}});
    fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    assert!(matches!(Store::open(&path, Role::Po), Err(StoreError::Parse { .. })), "same schema: a parse error");

    newer(&mut v);
    fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    match Store::open(&path, Role::Po) {
        Err(e @ StoreError::NewerSchema { found: 99, supported: backlog::domain::SCHEMA_VERSION, .. }) => {
            assert!(e.to_string().contains(&path.display().to_string()), "{e}")
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// The file itself: symlinks, permissions, backups, temp files

#[test]
fn saving_through_a_symlink_replaces_the_target_and_keeps_the_link() {
    let (dir, real) = setup();
    let link = dir.path().join("elsewhere").join("link.json");
    fs::create_dir(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();

    let mut s = open(&link, Role::Po);
    assert_eq!(s.path(), fs::canonicalize(&real).unwrap());
    let x = item_id(s.workspace(), "BL-3");
    s.apply(title(x, "Through the link"), &mut ctx(Role::Po, 10)).unwrap();
    s.apply(estimate(x, 13), &mut ctx(Role::Po, 11)).unwrap();

    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "still a link");
    assert_eq!(fs::read_link(&link).unwrap(), real);
    assert_eq!(on_disk(&real).item(x).unwrap().title, "Through the link");
    assert_eq!(fs::metadata(&real).unwrap().permissions().mode() & 0o7777, 0o640, "permissions kept");
    let stray: Vec<_> = fs::read_dir(link.parent().unwrap()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(stray, ["link.json"], "nothing written beside the link");
}

#[test]
fn permissions_are_kept_across_saves() {
    let (_dir, path) = setup();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let mut s = open(&path, Role::Po);
    let x = item_id(s.workspace(), "BL-3");
    for (i, e) in [1, 2, 3].into_iter().enumerate() {
        s.apply(estimate(x, e), &mut ctx(Role::Po, 10 + i as i64)).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o7777, 0o640);
    }
}

#[test]
fn backups_keep_the_last_five_versions_newest_first() {
    let (_dir, path) = setup();
    let mut s = open(&path, Role::Po);
    let x = item_id(s.workspace(), "BL-3");
    let mut versions = vec![fs::read(&path).unwrap()];
    for i in 0..8 {
        s.apply(title(x, &format!("Version {i}")), &mut ctx(Role::Po, 10 + i)).unwrap();
        versions.push(fs::read(&path).unwrap());
    }
    // A save with nothing new writes nothing and backs nothing up.
    assert!(!s.save().unwrap().wrote);

    let files: Vec<_> = fs::read_dir(s.paths().backups()).unwrap().flatten().collect();
    assert_eq!(files.len(), 5, "{files:?}");
    let list = backup::list(s.paths());
    assert_eq!(list.len(), 5);
    let contents: Vec<Vec<u8>> = list.iter().map(|b| fs::read(&b.path).unwrap()).collect();
    assert_eq!(contents[0], versions[7], "the newest backup is the previous version");
    let expected: Vec<Vec<u8>> = versions[3..8].iter().rev().cloned().collect();
    assert!(contents == expected, "backups are the five previous versions, newest first");
    assert_eq!(list[0].len, versions[7].len() as u64);
}

#[test]
fn backups_made_within_one_clock_tick_list_in_the_order_they_were_made() {
    let (_dir, path) = setup();
    let s = open(&path, Role::Po);
    let dir = s.paths().backups();
    fs::create_dir_all(&dir).unwrap();
    // keep_current's names when several backups share a timestamp.
    let stamp = "20250615T120000.000001Z";
    let made: Vec<String> =
        std::iter::once(format!("{stamp}.json")).chain((1..=11).map(|n| format!("{stamp}-{n}.json"))).collect();
    for name in &made {
        fs::write(dir.join(name), name).unwrap();
    }
    fs::write(dir.join("20250615T115959.999999Z.json"), "older").unwrap();
    let listed: Vec<String> =
        backup::list(s.paths()).iter().map(|b| b.path.file_name().unwrap().to_string_lossy().into_owned()).collect();
    let mut expected: Vec<String> = made.into_iter().rev().collect();
    expected.push("20250615T115959.999999Z.json".into());
    assert_eq!(listed, expected);
}

/// A backups path that is a link keeps no backup, and the session hears
/// it once, not at every save; cleared, the next save keeps one again.
#[test]
fn a_save_without_a_backup_says_so_once_per_session() {
    let (dir, path) = setup();
    let mut s = open(&path, Role::Po);
    let link = s.paths().backups();
    std::os::unix::fs::symlink(dir.path(), &link).unwrap();
    let x = item_id(s.workspace(), "BL-3");
    let (_, saved) = s.apply(title(x, "One"), &mut ctx(Role::Po, 10)).unwrap();
    assert_eq!(saved.warnings.len(), 1, "{:?}", saved.warnings);
    assert!(saved.warnings[0].contains(&format!("{} is a symbolic link", link.display())), "{:?}", saved.warnings);
    let (_, saved) = s.apply(title(x, "Two"), &mut ctx(Role::Po, 11)).unwrap();
    assert!(saved.warnings.is_empty(), "said once: {:?}", saved.warnings);
    assert!(backup::list(s.paths()).is_empty());

    fs::remove_file(&link).unwrap();
    let (_, saved) = s.apply(title(x, "Three"), &mut ctx(Role::Po, 12)).unwrap();
    assert!(saved.warnings.is_empty());
    assert_eq!(backup::list(s.paths()).len(), 1);
    fs::rename(&link, dir.path().join("moved-away")).unwrap();
    std::os::unix::fs::symlink(dir.path(), &link).unwrap();
    let (_, saved) = s.apply(title(x, "Four"), &mut ctx(Role::Po, 13)).unwrap();
    assert_eq!(saved.warnings.len(), 1, "said again once it comes back: {:?}", saved.warnings);
}

fn temp_files(path: &Path) -> Vec<String> {
    let name = path.file_name().unwrap().to_string_lossy();
    fs::read_dir(path.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.tmp.")))
        .collect()
}

#[test]
fn stray_temp_files_are_removed_on_open() {
    let (dir, path) = setup();
    // Named the way write_atomic names its temp files: .<name>.tmp.<pid>.<nanos>
    let stray = dir.path().join(".backlog.json.tmp.4242.1750000000123456789");
    let other = dir.path().join(".notes.json.tmp.4242.1");
    fs::write(&stray, b"{ half a fi").unwrap();
    fs::write(&other, b"not ours").unwrap();
    let s = open(&path, Role::Po);
    assert!(!stray.exists(), "stray temp removed");
    assert!(other.exists(), "another file's temp is left alone");
    assert_eq!(s.workspace(), &base_ws());
    assert!(temp_files(&path).is_empty());
}

#[test]
fn a_save_leaves_no_temp_files_and_an_unchanged_save_writes_nothing() {
    let (_dir, path) = setup();
    let mut s = open(&path, Role::Po);
    let x = item_id(s.workspace(), "BL-3");
    s.apply(title(x, "Changed"), &mut ctx(Role::Po, 10)).unwrap();
    assert!(temp_files(&path).is_empty());
    let before = fs::metadata(&path).unwrap();
    let saved = s.save().unwrap();
    assert!(!saved.wrote && !saved.merged);
    let after = fs::metadata(&path).unwrap();
    use std::os::unix::fs::MetadataExt;
    assert_eq!(before.ino(), after.ino(), "not rewritten");
}

#[test]
fn scores_that_json_cannot_hold_are_refused_and_the_file_stays_loadable() {
    use backlog::domain::command::{NewInitiative, NewItem};
    use backlog::domain::score::{Rice, Wsjf};
    let (_dir, path) = setup();
    let mut s = open(&path, Role::Po);
    let before = fs::read(&path).unwrap();
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let wsjf = Some(Wsjf::new(bad, 1.0, 1.0, 2.0));
        let add =
            Command::AddItem(Box::new(NewItem { title: "Scored".into(), wsjf: wsjf.clone(), ..Default::default() }));
        assert!(matches!(s.apply(add, &mut ctx(Role::Po, 10)), Err(StoreError::Domain(_))), "{bad}");
        let x = item_id(s.workspace(), "BL-3");
        let edit = edit_item(x, ItemPatch { wsjf: Some(wsjf), ..Default::default() });
        assert!(matches!(s.apply(edit, &mut ctx(Role::Po, 11)), Err(StoreError::Domain(_))), "{bad}");
        let rice = Some(Rice::new(10.0, bad, 50.0, 1.0));
        let add =
            Command::AddInitiative(Box::new(NewInitiative { title: "Scored".into(), rice, ..Default::default() }));
        assert!(matches!(s.apply(add, &mut ctx(Role::Pm, 12)), Err(StoreError::Domain(_))), "{bad}");
    }
    assert_eq!(fs::read(&path).unwrap(), before);
    open(&path, Role::Po);
}

#[test]
fn fractional_numbers_round_trip_exactly() {
    use backlog::domain::command::NewItem;
    use backlog::domain::score::Wsjf;
    let (_dir, path) = setup();
    let mut s = open(&path, Role::Po);
    // A value whose shortest text serde_json's fast float parser misreads.
    let v = 93.02242494466307;
    let wsjf = Some(Wsjf::new(v, 0.1, 1e-300, 3.0));
    let add = Command::AddItem(Box::new(NewItem { title: "Scored".into(), wsjf: wsjf.clone(), ..Default::default() }));
    s.apply(add, &mut ctx(Role::Po, 10)).unwrap();
    let bytes = fs::read(&path).unwrap();
    let disk = on_disk(&path);
    assert_eq!(disk.item_by_key("BL-5").unwrap().scoring.wsjf, wsjf);
    assert_eq!(&disk, s.workspace());
    assert_eq!(codec::encode(&disk), bytes);
}

#[test]
fn undo_after_a_renumbering_save_keeps_the_new_key() {
    let (_dir, path) = setup();
    let mut a = open(&path, Role::Po);
    let mut b = open(&path, Role::Po);
    a.apply_local(add_item("From A", None), &mut ctx(Role::Po, 10)).unwrap();
    let add = b.apply_local(add_item("From B", None), &mut ctx(Role::Po, 11)).unwrap();
    let mine = add.created.and_then(|r| r.id()).unwrap();
    let edit = b.apply_local(title(mine, "From B, renamed"), &mut ctx(Role::Po, 12)).unwrap();
    a.save().unwrap();
    assert_eq!(b.save().unwrap().report.renumbered, vec![("BL-5".to_string(), "BL-6".to_string())]);

    // Undo the rename: the snapshot still says BL-5, which is A's now.
    b.apply(Command::Restore(edit.before), &mut ctx(Role::Po, 13)).unwrap();
    let disk = on_disk(&path);
    assert_eq!(disk.item(mine).unwrap().key, "BL-6");
    assert_eq!(disk.item(mine).unwrap().title, "From B");
    assert_eq!(disk.item_by_key("BL-5").unwrap().title, "From A");
    // Redo, likewise.
    b.apply(Command::Restore(edit.after), &mut ctx(Role::Po, 14)).unwrap();
    assert_eq!(on_disk(&path).item(mine).unwrap().key, "BL-6");
    assert_eq!(on_disk(&path).item_by_key("BL-6").unwrap().title, "From B, renamed");
}

// ---------------------------------------------------------------------------
// The saver's path: changes made on another copy of the workspace

/// The TUI applies a command to its own copy and hands the change to the
/// saver's store, which may already hold a newer version of the entity
/// (another session's save, synced since the TUI last heard). The change is
/// merged into that version, not put over it.
#[test]
fn absorbing_a_change_made_on_an_older_copy_merges_it_with_the_newer_version() {
    let (_dir, path) = setup();
    let mut saver = open(&path, Role::Po);
    let mut tui = saver.workspace().clone();
    let x = item_id(&tui, "BL-3");
    // Another session renames BL-3; the saver syncs it, the TUI has not heard.
    open(&path, Role::Pm).apply(title(x, "Invite by link"), &mut ctx(Role::Pm, 10)).unwrap();
    assert!(saver.sync().unwrap().is_some());

    // The TUI re-estimates BL-3 on its older copy.
    let change = apply(&mut tui, estimate(x, 8), &mut ctx(Role::Po, 11)).unwrap();
    let report = saver.absorb(&change).expect("the store had a newer BL-3: merged");
    assert!(report.conflicts.is_empty());
    saver.save().unwrap();
    let it = on_disk(&path).item(x).unwrap().clone();
    assert_eq!((it.title.as_str(), it.estimate), ("Invite by link", Some(8)), "both edits kept");

    // And when the TUI changed the same field: a conflict, the TUI's value kept.
    let change = apply(&mut tui, title(x, "Invite a team"), &mut ctx(Role::Po, 12)).unwrap();
    let report = saver.absorb(&change).expect("merged");
    assert_eq!(report.conflicts.len(), 1);
    saver.save().unwrap();
    let disk = on_disk(&path);
    assert_eq!(disk.item(x).unwrap().title, "Invite a team");
    let c = disk.open_conflicts().next().unwrap();
    assert_eq!((c.field.as_str(), &c.theirs), ("title", &serde_json::Value::from("Invite by link")));
}

#[test]
fn absorbing_a_change_made_on_a_current_copy_is_no_merge() {
    let (_dir, path) = setup();
    let mut saver = open(&path, Role::Po);
    let mut tui = saver.workspace().clone();
    let x = item_id(&tui, "BL-3");
    let change = apply(&mut tui, estimate(x, 8), &mut ctx(Role::Po, 11)).unwrap();
    assert!(saver.absorb(&change).is_none());
    assert_eq!(saver.workspace(), &tui);
}

// ---------------------------------------------------------------------------
// Recovery files

#[test]
fn recovery_files_are_new_files_each_time_and_carry_their_base() {
    let (_dir, path) = setup();
    let mut a = open(&path, Role::Po);
    let x = item_id(a.workspace(), "BL-3");
    a.apply_local(title(x, "Kept in a file"), &mut ctx(Role::Po, 10)).unwrap();
    let first = a.write_recovery().unwrap();
    let second = a.write_recovery().unwrap();
    assert_ne!(first, second, "two in the same second get two names");
    assert_eq!(first.parent(), path.parent());
    for f in [&first, &second] {
        let rec = backlog::store::recovery::decode(f, &fs::read(f).unwrap()).unwrap();
        assert_eq!(rec.ws.item(x).unwrap().title, "Kept in a file");
        let base = rec.base.get(backlog::domain::EntityRef::Item(x)).expect("the item's base");
        let Some(backlog::domain::Entity::Item(b)) = base else { panic!("the item as it was") };
        assert_eq!(b.title, "Invite a teammate");
        assert_eq!(rec.workspace.as_deref(), Some(path.canonicalize().unwrap().as_path()));
    }
    assert_eq!(backlog::store::recovery::beside(&path), {
        let mut v = vec![first, second];
        v.sort();
        v
    });
}

#[test]
fn a_recovery_file_merges_back_three_way() {
    let (_dir, path) = setup();
    let mut lost = open(&path, Role::Po);
    let x = item_id(lost.workspace(), "BL-3");
    let y = item_id(lost.workspace(), "BL-4");
    lost.apply_local(title(x, "Title from the lost session"), &mut ctx(Role::Po, 10)).unwrap();
    lost.apply_local(title(y, "Lost session's BL-4"), &mut ctx(Role::Po, 11)).unwrap();
    lost.apply_local(add_item("Made in the lost session", None), &mut ctx(Role::Po, 12)).unwrap();
    let file = lost.write_recovery().unwrap();
    drop(lost);

    // Meanwhile: another field of BL-3, the same field of BL-4, a new item.
    let mut other = open(&path, Role::Pm);
    other.apply(estimate(x, 8), &mut ctx(Role::Pm, 20)).unwrap();
    other.apply(title(y, "Other session's BL-4"), &mut ctx(Role::Pm, 21)).unwrap();
    other.apply(add_item("Made meanwhile", None), &mut ctx(Role::Pm, 22)).unwrap();

    let saved = open(&path, Role::Po).merge_recovery(&file).unwrap();
    assert!(!file.exists(), "its changes are on disk: the file goes");
    let disk = on_disk(&path);
    let bl3 = disk.item(x).unwrap();
    assert_eq!((bl3.title.as_str(), bl3.estimate), ("Title from the lost session", Some(8)));
    assert_eq!(disk.item(y).unwrap().title, "Lost session's BL-4");
    let c: Vec<_> = disk.open_conflicts().collect();
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].label.as_str(), &c[0].theirs), ("BL-4", &Value::from("Other session's BL-4")));
    assert_eq!(saved.report.renumbered, vec![("BL-5".to_owned(), "BL-6".to_owned())]);
    let titles: Vec<&str> = disk.live_items().map(|i| i.title.as_str()).collect();
    assert!(titles.contains(&"Made in the lost session") && titles.contains(&"Made meanwhile"));
    // The lost session's history comes back with its changes.
    let whats: Vec<&str> = disk.history.records().iter().map(|r| r.what.as_str()).collect();
    for w in ["Updated BL-3 (title)", "Updated BL-4 (title)", "Updated BL-3 (points)", "Updated BL-4 (title)"] {
        assert!(whats.contains(&w), "{w} in {whats:?}");
    }
    assert_eq!(whats.iter().filter(|w| **w == "Updated BL-4 (title)").count(), 2, "both sessions' titles of BL-4");
}

/// The TUI adds at the bottom from its copy while the CLI adds at the
/// bottom of the file: both got the same rank key from the same last item.
#[test]
fn concurrent_adds_at_the_bottom_never_share_a_rank() {
    let (_dir, path) = setup();
    let mut tui = open(&path, Role::Po);
    tui.apply_local(add_item("From the TUI", None), &mut ctx(Role::Po, 10)).unwrap();
    open(&path, Role::Po).apply(add_item("From the CLI", None), &mut ctx(Role::Po, 11)).unwrap();
    let saved = tui.save().unwrap();
    assert!(saved.merged);
    let disk = on_disk(&path);
    let ranks: std::collections::HashSet<&str> = disk.live_items().map(|i| i.rank.as_str()).collect();
    assert_eq!(ranks.len(), disk.live_items().count(), "every live item has its own rank");
    let order: Vec<&str> = disk.ranked_item_positions().iter().map(|&p| disk.items[p].title.as_str()).collect();
    assert_eq!(&order[order.len() - 2..], ["From the TUI", "From the CLI"], "the later-created (the CLI's) follows");
}

#[test]
fn a_recovery_file_is_as_private_as_the_workspace() {
    let (_dir, path) = setup();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let mut s = open(&path, Role::Po);
    let x = item_id(s.workspace(), "BL-3");
    s.apply_local(title(x, "Kept"), &mut ctx(Role::Po, 10)).unwrap();
    let file = s.write_recovery().unwrap();
    assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o640);
}

// ---------------------------------------------------------------------------
// Batches

#[test]
fn a_batch_that_fails_midway_leaves_the_session_and_the_file_as_they_were() {
    use backlog::domain::command::{NewSprint, SettingsPatch};
    let (_dir, path) = setup();
    let before = fs::read(&path).unwrap();
    let mut s = open(&path, Role::Po);
    let held = codec::encode(s.workspace());
    let bl1 = item_id(s.workspace(), "BL-1");
    let next = format!("BL-{}", s.workspace().workspace.next_key);
    let mut c = ctx(Role::Po, 1_000);
    let r: Result<((), _, _), StoreError> = s.apply_batch(&mut c, |b| {
        for t in ["one", "two", "three"] {
            b.apply(add_item(t, Some(3))).unwrap();
        }
        b.apply(title(bl1, "Renamed in the batch")).unwrap();
        b.apply(Command::AddSprint(NewSprint { name: Some("S9".into()), ..Default::default() })).unwrap();
        let scale = Some(vec![1, 2, 3, 7]);
        b.apply(Command::EditSettings(Box::new(SettingsPatch { point_scale: scale, ..Default::default() }))).unwrap();
        b.apply(add_item("four", None)).unwrap();
        assert!(b.workspace().item_by_key("BL-1").unwrap().title.starts_with("Renamed"));
        Err(StoreError::NotFound { path: "stands for any failure".into() })
    });
    assert!(r.is_err());
    assert_eq!(codec::encode(s.workspace()), held, "every change of the batch is undone");
    assert_eq!(fs::read(&path).unwrap(), before, "nothing was written");
    assert!(!s.has_unsaved() && s.read_only().is_none());
    // The lookups were rebuilt: the keys the batch handed out are free
    // again, and the next command takes the next one as if nothing happened.
    assert!(s.workspace().item_by_key(&next).is_none());
    let (change, _) = s.apply(add_item("after", None), &mut c).unwrap();
    assert!(change.summary.contains(&next), "{}", change.summary);
    let mut fresh = open(&path, Role::Po);
    fresh.sync().unwrap();
    assert_eq!(fresh.workspace(), s.workspace());
}

#[test]
fn a_batch_saves_once_and_the_file_holds_it_whole() {
    let (_dir, path) = setup();
    let mut s = open(&path, Role::Po);
    let mut c = ctx(Role::Po, 1_000);
    let (n, changes, saved) = s
        .apply_batch(&mut c, |b| -> Result<usize, StoreError> {
            b.reserve_items(50);
            for i in 0..50 {
                b.apply(add_item(&format!("Batch item {i}"), Some(2))).unwrap();
            }
            Ok(b.workspace().items.len())
        })
        .unwrap();
    assert!(saved.wrote && !saved.merged);
    assert_eq!(changes.len(), 50);
    assert!(changes.iter().all(|c| c.after.is_empty() && !c.before.is_empty()), "pre-images only");
    assert!(!s.has_unsaved());
    assert_eq!(on_disk(&path), *s.workspace());
    assert_eq!(s.workspace().items.len(), n);
    // A batch that changes nothing writes nothing.
    let stamp = fs::metadata(&path).unwrap().modified().unwrap();
    let (_, changes, saved) = s.apply_batch(&mut c, |_| Ok::<_, StoreError>(())).unwrap();
    assert!(changes.is_empty() && !saved.wrote);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), stamp);
}
