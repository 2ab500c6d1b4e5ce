//! `backlog site` at 10k and 100k items: making every page in memory (the
//! work of a build, and of each rebuild under `--watch`), and a rebuild
//! that finds every page already as it is (reads them, writes none).
//! Printed beside each: how many pages, and their size.
//!
//! ```text
//! cargo bench --bench site
//! ```

#[allow(dead_code)]
#[path = "../examples/generate.rs"]
mod generate;

mod common;

use backlog::store::export::site;
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

fn benches(c: &mut Criterion) {
    for (label, n) in [("10k", 10_000), ("100k", 100_000)] {
        let ws = common::generated(n);
        let today = common::today();
        let pages = site::pages(&ws, today, None, false);
        let bytes: usize = pages.iter().map(|p| p.html.len()).sum();
        println!("{label}: {} pages, {:.1} MB", pages.len(), bytes as f64 / 1e6);
        let dir = tempfile::tempdir().expect("a temp dir");
        site::write(dir.path(), &pages).expect("the site is written");
        let mut g = c.benchmark_group(format!("site/{label}"));
        g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
        g.bench_function("make_all_pages", |b| b.iter(|| site::pages(&ws, today, None, false)));
        g.bench_function("rebuild_unchanged", |b| {
            b.iter(|| {
                let done = site::write(dir.path(), &pages).expect("written");
                assert!(done.written.is_empty());
            })
        });
        g.finish();
    }
}

criterion_group!(site_benches, benches);
criterion_main!(site_benches);
