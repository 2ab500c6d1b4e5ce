//! Importing Jira at a size a big team reaches: 200,000 rows in the
//! dataset shape, made by cycling the real issues in ../shared/data/jira
//! (generated text when they are not there), through the same library
//! calls `backlog import` makes: read, map, apply under the lock, save.
//!
//! ```text
//! cargo bench --bench import
//! ```
//!
//! Issue 22: a fresh import at most twice its floor, timed beside it:
//! parsing the CSV into records, encoding and writing the result.
//!
//! Targets (issue 12): a fresh import at most 2 s with peak memory at most
//! 3x the resulting workspace file; a re-import that changes nothing at
//! most 1 s. Issue 17: rows that all name one sprint cost what rows with
//! no sprint cost, so 40,000 of them take twice as long as 20,000, not
//! four times (each pull once counted the sprint's points over again). Peak memory is measured on the release binary in a child
//! process (its maximum resident set), printed before the timings; a
//! filter that matches no benchmark (`-- memory-only`) prints only that.

#[allow(dead_code)]
#[path = "../examples/generate.rs"]
mod generate;

mod common;

use backlog::domain::{Ctx, Role, Workspace};
use backlog::store::import::{self, ReadOptions};
use backlog::store::{Store, backup, codec, import::Options};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::path::{Path, PathBuf};
use std::time::Duration;

const ROWS: usize = 200_000;

/// The CSV, written once.
fn csv(dir: &Path) -> PathBuf {
    let mut rows: Vec<(String, String, String, String)> = Vec::new();
    for f in ["mesos.csv", "jirasoftware.csv"] {
        let p = common::jira_dir().join(f);
        let Ok(mut rdr) = csv::Reader::from_path(&p) else { continue };
        for r in rdr.records().map_while(Result::ok) {
            rows.push((r[0].to_owned(), r[1].to_owned(), r[2].to_owned(), r[3].to_owned()));
        }
    }
    if rows.is_empty() {
        eprintln!("the Jira issues are not in {}; importing generated text", common::jira_dir().display());
        rows = (0..2000)
            .map(|i| (format!("GEN-{i}"), format!("Generated issue {i}"), "d".repeat(1200), "3".into()))
            .collect();
    }
    let path = dir.join("jira-200k.csv");
    let mut w = csv::Writer::from_path(&path).expect("write the CSV");
    w.write_record(["issuekey", "title", "description", "storypoint"]).unwrap();
    for n in 0..ROWS {
        let (k, t, d, p) = &rows[n % rows.len()];
        let round = n / rows.len();
        let key = if round == 0 { k.clone() } else { format!("{k}-{round}") };
        w.write_record([key.as_str(), t, d, p]).unwrap();
    }
    w.flush().unwrap();
    eprintln!("{} rows, {} MB of CSV", ROWS, std::fs::metadata(&path).unwrap().len() / 1_000_000);
    path
}

/// `rows` Jira rows that all name one sprint (still open: every row is
/// to do), in the simple shape plus a `Sprint` column.
fn one_sprint_csv(dir: &Path, rows: usize) -> PathBuf {
    let path = dir.join(format!("jira-one-sprint-{rows}.csv"));
    let mut w = csv::Writer::from_path(&path).expect("write the CSV");
    w.write_record(["Issue key", "Summary", "Status", "Story Points", "Sprint"]).unwrap();
    for n in 1..=rows {
        w.write_record([
            format!("BIG-{n}").as_str(),
            &format!("Issue {n} of the big sprint"),
            "To Do",
            "3",
            "Sprint 1",
        ])
        .unwrap();
    }
    w.flush().unwrap();
    path
}

fn fresh(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    let mut ctx = Ctx::new(chrono::Utc::now(), Role::Po);
    let meta = ctx.meta(Role::Pm);
    Store::create(&path, Workspace::new("Import", "BL", meta), Role::Po).expect("create");
    path
}

/// What `backlog import FILE` does.
fn import(ws: &Path, csv: &Path) -> import::Report {
    let mut store = Store::open(ws, Role::Po).expect("open");
    let (format, mut parsed) = import::read(csv, &ReadOptions::default()).expect("read");
    let mut ctx = Ctx { confirmed: true, ..Ctx::new(chrono::Utc::now(), Role::Po) };
    let opts = Options::default();
    let (report, _, _) = store
        .apply_batch(&mut ctx, |b| {
            let report = import::run(b, &mut parsed, format, "jira-200k.csv", &opts, &mut |_| {});
            drop(parsed);
            report
        })
        .expect("import");
    report
}

/// The release binary's peak resident memory for one import, against the
/// size of the file it wrote.
fn peak_memory(dir: &Path, csv: &Path) {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_backlog"));
    let ws = fresh(dir, "peak.json");
    let status = std::process::Command::new(&bin)
        .arg("--workspace")
        .arg(&ws)
        .arg("import")
        .arg(csv)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run backlog");
    assert!(status.success());
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct it is given.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let peak = usage.ru_maxrss as f64 * 1024.0;
    let file = std::fs::metadata(&ws).unwrap().len() as f64;
    eprintln!(
        "peak memory of `backlog import` ({} rows): {:.0} MB for a {:.0} MB workspace file = {:.2}x (target <= 3x)",
        ROWS,
        peak / 1e6,
        file / 1e6,
        peak / file
    );
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = csv(dir.path());
    // First, while this process is small: a child's peak resident set as
    // Linux reports it starts from what the parent held when it forked.
    peak_memory(dir.path(), &csv);
    let mut g = c.benchmark_group("import");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(30));
    g.bench_function("jira 200k rows into an empty workspace", |b| {
        b.iter_batched(|| fresh(dir.path(), "fresh.json"), |ws| import(&ws, &csv), criterion::BatchSize::PerIteration)
    });
    let ws = fresh(dir.path(), "synced.json");
    let first = import(&ws, &csv);
    assert_eq!(first.created, ROWS);
    // The floor of an import: reading and parsing the same CSV into
    // records, and encoding and writing the workspace it makes (temp file,
    // fsync, rename over, as a save does), with no mapping and no merge.
    let imported = Store::open(&ws, Role::Po).expect("opens");
    let out = backlog::store::fsio::Paths::resolve(&dir.path().join("floor.json")).expect("resolves");
    g.bench_function("floor: parse the CSV, encode and write the result", |b| {
        b.iter(|| {
            let mut reader = csv::Reader::from_path(&csv).expect("reads the CSV");
            let mut record = csv::StringRecord::new();
            let mut rows = 0;
            while reader.read_record(&mut record).expect("a record") {
                rows += 1;
            }
            assert_eq!(rows, ROWS);
            let bytes = codec::encode(imported.workspace());
            backup::replace(&out, &bytes).expect("writes");
        })
    });
    g.bench_function("jira 200k rows again, nothing changed", |b| {
        b.iter(|| {
            let r = import(&ws, &csv);
            assert_eq!(r.unchanged, ROWS);
        })
    });
    g.finish();

    let mut g = c.benchmark_group("import into one sprint");
    g.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_millis(1));
    for rows in [20_000, 40_000] {
        let csv = one_sprint_csv(dir.path(), rows);
        g.bench_function(format!("jira {}k rows, all in one sprint", rows / 1000), |b| {
            b.iter_batched(
                || fresh(dir.path(), "sprint.json"),
                |ws| {
                    let r = import(&ws, &csv);
                    assert_eq!((r.created, r.sprints_created.len()), (rows, 1));
                },
                criterion::BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

criterion_group!(import_benches, benches);
criterion_main!(import_benches);
