//! Sprint planning rules shared by the CLI and the TUI: what a sprint has
//! committed, when a pull deserves a warning or a question, which sprint
//! unfinished work carries over to, and what the next sprint is called.

use super::item::{Item, Status};
use super::sprint::{Sprint, SprintState, velocity_over};
use super::workspace::Workspace;
use uuid::Uuid;

/// Points of the live, not dropped items in sprint `id`.
pub fn committed(ws: &Workspace, id: Uuid) -> u32 {
    ws.live_items().filter(|i| i.sprint == Some(id) && i.status != Status::Dropped).map(Item::points).sum()
}

/// Soft problems with what sprint `s` holds now: commitment above its
/// capacity, or above the recent velocity. Empty when all is well.
pub fn commitment_warnings(ws: &Workspace, s: &Sprint) -> Vec<String> {
    warnings_for(ws, s, committed(ws, s.meta.id))
}

/// [`commitment_warnings`] for a commitment the caller has counted.
pub fn warnings_for(ws: &Workspace, s: &Sprint, points: u32) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = s.capacity
        && points > c
    {
        out.push(format!("{} is over capacity: {points} of {c} points", s.name));
    }
    if let Some((v, _)) = velocity_over(ws.live_sprints(), ws.settings.velocity_window as usize)
        && f64::from(points) > v
    {
        out.push(format!("{} commits {points} points, above the recent velocity of {}", s.name, short(v)));
    }
    out
}

/// "25", but "19.5": as short as the number allows.
pub fn short(v: f64) -> String {
    let s = format!("{v:.1}");
    s.trim_end_matches(".0").to_owned()
}

/// Whether `item` is blocked by other open work (a `blocks` link from an
/// item that is not done or dropped).
pub fn is_blocked(ws: &Workspace, item: &Item) -> bool {
    super::ready::open_blockers(ws, item.meta.id).next().is_some()
}

/// Reasons to ask before pulling `item` into a sprint ("it is new", "it is
/// not estimated", …). Empty when it can go in without a question.
pub fn pull_concerns(ws: &Workspace, item: &Item) -> Vec<&'static str> {
    pull_concerns_given(item, is_blocked(ws, item))
}

/// [`pull_concerns`] for a caller that knows whether the item is blocked
/// (the TUI keeps that set, so a key does not scan the workspace).
pub fn pull_concerns_given(item: &Item, blocked: bool) -> Vec<&'static str> {
    let mut out = Vec::new();
    match item.status {
        Status::New => out.push("it is new (not refined yet)"),
        Status::Dropped => out.push("it was dropped"),
        Status::Done => out.push("it is already done"),
        _ => {}
    }
    if item.estimate.is_none() {
        out.push("it is not estimated");
    }
    if blocked {
        out.push("it is blocked");
    }
    out
}

/// The sprints planning can target: the active one first, then the planned
/// ones by start date.
pub fn open_sprints(ws: &Workspace) -> Vec<&Sprint> {
    let mut v: Vec<&Sprint> = ws.live_sprints().filter(|s| s.state != SprintState::Closed).collect();
    v.sort_by_key(|s| (s.state != SprintState::Active, s.start, s.meta.id));
    v
}

/// Where unfinished work of sprint `from` carries over to: the earliest
/// planned sprint other than it.
pub fn next_planned(ws: &Workspace, from: Uuid) -> Option<&Sprint> {
    ws.live_sprints()
        .filter(|s| s.state == SprintState::Planned && s.meta.id != from)
        .min_by_key(|s| (s.start, s.meta.id))
}

/// The name a new sprint gets: one more than the highest number ending a
/// sprint's name (`Sprint 24` -> `Sprint 25`), else one more than the count.
pub fn next_sprint_name(ws: &Workspace) -> String {
    let highest = ws
        .sprints
        .iter()
        .filter_map(|s| {
            let digits: String = s.name.chars().rev().take_while(char::is_ascii_digit).collect();
            digits.chars().rev().collect::<String>().parse::<u64>().ok()
        })
        .max();
    let n = highest.map_or(ws.sprints.len() as u64 + 1, |h| h.saturating_add(1));
    let mut name = format!("Sprint {n}");
    // A name taken by a sprint without a number is skipped past.
    let mut k = n;
    while ws.sprint_by_name(&name).is_some() {
        k = k.saturating_add(1);
        name = format!("Sprint {k}");
    }
    name
}
