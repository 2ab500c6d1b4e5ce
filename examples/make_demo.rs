//! Builds the demo workspace that `backlog --demo` opens.
//!
//! ```text
//! cargo run --example make_demo -- assets/demo.json
//! ```
//!
//! The demo tells the story of **Tandem**, a shift-planning SaaS for small
//! cafés, bakeries and restaurants in Germany and Austria, from the day the
//! PM set up the workspace (2026-09-07) to the middle of the team's second
//! sprint in the tool ([`DEMO_ANCHOR`], 2026-11-18).
//!
//! Every change goes through `domain::apply`, with the clock moved forward
//! before each step and the role switched between the PM (vision, goals,
//! roadmap) and the PO (backlog, sprints) as a real team would. So the file
//! is valid by construction, and its sprint history (scope creep, a
//! re-estimate, work finished day by day) is the one the domain recorded,
//! not numbers typed in by hand. Ids come from `IdGen::sequential()`, so the
//! same program always writes the same bytes.

use backlog::domain::command::{
    GoalPatch, InitiativePatch, ItemPatch, NewGoal, NewInitiative, NewItem, NewSprint, VisionPatch,
};
use backlog::domain::item::{Criterion, ExternalRef, Story};
use backlog::domain::score::{Moscow, Rice, Wsjf};
use backlog::domain::strategy::{Direction, GoalStatus, Horizon, InitiativeStatus, Kpi, Timeframe};
use backlog::domain::{Change, Command, Ctx, IdGen, ItemKind, Position, Role, Status, Workspace, apply};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use uuid::Uuid;

#[path = "make_demo/handoffs.rs"]
mod handoffs;
#[path = "make_demo/intake.rs"]
mod intake;
#[path = "make_demo/sprints.rs"]
mod sprints;
#[path = "make_demo/strategy.rs"]
mod strategy;

use handoffs::Backlog;
use strategy::{Goals, Roadmap};

/// The day the story ends: "today" in the active sprint. The store shifts
/// the demo's dates at runtime so that this day becomes the real today; the
/// file itself carries no trace of the anchor beyond its dates.
pub const DEMO_ANCHOR: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 18) {
    Some(d) => d,
    None => panic!("valid date"),
};

/// The whole story, chapter by chapter, in the order it happened.
pub fn build() -> Workspace {
    let mut d = Demo::new("2026-09-07 08:00");
    let goals = strategy::vision_and_goals(&mut d);
    let roadmap = strategy::roadmap(&mut d, &goals);
    let mut b = Backlog::default();
    handoffs::from_jira(&mut d, &roadmap);
    handoffs::swaps(&mut d, &roadmap, &mut b);
    handoffs::datev(&mut d, &roadmap, &mut b);
    strategy::close_compliance(&mut d, &goals, &roadmap);
    intake::autumn(&mut d, &roadmap, &mut b);
    intake::refine(&mut d, &goals, &roadmap, &b);
    sprints::sprint_22(&mut d, &roadmap, &b);
    sprints::sprint_23(&mut d, &goals, &roadmap, &b);
    people(&mut d, &b);
    assert_eq!(d.ctx.now.date_naive(), DEMO_ANCHOR, "the story must end on the anchor day");
    d.ws
}

/// The afternoon of the last day: who works on what, a word on two
/// stories, a dependency found, and the definitions the team agreed on.
fn people(d: &mut Demo, b: &Backlog) {
    d.at("2026-11-18 16:00").po();
    // The team, and what a sprint of each gives (Mira works four days a
    // week); her days off over the holidays are in already.
    for (name, capacity) in [("lena", 12), ("jonas", 12), ("mira", 9)] {
        d.create(Command::AddMember(backlog::domain::command::NewMember { name: name.into(), capacity }));
    }
    let mira = d.ws.member_by_name("mira").map(|m| m.meta.id).expect("just added");
    let off = ["2026-12-21", "2026-12-22", "2026-12-23"].map(date).to_vec();
    d.run(Command::EditMember {
        id: mira,
        patch: backlog::domain::command::MemberPatch { days_off: off, ..Default::default() },
    });
    // Two releases with dates sales promised: swaps for the pilot venues,
    // and the DATEV export before the year-end payroll run.
    let release = |d: &mut Demo, name: &str, target: &str, about: &str, epic: Uuid| {
        let id = d.create(Command::AddRelease(backlog::domain::command::NewRelease {
            name: name.into(),
            target: Some(date(target)),
            description: about.into(),
        }));
        let children: Vec<Uuid> =
            d.ws.live_items()
                .filter(|i| i.parent == Some(epic) && i.status < Status::Done)
                .map(|i| i.meta.id)
                .collect();
        for item in children {
            d.edit(item, ItemPatch { release: Some(Some(id)), ..Default::default() });
        }
    };
    release(d, "Swaps 1.0", "2026-12-18", "Shift swaps for every venue, with approval and push.", b.swaps_epic);
    release(d, "DATEV 1.0", "2026-12-11", "The payroll export a Steuerberater imports unchanged.", b.datev_epic);
    d.run(Command::EditSettings(Box::new(backlog::domain::command::SettingsPatch {
        wip_limits: Some(vec![("in_progress".into(), Some(4))]),
        ..Default::default()
    })));
    d.at("2026-11-18 16:05").po();
    let sprint = d.ws.active_sprint().map(|s| s.meta.id);
    let doing: Vec<Uuid> =
        d.ws.ranked_item_positions()
            .into_iter()
            .map(|p| &d.ws.items[p])
            .filter(|i| i.sprint.is_some() && i.sprint == sprint && i.status != Status::Ready)
            .map(|i| i.meta.id)
            .collect();
    for (id, who) in doing.into_iter().zip(["lena", "jonas", "mira", "lena", "jonas", "mira"].into_iter().cycle()) {
        d.edit(id, ItemPatch { assignee: Some(Some(who.into())), ..Default::default() });
    }
    d.run(Command::AddComment {
        id: b.export,
        text: "DATEV confirmed the field order on today's call; the mapping stays as designed.".into(),
    });
    d.run(Command::LinkItems { blocker: b.rn_upgrade, blocked: b.pin_clock, linked: true });
    d.at("2026-11-18 16:20").pm();
    d.run(Command::AddComment {
        id: b.watch_story,
        text: "Two pilot cafés asked for this at the fair. Worth a spike before Q1 planning?".into(),
    });
    d.run(Command::EditSettings(Box::new(backlog::domain::command::SettingsPatch {
        definition_guard: Some(backlog::domain::GuardMode::Warn),
        ..Default::default()
    })));
}

fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "assets/demo.json".to_owned());
    let ws = build();
    let mut json = serde_json::to_string_pretty(&ws).expect("a workspace always serializes");
    json.push('\n');
    if let Some(dir) = std::path::Path::new(&out).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    }
    std::fs::write(&out, json).unwrap_or_else(|e| panic!("cannot write {out}: {e}"));
    eprintln!(
        "wrote {out}: {} goals, {} initiatives, {} items, {} sprints",
        ws.goals.len(),
        ws.roadmap.len(),
        ws.items.len(),
        ws.sprints.len()
    );
}

// ---------------------------------------------------------------------------
// A small driver: a clock that only moves forward, the role in the chair,
// and commands that must succeed without warnings.
// ---------------------------------------------------------------------------

struct Demo {
    ws: Workspace,
    ctx: Ctx,
    /// The beginning of a warning the next command is meant to give.
    expect: Option<String>,
}

impl Demo {
    fn new(when: &str) -> Demo {
        // The PM is Tobias and the PO Anna: each change's history names them.
        let mut ctx = Ctx::new(time(when), Role::Pm);
        ctx.ids = IdGen::sequential();
        ctx.user = "tobias".into();
        let vision = ctx.meta(Role::Pm);
        let mut ws = Workspace::new("Tandem", "TAN", vision);
        // The team wrote its Definition of Ready and Done down only lately
        // (see `people`): the story before that is told without the gate.
        ws.settings.definition_guard = backlog::domain::GuardMode::Off;
        Demo { ws, ctx, expect: None }
    }

    /// Moves the clock to `when` ("2026-10-28 09:30", UTC).
    fn at(&mut self, when: &str) -> &mut Self {
        let t = time(when);
        assert!(t >= self.ctx.now, "the story went back in time: {when} is before {}", self.ctx.now);
        self.ctx.now = t;
        self
    }

    fn pm(&mut self) -> &mut Self {
        self.ctx.role = Role::Pm;
        self.ctx.user = "tobias".into();
        self
    }

    fn po(&mut self) -> &mut Self {
        self.ctx.role = Role::Po;
        self.ctx.user = "anna".into();
        self
    }

    /// Applies one command. The demo never crosses the role line, so any
    /// error is a bug in the story, and so is any warning but the one the
    /// story asks for (see [`Demo::expecting`]).
    fn run(&mut self, cmd: Command) -> Change {
        let what = format!("{cmd:?}");
        let change = apply(&mut self.ws, cmd, &mut self.ctx)
            .unwrap_or_else(|e| panic!("at {} as {}: {e}\n{what}", self.ctx.now, self.ctx.role));
        let expected = self.expect.take();
        let unexpected: Vec<&String> =
            change.warnings.iter().filter(|w| expected.as_deref().is_none_or(|e| !w.starts_with(e))).collect();
        assert!(unexpected.is_empty(), "at {}: {:?}", self.ctx.now, unexpected);
        change
    }

    /// The next command may warn about a sprint, and the story means it to
    /// (scope creep past its capacity or the velocity): a warning beginning
    /// `warning` (the sprint's name) is no bug.
    fn expecting(&mut self, warning: &str) -> &mut Self {
        self.expect = Some(warning.to_owned());
        self
    }

    fn create(&mut self, cmd: Command) -> Uuid {
        self.run(cmd).created.and_then(|r| r.id()).expect("the command creates an entity")
    }

    fn add(&mut self, item: It) -> Uuid {
        self.create(Command::AddItem(Box::new(item.0)))
    }

    fn edit(&mut self, id: Uuid, patch: ItemPatch) {
        self.run(Command::EditItem { id, patch: Box::new(patch) });
    }

    /// Sizes an item and moves it on, as a refinement session does.
    fn size(&mut self, id: Uuid, points: u32, status: Status) {
        let patch = ItemPatch { estimate: Some(Some(points)), status: Some(status), ..Default::default() };
        self.edit(id, patch);
    }

    fn status(&mut self, id: Uuid, status: Status) {
        self.edit(id, ItemPatch { status: Some(status), ..Default::default() });
    }

    /// Ticks the acceptance criteria at `which` (0-based).
    fn meet(&mut self, id: Uuid, which: &[usize]) {
        let mut ac = self.ws.item(id).expect("item exists").acceptance_criteria.clone();
        for &i in which {
            ac[i].met = true;
        }
        self.edit(id, ItemPatch { acceptance_criteria: Some(ac), ..Default::default() });
    }

    /// Marks an item done and ticks all its criteria, as the PO does when
    /// accepting a story in one go.
    fn accept(&mut self, id: Uuid) {
        let mut ac = self.ws.item(id).expect("item exists").acceptance_criteria.clone();
        ac.iter_mut().for_each(|c| c.met = true);
        let patch = ItemPatch { status: Some(Status::Done), acceptance_criteria: Some(ac), ..Default::default() };
        self.edit(id, patch);
    }

    fn pull(&mut self, id: Uuid, sprint: Uuid) {
        self.edit(id, ItemPatch { sprint: Some(Some(sprint)), ..Default::default() });
    }

    fn initiative_status(&mut self, id: Uuid, status: InitiativeStatus) {
        let patch = InitiativePatch { status: Some(status), ..Default::default() };
        self.run(Command::EditInitiative { id, patch: Box::new(patch) });
    }

    fn goal(&mut self, id: Uuid, status: Option<GoalStatus>, kpis: Option<Vec<Kpi>>) {
        self.run(Command::EditGoal { id, patch: GoalPatch { status, kpis, ..Default::default() } });
    }
}

fn time(s: &str) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_else(|e| panic!("bad time {s:?}: {e}")).and_utc()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad date {s:?}: {e}"))
}

fn kpi(name: &str, unit: &str, baseline: f64, target: f64, current: f64) -> Kpi {
    let direction = if target >= baseline { Direction::Up } else { Direction::Down };
    Kpi { name: name.into(), unit: unit.into(), baseline, target, current, direction, extra: Default::default() }
}

fn timeframe(label: &str, span: Option<(&str, &str)>) -> Option<Timeframe> {
    Some(Timeframe {
        label: label.into(),
        start: span.map(|s| date(s.0)),
        end: span.map(|s| date(s.1)),
        ..Default::default()
    })
}

/// A backlog item under construction.
struct It(NewItem);

impl It {
    fn new(kind: ItemKind, title: &str) -> It {
        It(NewItem { kind: Some(kind), title: title.into(), ..Default::default() })
    }
    fn story(title: &str, as_a: &str, i_want: &str, so_that: &str) -> It {
        let mut it = It::new(ItemKind::Story, title);
        it.0.story = Some(Story::new(as_a, i_want, so_that));
        it
    }
    fn desc(mut self, text: &str) -> It {
        self.0.description = text.into();
        self
    }
    fn ac(mut self, criteria: &[&str]) -> It {
        self.0.acceptance_criteria = criteria.iter().map(|t| Criterion::new(*t, false)).collect();
        self
    }
    /// Criteria of work finished before it came into the tool.
    fn met(mut self, criteria: &[&str]) -> It {
        self.0.acceptance_criteria = criteria.iter().map(|t| Criterion::new(*t, true)).collect();
        self
    }
    fn points(mut self, p: u32) -> It {
        self.0.estimate = Some(p);
        self
    }
    fn status(mut self, s: Status) -> It {
        self.0.status = Some(s);
        self
    }
    fn labels(mut self, labels: &[&str]) -> It {
        self.0.labels = labels.iter().map(|l| (*l).into()).collect();
        self
    }
    fn epic(mut self, epic: Uuid) -> It {
        self.0.parent = Some(epic);
        self
    }
    fn serves(mut self, initiative: Uuid) -> It {
        self.0.initiative = Some(initiative);
        self
    }
    fn in_sprint(mut self, sprint: Uuid) -> It {
        self.0.sprint = Some(sprint);
        self
    }
    fn top(mut self) -> It {
        self.0.position = Position::Top;
        self
    }
    fn moscow(mut self, m: Moscow) -> It {
        self.0.moscow = Some(m);
        self
    }
    fn wsjf(mut self, business_value: f64, time_criticality: f64, risk_reduction: f64, job_size: f64) -> It {
        self.0.wsjf = Some(Wsjf::new(business_value, time_criticality, risk_reduction, job_size));
        self
    }
    fn rice(mut self, reach: f64, impact: f64, confidence: f64, effort: f64) -> It {
        self.0.rice = Some(Rice::new(reach, impact, confidence, effort));
        self
    }
    fn jira(mut self, key: &str) -> It {
        self.0.external.push(ExternalRef {
            system: "jira".into(),
            key: key.into(),
            url: Some(format!("https://tandem-app.atlassian.net/browse/{key}")),
            imported: None,
            extra: Default::default(),
        });
        self
    }
}

use ItemKind::{Bug, Epic, Spike, Task, TechDebt};
use Status::{Dropped, InProgress, Ready, Refined, Review};
