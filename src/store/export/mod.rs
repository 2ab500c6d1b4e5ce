//! Markdown for stakeholders: the roadmap, the vision and a sprint review,
//! readable as they are in a chat or a wiki. The backlog itself leaves as
//! JSON or Markdown ([`backlog`]) or Jira's CSV ([`jira_csv`]); stakeholder
//! pages as HTML ([`html`]).

pub mod backlog;
pub mod html;
pub mod jira_csv;
pub mod json;
pub mod site;

use crate::domain::Workspace;
use crate::domain::forecast::{self, release, release::Outlook};
use crate::domain::release::Release;
use crate::domain::sprint::{Sprint, SprintState};
use crate::domain::strategy::{Horizon, InitiativeStatus, Kpi, VISION_SECTIONS};
use crate::domain::text::for_terminal;
use crate::domain::{Item, Status};
use crate::store::StoreError;
use std::fmt::Write;

/// Text from the workspace, safe anywhere it is pasted or printed, and
/// kept on one line where Markdown needs it: HTML and link syntax are
/// escaped, so imported text cannot become markup or a link.
pub(crate) fn line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in for_terminal(s, false).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' | '[' | ']' | '\\' | '`' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    neutralise_links(&out)
}

/// Multi-line Markdown from the workspace (a description): its own
/// formatting stays, but HTML is escaped and script links are disarmed.
pub(crate) fn block(s: &str) -> String {
    let t = for_terminal(s, true);
    neutralise_links(&t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"))
}

/// `javascript:`, `vbscript:` and `data:` links become harmless relative
/// ones (`javascript%3A…`), in any case.
pub(crate) fn neutralise_links(s: &str) -> String {
    const SCHEMES: [&str; 3] = ["javascript:", "vbscript:", "data:"];
    let lower = s.to_ascii_lowercase();
    if !SCHEMES.iter().any(|k| lower.contains(k)) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < s.len() {
        match SCHEMES.iter().find(|k| lower[i..].starts_with(*k)) {
            Some(k) => {
                out.push_str(&s[i..i + k.len() - 1]);
                out.push_str("%3A");
                i += k.len();
            }
            None => {
                let c = s[i..].chars().next().expect("in bounds");
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

fn kpi_line(k: &Kpi) -> String {
    format!(
        "{}: {} → **{}** → {} ({:.0}% of the way)",
        line(&k.name),
        line(&k.with_unit(k.baseline)),
        line(&k.with_unit(k.current)),
        line(&k.with_unit(k.target)),
        k.progress() * 100.0
    )
}

fn pts(n: u32) -> String {
    if n == 1 { "1 pt".into() } else { format!("{n} pts") }
}

fn progress_bar(ratio: f64) -> String {
    let filled = (ratio.clamp(0.0, 1.0) * 10.0).round() as usize;
    format!("{}{}", "▰".repeat(filled), "▱".repeat(10 - filled))
}

/// The releases to ship, by target, each with its outlook as of `today`
/// (the page's forecasts: the default trials and seed).
pub fn releases(ws: &Workspace, today: chrono::NaiveDate) -> Vec<(&Release, Outlook)> {
    let to_ship = ws.ordered_releases().into_iter().filter(|r| r.shipped.is_none());
    release::outlooks(ws, to_ship, today, forecast::Options::default())
}

/// Now / Next / Later with goals and progress, then the releases and how
/// each stands against its target as of `today`.
pub fn roadmap_md(ws: &Workspace, today: chrono::NaiveDate) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} roadmap\n", line(&ws.workspace.name));
    if !ws.vision.statement.is_empty() {
        let _ = writeln!(out, "> {}\n", line(&ws.vision.statement));
    }
    let progress = ws.initiative_progress();
    for h in Horizon::ALL {
        let list = ws.ranked_initiatives(*h);
        let _ = writeln!(
            out,
            "## {}\n",
            match h {
                Horizon::Now => "Now",
                Horizon::Next => "Next",
                Horizon::Later => "Later",
            }
        );
        if list.is_empty() {
            out.push_str("_Nothing planned._\n\n");
            continue;
        }
        for i in list.into_iter().filter(|i| i.status != InitiativeStatus::Dropped) {
            let p = progress.get(&i.meta.id).copied().unwrap_or_default();
            let (pts, done) = (p.points, p.done_points);
            let _ = write!(out, "### {} {}", line(&i.key), line(&i.title));
            if let Some(tf) = &i.timeframe {
                let when = match (&tf.label, tf.start, tf.end) {
                    (l, _, _) if !l.is_empty() => line(l),
                    (_, Some(s), Some(e)) => format!("{s} – {e}"),
                    (_, Some(s), None) => format!("from {s}"),
                    (_, None, Some(e)) => format!("until {e}"),
                    _ => String::new(),
                };
                if !when.is_empty() {
                    let _ = write!(out, " · {when}");
                }
            }
            out.push_str("\n\n");
            let _ = write!(out, "*{}*", i.status.as_str().replace('_', " "));
            if !i.theme.is_empty() {
                let _ = write!(out, " · theme: {}", line(&i.theme));
            }
            out.push_str("\n\n");
            if !i.description.is_empty() {
                let _ = writeln!(out, "{}\n", block(&i.description));
            }
            for g in i.goals.iter().filter_map(|g| ws.goal(*g)).filter(|g| g.meta.is_live()) {
                let _ = writeln!(out, "- Serves **{} {}**", line(&g.key), line(&g.title));
                for k in &g.kpis {
                    let _ = writeln!(out, "  - {}", kpi_line(k));
                }
            }
            if p.stories == 0 {
                out.push_str("- No stories yet\n\n");
            } else {
                let ratio = if pts == 0 { 0.0 } else { f64::from(done) / f64::from(pts) };
                let _ = writeln!(
                    out,
                    "- Progress: {} {done} of {pts} points done ({})\n",
                    progress_bar(ratio),
                    if p.stories == 1 { "1 story".to_owned() } else { format!("{} stories", p.stories) }
                );
            }
        }
    }
    let rels = releases(ws, today);
    if !rels.is_empty() {
        let _ = writeln!(out, "## Releases\n");
        let _ = writeln!(out, "| Release | Target | Open items | 50% | 85% | Standing |\n|---|---|---:|---|---|---|");
        for (r, o) in &rels {
            let date = |k: usize| match &o.forecast {
                Some(Ok(f)) => f.dates[k].map_or("beyond the horizon".to_owned(), |d| d.to_string()),
                Some(Err(_)) => "no forecast".to_owned(),
                None => "-".to_owned(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} of {} | {} | {} | {} |",
                line(&r.name),
                r.target.map_or("-".to_owned(), |t| t.to_string()),
                o.open.len(),
                o.items,
                date(0),
                date(1),
                o.standing.label()
            );
        }
        out.push('\n');
        for (r, o) in rels.iter().filter(|(_, o)| !o.move_out.is_empty()) {
            let keys: Vec<String> = o.move_out.iter().filter_map(|id| ws.item(*id)).map(|i| line(&i.key)).collect();
            let _ = writeln!(out, "- To make {} by its target, move out: {}", line(&r.name), keys.join(", "));
        }
        if let Some(f) = rels.iter().find_map(|(_, o)| o.forecast.as_ref().and_then(|f| f.as_ref().ok())) {
            let _ = writeln!(
                out,
                "\n_Release dates: Monte Carlo, {} trials over the last {} closed sprints; at risk when the 85% date is past the target, late when the 50% date is._",
                f.outcome.trials,
                f.sampled.len()
            );
        }
    }
    out
}

/// The product vision board and the goals.
pub fn vision_md(ws: &Workspace) -> String {
    let v = &ws.vision;
    let mut out = String::new();
    let _ = writeln!(out, "# {}: product vision\n", line(&ws.workspace.name));
    for ((_, title), text) in VISION_SECTIONS.iter().zip(v.texts()) {
        if text.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {title}\n\n{}\n", block(text));
    }
    let goals: Vec<_> = ws.live_goals().collect();
    if !goals.is_empty() {
        out.push_str("## Goals and KPIs\n\n");
        for g in goals {
            let _ =
                writeln!(out, "### {} {} ({})\n", line(&g.key), line(&g.title), g.status.as_str().replace('_', " "));
            if !g.description.is_empty() {
                let _ = writeln!(out, "{}\n", block(&g.description));
            }
            for k in &g.kpis {
                let _ = writeln!(out, "- {} {}", progress_bar(k.progress()), kpi_line(k));
            }
            out.push('\n');
        }
    }
    out
}

/// A sprint review: goal, numbers, what was done and what went back.
pub fn sprint_md(ws: &Workspace, s: &Sprint, today: chrono::NaiveDate) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {} ({})\n", line(&s.name), s.dates(), s.state);
    // The actual dates beside the planned ones.
    if let Some(started) = s.started_at {
        let until = s.review.as_ref().map_or("today".to_owned(), |r| r.closed_at.date_naive().to_string());
        let _ = writeln!(out, "Ran {} – {until} (planned {} – {})\n", started.date_naive(), s.start, s.end);
    }
    if !s.goal.is_empty() {
        let _ = writeln!(out, "**Goal:** {}\n", line(&s.goal));
    }
    let members: Vec<&Item> = ws.live_items().filter(|i| i.sprint == Some(s.meta.id)).collect();
    match &s.review {
        Some(r) => {
            let met = match r.goal_met {
                Some(true) => "✅ Goal met",
                Some(false) => "❌ Goal not met",
                None => "Goal not assessed",
            };
            let _ = writeln!(out, "{met}\n");
            let _ = writeln!(out, "| | points |\n|---|---:|");
            let _ = writeln!(out, "| Committed at start | {} |", r.committed);
            let _ = writeln!(out, "| Done | {} |", r.completed);
            let _ = writeln!(out, "| Not done | {} |", r.not_completed);
            let _ = writeln!(out, "| Scope added | {} |", r.scope_added);
            let _ = writeln!(out, "| Scope removed | {} |", r.scope_removed);
            if let Some(c) = ws.sprint_capacity(s) {
                let _ = writeln!(out, "| Capacity | {c} |");
            }
            out.push('\n');
            if !r.notes.is_empty() {
                let _ = writeln!(out, "## Review notes\n\n{}\n", block(&r.notes));
            }
        }
        None if s.state == SprintState::Active => {
            let p = s.burndown(today).last().copied();
            if let Some(p) = p {
                let _ =
                    writeln!(out, "In progress: {} of {} points done, {} remaining.\n", p.done, p.scope, p.remaining);
            }
        }
        None => {
            // Counted as `sprint show` and the planning gauge count it.
            let h = crate::domain::planning::holding(ws, s.meta.id);
            let pts = h.points;
            let _ = writeln!(
                out,
                "Planned: {}, {pts} points{}.\n",
                crate::domain::text::count(h.items as u64, "item", "items"),
                match ws.sprint_capacity(s) {
                    Some(c) => format!(" against a capacity of {c}"),
                    None => String::new(),
                }
            );
        }
    }
    if let Some((v, over)) = crate::domain::planning::velocity_note(ws) {
        let _ = writeln!(out, "Velocity ({over}): {v:.1} points\n");
    }
    let done: Vec<&&Item> = members.iter().filter(|i| i.status == Status::Done).collect();
    if !done.is_empty() {
        out.push_str("## Done\n\n");
        for i in done {
            // A closed sprint lists the points its review counted, so the
            // list adds up to it even after a re-estimate.
            let p = match s.review {
                Some(_) => s.points_counted(i.meta.id).unwrap_or(i.points()),
                None => i.points(),
            };
            let _ = writeln!(out, "- {} {} ({})", line(&i.key), line(&i.title), pts(p));
        }
        out.push('\n');
    }
    let open: Vec<&&Item> = members.iter().filter(|i| !i.status.is_closed()).collect();
    if !open.is_empty() {
        out.push_str("## Not done\n\n");
        for i in open {
            let _ = writeln!(
                out,
                "- {} {} ({}, {})",
                line(&i.key),
                line(&i.title),
                i.status.as_str().replace('_', " "),
                pts(i.points())
            );
        }
        out.push('\n');
    }
    if let Some(r) = &s.review
        && !r.returned.is_empty()
    {
        out.push_str("## Back to the backlog\n\n");
        for i in r.returned.iter().filter_map(|id| ws.item(*id)) {
            let _ = writeln!(out, "- {} {} ({})", line(&i.key), line(&i.title), pts(i.points()));
        }
        out.push('\n');
    }
    if let Some(r) = &s.review
        && !r.carried_over.is_empty()
    {
        let to = r.carried_to.and_then(|id| ws.sprint(id)).map_or("the next sprint".to_owned(), |n| line(&n.name));
        let _ = writeln!(out, "## Carried over to {to}\n");
        for i in r.carried_over.iter().filter_map(|id| ws.item(*id)) {
            let _ = writeln!(out, "- {} {} ({})", line(&i.key), line(&i.title), pts(i.points()));
        }
        out.push('\n');
    }
    out
}

/// `text` as a part of a site's file name, safe in any URL: ASCII letters
/// and digits in lower case, every run of anything else one `-`.
pub(crate) fn slug(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Writes an export beside the workspace file `workspace`, as
/// `<workspace stem>-<what>.<ext>` (atomically, through the store's file
/// layer), and returns where. A symbolic link by that name is refused, not
/// followed: the export would replace the file it points to.
pub fn write_beside(
    workspace: &std::path::Path,
    what: &str,
    ext: &str,
    text: &str,
) -> Result<std::path::PathBuf, StoreError> {
    let stem = workspace.file_stem().map_or("backlog".into(), |s| s.to_string_lossy().into_owned());
    let slug: String = what
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let target = workspace.with_file_name(format!("{stem}-{slug}.{ext}"));
    let paths = crate::store::fsio::Paths::unlinked(&target, "the export it writes (a regular file)")?;
    crate::store::fsio::write_atomic(&paths, text.as_bytes(), || Ok(()))?;
    Ok(paths.file)
}
