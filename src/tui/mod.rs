//! The terminal UI. One keypress travels one way: crossterm event ->
//! keymap -> `Action` -> `update` (UI state, returns effects) -> the driver
//! runs `domain::apply` -> the saver thread writes -> one redraw.

pub mod action;
pub mod app;
pub mod editor;
pub mod form;
pub mod input;
pub mod keymap;
pub mod list;
pub mod palette;
pub mod saver;
pub mod state;
pub mod term;
pub mod theme;
pub mod update;
pub mod view;

use crate::config::Config;
use crate::domain::command::{ItemPatch, VisionPatch};
use crate::domain::{Command, Ctx, Role};
use crate::store::Store;
use anyhow::Context;
use app::{App, Outside};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType};
use state::{SaveState, State};
use std::path::Path;
use std::sync::mpsc::{self, TryRecvError};
use std::time::Duration;
use term::{InputControl, Msg};

/// How a session is set up.
pub struct Options {
    pub role: Role,
    pub mouse: bool,
}

/// Builds the app for `store`'s workspace (no terminal, no threads): what
/// tests and benchmarks drive directly.
pub fn build_app(store: &Store, config: &Config, role: Role, today: chrono::NaiveDate) -> anyhow::Result<App> {
    let keymap = keymap::Keymap::with_overrides(&config.keys).map_err(|e| {
        let path = Config::path().map(|p| p.display().to_string()).unwrap_or_else(|| "config.toml".into());
        anyhow::anyhow!("{path}: {e}")
    })?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = theme::Theme::from_config(config.theme.as_deref(), no_color);
    let ws = store.workspace().clone();
    let mut state = State::new(&ws, role, keymap, theme, today);
    state.workspace_label = store.path().display().to_string();
    if let Some(reason) = store.read_only() {
        state.save = SaveState::ReadOnly(reason.to_owned());
        state.warn(format!("Read-only: {reason}"));
    }
    let ctx = Ctx::new(chrono::Utc::now(), role);
    Ok(App::new(ws, state, ctx, Box::new(chrono::Utc::now)))
}

/// Runs the TUI on the workspace at `path` until the user quits.
pub fn run(path: &Path, config: &Config, opts: Options) -> anyhow::Result<()> {
    let store = Store::open(path, opts.role)?;
    let today = chrono::Utc::now().date_naive();
    let mut app = build_app(&store, config, opts.role, today)?;
    let read_only = store.read_only().is_some();

    let (tx, rx) = mpsc::channel::<Msg>();
    if !read_only {
        let stx = tx.clone();
        app = app.with_saver(saver::Saver::spawn(store, move |ev| {
            let _ = stx.send(Msg::Saver(ev));
        }));
    }
    term::spawn_signals(tx.clone()).context("could not install signal handlers")?;
    let input = InputControl::default();
    term::spawn_input(tx.clone(), input.clone());

    // Our hook runs after ratatui's, which restores the terminal first.
    let shown = path.display().to_string();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default_hook(info);
        eprintln!("backlog stopped on an internal error. Changes saved before it are in {shown}.");
    }));
    let mut terminal = ratatui::init();
    enable_extras(opts.mouse);
    let result = event_loop(&mut terminal, &mut app, &rx, &input, opts.mouse);
    // A draw that failed because the terminal died is a hang-up too.
    let hung_up = matches!(result, Ok(true)) || (result.is_err() && !term::terminal_alive());
    // A SIGHUP while the terminal is still there (`kill -HUP`, the shell
    // that started us exiting) must leave it usable; only a dead one is
    // left alone.
    if hung_up && !term::terminal_alive() {
        term::detach();
    } else {
        disable_extras(opts.mouse);
        ratatui::restore();
    }
    // Whatever happened, write what the session holds.
    let wait = if hung_up { Duration::from_millis(1500) } else { Duration::from_secs(20) };
    if let Some(s) = app.take_saver() {
        let done = s.finish(wait);
        if let Some(p) = done.recovery {
            eprintln!(
                "backlog: your last changes could not be saved to {} ({}); they are in {}",
                path.display(),
                done.error.unwrap_or_default(),
                p.display()
            );
        } else if let Some(e) = done.error {
            eprintln!("backlog: {e}");
        }
    }
    if hung_up { Ok(()) } else { result.map(|_| ()) }
}

fn enable_extras(mouse: bool) {
    let mut out = std::io::stdout();
    let _ = execute!(out, EnableBracketedPaste);
    if mouse {
        let _ = execute!(out, EnableMouseCapture);
    }
}

fn disable_extras(mouse: bool) {
    let mut out = std::io::stdout();
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, DisableBracketedPaste);
}

/// Returns Ok(true) when the terminal hung up.
fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    rx: &mpsc::Receiver<Msg>,
    input: &InputControl,
    mouse: bool,
) -> anyhow::Result<bool> {
    let size = terminal.size()?;
    app.state.width = size.width;
    app.state.height = size.height;
    app.state.clamp_backlog();
    terminal.draw(|f| view::draw(f, &app.state, &app.ws))?;
    let mut background = app.step();
    loop {
        // Block when idle; with background work pending, only peek.
        let first = if background {
            match rx.try_recv() {
                Ok(m) => Some(m),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => return Ok(false),
            }
        } else {
            match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => return Ok(false),
            }
        };
        match first {
            None => {
                background = app.step();
            }
            Some(m) => {
                let mut next = Some(m);
                while let Some(m) = next {
                    match m {
                        Msg::Input(ev) => {
                            app.on_event(&ev);
                        }
                        Msg::Saver(ev) => app.on_saver(ev),
                        Msg::Terminate => app.state.quit = true,
                        Msg::Hangup => return Ok(true),
                    }
                    if app.state.quit || app.outside.is_some() {
                        break;
                    }
                    next = rx.try_recv().ok();
                }
                background = app.state.backlog.list.scanning();
            }
        }
        if app.state.quit {
            return Ok(false);
        }
        if let Some(job) = app.outside.take() {
            input.pause();
            disable_extras(mouse);
            ratatui::restore();
            // Take the edit in before touching the terminal again: if that
            // fails (a hang-up while the editor ran), the edit is still saved.
            match run_editor(app, &job) {
                Ok(Some(cmd)) => app.apply(cmd, false),
                Ok(None) => app.state.info("Nothing changed"),
                Err(e) => app.state.error(format!("Editor: {e:#}")),
            }
            *terminal = ratatui::init();
            enable_extras(mouse);
            // A new terminal redraws every cell; clear the screen without
            // `Terminal::clear`, which asks the terminal for the cursor
            // position and fails after 2 s when no answer comes.
            execute!(std::io::stdout(), Clear(ClearType::All))?;
            input.resume();
        }
        terminal.draw(|f| view::draw(f, &app.state, &app.ws))?;
    }
}

/// Opens `$VISUAL`/`$EDITOR` on the text; returns the command that applies
/// the edit, or None if nothing changed.
fn run_editor(app: &App, job: &Outside) -> anyhow::Result<Option<Command>> {
    let (doc, suffix) = match job {
        Outside::EditItemText(id) => {
            let item = app.ws.item(*id).context("the item is gone")?;
            (editor::item_document(item), ".md")
        }
        Outside::EditVisionText(i) => {
            let text = app.ws.vision.texts().get(*i).map_or(String::new(), |s| s.to_string());
            (text, ".md")
        }
    };
    let mut file = tempfile::Builder::new().prefix("backlog-").suffix(suffix).tempfile()?;
    std::io::Write::write_all(&mut file, doc.as_bytes())?;
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_owned());
    // Through the shell, so EDITOR may carry arguments ("code -w").
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("backlog-editor")
        .arg(file.path())
        .status()
        .with_context(|| format!("could not run {editor}"))?;
    if !status.success() {
        anyhow::bail!("{editor} exited with {status}; nothing changed");
    }
    let text = std::fs::read_to_string(file.path())?;
    if text == doc {
        return Ok(None);
    }
    Ok(match job {
        Outside::EditItemText(id) => {
            editor::parse_item_document(&text).map(|(description, criteria)| Command::EditItem {
                id: *id,
                patch: Box::new(ItemPatch {
                    description: Some(description),
                    acceptance_criteria: Some(criteria),
                    ..ItemPatch::default()
                }),
            })
        }
        Outside::EditVisionText(i) => {
            let mut p = VisionPatch::default();
            p.set(*i, text.trim().to_owned());
            Some(Command::EditVision(p))
        }
    })
}
