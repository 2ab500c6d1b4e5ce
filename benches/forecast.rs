//! A forecast at 10k and 100k items: an initiative (its stories through its
//! epics), the Now column, and everything above the last item in the rank
//! (issue 21 asks at most 50 ms for an initiative at 100k).
//!
//! ```text
//! cargo bench --bench forecast
//! ```

#[allow(dead_code)]
#[path = "../examples/generate.rs"]
mod generate;

mod common;

use backlog::domain::forecast::{self, Options, Target};
use backlog::domain::strategy::Horizon;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn benches(c: &mut Criterion) {
    for (label, n) in [("10k", 10_000), ("100k", 100_000)] {
        let ws = common::generated(n);
        let today = common::today();
        // The generated history may be short: a range keeps the forecast
        // from refusing, and costs the same trials.
        let closed = ws.sprints.iter().filter(|s| s.review.is_some()).count();
        let opts = Options { range: (closed < forecast::MIN_SPRINTS).then_some((20, 40)), ..Options::default() };
        // The initiative with the most stories.
        let progress = ws.initiative_progress();
        let (&biggest, p) = progress.iter().max_by_key(|(_, p)| p.stories).expect("an initiative");
        let last = *ws.ranked_item_positions().last().expect("an item");
        let last = ws.items[last].meta.id;
        println!("{label}: initiative with {} stories, {closed} closed sprints", p.stories);
        let mut g = c.benchmark_group(format!("forecast/{label}"));
        g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
        g.bench_function("initiative", |b| {
            b.iter(|| forecast::forecast(&ws, Target::Initiative(biggest), today, opts).expect("a forecast"))
        });
        g.bench_function("column_now", |b| {
            b.iter(|| forecast::forecast(&ws, Target::Column(Horizon::Now), today, opts).expect("a forecast"))
        });
        g.bench_function("above_last_item", |b| {
            b.iter(|| {
                black_box(forecast::forecast(&ws, Target::Above { item: last, through: true }, today, opts))
                    .expect("a forecast")
            })
        });
        g.finish();
    }
}

criterion_group!(forecast_benches, benches);
criterion_main!(forecast_benches);
