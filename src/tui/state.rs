//! UI state: which pane, what is selected, what is open. It never holds
//! the workspace itself; views read both, and only the driver changes the
//! workspace (through domain commands).

use super::form::Form;
use super::input::LineInput;
use super::keymap::Keymap;
use super::list::{FilterSpec, Planning, RankedList};
use super::theme::Theme;
use crate::domain::{Change, Command, Role, Snapshot, Workspace};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use std::rc::Rc;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Vision,
    Roadmap,
    Backlog,
    Sprint,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Vision, Pane::Roadmap, Pane::Backlog, Pane::Sprint];
    pub fn title(self) -> &'static str {
        match self {
            Pane::Vision => "Vision",
            Pane::Roadmap => "Roadmap",
            Pane::Backlog => "Backlog",
            Pane::Sprint => "Sprint",
        }
    }
    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// How a status-line message should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// A message of the session, as the log (`@`) keeps it: the status line
/// shows only the last, and only what fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// When it was said (the last time, when said again).
    pub at: DateTime<Utc>,
    pub level: Level,
    pub text: String,
    /// How many times in a row it was said (a live sync says the same
    /// thing often): one entry, counted.
    pub times: u32,
}

/// Where the session's changes are on their way to disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Saving,
    Failed(String),
    ReadOnly(String),
}

/// The Backlog pane.
#[derive(Debug, Clone, Default)]
pub struct BacklogView {
    /// The items, filtered and in the order chosen (`list.sort()`: the
    /// rank unless sorted by a column; the rank itself never changes by
    /// looking at it).
    pub list: RankedList,
    /// The filter being typed (`/`), or kept after Enter.
    pub query: LineInput,
    pub typing: bool,
    /// Only items of initiatives ready for breakdown.
    pub intake: bool,
    /// Selected visible row.
    pub cursor: usize,
    /// First visible row.
    pub offset: usize,
    pub detail: bool,
    /// First line of the detail shown, when it fills the pane (narrow
    /// terminals): j/k and PgDn/PgUp scroll it there.
    pub detail_scroll: usize,
    /// Marked items: with marks, item actions apply to all of them. They
    /// stay marked when the filter hides them.
    pub marks: super::marks::Marks,
    /// How many marked items the list does not show (kept by
    /// [`State::recount_marks`], so a frame costs no count).
    pub marks_unseen: usize,
    /// Done and dropped items are shown in the rank view (hidden by default).
    pub show_done: bool,
    /// The optional columns a named view asked for (empty: as many as fit).
    pub columns: Vec<String>,
    /// Items blocked by open work (derived; kept current as changes come
    /// in, so a frame costs no scan).
    pub blocked: std::collections::HashSet<Uuid>,
}

/// How the Roadmap pane shows initiatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoadmapMode {
    #[default]
    Columns,
    /// Initiatives with timeframes placed on a calendar, by month.
    Months,
    /// The same, by quarter.
    Quarters,
}

/// The Roadmap pane: a column per horizon, a row in each.
#[derive(Debug, Clone, Default)]
pub struct RoadmapView {
    pub column: usize,
    pub row: [usize; 3],
    pub mode: RoadmapMode,
}

/// The Vision pane: the board's six fields, then the goals.
#[derive(Debug, Clone, Default)]
pub struct VisionView {
    pub row: usize,
}

/// What the Sprint pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SprintMode {
    /// Delivery: the board by status.
    #[default]
    Board,
    /// Planning: the backlog (ready first) beside the sprint.
    Planning,
    /// Burndown, burnup and velocity.
    Charts,
}

/// The Sprint pane.
#[derive(Debug, Clone, Default)]
pub struct SprintView {
    pub mode: SprintMode,
    /// Board column (0..4), or planning side (0 = backlog, 1 = sprint).
    pub column: usize,
    pub row: [usize; 4],
    /// The open sprint the pane plans and shows, when chosen (`t`); else
    /// the active sprint, or the earliest planned one.
    pub target: Option<Uuid>,
    /// The planning lists (derived; kept current as changes come in).
    pub plan: Planning,
}

/// `/` in a pane other than the Backlog: what is typed, and whether it is
/// being typed.
#[derive(Debug, Clone, Default)]
pub struct Find {
    pub input: LineInput,
    pub typing: bool,
}

/// What a pane shows of the workspace: the owner toggle and its `/` query.
pub struct Narrow {
    pub owner: Option<Role>,
    pub query: Option<crate::domain::query::Query>,
}

impl Narrow {
    /// Everything, for everyone.
    pub fn everything() -> Narrow {
        Narrow { owner: None, query: None }
    }
    pub fn item(&self, ws: &Workspace, i: &crate::domain::Item) -> bool {
        self.owner.is_none_or(|o| i.meta.owner == o) && self.query.as_ref().is_none_or(|q| q.matches(ws, i))
    }
    /// For entities that are not items: the owner and the query's words.
    pub fn texts(&self, owner: Role, texts: &[&str]) -> bool {
        self.owner.is_none_or(|o| owner == o)
            && self.query.as_ref().is_none_or(|q| crate::domain::query::texts_match(q, texts))
    }
}

/// A question that must be answered before anything else.
#[derive(Debug, Clone)]
pub struct Confirm {
    pub title: String,
    pub message: String,
    /// What "yes" does.
    pub yes: Effect,
}

/// A question with more answers than yes and no, each on a key; Enter
/// gives the first, Esc answers none.
#[derive(Debug, Clone)]
pub struct Choose {
    pub title: String,
    pub message: String,
    /// (key, what the answer does, its effect).
    pub options: Vec<(char, String, Effect)>,
}

/// The command palette.
#[derive(Debug, Clone, Default)]
pub struct Palette {
    pub input: LineInput,
    pub selected: usize,
}

/// Something drawn over the panes that takes the keys while it is open.
// One at a time, held in the state: its size costs nothing per keypress,
// and boxing the question would touch every place that asks one.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Modal {
    Form(Box<Form>),
    Confirm(Confirm),
    Choose(Choose),
    /// Esc on a form with changes: discard them (y), or back to the form.
    Discard(Box<Form>),
    Help {
        scroll: usize,
        /// The popup `?` was pressed in: its keys come first, and closing
        /// the help goes back to it.
        popup: Option<Box<Modal>>,
    },
    Palette(Palette),
    /// The alignment report, computed when opened; Enter jumps to an entry.
    Alignment {
        report: Box<crate::domain::align::Report>,
        row: usize,
    },
    /// An item against the Definition of Ready and Done: the checks the
    /// tool makes, and the free-text items a person ticks.
    Definition {
        item: Uuid,
        row: usize,
    },
    /// The named views saved in the workspace: Enter applies one.
    Views {
        row: usize,
    },
    /// What the Backlog is sorted by: a column, and the way (choosing the
    /// column it is sorted by turns it round).
    Sort {
        row: usize,
    },
    /// Go to a key: an item, an initiative or a goal, in its pane.
    GoTo(LineInput),
    /// An item's acceptance criteria: check off, add, edit, delete, reorder.
    Criteria {
        item: Uuid,
        row: usize,
        /// A criterion's text being typed.
        edit: Option<CriterionEdit>,
    },
    /// Splitting a story into new ones.
    Split(Box<super::split::Split>),
    /// Closing the active sprint: where its unfinished work goes (`c`
    /// switches), and was its goal met?
    CloseSprint {
        sprint: Uuid,
        carry_over: crate::domain::command::CarryOver,
        /// The review's notes (`r` writes them), kept with the review.
        notes: LineInput,
        /// Keys go to the notes while true (Enter or Esc ends it).
        writing: bool,
    },
    /// A roadmap initiative, read-only, with its stories (`e` edits).
    Initiative {
        id: Uuid,
        scroll: usize,
    },
    /// The review of a closed sprint.
    Review {
        sprint: Uuid,
        scroll: usize,
    },
    /// The session's messages, oldest first; opened at the newest.
    /// `scroll` past the end keeps the newest in view as more come.
    Messages {
        scroll: usize,
    },
    /// Changes, oldest first, opened at the newest: one item's history
    /// (`item`), or everyone's since `since` (the activity feed).
    History {
        item: Option<Uuid>,
        since: Option<chrono::DateTime<chrono::Utc>>,
        scroll: usize,
    },
    /// Open merge conflicts, to resolve one by one.
    Conflicts {
        row: usize,
    },
    /// Quitting while changes are not in the workspace file yet.
    Quit(Quitting),
    /// The archive, read-only: the archived items `query` (the backlog
    /// filter, with `is:archived`) finds, and the one selected. `rows` is
    /// `None` while the archive is being read.
    Archive {
        query: String,
        rows: Option<Vec<usize>>,
        row: usize,
    },
    /// Recovery files found beside the workspace, offered for merging.
    Recover {
        files: Vec<std::path::PathBuf>,
        row: usize,
    },
}

/// A criterion being written in the criteria popup.
#[derive(Debug, Clone)]
pub struct CriterionEdit {
    pub input: LineInput,
    /// The criterion edited, or `None` for a new one (inserted after the
    /// selected row).
    pub index: Option<usize>,
    /// The item as it was when typing began: what the edit is merged
    /// against if another session changes it meanwhile.
    pub base: Vec<Snapshot>,
}

/// Where quitting with unsaved changes stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quitting {
    /// Waiting for the saver: quits as soon as everything is written.
    Saving,
    /// The save failed: try again, write a recovery file, or lose them.
    Failed(String),
    /// Asked once to quit without the changes: asked again.
    ConfirmDiscard(String),
    /// A recovery file is being written.
    Writing,
}

/// What an export from the TUI writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportWhat {
    Roadmap,
    Vision,
    Sprint(Uuid),
    /// The items the filter finds (all of them when it is empty), done
    /// and dropped ones too, as `export backlog --where FILTER` writes.
    Backlog {
        filter: String,
    },
}

/// The format of an export: the formats the CLI's `export` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Md,
    Html,
    Json,
    Csv,
}

impl ExportFormat {
    /// The file name's extension.
    pub fn ext(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Html => "html",
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
        }
    }
}

/// What `update` asks the driver to do: the only way out of pure UI state.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Apply a command (the role guard may ask first).
    Apply(Command),
    /// Read the whole archive for the archive popup (off the input path).
    ReadArchive,
    /// Apply a command the user confirmed (crossing the role line).
    ApplyConfirmed(Command),
    /// Apply an edit made in a form or an editor: `base` is the entity as
    /// it was when the form opened, so that what another session saved
    /// meanwhile is merged, not overwritten.
    Edit {
        cmd: Command,
        base: Vec<Snapshot>,
        confirmed: bool,
    },
    Undo,
    Redo,
    /// Edit an item's long text in `$EDITOR`.
    EditItemText(Uuid),
    /// Edit one vision board field in `$EDITOR`.
    EditVisionText(usize),
    /// Suspend to the shell (Ctrl-Z).
    Suspend,
    /// Quit: at once when everything is saved, else asks what to do.
    Quit,
    /// Try saving again now.
    RetrySave,
    /// Keep what is unsaved in a recovery file, then quit.
    WriteRecovery,
    /// Quit without what is unsaved (confirmed twice).
    Discard,
    /// Merge a recovery file into the workspace.
    MergeRecovery(std::path::PathBuf),
    /// Remember that the activity feed was seen up to this change.
    MarkSeen(chrono::DateTime<chrono::Utc>),
    /// Write an export beside the workspace file and say where.
    Export(ExportWhat, ExportFormat),
    /// Open a form the user agreed to fill although the other role owns
    /// what it changes.
    OpenForm(Box<Form>),
}

impl Effect {
    /// What a form's command becomes: an edit with the form's base. Here,
    /// not on `Form`, because `Effect` holds a form (`OpenForm`): the form
    /// module then need not know `state`.
    pub fn from_form(form: &Form, cmd: Command) -> Effect {
        Effect::Edit { cmd, base: form.base.clone(), confirmed: form.confirmed }
    }
}

/// Below this size the panes are not drawn, only a notice, and keys that
/// would change something unseen do nothing.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

pub struct State {
    pub pane: Pane,
    pub role: Role,
    /// Show only one role's items, or all.
    pub owner_filter: Option<Role>,
    pub backlog: BacklogView,
    pub roadmap: RoadmapView,
    pub vision: VisionView,
    pub sprint: SprintView,
    /// `/` in the Vision, Roadmap and Sprint panes (the Backlog has its own).
    pub finds: [Find; 3],
    pub modal: Option<Modal>,
    /// The message on the status line (the last one said).
    pub message: Option<(String, Level)>,
    /// Every message of the session, oldest first (in memory only).
    pub log: Vec<Logged>,
    /// What time it is, for the log (the driver's clock: fixed in tests).
    pub clock: Rc<dyn Fn() -> DateTime<Utc>>,
    /// The local time zone's offset, for showing the log's times.
    pub utc_offset: FixedOffset,
    pub save: SaveState,
    /// Undo and redo stacks of applied changes.
    pub undo: Vec<Change>,
    pub redo: Vec<Change>,
    /// Terminal size, for paging and for where things are.
    pub width: u16,
    pub height: u16,
    pub today: NaiveDate,
    pub keymap: Keymap,
    pub theme: Theme,
    pub workspace_label: String,
    /// The session's person: whom `me` in a form and `@me` in a filter
    /// name (the config's `user`, else `$USER`).
    pub user: String,
    /// When this person last looked at the activity feed (kept on this
    /// machine, not in the workspace): `A` shows what changed since.
    pub seen: Option<chrono::DateTime<chrono::Utc>>,
    /// Commits and branches naming stories, as last read (derived).
    pub trail: super::trail::Known,
    /// What the session has read of the archive beside the workspace.
    pub archive: super::archive::Shelf,
    /// Counts the changes to the session's workspace (made here, undone,
    /// or merged in from another session): derived state made for one
    /// revision is made again for the next.
    pub revision: u64,
    /// The forecasts the panes show, as made for a revision and a day
    /// (derived; the driver makes them off the input path).
    pub forecasts: super::derive::Forecasts,
    /// Each initiative's progress, kept like the forecasts.
    pub progress: super::derive::KeptProgress,
    pub quit: bool,
}

impl State {
    pub fn new(ws: &Workspace, role: Role, keymap: Keymap, theme: Theme, today: NaiveDate) -> State {
        let mut state = State {
            pane: match role {
                Role::Pm => Pane::Roadmap,
                Role::Po => Pane::Backlog,
            },
            role,
            owner_filter: None,
            backlog: BacklogView {
                list: RankedList::build(ws),
                blocked: crate::domain::ready::blocked_set(ws),
                ..BacklogView::default()
            },
            roadmap: RoadmapView::default(),
            vision: VisionView::default(),
            sprint: SprintView::default(),
            finds: Default::default(),
            modal: None,
            message: None,
            log: Vec::new(),
            // Until the driver gives its clock: the start of the day.
            clock: Rc::new(move || today.and_time(chrono::NaiveTime::MIN).and_utc()),
            utc_offset: FixedOffset::east_opt(0).expect("UTC is an offset"),
            save: SaveState::Saved,
            undo: Vec::new(),
            redo: Vec::new(),
            width: 80,
            height: 24,
            today,
            keymap,
            theme,
            workspace_label: ws.workspace.name.clone(),
            user: String::new(),
            seen: None,
            trail: Default::default(),
            archive: Default::default(),
            revision: 0,
            forecasts: Default::default(),
            progress: Default::default(),
            quit: false,
        };
        state.sprint.plan = Planning::build(ws, state.backlog.list.order());
        // Done work is hidden in the rank view until asked for.
        let spec = state.filter_spec(ws);
        state.backlog.list.set_filter(spec);
        while state.backlog.list.step(ws, usize::MAX) {}
        state
    }

    pub fn info(&mut self, msg: impl Into<String>) {
        self.say(msg.into(), Level::Info);
    }
    pub fn warn(&mut self, msg: impl Into<String>) {
        self.say(msg.into(), Level::Warn);
    }
    pub fn error(&mut self, msg: impl Into<String>) {
        self.say(msg.into(), Level::Error);
    }

    /// Shows a message on the status line and keeps it in the log.
    fn say(&mut self, text: String, level: Level) {
        let at = (self.clock)();
        match self.log.last_mut() {
            Some(last) if last.text == text && last.level == level => {
                last.times = last.times.saturating_add(1);
                last.at = at;
            }
            _ => self.log.push(Logged { at, level, text: text.clone(), times: 1 }),
        }
        self.message = Some((text, level));
    }

    /// The terminal is too small to show the panes (see [`MIN_WIDTH`]).
    pub fn too_small(&self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// Rows the backlog list shows at the current size (see the layout in
    /// `view::backlog`): the screen less tab bar, status line, borders and
    /// the header row.
    pub fn backlog_page(&self) -> usize {
        usize::from(self.height.saturating_sub(6)).max(1)
    }

    /// Whether the backlog filter asks for archived items (`is:archived`):
    /// Enter then opens the archive, and closing it clears the filter.
    pub fn filter_asks_archived(&self) -> bool {
        self.backlog.list.spec().is_some_and(|s| s.query.asks_archived())
    }

    /// The filter the backlog list should have, from the query, the owner
    /// toggle and the intake view.
    pub fn filter_spec(&self, ws: &Workspace) -> FilterSpec {
        let mut spec = FilterSpec::new(ws, self.backlog.query.text(), self.owner_filter, &self.user);
        // Done work stays hidden unless shown, or asked for by the query
        // (as `backlog list` does); an item named by its key shows anyway.
        spec.open_only = !self.backlog.show_done && !spec.query.names_status();
        if self.backlog.intake {
            use crate::domain::strategy::InitiativeStatus;
            spec.initiatives = Some(
                ws.live_initiatives()
                    .filter(|i| i.status == InitiativeStatus::ReadyForBreakdown)
                    .map(|i| i.meta.id)
                    .collect(),
            );
        }
        spec
    }

    /// Shows (or hides) done and dropped items in the rank view, scanning
    /// the list again at once (for set-up: `H` rescans between events).
    pub fn show_done_work(&mut self, ws: &Workspace, show: bool) {
        self.backlog.show_done = show;
        let spec = self.filter_spec(ws);
        self.backlog.list.set_filter(spec);
        while self.backlog.list.step(ws, usize::MAX) {}
        self.clamp_backlog();
    }

    /// Counts the marked items the backlog does not show (for the status
    /// line). Costs one match per mark; nothing without marks.
    pub fn recount_marks(&mut self, ws: &Workspace) {
        let b = &mut self.backlog;
        b.marks_unseen = if b.marks.is_empty() {
            0
        } else {
            b.marks.ids().filter(|id| ws.item_pos(**id).is_none_or(|p| !b.list.shows(ws, p))).count()
        };
    }

    /// The `/` of a pane other than the Backlog.
    pub fn find(&self, pane: Pane) -> Option<&Find> {
        Some(&self.finds[find_slot(pane)?])
    }
    pub fn find_mut(&mut self, pane: Pane) -> Option<&mut Find> {
        Some(&mut self.finds[find_slot(pane)?])
    }

    /// What `pane` shows: the owner toggle and its query.
    pub fn narrow(&self, ws: &Workspace, pane: Pane) -> Narrow {
        let text = self.find(pane).map_or("", |f| f.input.text());
        let query = (!text.trim().is_empty()).then(|| crate::domain::query::Query::parse(text, ws, &self.user));
        Narrow { owner: self.owner_filter, query }
    }

    /// The item under the cursor in the Backlog pane.
    pub fn selected_item(&self) -> Option<usize> {
        self.backlog.list.get(self.backlog.cursor)
    }

    /// Keeps the backlog cursor on a row and in view.
    pub fn clamp_backlog(&mut self) {
        let len = self.backlog.list.len();
        let b = &mut self.backlog;
        b.cursor = b.cursor.min(len.saturating_sub(1));
        let page = usize::from(self.height.saturating_sub(6)).max(1);
        if b.cursor < b.offset {
            b.offset = b.cursor;
        } else if b.cursor >= b.offset + page {
            b.offset = b.cursor + 1 - page;
        }
        b.offset = b.offset.min(len.saturating_sub(1));
    }
}

fn find_slot(pane: Pane) -> Option<usize> {
    match pane {
        Pane::Vision => Some(0),
        Pane::Roadmap => Some(1),
        Pane::Sprint => Some(2),
        Pane::Backlog => None,
    }
}
