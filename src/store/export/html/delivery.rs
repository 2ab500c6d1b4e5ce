//! The PO's pages: a page per epic and per sprint (goal, burndown, burnup,
//! review), the sprints with their velocity, and the changelog.

use super::context::{Ctx, Here};
use super::parts::{bars, changelog as commits_of, chart, esc, item_rows, page, paras, progress_card, titled};
use crate::domain::item::{Item, ItemKind, Status};
use crate::domain::sprint::{DayPoint, Sprint, SprintState};
use crate::domain::text::count;
use crate::domain::workspace::EpicProgress;
use std::fmt::Write;

/// A sprint review: goal, numbers, burndown and burnup, what was done;
/// with the trail, the commits that delivered each done story.
pub fn sprint(ctx: &Ctx, s: &Sprint) -> String {
    let ws = ctx.ws;
    let today = ctx.today;
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{}</h1>", esc(&s.name));
    let _ = writeln!(b, "<p class=\"sub\">{} · {}</p>", s.dates(), s.state);
    if !s.goal.is_empty() {
        let _ = writeln!(b, "<p><strong>Goal:</strong> {}</p>", esc(&s.goal));
    }
    if let Some(r) = &s.review {
        let met = match r.goal_met {
            Some(true) => "Goal met",
            Some(false) => "Goal not met",
            None => "Goal not assessed",
        };
        let _ = write!(
            b,
            "<p><span class=\"tag\">{met}</span></p><table class=\"nums\"><tr><th scope=\"col\">Sprint</th><th scope=\"col\" class=\"n\">points</th></tr><tr><th scope=\"row\">Committed at start</th><td class=\"n\">{}</td></tr><tr><th scope=\"row\">Done</th><td class=\"n\">{}</td></tr><tr><th scope=\"row\">Not done</th><td class=\"n\">{}</td></tr><tr><th scope=\"row\">Scope added</th><td class=\"n\">{}</td></tr><tr><th scope=\"row\">Scope removed</th><td class=\"n\">{}</td></tr></table>",
            r.committed, r.completed, r.not_completed, r.scope_added, r.scope_removed
        );
    }
    if let Some(r) = s.review.as_ref().filter(|r| !r.notes.is_empty()) {
        let _ = write!(b, "<h2>Review notes</h2>{}", paras(&r.notes));
    }
    // Over the sprints it really averages (fewer than the window early on).
    if let Some((v, over)) = crate::domain::planning::velocity_note(ws) {
        let _ = write!(b, "<p class=\"meta\">Velocity ({over}): {v:.1} points</p>");
    }
    let days = s.burndown(today);
    if days.is_empty() {
        b.push_str("<p class=\"meta\">The sprint has not started: no burndown yet.</p>");
    } else {
        // The span the TUI draws: from the real start to the planned end
        // (or the real close, when later), the ideal line reaching zero on
        // the planned end however far the sprint has got.
        let first = s.chart_start();
        let last = s.chart_end(today).max(s.end);
        let day = |d: &DayPoint| (d.date - first).num_days() as f64;
        let planned = ((s.end - first).num_days() as f64).max(1.0);
        let series = |f: fn(&DayPoint) -> u32| days.iter().map(|d| (day(d), f64::from(f(d)))).collect::<Vec<_>>();
        let ideal = vec![(0.0, f64::from(s.committed())), (planned, 0.0)];
        let end = days.last().expect("not empty");
        let burndown = format!(
            "Burndown of {}: {} points committed at the start, {} remaining on {}; the ideal line reaches 0 on {}.",
            s.name,
            s.committed(),
            end.remaining,
            end.date,
            s.end
        );
        let burnup =
            format!("Burnup of {}: {} of {} points in scope done on {}.", s.name, end.done, end.scope, end.date);
        b.push_str("<div class=\"charts\">");
        b.push_str(&chart(
            "Burndown",
            &burndown,
            first,
            last,
            &[("remaining", "#1c7ed6", series(|d| d.remaining), false), ("ideal", "#6c757d", ideal, true)],
        ));
        b.push_str(&chart(
            "Burnup",
            &burnup,
            first,
            last,
            &[("scope", "#e8590c", series(|d| d.scope), false), ("done", "#2f9e44", series(|d| d.done), false)],
        ));
        b.push_str("</div>");
    }
    let members: Vec<&Item> = ctx.index.in_sprint(s.meta.id).iter().copied().filter(|i| ctx.shows(i)).collect();
    let done: Vec<&Item> = members.iter().copied().filter(|i| i.status == Status::Done).collect();
    let open: Vec<&Item> = members.iter().copied().filter(|i| !i.status.is_closed()).collect();
    if !done.is_empty() {
        let _ = write!(b, "<h2>Done</h2>{}", item_rows(ctx, &done));
        if let Some(trail) = ctx.trail {
            let _ = write!(b, "<h2>Changelog</h2>{}", commits_of(ctx, &done, Some(trail)));
        }
    }
    if !open.is_empty() {
        let title = match s.state {
            SprintState::Closed => "Not done",
            SprintState::Active => "In progress",
            SprintState::Planned => "Planned",
        };
        let _ = write!(b, "<h2>{title}</h2>{}", item_rows(ctx, &open));
    }
    if let Some(r) = &s.review {
        let back: Vec<&Item> = r.returned.iter().filter_map(|id| ws.item(*id)).filter(|i| ctx.shows(i)).collect();
        if !back.is_empty() {
            let _ = write!(b, "<h2>Back to the backlog</h2>{}", item_rows(ctx, &back));
        }
    }
    page(ctx, &format!("{} review", s.name), Here::Detail, &b)
}

/// A page for one epic: its initiative, description, progress, forecast,
/// its stories and (inside the team) its comments.
pub fn epic(ctx: &Ctx, e: &Item) -> String {
    let ws = ctx.ws;
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{} {}</h1>", esc(&e.key), esc(&e.title));
    let _ = write!(b, "<p class=\"sub\">Epic · {}", esc(&e.status.as_str().replace('_', " ")));
    if let Some(i) = e.initiative.and_then(|i| ws.initiative(i)).filter(|i| i.meta.is_live() && ctx.shows_initiative(i))
    {
        let _ = write!(b, " · delivers {}", ctx.link(i.meta.id, &titled(&i.key, &i.title)));
    }
    if let Some(r) = e.release.and_then(|r| ws.release(r)).filter(|r| r.is_live()) {
        let _ = write!(b, " · release <a href=\"releases.html\">{}</a>", esc(&r.name));
    }
    b.push_str("</p>\n");
    b.push_str(&paras(&e.description));
    let p = EpicProgress::of(ctx.index.children(e.meta.id).iter().copied());
    b.push_str(&progress_card(ctx, (p.done_points, p.points), p.children, ctx.index.children(e.meta.id)));
    let children: Vec<&Item> =
        ctx.index.children(e.meta.id).iter().copied().filter(|c| c.status != Status::Dropped && ctx.shows(c)).collect();
    if !children.is_empty() {
        let _ = writeln!(b, "<section><h2>Stories</h2>{}</section>", item_rows(ctx, &children));
        let done: Vec<&Item> = children.iter().copied().filter(|c| c.status == Status::Done).collect();
        if let (Some(trail), false) = (ctx.trail, done.is_empty()) {
            let _ = writeln!(b, "<section><h2>Delivered by</h2>{}</section>", commits_of(ctx, &done, Some(trail)));
        }
    }
    if !ctx.public && !e.comments.is_empty() {
        b.push_str("<section><h2>Comments</h2>");
        for c in &e.comments {
            let _ = write!(
                b,
                "<article class=\"card\"><p class=\"meta\">{} · {}</p>{}</article>",
                esc(&c.author),
                c.at.format("%Y-%m-%d"),
                paras(&c.text)
            );
        }
        b.push_str("</section>\n");
    }
    page(ctx, &format!("{} {}", e.key, e.title), Here::Detail, &b)
}

/// Every sprint, the latest first, with the velocity of those closed: the
/// points each finished, as the Sprint pane's chart draws them.
pub fn sprints(ctx: &Ctx) -> String {
    let ws = ctx.ws;
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{} sprints</h1>", esc(&ws.workspace.name));
    let closed = crate::domain::sprint::closed_oldest_first(ws.live_sprints());
    match crate::domain::planning::velocity_note(ws) {
        Some((v, over)) => {
            let _ = writeln!(b, "<p class=\"sub\">Velocity: {v:.1} points a sprint over the {over}.</p>");
        }
        None => b.push_str("<p class=\"sub\">Velocity shows once a sprint has closed.</p>"),
    }
    if !closed.is_empty() {
        let data: Vec<(String, u32)> =
            closed.iter().map(|s| (s.short_name(8), s.review.as_ref().map_or(0, |r| r.completed))).collect();
        let said: Vec<String> = data.iter().map(|(n, v)| format!("{n} {v}")).collect();
        let alt = format!("Points done in each closed sprint, oldest first: {}.", said.join(", "));
        b.push_str(&bars("Velocity", &alt, "Points done", &data));
    }
    let all = super::context::sprint_order(ws);
    if !all.is_empty() {
        b.push_str("<section><h2>All sprints</h2><div class=\"wide\"><table><tr><th scope=\"col\">Sprint</th><th scope=\"col\">Dates</th><th scope=\"col\">State</th><th scope=\"col\" class=\"n\">Committed</th><th scope=\"col\" class=\"n\">Done</th><th scope=\"col\">Goal</th></tr>");
        for s in all {
            let (committed, done, met) = match &s.review {
                Some(r) => (
                    r.committed.to_string(),
                    r.completed.to_string(),
                    match r.goal_met {
                        Some(true) => "met",
                        Some(false) => "not met",
                        None => "",
                    },
                ),
                None if s.started_at.is_some() => (s.committed().to_string(), String::new(), ""),
                None => (String::new(), String::new(), ""),
            };
            let goal = if s.goal.is_empty() { String::new() } else { format!("{} ", esc(&s.goal)) };
            let met = if met.is_empty() { String::new() } else { format!("<span class=\"meta\">({met})</span>") };
            let _ = write!(
                b,
                "<tr><th scope=\"row\">{}</th><td class=\"d\">{}</td><td>{}</td><td class=\"n\">{committed}</td><td class=\"n\">{done}</td><td>{goal}{met}</td></tr>",
                ctx.link(s.meta.id, &esc(&s.name)),
                s.dates(),
                s.state
            );
        }
        b.push_str("</table></div></section>\n");
    }
    page(ctx, &format!("{} sprints", ws.workspace.name), Here::Sprints, &b)
}

/// The done stories, by the sprint that finished them (the latest first),
/// then those done outside a sprint; each with the commits on the default
/// branch that name it, where the workspace is in git.
pub fn changelog(ctx: &Ctx) -> String {
    let ws = ctx.ws;
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{} changelog</h1>", esc(&ws.workspace.name));
    match ctx.trail {
        Some(_) => {
            b.push_str("<p class=\"sub\">What was done, and the commits on the default branch that name it.</p>")
        }
        None => b.push_str(
            "<p class=\"sub\">What was done. The workspace is not in a git repository, so no commits are shown.</p>",
        ),
    }
    let done: Vec<&Item> = ctx
        .index
        .ranked
        .iter()
        .copied()
        .filter(|i| i.kind != ItemKind::Epic && i.status == Status::Done && ctx.shows(i))
        .collect();
    let list = |items: &[&Item]| commits_of(ctx, items, ctx.trail);
    let sprints = super::context::sprint_order(ws);
    for s in &sprints {
        let here: Vec<&Item> = done.iter().copied().filter(|i| i.sprint == Some(s.meta.id)).collect();
        if here.is_empty() {
            continue;
        }
        let _ = writeln!(
            b,
            "<section><h2>{}</h2><p class=\"meta\">{} · {}</p>{}</section>",
            ctx.link(s.meta.id, &esc(&s.name)),
            s.dates(),
            count(here.len() as u64, "story done", "stories done"),
            list(&here)
        );
    }
    let outside: Vec<&Item> =
        done.iter().copied().filter(|i| i.sprint.is_none_or(|id| !sprints.iter().any(|s| s.meta.id == id))).collect();
    if !outside.is_empty() {
        let _ = writeln!(b, "<section><h2>Done outside a sprint</h2>{}</section>", list(&outside));
    }
    if done.is_empty() {
        b.push_str("<p class=\"meta\">Nothing done yet.</p>");
    }
    page(ctx, &format!("{} changelog", ws.workspace.name), Here::Changelog, &b)
}
