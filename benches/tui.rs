//! The TUI at 100 and at 100k items, on a 120x40 `TestBackend`: a frame,
//! and the keystrokes a PO grooming a backlog types most (move, reorder,
//! pull into the sprint, filter), each with the redraw it causes. Each
//! should cost the same at both sizes. Also startup to the first frame,
//! and the TUI's peak memory beside the file's size.
//!
//! ```text
//! cargo bench --bench tui
//! BACKLOG_BENCH_MILLION=1 cargo bench --bench tui   # the same at a million items
//! ```
//!
//! The app is built without a saver (saving runs on another thread in the
//! real app), so what is measured is the keystroke the user waits for.

#[allow(dead_code)]
#[path = "../examples/generate.rs"]
mod generate;

mod common;

use common::session::{Session, char_key, key};

use backlog::domain::Role;
use backlog::domain::sprint::SprintState;
use backlog::store::Store;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use std::time::{Duration, Instant};

impl Session {
    /// Puts the cursor on the middle row, or the first one after it whose
    /// item is in no sprint, still open, and needs no question before a
    /// pull (so `s` pulls it into the active sprint and back).
    fn select_middle(&mut self) {
        let app = &mut self.app;
        let list = &app.state.backlog.list;
        let from = list.len() / 2;
        let row = (from..list.len())
            .chain(0..from)
            .find(|&i| {
                list.get(i).is_some_and(|p| {
                    let item = &app.ws.items[p];
                    item.sprint.is_none()
                        && !item.status.is_closed()
                        && backlog::domain::planning::pull_concerns(&app.ws, item).is_empty()
                })
            })
            .unwrap_or(from);
        app.state.backlog.cursor = row;
        app.state.clamp_backlog();
        self.draw();
    }
}

/// Set in the child that [`peak_memory`] starts: the workspace it opens.
const CHILD: &str = "BACKLOG_BENCH_TUI_MEMORY";

/// The TUI's peak resident memory (100k items, or a million), against the size of the
/// file (the floor the target is a multiple of): a child process opens the
/// file as the TUI does (the store kept beside the app, as the saver
/// thread keeps it), draws, filters by a word, builds the filter's index,
/// and says its own peak (`VmHWM`: this process's alone, not what the
/// parent held when it started the child).
fn peak_memory(path: &Path) {
    let exe = std::env::current_exe().expect("this benchmark's path");
    let out = std::process::Command::new(exe)
        .arg("--bench")
        .arg("no benchmark has this name")
        .env(CHILD, path)
        .output()
        .expect("runs the child");
    assert!(out.status.success(), "the child opened the workspace: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let kb: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("the child says its peak");
    let peak = kb * 1024.0;
    let file = std::fs::metadata(path).expect("the workspace").len() as f64;
    eprintln!(
        "peak memory of the TUI at {} items: {:.0} MB for a {:.0} MB workspace file = {:.2}x (target <= 2.5x)",
        ws_items(path),
        peak / 1e6,
        file / 1e6,
        peak / file
    );
}

/// How many items the generated file at `path` holds, from its name.
fn ws_items(path: &Path) -> &str {
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    name.strip_prefix("backlog-").unwrap_or(name)
}

/// The child of [`peak_memory`]: what a session holds once it has shown
/// the list, filtered it and built the index.
fn open_filter_and_exit(path: &Path) -> ! {
    let mut s = Session::open(path);
    s.complete(&char_key('/'));
    s.complete(&char_key('q'));
    assert!(!s.app.busy(), "the scan and the index are done");
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux reports the peak");
    println!("{}", status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM"));
    std::process::exit(0)
}

fn benches(c: &mut Criterion) {
    if let Some(path) = std::env::var_os(CHILD) {
        open_filter_and_exit(Path::new(&path));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    if std::env::var_os(MILLION).is_some() {
        million(c, dir.path());
        return;
    }
    let mut big = None;
    for (label, n) in [("100", 100), ("100k", 100_000)] {
        let path = dir.path().join(format!("backlog-{n}.json"));
        Store::create(&path, common::generated(n), Role::Po).expect("writes the workspace");
        keystrokes(c, label, &path);
        big = Some(path);
    }
    if let Some(path) = big {
        peak_memory(&path);
        grooming(c, &path);
        startup(c, &path, "100k");
    }
}

/// Set to run the keystrokes, the peak memory and the start at a million
/// items instead (generating and writing the 1.3 GB file takes minutes).
const MILLION: &str = "BACKLOG_BENCH_MILLION";

fn million(c: &mut Criterion, dir: &Path) {
    let path = dir.join("backlog-1m.json");
    Store::create(&path, common::generated(1_000_000), Role::Po).expect("writes the workspace");
    peak_memory(&path);
    keystrokes(c, "1m", &path);
    startup(c, &path, "1m");
}

fn keystrokes(c: &mut Criterion, label: &str, path: &Path) {
    let mut s = Session::open(path);
    s.select_middle();
    let mut g = c.benchmark_group(format!("tui/{label}"));
    g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));

    // (a) A full frame of the Backlog pane.
    g.bench_function("frame", |b| b.iter(|| s.draw()));

    // (b) Moving the selection, with the redraw; j and k alternate so the
    // cursor stays in the middle.
    let (j, k) = (char_key('j'), char_key('k'));
    let mut down = true;
    g.bench_function("key_j", |b| {
        b.iter(|| {
            s.press(if down { &j } else { &k });
            down = !down;
        })
    });

    // (c) Reordering: J (a RankItem with exact neighbours), then K back.
    // Each is a change the history records (the item's rank, old and new),
    // so this is also what history costs a keypress: the same again with
    // the history emptied, then put back for what follows.
    let (shift_j, shift_k) = (char_key('J'), char_key('K'));
    let before = s.app.state.backlog.cursor;
    let records = s.app.ws.history.len();
    s.press(&shift_j);
    s.press(&shift_k);
    assert_eq!(s.app.ws.history.len(), records + 2, "J and K are recorded in the history");
    for (name, emptied) in [("key_J_K", false), ("key_J_K_history_emptied", true)] {
        let kept = emptied.then(|| std::mem::take(&mut s.app.ws.history));
        let mut down = true;
        g.bench_function(name, |b| {
            b.iter(|| {
                s.press(if down { &shift_j } else { &shift_k });
                down = !down;
            })
        });
        if !down {
            s.press(&shift_k);
        }
        if let Some(kept) = kept {
            s.app.ws.history = kept;
        }
        assert_eq!(s.app.state.backlog.cursor, before, "J and K moved the item back and forth");
    }

    // (d) `s`: pull the selected item into the active sprint, then send it
    // back. Each toggle appends to the sprint's history; that is trimmed
    // outside the timing so the sprint does not grow over the run.
    let sprint = s.app.ws.sprints.iter().position(|x| x.state == SprintState::Active).expect("an active sprint");
    let history = s.app.ws.sprints[sprint].history.len();
    let toggle = char_key('s');
    g.bench_function("key_s", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                s.press(&toggle);
                total += start.elapsed();
                let selected = s.app.state.selected_item().expect("a selection");
                if s.app.ws.items[selected].sprint.is_none() {
                    s.app.ws.sprints[sprint].history.truncate(history);
                }
            }
            total
        })
    });
    let selected = s.app.state.selected_item().expect("a selection");
    if s.app.ws.items[selected].sprint.is_some() {
        s.press(&toggle);
    }

    // (e) Filter as you type: with "s" typed after `/`, one more letter,
    // one step of the background scan, the redraw. Backspace (untimed)
    // goes back to "s" for the next round.
    s.press(&char_key('/'));
    s.press(&char_key('s'));
    while s.app.step() {}
    let (letter, backspace) = (char_key('e'), key(KeyCode::Backspace));
    g.bench_function("filter_keystroke", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                s.app.on_event(&letter);
                s.app.step();
                s.draw();
                total += start.elapsed();
                s.app.on_event(&backspace);
                while s.app.step() {}
            }
            total
        })
    });

    // (e2) The same letter until the list is complete, as the event loop
    // runs it: the event and a frame, then a slice of background work and
    // a frame until no item is left to read (titles, descriptions,
    // criteria, comments).
    g.bench_function("filter_keystroke_complete", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                s.complete(&letter);
                total += start.elapsed();
                s.app.on_event(&backspace);
                while s.app.step() {}
            }
            total
        })
    });
    // (e3) The first letter typed after `/`, until the list is complete:
    // every item read, and `q` is rare in the texts, so most are read to
    // the end. Esc (untimed) clears it for the next round.
    s.app.on_event(&key(KeyCode::Esc));
    let (slash, q) = (char_key('/'), char_key('q'));
    g.bench_function("filter_first_letter_complete", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                s.app.on_event(&slash);
                let start = Instant::now();
                s.complete(&q);
                total += start.elapsed();
                s.app.on_event(&key(KeyCode::Esc));
                while s.app.step() {}
            }
            total
        })
    });

    // (f) Filter with terms, to its first screen of results: the last
    // letter of a query with field terms and a word, then as many scan
    // steps as it takes to fill the page (or finish), then the redraw.
    // Esc and the query typed again (untimed) set up the next round.
    let query = "status:ready,refined,new pts:>2 -kind:bug a";
    let retype = |s: &mut Session| {
        s.app.on_event(&key(KeyCode::Esc));
        s.app.on_event(&char_key('/'));
        for ch in query.chars() {
            s.app.on_event(&char_key(ch));
        }
        while s.app.step() {}
    };
    retype(&mut s);
    let page = s.app.state.backlog_page();
    g.bench_function("filter_terms_first_screen", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                s.app.on_event(&char_key('n'));
                while s.app.state.backlog.list.len() < page && s.app.step() {}
                s.draw();
                total += start.elapsed();
                s.app.on_event(&backspace);
                while s.app.step() {}
            }
            total
        })
    });
    retype(&mut s);
    g.finish();
}

/// Grooming at 100k items: a bulk action on 1,000 marked items with its
/// redraw (the label form's Enter, and `T` moving them to the top, each
/// undone outside the timing), and the redraw of an expanded epic with 500
/// children.
fn grooming(c: &mut Criterion, path: &Path) {
    let mut s = Session::open(path);
    s.select_middle();
    let mut g = c.benchmark_group("grooming/100k");
    g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));

    // Mark 1,000 visible rows from the middle down.
    let from = s.app.state.backlog.cursor;
    let ids: Vec<uuid::Uuid> = (from..from + 1000)
        .filter_map(|i| s.app.state.backlog.list.get(i))
        .map(|p| s.app.ws.items[p].meta.id)
        .collect();
    assert_eq!(ids.len(), 1000, "1,000 rows to mark");
    for id in &ids {
        s.app.state.backlog.marks.toggle(*id);
    }
    s.draw();
    let (enter, undo, tab) = (key(KeyCode::Enter), char_key('u'), key(KeyCode::Tab));
    g.bench_function("bulk_label_1000_marked", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                // Open the bulk form and type a label (untimed).
                s.press(&char_key('e'));
                for _ in 0..7 {
                    s.press(&tab);
                }
                for c in "bench".chars() {
                    s.press(&char_key(c));
                }
                let start = Instant::now();
                s.press(&enter);
                total += start.elapsed();
                assert!(s.app.state.modal.is_none(), "{:?}", s.app.state.message);
                s.press(&undo);
            }
            total
        })
    });
    let top = char_key('T');
    g.bench_function("bulk_move_top_1000_marked", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                s.press(&top);
                total += start.elapsed();
                s.press(&undo);
            }
            total
        })
    });
    s.press(&key(KeyCode::Esc));

    // An epic with 500 children, expanded, selected at the top of the screen.
    use backlog::domain::command::{ItemPatch, NewItem, Position};
    use backlog::domain::{Command, ItemKind};
    let sel = s.app.state.selected_item().expect("a selection");
    let before = s.app.ws.items[sel].meta.id;
    let epic = NewItem {
        kind: Some(ItemKind::Epic),
        title: "Bench epic".into(),
        position: Position::Before(before),
        ..NewItem::default()
    };
    s.app.apply(Command::AddItem(Box::new(epic)), true);
    let epic = s.app.ws.items.last().expect("the epic").meta.id;
    let cmds = ids
        .iter()
        .take(500)
        .map(|id| Command::EditItem {
            id: *id,
            patch: Box::new(ItemPatch { parent: Some(Some(epic)), ..ItemPatch::default() }),
        })
        .collect();
    s.app.apply(Command::Batch { commands: cmds, summary: None }, true);
    let pos = s.app.ws.item_pos(epic).expect("the epic");
    let row = s.app.state.backlog.list.index_of(&s.app.ws, pos).expect("the epic is shown");
    s.app.state.backlog.cursor = row;
    s.app.state.backlog.offset = row;
    s.press(&char_key('z'));
    assert!(s.app.state.backlog.list.is_child_row(row + 1), "the children are shown under the epic");
    assert_eq!(s.app.state.backlog.list.progress(&s.app.ws, pos).count, 500);
    g.bench_function("frame_expanded_epic_500_children", |b| b.iter(|| s.draw()));
    let z = char_key('z');
    g.bench_function("key_z_expand_collapse", |b| b.iter(|| s.press(&z)));
    g.finish();
}

/// Open the 100k file, build the app, draw the first frame.
fn startup(c: &mut Criterion, path: &Path, label: &str) {
    let mut g = c.benchmark_group(format!("startup/{label}"));
    g.sample_size(10).sampling_mode(SamplingMode::Flat).warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("open_build_first_frame", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let s = Session::open(path);
                total += start.elapsed();
                drop(s); // two copies of the workspace: not part of startup
            }
            total
        })
    });
    g.finish();
}

criterion_group!(tui, benches);
criterion_main!(tui);
