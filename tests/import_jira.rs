//! `backlog import` on Jira CSV as a user runs it: the real binary on
//! files the tests write in Jira's own shapes (the "export all fields" CSV
//! with repeated headers, a BOM, CRLF and Jira's dates), bad files, and the
//! real issues in ../shared/data/jira.

mod common;

use backlog::domain::{Item, ItemKind, Status, Workspace};
use common::pty::Env;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A Jira Cloud "export all fields" CSV: a BOM, CRLF line ends, repeated
/// `Labels`, `Sprint` and `Comment` columns, link columns, both story point
/// fields, the parent as an issue id, and a row with no summary.
pub fn jira_all_fields() -> Vec<u8> {
    let rows = [
        "Summary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Created,Updated,Resolved,Fix Version/s,Component/s,Labels,Labels,Labels,Description,Outward issue link (Blocks),Inward issue link (Blocks),Sprint,Sprint,Custom field (Epic Link),Custom field (Rank),Custom field (Story Points),Custom field (Story point estimate),Parent,Comment,Comment",
        "Checkout revamp,PAY-1,10001,Epic,In Progress,Medium,,01/Sep/21 9:00 AM,08/Sep/21 2:02 PM,,,,,,,Epic body,,,,,,0|i0001:,,,,,",
        "Pay with a saved card,PAY-2,10002,Story,Done,High,Jane Doe,08/Sep/21 2:02 PM,10/Sep/21 11:30 AM,10/Sep/21 11:30 AM,1.2,Web,frontend,ux,,\"Line one\r\nline two, with \"\"quotes\"\"\",PAY-3,,PAY Sprint 1,PAY Sprint 2,PAY-1,0|i0002:,4,,,08/Sep/21 3:00 PM;jdoe;Looks good,09/Sep/21 10:00 AM;asmith;Shipped",
        "Refund to the card,PAY-3,10003,Story,Selected for Development,Low,,09/Sep/21 10:00 AM,09/Sep/21 10:00 AM,,,,backend,,,,,PAY-2,PAY Sprint 2,,PAY-1,0|i0003:,,21,,,",
        "Write refund emails,PAY-4,10004,Sub-task,In Review,,,09/Sep/21 10:05 AM,,,,,,,,,,,,,,0|i0004:,,,10003,,",
        "Investigate chargebacks,PAY-5,10005,Improvement,Won't Do,,,09/Sep/21 10:10 AM,,,,,,,,,,,,,,0|i0005:,,,,,",
        ",PAY-6,10006,Story,To Do,,,,,,,,,,,,,,,,,0|i0006:,,,,,",
    ];
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(rows.join("\r\n").as_bytes());
    out.extend(b"\r\n");
    out
}

pub fn write(env: &Env, name: &str, bytes: &[u8]) -> PathBuf {
    let p = env.dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

pub fn by_ext<'a>(ws: &'a Workspace, key: &str) -> &'a Item {
    ws.items.iter().find(|i| i.external.iter().any(|x| x.key == key)).unwrap_or_else(|| panic!("{key} imported"))
}

/// Runs the binary expecting failure; returns stderr.
fn fails(env: &Env, args: &[&str]) -> String {
    let out = env.command().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?} should fail: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn an_all_fields_export_maps_type_status_labels_sprints_epics_points_and_dates() {
    let env = Env::empty();
    let csv = write(&env, "jira.csv", &jira_all_fields());
    let out = env.cli(&["--json", "import", s(&csv)]);
    let report: Value = serde_json::from_str::<Value>(&out).unwrap()["result"].clone();
    assert_eq!(report["format"], "jira");
    assert_eq!(report["created"], 5);
    assert_eq!(report["skipped"][0]["why"], "no title", "{report}");
    assert_eq!(report["skipped"][0]["line"], 7);
    assert_eq!(report["scale_added"], serde_json::json!([4, 21]));
    assert_eq!(report["sprints_created"], serde_json::json!(["PAY Sprint 1", "PAY Sprint 2"]));
    assert_eq!(report["kept_as"]["comments"], 2);
    assert_eq!(report["kept_as"]["assignee"], 1);
    assert_eq!(report["kept_as"]["blocks / blocked by links"], 2);

    let ws = env.read();
    let (epic, saved, refund, sub, odd) =
        (by_ext(&ws, "PAY-1"), by_ext(&ws, "PAY-2"), by_ext(&ws, "PAY-3"), by_ext(&ws, "PAY-4"), by_ext(&ws, "PAY-5"));
    assert_eq!((epic.kind, epic.status), (ItemKind::Epic, Status::InProgress));
    assert_eq!((saved.kind, saved.status, saved.estimate), (ItemKind::Story, Status::Done, Some(4)));
    assert_eq!((refund.status, refund.estimate), (Status::Ready, Some(21)), "the Cloud estimate field counts");
    assert_eq!((sub.kind, sub.status), (ItemKind::Task, Status::Review));
    assert_eq!((odd.kind, odd.status), (ItemKind::Task, Status::Dropped));
    assert!(odd.labels.contains(&"type:Improvement".to_owned()), "{:?}", odd.labels);
    let release = saved.release.and_then(|r| ws.release(r)).expect("the fix version is a release");
    assert_eq!((release.name.as_str(), release.target), ("1.2", None));
    assert!(!saved.labels.iter().any(|l| l.starts_with("fixversion:")), "not a label: {:?}", saved.labels);
    assert_eq!(report["releases_created"], serde_json::json!(["1.2"]));
    for l in ["frontend", "ux", "priority:High", "component:Web"] {
        assert!(saved.labels.contains(&l.to_owned()), "{l} in {:?}", saved.labels);
    }
    assert_eq!(saved.assignee.as_deref(), Some("Jane Doe"));
    // PAY-2 blocks PAY-3, said on both rows: one link.
    assert_eq!(saved.blocks, [refund.meta.id]);
    assert!(refund.blocks.is_empty());
    assert_eq!(saved.parent, Some(epic.meta.id), "Epic Link");
    assert_eq!(refund.parent, Some(epic.meta.id));
    assert_eq!(sub.parent, Some(epic.meta.id), "a sub-task goes under its story's epic");
    assert!(sub.labels.contains(&"parent:PAY-3".to_owned()), "and keeps its story's key: {:?}", sub.labels);
    assert_eq!(saved.created_at_rfc3339(), "2021-09-08T14:02:00+00:00");
    assert!(saved.description.starts_with("Line one\nline two, with \"quotes\""), "{:?}", saved.description);
    let comments: Vec<(String, String, String)> =
        saved.comments.iter().map(|c| (c.at.to_rfc3339(), c.author.clone(), c.text.clone())).collect();
    assert_eq!(
        comments,
        [
            ("2021-09-08T15:00:00+00:00".to_owned(), "jdoe".to_owned(), "Looks good".to_owned()),
            ("2021-09-09T10:00:00+00:00".to_owned(), "asmith".to_owned(), "Shipped".to_owned()),
        ],
        "comments keep their author and time"
    );
    assert!(!saved.description.contains("Shipped"), "not folded into the description");
    // Sprint 1 is over; Sprint 2 holds an open item, so it stays open.
    let sprint = |n: &str| ws.sprints.iter().find(|s| s.name == n).unwrap();
    assert_eq!(sprint("PAY Sprint 1").state.to_string(), "closed");
    assert_eq!(sprint("PAY Sprint 2").state.to_string(), "planned");
    assert_eq!(refund.sprint, Some(sprint("PAY Sprint 2").meta.id));
    assert_eq!(saved.sprint, Some(sprint("PAY Sprint 2").meta.id), "the item is in its last sprint");
    assert!(ws.settings.point_scale.contains(&4) && ws.settings.point_scale.contains(&21));
    // Jira's rank gives the order.
    let mut ranked: Vec<&Item> = ws.live_items().collect();
    ranked.sort_by(|a, b| a.rank.cmp(&b.rank));
    let keys: Vec<&str> = ranked.iter().map(|i| i.external[0].key.as_str()).collect();
    assert_eq!(keys, ["PAY-1", "PAY-2", "PAY-3", "PAY-4", "PAY-5"]);
    // Found by its Jira key.
    assert!(env.cli(&["show", "PAY-3"]).contains("Refund to the card"));
}

/// Jira issues whose rank order is not their key order, in sprints Jira
/// Server describes whole (state and dates in the cell), and in one it
/// names only.
const PAY: &str = "Issue key,Summary,Issue Type,Status,Custom field (Rank),Parent,Issue id,Story Points,Sprint,Resolved\n\
PAY-2,Second,Story,Done,0|a3:,10003,10002,3,\"com.atlassian.greenhopper.service.sprint.Sprint@1[id=1,rapidViewId=1,state=CLOSED,name=Sprint 1,startDate=2021-09-01T09:00:00.000Z,endDate=2021-09-14T17:00:00.000Z,completeDate=2021-09-14T18:00:00.000Z,sequence=1]\",05/Sep/21 10:00 AM\n\
PAY-3,Third,Story,To Do,0|a1:,,10003,5,,\n\
PAY-1,First,Story,In Progress,0|a2:,10003,10001,2,\"com.atlassian.greenhopper.service.sprint.Sprint@2[id=2,rapidViewId=1,state=ACTIVE,name=Sprint 2,startDate=2021-09-15T09:00:00.000Z,endDate=2021-09-28T17:00:00.000Z,completeDate=<null>,sequence=2]\",\n\
PAY-7,Seventh,Story,Done,0|a4:,,10007,8,Old sprint,\n";

/// Issue 17: with the same prefix, each issue keeps its Jira key here, so a
/// `parent:PAY-3` label names the same issue in both; the key counter
/// passes the highest. Where a key is taken, the item gets the next one
/// and the report says which, and what labels name.
#[test]
fn jira_keys_are_kept_where_the_prefix_matches_and_they_are_free() {
    let env = Env::empty_with_prefix("PAY");
    let csv = write(&env, "pay.csv", PAY.as_bytes());
    let out = env.cli(&["import", s(&csv)]);
    assert!(out.contains("Keys: every new item keeps its key from the file (4)"), "{out}");
    let ws = env.read();
    for i in ws.live_items() {
        assert_eq!(i.key, i.external[0].key, "{}", i.title);
    }
    let ranked: Vec<&str> = {
        let mut v: Vec<&Item> = ws.live_items().collect();
        v.sort_by(|a, b| a.rank.cmp(&b.rank));
        v.into_iter().map(|i| i.key.as_str()).collect()
    };
    assert_eq!(ranked, ["PAY-3", "PAY-1", "PAY-2", "PAY-7"], "Jira's rank still gives the order");
    assert!(ws.item_by_key("PAY-2").unwrap().labels.contains(&"parent:PAY-3".to_owned()));
    assert_eq!(ws.item_by_key("PAY-3").unwrap().title, "Third", "the label names the right item");
    assert_eq!(ws.workspace.next_key, 8);
    assert!(env.cli(&["add", "Made here"]).contains("PAY-8"));

    // PAY-1 and PAY-2 are taken here already.
    let env = Env::empty_with_prefix("PAY");
    env.cli(&["add", "Ours"]);
    env.cli(&["add", "Ours too"]);
    let csv = write(&env, "pay.csv", PAY.as_bytes());
    let dry = env.cli(&["import", s(&csv), "--dry-run"]);
    for want in [
        "Keys: 2 new items keep their key from the file",
        "Keys already used here, so to be given the next free one (2): PAY-1 -> PAY-8, PAY-2 -> PAY-9",
        "Labels that name other issues (parent:KEY, relates-to:KEY, …) name jira keys, not keys here",
    ] {
        assert!(dry.contains(want), "{want:?} in:\n{dry}");
    }
    let report = serde_json::from_str::<Value>(&env.cli(&["--json", "import", s(&csv)])).unwrap()["result"].clone();
    assert_eq!(report["keys_kept"], 2);
    assert_eq!(
        report["keys_taken"],
        serde_json::json!([{"from": "PAY-1", "to": "PAY-8"}, {"from": "PAY-2", "to": "PAY-9"}])
    );
    let ws = env.read();
    assert_eq!((by_ext(&ws, "PAY-2").key.as_str(), by_ext(&ws, "PAY-3").key.as_str()), ("PAY-9", "PAY-3"));
    assert_eq!(ws.item_by_key("PAY-1").unwrap().title, "Ours");
    assert!(env.cli(&["show", "jira:PAY-1"]).contains("First"), "the Jira key still finds it");

    // Another project's issue ranked first takes no key a later row keeps,
    // and the rank order stays the file's.
    let env = Env::empty_with_prefix("PAY");
    let csv =
        write(&env, "mixed.csv", b"Issue key,Summary,Custom field (Rank)\nOPS-1,Theirs,0|a1:\nPAY-1,Ours,0|a2:\n");
    let out = env.cli(&["import", s(&csv)]);
    assert!(
        out.contains("Keys: 1 new items keep their key") && out.contains("1 new items get keys of this workspace"),
        "{out}"
    );
    let ws = env.read();
    assert_eq!((by_ext(&ws, "PAY-1").key.as_str(), by_ext(&ws, "OPS-1").key.as_str()), ("PAY-1", "PAY-2"));
    let first = ws.live_items().min_by(|a, b| a.rank.cmp(&b.rank)).unwrap();
    assert_eq!(first.title, "Theirs");
}

/// Issue 17: a sprint gets the dates the source gives (Jira Server's
/// sprint cells carry them): it ran then, its review counts what was done
/// by its close, and velocity history stays in the past. A sprint the
/// source only names keeps its dates unknown: the report says so, and it
/// is left out of velocity and the charts.
#[test]
fn jira_sprints_keep_their_dates_and_one_with_none_stays_out_of_velocity() {
    let env = Env::empty_with_prefix("PAY");
    let csv = write(&env, "pay.csv", PAY.as_bytes());
    let out = env.cli(&["import", s(&csv)]);
    assert!(
        out.contains("Sprints over with no dates in the file (1): Old sprint; closed with their dates unknown, left out of velocity and the charts"),
        "{out}"
    );
    let ws = env.read();
    let sprint = |n: &str| ws.sprint_by_name(n).unwrap();
    let one = sprint("Sprint 1");
    assert_eq!(
        (one.state.to_string(), one.start.to_string(), one.end.to_string()),
        ("closed".into(), "2021-09-01".into(), "2021-09-14".into())
    );
    assert_eq!(one.started_at.unwrap().to_rfc3339(), "2021-09-01T09:00:00+00:00");
    let r = one.review.as_ref().unwrap();
    assert_eq!((r.closed_at.to_rfc3339().as_str(), r.committed, r.completed), ("2021-09-14T18:00:00+00:00", 3, 3));
    let days = one.burndown(chrono::Utc::now().date_naive());
    assert_eq!(days.first().map(|d| d.date.to_string()), Some("2021-09-01".into()));
    assert_eq!(
        days.iter().find(|d| d.done == 3).map(|d| d.date.to_string()),
        Some("2021-09-05".into()),
        "done when Jira resolved it"
    );
    let two = sprint("Sprint 2");
    assert_eq!(
        (two.state.to_string(), two.started_at.unwrap().to_rfc3339()),
        ("active".into(), "2021-09-15T09:00:00+00:00".into())
    );
    assert_eq!(two.committed(), 2);
    let old = sprint("Old sprint");
    assert_eq!((old.state.to_string(), old.started_at, old.review.is_none()), ("closed".into(), None, true));
    // Velocity is Sprint 1's alone, and nothing closed after today.
    assert_eq!(backlog::domain::sprint::velocity(ws.live_sprints(), 3), Some(3.0));
    assert!(ws.sprints.iter().filter_map(|s| s.review.as_ref()).all(|r| r.closed_at <= chrono::Utc::now()));
    let list = env.cli(&["sprint", "list"]);
    assert!(list.lines().any(|l| l.starts_with("Old sprint") && l.contains("dates unknown")), "{list}");
    let out = env.command().args(["sprint", "burndown", "Old sprint"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("when it started is not known"));
}

trait Created {
    fn created_at_rfc3339(&self) -> String;
}
impl Created for Item {
    fn created_at_rfc3339(&self) -> String {
        self.meta.created_at.to_rfc3339()
    }
}

#[test]
fn a_dry_run_writes_nothing_and_shows_the_mapping() {
    let env = Env::empty();
    let before = std::fs::read(&env.ws).unwrap();
    let csv = write(&env, "jira.csv", &jira_all_fields());
    let out = env.cli(&["import", s(&csv), "--dry-run"]);
    assert_eq!(std::fs::read(&env.ws).unwrap(), before, "a dry run writes nothing");
    for want in [
        "jira format, 6 rows",
        "Labels (x3) -> labels",
        "Sprint (x2) -> sprint",
        "Custom field (Story point estimate) -> estimate",
        "5 would be created",
        "By kind: 1 epic, 2 story, 2 task",
        "Epics would be created (1): PAY-1",
        "Estimates off the point scale: 4 (x1), 21 (x1)",
        "line 7 PAY-6: no title",
    ] {
        assert!(out.contains(want), "{want:?} in:\n{out}");
    }
}

#[test]
fn points_off_the_scale_are_kept_or_snapped_and_listed() {
    let env = Env::empty();
    let csv = write(
        &env,
        "d.csv",
        b"issuekey,title,description,storypoint\nX-1,Four,,4\nX-2,Twenty-one,,21\nX-3,Half,,0.5\nX-4,Five,,5\n",
    );
    let out = env.cli(&["import", s(&csv), "--snap"]);
    assert!(out.contains("X-1: 4 -> 5 (--snap)") && out.contains("X-2: 21 -> 20 (--snap)"), "{out}");
    assert!(out.contains("X-3: 0.5 -> 1 (--snap)"), "{out}");
    let ws = env.read();
    assert_eq!(by_ext(&ws, "X-1").estimate, Some(5));
    assert_eq!(by_ext(&ws, "X-4").estimate, Some(5));
    assert!(!ws.settings.point_scale.contains(&4), "--snap leaves the scale alone");

    let env = Env::empty();
    let csv = write(
        &env,
        "d.csv",
        b"issuekey,title,description,storypoint\nX-1,Four,,4\nX-2,Twenty-one,,21\nX-3,Half,,0.5\n",
    );
    let out = env.cli(&["import", s(&csv)]);
    assert!(out.contains("Point scale: 4, 21 added"), "{out}");
    assert!(out.contains("X-3: 0.5 -> 1 (points are whole numbers here; rounded up)"), "{out}");
    let ws = env.read();
    assert_eq!((by_ext(&ws, "X-1").estimate, by_ext(&ws, "X-2").estimate), (Some(4), Some(21)));
}

#[test]
fn points_that_are_not_a_number_of_points_are_reported_with_their_rows_and_left_unset() {
    let env = Env::empty();
    let csv = write(
        &env,
        "p.csv",
        b"issuekey,title,description,storypoint\nX-1,Minus,,-3\nX-2,Not a number,,NaN\nX-3,Letters,,abc\nX-4,Endless,,inf\nX-5,Fine,,5\nX-6,Blank,,\n",
    );
    let listed = ["line 2 X-1: \"-3\"", "line 3 X-2: \"NaN\"", "line 4 X-3: \"abc\"", "line 5 X-4: \"inf\""];
    let dry = env.cli(&["import", s(&csv), "--dry-run"]);
    assert!(dry.contains("Story points not read, left unset (4)"), "{dry}");
    for want in listed {
        assert!(dry.contains(want), "{want} in:\n{dry}");
    }
    let out = env.cli(&["import", s(&csv)]);
    for want in listed {
        assert!(out.contains(want), "{want} in:\n{out}");
    }
    assert!(!out.contains("X-6"), "an empty cell is no estimate, not a bad one: {out}");
    let ws = env.read();
    for k in ["X-1", "X-2", "X-3", "X-4", "X-6"] {
        assert_eq!(by_ext(&ws, k).estimate, None, "{k}");
    }
    assert_eq!(by_ext(&ws, "X-5").estimate, Some(5));
    let env = Env::empty();
    let csv = write(&env, "p.csv", b"Issue key,Summary,Story Points\nY-1,Minus,-3\n");
    let report = serde_json::from_str::<Value>(&env.cli(&["--json", "import", s(&csv)])).unwrap()["result"].clone();
    assert_eq!(report["points_unread"], serde_json::json!([{"line": 2, "key": "Y-1", "value": "-3"}]));
}

#[test]
fn statuses_map_through_the_table_and_status_map_and_unknown_ones_are_refused() {
    let env = Env::empty();
    let csv =
        write(&env, "s.csv", b"Issue key,Summary,Status\nS-1,One,Awaiting Deploy\nS-2,Two,QA\nS-3,Three,Backlog\n");
    let before = std::fs::read(&env.ws).unwrap();
    let err = fails(&env, &["import", s(&csv)]);
    assert!(err.contains("\"Awaiting Deploy\" (1 rows)") && err.contains("--status-map"), "{err}");
    assert_eq!(std::fs::read(&env.ws).unwrap(), before);
    env.cli(&["import", s(&csv), "--status-map", "awaiting deploy=review"]);
    let ws = env.read();
    assert_eq!(by_ext(&ws, "S-1").status, Status::Review);
    assert_eq!(by_ext(&ws, "S-2").status, Status::Review);
    assert_eq!(by_ext(&ws, "S-3").status, Status::New);

    // The team's own map wins over the built-in table (where QA is review),
    // in the dry run's mapping and in the import alike.
    let env = Env::empty();
    let map = ["--status-map", "QA=in_progress, awaiting deploy=review"];
    let dry = env.cli(&[&["import", s(&csv), "--dry-run"][..], &map].concat());
    assert!(dry.contains("in_progress"), "{dry}");
    env.cli(&[&["import", s(&csv)][..], &map].concat());
    let ws = env.read();
    assert_eq!(by_ext(&ws, "S-2").status, Status::InProgress, "QA=in_progress, as the map says");
    assert_eq!(by_ext(&ws, "S-3").status, Status::New, "what the map leaves alone follows the table");
}

#[test]
fn bad_files_fail_with_file_line_and_fix_and_change_nothing() {
    let env = Env::empty();
    env.cli(&["add", "Already here"]);
    let before = std::fs::read(&env.ws).unwrap();
    let cases: &[(&str, &[u8], &[&str])] = &[
        (
            "open-quote.csv",
            b"issuekey,title,description,storypoint\nA-1,One,fine,1\nA-2,Two,\"never closed,2\nA-3,Three,x,3\n",
            &["open-quote.csv, line 3", "never closed", "close the quote"],
        ),
        (
            "ragged.csv",
            b"issuekey,title,description,storypoint\nA-1,One,fine,1\nA-2,Two,\"x\" and more,2,extra\n",
            &["ragged.csv, line 3", "5 fields where the header has 4"],
        ),
        ("empty.csv", b"", &["empty.csv: the file is empty"]),
        ("blank.csv", b"\r\n  \n", &["the file is empty"]),
        ("cp1252.csv", b"issuekey,title\nA-1,Caf\xe9\n", &["line 2", "--encoding windows-1252"]),
        ("wrong.json", b"{\"issues\": 3}", &["wrong.json", "expected a JSON list of issues"]),
        ("wrong-entry.json", b"[{\"title\": \"no number\"}]", &["entry 1 has no \"number\""]),
        ("notjira.csv", b"name,age\nx,1\n", &["no title column", "name, age"]),
    ];
    for (name, bytes, wants) in cases {
        let f = write(&env, name, bytes);
        let err = fails(&env, &["import", s(&f)]);
        for w in *wants {
            assert!(err.contains(w), "{name}: {w:?} in {err}");
        }
        assert_eq!(std::fs::read(&env.ws).unwrap(), before, "{name}: the workspace is byte-identical");
    }
}

#[test]
fn separators_and_encodings_are_read() {
    let env = Env::empty();
    let semi = write(&env, "semi.csv", "Issue key;Summary;Story Points\nE-1;Semicolon, with a comma;3\n".as_bytes());
    let tab = write(&env, "tab.csv", b"Issue key\tSummary\nE-2\tTabbed\n");
    let pipe = write(&env, "pipe.csv", b"Issue key|Summary\nE-3|Piped\n");
    let cp = write(&env, "cp.csv", b"Issue key,Summary\nE-4,Caf\xe9 cr\xe8me\n");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("Issue key,Summary\r\nE-5,Ünïcode from Excel\r\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let u16f = write(&env, "u16.csv", &utf16);
    let u16_no_bom: Vec<u8> = "Issue key,Summary\r\nE-6,No BOM\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let u16nb = write(&env, "u16nb.csv", &u16_no_bom);
    env.cli(&["import", s(&semi)]);
    env.cli(&["import", s(&tab)]);
    env.cli(&["import", s(&pipe), "--delimiter", "|"]);
    env.cli(&["import", s(&cp), "--encoding", "windows-1252"]);
    env.cli(&["import", s(&u16f)]);
    let err = fails(&env, &["import", s(&u16nb)]);
    assert!(err.contains("--encoding utf-16"), "{err}");
    env.cli(&["import", s(&u16nb), "--encoding", "utf-16le"]);
    let ws = env.read();
    assert_eq!(by_ext(&ws, "E-1").title, "Semicolon, with a comma");
    assert_eq!(by_ext(&ws, "E-1").estimate, Some(3));
    assert_eq!(by_ext(&ws, "E-2").title, "Tabbed");
    assert_eq!(by_ext(&ws, "E-3").title, "Piped");
    assert_eq!(by_ext(&ws, "E-4").title, "Café crème");
    assert_eq!(by_ext(&ws, "E-5").title, "Ünïcode from Excel");
    assert_eq!(by_ext(&ws, "E-6").title, "No BOM");
}

/// ../shared/data/jira beside the repository, when it is there.
pub fn real_jira(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/jira").join(name);
    if p.is_file() {
        Some(p)
    } else {
        eprintln!("skipping: {} is not there (the CI clone sits beside shared/)", p.display());
        None
    }
}

#[test]
fn the_real_mesos_issues_arrive_with_their_points_and_keys() {
    let Some(csv) = real_jira("mesos.csv") else { return };
    let env = Env::empty();
    let out = env.cli(&["--json", "import", s(&csv)]);
    let report: Value = serde_json::from_str::<Value>(&out).unwrap()["result"].clone();
    assert_eq!(report["rows"], 1680);
    assert_eq!(report["created"], 1680);
    assert_eq!(report["scale_added"], serde_json::json!([4, 6, 10]), "no estimate is rounded silently");
    let ws = env.read();
    assert_eq!(ws.live_items().count(), 1680);
    let with_4 = ws.live_items().filter(|i| i.estimate == Some(4)).count();
    assert_eq!(with_4, 10);
    assert!(ws.live_items().all(|i| !i.title.chars().any(backlog::domain::text::is_forbidden)));
    let shown = env.cli(&["show", "MESOS-313"]);
    assert!(shown.contains("Report executor terminations to framework schedulers."), "{shown}");
    assert!(shown.contains("jira:MESOS-313"), "{shown}");
    // Importing it again changes nothing.
    let bytes = std::fs::read(&env.ws).unwrap();
    let out = env.cli(&["import", s(&csv)]);
    assert!(out.contains("0 created, 0 updated, 1680 unchanged"), "{out}");
    assert_eq!(std::fs::read(&env.ws).unwrap(), bytes, "a no-op re-import writes nothing");
}

/// Jira's Fix Version is a release: the first of several is the item's
/// release (the others stay labels), a release of that name here is
/// reused, and a re-import that moves the issue to another version moves
/// the item, unless it was moved here too.
#[test]
fn fix_versions_become_releases_and_a_reimport_follows_them() {
    let env = Env::empty();
    env.cli(&["release", "new", "2.0", "--target", "2030-06-30"]);
    let head = "Summary,Issue key,Issue Type,Status,Fix Version/s,Fix Version/s";
    let first = format!("{head}\nA,ABC-1,Story,To Do,2.0,2.1\nB,ABC-2,Story,To Do,2.1,\nC,ABC-3,Story,To Do,,\n");
    let csv = write(&env, "jira.csv", first.as_bytes());
    let out = env.cli(&["--json", "import", s(&csv)]);
    let report: Value = serde_json::from_str::<Value>(&out).unwrap()["result"].clone();
    assert_eq!(report["releases_created"], serde_json::json!(["2.1"]), "2.0 was here already: {report}");
    let ws = env.read();
    let name = |key: &str| by_ext(&ws, key).release.and_then(|r| ws.release(r)).map(|r| r.name.clone());
    assert_eq!((name("ABC-1"), name("ABC-2"), name("ABC-3")), (Some("2.0".into()), Some("2.1".into()), None));
    assert!(by_ext(&ws, "ABC-1").labels.contains(&"fixversion:2.1".to_owned()));
    assert_eq!(ws.live_releases().count(), 2);
    assert_eq!(ws.release_by_name("2.0").unwrap().target, Some("2030-06-30".parse().unwrap()), "kept as it was");

    // The source moves ABC-2 to 2.0 and ABC-3 into 2.1; here ABC-3 was
    // put in 2.0 meanwhile: both sides moved it, so it is a conflict.
    let b3 = by_ext(&ws, "ABC-3").key.clone();
    env.cli(&["edit", &b3, "--release", "2.0"]);
    let second = format!("{head}\nA,ABC-1,Story,To Do,2.0,2.1\nB,ABC-2,Story,To Do,2.0,\nC,ABC-3,Story,To Do,2.1,\n");
    std::fs::write(&csv, second).unwrap();
    let out = env.cli(&["--json", "import", s(&csv)]);
    let report: Value = serde_json::from_str::<Value>(&out).unwrap()["result"].clone();
    assert_eq!((report["updated"].as_u64(), report["conflicts"].as_u64()), (Some(1), Some(1)), "{report}");
    let ws = env.read();
    let name = |key: &str| by_ext(&ws, key).release.and_then(|r| ws.release(r)).map(|r| r.name.clone());
    assert_eq!(name("ABC-2"), Some("2.0".into()), "the source's move comes in");
    assert_eq!(name("ABC-3"), Some("2.0".into()), "ours is kept, theirs recorded");
    assert!(ws.conflicts.iter().any(|c| c.field == "release"), "{:?}", ws.conflicts);
}
