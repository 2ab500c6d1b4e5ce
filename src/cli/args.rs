//! The command line, as clap types. Parsing only: what each command does is
//! in the sibling modules.

use crate::domain::Role;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "backlog",
    version,
    about = "A keyboard-first backlog where the PM's strategy and the PO's execution live in one JSON file",
    long_about = None,
    disable_help_subcommand = true,
    after_help = "Without a command, opens the terminal UI on the workspace it finds.\n\
                  The workspace is, first hit wins: --workspace, $BACKLOG_WORKSPACE, backlog.json in this\n\
                  directory or a parent, then the per-user default."
)]
pub struct Cli {
    /// The workspace file to use.
    #[arg(long, short = 'w', global = true, value_name = "PATH")]
    pub workspace: Option<PathBuf>,
    /// Act as the product manager or the product owner [env: BACKLOG_ROLE] [default: config, else po].
    #[arg(long, global = true, value_name = "pm|po")]
    pub role: Option<Role>,
    /// Open the demo workspace (created in the user data folder on first use).
    #[arg(long, global = true)]
    pub demo: bool,
    /// Machine-readable output.
    #[arg(long, global = true)]
    pub json: bool,
    /// Capture the mouse in the TUI (off by default so that terminal text selection works).
    #[arg(long)]
    pub mouse: bool,
    /// How the change came, for the history (`mcp` for the agent server's calls).
    #[arg(long, global = true, hide = true, value_name = "HOW")]
    pub via: Option<String>,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Create a workspace file (default: ./backlog.json); with --demo, a copy of the demo.
    Init(InitArgs),
    /// Add a backlog item.
    Add(AddArgs),
    /// List backlog items in rank order.
    #[command(alias = "ls")]
    List(ListCmd),
    /// Show one item in full.
    Show {
        /// The item's key (BL-7, or just 7).
        key: String,
    },
    /// Change any field of one item, several, or those a filter finds (--where).
    Edit(EditArgs),
    /// Delete items (kept as tombstones so the delete survives merges).
    Rm(Select),
    /// Move items in the backlog order (several move as a block, keeping their order).
    Rank(RankArgs),
    /// Say that one item blocks another (or no longer does).
    Link(LinkArgs),
    /// Split a story into smaller ones, right after it (one undo step).
    Split(SplitArgs),
    /// Copy an item (new key) right after it.
    #[command(alias = "dup")]
    Duplicate {
        /// The item's key.
        key: String,
    },
    /// Add a comment to an item (comments are kept in order, never edited).
    Comment {
        /// The item's key.
        key: String,
        /// The text (several words are joined).
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },
    /// Move closed sprints and done or dropped items older than a date into the archive file
    /// beside the workspace (`backlog.archive.json`), to keep the shared file small.
    Archive(ArchiveArgs),
    /// Bring archived items back into the workspace, with their epics, sprint and linked items.
    Unarchive {
        /// The items' keys (see `backlog list --archived`).
        #[arg(required = true, num_args = 1..)]
        keys: Vec<String>,
    },
    /// Named views of the backlog: a filter, a sort and columns, kept in the workspace.
    #[command(subcommand)]
    View(ViewCmd),
    /// The product vision board.
    #[command(subcommand)]
    Vision(VisionCmd),
    /// Business goals and their KPIs.
    #[command(subcommand)]
    Goal(GoalCmd),
    /// Roadmap initiatives (Now / Next / Later).
    #[command(subcommand)]
    Roadmap(RoadmapCmd),
    /// Sprints: plan, start, close, and what is in them.
    #[command(subcommand)]
    Sprint(SprintCmd),
    /// Releases (versions) with a target date: their items, and whether they will make it.
    #[command(subcommand)]
    Release(ReleaseCmd),
    /// The team: each person's points a sprint and days off, from which sprints get their capacity.
    #[command(subcommand)]
    Team(TeamCmd),
    /// Workspace settings (point scale, velocity window, role guard, …).
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Report broken links and strategy alignment; exits 1 on broken links.
    Check,
    /// When will it land: a Monte Carlo forecast from the team's past sprints (50, 85 and 95%) for an
    /// epic, an initiative, a roadmap column, or an item (when it starts and finishes if the order
    /// holds).
    Forecast(ForecastArgs),
    /// Who this session records as the author of its changes, and where that came from.
    Whoami,
    /// What changed: one item's history (KEY), or everyone's changes (the activity feed).
    Log(LogArgs),
    /// Take back the last change you made from the command line (a field changed since stays).
    Undo,
    /// Take back one change from the history (its id from `backlog log`; a field changed since stays).
    Revert {
        /// The change's id as `backlog log` shows it (any beginning of it).
        change: String,
    },
    /// Merge conflicts left by concurrent edits.
    #[command(subcommand)]
    Conflicts(ConflictsCmd),
    /// The workspace in git: merge it entity by entity (setup, status, resolve).
    #[command(subcommand)]
    Git(GitCmd),
    /// Git's merge driver for the workspace (installed by `backlog git setup`).
    #[command(name = "merge-driver", hide = true)]
    MergeDriver(MergeDriverArgs),
    /// Import issues from Jira (CSV), GitHub (JSON) or Linear (CSV); importing again syncs.
    Import(ImportArgs),
    /// The backlog (JSON that import reads back, CSV with Jira's headers, Markdown), or the
    /// roadmap, the vision or a sprint review (Markdown, JSON, or one self-contained HTML page).
    Export(ExportArgs),
    /// A static site for stakeholders in DIR: the vision and goals, the roadmap and its
    /// timeline, a page per initiative, epic and sprint, the releases, the velocity and the
    /// changelog. No scripts; only pages whose bytes changed are written.
    Site(SiteArgs),
    /// Earlier versions of the workspace file kept as backups.
    #[command(subcommand)]
    Backups(BackupsCmd),
    /// Merge a recovery file (changes a session could not save, `*.unsaved-*.json`) back into
    /// the workspace it belongs to; the file is removed once its changes are saved.
    Recover {
        /// The recovery file.
        file: PathBuf,
    },
    /// Serve the workspace to a coding agent: a Model Context Protocol server on stdin and stdout
    /// whose tools are this command line's own commands (see `backlog help agents`).
    Mcp(McpArgs),
    /// Help on a command (`backlog help sprint add`), or `backlog help agents`: how a coding agent
    /// should work with this workspace.
    Help {
        /// `agents`, or a command and its subcommands.
        topic: Vec<String>,
    },
    /// The JSON Schema of every command's `--json` output (with its version): the contract for
    /// scripts and agents.
    Schema,
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create it (default: --workspace, else $BACKLOG_WORKSPACE, else ./backlog.json).
    pub path: Option<PathBuf>,
    /// Workspace name (default: the name of the folder the file is in).
    #[arg(long)]
    pub name: Option<String>,
    /// Prefix of item keys.
    #[arg(long, default_value = "BL")]
    pub prefix: String,
    /// Inside a git repository, also install the merge driver (`backlog git setup`) without asking.
    #[arg(long, conflicts_with = "no_git")]
    pub git: bool,
    /// Inside a git repository, do not offer the merge driver.
    #[arg(long)]
    pub no_git: bool,
}

#[derive(Debug, Subcommand)]
pub enum GitCmd {
    /// Route the workspace file to backlog's merge: adds it to .gitattributes and sets the driver
    /// in this clone's git config (each clone runs it once; safe to run again).
    Setup(SetupArgs),
    /// Whether the merge driver is installed for the workspace file, and whether git holds it
    /// unmerged.
    Status,
    /// Redo a conflicted git merge of the workspace from git's index with backlog's merge (for a
    /// clone that merged without the driver).
    Resolve,
    /// Move the stories that commits on the default branch close (`fixes BL-12`) to the closing
    /// status (`settings set --close-status`), once each; report closing words that name no item,
    /// or a done or dropped one.
    Sync(SyncArgs),
    /// Print the branch name for a story (from `settings set --branch-template`); --create makes
    /// it and checks it out.
    Branch(BranchArgs),
    /// Commits naming keys that do not exist or stories that are closed, and stories in progress
    /// or review that no commit or branch names.
    Orphans,
}

#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Also install post-commit, post-merge and post-rewrite hooks that run `backlog git sync`
    /// (added beside existing hooks, never over them).
    #[arg(long, conflicts_with = "remove_hooks")]
    pub hooks: bool,
    /// Take the hooks' lines out again (the hooks are left exactly as they were before).
    #[arg(long)]
    pub remove_hooks: bool,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Print only what moved (for hooks); do nothing while git is mid-rebase or mid-merge.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Show what would move, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The git hook running it (post-rewrite runs while a rebase is still ending).
    #[arg(long, hide = true, value_name = "NAME")]
    pub hook: Option<String>,
}

#[derive(Debug, Args)]
pub struct BranchArgs {
    /// The story (BL-12 or 12).
    pub key: String,
    /// Create the branch (or switch to it if it exists) and check it out.
    #[arg(long, short = 'c')]
    pub create: bool,
    /// Move the story to in progress too (asked when --create runs in a terminal).
    #[arg(long)]
    pub start: bool,
}

/// `backlog release`.
#[derive(Debug, Subcommand)]
pub enum ReleaseCmd {
    /// Add a release.
    New {
        /// Its name (a version such as 2.4, or a name such as "Winter launch").
        name: String,
        /// The day it is meant to ship (YYYY-MM-DD).
        #[arg(long, short = 't', value_name = "DATE")]
        target: Option<String>,
        #[arg(long, short = 'd')]
        description: Option<String>,
    },
    /// Every release with its target, its open work and whether it will make the date (85%).
    #[command(alias = "ls")]
    List {
        /// Shipped releases too.
        #[arg(long)]
        all: bool,
    },
    /// One release: its items, its forecast (50, 85 and 95%) against its target, and what would
    /// have to move out to make the date.
    Show {
        release: String,
        /// What a sprint delivers, LOW-HIGH, instead of the past sprints.
        #[arg(long, value_name = "LOW-HIGH")]
        velocity: Option<String>,
    },
    /// Change a release's name, target or description.
    Edit {
        release: String,
        #[arg(long)]
        name: Option<String>,
        /// A date (YYYY-MM-DD), or `none`.
        #[arg(long, short = 't', value_name = "DATE|none")]
        target: Option<String>,
        #[arg(long, short = 'd')]
        description: Option<String>,
    },
    /// Mark a release shipped (today, or --on DATE); `--undo` takes that back.
    Ship {
        release: String,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long, conflicts_with = "on")]
        undo: bool,
    },
    /// Delete a release (its items stay, in no release).
    Rm { release: String },
}

/// `backlog team`.
#[derive(Debug, Subcommand)]
pub enum TeamCmd {
    /// Add a person: the name their items are assigned by, and what a whole sprint of theirs gives.
    Add {
        name: String,
        /// Points (or hours) a sprint with no day off.
        #[arg(long, short = 'c', value_name = "N")]
        capacity: String,
    },
    /// The team, and each person's share of the active (or next) sprint.
    #[command(alias = "ls")]
    List,
    /// Change a person's name (their items follow) or capacity.
    Edit {
        name: String,
        #[arg(long = "name", value_name = "NEW")]
        rename: Option<String>,
        #[arg(long, short = 'c', value_name = "N")]
        capacity: Option<String>,
    },
    /// Days off: one day (2026-12-24) or a span (2026-12-24..2027-01-01; weekends are skipped).
    Off {
        name: String,
        #[arg(required = true, num_args = 1.., value_name = "DATE|FROM..TO")]
        days: Vec<String>,
    },
    /// Take days off back (the same forms as `off`).
    Back {
        name: String,
        #[arg(required = true, num_args = 1.., value_name = "DATE|FROM..TO")]
        days: Vec<String>,
    },
    /// Take a person off the team (their items keep their assignee).
    Rm { name: String },
}

/// `backlog forecast`.
#[derive(Debug, Args)]
#[group(skip)]
#[command(group = clap::ArgGroup::new("target").required(true).args(["key", "initiative", "column"]))]
pub struct ForecastArgs {
    /// An epic (its open children) or any other item (everything ranked above it, and it).
    pub key: Option<String>,
    /// An initiative (R3, or part of its title): its open stories, its epics' children among them.
    #[arg(long, short = 'i', value_name = "INITIATIVE")]
    pub initiative: Option<String>,
    /// A roadmap column: the open stories of its initiatives.
    #[arg(long, value_name = "now|next|later")]
    pub column: Option<String>,
    /// What a sprint delivers, LOW-HIGH (points, or items when nothing is estimated), instead of
    /// the past sprints: for a team with fewer than three closed sprints.
    #[arg(long, value_name = "LOW-HIGH")]
    pub velocity: Option<String>,
    /// Trials to run (at least 10,000).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub trials: u32,
    /// The random seed: the same seed and workspace give the same dates.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

/// `backlog site`.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The folder to write the pages into (made if missing). Files the site did not make are
    /// left alone.
    pub dir: std::path::PathBuf,
    /// For readers outside the team: leave out people's names, comments, and work marked
    /// internal (items labelled `internal`, an epic's stories with it, initiatives whose theme
    /// is `internal`).
    #[arg(long)]
    pub public: bool,
    /// Keep running and rebuild the site on every save of the workspace (Ctrl-C stops).
    #[arg(long)]
    pub watch: bool,
    /// The day forecasts and charts are made as of (default: today), to rebuild a site exactly.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<chrono::NaiveDate>,
}

/// `backlog mcp`.
#[derive(Debug, Args)]
pub struct McpArgs {
    /// Offer only the tools that read; every change is refused.
    #[arg(long)]
    pub read_only: bool,
    /// The name the history gives the agent's changes (default: the name its client gives).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

/// `backlog log [KEY]`.
#[derive(Debug, Args, Default)]
pub struct LogArgs {
    /// An item's key: its history alone.
    pub key: Option<String>,
    /// From when: a date (2026-12-01), a span (yesterday, today, 3d, 12h, 2w) or a git commit or branch.
    #[arg(long, value_name = "DATE|REF")]
    pub since: Option<String>,
    /// Only changes by this person (any part of the name) or role (pm, po).
    #[arg(long, value_name = "PERSON")]
    pub by: Option<String>,
    /// Only what changed since you last looked at the feed (remembered for you on this machine).
    #[arg(long)]
    pub new: bool,
    /// At most this many changes, the latest.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// Git runs `backlog merge-driver %O %A %B %P %X %Y` (older setups leave out the labels).
#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (%O).
    pub base: PathBuf,
    /// Ours (%A): the merged result is written here.
    pub ours: PathBuf,
    /// Theirs (%B).
    pub theirs: PathBuf,
    /// The file's path in the repository (%P), for messages.
    pub path: Option<String>,
    /// Git's label for our side (%X: `HEAD`, or a commit in a rebase).
    pub ours_label: Option<String>,
    /// Git's label for their side (%Y: the branch being merged).
    pub theirs_label: Option<String>,
}

/// Fields shared by `add` and `edit`.
#[derive(Debug, Args, Default)]
pub struct ItemFields {
    /// story, bug, spike, task, tech_debt or epic.
    #[arg(long, short = 'k')]
    pub kind: Option<String>,
    /// Estimate in points (from the point scale), or `none`.
    #[arg(long, short = 'p', value_name = "N|none")]
    pub points: Option<String>,
    /// new, refined, ready, in_progress, review, done or dropped.
    #[arg(long, short = 's')]
    pub status: Option<String>,
    /// Description (Markdown).
    #[arg(long, short = 'd')]
    pub description: Option<String>,
    /// Story triple: the user.
    #[arg(long, value_name = "WHO")]
    pub as_a: Option<String>,
    /// Story triple: what they want.
    #[arg(long, value_name = "WHAT")]
    pub i_want: Option<String>,
    /// Story triple: why.
    #[arg(long, value_name = "WHY")]
    pub so_that: Option<String>,
    /// Add an acceptance criterion (repeatable).
    #[arg(long = "ac", value_name = "TEXT")]
    pub ac: Vec<String>,
    /// Add a label (repeatable).
    #[arg(long = "label", short = 'l')]
    pub labels: Vec<String>,
    /// Parent epic: its key or number, or `none`.
    #[arg(long, value_name = "KEY|none")]
    pub parent: Option<String>,
    /// Roadmap initiative (R3, or part of its title), or `none`.
    #[arg(long, short = 'i', value_name = "INITIATIVE|none")]
    pub initiative: Option<String>,
    /// Sprint name (or `active`, `next`), or `none`.
    #[arg(long, value_name = "SPRINT|none")]
    pub sprint: Option<String>,
    /// The release (version) it ships in, by name, or `none`.
    #[arg(long, value_name = "RELEASE|none")]
    pub release: Option<String>,
    /// MoSCoW: must, should, could, wont, or none.
    #[arg(long)]
    pub moscow: Option<String>,
    /// WSJF inputs: business value, time criticality, risk reduction (each 0-100), job size
    /// (more than 0, up to 100); or none.
    #[arg(long, value_name = "BV,TC,RR,SIZE|none")]
    pub wsjf: Option<String>,
    /// RICE inputs: reach (0 or more), impact (0.25-3), confidence % (0-100), effort (more
    /// than 0); or none. With ", " between them a number may keep its thousands comma.
    #[arg(long, value_name = "R,I,C,E|none")]
    pub rice: Option<String>,
    /// External reference such as jira:PROJ-12 (repeatable).
    #[arg(long = "external", value_name = "SYSTEM:KEY")]
    pub external: Vec<String>,
    /// Who does it (free text), `me` for you, or `none`.
    #[arg(long, short = 'a', value_name = "NAME|me|none")]
    pub assignee: Option<String>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The title.
    #[arg(required = true, num_args = 1.., value_name = "TITLE")]
    pub title: Vec<String>,
    #[command(flatten)]
    pub fields: ItemFields,
    /// Put it at the top of the backlog instead of the bottom.
    #[arg(long)]
    pub top: bool,
}

/// Which items a command acts on: keys, a filter, or both (at least one).
#[derive(Debug, Args, Default)]
#[group(required = true, multiple = true)]
pub struct Select {
    /// Item keys (BL-7 or 7).
    #[arg(value_name = "KEY")]
    pub keys: Vec<String>,
    /// Every item the filter finds, in `/` syntax: status:ready kind:bug label:x pts:>5
    /// sprint:none|active|NAME owner:pm @name init:R3 release:NAME epic:KEY is:blocked is:unestimated
    /// is:ready-ok is:open, words, and -term for not.
    #[arg(long = "where", value_name = "FILTER", allow_hyphen_values = true)]
    pub filter: Option<String>,
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// The story to split.
    pub key: String,
    /// The new stories' titles (each gets the original's epic, initiative, labels, story and
    /// description).
    #[arg(required = true, num_args = 1.., value_name = "TITLE")]
    pub titles: Vec<String>,
    /// Give acceptance criterion N of the original to new story M (1-based; repeatable);
    /// criteria not given stay on the original.
    #[arg(long, value_name = "N:M")]
    pub give: Vec<String>,
    /// Drop the original instead of keeping it.
    #[arg(long)]
    pub drop: bool,
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The item the link starts from.
    pub key: String,
    /// KEY (or its number) cannot finish before this item does.
    #[arg(long, value_name = "KEY", conflicts_with = "blocked_by", required_unless_present = "blocked_by")]
    pub blocks: Option<String>,
    /// This item cannot finish before KEY does.
    #[arg(long, value_name = "KEY")]
    pub blocked_by: Option<String>,
    /// Remove the link instead.
    #[arg(long)]
    pub remove: bool,
}

#[derive(Debug, Subcommand)]
pub enum ViewCmd {
    /// The saved views.
    #[command(alias = "ls")]
    List,
    /// Save (or replace) a view.
    Save {
        name: String,
        /// The filter, in `/` syntax.
        #[arg(long = "where", value_name = "FILTER", default_value = "", allow_hyphen_values = true)]
        filter: String,
        /// What the view sorts by: FIELD, FIELD:asc or FIELD:desc (see `list --sort`).
        #[arg(long, default_value = "rank")]
        sort: String,
        /// Include done and dropped items.
        #[arg(long)]
        all: bool,
        /// The list columns the TUI shows, comma-separated: kind, pts, status, by, sprint, init,
        /// who, wsjf, rice, updated, lands (85% forecast date), release (default: as many as fit).
        #[arg(long, value_delimiter = ',')]
        columns: Vec<String>,
    },
    /// Delete a view.
    Rm { name: String },
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[command(flatten)]
    pub select: Select,
    /// The new title.
    #[arg(long, short = 't')]
    pub title: Option<String>,
    #[command(flatten)]
    pub fields: ItemFields,
    /// Remove a label (repeatable).
    #[arg(long = "unlabel", value_name = "LABEL")]
    pub unlabel: Vec<String>,
    /// Mark acceptance criterion N (1-based) as met (repeatable).
    #[arg(long = "ac-met", value_name = "N")]
    pub ac_met: Vec<usize>,
    /// Mark acceptance criterion N as not met (repeatable).
    #[arg(long = "ac-unmet", value_name = "N")]
    pub ac_unmet: Vec<usize>,
    /// Remove acceptance criterion N (repeatable).
    #[arg(long = "ac-rm", value_name = "N")]
    pub ac_rm: Vec<usize>,
    /// Tick a free-text Definition of Ready/Done item for this item (repeatable).
    #[arg(long, value_name = "TEXT")]
    pub tick: Vec<String>,
    /// Untick one (repeatable).
    #[arg(long, value_name = "TEXT")]
    pub untick: Vec<String>,
    /// Hand the item to the other role.
    #[arg(long, value_name = "pm|po")]
    pub owner: Option<Role>,
}

/// `backlog list`: the filters, and how many to show.
#[derive(Debug, Args)]
pub struct ListCmd {
    #[command(flatten)]
    pub filter: ListArgs,
    /// At most N items, the first in the order shown (how many more there are goes to stderr).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// List the archived items instead (see `backlog archive`); the filters apply to them.
    #[arg(long)]
    pub archived: bool,
}

#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// What closed before this day moves [default: 90 days ago]. Items go with their epics,
    /// sprint and linked items; the latest closed sprints (velocity's and forecasts') stay.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub before: Option<chrono::NaiveDate>,
    /// Show what would move, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only these kinds (repeatable).
    #[arg(long, short = 'k')]
    pub kind: Vec<String>,
    /// Only these statuses (repeatable).
    #[arg(long, short = 's')]
    pub status: Vec<String>,
    /// Only items with this label.
    #[arg(long, short = 'l')]
    pub label: Option<String>,
    /// Only items in this sprint (`active`, `next`, a name, or `none`).
    #[arg(long)]
    pub sprint: Option<String>,
    /// Only items owned by this role.
    #[arg(long)]
    pub owner: Option<Role>,
    /// Only items linked to this initiative (or `none`).
    #[arg(long, short = 'i')]
    pub initiative: Option<String>,
    /// Only items the filter finds (`/` syntax; see `backlog edit --help`).
    #[arg(long = "where", value_name = "FILTER", allow_hyphen_values = true)]
    pub filter: Option<String>,
    /// Use a saved view's filter and sort (see `backlog view list`).
    #[arg(long)]
    pub view: Option<String>,
    /// Sort by FIELD (the rank is unchanged): rank, key, kind, title, points, status, owner,
    /// sprint, initiative, assignee, wsjf, rice, updated; add :asc or :desc to choose the way
    /// (scores and updated go highest and newest first, the rest A to Z); ties stay in rank order.
    #[arg(long, value_name = "FIELD[:desc]")]
    pub sort: Option<String>,
    /// Include done and dropped items.
    #[arg(long, short = 'a')]
    pub all: bool,
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct Where {
    /// To the top of the backlog.
    #[arg(long)]
    pub top: bool,
    /// To the bottom of the backlog.
    #[arg(long)]
    pub bottom: bool,
    /// Right before this item.
    #[arg(long, value_name = "KEY")]
    pub before: Option<String>,
    /// Right after this item.
    #[arg(long, value_name = "KEY")]
    pub after: Option<String>,
}

#[derive(Debug, Args)]
pub struct RankArgs {
    #[command(flatten)]
    pub select: Select,
    #[command(flatten)]
    pub to: Where,
}

#[derive(Debug, Subcommand)]
pub enum VisionCmd {
    /// Print the vision board.
    Show,
    /// Change parts of the vision board.
    Set {
        #[arg(long)]
        statement: Option<String>,
        #[arg(long)]
        target_group: Option<String>,
        #[arg(long)]
        needs: Option<String>,
        #[arg(long)]
        product: Option<String>,
        #[arg(long)]
        business_goals: Option<String>,
        #[arg(long)]
        pitch: Option<String>,
    },
}

#[derive(Debug, Args, Default)]
pub struct GoalFields {
    #[arg(long, short = 'd')]
    pub description: Option<String>,
    /// on_track, at_risk, off_track, achieved or dropped.
    #[arg(long, short = 's')]
    pub status: Option<String>,
    /// Add a KPI: "name=…;baseline=…;target=…[;current=…][;unit=…][;direction=up|down]" (repeatable).
    #[arg(long = "kpi", value_name = "SPEC")]
    pub kpi: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum GoalCmd {
    /// Add a business goal.
    Add {
        #[arg(required = true, num_args = 1..)]
        title: Vec<String>,
        #[command(flatten)]
        fields: GoalFields,
    },
    /// List goals with their KPIs.
    #[command(alias = "ls")]
    List,
    /// Change a goal.
    Edit {
        /// G1, or part of its title.
        goal: String,
        #[arg(long, short = 't')]
        title: Option<String>,
        #[command(flatten)]
        fields: GoalFields,
        /// Update a KPI's current value: NAME=VALUE (repeatable).
        #[arg(long = "kpi-current", value_name = "NAME=VALUE")]
        kpi_current: Vec<String>,
        /// Remove a KPI by name (repeatable).
        #[arg(long = "kpi-rm", value_name = "NAME")]
        kpi_rm: Vec<String>,
    },
    /// Delete a goal.
    Rm { goal: String },
}

#[derive(Debug, Args, Default)]
pub struct InitiativeFields {
    #[arg(long, short = 'd')]
    pub description: Option<String>,
    /// idea, planned, ready_for_breakdown, in_progress, done or dropped.
    #[arg(long, short = 's')]
    pub status: Option<String>,
    #[arg(long)]
    pub theme: Option<String>,
    /// Link a goal (G1 or part of its title; repeatable).
    #[arg(long = "goal", short = 'g')]
    pub goals: Vec<String>,
    /// Timeframe label such as "Q1 2027".
    #[arg(long)]
    pub timeframe: Option<String>,
    /// Timeframe start date (YYYY-MM-DD).
    #[arg(long)]
    pub start: Option<String>,
    /// Timeframe end date (YYYY-MM-DD).
    #[arg(long)]
    pub end: Option<String>,
    /// WSJF inputs: BV,TC,RR (each 0-100),SIZE (more than 0, up to 100) or none.
    #[arg(long)]
    pub wsjf: Option<String>,
    /// RICE inputs: reach (0 or more), impact (0.25-3), confidence % (0-100), effort (more
    /// than 0); or none.
    #[arg(long)]
    pub rice: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RoadmapCmd {
    /// Add an initiative.
    Add {
        #[arg(required = true, num_args = 1..)]
        title: Vec<String>,
        /// now, next or later.
        #[arg(long, short = 'H', default_value = "later")]
        horizon: String,
        #[command(flatten)]
        fields: InitiativeFields,
    },
    /// The roadmap by horizon.
    #[command(alias = "ls")]
    List,
    /// Change an initiative.
    Edit {
        initiative: String,
        #[arg(long, short = 't')]
        title: Option<String>,
        #[command(flatten)]
        fields: InitiativeFields,
        /// Unlink a goal (repeatable).
        #[arg(long = "unlink-goal")]
        unlink_goal: Vec<String>,
    },
    /// Move an initiative to a horizon (and a place in it).
    Move {
        initiative: String,
        /// now, next or later.
        horizon: String,
        #[arg(long)]
        top: bool,
        #[arg(long, value_name = "INITIATIVE")]
        before: Option<String>,
        #[arg(long, value_name = "INITIATIVE")]
        after: Option<String>,
    },
    /// Delete an initiative (its stories are unlinked, not deleted).
    Rm { initiative: String },
}

#[derive(Debug, Subcommand)]
pub enum SprintCmd {
    /// Plan a new sprint (dates and capacity default from settings and the last sprint).
    New {
        /// Its name (default: the next in the series, "Sprint 8").
        name: Option<String>,
        /// The sprint goal.
        #[arg(long, short = 'g')]
        goal: Option<String>,
        /// First day (YYYY-MM-DD; default: the day after the last sprint ends).
        #[arg(long)]
        start: Option<String>,
        /// Last day (YYYY-MM-DD; default: start plus the sprint length).
        #[arg(long)]
        end: Option<String>,
        /// Capacity in points (default: the last sprint's).
        #[arg(long, short = 'c', value_name = "N")]
        capacity: Option<String>,
    },
    /// Change a sprint's name, goal, dates or capacity.
    Edit {
        sprint: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, short = 'g')]
        goal: Option<String>,
        #[arg(long)]
        start: Option<String>,
        #[arg(long)]
        end: Option<String>,
        #[arg(long, short = 'c', value_name = "N|none")]
        capacity: Option<String>,
    },
    /// Start a planned sprint (default: the next planned one). Started before its planned start, it keeps its dates unless --move-dates.
    Start {
        /// The sprint's name (default: the next planned one).
        sprint: Option<String>,
        /// Started early: run it from today for as long as it was planned, rather than keep the planned dates.
        #[arg(long)]
        move_dates: bool,
    },
    /// Close the active sprint; unfinished items go on to the next planned sprint if there is one, else back to the backlog.
    Close {
        /// The sprint's name (default: the active one).
        sprint: Option<String>,
        /// Whether the sprint goal was met.
        #[arg(long, value_name = "yes|no")]
        goal_met: Option<YesNo>,
        /// Where unfinished items go: the next planned sprint (the default when one is planned) or the backlog. They keep their rank.
        #[arg(long, value_name = "next|backlog")]
        carry_over: Option<CarryOverArg>,
        /// Review notes, kept with the sprint's review.
        #[arg(long, value_name = "TEXT")]
        notes: Option<String>,
    },
    /// Pull items into a sprint (default: the active, else the next planned). Done or dropped items are refused unless --force.
    Add {
        #[command(flatten)]
        select: Select,
        /// The sprint's name (or `active`, `next`).
        #[arg(long)]
        sprint: Option<String>,
        /// Pull done or dropped items too (their points count as commitment).
        #[arg(long)]
        force: bool,
    },
    /// Send items back to the backlog.
    Remove {
        #[command(flatten)]
        select: Select,
    },
    /// All sprints.
    #[command(alias = "ls")]
    List,
    /// One sprint with its items and numbers (default: the active one).
    Show {
        /// The sprint's name (or `active`, `next`).
        sprint: Option<String>,
    },
    /// Delete a planned sprint.
    Rm { sprint: String },
    /// The daily burndown / burnup series of a sprint (default: the active one, else the last closed).
    Burndown {
        /// The sprint's name (or `active`, `next`).
        sprint: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportWhat {
    Backlog,
    Roadmap,
    Vision,
    Sprint,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(value_enum)]
    pub what: ExportWhat,
    /// The sprint (default: the active one, else the last closed).
    pub name: Option<String>,
    /// md (Markdown), json, csv (backlog only) or html (roadmap, vision, sprint).
    #[arg(long, default_value = "md")]
    pub format: String,
    /// CSV: write cells that begin with = + - @ as they are, without the `'` that stops a
    /// spreadsheet from running them as formulas (for tools that keep the `'`).
    #[arg(long)]
    pub allow_formulas: bool,
    /// HTML sprint and roadmap pages: under each done story, the commits on the default branch
    /// that name it (a changelog), read from the git repository holding the workspace.
    #[arg(long)]
    pub commits: bool,
    /// Filters for `export backlog`, as in `list` (done and dropped items are included).
    #[command(flatten)]
    pub filter: ListArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CarryOverArg {
    Next,
    Backlog,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum YesNo {
    Yes,
    No,
}

// Parsed once per run: a big variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum SettingsCmd {
    Show,
    Set {
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        key_prefix: Option<String>,
        /// Comma-separated, increasing: 0,1,2,3,5,8,13
        #[arg(long)]
        point_scale: Option<String>,
        #[arg(long)]
        velocity_window: Option<u32>,
        #[arg(long)]
        sprint_length_days: Option<u32>,
        /// warn, strict or off.
        #[arg(long)]
        role_guard: Option<String>,
        #[arg(long)]
        stale_after_days: Option<u32>,
        /// What an item missing its Definition of Ready/Done meets: warn, strict or off.
        #[arg(long)]
        definition_guard: Option<String>,
        /// Built-in Definition of Ready checks, comma-separated: points, criteria, criteria_met,
        /// story, unblocked (or none).
        #[arg(long, value_name = "CHECKS")]
        ready_checks: Option<String>,
        /// Free-text Definition of Ready items a person ticks, separated by `;` (empty: none).
        #[arg(long, value_name = "ITEMS")]
        ready_items: Option<String>,
        /// Built-in Definition of Done checks (as --ready-checks).
        #[arg(long, value_name = "CHECKS")]
        done_checks: Option<String>,
        /// Free-text Definition of Done items, separated by `;`.
        #[arg(long, value_name = "ITEMS")]
        done_items: Option<String>,
        /// Where a closing word in a commit (`fixes BL-12`) moves the story: done (the default) or
        /// review.
        #[arg(long, value_name = "review|done")]
        close_status: Option<String>,
        /// How `backlog git branch` names a story's branch: {key}, {key_lower}, {slug} (the title)
        /// and {kind}, with letters, digits, - _ . / (default {key}-{slug}).
        #[arg(long, value_name = "TEMPLATE")]
        branch_template: Option<String>,
        /// History retention: changes older than this many days keep who and when but drop their
        /// old and new values, to bound the file's growth (0 or `none`: keep every value).
        #[arg(long, value_name = "DAYS")]
        history_days: Option<String>,
        /// A board column's work-in-progress limit, as COLUMN=N (todo, in_progress, review, done;
        /// N = none lifts it); repeat for several. A move past it is warned about.
        #[arg(long, value_name = "COLUMN=N")]
        wip: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConflictsCmd {
    /// Open conflicts.
    #[command(alias = "ls")]
    List,
    /// Resolve one: keep our value, or take theirs.
    Resolve {
        /// The conflict id (or a unique prefix of it).
        id: String,
        #[arg(long, value_enum)]
        keep: KeepSide,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KeepSide {
    Ours,
    Theirs,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A Jira CSV (the dataset shape issuekey,title,description,storypoint or Jira's "export
    /// all fields"), GitHub issues JSON (`gh issue list --json …` or the REST API), or a Linear
    /// CSV export. The format is detected from the content.
    pub file: PathBuf,
    /// The format, when detection gets it wrong: jira, github or linear.
    #[arg(long)]
    pub from: Option<String>,
    /// Show what would happen (columns, counts, sprints, epics, estimates, skipped rows) and
    /// write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Statuses the built-in table does not know: "Jira name=status,…" (new, refined, ready,
    /// in_progress, review, done, dropped).
    #[arg(long, value_name = "MAP")]
    pub status_map: Option<String>,
    /// Round estimates that are not on the point scale to the nearest scale value (each change
    /// is listed), instead of adding them to the scale.
    #[arg(long)]
    pub snap: bool,
    /// The field separator (one character, or `tab`); detected when not given.
    #[arg(long)]
    pub delimiter: Option<String>,
    /// The file's encoding when it is not UTF-8: utf-16, windows-1252, latin1, …
    #[arg(long)]
    pub encoding: Option<String>,
    /// Bring back items deleted here that the file still has (otherwise they stay deleted).
    #[arg(long)]
    pub restore_deleted: bool,
    /// Import a file with no key column even if its rows look imported already.
    #[arg(long)]
    pub allow_duplicates: bool,
    /// Kind of the imported items when the file has no issue type.
    #[arg(long, default_value = "story")]
    pub kind: String,
    /// Label added to every imported item.
    #[arg(long)]
    pub label: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum BackupsCmd {
    /// Backups, newest first.
    #[command(alias = "ls")]
    List,
    /// Make backup N (from `backups list`) the current file; the current
    /// version becomes a backup itself.
    Restore { n: usize },
}
