//! `sprint …`: plan, start, close, pull in, send back, show.

use super::Session;
use super::args::{CarryOverArg, Select, SprintCmd, YesNo};
use super::output::{self, Table, safe};
use super::resolve::{self, optional};
use crate::domain::command::{CarryOver, ItemPatch, NewSprint, SprintPatch};
use crate::domain::sprint::{Sprint, SprintState, velocity};
use crate::domain::{Command, Workspace, planning};
use anyhow::anyhow;
use serde::Serialize;

pub fn run(s: &mut Session, cmd: SprintCmd) -> anyhow::Result<()> {
    match cmd {
        SprintCmd::New { name, goal, start, end, capacity } => {
            let new = NewSprint {
                name,
                goal: goal.unwrap_or_default(),
                start: start.as_deref().map(|d| resolve::date("start", d)).transpose()?,
                end: end.as_deref().map(|d| resolve::date("end", d)).transpose()?,
                capacity: capacity.as_deref().map(resolve::capacity).transpose()?,
            };
            let change = s.apply(|_| Ok(Command::AddSprint(new)))?;
            output::line(safe(&change.summary))
        }
        SprintCmd::Edit { sprint, name, goal, start, end, capacity } => {
            let patch = SprintPatch {
                name,
                goal,
                start: start.as_deref().map(|d| resolve::date("start", d)).transpose()?,
                end: end.as_deref().map(|d| resolve::date("end", d)).transpose()?,
                capacity: optional(capacity.as_deref(), resolve::capacity)?,
            };
            let change = s.apply(|ws| Ok(Command::EditSprint { id: resolve::sprint(ws, &sprint)?, patch }))?;
            output::line(safe(&change.summary))
        }
        SprintCmd::Start { sprint, move_dates } => start(s, sprint.as_deref(), move_dates),
        SprintCmd::Close { sprint, goal_met, carry_over, notes } => {
            let goal_met = goal_met.map(|g| matches!(g, YesNo::Yes));
            let change = s.apply(|ws| {
                let id = resolve::sprint(ws, sprint.as_deref().unwrap_or("active"))?;
                // Unsaid, the TUI's close dialog's answer: the next planned
                // sprint if there is one, else the backlog.
                let carry_over = match carry_over {
                    Some(CarryOverArg::Next) => CarryOver::Next,
                    Some(CarryOverArg::Backlog) => CarryOver::Backlog,
                    None => planning::default_carry_over(ws, id),
                };
                Ok(Command::CloseSprint { id, goal_met, carry_over, notes: notes.unwrap_or_default() })
            })?;
            output::line(safe(&change.summary))
        }
        SprintCmd::Add { select, sprint, force } => move_items(s, &select, force, |ws| {
            Ok(Some(match &sprint {
                Some(r) => resolve::sprint(ws, r)?,
                None => ws.target_sprint().map(|s| s.meta.id).ok_or_else(|| {
                    anyhow!("there is no active or planned sprint: plan one with `backlog sprint new`")
                })?,
            }))
        }),
        SprintCmd::Remove { select } => move_items(s, &select, false, |_| Ok(None)),
        SprintCmd::List => list(s),
        SprintCmd::Show { sprint } => {
            let ws = s.store.workspace();
            let id = match sprint {
                Some(r) => resolve::sprint(ws, &r)?,
                None => ws.target_sprint().map(|s| s.meta.id).ok_or_else(|| anyhow!("there are no sprints yet"))?,
            };
            show(s, ws.sprint(id).expect("resolved"))
        }
        SprintCmd::Burndown { sprint } => burndown(s, sprint.as_deref()),
        SprintCmd::Rm { sprint } => {
            let change = s.apply(|ws| Ok(Command::DeleteSprint { id: resolve::sprint(ws, &sprint)? }))?;
            output::line(safe(&change.summary))
        }
    }
}

/// `sprint start`: the sprint named, else the next planned one. Started
/// before its planned start, it keeps its dates unless `move_dates`; either
/// way the summary says which, and how to change the other way.
fn start(s: &mut Session, sprint: Option<&str>, move_dates: bool) -> anyhow::Result<()> {
    let mut kept = None;
    let change = s.apply(|ws| {
        let id = match sprint {
            Some(r) => resolve::sprint(ws, r)?,
            None => next_to_start(ws)?,
        };
        let sp = ws.sprint(id).expect("resolved");
        if !move_dates {
            kept = planning::early_start(sp, chrono::Utc::now().date_naive()).map(|d| (sp.name.clone(), d));
        }
        Ok(Command::StartSprint { id, move_dates })
    })?;
    output::line(safe(&change.summary))?;
    if let Some((name, (start, end))) = kept {
        output::line(format!(
            "To run it from today instead: backlog sprint edit \"{}\" --start {start} --end {end}",
            safe(&name)
        ))?;
    }
    Ok(())
}

/// The planned sprint `sprint start` starts unless told: the earliest.
fn next_to_start(ws: &Workspace) -> anyhow::Result<uuid::Uuid> {
    let next = ws.live_sprints().filter(|s| s.state == SprintState::Planned).min_by_key(|s| (s.start, s.meta.id));
    next.map(|s| s.meta.id).ok_or_else(|| match ws.active_sprint() {
        Some(a) => anyhow!(
            "there is no planned sprint to start ({} is running): plan the next one with `backlog sprint new`",
            safe(&a.name)
        ),
        None => anyhow!("there is no planned sprint to start: plan one with `backlog sprint new`"),
    })
}

/// Moves every selected item in one change (all or none, one undo step)
/// into the sprint `to` names (none: back to the backlog). Done or
/// dropped items are refused unless `force`: the TUI asks, the CLI cannot.
fn move_items(
    s: &mut Session,
    select: &Select,
    force: bool,
    to: impl FnOnce(&Workspace) -> anyhow::Result<Option<uuid::Uuid>>,
) -> anyhow::Result<()> {
    let (mut moved, concerns, mut name) = (Vec::new(), std::cell::RefCell::new(Vec::new()), None);
    let me = s.ctx.user.clone();
    s.apply_after(
        |ws| {
            let to = to(ws)?;
            let ids = resolve::select(ws, select, &me)?;
            name = to.and_then(|id| ws.sprint(id)).map(|s| s.name.clone());
            let items: Vec<&crate::domain::Item> = ids.iter().filter_map(|id| ws.item(*id)).collect();
            if to.is_some() && !force {
                refuse_closed(&items)?;
            }
            for item in &items {
                moved.push(item.key.clone());
                // The CLI cannot ask first, as the TUI does: it says why a pull
                // may be a mistake.
                let says = to.map(|_| planning::pull_concerns(ws, item)).unwrap_or_default();
                if !says.is_empty() {
                    concerns.borrow_mut().push(format!("{}: {}", item.key, says.join("; ")));
                }
            }
            let commands = ids
                .iter()
                .map(|&id| Command::EditItem {
                    id,
                    patch: Box::new(ItemPatch { sprint: Some(to), ..ItemPatch::default() }),
                })
                .collect();
            Ok(Command::Batch { commands, summary: None })
        },
        || concerns.take(),
    )?;
    for key in moved {
        match &name {
            Some(n) => output::line(format!("{} -> {}", safe(&key), safe(n)))?,
            None => output::line(format!("{} -> backlog", safe(&key)))?,
        }
    }
    Ok(())
}

/// Refuses a pull of done or dropped work, naming each item and the fix.
fn refuse_closed(items: &[&crate::domain::Item]) -> anyhow::Result<()> {
    let closed: Vec<(&str, &str)> =
        items.iter().filter_map(|i| planning::refused_pull(i).map(|why| (i.key.as_str(), why))).collect();
    let Some((first, _)) = closed.first() else { return Ok(()) };
    let named: Vec<String> = closed.iter().map(|(k, why)| format!("{} ({why})", safe(k))).collect();
    let them = if closed.len() == 1 { "it" } else { "them" };
    anyhow::bail!(
        "{}: a sprint commits to open work, so nothing was pulled; reopen {them} first (`backlog edit {} \
         --status ready`), or pass --force to pull {them} anyway",
        named.join(", "),
        safe(first)
    )
}

/// The numbers a sprint is judged by.
#[derive(Serialize)]
struct Summary<'a> {
    #[serde(flatten)]
    sprint: &'a Sprint,
    items: usize,
    /// The items in it, by key, in rank order.
    item_keys: Vec<String>,
    committed_points: u32,
    scope_points: u32,
    done_points: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    velocity: Option<f64>,
    /// Set by hand, else the team's shares of its days.
    planned_capacity: Option<u32>,
    loads: Vec<planning::Load>,
    unassigned_points: u32,
}

fn summary<'a>(ws: &Workspace, sp: &'a Sprint) -> Summary<'a> {
    let mut members: Vec<_> = ws.sprint_members(sp.meta.id).into_iter().map(|p| &ws.items[p]).collect();
    members.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.meta.id.cmp(&b.meta.id)));
    let (scope, done) = match &sp.review {
        Some(r) => (r.completed + r.not_completed, r.completed),
        // Open, or closed elsewhere with no record: what it holds, counted
        // as the pull warnings and the planning gauge count it.
        None => {
            let h = planning::holding(ws, sp.meta.id);
            (h.points, h.done_points)
        }
    };
    let (loads, unassigned_points) = planning::loads(ws, sp);
    Summary {
        sprint: sp,
        items: members.len(),
        item_keys: members.iter().map(|i| i.key.clone()).collect(),
        committed_points: if sp.started_at.is_some() { sp.committed() } else { scope },
        scope_points: scope,
        done_points: done,
        velocity: velocity(ws.live_sprints(), ws.settings.velocity_window as usize),
        planned_capacity: ws.sprint_capacity(sp),
        loads,
        unassigned_points,
    }
}

fn list(s: &Session) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    let mut sprints: Vec<&Sprint> = ws.live_sprints().collect();
    sprints.sort_by_key(|s| (s.start, s.meta.id));
    if s.json {
        return output::json(&sprints.iter().map(|sp| summary(ws, sp)).collect::<Vec<_>>());
    }
    if sprints.is_empty() {
        return output::line("No sprints yet: plan one with `backlog sprint new`.");
    }
    let mut t = Table::new(&["NAME", "STATE", "DATES", "CAPACITY", "POINTS", "GOAL"]);
    for sp in sprints {
        let sum = summary(ws, sp);
        t.row(vec![
            safe(&sp.name),
            sp.state.to_string(),
            sp.dates(),
            ws.sprint_capacity(sp).map_or("-".into(), |c| c.to_string()),
            format!("{}/{}", sum.done_points, sum.scope_points),
            safe(&sp.goal),
        ]);
    }
    output::write_stdout(&t.render())
}

fn show(s: &Session, sp: &Sprint) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    let sum = summary(ws, sp);
    if s.json {
        return output::json(&sum);
    }
    let mut out = format!("{}  [{}]  {}\n", safe(&sp.name), sp.state, sp.dates());
    // The actual dates beside the planned ones.
    if let Some(started) = sp.started_at {
        out.push_str(&format!("  started    {}\n", started.date_naive()));
    }
    if let Some(r) = &sp.review {
        out.push_str(&format!("  closed     {}\n", r.closed_at.date_naive()));
    }
    if !sp.goal.is_empty() {
        out.push_str(&format!("  goal       {}\n", safe(&sp.goal)));
    }
    let cap = match (sp.capacity, ws.team_capacity(sp.start, sp.end)) {
        (Some(c), _) => format!("{c} points (set by hand)"),
        (None, Some(c)) => format!("{c} points (the team's shares of its days)"),
        (None, None) => "not set".into(),
    };
    out.push_str(&format!("  capacity   {cap}\n"));
    // What it holds now (the number a pull warns with) and, once started,
    // what it held at the start (the number velocity is judged against).
    let points = |n: u32| crate::domain::text::count(n, "point", "points");
    let committed = match sp.state {
        SprintState::Planned => points(sum.scope_points),
        SprintState::Active if sum.scope_points == sum.committed_points => {
            format!("{}, as at the start", points(sum.scope_points))
        }
        SprintState::Active => format!("{} now, {} at the start", points(sum.scope_points), sum.committed_points),
        SprintState::Closed => format!("{} at the start", points(sum.committed_points)),
    };
    out.push_str(&format!("  committed  {committed}\n"));
    out.push_str(&format!("  done       {} of {} points\n", sum.done_points, sum.scope_points));
    if let Some((v, over)) = planning::velocity_note(ws) {
        out.push_str(&format!("  velocity   {v:.1} points (the {over})\n"));
    }
    let (loads, unassigned) = planning::loads(ws, sp);
    if !loads.is_empty() {
        out.push_str("  load       points assigned against each person's share of the sprint's days\n");
        for l in &loads {
            let share = match l.share {
                Some(sh) if sh.off > 0 => format!("{} ({} of {} days off)", sh.points, sh.off, sh.days),
                Some(sh) => sh.points.to_string(),
                None => "not on the team".into(),
            };
            let over = if l.over() { "  over their share" } else { "" };
            out.push_str(&format!("    {:<16} {:>3} of {share}{over}\n", safe(&l.name), l.points));
        }
        if unassigned > 0 {
            out.push_str(&format!("    {:<16} {unassigned:>3}\n", "(unassigned)"));
        }
    }
    if let Some(r) = &sp.review {
        let met = match r.goal_met {
            Some(true) => "goal met",
            Some(false) => "goal not met",
            None => "goal not assessed",
        };
        out.push_str(&format!(
            "  review     {met}; {} done, {} not done, scope +{} / -{}; {} returned\n",
            r.completed,
            r.not_completed,
            r.scope_added,
            r.scope_removed,
            plural(r.returned.len(), "item", "items")
        ));
        if let Some(to) = r.carried_to {
            let name = ws.sprint(to).map_or("the next sprint".to_owned(), |n| safe(&n.name));
            out.push_str(&format!("  carried    {} over to {name}\n", plural(r.carried_over.len(), "item", "items")));
        }
        // Notes may run over lines: each goes under the first, indented.
        for (i, l) in r.notes.lines().enumerate() {
            let head = if i == 0 { "  notes      " } else { "             " };
            out.push_str(&format!("{head}{}\n", safe(l)));
        }
    }
    let order = ws.ranked_item_positions();
    let items = order.iter().map(|&p| &*ws.items[p]).filter(|i| i.sprint == Some(sp.meta.id));
    out.push_str(&super::items::indented_table(items, "?"));
    output::write_stdout(&out)
}

/// The sprint a report is about: the one named, else the active one, else
/// the most recently closed.
pub fn reported_sprint<'a>(ws: &'a Workspace, name: Option<&str>) -> anyhow::Result<&'a Sprint> {
    if let Some(n) = name {
        let id = resolve::sprint(ws, n)?;
        return Ok(ws.sprint(id).expect("resolved"));
    }
    ws.active_sprint()
        .or_else(|| ws.live_sprints().filter(|s| s.review.is_some()).max_by_key(|s| (s.end, s.meta.id)))
        .ok_or_else(|| anyhow!("no sprint has started yet: name one, or start one with `backlog sprint start`"))
}

fn burndown(s: &Session, name: Option<&str>) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    let sp = reported_sprint(ws, name)?;
    if sp.start_unknown() {
        anyhow::bail!("{} closed elsewhere, and when it started is not known: it has no burndown", safe(&sp.name));
    }
    if sp.started_at.is_none() {
        anyhow::bail!("{} has not started: it has no burndown yet", safe(&sp.name));
    }
    let series = sp.burndown(chrono::Utc::now().date_naive());
    if s.json {
        #[derive(Serialize)]
        struct Out<'a> {
            sprint: &'a str,
            start: chrono::NaiveDate,
            end: chrono::NaiveDate,
            committed: u32,
            days: &'a [crate::domain::sprint::DayPoint],
        }
        return output::json(&Out {
            sprint: &sp.name,
            start: sp.start,
            end: sp.end,
            committed: sp.committed(),
            days: &series,
        });
    }
    let mut t = Table::new(&["DATE", "SCOPE", "DONE", "REMAINING", "IDEAL"]);
    for d in &series {
        t.row(vec![
            d.date.to_string(),
            d.scope.to_string(),
            d.done.to_string(),
            d.remaining.to_string(),
            format!("{:.1}", d.ideal),
        ]);
    }
    output::line(format!("{}  {} – {}  committed {} points", safe(&sp.name), sp.start, sp.end, sp.committed()))?;
    output::write_stdout(&t.render())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}
