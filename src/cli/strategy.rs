//! `vision`, `goal`, `roadmap`: the PM's side.

use super::Session;
use super::args::{GoalCmd, GoalFields, InitiativeFields, RoadmapCmd, VisionCmd};
use super::output::{self, Table, safe, safe_block};
use super::resolve::{self, optional, parse};
use crate::domain::Command;
use crate::domain::command::{GoalPatch, InitiativePatch, NewGoal, NewInitiative, Position, VisionPatch};
use crate::domain::strategy::{GoalStatus, Horizon, InitiativeStatus, Timeframe, VISION_SECTIONS};
use anyhow::{anyhow, bail};

pub fn vision(s: &mut Session, cmd: VisionCmd) -> anyhow::Result<()> {
    match cmd {
        VisionCmd::Show => {
            let v = &s.store.workspace().vision;
            if s.json {
                return output::json(v);
            }
            let mut out = String::new();
            for ((_, name), text) in VISION_SECTIONS.iter().zip(v.texts()) {
                out.push_str(&format!("{name}\n"));
                let body = if text.is_empty() { "(empty)".to_owned() } else { safe_block(text) };
                for l in body.lines() {
                    out.push_str(&format!("  {l}\n"));
                }
                out.push('\n');
            }
            output::write_stdout(out.trim_end_matches('\n'))?;
            output::line("")
        }
        VisionCmd::Set { statement, target_group, needs, product, business_goals, pitch } => {
            let patch = VisionPatch { statement, target_group, needs, product, business_goals, pitch };
            if patch == VisionPatch::default() {
                bail!(
                    "nothing to change: give at least one of --statement, --target-group, --needs, --product, --business-goals, --pitch"
                );
            }
            let change = s.apply(|_| Ok(Command::EditVision(patch)))?;
            output::line(safe(&change.summary))
        }
    }
}

fn kpis(f: &GoalFields) -> anyhow::Result<Vec<crate::domain::strategy::Kpi>> {
    f.kpi.iter().map(|k| resolve::kpi(k)).collect()
}

pub fn goal(s: &mut Session, cmd: GoalCmd) -> anyhow::Result<()> {
    match cmd {
        GoalCmd::Add { title, fields } => {
            let new = NewGoal {
                title: title.join(" "),
                description: fields.description.clone().unwrap_or_default(),
                status: fields.status.as_deref().map(parse::<GoalStatus>).transpose()?,
                kpis: kpis(&fields)?,
                key: None,
            };
            let change = s.apply(|_| Ok(Command::AddGoal(new)))?;
            output::line(safe(&change.summary))
        }
        GoalCmd::List => {
            let ws = s.store.workspace();
            let goals: Vec<_> = ws.live_goals().collect();
            if s.json {
                return output::json(&goals);
            }
            if goals.is_empty() {
                return output::line("No goals yet: add one with `backlog goal add TITLE --kpi …`.");
            }
            let mut out = String::new();
            for g in goals {
                let initiatives = ws.live_initiatives().filter(|i| i.goals.contains(&g.meta.id)).count();
                out.push_str(&format!(
                    "{}  {}  [{}]  {} initiative(s)\n",
                    safe(&g.key),
                    safe(&g.title),
                    g.status,
                    initiatives
                ));
                for k in &g.kpis {
                    out.push_str(&format!(
                        "    {}: {} -> {} -> {} ({:.0}% of the way, {})\n",
                        safe(&k.name),
                        safe(&k.with_unit(k.baseline)),
                        safe(&k.with_unit(k.current)),
                        safe(&k.with_unit(k.target)),
                        k.progress() * 100.0,
                        k.direction
                    ));
                }
            }
            output::write_stdout(&out)
        }
        GoalCmd::Edit { goal, title, fields, kpi_current, kpi_rm } => {
            let new_kpis = kpis(&fields)?;
            let change = s.apply(|ws| {
                let id = resolve::goal(ws, &goal)?;
                let g = ws.goal(id).expect("resolved");
                let mut patch = GoalPatch {
                    title,
                    description: fields.description.clone(),
                    status: fields.status.as_deref().map(parse::<GoalStatus>).transpose()?,
                    ..GoalPatch::default()
                };
                if !new_kpis.is_empty() || !kpi_current.is_empty() || !kpi_rm.is_empty() {
                    // Against the goal's KPIs as they are under the lock.
                    let mut list = g.kpis.clone();
                    for name in &kpi_rm {
                        let before = list.len();
                        list.retain(|k| !k.name.eq_ignore_ascii_case(name.trim()));
                        if list.len() == before {
                            bail!("{} has no KPI named {name:?}", g.key);
                        }
                    }
                    for spec in &kpi_current {
                        let (name, value) =
                            spec.split_once('=').ok_or_else(|| anyhow!("--kpi-current: use NAME=VALUE"))?;
                        let value = crate::domain::number::parse(value)
                            .map_err(|e| anyhow!("--kpi-current {}: {e}", name.trim()))?;
                        let k = list
                            .iter_mut()
                            .find(|k| k.name.eq_ignore_ascii_case(name.trim()))
                            .ok_or_else(|| anyhow!("{} has no KPI named {name:?}", g.key))?;
                        k.current = value;
                    }
                    for k in new_kpis {
                        match list.iter_mut().find(|x| x.name.eq_ignore_ascii_case(&k.name)) {
                            Some(slot) => *slot = k,
                            None => list.push(k),
                        }
                    }
                    patch.kpis = Some(list);
                }
                if patch == GoalPatch::default() {
                    bail!("nothing to change: see `backlog goal edit --help`");
                }
                Ok(Command::EditGoal { id, patch })
            })?;
            output::line(safe(&change.summary))
        }
        GoalCmd::Rm { goal } => {
            let change = s.apply(|ws| Ok(Command::DeleteGoal { id: resolve::goal(ws, &goal)? }))?;
            output::line(safe(&change.summary))
        }
    }
}

fn timeframe(f: &InitiativeFields, base: Option<&Timeframe>) -> anyhow::Result<Option<Option<Timeframe>>> {
    if f.timeframe.is_none() && f.start.is_none() && f.end.is_none() {
        return Ok(None);
    }
    let mut t = base.cloned().unwrap_or_default();
    if let Some(l) = &f.timeframe {
        t.label = if resolve::is_none(l) { String::new() } else { l.clone() };
    }
    if let Some(d) = &f.start {
        t.start = optional(Some(d), |d| resolve::date("start", d))?.flatten();
    }
    if let Some(d) = &f.end {
        t.end = optional(Some(d), |d| resolve::date("end", d))?.flatten();
    }
    Ok(Some((t != Timeframe::default()).then_some(t)))
}

pub fn roadmap(s: &mut Session, cmd: RoadmapCmd) -> anyhow::Result<()> {
    match cmd {
        RoadmapCmd::Add { title, horizon, fields } => {
            let change = s.apply(|ws| {
                let new = NewInitiative {
                    title: title.join(" "),
                    description: fields.description.clone().unwrap_or_default(),
                    horizon: Some(parse::<Horizon>(&horizon)?),
                    timeframe: timeframe(&fields, None)?.flatten(),
                    theme: fields.theme.clone().unwrap_or_default(),
                    goals: fields.goals.iter().map(|g| resolve::goal(ws, g)).collect::<anyhow::Result<_>>()?,
                    status: fields.status.as_deref().map(parse::<InitiativeStatus>).transpose()?,
                    wsjf: optional(fields.wsjf.as_deref(), resolve::wsjf)?.flatten(),
                    rice: optional(fields.rice.as_deref(), resolve::rice)?.flatten(),
                    position: Position::Bottom,
                    ..NewInitiative::default()
                };
                Ok(Command::AddInitiative(Box::new(new)))
            })?;
            output::line(safe(&change.summary))
        }
        RoadmapCmd::List => list(s),
        RoadmapCmd::Edit { initiative, title, fields, unlink_goal } => {
            let change = s.apply(|ws| {
                let id = resolve::initiative(ws, &initiative)?;
                let i = ws.initiative(id).expect("resolved");
                let goals = if fields.goals.is_empty() && unlink_goal.is_empty() {
                    None
                } else {
                    let mut g = i.goals.clone();
                    for r in &unlink_goal {
                        let gid = resolve::goal(ws, r)?;
                        g.retain(|x| *x != gid);
                    }
                    for r in &fields.goals {
                        g.push(resolve::goal(ws, r)?);
                    }
                    Some(g)
                };
                let patch = InitiativePatch {
                    title,
                    description: fields.description.clone(),
                    timeframe: timeframe(&fields, i.timeframe.as_ref())?,
                    theme: fields.theme.clone(),
                    goals,
                    status: fields.status.as_deref().map(parse::<InitiativeStatus>).transpose()?,
                    wsjf: optional(fields.wsjf.as_deref(), resolve::wsjf)?,
                    rice: optional(fields.rice.as_deref(), resolve::rice)?,
                    ..InitiativePatch::default()
                };
                if patch == InitiativePatch::default() {
                    bail!("nothing to change: see `backlog roadmap edit --help`");
                }
                Ok(Command::EditInitiative { id, patch: Box::new(patch) })
            })?;
            output::line(safe(&change.summary))
        }
        RoadmapCmd::Move { initiative, horizon, top, before, after } => {
            let horizon = parse::<Horizon>(&horizon)?;
            let change = s.apply(|ws| {
                let id = resolve::initiative(ws, &initiative)?;
                let to = match (top, before, after) {
                    (true, _, _) => Position::Top,
                    (_, Some(b), _) => Position::Before(resolve::initiative(ws, &b)?),
                    (_, _, Some(a)) => Position::After(resolve::initiative(ws, &a)?),
                    _ => Position::Bottom,
                };
                Ok(Command::MoveInitiative { id, horizon, to })
            })?;
            output::line(safe(&change.summary))
        }
        RoadmapCmd::Rm { initiative } => {
            let change = s.apply(|ws| Ok(Command::DeleteInitiative { id: resolve::initiative(ws, &initiative)? }))?;
            output::line(safe(&change.summary))
        }
    }
}

fn list(s: &Session) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    if s.json {
        /// An initiative with the keys of the goals it serves beside their ids.
        #[derive(serde::Serialize)]
        struct View<'a> {
            #[serde(flatten)]
            initiative: &'a crate::domain::strategy::Initiative,
            goal_keys: Vec<&'a str>,
            /// Its stories, counted as the table and the exports count them.
            progress: crate::domain::workspace::InitiativeProgress,
        }
        let progress = ws.initiative_progress();
        let mut all = Vec::new();
        for h in Horizon::ALL {
            for i in ws.ranked_initiatives(*h) {
                let goal_keys = i.goals.iter().filter_map(|g| ws.goal(*g)).map(|g| g.key.as_str()).collect();
                let progress = progress.get(&i.meta.id).copied().unwrap_or_default();
                all.push(View { initiative: i, goal_keys, progress });
            }
        }
        return output::json(&all);
    }
    let mut out = String::new();
    for h in Horizon::ALL {
        let list = ws.ranked_initiatives(*h);
        out.push_str(&format!("{} ({})\n", h.as_str().to_uppercase(), list.len()));
        let mut t = Table::new(&["  KEY", "STATUS", "STORIES", "DONE", "THEME", "TITLE"]);
        // The same count as the roadmap card and the export: stories of
        // its epics included, epics and dropped stories left out.
        let progress = ws.initiative_progress();
        for i in list {
            let p = progress.get(&i.meta.id).copied().unwrap_or_default();
            t.row(vec![
                format!("  {}", safe(&i.key)),
                i.status.to_string(),
                p.stories.to_string(),
                format!("{}/{}", p.done, p.stories),
                output::truncate(&safe(&i.theme), 20),
                safe(&i.title),
            ]);
        }
        if !t.is_empty() {
            out.push_str(&t.render());
        }
        out.push('\n');
    }
    output::write_stdout(out.trim_end_matches('\n'))?;
    output::line("")
}
