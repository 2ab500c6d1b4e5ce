//! Fixtures shared by the TUI tests: an `App` on the demo workspace with a
//! fixed clock and deterministic ids (no file, no threads), key helpers,
//! readers of the selection and the visible rows, and a text rendering of a
//! frame that shows what plain text cannot: which cells are drawn reversed
//! (the selection, in the plain theme) and where the cursor is.

#![allow(dead_code)]

use backlog::domain::{Command, Ctx, IdGen, Role, Workspace, apply};
use backlog::store::demo;
use backlog::tui::app::App;
use backlog::tui::keymap::Keymap;
use backlog::tui::state::State;
use backlog::tui::theme::Theme;
use backlog::tui::view;
use chrono::{DateTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

/// The fixed "now": the demo's anchor day, mid-morning.
pub fn now() -> DateTime<Utc> {
    let d = demo::ANCHOR;
    Utc.from_utc_datetime(&d.and_hms_opt(9, 30, 0).expect("valid time"))
}

/// The demo workspace as it is on its anchor day.
pub fn demo_ws() -> Workspace {
    // The anchor day's evening: its dates stay as the story wrote them.
    demo::workspace(demo::ANCHOR.and_hms_opt(23, 0, 0).expect("a time").and_utc())
}

/// The demo workspace with two more closed sprints before its three, so
/// that the forecasts spread: Sprint 19 and Sprint 18, two weeks apart,
/// finishing 14 and 26 points.
pub fn demo_ws_with_history() -> Workspace {
    let mut ws = demo_ws();
    let closed = ws.sprints.iter().find(|s| s.review.is_some()).expect("a closed sprint").clone();
    for (k, completed) in [(1u64, 14), (2, 26)] {
        let mut s = closed.clone();
        s.meta.id = uuid::Uuid::from_u128(0xF0 + u128::from(k));
        s.name = format!("Sprint {}", 20 - k);
        s.start = s.start - chrono::Days::new(14 * (k + 2));
        s.end = s.end - chrono::Days::new(14 * (k + 2));
        s.review.as_mut().expect("reviewed").completed = completed;
        ws.sprints.push(s);
    }
    ws.reindex();
    ws
}

/// The demo with only the sprint it ran here (the two brought over from
/// Jira left out): one closed sprint, too few to forecast from.
pub fn demo_ws_young() -> Workspace {
    let mut ws = demo_ws();
    ws.sprints.retain(|s| !matches!(s.name.as_str(), "Sprint 20" | "Sprint 21"));
    ws.reindex();
    ws
}

/// A new, empty workspace (as `backlog init` makes).
pub fn empty_ws() -> Workspace {
    let meta = backlog::domain::Meta::new(uuid::Uuid::from_u128(1), Role::Pm, now(), Role::Pm);
    Workspace::new("Empty", "BL", meta)
}

/// An app on `ws` for a session of `role`: plain theme, default keys, a
/// fixed clock, deterministic ids, and no saver (nothing touches disk).
/// Done and dropped items are shown (as with `show_done = true` in the
/// config): most tests were written against the whole demo backlog, done
/// work included. [`app_on_as_opened`] keeps the default (hidden).
pub fn app_on(ws: Workspace, role: Role) -> App {
    let mut a = app_on_as_opened(ws, role);
    let ws = a.ws.clone();
    a.state.show_done_work(&ws, true);
    a
}

/// [`app_on`] with the default: done and dropped items hidden.
pub fn app_on_as_opened(ws: Workspace, role: Role) -> App {
    let state = State::new(&ws, role, Keymap::default(), Theme::plain(), demo::ANCHOR);
    let mut ctx = Ctx::new(now(), role);
    ctx.ids = IdGen::sequential();
    let mut app = App::new(ws, state, ctx, Box::new(now));
    resize(&mut app, 80, 24);
    app
}

/// A PO session on the demo workspace (it opens on the Backlog pane).
pub fn app() -> App {
    app_on(demo_ws(), Role::Po)
}

/// A PO session on the demo workspace as a user opens it: done and
/// dropped items hidden in the backlog's rank view.
pub fn app_as_opened() -> App {
    app_on_as_opened(demo_ws(), Role::Po)
}

/// Sends an event and lets the background filter scan finish.
pub fn send(app: &mut App, ev: Event) {
    app.on_event(&ev);
    while app.step() {}
}

pub fn key_mod(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    send(app, Event::Key(KeyEvent::new(code, mods)));
}

pub fn key(app: &mut App, code: KeyCode) {
    key_mod(app, code, KeyModifiers::NONE);
}

pub fn ctrl(app: &mut App, c: char) {
    key_mod(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

/// Types each character as a key press (upper case with Shift, as a
/// terminal reports it).
pub fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        let mods = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
        key_mod(app, KeyCode::Char(c), mods);
    }
}

pub fn resize(app: &mut App, w: u16, h: u16) {
    send(app, Event::Resize(w, h));
}

/// The key of the item under the backlog cursor.
pub fn selected_key(app: &App) -> Option<String> {
    app.state.selected_item().map(|p| app.ws.items[p].key.clone())
}

/// Draws the app at `w`×`h` (telling it the size first, as a terminal
/// would) and returns the terminal.
pub fn draw(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    resize(app, w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal.draw(|f| view::draw(f, &app.state, &app.ws)).expect("draw");
    terminal
}

/// The frame as text: one quoted line per row (so trailing spaces show),
/// followed by the column ranges drawn reversed on that row (the plain
/// theme's selection), then where the cursor is, if shown.
pub fn render(app: &mut App, w: u16, h: u16) -> String {
    let terminal = draw(app, w, h);
    let backend = terminal.backend();
    let mut out = buffer_text(backend.buffer());
    if backend.cursor_visible() {
        let p = backend.cursor_position();
        out.push_str(&format!("cursor at column {}, row {}\n", p.x, p.y));
    }
    out
}

/// See [`render`].
pub fn buffer_text(buf: &Buffer) -> String {
    let width = usize::from(buf.area.width);
    let mut out = String::new();
    if width == 0 {
        return out;
    }
    for (y, cells) in buf.content.chunks(width).enumerate() {
        let mut line = String::new();
        let mut skip = 0usize;
        let mut reversed: Vec<(usize, usize)> = Vec::new();
        for (x, c) in cells.iter().enumerate() {
            if skip == 0 {
                line.push_str(c.symbol());
            }
            skip = skip.max(unicode_width::UnicodeWidthStr::width(c.symbol())).saturating_sub(1);
            if c.modifier.contains(Modifier::REVERSED) {
                match reversed.last_mut() {
                    Some((_, end)) if *end + 1 == x => *end = x,
                    _ => reversed.push((x, x)),
                }
            }
        }
        out.push_str(&format!("{y:>2} \"{line}\""));
        if !reversed.is_empty() {
            let spans: Vec<String> = reversed.iter().map(|(a, b)| format!("{a}-{b}")).collect();
            out.push_str(&format!("  reversed {}", spans.join(",")));
        }
        out.push('\n');
    }
    out
}

/// The rows (0-based) whose cells from `x0` to `x1` are all drawn reversed.
pub fn reversed_rows(buf: &Buffer, x0: u16, x1: u16) -> Vec<u16> {
    (0..buf.area.height).filter(|&y| (x0..=x1).all(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED))).collect()
}

/// The text of row `y`.
pub fn row_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

/// The workspace survives a JSON round trip unchanged and has no broken
/// links (what `backlog check` would refuse).
pub fn assert_valid(ws: &Workspace) {
    let json = serde_json::to_value(ws).expect("the workspace serializes");
    let mut back: Workspace = serde_json::from_value(json.clone()).expect("and reads back");
    back.reindex();
    assert_eq!(serde_json::to_value(&back).expect("serializes again"), json, "the round trip changed the workspace");
    let report = backlog::domain::align::check(ws, now());
    assert!(report.broken.is_empty(), "broken links: {:?}", report.broken);
}

/// Gives `key` WSJF inputs through the driver, as an edit would.
pub fn set_wsjf(app: &mut App, key: &str, value: f64, criticality: f64, risk: f64, size: f64) {
    use backlog::domain::Command;
    use backlog::domain::command::ItemPatch;
    use backlog::domain::score::Wsjf;
    let id = app.ws.item_by_key(key).unwrap_or_else(|| panic!("no live item {key}")).meta.id;
    let wsjf = Wsjf::new(value, criticality, risk, size);
    let patch = ItemPatch { wsjf: Some(Some(wsjf)), ..ItemPatch::default() };
    app.apply(Command::EditItem { id, patch: Box::new(patch) }, false);
    assert!(
        app.state.message.as_ref().is_some_and(|m| m.1 == backlog::tui::state::Level::Info),
        "{:?}",
        app.state.message
    );
}

/// Scores a few more demo items by WSJF (the demo scores only two), so the
/// score view has something to sort: TAN-30, low in the rank, scores
/// highest (the manual rank departs strongly from the score); TAN-18,
/// second in the rank, scores lowest.
pub fn score_demo_items(app: &mut App) {
    set_wsjf(app, "TAN-30", 13.0, 13.0, 8.0, 3.0);
    set_wsjf(app, "TAN-29", 8.0, 8.0, 3.0, 3.0);
    set_wsjf(app, "TAN-23", 5.0, 3.0, 2.0, 5.0);
    set_wsjf(app, "TAN-18", 2.0, 1.0, 1.0, 8.0);
    app.state.message = None;
}

/// A conflicting edit of TAN-18's title, as a merge records it: we kept
/// ours, theirs is waiting.
pub fn ws_with_conflict() -> Workspace {
    let mut ws = demo_ws();
    let it = ws.item_by_key("TAN-18").expect("TAN-18 in the demo");
    let conflict = backlog::domain::workspace::Conflict {
        id: uuid::Uuid::from_u128(0xc0ff1c7),
        at: now() - chrono::Duration::hours(2),
        entity: "item".into(),
        entity_id: Some(it.meta.id),
        label: it.key.clone(),
        field: "title".into(),
        base: serde_json::json!(it.title),
        ours: serde_json::json!(it.title),
        theirs: serde_json::json!("SFN surcharges (tax-free night, Sunday, holiday) as separate wage types"),
        ours_by: Role::Po,
        ours_by_person: String::new(),
        resolved_at: None,
        sides: Some(backlog::domain::conflict::Sides::new(
            "this session",
            "the file",
            backlog::domain::command::Take::Ours,
        )),
        extra: Default::default(),
    };
    ws.conflicts.push(conflict);
    ws
}

/// Gives TAN-18 a description longer than an 80x24 screen has room for
/// beside its story and criteria.
pub fn long_description(app: &mut App) {
    use backlog::domain::Command;
    use backlog::domain::command::ItemPatch;
    let id = app.ws.item_by_key("TAN-18").expect("TAN-18 in the demo").meta.id;
    let text = "Steuerberater book tax-free surcharges for night, Sunday and holiday work (SFN) under \
                their own wage types; today the export folds them into the base hours and the office \
                has to split them by hand every month.\n\n\
                Rules (§ 3b EStG):\n\
                - night work 20:00–06:00: 25 %\n\
                - 00:00–04:00 when the shift started before midnight: 40 %\n\
                - Sundays: 50 %; public holidays: 125 %; 24/25 Dec and 1 May: 150 %\n\n\
                The base wage counted is capped at €50 an hour; above it the surcharge is taxed. \
                Holidays come from the venue's state (Bundesland), not the company's seat.";
    let patch = ItemPatch { description: Some(text.into()), ..ItemPatch::default() };
    app.apply(Command::EditItem { id, patch: Box::new(patch) }, false);
    app.state.message = None;
}

// What the tests of key handling (tests/tui_*.rs) share: the backlog's
// selection and visible rows, an item by its key, another session's edit.

/// Moves the backlog cursor onto the item with `key`.
pub fn select(app: &mut App, key: &str) {
    typ(app, "g");
    for _ in 0..app.state.backlog.list.len() {
        if selected_key(app).as_deref() == Some(key) {
            return;
        }
        typ(app, "j");
    }
    panic!("{key} is not in the visible list");
}

pub fn item<'a>(app: &'a App, key: &str) -> &'a backlog::domain::Item {
    app.ws.item_by_key(key).unwrap_or_else(|| panic!("no live item {key}"))
}

/// The keys of the visible backlog rows, top to bottom.
pub fn visible_keys(app: &App) -> Vec<String> {
    let l = &app.state.backlog.list;
    (0..l.len()).map(|i| app.ws.items[l.get(i).expect("row in range")].key.clone()).collect()
}

pub fn assert_cursor_in_bounds(app: &App) {
    let len = app.state.backlog.list.len();
    let c = app.state.backlog.cursor;
    assert!(if len == 0 { c == 0 } else { c < len }, "cursor {c} with {len} rows");
}

/// Another session's edit, made on a copy of the workspace as the saver
/// would hand it over after a merge.
pub fn elsewhere(ws: &Workspace, cmd: Command) -> Workspace {
    let mut other = ws.clone();
    let mut ctx = Ctx::new(now() + chrono::Duration::seconds(5), Role::Po);
    ctx.ids = IdGen::sequential();
    ctx.confirmed = true;
    apply(&mut other, cmd, &mut ctx).expect("the other session's edit applies");
    other
}
