//! A workspace whose past is archived: 100k generated items of which 90k
//! are settled (done, long untouched, in no open family) and moved out by
//! `backlog archive`, beside a generated workspace of 10k. Issue 22 asks
//! that the first open, save and edit at the speed of the second. Printed
//! first: what the archive itself took and the two files' sizes.
//!
//! ```text
//! cargo bench --bench archive
//! ```

#[allow(dead_code)]
#[path = "../examples/generate.rs"]
mod generate;

mod common;

use backlog::domain::command::ItemPatch;
use backlog::domain::{Command, Ctx, Role, Workspace};
use backlog::store::{Store, codec};
use chrono::NaiveDate;
use common::session::Session;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};
use uuid::Uuid;

const BIN: &str = env!("CARGO_BIN_EXE_backlog");

/// The day before which the settled past closed.
fn cutoff() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 1, 1).expect("a date")
}

/// 100k generated items, the oldest 90k of them made settled: done, last
/// touched in 2020, in no sprint, release or initiative, and cut loose from
/// the families and blocks that would keep them (the rules of
/// `domain::archive`).
fn settled_past() -> Workspace {
    let mut ws = common::generated(100_000);
    let mut ids: Vec<Uuid> = ws.items.iter().map(|i| i.meta.id).collect();
    ids.sort_unstable();
    let old: HashSet<Uuid> = ids[..90_000].iter().copied().collect();
    let long_ago = cutoff().and_hms_opt(0, 0, 0).expect("midnight").and_utc() - chrono::Duration::days(200);
    for i in &mut ws.items {
        if old.contains(&i.meta.id) {
            if !i.status.is_closed() {
                i.status = backlog::domain::Status::Done;
            }
            i.meta.updated_at = long_ago;
            (i.sprint, i.release, i.initiative, i.parent) = (None, None, None, None);
            i.blocks.clear();
        } else {
            i.parent = i.parent.filter(|p| !old.contains(p));
            i.blocks.retain(|b| !old.contains(b));
        }
    }
    ws.reindex();
    ws
}

fn mb(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1e6)
}

fn benches(c: &mut Criterion) {
    // The archived workspace, made by the store's own `archive`.
    let archived = tempfile::tempdir().expect("a temp dir");
    let file = archived.path().join("backlog.json");
    {
        let ws = settled_past();
        let mut store = Store::create(&file, ws, Role::Po).expect("written");
        let started = Instant::now();
        let moving = store.archive(cutoff(), &Ctx::new(chrono::Utc::now(), Role::Po), false).expect("archives");
        println!(
            "archive: {} items and {} sprints moved in {:.2?}; backlog.json {:.1} MB, backlog.archive.json {:.1} MB",
            moving.items.len(),
            moving.sprints.len(),
            started.elapsed(),
            mb(&file),
            mb(&archived.path().join("backlog.archive.json"))
        );
        std::mem::forget(store);
    }
    // A plain 10k workspace, the speed to match.
    let plain = tempfile::tempdir().expect("a temp dir");
    std::fs::write(plain.path().join("backlog.json"), codec::encode(&common::generated(10_000))).expect("written");
    println!("plain: backlog.json {:.1} MB", mb(&plain.path().join("backlog.json")));

    for (label, dir) in [("10k_of_100k_archived", archived.path()), ("10k", plain.path())] {
        let path = dir.join("backlog.json");
        let key = {
            let store = Store::open(&path, Role::Po).expect("opens");
            store.workspace().live_items().next().expect("an item").key.clone()
        };
        let mut g = c.benchmark_group(format!("archived/{label}"));
        g.sample_size(10).sampling_mode(SamplingMode::Flat).warm_up_time(Duration::from_secs(1));
        g.measurement_time(Duration::from_secs(4));
        g.bench_function("tui_open", |b| b.iter(|| Session::open(&path)));
        let mut store = Store::open(&path, Role::Po).expect("opens");
        let id = store.workspace().item_by_key(&key).expect("the item").meta.id;
        let mut ctx = Ctx::new(chrono::Utc::now(), Role::Po);
        let mut k = 0u32;
        g.bench_function("save_an_edit", |b| {
            b.iter(|| {
                k += 1;
                let patch = ItemPatch { title: Some(format!("Saved in the bench {}", k % 2)), ..Default::default() };
                store.apply_local(Command::EditItem { id, patch: Box::new(patch) }, &mut ctx).expect("edits");
                store.save().expect("saves");
            })
        });
        g.bench_function("cli_show", |b| b.iter(|| common::backlog(BIN, dir, &["show", &key])));
        g.bench_function("cli_edit", |b| {
            b.iter(|| {
                k += 1;
                common::backlog(BIN, dir, &["edit", &key, "--title", &format!("Edited in the bench {}", k % 2)]);
            })
        });
        g.finish();
    }
}

criterion_group!(archive_benches, benches);
criterion_main!(archive_benches);
