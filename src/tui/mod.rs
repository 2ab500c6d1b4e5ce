//! The terminal UI. One keypress travels one way: crossterm event ->
//! keymap -> `Action` -> `update` (UI state, returns effects) -> the driver
//! runs `domain::apply` -> the saver thread writes -> one redraw.

pub mod action;
pub mod app;
pub mod archive;
pub mod derive;
pub mod editor;
pub mod export;
pub mod form;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod marks;
pub mod palette;
pub mod saver;
pub mod scroll;
pub mod split;
pub mod state;
pub mod term;
pub mod theme;
pub mod trail;
pub mod update;
pub mod view;
pub mod widgets;

use crate::config::Config;
use crate::domain::command::{ItemPatch, VisionPatch};
use crate::domain::{Command, Ctx, EntityRef, Role, Snapshot};
use crate::store::Store;
use anyhow::Context;
use app::{App, Outside};
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{self as ct, Clear, ClearType, EnterAlternateScreen};
use ratatui::{DefaultTerminal, Terminal};
use state::{SaveState, State};
use std::path::Path;
use std::sync::mpsc::{self, TryRecvError};
use std::time::Duration;
use term::{Holder, InputControl, Msg};

/// Background work (a filter scan, the index, the forecasts) runs this long
/// between two frames: at most one redraw per slice, as yazi redraws at most
/// once per 10 ms, and a key typed meanwhile waits no longer than that.
pub const WORK_SLICE: Duration = Duration::from_millis(8);

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
    let theme = theme::Theme::from_config(config.theme.as_deref(), no_color).map_err(|e| {
        let path = Config::path().map(|p| p.display().to_string()).unwrap_or_else(|| "config.toml".into());
        anyhow::anyhow!("{path}: {e}")
    })?;
    let ws = store.workspace().clone();
    let mut state = State::new(&ws, role, keymap, theme, today);
    // The log's times: the real clock, shown in the local time zone.
    state.clock = std::rc::Rc::new(chrono::Utc::now);
    state.utc_offset = *chrono::Local::now().offset();
    state.workspace_label = store.path().display().to_string();
    if config.show_done == Some(true) {
        state.show_done_work(&ws, true);
    }
    if !store.notices().is_empty() {
        state.warn(store.notices().join(" · "));
    }
    if let Some(reason) = store.read_only() {
        state.save = SaveState::ReadOnly(reason.to_owned());
        state.warn(format!("Read-only: {reason}"));
    }
    let mut ctx = Ctx::new(chrono::Utc::now(), role);
    let me = crate::identity::Identity::resolve(config, Some(store.path()));
    ctx.user = me.name;
    ctx.branch = me.branch;
    ctx.via = Some("tui".into());
    // The morning question: what changed since I last looked?
    state.seen = crate::store::seen::last_seen(store.path(), &ctx.user);
    if let Some(since) = state.seen {
        let others = ws.history.after(since).iter().filter(|r| r.by != ctx.user).count();
        if others > 0 {
            let key = state.keymap.hint(crate::tui::action::Action::Activity);
            state.info(format!("{others} change(s) by others since you last looked: {key} shows them"));
        }
    }
    // Said last, so it is what the status line shows first: once a
    // session (the CLI, run again and again, says it once per file).
    if let Some(w) = crate::store::size::over(store.path(), config.warn_size_mb()) {
        state.warn(w);
    }
    let mut app = App::new(ws, state, ctx, Box::new(chrono::Utc::now));
    app.workspace_path = Some(store.path().to_owned());
    Ok(app)
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every change is in the workspace file.
    Saved,
    /// Some changes are not (kept in a recovery file, or dropped as the
    /// user asked): the process exits non-zero.
    Unsaved,
}

/// Runs the TUI on the workspace at `path` until the user quits.
pub fn run(path: &Path, config: &Config, opts: Options) -> anyhow::Result<Exit> {
    let mut store = Store::open(path, opts.role)?;
    // A session saves often: after its first save, each writes only what
    // changed around the rest of the file.
    store.keep_layout();
    let today = chrono::Utc::now().date_naive();
    let mut app = build_app(&store, config, opts.role, today)?;
    store.set_person(&app.state.user);
    let read_only = store.read_only().is_some();
    if !read_only {
        let found = crate::store::recovery::beside(store.path());
        if !found.is_empty() {
            app.state.modal = Some(state::Modal::Recover { files: found, row: 0 });
        }
    }

    let (tx, rx) = mpsc::channel::<Msg>();
    let store_path = store.path().to_owned();
    if !read_only {
        let stx = tx.clone();
        app = app.with_saver(saver::Saver::spawn(store, move |ev| {
            let _ = stx.send(Msg::Saver(ev));
        }));
    }
    let ttx = tx.clone();
    let reader = trail::TrailReader::spawn(store_path.clone(), &app.ws, move |ev| {
        let _ = ttx.send(Msg::Trail(ev));
    });
    app = app.with_trail(reader);
    let atx = tx.clone();
    let shelf = archive::ArchiveReader::spawn(store_path, move |ev| {
        let _ = atx.send(Msg::Archive(ev));
    });
    app = app.with_archive(shelf);
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
        leave(&mut terminal, opts.mouse);
    }
    // Whatever happened, write what the session holds.
    let wait = if hung_up { Duration::from_millis(1500) } else { Duration::from_secs(20) };
    let mut exit = Exit::Saved;
    if let Some(s) = app.take_saver() {
        let done = s.finish(!app.discard, wait);
        if done.unsaved {
            exit = Exit::Unsaved;
        }
        match (&done.recovery, app.discard) {
            (Some(p), _) => eprintln!(
                "backlog: your last changes could not be saved to {}{}; they are kept in {}\n\
                 backlog: merge them back with `backlog recover {}` (the TUI offers it when it opens)",
                path.display(),
                done.error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default(),
                p.display(),
                p.display()
            ),
            (None, true) if done.unsaved => {
                eprintln!("backlog: quit without saving the last changes to {}, as you asked", path.display())
            }
            _ => {
                if let Some(e) = done.error.filter(|_| done.unsaved) {
                    eprintln!("backlog: {e}");
                }
            }
        }
    }
    if hung_up { Ok(exit) } else { result.map(|_| exit) }
}

/// Gives the terminal back as it was found: extras off, cursor shown,
/// cooked mode, main screen.
fn leave(terminal: &mut DefaultTerminal, mouse: bool) {
    disable_extras(mouse);
    let _ = terminal.show_cursor();
    ratatui::restore();
}

/// Takes the terminal (again) after [`leave`]: raw mode, alternate screen,
/// extras, and a new `Terminal` whose empty buffers make the next draw
/// redraw every cell. Not `ratatui::init`, which would stack one more panic
/// hook each time.
fn enter(terminal: &mut DefaultTerminal, mouse: bool) -> std::io::Result<()> {
    ct::enable_raw_mode()?;
    let mut out = std::io::stdout();
    execute!(out, EnterAlternateScreen)?;
    enable_extras(mouse);
    // Clear without `Terminal::clear`, which asks the terminal for the
    // cursor position and fails after 2 s when no answer comes.
    execute!(out, Clear(ClearType::All))?;
    *terminal = Terminal::new(CrosstermBackend::new(out))?;
    Ok(())
}

/// The state's idea of the size, from the terminal: after a stop, the
/// resizes made meanwhile went to the shell, not to us.
fn sync_size(terminal: &DefaultTerminal, app: &mut App) -> std::io::Result<()> {
    let size = terminal.size()?;
    app.state.width = size.width;
    app.state.height = size.height;
    app.state.clamp_backlog();
    Ok(())
}

/// Ctrl-Z, or SIGTSTP: gives the terminal back to the shell, stops, and
/// takes the terminal again when continued (`fg`).
fn suspend(terminal: &mut DefaultTerminal, app: &mut App, input: &InputControl, mouse: bool) -> anyhow::Result<()> {
    if !term::job_control() {
        app.state.warn("Cannot suspend here: no shell with job control to return to");
        return Ok(());
    }
    term::set_holder(Holder::Stopping);
    input.pause();
    leave(terminal, mouse);
    term::stop();
    let back = enter(terminal, mouse).and_then(|()| sync_size(terminal, app));
    term::set_holder(Holder::Us);
    input.resume();
    back?;
    Ok(())
}

/// A SIGCONT after a stop we did not make (`kill -STOP`): whatever the
/// shell did to the terminal meanwhile, raw mode and the alternate screen
/// again, and everything redrawn. Raw mode is left first, as crossterm
/// skips entering a mode it believes it is in.
fn retake(terminal: &mut DefaultTerminal, app: &mut App, mouse: bool) -> anyhow::Result<()> {
    ct::disable_raw_mode()?;
    enter(terminal, mouse)?;
    sync_size(terminal, app)?;
    Ok(())
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
    sync_size(terminal, app)?;
    terminal.draw(|f| view::draw(f, &app.state, &app.ws))?;
    // The first frame is drawn before any background work (the forecasts).
    let mut background = app.busy();
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
                background = app.work(WORK_SLICE);
            }
            Some(m) => {
                let mut next = Some(m);
                while let Some(m) = next {
                    match m {
                        Msg::Input(ev) => {
                            app.on_event(&ev);
                        }
                        Msg::Saver(ev) => app.on_saver(ev),
                        Msg::Trail(ev) => trail::on_event(&mut app.state, ev),
                        Msg::Archive(ev) => archive::on_event(&mut app.state, &app.ws, ev),
                        Msg::Terminate => app.state.quit = true,
                        Msg::Hangup => return Ok(true),
                        Msg::Suspend => app.outside = Some(Outside::Suspend),
                        Msg::Continue => retake(terminal, app, mouse)?,
                    }
                    if app.state.quit || app.outside.is_some() {
                        break;
                    }
                    next = rx.try_recv().ok();
                }
                background = app.busy();
            }
        }
        if app.state.quit {
            return Ok(false);
        }
        match app.outside.take() {
            None => {}
            Some(Outside::Suspend) => suspend(terminal, app, input, mouse)?,
            Some(job) => {
                term::set_holder(Holder::Editor);
                input.pause();
                leave(terminal, mouse);
                // Take the edit in before touching the terminal again: if
                // that fails (a hang-up while the editor ran), the edit is
                // still saved.
                match run_editor(app, &job) {
                    Ok(Some((cmd, base))) => app.apply_edit(cmd, false, base),
                    Ok(None) => app.state.info("Nothing changed"),
                    Err(e) => app.state.error(format!("Editor: {e:#}")),
                }
                term::set_holder(Holder::Us);
                enter(terminal, mouse)?;
                input.resume();
            }
        }
        terminal.draw(|f| view::draw(f, &app.state, &app.ws))?;
    }
}

/// Opens `$VISUAL`/`$EDITOR` on the text; returns the command that applies
/// the edit, with the entity as the editor got it (the base the edit merges
/// on), or None if nothing changed.
fn run_editor(app: &App, job: &Outside) -> anyhow::Result<Option<(Command, Vec<Snapshot>)>> {
    let (doc, entity) = match job {
        Outside::EditItemText(id) => {
            let item = app.ws.item(*id).context("the item is gone")?;
            (editor::item_document(item), EntityRef::Item(*id))
        }
        Outside::EditVisionText(i) => {
            (app.ws.vision.texts().get(*i).map_or(String::new(), |s| s.to_string()), EntityRef::Vision)
        }
        Outside::Suspend => return Ok(None),
    };
    let base = vec![Snapshot { entity, value: app.ws.get(entity) }];
    let mut file = tempfile::Builder::new().prefix("backlog-").suffix(".md").tempfile()?;
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
    let cmd = match job {
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
        Outside::Suspend => None,
    };
    Ok(cmd.map(|c| (c, base)))
}
