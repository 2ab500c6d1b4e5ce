//! Reading a story's trail from a repository of 10,000 commits: the first
//! read (no cache, every commit from git) and a later one (the cache holds
//! every commit, git is asked for nothing new).
//!
//! ```text
//! cargo bench --bench trail
//! ```

#[allow(dead_code)]
#[path = "../examples/trail_repo.rs"]
mod trail_repo;

use backlog::store::trail::{self, KeyPattern};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn reads(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("a temp folder");
    let dir = tmp.path().join("repo");
    trail_repo::make(&dir, 10_000);
    let root = std::fs::canonicalize(&dir).expect("the repository");
    let pattern = KeyPattern::new(["TAN"]);
    let cache = tmp.path().join("cache.json");
    let mut g = c.benchmark_group("trail");
    g.sample_size(10);
    g.bench_function("first_read_10k_commits", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_file(&cache);
            },
            |()| black_box(trail::read(&root, &pattern, Some(&cache)).expect("reads")),
            BatchSize::PerIteration,
        )
    });
    trail::read(&root, &pattern, Some(&cache)).expect("reads");
    g.bench_function("cached_read_10k_commits", |b| {
        b.iter(|| black_box(trail::read(&root, &pattern, Some(&cache)).expect("reads")))
    });
    g.finish();
}

criterion_group!(benches, reads);
criterion_main!(benches);
