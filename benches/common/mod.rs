//! What both benchmarks start from: generated workspaces of a given size
//! (the generator of `examples/generate.rs`, included by path) and the real
//! Jira issues imported the way `backlog import` does it. Each benchmark
//! uses only part of it.
#![allow(dead_code)]

pub mod edits;
pub mod session;

use crate::generate::{self, Corpus};
use backlog::domain::command::NewItem;
use backlog::domain::item::ExternalRef;
use backlog::domain::{Command, Ctx, IdGen, Role, Workspace, apply};
use backlog::store::{codec, import};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use std::path::PathBuf;
use std::time::Instant;

/// The `backlog` binary at `bin` (a benchmark's `CARGO_BIN_EXE_backlog`)
/// run as a user runs it, whole process, on the workspace `backlog.json`
/// in `dir` (a private HOME there too); panics unless it succeeds.
pub fn backlog(bin: &str, dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new(bin)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env_remove("BACKLOG_WORKSPACE")
        .arg("--workspace")
        .arg(dir.join("backlog.json"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("backlog runs");
    assert!(out.status.success(), "backlog {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// "Today" in generated workspaces (the generator's anchor date).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 18).expect("valid date")
}

/// A fixed clock for commands the benchmarks apply themselves.
pub fn clock() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 15, 0, 0).single().expect("valid time")
}

/// The Jira exports: `$BACKLOG_JIRA_DIR`, else `../shared/data/jira` beside
/// the repository.
pub fn jira_dir() -> PathBuf {
    std::env::var_os("BACKLOG_JIRA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/jira")))
}

/// A workspace of `n` live items, titles sampled from the Jira issues when
/// they are there (as `cargo run --example generate` does).
///
/// Generating 100k items takes half a minute or more, so the result is
/// kept in `target/bench-data/`, named by a hash of the generator's source:
/// change the generator and it is made again. A cached file that no longer
/// decodes is made again too.
pub fn generated(n: usize) -> Workspace {
    let path = cache_dir().join(format!("generated-{n}-{:016x}.json", generator_hash()));
    if let Ok(bytes) = std::fs::read(&path)
        && let Ok(decoded) = codec::decode(&path, &bytes)
    {
        return decoded.ws;
    }
    let started = Instant::now();
    let corpus = Corpus::load(&jira_dir()).unwrap_or_else(Corpus::synthetic);
    let ws = generate::generate(n, 1, &corpus);
    eprintln!("generated {n} items in {:.2?} (kept in {})", started.elapsed(), path.display());
    if std::fs::create_dir_all(cache_dir()).is_ok() {
        let tmp = path.with_extension("tmp");
        if std::fs::write(&tmp, codec::encode(&ws)).is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        }
    }
    ws
}

fn cache_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target")));
    target.join("bench-data")
}

/// A hash of everything that decides what the generator writes.
fn generator_hash() -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    for src in [
        include_str!("../../examples/generate.rs"),
        include_str!("../../examples/generate/items.rs"),
        include_str!("../../examples/generate/sprints.rs"),
        include_str!("../../examples/generate/strategy.rs"),
        include_str!("../../examples/generate/text.rs"),
    ] {
        src.hash(&mut h);
    }
    jira_dir().hash(&mut h);
    h.finish()
}

/// The real Jira issues (`mesos.csv` and `jirasoftware.csv`) imported into
/// one new workspace through `AddItem`, as `backlog import` does (each at
/// the bottom). `None` when the files are not there.
pub fn jira() -> Option<Workspace> {
    let dir = jira_dir();
    let files = [dir.join("mesos.csv"), dir.join("jirasoftware.csv")];
    if !files.iter().all(|f| f.exists()) {
        eprintln!("skipping the Jira workspace: {} has no mesos.csv and jirasoftware.csv", dir.display());
        return None;
    }
    let started = Instant::now();
    let mut ctx = Ctx { confirmed: true, ids: IdGen::sequential(), ..Ctx::new(clock(), Role::Po) };
    let vision = ctx.meta(Role::Pm);
    let mut ws = Workspace::new("Jira issues", "JIRA", vision);
    let scale = ws.settings.point_scale.clone();
    for f in &files {
        let (_, parsed) = import::read(f, &Default::default()).unwrap_or_else(|e| panic!("{e}"));
        for issue in parsed.records {
            let new = NewItem {
                title: issue.title.clone(),
                description: issue.description.clone(),
                estimate: issue.points.and_then(|p| import::plan::nearest_on_scale(p, &scale)),
                external: vec![ExternalRef::new("jira", issue.key.trim())],
                ..NewItem::default()
            };
            apply(&mut ws, Command::AddItem(Box::new(new)), &mut ctx)
                .unwrap_or_else(|e| panic!("importing {}: {e}", issue.key));
        }
    }
    eprintln!("imported {} Jira issues in {:.2?}", ws.items.len(), started.elapsed());
    Some(ws)
}
