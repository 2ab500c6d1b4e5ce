//! `sprint …`: plan, start, close, pull in, send back, show.

use super::Session;
use super::args::{CarryOverArg, Select, SprintCmd, YesNo};
use super::output::{self, Table, safe};
use super::resolve::{self, optional};
use crate::domain::command::{CarryOver, ItemPatch, NewSprint, SprintPatch};
use crate::domain::sprint::{Sprint, SprintState, velocity};
use crate::domain::{Command, Workspace};
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
        SprintCmd::Start { sprint } => {
            let change = s.apply(|ws| {
                Ok(Command::StartSprint { id: resolve::sprint(ws, sprint.as_deref().unwrap_or("next"))? })
            })?;
            output::line(safe(&change.summary))
        }
        SprintCmd::Close { sprint, goal_met, carry_over } => {
            let goal_met = goal_met.map(|g| matches!(g, YesNo::Yes));
            let carry_over = match carry_over {
                CarryOverArg::Next => CarryOver::Next,
                CarryOverArg::Backlog => CarryOver::Backlog,
            };
            let change = s.apply(|ws| {
                let id = resolve::sprint(ws, sprint.as_deref().unwrap_or("active"))?;
                Ok(Command::CloseSprint { id, goal_met, carry_over })
            })?;
            output::line(safe(&change.summary))
        }
        SprintCmd::Add { select, sprint } => move_items(s, &select, |ws| {
            Ok(Some(match &sprint {
                Some(r) => resolve::sprint(ws, r)?,
                None => ws.target_sprint().map(|s| s.meta.id).ok_or_else(|| {
                    anyhow!("there is no active or planned sprint: plan one with `backlog sprint new`")
                })?,
            }))
        }),
        SprintCmd::Remove { select } => move_items(s, &select, |_| Ok(None)),
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

/// Moves every selected item in one change (all or none, one undo step)
/// into the sprint `to` names (none: back to the backlog).
fn move_items(
    s: &mut Session,
    select: &Select,
    to: impl FnOnce(&Workspace) -> anyhow::Result<Option<uuid::Uuid>>,
) -> anyhow::Result<()> {
    let (mut moved, mut concerns, mut name) = (Vec::new(), Vec::new(), None);
    let me = s.ctx.user.clone();
    s.apply(|ws| {
        let to = to(ws)?;
        let ids = resolve::select(ws, select, &me)?;
        name = to.and_then(|id| ws.sprint(id)).map(|s| s.name.clone());
        for item in ids.iter().filter_map(|id| ws.item(*id)) {
            moved.push(item.key.clone());
            // The CLI cannot ask first, as the TUI does: it says why a pull
            // may be a mistake.
            let says = to.map(|_| crate::domain::planning::pull_concerns(ws, item)).unwrap_or_default();
            if !says.is_empty() {
                concerns.push(format!("{}: {}", item.key, says.join("; ")));
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
    })?;
    for c in concerns {
        output::warn(safe(&c));
    }
    for key in moved {
        match &name {
            Some(n) => output::line(format!("{} -> {}", safe(&key), safe(n)))?,
            None => output::line(format!("{} -> backlog", safe(&key)))?,
        }
    }
    Ok(())
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
}

fn summary<'a>(ws: &Workspace, sp: &'a Sprint) -> Summary<'a> {
    let members: Vec<_> = ws.live_items().filter(|i| i.sprint == Some(sp.meta.id)).collect();
    let (scope, done) = match (&sp.review, sp.state) {
        (Some(r), _) => (r.completed + r.not_completed, r.completed),
        (None, SprintState::Active) => {
            let p = sp.progress_at(chrono::Utc::now());
            (p.scope, p.done)
        }
        // Closed elsewhere with no record: what its items say.
        (None, SprintState::Closed) => (
            members.iter().map(|i| i.points()).sum(),
            members.iter().filter(|i| i.status == crate::domain::Status::Done).map(|i| i.points()).sum(),
        ),
        _ => (members.iter().map(|i| i.points()).sum(), 0),
    };
    Summary {
        sprint: sp,
        items: members.len(),
        item_keys: {
            let mut m = members.clone();
            m.sort_by(|a, b| a.rank.cmp(&b.rank));
            m.into_iter().map(|i| i.key.clone()).collect()
        },
        committed_points: if sp.started_at.is_some() { sp.committed() } else { scope },
        scope_points: scope,
        done_points: done,
        velocity: velocity(ws.live_sprints(), ws.settings.velocity_window as usize),
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
            sp.capacity.map_or("-".into(), |c| c.to_string()),
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
    let cap = sp.capacity.map_or("not set".into(), |c| format!("{c} points"));
    out.push_str(&format!("  capacity   {cap}\n"));
    out.push_str(&format!("  committed  {}\n", crate::domain::text::count(sum.committed_points, "point", "points")));
    out.push_str(&format!("  done       {} of {} points\n", sum.done_points, sum.scope_points));
    if let Some((v, n)) = crate::domain::sprint::velocity_over(ws.live_sprints(), ws.settings.velocity_window as usize)
    {
        let over = if n == 1 { "the last closed sprint".to_owned() } else { format!("the last {n} closed sprints") };
        out.push_str(&format!("  velocity   {v:.1} points ({over})\n"));
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
    }
    let mut t = Table::new(&["  KEY", "STATUS", "PTS", "TITLE"]);
    let order = ws.ranked_item_positions();
    for i in order.iter().map(|&p| &ws.items[p]).filter(|i| i.sprint == Some(sp.meta.id)) {
        t.row(vec![
            format!("  {}", safe(&i.key)),
            i.status.to_string(),
            i.estimate.map_or("?".into(), |p| p.to_string()),
            safe(&i.title),
        ]);
    }
    if !t.is_empty() {
        out.push('\n');
        out.push_str(&t.render());
    }
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
