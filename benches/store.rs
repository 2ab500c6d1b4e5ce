//! The workspace file at real sizes: load, save and merge at 10k and 100k
//! items and on the real Jira issues.
//!
//! ```text
//! cargo bench --bench store            # everything (a few minutes)
//! cargo bench --bench store -- load/   # one group
//! ```
//!
//! Beside each load are two floors: `serde_json::Value` (what "load should
//! cost little more than" means: a plain parse of the same bytes) and
//! `IgnoredAny` (the tokenizer alone, nothing built).

#[allow(dead_code)]
#[path = "../examples/generate.rs"]
mod generate;

mod common;

use backlog::domain::command::{ItemPatch, NewItem, Place};
use backlog::domain::{Change, Command, Ctx, IdGen, Position, Role, Workspace, apply};
use backlog::store::{Pending, Store, backup, codec, fsio, merge};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// One workspace to measure: in memory, as bytes, and as a file.
struct Case {
    name: &'static str,
    ws: Workspace,
    bytes: Vec<u8>,
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Case {
    fn new(name: &'static str, ws: Workspace) -> Case {
        let bytes = codec::encode(&ws);
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("backlog.json");
        std::fs::write(&path, &bytes).expect("write the workspace");
        eprintln!("{name}: {} live items, {:.1} MB", ws.live_items().count(), bytes.len() as f64 / 1e6);
        Case { name, ws, bytes, _dir: dir, path }
    }
}

fn cases() -> Vec<Case> {
    let mut out = vec![Case::new("10k", common::generated(10_000)), Case::new("100k", common::generated(100_000))];
    if let Some(ws) = common::jira() {
        out.push(Case::new("jira", ws));
    }
    out
}

/// Few samples for the big cases: a 100k load takes a good part of a second.
fn group<'a>(c: &'a mut Criterion, what: &str, case: &Case) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(format!("{what}/{}", case.name));
    g.sample_size(10).warm_up_time(Duration::from_secs(1));
    if case.bytes.len() > 20_000_000 {
        g.sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(8));
    } else {
        g.measurement_time(Duration::from_secs(3));
    }
    g
}

fn benches(c: &mut Criterion) {
    let cases = cases();
    for case in &cases {
        load(c, case);
        save(c, case);
        merge(c, case);
        merge_driver(c, case);
    }
    if let Some(big) = cases.iter().find(|c| c.name == "100k") {
        save_history(c, &big.ws);
    }
}

fn load(c: &mut Criterion, case: &Case) {
    let mut g = group(c, "load", case);
    g.throughput(Throughput::Bytes(case.bytes.len() as u64));
    let bytes = &case.bytes;
    g.bench_function("serde_ignored_any", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(bytes)).expect("parses"))
    });
    g.bench_function("serde_value", |b| {
        b.iter_with_large_drop(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).expect("parses"))
    });
    g.bench_function("codec_decode", |b| {
        b.iter_with_large_drop(|| codec::decode(&case.path, black_box(bytes)).expect("decodes"))
    });
    g.bench_function("store_open", |b| b.iter_with_large_drop(|| Store::open(&case.path, Role::Po).expect("opens")));
    g.finish();
}

/// A live item no sprint holds, so editing it logs nothing in a sprint.
fn quiet_item(ws: &Workspace, nth: usize) -> Uuid {
    ws.live_items().filter(|i| i.sprint.is_none()).nth(nth).or_else(|| ws.live_items().next()).expect("an item").meta.id
}

fn retitle(id: Uuid, title: String) -> Command {
    Command::EditItem { id, patch: Box::new(ItemPatch { title: Some(title), ..ItemPatch::default() }) }
}

fn save(c: &mut Criterion, case: &Case) {
    let mut g = group(c, "save", case);
    g.throughput(Throughput::Bytes(case.bytes.len() as u64));
    g.bench_function("codec_encode", |b| b.iter(|| codec::encode(black_box(&case.ws))));

    // The whole save after one small edit: encode, write a temp file, fsync,
    // hard-link a backup, rename, fsync the directory.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("backlog.json");
    std::fs::write(&path, &case.bytes).expect("write");
    let mut store = Store::open(&path, Role::Po).expect("opens");
    let mut ctx = Ctx { confirmed: true, ids: IdGen::random(), ..Ctx::new(common::clock(), Role::Po) };
    let id = quiet_item(&case.ws, 0);
    let mut n = 0u64;
    g.bench_function("store_save_after_edit", |b| {
        b.iter(|| {
            n += 1;
            store.apply_local(retitle(id, format!("Edited {}", n % 2)), &mut ctx).expect("edit");
            store.save().expect("saves")
        })
    });
    g.finish();
}

/// What history costs a save at 100k items: the save after a one-item
/// edit with no history, with the generator's, and with 100k single-field
/// edits more, written whole (the CLI's) and around the edit (the TUI's,
/// after its first); beside each, the floor: the same bytes, already made,
/// written the way a save writes them (temp file, fsync, backup link,
/// rename, directory fsync). The save minus its floor is encoding.
fn save_history(c: &mut Criterion, generated: &Workspace) {
    let mut g = c.benchmark_group("save/100k_history");
    g.sample_size(10).warm_up_time(Duration::from_secs(1));
    g.sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(8));
    for name in ["none", "generated", "plus_100k_edits"] {
        let mut ws = generated.clone();
        match name {
            "none" => ws.history = Default::default(),
            "plus_100k_edits" => {
                common::edits::single_field(&mut ws, 100_000);
            }
            _ => {}
        }
        let bytes = codec::encode(&ws);
        eprintln!("save/100k_history/{name}: {} records, {:.1} MB", ws.history.len(), bytes.len() as f64 / 1e6);
        // After every record, so the bench's own go at the end.
        let now = ws.history.last().map_or_else(common::clock, |r| r.at) + chrono::Duration::minutes(1);
        let id = quiet_item(&ws, 0);
        drop(ws);

        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("backlog.json");
        std::fs::write(&path, &bytes).expect("write");
        let mut store = Store::open(&path, Role::Po).expect("opens");
        let mut ctx = Ctx { confirmed: true, ids: IdGen::random(), ..Ctx::new(now, Role::Po) };
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        let mut n = 0u64;
        g.bench_function(format!("{name}/store_save_after_edit"), |b| {
            b.iter(|| {
                n += 1;
                store.apply_local(retitle(id, format!("Edited {}", n % 2)), &mut ctx).expect("edit");
                store.save().expect("saves")
            })
        });
        drop(store);
        // The TUI's saves: after the first (whole, which finds where
        // everything lies), each writes the edit around the rest of the
        // file. Each edit's record comes a millisecond after the last.
        let mut store = Store::open(&path, Role::Po).expect("opens");
        store.keep_layout();
        let mut at = now + chrono::Duration::minutes(1);
        g.bench_function(format!("{name}/store_save_around_edit"), |b| {
            b.iter(|| {
                n += 1;
                at += chrono::Duration::milliseconds(1);
                ctx.set_now(at);
                store.apply_local(retitle(id, format!("Edited {}", n % 2)), &mut ctx).expect("edit");
                store.save().expect("saves")
            })
        });
        drop(store);
        let paths = fsio::Paths::resolve(&path).expect("resolves");
        g.bench_function(format!("{name}/write_floor"), |b| {
            b.iter(|| backup::replace(&paths, black_box(&bytes)).expect("writes"))
        });
    }
    g.finish();
}

/// Two sessions from the same file: ours edits a few items and adds two;
/// the other edits a hundred others, three of ours (the same field:
/// conflicts) and adds two of its own (taking the keys ours used).
struct Sessions {
    ours: Workspace,
    pending: Pending,
    theirs: Workspace,
}

fn sessions(base: &Workspace) -> Sessions {
    let ids: Vec<Uuid> = base.live_items().filter(|i| i.sprint.is_none()).map(|i| i.meta.id).collect();
    let pick = |k: usize| ids[(k * 7919) % ids.len()];
    let add = |ws: &Workspace, title: &str| {
        let last = ws.ranked_item_positions().last().map(|&p| ws.items[p].meta.id);
        Command::AddItem(Box::new(NewItem {
            title: title.into(),
            position: Position::Between(Place { after: last, before: None }),
            ..NewItem::default()
        }))
    };

    let mut ours = base.clone();
    let mut pending = Pending::default();
    let mut ctx = Ctx { confirmed: true, ids: IdGen::random(), ..Ctx::new(common::clock(), Role::Po) };
    for k in 0..10 {
        let change = run(&mut ours, &mut ctx, retitle(pick(k), format!("Ours {k}")));
        pending.record(&change);
    }
    for t in ["Our new story", "Another of ours"] {
        let cmd = add(&ours, t);
        pending.record(&run(&mut ours, &mut ctx, cmd));
    }

    let mut theirs = base.clone();
    let mut ctx = Ctx { now: common::clock() + chrono::Duration::minutes(1), ..ctx };
    for k in 0..3 {
        run(&mut theirs, &mut ctx, retitle(pick(k), format!("Theirs {k}")));
    }
    for k in 100..200 {
        let patch = ItemPatch { labels: Some(vec![format!("theirs-{k}")]), ..ItemPatch::default() };
        run(&mut theirs, &mut ctx, Command::EditItem { id: pick(k), patch: Box::new(patch) });
    }
    for t in ["Their new story", "Another of theirs"] {
        let cmd = add(&theirs, t);
        run(&mut theirs, &mut ctx, cmd);
    }
    Sessions { ours, pending, theirs }
}

fn run(ws: &mut Workspace, ctx: &mut Ctx, cmd: Command) -> Change {
    apply(ws, cmd, ctx).expect("applies")
}

fn merge(c: &mut Criterion, case: &Case) {
    let s = sessions(&case.ws);
    let mut g = group(c, "merge", case);
    // merge::merge consumes the file's workspace: copy it outside the timing.
    g.bench_function("merge_merge", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let theirs = s.theirs.clone();
                let start = Instant::now();
                let out = merge::merge(
                    theirs,
                    &s.ours,
                    &s.pending,
                    merge::Opts {
                        now: common::clock(),
                        role: Role::Po,
                        by: String::new(),
                        prefer: merge::Prefer::Ours,
                        names: merge::Names::session(),
                    },
                );
                total += start.elapsed();
                assert_eq!(out.1.renumbered.len(), 2, "both of our new keys were taken");
                drop(black_box(out));
            }
            total
        })
    });

    // The real path: a save that finds the file changed by someone else
    // reads it, decodes it, merges one edit into it and writes the result.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("backlog.json");
    let theirs_bytes = codec::encode(&s.theirs);
    std::fs::write(&path, &case.bytes).expect("write");
    let mut store = Store::open(&path, Role::Po).expect("opens");
    let mut ctx = Ctx { confirmed: true, ids: IdGen::random(), ..Ctx::new(common::clock(), Role::Po) };
    let id = quiet_item(&case.ws, 1);
    let mut n = 0u64;
    g.bench_function("store_save_merging", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                overwrite(&path, &theirs_bytes);
                store.apply_local(retitle(id, format!("Merged {}", n % 2)), &mut ctx).expect("edit");
                let start = Instant::now();
                let saved = store.save().expect("saves");
                total += start.elapsed();
                assert!(saved.merged && saved.wrote);
            }
            total
        })
    });
    g.finish();
}

/// Two branches of the same file, a hundred changes each (edits of many
/// items, new items on both sides with the same keys, moves, three edits
/// of the same fields), merged by git's merge driver: the whole process,
/// against what loading the three files costs.
fn merge_driver(c: &mut Criterion, case: &Case) {
    let branch = |start: i64, tag: &str, offset: usize| {
        let ids: Vec<Uuid> = case.ws.live_items().filter(|i| i.sprint.is_none()).map(|i| i.meta.id).collect();
        let pick = |k: usize| ids[(k * 7919 + offset) % ids.len()];
        let mut ws = case.ws.clone();
        let mut ctx = Ctx {
            confirmed: true,
            ids: IdGen::random(),
            ..Ctx::new(common::clock() + chrono::Duration::minutes(start), Role::Po)
        };
        for (k, id) in ids.iter().take(3).enumerate() {
            run(&mut ws, &mut ctx, retitle(*id, format!("{tag} {k}")));
        }
        for k in 0..70 {
            let patch = ItemPatch { labels: Some(vec![format!("{tag}-{k}")]), ..ItemPatch::default() };
            run(&mut ws, &mut ctx, Command::EditItem { id: pick(k), patch: Box::new(patch) });
        }
        for k in 0..17 {
            let add = NewItem { title: format!("{tag} story {k}"), ..NewItem::default() };
            run(&mut ws, &mut ctx, Command::AddItem(Box::new(add)));
        }
        for k in 0..10 {
            run(&mut ws, &mut ctx, Command::RankItem { id: pick(500 + k), to: Position::Top });
        }
        codec::encode(&ws)
    };
    let (ours, theirs) = (branch(1, "ours", 0), branch(2, "theirs", 3));
    let dir = tempfile::tempdir().expect("temp dir");
    let (o, a, b) = (dir.path().join("o.json"), dir.path().join("a.json"), dir.path().join("b.json"));
    std::fs::write(&o, &case.bytes).expect("write");
    std::fs::write(&b, &theirs).expect("write");

    let mut g = group(c, "merge_driver", case);
    g.bench_function("decode_three_files", |bench| {
        bench.iter_with_large_drop(|| {
            [&case.bytes, &ours, &theirs].map(|bytes| codec::decode(&o, black_box(bytes)).expect("decodes"))
        })
    });
    g.bench_function("driver_process", |bench| {
        bench.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                std::fs::write(&a, &ours).expect("write");
                let start = Instant::now();
                let out = std::process::Command::new(env!("CARGO_BIN_EXE_backlog"))
                    .args(["merge-driver"])
                    .args([&o, &a, &b])
                    .arg("backlog.json")
                    .output()
                    .expect("the driver runs");
                total += start.elapsed();
                // Three fields changed on both sides: conflicts for a person.
                assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
            }
            total
        })
    });
    g.finish();
}

/// Another writer's save (a rename, as this tool does it).
fn overwrite(path: &Path, bytes: &[u8]) {
    let tmp = path.with_extension("other");
    std::fs::write(&tmp, bytes).expect("write");
    std::fs::rename(&tmp, path).expect("rename");
}

criterion_group!(store, benches);
criterion_main!(store);
