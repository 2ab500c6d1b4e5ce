//! Sprint lifecycle: plan, start, close; and the history log a running
//! sprint keeps.

use super::required_line;
use crate::domain::command::{CarryOver, NewSprint, SprintPast, SprintPatch};
use crate::domain::entity::{EntityRef, Role};
use crate::domain::error::DomainError;
use crate::domain::item::Status;
use crate::domain::planning;
use crate::domain::sprint::{Sprint, SprintChange, SprintEvent, SprintReview, SprintState};
use crate::domain::text::clean;
use crate::domain::tx::Tx;
use crate::domain::workspace::Workspace;
use chrono::{Duration, NaiveDate};
use uuid::Uuid;

pub(super) fn sprint_is_active(ws: &Workspace, id: Uuid) -> bool {
    ws.sprint(id).is_some_and(|s| s.is_live() && s.state == SprintState::Active)
}

/// Appends to a running sprint's history (a consequence, so unguarded).
pub(super) fn record(tx: &mut Tx, sprint: Uuid, item: Uuid, change: SprintChange) -> Result<(), DomainError> {
    let at = tx.now();
    tx.sprint_mut(sprint, false)?.history.push(SprintEvent::new(at, item, change));
    Ok(())
}

/// What the pulls into sprints of one command come to, said once it is
/// done, as things then stand: the items pulled ahead of open work that
/// blocks them (and is not in that sprint), each sprint's commitment past
/// its capacity or the recent velocity with the final numbers (pulling ten
/// items is one warning naming where they ended, not ten), and the items
/// that miss the Definition of Ready (told, not asked: the TUI asks before
/// a pull, the CLI cannot), and a running sprint's board column the pulls
/// took past its WIP limit. The kept links are brought up to date once,
/// not at every pull of a big batch.
pub(super) fn tell_pulls(tx: &mut Tx) {
    if tx.pulled.is_empty() {
        return;
    }
    let pulled = std::mem::take(&mut tx.pulled);
    tx.sync_links();
    let ws = &*tx.ws;
    // Each item once, where it ended, if it is still in the sprint it was
    // pulled into.
    let mut seen = std::collections::HashSet::new();
    let items: Vec<&crate::domain::Item> = pulled
        .iter()
        .filter_map(|&(s, item)| ws.item(item).filter(|i| i.is_live() && i.sprint == Some(s)))
        .filter(|i| seen.insert(i.meta.id))
        .collect();
    let mut said = Vec::new();
    let mut blocked = std::collections::HashSet::new();
    for i in &items {
        let open: Vec<&crate::domain::Item> = crate::domain::ready::open_blockers(ws, i.meta.id).collect();
        if !open.is_empty() {
            blocked.insert(i.meta.id);
        }
        let outside: Vec<&str> = open.iter().filter(|b| b.sprint != i.sprint).map(|b| b.key.as_str()).collect();
        if !outside.is_empty() {
            said.push(format!("{} is blocked by {} (open, not in this sprint)", i.key, outside.join(", ")));
        }
    }
    let mut sprints: Vec<Uuid> = Vec::new();
    for &(s, _) in &pulled {
        if !sprints.contains(&s) {
            sprints.push(s);
        }
    }
    for s in sprints.iter().filter_map(|s| ws.sprint(*s)) {
        said.extend(planning::commitment_warnings(ws, s));
        // Work already under way pulled into the running sprint lands on
        // its board column: past that column's WIP limit, it is said.
        if s.state == SprintState::Active {
            let mut columns: Vec<usize> = items
                .iter()
                .filter(|i| i.sprint == Some(s.meta.id))
                .filter_map(|i| crate::domain::board::column_of(i.status))
                .collect();
            columns.sort_unstable();
            columns.dedup();
            said.extend(columns.into_iter().filter_map(|c| crate::domain::board::over_limit(ws, s.meta.id, c)));
        }
    }
    let short: Vec<(String, Vec<String>)> = items
        .iter()
        .map(|i| (i.key.clone(), planning::ready_gaps(ws, i, blocked.contains(&i.meta.id))))
        .filter(|(_, gaps)| !gaps.is_empty())
        .collect();
    match short.as_slice() {
        [] => {}
        [(key, gaps)] => said.push(format!("{key} misses the Definition of Ready: {}", gaps.join(", "))),
        many => {
            // A long list is cut: the keys are what a user looks up.
            const NAMED: usize = 5;
            let mut named: Vec<String> =
                many.iter().take(NAMED).map(|(k, gaps)| format!("{k} ({})", gaps.join(", "))).collect();
            if many.len() > NAMED {
                named.push(format!("and {} more", many.len() - NAMED));
            }
            said.push(format!("{} items pulled miss the Definition of Ready: {}", many.len(), named.join("; ")));
        }
    }
    for w in said {
        if !tx.warnings.contains(&w) {
            tx.warnings.push(w);
        }
    }
}

pub(super) fn add(tx: &mut Tx, new: NewSprint) -> Result<String, DomainError> {
    tx.guard(Role::Po, "the sprint list")?;
    let ws = &*tx.ws;
    let last = ws.live_sprints().max_by_key(|s| (s.end, s.meta.id));
    let len = i64::from(ws.settings.sprint_length_days.max(1));
    let start = new.start.or_else(|| last.and_then(|s| s.end.succ_opt())).unwrap_or_else(|| tx.now().date_naive());
    let end = new.end.unwrap_or(start + Duration::days(len - 1));
    check_dates(start, end)?;
    let name = match new.name {
        Some(n) => required_line("name", &n)?,
        None => planning::next_sprint_name(ws),
    };
    if ws.sprint_by_name(&name).is_some() {
        return Err(DomainError::invalid("name", format!("a sprint named {name:?} already exists")));
    }
    let capacity = new.capacity.or_else(|| last.and_then(|s| s.capacity));
    let meta = tx.ctx.meta(Role::Po);
    tx.creating(EntityRef::Sprint(meta.id));
    tx.ws.sprints.push(Sprint {
        meta,
        name: name.clone(),
        goal: clean(&new.goal).trim().to_owned(),
        start,
        end,
        capacity,
        state: SprintState::Planned,
        started_at: None,
        history: Vec::new(),
        review: None,
        extra: Default::default(),
    });
    Ok(format!("Planned {name} ({start} – {end})"))
}

pub(super) fn edit(tx: &mut Tx, id: Uuid, p: SprintPatch) -> Result<String, DomainError> {
    let s = tx.ws.sprint(id).filter(|s| s.is_live()).ok_or_else(|| DomainError::not_found("sprint", id))?;
    let (start, end) = (p.start.unwrap_or(s.start), p.end.unwrap_or(s.end));
    check_dates(start, end)?;
    if s.state == SprintState::Closed && (p.start.is_some() || p.end.is_some() || p.capacity.is_some()) {
        return Err(DomainError::invalid("sprint", "a closed sprint's dates and capacity are history"));
    }
    let name = p.name.as_deref().map(|n| required_line("name", n)).transpose()?;
    if let Some(n) = &name
        && tx.ws.sprint_by_name(n).is_some_and(|o| o.meta.id != id)
    {
        return Err(DomainError::invalid("name", format!("a sprint named {n:?} already exists")));
    }
    let sprint = tx.sprint_mut(id, true)?;
    if let Some(n) = name {
        sprint.name = n;
    }
    if let Some(g) = p.goal {
        sprint.goal = clean(&g).trim().to_owned();
    }
    sprint.start = start;
    sprint.end = end;
    if let Some(c) = p.capacity {
        sprint.capacity = c;
    }
    Ok(format!("Updated {}", sprint.name))
}

pub(super) fn start(tx: &mut Tx, id: Uuid, move_dates: bool) -> Result<String, DomainError> {
    let s = tx.ws.sprint(id).filter(|s| s.is_live()).ok_or_else(|| DomainError::not_found("sprint", id))?;
    if s.state != SprintState::Planned {
        return Err(DomainError::invalid(
            "sprint",
            format!("{} is {}, only a planned sprint can start", s.name, s.state),
        ));
    }
    crate::domain::rules::one_active(tx.ws, id)?;
    let capacity = tx.ws.sprint_capacity(s);
    let members: Vec<(Uuid, u32, bool)> = tx
        .ws
        .live_items()
        .filter(|i| i.sprint == Some(id) && i.status != Status::Dropped)
        .map(|i| (i.meta.id, i.points(), i.status == Status::Done))
        .collect();
    let now = tx.now();
    let early = planning::early_start(s, now.date_naive()).map(|moved| (s.start, s.end, moved));
    let sprint = tx.sprint_mut(id, true)?;
    sprint.state = SprintState::Active;
    sprint.started_at = Some(now);
    // Its planned dates stay the plan unless asked: the actual start is
    // recorded beside them either way.
    let dates = match early {
        Some((_, _, (start, end))) if move_dates => {
            (sprint.start, sprint.end) = (start, end);
            format!("; it now runs {start} – {end}")
        }
        Some((start, end, _)) => format!("; its planned dates {start} – {end} stay"),
        None => String::new(),
    };
    for &(item, points, done) in &members {
        sprint.history.push(SprintEvent::new(now, item, SprintChange::Added { points }));
        if done {
            sprint.history.push(SprintEvent::new(now, item, SprintChange::Done { points }));
        }
    }
    let name = sprint.name.clone();
    let committed: u32 = members.iter().map(|m| m.1).sum();
    if let Some(c) = capacity
        && committed > c
    {
        tx.warnings.push(format!("{name} starts over capacity: {committed} points committed, capacity {c}"));
    }
    Ok(format!(
        "Started {name} with {}, {}{dates}",
        crate::domain::text::count(members.len() as u64, "item", "items"),
        crate::domain::text::count(committed, "point", "points")
    ))
}

pub(super) fn close(
    tx: &mut Tx,
    id: Uuid,
    goal_met: Option<bool>,
    carry_over: CarryOver,
    notes: &str,
) -> Result<String, DomainError> {
    let s = tx.ws.sprint(id).filter(|s| s.is_live()).ok_or_else(|| DomainError::not_found("sprint", id))?;
    if s.state != SprintState::Active {
        return Err(DomainError::invalid(
            "sprint",
            format!("{} is {}, only the active sprint can close", s.name, s.state),
        ));
    }
    let next = match carry_over {
        CarryOver::Backlog => None,
        CarryOver::Next => Some(planning::next_planned(tx.ws, id).map(|n| (n.meta.id, n.name.clone())).ok_or_else(
            || {
                DomainError::invalid(
                    "carry_over",
                    "there is no planned sprint to carry unfinished work over to: plan one, or carry it over to the backlog",
                )
            },
        )?),
    };
    let now = tx.now();
    let progress = s.progress_at(now);
    let committed = s.committed();
    let unfinished: Vec<Uuid> =
        tx.ws.live_items().filter(|i| i.sprint == Some(id) && !i.status.is_closed()).map(|i| i.meta.id).collect();
    let sprint = tx.sprint_mut(id, true)?;
    sprint.state = SprintState::Closed;
    let (returned, carried_over) = match next {
        None => (unfinished.clone(), Vec::new()),
        Some(_) => (Vec::new(), unfinished.clone()),
    };
    sprint.review = Some(SprintReview {
        closed_at: now,
        committed,
        completed: progress.done,
        not_completed: progress.remaining(),
        scope_added: progress.added,
        scope_removed: progress.removed,
        goal_met,
        returned,
        carried_over,
        carried_to: next.as_ref().map(|n| n.0),
        notes: clean(notes).trim().to_owned(),
        extra: Default::default(),
    });
    let name = sprint.name.clone();
    // Unfinished work goes back to the backlog, or on to the next sprint,
    // where it was ranked: only its sprint changes. The next sprint is
    // planned, so it has no history to log yet.
    let to = next.as_ref().map(|n| n.0);
    for item in &unfinished {
        tx.item_mut_unguarded(*item)?.sprint = to;
    }
    let place = match &next {
        Some((_, n)) => format!("carried over to {n}"),
        None => "back to the backlog".to_owned(),
    };
    let moved = match unfinished.len() {
        0 if next.is_none() => "nothing went back to the backlog".to_owned(),
        0 => "nothing to carry over".to_owned(),
        1 => format!("1 item {place}"),
        n => format!("{n} items {place}"),
    };
    Ok(format!("Closed {name}: {} of {} points done, {moved}", progress.done, progress.scope))
}

/// A sprint that ran elsewhere gets its past: only a planned one that has
/// not run here, and never a second active sprint. Closed, its unfinished
/// items go back to the backlog, as a close here sends them.
pub(super) fn record_past(tx: &mut Tx, id: Uuid, past: SprintPast) -> Result<String, DomainError> {
    let s = tx.ws.sprint(id).filter(|s| s.is_live()).ok_or_else(|| DomainError::not_found("sprint", id))?;
    if s.state != SprintState::Planned || s.started_at.is_some() || !s.history.is_empty() || s.review.is_some() {
        return Err(DomainError::invalid("sprint", format!("{} has run here already; its past is its own", s.name)));
    }
    match (past.state, past.started_at, &past.review) {
        (SprintState::Planned, ..) => {
            return Err(DomainError::invalid("state", "a sprint's past is active or closed"));
        }
        (SprintState::Active, None, _) | (SprintState::Active, _, Some(_)) => {
            return Err(DomainError::invalid("sprint", "an active sprint has a start and no review"));
        }
        (SprintState::Active, ..) => {
            if let Some(active) = tx.ws.active_sprint() {
                return Err(DomainError::invalid(
                    "sprint",
                    format!("{} is still active; close it before starting another", active.name),
                ));
            }
        }
        (SprintState::Closed, Some(_), None) => {
            return Err(DomainError::invalid("review", "a closed sprint with a known start has a review"));
        }
        (SprintState::Closed, Some(start), Some(r)) if r.closed_at < start => {
            return Err(DomainError::invalid("review", "it closed before it started"));
        }
        (SprintState::Closed, ..) => {}
    }
    let unfinished: Vec<Uuid> = match past.state {
        SprintState::Closed => {
            tx.ws.live_items().filter(|i| i.sprint == Some(id) && !i.status.is_closed()).map(|i| i.meta.id).collect()
        }
        _ => Vec::new(),
    };
    let sprint = tx.sprint_mut(id, true)?;
    sprint.state = past.state;
    sprint.started_at = past.started_at;
    sprint.history = past.history;
    sprint.review = past.review;
    let name = sprint.name.clone();
    let said = match (&sprint.review, sprint.started_at) {
        (_, Some(_)) if sprint.state == SprintState::Active => format!("{name} is active"),
        (Some(r), _) => format!("{name} closed: {} of {} points done", r.completed, r.completed + r.not_completed),
        (None, _) => format!("{name} closed, dates unknown"),
    };
    for item in unfinished {
        tx.item_mut_unguarded(item)?.sprint = None;
    }
    Ok(format!("Recorded the past of {said}"))
}

pub(super) fn delete(tx: &mut Tx, id: Uuid) -> Result<String, DomainError> {
    let s = tx.ws.sprint(id).filter(|s| s.is_live()).ok_or_else(|| DomainError::not_found("sprint", id))?;
    if s.state != SprintState::Planned {
        return Err(DomainError::invalid(
            "sprint",
            format!("{} is {}; only a planned sprint can be deleted", s.name, s.state),
        ));
    }
    let members: Vec<Uuid> = tx.ws.live_items().filter(|i| i.sprint == Some(id)).map(|i| i.meta.id).collect();
    let now = tx.now();
    let sprint = tx.sprint_mut(id, true)?;
    sprint.meta.deleted_at = Some(now);
    let name = sprint.name.clone();
    for item in members {
        tx.item_mut_unguarded(item)?.sprint = None;
    }
    Ok(format!("Deleted {name}"))
}

fn check_dates(start: NaiveDate, end: NaiveDate) -> Result<(), DomainError> {
    if end < start {
        return Err(DomainError::invalid("end", format!("{end} is before the start {start}")));
    }
    Ok(())
}
