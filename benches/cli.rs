//! The CLI as a user runs it, whole process: `backlog show KEY` and
//! `backlog edit KEY --title …` (start, read and parse the file, answer
//! or save it, exit) at 10k and 100k items, beside the floors measured in
//! the same run: for `show`, the file's bytes read; for `edit`, the same
//! bytes read, written to a new file and renamed over the old one, with
//! no parsing, once as they are and once made durable first (fsync), as a
//! save does. Issue 22 asks at most 300 ms at 100k.
//!
//! ```text
//! cargo bench --bench cli
//! ```

#[allow(dead_code)]
#[path = "../examples/generate.rs"]
mod generate;

mod common;

use backlog::store::codec;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_backlog");

fn benches(c: &mut Criterion) {
    for (label, n) in [("10k", 10_000), ("100k", 100_000)] {
        let ws = common::generated(n);
        let key = ws.live_items().next().expect("an item").key.clone();
        let bytes = codec::encode(&ws);
        drop(ws);
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("backlog.json");
        std::fs::write(&path, &bytes).expect("written");
        println!("{label}: {:.1} MB", bytes.len() as f64 / 1e6);
        let mut g = c.benchmark_group(format!("cli/{label}"));
        g.sample_size(10).sampling_mode(SamplingMode::Flat).warm_up_time(Duration::from_secs(1));
        g.measurement_time(Duration::from_secs(if n > 50_000 { 12 } else { 4 }));
        g.bench_function("show", |b| b.iter(|| common::backlog(BIN, dir.path(), &["show", &key])));
        let mut k = 0u32;
        g.bench_function("edit_title", |b| {
            b.iter(|| {
                k += 1;
                common::backlog(BIN, dir.path(), &["edit", &key, "--title", &format!("Edited in the bench {}", k % 2)]);
            })
        });
        // `show`'s floor: the bytes read.
        g.bench_function("read_floor", |b| b.iter(|| std::fs::read(&path).expect("read")));
        // `edit`'s floor: the bytes read, and written whole to a new file that
        // replaces the old (no parsing, no fsync: less than a save does).
        let tmp = dir.path().join("floor.json");
        g.bench_function("read_write_floor", |b| {
            b.iter(|| {
                let bytes = std::fs::read(&path).expect("read");
                std::fs::write(&tmp, &bytes).expect("write");
                std::fs::rename(&tmp, dir.path().join("copy.json")).expect("rename");
            })
        });
        // The same with the bytes made durable before the rename, as every
        // save of ours does (fsync): the floor of a write that survives a
        // crash.
        g.bench_function("read_write_sync_floor", |b| {
            b.iter(|| {
                use std::io::Write;
                let bytes = std::fs::read(&path).expect("read");
                let mut f = std::fs::File::create(&tmp).expect("create");
                f.write_all(&bytes).expect("write");
                f.sync_all().expect("fsync");
                std::fs::rename(&tmp, dir.path().join("copy.json")).expect("rename");
            })
        });
        g.finish();
    }
}

criterion_group!(cli_benches, benches);
criterion_main!(cli_benches);
