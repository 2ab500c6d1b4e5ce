//! Sprint planning rules shared by the CLI and the TUI: what a sprint
//! holds (one count for the warnings, `sprint show`, the planning gauge and
//! the exports), when a pull deserves a warning, a question or a refusal,
//! which sprint unfinished work carries over to, what starting early does
//! to the dates, and what the next sprint is called.

use super::command::CarryOver;
use super::item::{Item, Status};
use super::ready::Gate;
use super::sprint::{Sprint, SprintState, velocity_over};
use super::workspace::{GuardMode, Workspace};
use chrono::NaiveDate;
use uuid::Uuid;

/// What an open sprint holds now: its live items that are not dropped
/// (dropped work is out of scope, as `StartSprint` and the history have
/// it). Done items pulled in count, in the points and in what is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Holding {
    pub items: usize,
    pub points: u32,
    pub done_points: u32,
    pub unestimated: usize,
}

/// [`Holding`] of sprint `id`: looked up, not scanned for.
pub fn holding(ws: &Workspace, id: Uuid) -> Holding {
    let mut h = Holding::default();
    for p in ws.sprint_members(id) {
        let i = &ws.items[p];
        if i.status == Status::Dropped {
            continue;
        }
        h.items += 1;
        h.points = h.points.saturating_add(i.points());
        if i.status == Status::Done {
            h.done_points = h.done_points.saturating_add(i.points());
        }
        if i.estimate.is_none() {
            h.unestimated += 1;
        }
    }
    h
}

/// One person's part of a sprint: their share of its days and the points
/// assigned to them in it (dropped items left out, as in [`holding`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Load {
    /// A team member's name, or an assignee who is not on the team.
    pub name: String,
    /// `None` for an assignee who is not on the team.
    pub share: Option<super::team::Share>,
    pub points: u32,
    pub items: usize,
}

impl Load {
    pub fn over(&self) -> bool {
        self.share.is_some_and(|s| self.points > s.points)
    }
}

/// Each team member's load in sprint `id` against their share, in team
/// order, then assignees who are not on the team; and the points nobody is
/// assigned. Looked up through the sprint's members, not scanned for.
pub fn loads(ws: &Workspace, sprint: &Sprint) -> (Vec<Load>, u32) {
    let mut team: Vec<&super::team::Member> = ws.live_members().collect();
    team.sort_by_key(|m| m.name.to_lowercase());
    let mut out: Vec<Load> = team
        .iter()
        .map(|m| Load { name: m.name.clone(), share: Some(m.share(sprint.start, sprint.end)), points: 0, items: 0 })
        .collect();
    let mut unassigned = 0u32;
    for p in ws.sprint_members(sprint.meta.id) {
        let i = &ws.items[p];
        if i.status == Status::Dropped {
            continue;
        }
        let Some(who) = i.assignee.as_deref().filter(|a| !a.trim().is_empty()) else {
            unassigned = unassigned.saturating_add(i.points());
            continue;
        };
        let at = match out.iter().position(|l| l.name.eq_ignore_ascii_case(who)) {
            Some(at) => at,
            None => {
                out.push(Load { name: who.to_owned(), share: None, points: 0, items: 0 });
                out.len() - 1
            }
        };
        out[at].points = out[at].points.saturating_add(i.points());
        out[at].items += 1;
    }
    // Assignees off the team in name order, whatever the file's order.
    out[team.len()..].sort_by_key(|l| l.name.to_lowercase());
    (out, unassigned)
}

/// The points sprint `id` holds ([`Holding::points`], kept as items
/// change rather than counted).
pub fn committed(ws: &Workspace, id: Uuid) -> u32 {
    ws.sprint_points(id)
}

/// Soft problems with what sprint `s` holds now: commitment above its
/// capacity, or above the recent velocity. Empty when all is well.
pub fn commitment_warnings(ws: &Workspace, s: &Sprint) -> Vec<String> {
    warnings_for(ws, s, committed(ws, s.meta.id))
}

/// [`commitment_warnings`] for a commitment the caller has counted.
pub fn warnings_for(ws: &Workspace, s: &Sprint, points: u32) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = ws.sprint_capacity(s)
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

/// The velocity and what it was taken over, in words: "last closed
/// sprint", "last 2 closed sprints" (the sprints really averaged, never the
/// window when fewer have closed).
pub fn velocity_note(ws: &Workspace) -> Option<(f64, String)> {
    let (v, n) = velocity_over(ws.live_sprints(), ws.settings.velocity_window as usize)?;
    let over = if n == 1 { "last closed sprint".to_owned() } else { format!("last {n} closed sprints") };
    Some((v, over))
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

/// Why pulling `item` into a sprint is refused unless forced: done or
/// dropped work is not what a sprint commits to (its points would count
/// as commitment, or as nothing, while the list shows it).
pub fn refused_pull(item: &Item) -> Option<&'static str> {
    match item.status {
        Status::Done => Some("it is already done"),
        Status::Dropped => Some("it was dropped"),
        _ => None,
    }
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
    if item.status == Status::New {
        out.push("it is new (not refined yet)");
    }
    out.extend(refused_pull(item));
    if item.estimate.is_none() {
        out.push("it is not estimated");
    }
    if blocked {
        out.push("it is blocked");
    }
    out
}

/// What `item` lacks of the Definition of Ready, as a pull is told it
/// (empty when the definition guard is off, or it meets it). Done and
/// dropped work is past readiness: refused or asked about for that.
pub fn ready_gaps(ws: &Workspace, item: &Item, blocked: bool) -> Vec<String> {
    if ws.settings.definition_guard == GuardMode::Off || item.status.is_closed() {
        return Vec::new();
    }
    super::ready::missing(&ws.settings, Gate::Ready, item, blocked)
}

/// The gaps of [`ready_gaps`] that [`pull_concerns_given`] has not said
/// already ("not estimated", "blocked"), for one question naming both.
pub fn ready_gaps_unsaid(ws: &Workspace, item: &Item, blocked: bool) -> Vec<String> {
    let said = [
        (item.estimate.is_none(), super::ready::Check::Points.missing()),
        (blocked, super::ready::Check::Unblocked.missing()),
    ];
    ready_gaps(ws, item, blocked).into_iter().filter(|g| !said.iter().any(|(s, m)| *s && g == m)).collect()
}

/// Where a closing sprint's unfinished work goes unless told: on to the
/// next planned sprint when there is one (that is what planning ahead is
/// for), else back to the backlog. The TUI's close dialog and `sprint
/// close` start from the same answer.
pub fn default_carry_over(ws: &Workspace, closing: Uuid) -> CarryOver {
    if next_planned(ws, closing).is_some() { CarryOver::Next } else { CarryOver::Backlog }
}

/// When sprint `s`, started on `today` before its planned start, would
/// run if its dates moved: from today, as long as it was planned. `None`
/// when it is not early (or not planned).
pub fn early_start(s: &Sprint, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    if s.state != SprintState::Planned || today >= s.start {
        return None;
    }
    Some((today, today + (s.end - s.start)))
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
