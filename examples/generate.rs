//! Writes a large, valid workspace for load tests and benchmarks.
//!
//! ```text
//! cargo run --release --example generate -- --items 100000 --out /tmp/big.json [--seed 7]
//! ```
//!
//! Like the demo, it is built only through `domain::apply`, so the result is
//! valid by construction: goals with KPIs, about one roadmap initiative per
//! 200 items across Now / Next / Later, epics, every kind and status of item,
//! several closed sprints with a real history (scope creep, re-estimates,
//! work done day by day), one active sprint and one planned. Titles and
//! descriptions are sampled from the real Jira issues in `--jira DIR` (CSV
//! with `issuekey,title,description,storypoint`), or made up when there are
//! none. The same seed always gives the same bytes.
//!
//! Items are appended with `Position::Between(after: last)`, which costs two
//! lookups; `Position::Bottom` would scan the whole backlog for every add.

use backlog::domain::command::{
    GoalPatch, InitiativePatch, ItemPatch, NewGoal, NewInitiative, NewItem, NewSprint, VisionPatch,
};
use backlog::domain::item::{Comment, Criterion, ExternalRef, Story};
use backlog::domain::score::{Moscow, Rice, Wsjf};
use backlog::domain::strategy::{Direction, GoalStatus, Horizon, InitiativeStatus, Kpi, Timeframe};
use backlog::domain::{Change, Command, Ctx, IdGen, ItemKind, Place, Position, Role, Status, Workspace, apply};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use clap::Parser;
use std::path::PathBuf;
use std::time::Instant;
use uuid::Uuid;

#[path = "generate/items.rs"]
mod items;
#[path = "generate/sprints.rs"]
mod sprints;
#[path = "generate/strategy.rs"]
mod strategy;
#[path = "generate/text.rs"]
mod text;

pub use text::Corpus;
use text::*;

#[derive(Parser)]
#[command(about = "Write a large, valid backlog workspace")]
struct Args {
    /// How many backlog items to write.
    #[arg(long)]
    items: usize,
    /// Where to write the workspace JSON.
    #[arg(long)]
    out: PathBuf,
    /// Seed of the pseudo-random choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder of Jira CSV exports to sample titles and descriptions from;
    /// synthetic text is used when it holds none.
    #[arg(long, default_value = "/work/shared/data/jira")]
    jira: PathBuf,
}

fn main() {
    let args = Args::parse();
    let started = Instant::now();
    let (corpus, source) = match Corpus::load(&args.jira) {
        Some(c) => (c, args.jira.display().to_string()),
        None => (Corpus::synthetic(), "synthetic text".to_owned()),
    };
    let ws = generate(args.items, args.seed, &corpus);
    let built = started.elapsed();
    let mut json = serde_json::to_string_pretty(&ws).expect("a workspace always serializes");
    json.push('\n');
    if let Err(e) = std::fs::write(&args.out, &json) {
        eprintln!("error: cannot write {}: {e}", args.out.display());
        std::process::exit(1);
    }
    let closed = ws.sprints.iter().filter(|s| s.review.is_some()).count();
    eprintln!(
        "wrote {}: {} items, {} initiatives, {} goals, {} sprints ({closed} closed), {:.1} MB; \
         titles from {source}; built in {:.2?}, total {:.2?}",
        args.out.display(),
        ws.items.len(),
        ws.roadmap.len(),
        ws.goals.len(),
        ws.sprints.len(),
        json.len() as f64 / 1e6,
        built,
        started.elapsed(),
    );
}

/// "Today" in the generated workspace: the same anchor as the demo, in the
/// middle of the active sprint.
const TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 18) {
    Some(d) => d,
    None => panic!("valid date"),
};
const SPRINT_DAYS: i64 = 14;
/// Days of the active sprint that have passed by `TODAY`.
const ACTIVE_DAY: i64 = 7;

/// Builds a workspace with exactly `n` live backlog items.
pub fn generate(n: usize, seed: u64, corpus: &Corpus) -> Workspace {
    assert!(!corpus.samples.is_empty(), "the corpus needs at least one sample");
    let closed_sprints = (n / 1000).clamp(3, 10);
    let active_start = TODAY - Duration::days(ACTIVE_DAY);
    let first_sprint = active_start - Duration::days(SPRINT_DAYS * closed_sprints as i64);
    let setup = at(first_sprint - Duration::days(365), 8, 0);

    let mut ctx = Ctx::new(setup, Role::Pm);
    ctx.ids = IdGen::sequential();
    let vision = ctx.meta(Role::Pm);
    let mut ws = Workspace::new("Generated workspace", "GEN", vision);
    // The generated history moves items along without grooming them to
    // the Definition of Ready and Done; the guard comes back on at the end.
    ws.settings.definition_guard = backlog::domain::GuardMode::Off;
    // One scope-creep bug per sprint that runs is part of the `n`.
    let creep = if n >= 100 { closed_sprints + 1 } else { 0 };
    let mut g = Gen {
        ws,
        ctx,
        rng: Rng::new(seed),
        corpus,
        last: None,
        goals: Vec::new(),
        pool: Vec::new(),
        creep_left: creep,
    };

    strategy::vision_and_goals(&mut g, n);
    let initiatives = strategy::roadmap(&mut g, n, first_sprint);
    items::fill_backlog(&mut g, n - creep, initiatives, setup + Duration::hours(2), at(first_sprint, 7, 0));
    for k in 0..closed_sprints {
        let start = first_sprint + Duration::days(SPRINT_DAYS * k as i64);
        sprints::run(&mut g, k + 1, start, SPRINT_DAYS - 1);
    }
    sprints::run(&mut g, closed_sprints + 1, active_start, ACTIVE_DAY);
    let next_start = active_start + Duration::days(SPRINT_DAYS);
    sprints::plan(&mut g, closed_sprints + 2, next_start, at(TODAY, 16, 0));
    assert_eq!(g.creep_left, 0, "every scope-creep bug is added");
    assert_eq!(g.ctx.now.date_naive(), TODAY, "the workspace ends today");
    g.ws.settings.definition_guard = backlog::domain::GuardMode::Warn;
    g.ws
}

/// The generator's state between commands.
struct Gen<'a> {
    ws: Workspace,
    ctx: Ctx,
    rng: Rng,
    corpus: &'a Corpus,
    /// The last item in rank order: new items go after it.
    last: Option<Uuid>,
    goals: Vec<Uuid>,
    /// Items sprint planning may pull, the top of the backlog last.
    pool: Vec<Uuid>,
    /// Scope-creep bugs still to add.
    creep_left: usize,
}

impl Gen<'_> {
    fn run(&mut self, cmd: Command) -> Change {
        apply(&mut self.ws, cmd, &mut self.ctx).unwrap_or_else(|e| panic!("generator bug at {}: {e}", self.ctx.now))
    }
    fn create(&mut self, cmd: Command) -> Uuid {
        self.run(cmd).created.and_then(|r| r.id()).expect("the command creates an entity")
    }
    /// Moves the clock forward to `t` (never back).
    fn at(&mut self, t: DateTime<Utc>) {
        self.ctx.now = self.ctx.now.max(t);
    }
    fn as_role(&mut self, role: Role) {
        self.ctx.role = role;
    }
    /// Adds an item after the last one: two lookups, whatever the size.
    fn add_item(&mut self, mut new: NewItem) -> Uuid {
        new.position = Position::Between(Place { after: self.last, before: None });
        let id = self.create(Command::AddItem(Box::new(new)));
        self.last = Some(id);
        id
    }
    fn edit(&mut self, id: Uuid, patch: ItemPatch) {
        self.run(Command::EditItem { id, patch: Box::new(patch) });
    }
}

fn at(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    date.and_hms_opt(hour, minute, 0).expect("valid time").and_utc()
}
