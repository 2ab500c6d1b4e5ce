//! The PM's commands: vision, goals, roadmap; and workspace settings.

use super::place::place;
use super::{check_scores, required_line};
use crate::domain::command::{
    GoalPatch, InitiativePatch, NewGoal, NewInitiative, Position, SettingsPatch, VisionPatch,
};
use crate::domain::entity::{EntityRef, Role};
use crate::domain::error::DomainError;
use crate::domain::item::Status;
use crate::domain::score::{Rice, Scoring, Wsjf};
use crate::domain::strategy::{Goal, GoalStatus, Horizon, Initiative, InitiativeStatus, Kpi, Timeframe};
use crate::domain::text::{clean, clean_line};
use crate::domain::tx::Tx;
use crate::domain::workspace::Workspace;
use uuid::Uuid;

pub(super) fn edit_vision(tx: &mut Tx, p: VisionPatch) -> Result<String, DomainError> {
    tx.guard(tx.ws.vision.meta.owner, "the vision")?;
    tx.touch(EntityRef::Vision);
    let v = &mut tx.ws.vision;
    for (slot, new) in [
        (&mut v.statement, p.statement),
        (&mut v.target_group, p.target_group),
        (&mut v.needs, p.needs),
        (&mut v.product, p.product),
        (&mut v.business_goals, p.business_goals),
        (&mut v.pitch, p.pitch),
    ] {
        if let Some(text) = new {
            *slot = clean(&text).trim().to_owned();
        }
    }
    Ok("Updated the vision".into())
}

fn clean_kpis(kpis: Vec<Kpi>) -> Result<Vec<Kpi>, DomainError> {
    kpis.into_iter()
        .map(|k| {
            let name = required_line("kpi name", &k.name)?;
            if ![k.baseline, k.target, k.current].iter().all(|v| v.is_finite()) {
                return Err(DomainError::invalid("kpi", format!("{name}: values must be finite numbers")));
            }
            Ok(Kpi { name, unit: clean_line(&k.unit), ..k })
        })
        .collect()
}

/// The next key from a counter that nobody holds yet (a file edited by
/// hand may hold one); the counter moves past it. Never wraps around.
pub(super) fn next_free(
    counter: &mut u64,
    make: impl Fn(u64) -> String,
    taken: impl Fn(&str) -> bool,
) -> Result<String, DomainError> {
    loop {
        let n = *counter;
        *counter = n.checked_add(1).ok_or_else(|| {
            DomainError::invalid("key", "key numbers are used up: renumber the highest keys in the file")
        })?;
        let key = make(n);
        if !taken(&key) {
            return Ok(key);
        }
    }
}

/// The key asked for when it has the form `prefix` + a number (`BL-7`,
/// `G3`, `R7`, any case) and nobody holds it: the counter then moves past
/// it, so it is never handed out again. Else the next free key.
pub(super) fn asked_or_next(
    asked: Option<&str>,
    counter: &mut u64,
    prefix: &str,
    taken: impl Fn(&str) -> bool,
) -> Result<String, DomainError> {
    let make = |n: u64| format!("{prefix}{n}");
    let number = asked.and_then(|k| crate::domain::item::numbered(prefix, k));
    if let Some(n) = number.filter(|&n| !taken(&make(n))) {
        *counter = (*counter).max(n + 1);
        return Ok(make(n));
    }
    next_free(counter, make, taken)
}

/// WIP limits by a board column's slug; a limit must be at least 1 (`None`
/// lifts it).
fn check_wip(limits: Vec<(String, Option<u32>)>) -> Result<Vec<(String, Option<u32>)>, DomainError> {
    use crate::domain::board;
    limits
        .into_iter()
        .map(|(column, limit)| {
            let c = board::column_named(&column).ok_or_else(|| {
                DomainError::invalid("wip", format!("no board column {column:?}: use {}", board::slugs()))
            })?;
            if limit == Some(0) {
                return Err(DomainError::invalid("wip", "a WIP limit is at least 1 (use none to lift it)"));
            }
            Ok((board::BOARD[c].1.to_owned(), limit))
        })
        .collect()
}

pub(super) fn add_goal(tx: &mut Tx, new: NewGoal) -> Result<String, DomainError> {
    tx.guard(Role::Pm, "the goal list")?;
    let title = required_line("title", &new.title)?;
    let kpis = clean_kpis(new.kpis)?;
    tx.touch(EntityRef::Info);
    let key = {
        let ws = &mut *tx.ws;
        let taken = |k: &str| ws.goals.iter().any(|g| g.key.eq_ignore_ascii_case(k));
        asked_or_next(new.key.as_deref(), &mut ws.workspace.next_goal_key, "G", taken)?
    };
    let meta = tx.ctx.meta(Role::Pm);
    tx.creating(EntityRef::Goal(meta.id));
    tx.ws.goals.push(Goal {
        meta,
        key: key.clone(),
        title: title.clone(),
        description: clean(&new.description).trim().to_owned(),
        status: new.status.unwrap_or(GoalStatus::OnTrack),
        kpis,
        extra: Default::default(),
    });
    Ok(format!("Added goal {key} {title}"))
}

pub(super) fn edit_goal(tx: &mut Tx, id: Uuid, p: GoalPatch) -> Result<String, DomainError> {
    let title = p.title.as_deref().map(|t| required_line("title", t)).transpose()?;
    let kpis = p.kpis.map(clean_kpis).transpose()?;
    let g = tx.goal_mut(id, true)?;
    if let Some(t) = title {
        g.title = t;
    }
    if let Some(d) = p.description {
        g.description = clean(&d).trim().to_owned();
    }
    if let Some(s) = p.status {
        g.status = s;
    }
    if let Some(k) = kpis {
        // The command line and forms rewrite the list from specs: a KPI of
        // the same name keeps its unknown fields.
        let old = std::mem::replace(&mut g.kpis, k);
        for kpi in &mut g.kpis {
            let before = old.iter().find(|o| o.name == kpi.name).map(|o| o.extra.clone());
            kpi.extra = super::kept_extra(std::mem::take(&mut kpi.extra), before);
        }
    }
    if let Some(o) = p.owner {
        g.meta.owner = o;
    }
    Ok(format!("Updated goal {}", g.key))
}

pub(super) fn delete_goal(tx: &mut Tx, id: Uuid) -> Result<String, DomainError> {
    let now = tx.now();
    let g = tx.goal_mut(id, true)?;
    g.meta.deleted_at = Some(now);
    let key = g.key.clone();
    let linked: Vec<Uuid> = tx.ws.live_initiatives().filter(|i| i.goals.contains(&id)).map(|i| i.meta.id).collect();
    for i in linked {
        tx.initiative_mut(i, false)?.goals.retain(|g| *g != id);
    }
    Ok(format!("Deleted goal {key}"))
}

fn check_goals(ws: &Workspace, goals: &[Uuid]) -> Result<Vec<Uuid>, DomainError> {
    let mut out = Vec::with_capacity(goals.len());
    for g in goals {
        ws.goal(*g).filter(|g| g.meta.is_live()).ok_or_else(|| DomainError::not_found("goal", *g))?;
        if !out.contains(g) {
            out.push(*g);
        }
    }
    Ok(out)
}

fn check_timeframe(t: Option<Timeframe>) -> Result<Option<Timeframe>, DomainError> {
    let Some(t) = t else { return Ok(None) };
    if let (Some(s), Some(e)) = (t.start, t.end)
        && e < s
    {
        return Err(DomainError::invalid("timeframe", format!("ends {e}, before it starts {s}")));
    }
    let t = Timeframe { label: clean_line(&t.label), ..t };
    Ok((t != Timeframe::default()).then_some(t))
}

fn initiative_placement(
    ws: &Workspace,
    moving: Option<Uuid>,
    horizon: Horizon,
    to: Position,
) -> Result<super::place::Placement, DomainError> {
    place(
        ws.live_initiatives().filter(|i| i.horizon == horizon).map(|i| (i.rank.as_str(), i.meta.id)),
        |id| ws.initiative(id).filter(|i| i.meta.is_live() && i.horizon == horizon).map(|i| i.rank.as_str()),
        moving,
        to,
        None,
    )
}

fn apply_repairs(tx: &mut Tx, repairs: Vec<(Uuid, String)>) -> Result<(), DomainError> {
    for (id, rank) in repairs {
        tx.initiative_mut(id, false)?.rank = rank;
    }
    Ok(())
}

pub(super) fn add_initiative(tx: &mut Tx, new: NewInitiative) -> Result<String, DomainError> {
    tx.guard(Role::Pm, "the roadmap")?;
    let title = required_line("title", &new.title)?;
    let horizon = new.horizon.unwrap_or(Horizon::Later);
    let goals = check_goals(tx.ws, &new.goals)?;
    let timeframe = check_timeframe(new.timeframe)?;
    check_scores(new.wsjf.as_ref(), new.rice.as_ref())?;
    let placement = initiative_placement(tx.ws, None, horizon, new.position)?;
    tx.touch(EntityRef::Info);
    let key = {
        let ws = &mut *tx.ws;
        let taken = |k: &str| ws.roadmap.iter().any(|i| i.key.eq_ignore_ascii_case(k));
        asked_or_next(new.key.as_deref(), &mut ws.workspace.next_initiative_key, "R", taken)?
    };
    let meta = tx.ctx.meta(Role::Pm);
    tx.creating(EntityRef::Initiative(meta.id));
    tx.ws.roadmap.push(Initiative {
        meta,
        key: key.clone(),
        title: title.clone(),
        description: clean(&new.description).trim().to_owned(),
        horizon,
        timeframe,
        theme: clean_line(&new.theme),
        goals,
        status: new.status.unwrap_or(InitiativeStatus::Idea),
        rank: placement.rank,
        scoring: Scoring { moscow: new.moscow, wsjf: new.wsjf, rice: new.rice, extra: Default::default() },
        extra: Default::default(),
    });
    apply_repairs(tx, placement.repairs)?;
    Ok(format!("Added initiative {key} {title} ({horizon})"))
}

pub(super) fn edit_initiative(tx: &mut Tx, id: Uuid, p: InitiativePatch) -> Result<String, DomainError> {
    let title = p.title.as_deref().map(|t| required_line("title", t)).transpose()?;
    let goals = p.goals.as_deref().map(|g| check_goals(tx.ws, g)).transpose()?;
    let timeframe = p.timeframe.map(check_timeframe).transpose()?;
    check_scores(p.wsjf.as_ref().and_then(Option::as_ref), p.rice.as_ref().and_then(Option::as_ref))?;
    let i = tx.initiative_mut(id, true)?;
    if let Some(t) = title {
        i.title = t;
    }
    if let Some(d) = p.description {
        i.description = clean(&d).trim().to_owned();
    }
    if let Some(t) = timeframe {
        let old = i.timeframe.take().map(|o| o.extra);
        i.timeframe = t.map(|new| Timeframe { extra: super::kept_extra(new.extra, old), ..new });
    }
    if let Some(t) = p.theme {
        i.theme = clean_line(&t);
    }
    if let Some(g) = goals {
        i.goals = g;
    }
    if let Some(s) = p.status {
        i.status = s;
    }
    if let Some(m) = p.moscow {
        i.scoring.moscow = m;
    }
    if let Some(w) = p.wsjf {
        let old = i.scoring.wsjf.take().map(|o| o.extra);
        i.scoring.wsjf = w.map(|new| Wsjf { extra: super::kept_extra(new.extra, old), ..new });
    }
    if let Some(r) = p.rice {
        let old = i.scoring.rice.take().map(|o| o.extra);
        i.scoring.rice = r.map(|new| Rice { extra: super::kept_extra(new.extra, old), ..new });
    }
    if let Some(o) = p.owner {
        i.meta.owner = o;
    }
    Ok(format!("Updated initiative {}", i.key))
}

pub(super) fn move_initiative(tx: &mut Tx, id: Uuid, horizon: Horizon, to: Position) -> Result<String, DomainError> {
    tx.ws.initiative(id).filter(|i| i.meta.is_live()).ok_or_else(|| DomainError::not_found("initiative", id))?;
    let placement = initiative_placement(tx.ws, Some(id), horizon, to)?;
    let i = tx.initiative_mut(id, true)?;
    i.horizon = horizon;
    i.rank = placement.rank;
    let key = i.key.clone();
    apply_repairs(tx, placement.repairs)?;
    Ok(format!("Moved {key} to {horizon}"))
}

pub(super) fn delete_initiative(tx: &mut Tx, id: Uuid) -> Result<String, DomainError> {
    let now = tx.now();
    let i = tx.initiative_mut(id, true)?;
    i.meta.deleted_at = Some(now);
    let key = i.key.clone();
    let linked: Vec<Uuid> = tx.ws.live_items().filter(|it| it.initiative == Some(id)).map(|it| it.meta.id).collect();
    for item in linked {
        tx.item_mut_unguarded(item)?.initiative = None;
    }
    Ok(format!("Deleted initiative {key}"))
}

pub(super) fn edit_settings(tx: &mut Tx, p: SettingsPatch) -> Result<String, DomainError> {
    if let Some(scale) = &p.point_scale {
        if scale.is_empty() {
            return Err(DomainError::invalid("point_scale", "needs at least one value"));
        }
        if !scale.windows(2).all(|w| w[0] < w[1]) {
            return Err(DomainError::invalid("point_scale", "values must increase, without repeats"));
        }
    }
    if p.velocity_window == Some(0) {
        return Err(DomainError::invalid("velocity_window", "must be at least 1"));
    }
    if p.sprint_length_days == Some(0) {
        return Err(DomainError::invalid("sprint_length_days", "must be at least 1"));
    }
    let prefix = p
        .key_prefix
        .map(|k| {
            let k = clean_line(&k).to_ascii_uppercase();
            if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric()) {
                Err(DomainError::invalid("key_prefix", "use letters and digits only, such as BL"))
            } else {
                Ok(k)
            }
        })
        .transpose()?;
    if let Some(s) = p.close_status
        && !matches!(s, Status::Review | Status::Done)
    {
        return Err(DomainError::invalid(
            "close_status",
            format!("{s} is not a status work ends in: use review or done"),
        ));
    }
    let template = p.branch_template.as_deref().map(clean_line);
    if let Some(t) = &template {
        crate::domain::branch_name::check_template(t).map_err(|e| DomainError::invalid("branch_template", e))?;
    }
    let name = p.name.as_deref().map(|n| required_line("name", n)).transpose()?;
    if name.is_some() || prefix.is_some() {
        tx.touch(EntityRef::Info);
        if let Some(n) = name {
            tx.ws.workspace.name = n;
        }
        if let Some(k) = prefix {
            tx.ws.workspace.key_prefix = k;
        }
    }
    let wip = p.wip_limits.map(check_wip).transpose()?;
    tx.touch(EntityRef::Settings);
    let s = &mut tx.ws.settings;
    for (slug, limit) in wip.into_iter().flatten() {
        match limit {
            Some(n) => s.wip_limits.insert(slug, n),
            None => s.wip_limits.remove(&slug),
        };
    }
    if let Some(v) = p.point_scale {
        s.point_scale = v;
    }
    if let Some(v) = p.velocity_window {
        s.velocity_window = v;
    }
    if let Some(v) = p.sprint_length_days {
        s.sprint_length_days = v;
    }
    if let Some(v) = p.role_guard {
        s.role_guard = v;
    }
    if let Some(v) = p.stale_after_days {
        s.stale_after_days = v;
    }
    if let Some(v) = p.definition_guard {
        s.definition_guard = v;
    }
    if let Some(v) = p.close_status {
        s.close_status = v;
    }
    if let Some(v) = template {
        s.branch_template = v;
    }
    if let Some(v) = p.history_days {
        s.history_days = v.filter(|d| *d > 0);
    }
    for (slot, list) in
        [(&mut s.definition_of_ready, p.definition_of_ready), (&mut s.definition_of_done, p.definition_of_done)]
    {
        if let Some(mut list) = list {
            list.items = list.items.iter().map(|t| clean_line(t)).filter(|t| !t.is_empty()).collect();
            list.items.dedup();
            list.checks.dedup();
            list.extra = super::kept_extra(list.extra, Some(std::mem::take(&mut slot.extra)));
            *slot = list;
        }
    }
    if let Some(views) = p.views {
        let mut names = std::collections::HashSet::new();
        let mut out = Vec::with_capacity(views.len());
        for mut v in views {
            v.name = required_line("view name", &v.name)?;
            v.filter = clean_line(&v.filter);
            if !names.insert(v.name.to_lowercase()) {
                return Err(DomainError::invalid("views", format!("two views are named {:?}", v.name)));
            }
            out.push(v);
        }
        tx.ws.settings.views = out;
    }
    Ok("Updated settings".into())
}
