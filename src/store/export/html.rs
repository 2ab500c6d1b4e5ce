//! Stakeholder pages: the roadmap, the vision board with KPI gauges and a
//! sprint review with its burndown and burnup, each one self-contained
//! HTML file (inline CSS, charts as inline SVG, no scripts) that can be
//! mailed or put on a wiki. Every piece of text is escaped.

use crate::domain::Workspace;
use crate::domain::forecast::release::Standing;
use crate::domain::forecast::{self, Basis, Forecast, Options, Refusal, Target};
use crate::domain::item::{Item, Status};
use crate::domain::sprint::{DayPoint, Sprint, SprintState};
use crate::domain::strategy::{Horizon, InitiativeStatus, Kpi, VISION_SECTIONS};
use crate::store::trail::Trail;
use chrono::NaiveDate;
use std::fmt::Write;

/// Text as HTML: markup characters escaped, controls dropped.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if crate::domain::text::is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Multi-line text as paragraphs.
fn paras(s: &str) -> String {
    s.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", esc(p).replace('\n', "<br>")))
        .collect()
}

const CSS: &str = "
:root{--ink:#1f2933;--dim:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--card:#fff;--ok:#2f9e44;--warn:#e8590c;--acc:#1c7ed6}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:28px 24px 48px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:18px;margin:28px 0 12px}
h3{font-size:15px;margin:0 0 6px}
p{margin:6px 0}
.sub{color:var(--dim);margin:0 0 20px}
.cols{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:16px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:16px}
.col h2{margin-top:0;padding-bottom:6px;border-bottom:3px solid var(--acc)}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin-bottom:12px}
.meta{color:var(--dim);font-size:13px}
.tag{display:inline-block;font-size:12px;padding:1px 8px;border-radius:10px;background:#e7f5ff;color:#1864ab;margin-right:4px}
.tag.done{background:#ebfbee;color:#2b8a3e}.tag.progress{background:#fff4e6;color:#d9480f}
table{border-collapse:collapse;width:100%;background:var(--card)}
table.nums{width:auto;min-width:280px}
figure{margin:0}
td,th{border:1px solid var(--line);padding:6px 10px;text-align:left}
td.n,th.n{text-align:right}
.kpis{display:flex;flex-wrap:wrap;gap:12px}
ul.log{margin:6px 0;padding-left:18px}ul.log ul{padding-left:16px;margin:2px 0}ul.log code{color:var(--dim)}
.kpi{width:180px;text-align:center}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:16px}
footer{color:var(--dim);font-size:12px;margin-top:32px}
@media (max-width:760px){.cols{grid-template-columns:1fr}}
";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}<footer>Made with backlog. This page has no scripts and loads nothing from elsewhere.</footer>\n</main>\n</body>\n</html>\n",
        esc(title)
    )
}

/// A horizontal progress bar.
fn bar(ratio: f64, label: &str) -> String {
    let w = (ratio.clamp(0.0, 1.0) * 300.0).round();
    format!(
        "<svg role=\"img\" aria-label=\"{}\" width=\"100%\" height=\"14\" viewBox=\"0 0 300 14\" preserveAspectRatio=\"none\"><rect width=\"300\" height=\"14\" rx=\"7\" fill=\"#e9ecef\"/><rect width=\"{w}\" height=\"14\" rx=\"7\" fill=\"#2f9e44\"/></svg>",
        esc(label)
    )
}

/// A half-circle gauge for a KPI: how far from baseline to target.
fn gauge(k: &Kpi) -> String {
    let p = k.progress().clamp(0.0, 1.0);
    let (cx, cy, r) = (90.0, 90.0, 70.0);
    let angle = std::f64::consts::PI * (1.0 - p);
    let (x, y) = (cx + r * angle.cos(), cy - r * angle.sin());
    let colour = if p >= 1.0 {
        "#2f9e44"
    } else if p >= 0.5 {
        "#1c7ed6"
    } else {
        "#e8590c"
    };
    let arc = if p > 0.0 {
        format!("<path d=\"M20 90 A70 70 0 0 1 {x:.1} {y:.1}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"16\"/>")
    } else {
        String::new()
    };
    format!(
        "<svg role=\"img\" aria-label=\"{name}: {pct:.0}% of the way\" width=\"180\" height=\"100\" viewBox=\"0 0 180 100\"><path d=\"M20 90 A70 70 0 0 1 160 90\" fill=\"none\" stroke=\"#e9ecef\" stroke-width=\"16\"/>{arc}<text x=\"90\" y=\"84\" text-anchor=\"middle\" font-size=\"20\" font-weight=\"600\" fill=\"#1f2933\">{pct:.0}%</text></svg>",
        name = esc(&k.name),
        pct = p * 100.0,
    )
}

fn horizon_name(h: Horizon) -> &'static str {
    match h {
        Horizon::Now => "Now",
        Horizon::Next => "Next",
        Horizon::Later => "Later",
    }
}

/// The done stories of `items` with the commits on the default branch that
/// name them: a changelog a stakeholder can read.
fn changelog(items: &[&Item], trail: &Trail) -> String {
    let mut out = String::from("<ul class=\"log\">");
    for i in items {
        let _ = write!(out, "<li><strong>{}</strong> {}", esc(&i.key), esc(&i.title));
        let commits: Vec<_> = trail.commits_for(&i.key).filter(|c| c.on_default).collect();
        if commits.is_empty() {
            out.push_str(" <span class=\"meta\">no commit names it</span>");
        } else {
            out.push_str("<ul>");
            for c in commits {
                let _ = write!(
                    out,
                    "<li><code>{}</code> {} <span class=\"meta\">{}, {}</span></li>",
                    esc(&c.short),
                    esc(&c.subject),
                    esc(&c.author),
                    c.date.format("%Y-%m-%d")
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

/// A forecast's 50/85/95% dates and what they were made from, or why
/// there is none.
fn forecast_html(f: &Result<Forecast, Refusal>) -> String {
    let f = match f {
        Err(e) => return format!("<p class=\"meta fc\">No forecast: {}</p>", esc(&e.to_string())),
        Ok(f) => f,
    };
    let r = &f.remaining;
    if r.items == 0 {
        return "<p class=\"meta fc\">Forecast: no open work left</p>".to_owned();
    }
    let when = |n: Option<u32>, d: Option<chrono::NaiveDate>| match (n, d) {
        (Some(0), _) => "now".to_owned(),
        (Some(_), Some(d)) => d.to_string(),
        _ => format!("not within {} sprints", forecast::HORIZON),
    };
    let o = &f.outcome;
    let mut out = String::from("<p class=\"fc\">Forecast: ");
    for (p, n, d) in [(50, o.p50, f.dates[0]), (85, o.p85, f.dates[1]), (95, o.p95, f.dates[2])] {
        let _ = write!(out, "<span class=\"tag\">{p}% {}</span>", esc(&when(n, d)));
    }
    let counted = match (r.basis, r.unestimated_counted_as) {
        (Basis::Points, Some(each)) => {
            format!("{} points, {} unestimated counted as {each} each", r.points, r.unestimated)
        }
        (Basis::Points, None) => format!("{} points", r.points),
        (Basis::Items, _) => "none estimated: counted in items".to_owned(),
    };
    let items = crate::domain::text::count(r.items as u64, "open item", "open items");
    let _ = write!(out, "</p><p class=\"meta fc\">{items}, {}</p>", esc(&counted));
    out
}

/// Now / Next / Later with goals, progress and forecasts as of `today`;
/// with `commits`, each initiative's done stories and the commits that
/// delivered them.
pub fn roadmap(ws: &Workspace, commits: Option<&Trail>, today: chrono::NaiveDate) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{} roadmap</h1>", esc(&ws.workspace.name));
    let _ = writeln!(b, "<p class=\"sub\">{}</p>", esc(&ws.vision.statement));
    let progress = ws.initiative_progress();
    let opts = Options::default();
    let fc = |t: Target| forecast::forecast(ws, t, today, opts);
    // How the dates were made, once for the page.
    let method = match fc(Target::Column(Horizon::Now)) {
        Ok(f) => {
            let sprints: Vec<String> = f.sampled.iter().map(|s| esc(&s.sprint)).collect();
            format!(
                "Forecasts as of {today}: Monte Carlo, {} trials, seed {}, over the last {} closed sprints ({}); each date is the end of the sprint in which the open work is done in that share of the trials.",
                f.outcome.trials,
                opts.seed,
                f.sampled.len(),
                sprints.join(", ")
            )
        }
        Err(e) => format!("No forecasts as of {today}: {}", esc(&e.to_string())),
    };
    let _ = writeln!(b, "<p class=\"meta\" id=\"forecast-method\">{method}</p>");
    b.push_str("<div class=\"cols\">\n");
    for h in Horizon::ALL {
        let _ = writeln!(b, "<section class=\"col\"><h2>{}</h2>", horizon_name(*h));
        let _ = writeln!(b, "<div class=\"card column-forecast\">{}</div>", forecast_html(&fc(Target::Column(*h))));
        let list: Vec<_> =
            ws.ranked_initiatives(*h).into_iter().filter(|i| i.status != InitiativeStatus::Dropped).collect();
        if list.is_empty() {
            b.push_str("<p class=\"meta\">Nothing planned.</p>");
        }
        for i in list {
            let p = progress.get(&i.meta.id).copied().unwrap_or_default();
            let tag = match i.status {
                InitiativeStatus::Done => "tag done",
                InitiativeStatus::InProgress => "tag progress",
                _ => "tag",
            };
            let _ = write!(
                b,
                "<article class=\"card\"><h3>{} {}</h3><p><span class=\"{tag}\">{}</span>",
                esc(&i.key),
                esc(&i.title),
                esc(&i.status.as_str().replace('_', " "))
            );
            if let Some(tf) = &i.timeframe {
                let when = match (&tf.label, tf.start, tf.end) {
                    (l, _, _) if !l.is_empty() => esc(l),
                    (_, Some(s), Some(e)) => format!("{s} – {e}"),
                    (_, Some(s), None) => format!("from {s}"),
                    (_, None, Some(e)) => format!("until {e}"),
                    _ => String::new(),
                };
                let _ = write!(b, " <span class=\"meta\">{when}</span>");
            }
            if !i.theme.is_empty() {
                let _ = write!(b, " <span class=\"meta\">· {}</span>", esc(&i.theme));
            }
            b.push_str("</p>");
            for g in i.goals.iter().filter_map(|g| ws.goal(*g)).filter(|g| g.meta.is_live()) {
                let _ = write!(b, "<p class=\"meta\">Serves {} {}</p>", esc(&g.key), esc(&g.title));
            }
            if p.stories == 0 {
                b.push_str("<p class=\"meta\">No stories yet</p>");
            } else {
                let ratio = if p.points == 0 { 0.0 } else { f64::from(p.done_points) / f64::from(p.points) };
                let label = format!("{} of {} points done", p.done_points, p.points);
                let stories = crate::domain::text::count(p.stories as u64, "story", "stories");
                let _ = write!(b, "{}<p class=\"meta\">{label} · {stories}</p>", bar(ratio, &label));
                b.push_str(&forecast_html(&fc(Target::Initiative(i.meta.id))));
            }
            if let Some(trail) = commits {
                let done: Vec<&Item> = ws
                    .ranked_item_positions()
                    .into_iter()
                    .map(|p| &ws.items[p])
                    .filter(|s| s.status == Status::Done && initiative_of(ws, s) == Some(i.meta.id))
                    .collect();
                if !done.is_empty() {
                    let _ = write!(b, "<h3>Delivered</h3>{}", changelog(&done, trail));
                }
            }
            b.push_str("</article>\n");
        }
        b.push_str("</section>\n");
    }
    b.push_str("</div>\n");
    releases_html(ws, today, &mut b);
    page(&format!("{} roadmap", ws.workspace.name), &b)
}

/// Each release to ship against its target: the standing, the dates, and
/// what would have to move out to make it.
fn releases_html(ws: &Workspace, today: chrono::NaiveDate, b: &mut String) {
    let rels = super::releases(ws, today);
    if rels.is_empty() {
        return;
    }
    b.push_str("<section id=\"releases\"><h2>Releases</h2>\n<div class=\"grid\">\n");
    for (r, o) in &rels {
        let tag = match o.standing {
            Standing::OnTrack | Standing::Done => "tag done",
            Standing::AtRisk | Standing::Late => "tag progress",
            _ => "tag",
        };
        let due = r.target.map_or("no target date".to_owned(), |t| format!("target {t}"));
        let _ = write!(
            b,
            "<article class=\"card release\"><h3>{}</h3><p><span class=\"{tag}\">{}</span> <span class=\"meta\">{due} · {} of {} items open</span></p>",
            esc(&r.name),
            o.standing.label(),
            o.open.len(),
            o.items
        );
        if !r.description.is_empty() {
            b.push_str(&paras(&r.description));
        }
        if let Some(f) = &o.forecast {
            b.push_str(&forecast_html(f));
        }
        if !o.move_out.is_empty() {
            let keys: Vec<String> = o
                .move_out
                .iter()
                .filter_map(|id| ws.item(*id))
                .map(|i| format!("{} {}", esc(&i.key), esc(&i.title)))
                .collect();
            let _ = write!(b, "<p class=\"meta\">To make the target, move out: {}</p>", keys.join("; "));
        } else if o.unreachable {
            b.push_str(
                "<p class=\"meta\">No cut makes the target: it needs a new date, or its work ranked higher.</p>",
            );
        }
        b.push_str("</article>\n");
    }
    b.push_str("</div></section>\n");
}

/// The product vision board and the goals with KPI gauges.
pub fn vision(ws: &Workspace) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{}: product vision</h1>", esc(&ws.workspace.name));
    b.push_str("<div class=\"grid\">\n");
    for ((_, title), text) in VISION_SECTIONS.iter().zip(ws.vision.texts()) {
        if !text.is_empty() {
            let _ = writeln!(b, "<section class=\"card\"><h3>{}</h3>{}</section>", esc(title), paras(text));
        }
    }
    b.push_str("</div>\n");
    let goals: Vec<_> = ws.live_goals().collect();
    if !goals.is_empty() {
        b.push_str("<h2>Goals and KPIs</h2>\n");
    }
    for g in goals {
        let _ = write!(
            b,
            "<section class=\"card\"><h3>{} {}</h3><p class=\"meta\">{}</p>{}<div class=\"kpis\">",
            esc(&g.key),
            esc(&g.title),
            esc(&g.status.as_str().replace('_', " ")),
            paras(&g.description)
        );
        for k in &g.kpis {
            let _ = write!(
                b,
                "<div class=\"kpi\">{}<div><strong>{}</strong></div><div class=\"meta\">now {}</div><div class=\"meta\">from {} to {}</div></div>",
                gauge(k),
                esc(&k.name),
                esc(&k.with_unit(k.current)),
                esc(&k.with_unit(k.baseline)),
                esc(&k.with_unit(k.target))
            );
        }
        b.push_str("</div></section>\n");
    }
    page(&format!("{} vision", ws.workspace.name), &b)
}

/// A line chart of `series` (name, colour, values) over the sprint's days.
/// One line of a chart: name, colour, (day from the first, value) points,
/// and whether it is dashed (a reference line).
type ChartLine<'a> = (&'a str, &'a str, Vec<(f64, f64)>, bool);

/// A line chart over the days from `first` to `last`.
fn chart(title: &str, first: NaiveDate, last: NaiveDate, series: &[ChartLine]) -> String {
    let (w, h, l, r, t, bt) = (520.0, 260.0, 40.0, 12.0, 34.0, 28.0);
    let max = series.iter().flat_map(|s| s.2.iter().map(|p| p.1)).fold(1.0_f64, f64::max);
    let n = ((last - first).num_days() as f64).max(1.0);
    let x = |d: f64| l + (w - l - r) * d / n;
    let y = |v: f64| t + (h - t - bt) * (1.0 - v / max);
    let mut s = format!(
        "<svg role=\"img\" aria-label=\"{}\" width=\"100%\" viewBox=\"0 0 {w} {h}\"><rect x=\"{l}\" y=\"{t}\" width=\"{}\" height=\"{}\" fill=\"#fff\" stroke=\"#d9e2ec\"/>",
        esc(title),
        w - l - r,
        h - t - bt
    );
    for k in 0..=4 {
        let v = max * f64::from(k) / 4.0;
        let _ = write!(
            s,
            "<line x1=\"{l}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#edf2f7\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\" fill=\"#616e7c\">{v:.0}</text>",
            w - r,
            l - 4.0,
            y(v) + 3.0,
            y = y(v)
        );
    }
    let _ = write!(
        s,
        "<text x=\"{l}\" y=\"{}\" font-size=\"10\" fill=\"#616e7c\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\" fill=\"#616e7c\">{}</text>",
        h - 10.0,
        first.format("%b %-d"),
        w - r,
        h - 10.0,
        last.format("%b %-d")
    );
    for (i, (name, colour, values, dashed)) in series.iter().enumerate() {
        let pts: Vec<String> = values.iter().map(|(d, v)| format!("{:.1},{:.1}", x(*d), y(*v))).collect();
        let dash = if *dashed { " stroke-dasharray=\"5 4\"" } else { "" };
        let _ = write!(
            s,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}/><rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#1f2933\">{}</text>",
            pts.join(" "),
            l + 110.0 * i as f64,
            8.0,
            l + 14.0 + 110.0 * i as f64,
            17.0,
            esc(name)
        );
    }
    s.push_str("</svg>");
    format!("<figure class=\"card\"><h3>{}</h3>{s}</figure>", esc(title))
}

fn item_rows(items: &[&Item]) -> String {
    let mut out = String::from("<table><tr><th>Key</th><th>Title</th><th>Status</th><th class=\"n\">Points</th></tr>");
    for i in items {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            esc(&i.key),
            esc(&i.title),
            esc(&i.status.as_str().replace('_', " ")),
            i.estimate.map(|e| e.to_string()).unwrap_or_default()
        );
    }
    out.push_str("</table>");
    out
}

/// The initiative a story delivers: its own, else its epic's.
fn initiative_of(ws: &Workspace, i: &Item) -> Option<uuid::Uuid> {
    i.initiative.or_else(|| i.parent.and_then(|p| ws.item(p)).and_then(|e| e.initiative))
}

/// A sprint review: goal, numbers, burndown and burnup, what was done;
/// with `commits`, the commits that delivered each done story.
pub fn sprint(ws: &Workspace, s: &Sprint, today: chrono::NaiveDate, commits: Option<&Trail>) -> String {
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
            "<p><span class=\"tag\">{met}</span></p><table class=\"nums\"><tr><th></th><th class=\"n\">points</th></tr><tr><td>Committed at start</td><td class=\"n\">{}</td></tr><tr><td>Done</td><td class=\"n\">{}</td></tr><tr><td>Not done</td><td class=\"n\">{}</td></tr><tr><td>Scope added</td><td class=\"n\">{}</td></tr><tr><td>Scope removed</td><td class=\"n\">{}</td></tr></table>",
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
        b.push_str("<div class=\"charts\">");
        b.push_str(&chart(
            "Burndown",
            first,
            last,
            &[("remaining", "#1c7ed6", series(|d| d.remaining), false), ("ideal", "#adb5bd", ideal, true)],
        ));
        b.push_str(&chart(
            "Burnup",
            first,
            last,
            &[("scope", "#e8590c", series(|d| d.scope), false), ("done", "#2f9e44", series(|d| d.done), false)],
        ));
        b.push_str("</div>");
    }
    let members: Vec<&Item> = ws.live_items().filter(|i| i.sprint == Some(s.meta.id)).collect();
    let done: Vec<&Item> = members.iter().copied().filter(|i| i.status == Status::Done).collect();
    let open: Vec<&Item> = members.iter().copied().filter(|i| !i.status.is_closed()).collect();
    if !done.is_empty() {
        let _ = write!(b, "<h2>Done</h2>{}", item_rows(&done));
        if let Some(trail) = commits {
            let _ = write!(b, "<h2>Changelog</h2>{}", changelog(&done, trail));
        }
    }
    if !open.is_empty() {
        let title = if s.state == SprintState::Closed { "Not done" } else { "In progress" };
        let _ = write!(b, "<h2>{title}</h2>{}", item_rows(&open));
    }
    if let Some(r) = &s.review {
        let back: Vec<&Item> = r.returned.iter().filter_map(|id| ws.item(*id)).collect();
        if !back.is_empty() {
            let _ = write!(b, "<h2>Back to the backlog</h2>{}", item_rows(&back));
        }
    }
    page(&format!("{} review", s.name), &b)
}
