//! A TUI session as the event loop runs it, on a 120x40 `TestBackend`,
//! for the benchmarks that time keystrokes with their redraw. The app is
//! built without a saver (saving runs on another thread in the real app),
//! so what is measured is what the user waits for.

use backlog::config::Config;
use backlog::domain::Role;
use backlog::store::Store;
use backlog::tui::app::App;
use backlog::tui::{build_app, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;

pub const WIDTH: u16 = 120;
pub const HEIGHT: u16 = 40;

pub fn key(code: KeyCode) -> Event {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    Event::Key(KeyEvent::new(code, modifiers))
}

pub fn char_key(c: char) -> Event {
    key(KeyCode::Char(c))
}

pub struct Session {
    pub app: App,
    term: Terminal<TestBackend>,
    /// The real app hands the store to the saver thread; kept, not dropped.
    _store: Store,
}

impl Session {
    /// The session as the event loop starts it: sized, on its first pane,
    /// with the first frame drawn.
    pub fn open(path: &Path) -> Session {
        let store = Store::open(path, Role::Po).expect("opens");
        let mut app = build_app(&store, &Config::default(), Role::Po, super::today()).expect("builds");
        app.state.width = WIDTH;
        app.state.height = HEIGHT;
        app.state.clamp_backlog();
        let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
        term.draw(|f| view::draw(f, &app.state, &app.ws)).expect("draws");
        Session { app, term, _store: store }
    }

    pub fn draw(&mut self) {
        let Session { app, term, .. } = self;
        term.draw(|f| view::draw(f, &app.state, &app.ws)).expect("draws");
    }

    /// A keystroke and the background work it starts, as the event loop
    /// runs them: the event and a frame, then a slice of work and a frame
    /// until there is no more to do.
    pub fn complete(&mut self, ev: &Event) {
        self.press(ev);
        loop {
            let more = self.app.work(backlog::tui::WORK_SLICE);
            self.draw();
            if !more {
                break;
            }
        }
    }

    /// One keystroke as the event loop handles it: the event, then a redraw.
    pub fn press(&mut self, ev: &Event) {
        self.app.on_event(ev);
        self.draw();
    }
}
