//! Random key sequences against the TUI: every default binding, printable
//! text, the editing keys, mouse clicks and pastes, interleaved with
//! resizes down to 1x1, drawing after every event at the current size. The
//! app must never panic, the backlog cursor must stay on a row, and the
//! workspace must stay one that saves and loads with no broken links.

mod tui_common;

use backlog::domain::Role;
use backlog::tui::action::Action;
use backlog::tui::app::App;
use backlog::tui::keymap::{Key, KeyCodeOrd, Keymap};
use backlog::tui::list::{Planning, RankedList};
use proptest::prelude::*;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use tui_common::*;

/// The event a terminal sends for a bound key.
fn key_event(k: Key) -> KeyEvent {
    use KeyCodeOrd as K;
    let code = match k.code {
        K::Char(c) => KeyCode::Char(c),
        K::F(n) => KeyCode::F(n),
        K::Enter => KeyCode::Enter,
        K::Esc => KeyCode::Esc,
        K::Tab => KeyCode::Tab,
        K::BackTab => KeyCode::BackTab,
        K::Backspace => KeyCode::Backspace,
        K::Delete => KeyCode::Delete,
        K::Up => KeyCode::Up,
        K::Down => KeyCode::Down,
        K::Left => KeyCode::Left,
        K::Right => KeyCode::Right,
        K::Home => KeyCode::Home,
        K::End => KeyCode::End,
        K::PageUp => KeyCode::PageUp,
        K::PageDown => KeyCode::PageDown,
        K::Insert => KeyCode::Insert,
    };
    let mut m = KeyModifiers::NONE;
    if k.ctrl {
        m |= KeyModifiers::CONTROL;
    }
    if k.alt {
        m |= KeyModifiers::ALT;
    }
    if matches!(k.code, K::Char(c) if c.is_uppercase()) || k.code == K::BackTab {
        m |= KeyModifiers::SHIFT;
    }
    KeyEvent::new(code, m)
}

/// Every key the default keymap binds.
fn bound_keys() -> Vec<KeyEvent> {
    let km = Keymap::default();
    let keys: Vec<KeyEvent> = Action::ALL.iter().flat_map(|a| km.keys_for(*a)).map(key_event).collect();
    // The exports, the theme and the archive (also `is:archived` in `/`)
    // are run from the palette; everything else has a key.
    let palette_only =
        |a: &Action| a.name().starts_with("export_") || matches!(a, Action::ToggleTheme | Action::Archive);
    for a in Action::ALL.iter().filter(|a| !palette_only(a)) {
        assert!(!km.keys_for(*a).is_empty(), "{a:?} has a default key");
    }
    keys
}

#[derive(Debug, Clone)]
enum Ev {
    Key(KeyEvent),
    Resize(u16, u16),
    Click(u16, u16),
    Scroll(bool),
    Paste(String),
}

fn plain(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn events() -> impl Strategy<Value = Ev> {
    let bound = prop::sample::select(bound_keys()).prop_map(Ev::Key);
    let text = prop_oneof![
        prop::char::range(' ', '~'),
        prop::sample::select(vec!['é', 'ß', '—', '日', '本', '🙂', '\u{301}']),
    ]
    .prop_map(|c| {
        let m = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
        Ev::Key(KeyEvent::new(KeyCode::Char(c), m))
    });
    let editing = prop::sample::select(vec![
        plain(KeyCode::Enter),
        plain(KeyCode::Char('y')),
        plain(KeyCode::Esc),
        plain(KeyCode::Tab),
        KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        plain(KeyCode::Backspace),
        plain(KeyCode::Delete),
        plain(KeyCode::Left),
        plain(KeyCode::Right),
        KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
        KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL),
        KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
    ])
    .prop_map(Ev::Key);
    let resize = prop_oneof![(1u16..=3, 1u16..=3), (1u16..=60, 1u16..=16), (40u16..=200, 10u16..=60), Just((80, 24)),]
        .prop_map(|(w, h)| Ev::Resize(w, h));
    prop_oneof![
        10 => bound,
        2 => text,
        3 => editing,
        2 => resize,
        1 => (0u16..200, 0u16..60).prop_map(|(x, y)| Ev::Click(x, y)),
        1 => any::<bool>().prop_map(Ev::Scroll),
        1 => "[a-z \\n\u{1b}]{0,12}".prop_map(Ev::Paste),
    ]
}

fn to_event(ev: &Ev) -> Event {
    match ev {
        Ev::Key(k) => Event::Key(*k),
        Ev::Resize(w, h) => Event::Resize(*w, *h),
        Ev::Click(x, y) => Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: *x,
            row: *y,
            modifiers: KeyModifiers::NONE,
        }),
        Ev::Scroll(down) => Event::Mouse(MouseEvent {
            kind: if *down { MouseEventKind::ScrollDown } else { MouseEventKind::ScrollUp },
            column: 0,
            row: 5,
            modifiers: KeyModifiers::NONE,
        }),
        Ev::Paste(s) => Event::Paste(s.clone()),
    }
}

fn check(app: &App, after: &Ev) {
    let len = app.state.backlog.list.len();
    let c = app.state.backlog.cursor;
    assert!(if len == 0 { c == 0 } else { c < len }, "cursor {c} with {len} rows after {after:?}");
    assert!(!app.state.backlog.list.scanning(), "step() finished the filter scan");

    // The list, kept up to date change by change, shows what a list built
    // afresh from the workspace with the state's filter would show.
    let spec = app.state.filter_spec(&app.ws);
    let list = &app.state.backlog.list;
    assert_eq!(list.spec(), (!spec.is_empty()).then_some(&spec), "the list's filter after {after:?}");
    let mut fresh = RankedList::build(&app.ws);
    fresh.set_filter(spec);
    fresh.set_sort(&app.ws, list.sort());
    while fresh.step(&app.ws, usize::MAX) {}
    let rows = |l: &RankedList| (0..l.len()).map(|i| l.get(i)).collect::<Vec<_>>();
    // Expanded epics: their children are listed under them, as worked out
    // here the plain way (every row's parent read).
    let ws = &app.ws;
    let open: Vec<usize> = (0..ws.items.len())
        .filter(|&p| list.is_expanded(ws.items[p].meta.id) && ws.items[p].is_live() && fresh_rows_contain(&fresh, p))
        .collect();
    let want: Vec<Option<usize>> = if open.is_empty() || !list.sort().is_rank() {
        rows(&fresh)
    } else {
        let spec = fresh.spec().cloned();
        let mut out = Vec::new();
        for p in (0..fresh.len()).filter_map(|i| fresh.get(i)) {
            if ws.items[p].parent.and_then(|e| ws.item_pos(e)).is_some_and(|e| open.contains(&e)) {
                continue;
            }
            out.push(Some(p));
            if open.contains(&p) {
                let mut kids: Vec<usize> = (0..ws.items.len())
                    .filter(|&c| ws.items[c].is_live() && ws.items[c].parent == Some(ws.items[p].meta.id))
                    .filter(|&c| spec.as_ref().is_none_or(|s| s.matches(ws, &ws.items[c])))
                    .collect();
                kids.sort_by(|&a, &b| {
                    ws.items[a].rank.cmp(&ws.items[b].rank).then(ws.items[a].meta.id.cmp(&ws.items[b].meta.id))
                });
                out.extend(kids.into_iter().map(Some));
            }
        }
        out
    };
    assert_eq!(rows(list), want, "the backlog rows after {after:?}");
    // So do the planning lists.
    assert_eq!(app.state.sprint.plan, Planning::build(&app.ws, fresh.order()), "the planning lists after {after:?}");
}

fn fresh_rows_contain(l: &RankedList, p: usize) -> bool {
    (0..l.len()).any(|i| l.get(i) == Some(p))
}

fn run(role: Role, evs: &[Ev]) {
    run_on(demo_ws(), role, evs);
}

fn run_on(ws: backlog::domain::Workspace, role: Role, evs: &[Ev]) {
    let mut app = app_on(ws, role);
    for ev in evs {
        app.on_event(&to_event(ev));
        while app.step() {}
        // The event loop would run $EDITOR here; as if nothing was changed.
        app.outside = None;
        // Quitting ends a real session; keep going to try more.
        app.state.quit = false;
        let (w, h) = (app.state.width, app.state.height);
        draw(&mut app, w, h);
        check(&app, ev);
    }
    assert_valid(&app.ws);
}

/// Up to 60 events a case; more with `TUI_PROPS_EVENTS` for a long local run.
fn max_events() -> usize {
    std::env::var("TUI_PROPS_EVENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(60)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_never_break_the_app(po in any::<bool>(), evs in prop::collection::vec(events(), 1..max_events())) {
        run(if po { Role::Po } else { Role::Pm }, &evs);
    }

    /// From nothing: no items, no sprint, no goals (every empty state, and
    /// the first item, sprint and goal made through the forms).
    #[test]
    fn random_keys_on_an_empty_workspace(po in any::<bool>(), evs in prop::collection::vec(events(), 1..max_events())) {
        run_on(empty_ws(), if po { Role::Po } else { Role::Pm }, &evs);
    }
}

/// A fixed sequence touching every default binding at a few sizes, so the
/// common paths run on every `cargo test` whatever proptest draws.
#[test]
fn every_binding_at_every_size() {
    let keys = bound_keys();
    let mut evs = Vec::new();
    for (w, h) in [(80, 24), (1, 1), (40, 10), (160, 48), (12, 5)] {
        evs.push(Ev::Resize(w, h));
        for k in &keys {
            evs.push(Ev::Key(*k));
            evs.push(Ev::Key(plain(KeyCode::Esc)));
        }
    }
    run(Role::Po, &evs);
}

/// Every epic expanded, then keys that filter, edit and reorder around
/// them: the rows are always what the plain computation in `check` gives.
#[test]
fn expanded_epics_keep_their_children_under_them() {
    let mut app = app_on(demo_ws(), Role::Po);
    let epics: Vec<_> =
        app.ws.live_items().filter(|i| i.kind == backlog::domain::ItemKind::Epic).map(|i| i.meta.id).collect();
    assert!(epics.len() >= 2, "the demo has epics");
    for id in epics {
        app.state.backlog.list.toggle_expanded(&app.ws, id);
    }
    let keys = |s: &str| s.chars().map(|c| Ev::Key(plain(KeyCode::Char(c)))).collect::<Vec<_>>();
    let mut evs = vec![Ev::Key(plain(KeyCode::Char('H')))];
    evs.extend(keys("jjjJJKjjjjj"));
    evs.extend(keys("/a"));
    evs.push(Ev::Key(plain(KeyCode::Enter)));
    evs.extend(keys("jjKJ"));
    evs.push(Ev::Key(plain(KeyCode::Esc)));
    evs.extend(keys("GKKKggJJ"));
    let mut ran = 0;
    for ev in &evs {
        app.on_event(&to_event(ev));
        while app.step() {}
        check(&app, ev);
        ran += usize::from((0..app.state.backlog.list.len()).any(|i| app.state.backlog.list.is_child_row(i)));
    }
    assert!(ran > evs.len() / 2, "children were shown under their epics");
}
