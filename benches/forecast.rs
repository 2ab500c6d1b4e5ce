//! A forecast at 10k and 100k items: an initiative (its stories through its
//! epics), the Now column, everything above the last item in the rank
//! (issue 21 asks at most 50 ms for an initiative at 100k), and a late
//! release's outlook with what would have to move out. Then the TUI's
//! kept forecasts: making them all (the background step after a change),
//! and a Roadmap frame that shows them, on a 120x40 `TestBackend` (at most
//! 2 ms at 100k: a frame only reads them).
//!
//! ```text
//! cargo bench --bench forecast
//! ```

#[allow(dead_code)]
#[path = "../examples/generate.rs"]
mod generate;

mod common;

use backlog::domain::Role;
use backlog::domain::forecast::{self, Options, Target};
use backlog::domain::strategy::Horizon;
use backlog::store::Store;
use backlog::tui::derive::Forecasts;
use common::session::{Session, char_key};
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
        // A release of every 50th open item, due in eight weeks: late, so
        // its outlook also looks for what would have to move out.
        let mut with_release = ws.clone();
        let id = uuid::Uuid::from_u128(0x05e1_ea5e);
        let meta = with_release.vision.meta.clone();
        with_release.releases.push(backlog::domain::release::Release {
            meta: backlog::domain::Meta { id, owner: Role::Po, ..meta },
            name: "Big release".into(),
            target: Some(today + chrono::Days::new(56)),
            description: String::new(),
            shipped: None,
            extra: Default::default(),
        });
        for i in with_release.items.iter_mut().filter(|i| forecast::scope::open_work(i)).step_by(50) {
            i.release = Some(id);
        }
        with_release.reindex();
        let r = with_release.release(id).expect("just added").clone();
        let o = forecast::release::outlook(&with_release, &r, today, opts);
        println!("{label}: release of {} open items, {:?}, {} to move out", o.open.len(), o.standing, o.move_out.len());
        g.bench_function("release_outlook", |b| {
            b.iter(|| black_box(forecast::release::outlook(&with_release, &r, today, opts)))
        });
        g.finish();
    }
}

fn roadmap(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (label, n) in [("10k", 10_000), ("100k", 100_000)] {
        let path = dir.path().join(format!("backlog-{n}.json"));
        Store::create(&path, common::generated(n), Role::Po).expect("writes the workspace");
        let mut s = Session::open(&path);
        // As the event loop does after the first frame.
        let started = std::time::Instant::now();
        while s.app.step() {}
        let app = &s.app;
        assert!(app.state.forecasts.fresh(app.state.revision, app.state.today));
        let dated =
            app.ws.live_initiatives().filter(|i| matches!(app.state.forecasts.initiative(i.meta.id), Some(Ok(_))));
        println!("{label}: forecasts made in {:.2?}, {} initiatives dated", started.elapsed(), dated.count());
        let mut g = c.benchmark_group(format!("forecast/{label}"));
        g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
        g.bench_function("make_all", |b| b.iter(|| black_box(Forecasts::make(&s.app.ws, s.app.state.today, None))));
        g.finish();
        let mut g = c.benchmark_group(format!("forecast/{label}"));
        g.sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
        s.press(&char_key('2'));
        g.bench_function("roadmap_columns_frame", |b| b.iter(|| s.draw()));
        s.press(&char_key('v'));
        g.bench_function("roadmap_timeline_frame", |b| b.iter(|| s.draw()));
        g.finish();
    }
}

criterion_group!(forecast_benches, benches, roadmap);
criterion_main!(forecast_benches);
