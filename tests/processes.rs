//! The real binary, run as separate processes: killed mid-save, many
//! writers at once, a PM and a PO side by side, a same-field conflict
//! between two sessions, a file that does not parse, a full disk, and exit
//! codes.
//!
//! No sleeps and no timing assertions: children are waited on or polled.
//! Each test prints its wall time; see them with
//! `cargo test --test processes -- --nocapture`.

use backlog::domain::command::{ItemPatch, NewItem};
use backlog::domain::{Command as DomainCommand, Ctx, Role, Workspace};
use backlog::store::{Store, StoreError, codec};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Barrier, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_backlog");
const FILE: &str = "backlog.json";

/// One test at a time: each starts many processes on a shared machine, so
/// running them together only makes each slower and its wall time
/// meaningless.
static SERIAL: Mutex<()> = Mutex::new(());

/// Runs the binary against one workspace in a private temp dir, with HOME
/// and the XDG dirs pointing there, so no test touches the user's files.
#[derive(Clone)]
struct Runner {
    dir: PathBuf,
    ws: PathBuf,
}

impl Runner {
    fn cmd(&self) -> Command {
        let mut c = Command::new(BIN);
        c.current_dir(&self.dir)
            .env("HOME", &self.dir)
            .env("XDG_DATA_HOME", self.dir.join("data"))
            .env("XDG_CONFIG_HOME", self.dir.join("config"))
            .env("NO_COLOR", "1")
            .env_remove("BACKLOG_WORKSPACE")
            .env_remove("BACKLOG_ROLE")
            .arg("--workspace")
            .arg(&self.ws)
            .stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("the backlog binary runs")
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "backlog {args:?} failed ({}): {}", out.status, text(&out.stderr));
        text(&out.stdout)
    }

    fn bytes(&self) -> Vec<u8> {
        fs::read(&self.ws).expect("the workspace file exists")
    }

    fn decode(&self) -> Workspace {
        codec::decode(&self.ws, &self.bytes()).expect("the workspace file parses").ws
    }

    /// Names of temp files a save leaves while it writes.
    fn temps(&self) -> Vec<String> {
        let prefix = format!(".{FILE}.tmp.");
        let mut names: Vec<String> = fs::read_dir(&self.dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&prefix))
            .collect();
        names.sort();
        names
    }

    fn backups(&self) -> Vec<String> {
        let Ok(entries) = fs::read_dir(self.dir.join(format!(".{FILE}.backups"))) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    /// Identity of the file's current version: replacing it (even with
    /// the same bytes) changes the inode.
    fn identity(&self) -> (u64, Vec<u8>) {
        (fs::metadata(&self.ws).unwrap().ino(), self.bytes())
    }
}

/// A runner plus what a test holds for its whole run: the temp dir, the
/// serial lock, and the clock it reports on drop.
struct Sandbox {
    r: Runner,
    _dir: tempfile::TempDir,
    name: &'static str,
    start: Instant,
    _serial: MutexGuard<'static, ()>,
}

impl Sandbox {
    fn new(name: &'static str) -> Sandbox {
        let serial = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        Sandbox {
            r: Runner { ws: root.join(FILE), dir: root },
            _dir: dir,
            name,
            start: Instant::now(),
            _serial: serial,
        }
    }

    /// A sandbox with a fresh, empty workspace.
    fn init(name: &'static str) -> Sandbox {
        let sb = Sandbox::new(name);
        sb.r.ok(&["init", path_str(&sb.r.ws), "--name", name]);
        sb
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        eprintln!("[{}] wall time {:.2?}", self.name, self.start.elapsed());
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// splitmix64: a small seeded PRNG, so a failing run can be repeated with
/// the seed it prints.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn duration_below(&mut self, max: Duration) -> Duration {
        Duration::from_nanos(self.below(u64::try_from(max.as_nanos()).unwrap_or(u64::MAX).max(1)))
    }
}

/// The Jira export in the shared data folder, if this checkout has it.
fn mesos_csv() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/jira/mesos.csv");
    p.is_file().then_some(p)
}

/// Writes a workspace of `n` items through the library (when the Jira
/// export is not there to import).
fn create_with_library(path: &Path, n: usize) {
    let mut ctx = Ctx::new(chrono::Utc::now(), Role::Po);
    let meta = ctx.meta(Role::Pm);
    let mut ws = Workspace::new("Generated", "BL", meta);
    for i in 0..n {
        let new = NewItem {
            title: format!("Generated item {i}"),
            description: format!("Item {i}, long enough that the file takes a while to write. ").repeat(20),
            ..NewItem::default()
        };
        backlog::domain::apply(&mut ws, DomainCommand::AddItem(Box::new(new)), &mut ctx).unwrap();
    }
    Store::create(path, ws, Role::Po).unwrap();
}

/// A CSV in the `issuekey,title,description,storypoint` layout.
fn write_csv(path: &Path, rows: usize, description_len: usize) {
    let mut csv = String::from("issuekey,title,description,storypoint\n");
    for i in 0..rows {
        csv.push_str(&format!("GEN-{i},Generated issue {i},{},3\n", "d".repeat(description_len)));
    }
    fs::write(path, csv).unwrap();
}

/// Busy-waits (no sleep) until `d` passed or the child exited.
fn spin_for(child: &mut std::process::Child, d: Duration) {
    let t0 = Instant::now();
    while t0.elapsed() < d {
        if child.try_wait().unwrap().is_some() {
            return;
        }
        std::hint::spin_loop();
    }
}

/// Asserts `now` is `prev` with exactly one item titled `title` added
/// under the next key, and nothing else changed.
fn assert_one_item_added(prev: &[u8], now: &[u8], title: &str) {
    let p: Value = serde_json::from_slice(prev).unwrap();
    let mut n: Value = serde_json::from_slice(now).expect("the new version is whole JSON");
    let next = p["workspace"]["next_key"].as_u64().unwrap();
    assert_eq!(n["workspace"]["next_key"].as_u64(), Some(next + 1), "the key counter moved by one");
    n["workspace"]["next_key"] = Value::from(next);
    let items = n["items"].as_array_mut().unwrap();
    let hits: Vec<usize> = (0..items.len()).filter(|&i| items[i]["title"] == title).collect();
    assert_eq!(hits.len(), 1, "{title:?} is in the new version exactly once");
    let added = items.remove(hits[0]);
    assert_eq!(added["key"], format!("BL-{next}"));
    // And one record of it in the history, at its end.
    let was = p["history"].as_array().map_or(0, Vec::len);
    let history = n["history"].as_array_mut().expect("the new version has a history");
    assert_eq!(history.len(), was + 1, "one record added");
    let record = history.pop().unwrap();
    assert_eq!(record["edits"][0]["id"], added["id"], "the record is the new item's");
    if was == 0 {
        n.as_object_mut().unwrap().remove("history");
    }
    assert!(n == p, "apart from {title:?} and the key counter, the new version is the previous one");
}

// 1. -------------------------------------------------------------------------

#[test]
fn kill_9_during_saves_leaves_one_whole_version() {
    let sb = Sandbox::new("kill -9 during saves");
    let r = &sb.r;
    match mesos_csv() {
        Some(csv) => {
            r.ok(&["init", path_str(&r.ws), "--name", "Kill"]);
            r.ok(&["import", path_str(&csv)]);
        }
        None => create_with_library(&r.ws, 3000),
    }
    let base_items = r.decode().live_items().count();
    let size = r.bytes().len();

    // How long one whole `add` takes here, to spread the kills over it.
    let mut runs: Vec<Duration> = (0..3)
        .map(|i| {
            let t0 = Instant::now();
            r.ok(&["add", &format!("calibrate {i}")]);
            t0.elapsed()
        })
        .collect();
    runs.sort();
    let full = runs[1];
    eprintln!("[kill] workspace: {base_items} items, {size} bytes; one `add` takes {full:.1?}");

    let seed = std::env::var("BACKLOG_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5EED_1234_u64);
    eprintln!("[kill] seed {seed} (set BACKLOG_KILL_SEED to repeat another run)");
    let mut rng = Rng(seed);
    const KILLS: usize = 120;
    let (mut before_write, mut mid_write, mut after_rename, mut finished) = (0, 0, 0, 0);
    let mut added = 0;
    for n in 0..KILLS {
        let prev = r.bytes();
        let title = format!("kill {n}");
        let mut child = r.cmd().args(["add", &title]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
        let own_temp = format!(".{FILE}.tmp.{}.", child.id());
        let has_temp = || r.temps().iter().any(|t| t.starts_with(&own_temp));
        let running = |child: &mut std::process::Child| child.try_wait().unwrap().is_none();
        match rng.below(5) {
            0 => {}                                                                   // at once
            1 => spin_for(&mut child, rng.duration_below(Duration::from_millis(20))), // early
            2 => spin_for(&mut child, rng.duration_below(full + full / 5)),           // anywhere
            3 => {
                // Aim for the write itself: wait for this child's temp file.
                while running(&mut child) && !has_temp() {
                    std::hint::spin_loop();
                }
                let d = rng.duration_below(Duration::from_millis(3));
                spin_for(&mut child, d);
            }
            _ => {
                // Aim just past the rename: the temp file came and went.
                while running(&mut child) && !has_temp() {
                    std::hint::spin_loop();
                }
                while running(&mut child) && has_temp() {
                    std::hint::spin_loop();
                }
            }
        }
        let _ = child.kill(); // SIGKILL; fails only if it already exited
        let out = child.wait_with_output().unwrap();
        let killed = out.status.signal() == Some(libc::SIGKILL);
        assert!(killed || out.status.success(), "kill {n}: `add` failed on its own: {}", text(&out.stderr));

        let now = r.bytes();
        let temp_left = r.temps().iter().any(|t| t.starts_with(&own_temp));
        if now == prev {
            assert!(killed, "kill {n}: `add` exited 0 but the file did not change");
            if temp_left {
                mid_write += 1;
            } else {
                before_write += 1;
            }
        } else {
            assert_one_item_added(&prev, &now, &title);
            codec::decode(&r.ws, &now).unwrap_or_else(|e| panic!("kill {n}: the library cannot read it: {e}"));
            added += 1;
            if killed {
                after_rename += 1;
            } else {
                finished += 1;
            }
        }
    }
    eprintln!(
        "[kill] {KILLS} runs: killed before writing {before_write}, killed mid-write (temp left) {mid_write}, \
         killed after the rename {after_rename}, finished before the kill {finished}"
    );

    // A writer that died long ago left this one; the last kill may have
    // left another. The next ordinary run removes them.
    fs::write(r.dir.join(format!(".{FILE}.tmp.4194304.1")), b"{ half a fi").unwrap();
    let strays = r.temps();
    eprintln!("[kill] stray temp files before `list`: {}", strays.len());
    let listed: Value = serde_json::from_str(&r.ok(&["list", "--json"])).unwrap();
    assert!(r.temps().is_empty(), "`list` removes stray temp files: {:?}", r.temps());
    assert!(r.dir.join(format!(".{FILE}.lock")).is_file(), "the lock file stays");
    assert_eq!(listed.as_array().unwrap().len(), base_items + 3 + added);
    assert_eq!(r.decode().live_items().count(), base_items + 3 + added);
}

// 2. -------------------------------------------------------------------------

#[test]
fn eight_processes_adding_at_once_lose_nothing() {
    let sb = Sandbox::init("8 x 100 concurrent adds");
    const PROCS: usize = 8;
    const EACH: usize = 100;
    let barrier = Arc::new(Barrier::new(PROCS));
    let threads: Vec<_> = (0..PROCS)
        .map(|p| {
            let (r, barrier) = (sb.r.clone(), Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                (0..EACH)
                    .map(|i| {
                        let out = r.run(&["add", &format!("proc {p} item {i}")]);
                        assert!(out.status.success(), "proc {p} item {i}: {}", text(&out.stderr));
                        assert_eq!(text(&out.stderr), "", "no warnings (a renumbered key would be one)");
                        // "Added BL-12 proc 3 item 4": the key it printed.
                        let stdout = text(&out.stdout);
                        stdout.split_whitespace().nth(1).unwrap().to_owned()
                    })
                    .collect::<Vec<String>>()
            })
        })
        .collect();
    let printed: Vec<String> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();

    let expected: BTreeSet<String> = (1..=PROCS * EACH).map(|n| format!("BL-{n}")).collect();
    let printed_set: BTreeSet<String> = printed.iter().cloned().collect();
    assert_eq!(printed.len(), PROCS * EACH);
    assert_eq!(printed_set, expected, "the keys printed are BL-1..BL-800, each once");

    let ws = sb.r.decode();
    let keys: Vec<&str> = ws.live_items().map(|i| i.key.as_str()).collect();
    assert_eq!(keys.len(), PROCS * EACH, "exactly 800 items");
    assert_eq!(keys.iter().map(|k| k.to_string()).collect::<BTreeSet<_>>(), expected, "no gaps, no duplicates");
    let titles: BTreeSet<&str> = ws.live_items().map(|i| i.title.as_str()).collect();
    assert_eq!(titles.len(), PROCS * EACH, "every add is there once");
    assert_eq!(ws.workspace.next_key, (PROCS * EACH) as u64 + 1);
    let listed: Value = serde_json::from_str(&sb.r.ok(&["list", "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), PROCS * EACH);
}

// 3. -------------------------------------------------------------------------

#[test]
fn pm_roadmap_and_po_items_edited_at_once_both_land() {
    let sb = Sandbox::init("PM and PO at once");
    const N: usize = 6;
    let barrier = Arc::new(Barrier::new(2));
    let pm = {
        let (r, barrier) = (sb.r.clone(), Arc::clone(&barrier));
        std::thread::spawn(move || {
            barrier.wait();
            for k in 1..=N {
                let key = format!("R{k}");
                let out = r.ok(&["--role", "pm", "roadmap", "add", &format!("Initiative {k}"), "-H", "later"]);
                assert!(out.contains(&key), "PM created {key}: {out}");
                r.ok(&["--role", "pm", "roadmap", "edit", &key, "-t", &format!("Initiative {k}, shaped")]);
                r.ok(&["--role", "pm", "roadmap", "edit", &key, "--theme", &format!("theme {k}"), "-s", "planned"]);
                r.ok(&["--role", "pm", "roadmap", "move", &key, if k % 2 == 1 { "now" } else { "next" }]);
            }
        })
    };
    let po = {
        let (r, barrier) = (sb.r.clone(), Arc::clone(&barrier));
        std::thread::spawn(move || {
            barrier.wait();
            for k in 1..=N {
                let key = format!("BL-{k}");
                let out = r.ok(&["--role", "po", "add", &format!("Story {k}")]);
                assert!(out.contains(&key), "PO created {key}: {out}");
                r.ok(&["--role", "po", "edit", &key, "-t", &format!("Story {k}, refined")]);
                r.ok(&["--role", "po", "edit", &key, "--status", "ready", "--points", "3", "--label", "po"]);
            }
        })
    };
    pm.join().unwrap();
    po.join().unwrap();

    let ws = sb.r.decode();
    assert_eq!(ws.live_initiatives().count(), N);
    assert_eq!(ws.live_items().count(), N);
    for k in 1..=N {
        let x = ws.initiative_by_key(&format!("R{k}")).unwrap();
        assert_eq!(x.title, format!("Initiative {k}, shaped"));
        assert_eq!(x.theme, format!("theme {k}"));
        assert_eq!(x.status.to_string(), "planned");
        assert_eq!(x.horizon.to_string(), if k % 2 == 1 { "now" } else { "next" });
        assert_eq!((x.meta.owner, x.meta.updated_by), (Role::Pm, Role::Pm));
        let i = ws.item_by_key(&format!("BL-{k}")).unwrap();
        assert_eq!(i.title, format!("Story {k}, refined"));
        assert_eq!((i.status.to_string().as_str(), i.estimate), ("ready", Some(3)));
        assert_eq!(i.labels, ["po"]);
        assert_eq!((i.meta.owner, i.meta.updated_by), (Role::Po, Role::Po));
    }
    assert_eq!(ws.open_conflicts().count(), 0, "different entities never conflict");
}

// 4. -------------------------------------------------------------------------

/// Two sessions that both read the file before either saved change the
/// same title: one is a `Store` in this process, the other the binary
/// (which holds the lock for its whole read-apply-write). `edit_first`:
/// the session's unsaved edit is made before the binary runs, else after.
fn same_field_conflict(name: &'static str, edit_first: bool) {
    let sb = Sandbox::init(name);
    let r = &sb.r;
    r.ok(&["add", "Original title"]);
    let mut store = Store::open(&r.ws, Role::Po).unwrap();
    let id = store.workspace().item_by_key("BL-1").unwrap().meta.id;
    let mut ctx = Ctx::new(chrono::Utc::now(), Role::Po);
    let mut edit = |store: &mut Store| {
        let patch = ItemPatch { title: Some("Title from the session".into()), ..ItemPatch::default() };
        store.apply_local(DomainCommand::EditItem { id, patch: Box::new(patch) }, &mut ctx).unwrap();
    };
    if edit_first {
        edit(&mut store);
    }
    r.ok(&["edit", "BL-1", "--title", "Title from the command line"]);
    if !edit_first {
        edit(&mut store);
    }
    assert_eq!(r.decode().item_by_key("BL-1").unwrap().title, "Title from the command line");
    let saved = store.save().unwrap();
    assert!(saved.merged && saved.wrote);
    assert_eq!(saved.report.conflicts.len(), 1);

    assert_eq!(r.decode().item_by_key("BL-1").unwrap().title, "Title from the session", "the last saver's value stays");
    let conflicts: Value = serde_json::from_str(&r.ok(&["conflicts", "list", "--json"])).unwrap();
    let conflicts = conflicts.as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let c = &conflicts[0];
    assert_eq!((c["label"].as_str(), c["field"].as_str()), (Some("BL-1"), Some("title")));
    assert_eq!(c["base"], "Original title");
    assert_eq!(c["ours"], "Title from the session");
    assert_eq!(c["theirs"], "Title from the command line");
}

#[test]
fn same_field_conflict_unsaved_edit_then_other_process_saves() {
    same_field_conflict("conflict: edit, other saves, save", true);
}

#[test]
fn same_field_conflict_other_process_saves_then_unsaved_edit() {
    same_field_conflict("conflict: other saves, edit, save", false);
}

// 5. -------------------------------------------------------------------------

#[test]
fn a_file_that_does_not_parse_is_never_written() {
    let sb = Sandbox::init("unparseable file");
    let r = &sb.r;
    r.ok(&["add", "Story one"]);
    r.ok(&["--role", "pm", "roadmap", "add", "Initiative one"]);
    r.ok(&["--role", "pm", "goal", "add", "Goal one"]);
    r.ok(&["sprint", "new", "Sprint 1"]);
    let good = r.bytes();
    let good_text = text(&good);
    let csv = r.dir.join("import.csv");
    write_csv(&csv, 3, 10);

    let truncated = good[..good.len() / 2].to_vec();
    let stray_comma = {
        let at = good_text.find("\"next_initiative_key\"").unwrap();
        let eol = at + good_text[at..].find('\n').unwrap();
        format!("{},{}", &good_text[..eol], &good_text[eol..]).into_bytes()
    };
    let wrong_type = good_text.replacen("\"title\": \"Story one\"", "\"title\": 42", 1).into_bytes();
    assert_ne!(wrong_type, good);

    let csv = path_str(&csv);
    let commands: &[&[&str]] = &[
        &["list"],
        &["--json", "list"],
        &["show", "BL-1"],
        &["--json", "show", "BL-1"],
        &["add", "Another story"],
        &["edit", "BL-1", "--title", "Renamed"],
        &["edit", "BL-1", "--status", "ready", "--points", "3"],
        &["rm", "BL-1"],
        &["rank", "BL-1", "--top"],
        &["vision", "show"],
        &["--role", "pm", "vision", "set", "--statement", "A vision"],
        &["--role", "pm", "goal", "add", "Goal two"],
        &["goal", "list"],
        &["--role", "pm", "goal", "edit", "G1", "-t", "Renamed"],
        &["--role", "pm", "goal", "rm", "G1"],
        &["--role", "pm", "roadmap", "add", "Initiative two"],
        &["roadmap", "list"],
        &["--role", "pm", "roadmap", "edit", "R1", "-t", "Renamed"],
        &["--role", "pm", "roadmap", "move", "R1", "now"],
        &["--role", "pm", "roadmap", "rm", "R1"],
        &["sprint", "new", "Sprint 2"],
        &["sprint", "list"],
        &["sprint", "show"],
        &["sprint", "start"],
        &["sprint", "add", "BL-1"],
        &["sprint", "remove", "BL-1"],
        &["sprint", "close", "--goal-met", "yes"],
        &["sprint", "edit", "Sprint 1", "--goal", "Ship"],
        &["sprint", "rm", "Sprint 1"],
        &["settings", "show"],
        &["settings", "set", "--velocity-window", "4"],
        &["check"],
        &["conflicts", "list"],
        &["conflicts", "resolve", "abc", "--keep", "ours"],
        &["import", csv],
    ];

    for (what, broken) in [("truncated", &truncated), ("stray comma", &stray_comma), ("wrong type", &wrong_type)] {
        fs::write(&r.ws, broken).unwrap();
        let (line, column) = match codec::decode(&r.ws, broken) {
            Err(StoreError::Parse { line, column, .. }) => (line, column),
            other => panic!("{what}: expected a parse error, got {other:?}"),
        };
        let place = format!("{}:{line}:{column}", r.ws.display());
        let before = r.identity();
        let backups = r.backups();
        for args in commands {
            let out = r.cmd().env("RUST_BACKTRACE", "1").args(*args).output().unwrap();
            // With --json the refusal is JSON on stdout, with its code.
            let err = if args.contains(&"--json") {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                assert_eq!(v["error"]["code"], "parse_error", "{what}: {args:?}: {v}");
                v["error"]["message"].as_str().unwrap().to_owned()
            } else {
                text(&out.stderr)
            };
            assert_eq!(out.status.code(), Some(1), "{what}: backlog {args:?} exits 1: {err}");
            assert_eq!(err.lines().count(), 1, "{what}: backlog {args:?} prints one line: {err}");
            assert!(err.contains(&place), "{what}: backlog {args:?} names {place}: {err}");
            assert!(!err.contains("panicked") && !err.to_lowercase().contains("backtrace"), "{what}: {err}");
            assert!(r.identity() == before, "{what}: backlog {args:?} changed the file");
        }
        // `init` refuses to replace it.
        let out = r.run(&["init", path_str(&r.ws)]);
        assert_eq!(out.status.code(), Some(1), "{what}: init: {}", text(&out.stderr));
        assert!(r.identity() == before, "{what}: init changed the file");
        // The error message points at the backups: listing them works.
        let out = r.run(&["backups", "list"]);
        assert!(out.status.success(), "{what}: `backups list` works on a broken file: {}", text(&out.stderr));
        assert!(r.identity() == before, "{what}: `backups list` changed the file");
        assert_eq!(r.backups(), backups);
        assert!(r.temps().is_empty());
    }

    // Restoring a backup is how a broken file is repaired, and the broken
    // version is kept as a backup itself.
    let broken = r.bytes();
    r.ok(&["backups", "restore", "1"]);
    r.decode();
    let newest = r.backups().into_iter().max().unwrap();
    assert_eq!(fs::read(r.dir.join(format!(".{FILE}.backups")).join(newest)).unwrap(), broken);
    r.ok(&["list"]);
}

// 6. -------------------------------------------------------------------------

#[test]
fn a_full_disk_leaves_the_file_as_it_was() {
    let sb = Sandbox::init("full disk");
    let r = &sb.r;
    let csv = r.dir.join("big.csv");
    write_csv(&csv, 200, 1000);
    r.ok(&["import", path_str(&csv)]);
    const LIMIT: u64 = 64 * 1024;
    let size = r.bytes().len() as u64;
    assert!(size > 2 * LIMIT, "the workspace ({size} bytes) is larger than the limit");
    let before = r.identity();
    let backups = r.backups();

    let mut cmd = r.cmd();
    cmd.args(["add", "Does not fit"]);
    // SAFETY: between fork and exec, only async-signal-safe calls.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit { rlim_cur: LIMIT, rlim_max: LIMIT };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // Past the limit, write() fails with EFBIG instead of the
            // process being killed.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("could not save") && err.contains("not changed"), "{err}");
    assert!(err.contains(path_str(&r.ws)), "{err}");
    assert!(r.identity() == before, "the file is untouched");
    assert!(r.temps().is_empty(), "no temp file left behind: {:?}", r.temps());
    assert_eq!(r.backups(), backups, "no backup of a save that did not happen");

    // Nothing is left stuck: with room again, the same add works.
    r.ok(&["add", "Fits now"]);
    assert!(r.decode().live_items().any(|i| i.title == "Fits now"));
}

// 7. -------------------------------------------------------------------------

#[test]
fn exit_codes_say_usage_error_or_error_or_ok() {
    let sb = Sandbox::init("exit codes");
    let r = &sb.r;
    r.ok(&["add", "A story"]);
    let before = r.identity();

    let usage: &[&[&str]] = &[
        &["edit"],
        &["--bogus", "list"],
        &["list", "--bogus"],
        &["add"],
        &["rank", "BL-1"],
        &["--role", "boss", "list"],
        &["roadmap", "move", "R1"],
        &["no-such-command"],
    ];
    for args in usage {
        let out = r.run(args);
        assert_eq!(out.status.code(), Some(2), "backlog {args:?}: {}", text(&out.stderr));
        assert!(!out.stderr.is_empty());
        assert!(r.identity() == before);
    }

    let errors: &[&[&str]] = &[
        &["edit", "BL-1", "--title", ""],
        &["add", "   "],
        &["edit", "BL-999", "--title", "x"],
        &["show", "BL-999"],
        &["rm", "BL-999"],
        &["edit", "BL-1"],
        &["edit", "BL-1", "--status", "sideways"],
    ];
    for args in errors {
        let out = r.run(args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "backlog {args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "backlog {args:?}: {err}");
        assert!(err.starts_with("backlog: "), "{err}");
        assert!(out.stdout.is_empty());
        assert!(r.identity() == before, "backlog {args:?} changed the file");
    }

    for args in [&["add", "Another story"][..], &["list"], &["show", "BL-1"], &["edit", "BL-1", "--status", "ready"]] {
        let out = r.run(args);
        assert_eq!(out.status.code(), Some(0), "backlog {args:?}: {}", text(&out.stderr));
    }
}

/// Output piped into `head` closes early: commands that print a lot must
/// stop quietly, not panic on the broken pipe (`completions` did).
#[test]
fn a_closed_pipe_is_not_a_crash() {
    use std::io::Read;
    use std::process::Stdio;
    let sb = Sandbox::init("closed pipe");
    let r = &sb.r;
    for n in 0..40 {
        r.ok(&["add", &format!("Story {n} with a title long enough to fill the pipe quickly")]);
    }
    for args in [&["completions", "bash"][..], &["list"], &["list", "--json"], &["--help"]] {
        let mut child = r.cmd().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        // Read one byte, then close the pipe, as `head -c1` would.
        let mut out = child.stdout.take().unwrap();
        let mut one = [0u8; 1];
        out.read_exact(&mut one).unwrap();
        drop(out);
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert!(!err.contains("panicked"), "backlog {args:?} panicked on a closed pipe: {err}");
        assert_ne!(status.code(), Some(101), "backlog {args:?}: {err}");
    }
}
