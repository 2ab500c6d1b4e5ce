//! Planning the next sprint at 100 and at 100k items, on a 120x40
//! `TestBackend`: switching the planning target (`t`) and a pull (`s`) into
//! a planned sprint that is already over capacity and velocity, so the pull
//! works out and shows its warnings. Each should cost the same at both
//! sizes (the issue asks for at most 2 ms each at 100k).
//!
//! ```text
//! cargo bench --bench planning
//! cargo bench --bench planning -- 100k
//! ```
//!
//! The app is built without a saver (saving runs on another thread in the
//! real app), so what is measured is the keystroke the user waits for;
//! `+frame` adds the redraw of the planning view.

#[allow(dead_code)]
#[path = "../examples/generate.rs"]
mod generate;

mod common;

use common::session::{Session, char_key};

use backlog::domain::command::{NewSprint, SprintPatch};
use backlog::domain::sprint::SprintState;
use backlog::domain::{Command, Ctx, Role, Workspace, apply, planning};
use backlog::store::Store;
use backlog::tui::update;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use std::time::{Duration, Instant};

/// The generated workspace with one more sprint planned after the rest,
/// with a capacity of 0 points: every pull of an estimated item warns.
fn with_planned_sprint(mut ws: Workspace) -> Workspace {
    let mut ctx = Ctx::new(common::clock(), Role::Po);
    let change = apply(&mut ws, Command::AddSprint(NewSprint::default()), &mut ctx).expect("plans a sprint");
    let id = change.created.and_then(|r| r.id()).expect("a sprint");
    let patch = SprintPatch { capacity: Some(Some(0)), ..SprintPatch::default() };
    apply(&mut ws, Command::EditSprint { id, patch }, &mut ctx).expect("sets its capacity");
    ws
}

/// The session on the Sprint pane's planning view.
fn planning_session(path: &Path) -> Session {
    let mut s = Session::open(path);
    for c in ['4', 'v'] {
        s.press(&char_key(c));
    }
    s
}

/// Side `side` of the planning view of `sprint` (0: candidates, 1: members).
fn side_of(s: &Session, sprint: uuid::Uuid, side: usize) -> Vec<usize> {
    let ws = &s.app.ws;
    let sides = update::planning_sides(
        &s.app.state.sprint.plan,
        ws,
        ws.sprint(sprint),
        &backlog::tui::state::Narrow::everything(),
    );
    sides[side].iter().collect()
}

fn target(s: &Session) -> SprintState {
    update::shown_sprint(&s.app.state, &s.app.ws).expect("an open sprint").state
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (label, n) in [("100", 100), ("100k", 100_000)] {
        let path = dir.path().join(format!("backlog-{n}.json"));
        Store::create(&path, with_planned_sprint(common::generated(n)), Role::Po).expect("writes the workspace");
        planning_keys(c, label, &path);
    }
}

fn planning_keys(c: &mut Criterion, label: &str, path: &Path) {
    let mut s = planning_session(path);
    let mut g = c.benchmark_group(format!("planning/{label}"));
    g.sample_size(30).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    let t = char_key('t');

    // Where a frame's time goes: the lists alone, and the frame alone.
    g.bench_function("planning_sides", |b| {
        b.iter(|| {
            let (ws, state) = (&s.app.ws, &s.app.state);
            let sides = update::planning_sides(
                &state.sprint.plan,
                ws,
                update::shown_sprint(state, ws),
                &backlog::tui::state::Narrow::everything(),
            );
            sides[0].len() + sides[1].len()
        })
    });
    g.bench_function("frame", |b| b.iter(|| s.draw()));

    // (a) `t`: the next open sprint becomes the planning target.
    g.bench_function("switch_target", |b| b.iter(|| s.app.on_event(&t)));
    g.bench_function("switch_target+frame", |b| {
        b.iter(|| {
            s.app.on_event(&t);
            s.draw();
        })
    });

    // (b) `s` on a candidate that needs no question, into the planned
    // sprint (over its capacity of 1, and over the velocity once enough is
    // in): the pull with its warnings. Sent back outside the timing.
    // The sprint planned above (capacity 0), wherever `t` has got to.
    let planned = s
        .app
        .ws
        .live_sprints()
        .find(|x| x.state == SprintState::Planned && x.capacity == Some(0))
        .expect("the planned sprint")
        .meta
        .id;
    s.app.state.sprint.target = Some(planned);
    assert_eq!(target(&s), SprintState::Planned);
    let candidate = {
        let ws = &s.app.ws;
        side_of(&s, planned, 0)
            .iter()
            .position(|&p| planning::pull_concerns(ws, &ws.items[p]).is_empty() && ws.items[p].points() > 0)
            .expect("a candidate")
    };
    s.app.state.sprint.column = 0;
    s.app.state.sprint.row[0] = candidate;
    let pull = char_key('s');
    let run = |s: &mut Session, frame: bool, iters: u64, warned: &mut bool| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let start = Instant::now();
            s.app.on_event(&pull);
            if frame {
                s.draw();
            }
            total += start.elapsed();
            let msg = s.app.state.message.as_ref().map(|m| m.0.clone()).unwrap_or_default();
            *warned |= msg.contains("over capacity");
            // Back out of the sprint, untimed: the candidate goes back to
            // the top of the backlog side.
            s.app.state.sprint.column = 1;
            s.app.state.sprint.row[1] = 0;
            let member = side_of(s, planned, 1).iter().position(|&p| s.app.ws.items[p].sprint == Some(planned));
            if let Some(r) = member {
                s.app.state.sprint.row[1] = r;
                s.app.on_event(&pull);
            }
            s.app.state.sprint.column = 0;
            s.app.state.sprint.row[0] = candidate;
        }
        total
    };
    // Once, untimed: the pull really warns (and is sent back).
    let mut warned = false;
    run(&mut s, false, 1, &mut warned);
    assert!(warned, "the pull warned about the capacity: {:?}", s.app.state.message);
    let mut w = false;
    g.bench_function("pull_with_warnings", |b| b.iter_custom(|iters| run(&mut s, false, iters, &mut w)));
    g.bench_function("pull_with_warnings+frame", |b| b.iter_custom(|iters| run(&mut s, true, iters, &mut w)));
    g.finish();
}

criterion_group!(planning_bench, benches);
criterion_main!(planning_bench);
