//! The PM's pages: the vision with its goals, the roadmap (columns,
//! timeline, releases), a page per initiative, and the releases.

use super::context::{Ctx, Here};
use super::parts::{
    bar, changelog, esc, figure, forecast_html, gauge, item_rows, page, paras, progress, progress_card, titled, when,
};
use crate::domain::forecast::release::{Outlook, Standing};
use crate::domain::forecast::{self, Forecast, Options, Refusal, Target};
use crate::domain::item::{Item, ItemKind, Status};
use crate::domain::release::Release;
use crate::domain::strategy::{Horizon, Initiative, InitiativeStatus, VISION_SECTIONS};
use crate::domain::text::count;
use crate::domain::workspace::EpicProgress;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write;

fn horizon_name(h: Horizon) -> &'static str {
    match h {
        Horizon::Now => "Now",
        Horizon::Next => "Next",
        Horizon::Later => "Later",
    }
}

fn status_tag(s: InitiativeStatus) -> String {
    let class = match s {
        InitiativeStatus::Done => "tag done",
        InitiativeStatus::InProgress => "tag progress",
        _ => "tag",
    };
    format!("<span class=\"{class}\">{}</span>", esc(&s.as_str().replace('_', " ")))
}

/// "Q1 2027", "2027-01-01 – 2027-03-31", or nothing.
fn timeframe(i: &Initiative) -> String {
    let Some(tf) = &i.timeframe else { return String::new() };
    match (&tf.label, tf.start, tf.end) {
        (l, _, _) if !l.is_empty() => esc(l),
        (_, Some(s), Some(e)) => format!("{s} – {e}"),
        (_, Some(s), None) => format!("from {s}"),
        (_, None, Some(e)) => format!("until {e}"),
        _ => String::new(),
    }
}

/// The product vision board and the goals with KPI gauges: a site's index.
pub fn vision(ctx: &Ctx) -> String {
    let ws = ctx.ws;
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{}: product vision</h1>", esc(&ws.workspace.name));
    if ws.vision.texts().iter().all(|t| t.is_empty()) {
        b.push_str("<p class=\"meta\">No product vision has been written yet.</p>\n");
    }
    b.push_str("<div class=\"grid\">\n");
    for ((_, title), text) in VISION_SECTIONS.iter().zip(ws.vision.texts()) {
        if !text.is_empty() {
            let _ =
                writeln!(b, "<section class=\"card\"><h2 class=\"h3\">{}</h2>{}</section>", esc(title), paras(text));
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
        b.push_str("</div>");
        // Which initiatives serve it, in a site.
        if ctx.in_site() {
            let serving: Vec<String> = ws
                .roadmap
                .iter()
                .filter(|i| i.meta.is_live() && i.goals.contains(&g.meta.id) && ctx.shows_initiative(i))
                .map(|i| ctx.link(i.meta.id, &titled(&i.key, &i.title)))
                .collect();
            if !serving.is_empty() {
                let _ = write!(b, "<p class=\"meta\">Served by {}</p>", serving.join("; "));
            }
        }
        b.push_str("</section>\n");
    }
    page(ctx, &format!("{} vision", ws.workspace.name), Here::Index, &b)
}

/// Now / Next / Later with goals, progress and forecasts; the timeline of
/// initiatives with dates and their forecast ranges; the releases; with
/// the trail, each initiative's done stories and their commits.
pub fn roadmap(ctx: &Ctx) -> String {
    let ws = ctx.ws;
    let today = ctx.today;
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{} roadmap</h1>", esc(&ws.workspace.name));
    if !ws.vision.statement.is_empty() {
        let _ = writeln!(b, "<p class=\"sub\">{}</p>", esc(&ws.vision.statement));
    }
    let opts = Options::default();
    // Each column's initiatives and its forecast, once (none for an empty
    // column but Now's, which also says how the dates were made).
    let columns: Vec<_> = Horizon::ALL
        .iter()
        .map(|&h| {
            let list: Vec<&Initiative> = ws
                .ranked_initiatives(h)
                .into_iter()
                .filter(|i| i.status != InitiativeStatus::Dropped && ctx.shows_initiative(i))
                .collect();
            let wanted = h == Horizon::Now || !list.is_empty();
            (h, list, wanted.then(|| forecast::forecast(ws, Target::Column(h), today, opts)))
        })
        .collect();
    let method = match columns[0].2.as_ref().expect("Now's forecast is always made") {
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
    let shown = || columns.iter().flat_map(|(_, list, _)| list.iter().copied());
    // One forecast per initiative with stories, for its card and the timeline.
    let forecasts: Vec<(uuid::Uuid, Result<Forecast, Refusal>)> = shown()
        .filter(|i| ctx.index.progress(i.meta.id).stories > 0)
        .map(|i| (i.meta.id, ctx.index.forecast(ws, ctx.index.stories(i.meta.id), today)))
        .collect();
    let forecast_of = |id| forecasts.iter().find(|(i, _)| *i == id).map(|(_, f)| f);
    b.push_str("<div class=\"cols\">\n");
    for (h, list, column_forecast) in &columns {
        let _ = writeln!(b, "<section class=\"col\"><h2>{}</h2>", horizon_name(*h));
        match column_forecast {
            Some(f) if !list.is_empty() => {
                let _ = writeln!(b, "<div class=\"card column-forecast\">{}</div>", forecast_html(f));
            }
            _ => b.push_str("<p class=\"meta\">Nothing planned.</p>"),
        }
        for &i in list {
            let p = ctx.index.progress(i.meta.id);
            let title = ctx.link(i.meta.id, &titled(&i.key, &i.title));
            let _ = write!(b, "<article class=\"card\"><h3>{title}</h3><p>{}", status_tag(i.status));
            let tf = timeframe(i);
            if !tf.is_empty() {
                let _ = write!(b, " <span class=\"meta\">{tf}</span>");
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
                b.push_str(&progress(p.done_points, p.points, &count(p.stories as u64, "story", "stories")));
                if let Some(f) = forecast_of(i.meta.id) {
                    b.push_str(&forecast_html(f));
                }
            }
            if let (Some(trail), false) = (ctx.trail, ctx.in_site()) {
                let done: Vec<&Item> = ctx
                    .index
                    .stories(i.meta.id)
                    .iter()
                    .copied()
                    .filter(|s| s.status == Status::Done && ctx.shows(s))
                    .collect();
                if !done.is_empty() {
                    let _ = write!(b, "<h3>Delivered</h3>{}", changelog(ctx, &done, Some(trail)));
                }
            }
            b.push_str("</article>\n");
        }
        b.push_str("</section>\n");
    }
    b.push_str("</div>\n");
    let timed: Vec<(&Initiative, (NaiveDate, NaiveDate))> =
        shown().filter_map(|i| i.timeframe.as_ref().and_then(|t| t.span()).map(|s| (i, s))).collect();
    if !timed.is_empty() {
        timeline(ctx, &timed, &forecast_of, &mut b);
    }
    let rels = super::super::releases(ws, today);
    if !rels.is_empty() {
        b.push_str("<section id=\"releases\"><h2>Releases</h2>\n<div class=\"grid\">\n");
        for (r, o) in &rels {
            release_card(ctx, r, o, false, &mut b);
        }
        b.push_str("</div></section>\n");
    }
    if ctx.in_site() {
        let loose: Vec<&Item> = ctx
            .index
            .ranked
            .iter()
            .copied()
            .filter(|e| e.kind == ItemKind::Epic && e.initiative.is_none() && ctx.index.of(e.meta.id).is_some())
            .collect();
        if !loose.is_empty() {
            let _ = writeln!(b, "<section><h2>Epics outside the roadmap</h2>{}</section>", item_rows(ctx, &loose));
        }
    }
    page(ctx, &format!("{} roadmap", ws.workspace.name), Here::Roadmap, &b)
}

/// The initiatives with dates, as bars across the months, each with its
/// forecast's 50–85% range drawn over it and today marked; the same as a
/// table for those who cannot see it.
fn timeline<'a>(
    ctx: &Ctx,
    rows: &[(&Initiative, (NaiveDate, NaiveDate))],
    forecast_of: &dyn Fn(uuid::Uuid) -> Option<&'a Result<Forecast, Refusal>>,
    b: &mut String,
) {
    let range = |id| match forecast_of(id) {
        Some(Ok(f)) if f.remaining.items > 0 => Some((f.dates[0], f.dates[1], f.outcome.p50, f.outcome.p85)),
        _ => None,
    };
    let mut first = rows.iter().map(|r| r.1.0).min().expect("rows");
    let mut last = rows.iter().map(|r| r.1.1).max().expect("rows");
    for (i, _) in rows {
        if let Some((_, Some(d85), ..)) = range(i.meta.id) {
            last = last.max(d85);
        }
    }
    first = first.min(ctx.today);
    last = last.max(ctx.today);
    let (w, l, r, row, top) = (1000.0, 230.0, 10.0, 26.0, 24.0);
    let h = top + row * rows.len() as f64 + 8.0;
    let days = ((last - first).num_days() as f64).max(1.0);
    let x = |d: NaiveDate| l + (w - l - r) * (d - first).num_days() as f64 / days;
    // Forecast columns and bands only where some initiative has a forecast.
    let forecasts = rows.iter().any(|(i, _)| range(i.meta.id).is_some());
    let band = if forecasts { ", the darker band the forecast's 50% to 85% range" } else { "" };
    let alt = format!(
        "Timeline of {} from {first} to {last}: each bar is the planned timeframe{band}; the line is today, {}.",
        count(rows.len() as u64, "initiative", "initiatives"),
        ctx.today
    );
    let mut s = format!(
        "<svg class=\"full\" role=\"img\" aria-label=\"{}\" width=\"100%\" viewBox=\"0 0 {w} {h}\">",
        esc(&alt)
    );
    // Month marks along the top: every month a line, a label every `step`
    // months so that labels never overlap (the year on January's and the first).
    let months = (last.year() - first.year()) * 12 + last.month0() as i32 - first.month0() as i32 + 1;
    let step = ((48.0 * f64::from(months) / (w - l - r)).ceil() as u32).max(1);
    let mut m = first.with_day0(0).unwrap_or(first);
    let mut k = 0u32;
    while m <= last {
        let mx = x(m.max(first));
        let _ = write!(s, "<line x1=\"{mx:.1}\" x2=\"{mx:.1}\" y1=\"14\" y2=\"{h}\" stroke=\"#edf2f7\"/>");
        if k.is_multiple_of(step) {
            let label = if k == 0 || m.month0() == 0 { m.format("%b %Y") } else { m.format("%b") };
            let _ = write!(s, "<text x=\"{:.1}\" y=\"11\" font-size=\"10\" fill=\"#52606d\">{label}</text>", mx + 2.0);
        }
        k += 1;
        m = m.checked_add_months(chrono::Months::new(1)).unwrap_or(last + chrono::Days::new(1));
    }
    for (k, (i, (start, end))) in rows.iter().enumerate() {
        let y = top + row * k as f64;
        let full = format!("{} {}", i.key, i.title);
        let label: String =
            if full.chars().count() > 34 { full.chars().take(33).chain(['…']).collect() } else { full };
        let _ = write!(
            s,
            "<text x=\"4\" y=\"{:.1}\" font-size=\"11\" fill=\"#1f2933\">{}</text><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" rx=\"3\" fill=\"#a5d8ff\"/>",
            y + 12.0,
            esc(&label),
            x(*start),
            y + 2.0,
            (x(*end) - x(*start)).max(2.0)
        );
        if let Some((Some(d50), Some(d85), ..)) = range(i.meta.id) {
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"8\" rx=\"2\" fill=\"#a33a00\"/>",
                x(d50) - 3.0,
                y + 5.0,
                (x(d85) - x(d50)).max(0.0) + 6.0
            );
        }
    }
    let _ = write!(
        s,
        "<line x1=\"{t:.1}\" x2=\"{t:.1}\" y1=\"14\" y2=\"{h}\" stroke=\"#c92a2a\" stroke-width=\"2\"/></svg>",
        t = x(ctx.today)
    );
    let mut table =
        String::from("<div class=\"wide\"><table><tr><th scope=\"col\">Initiative</th><th scope=\"col\">Planned</th>");
    if forecasts {
        table.push_str("<th scope=\"col\">Forecast 50%</th><th scope=\"col\">Forecast 85%</th>");
    }
    table.push_str("</tr>");
    for (i, (start, end)) in rows {
        let _ = write!(
            table,
            "<tr><th scope=\"row\">{}</th><td>{start} – {end}</td>",
            ctx.link(i.meta.id, &titled(&i.key, &i.title))
        );
        if forecasts {
            let (p50, p85) = match range(i.meta.id) {
                Some((d50, d85, n50, n85)) => (when(n50, d50), when(n85, d85)),
                None => match forecast_of(i.meta.id) {
                    Some(Ok(_)) => ("done".to_owned(), "done".to_owned()),
                    _ => ("no forecast".to_owned(), "no forecast".to_owned()),
                },
            };
            let _ = write!(table, "<td>{}</td><td>{}</td>", esc(&p50), esc(&p85));
        }
        table.push_str("</tr>");
    }
    table.push_str("</table></div>");
    let _ = writeln!(
        b,
        "<section id=\"timeline\"><h2>Timeline</h2>{}</section>",
        figure(None, &s, &alt, "The dates", &table)
    );
}

/// A release against its target: the standing, the dates, and what would
/// have to move out to make it.
fn release_card(ctx: &Ctx, r: &Release, o: &Outlook, with_items: bool, b: &mut String) {
    let ws = ctx.ws;
    let tag = match o.standing {
        Standing::OnTrack | Standing::Done | Standing::Shipped => "tag done",
        Standing::AtRisk | Standing::Late => "tag progress",
        _ => "tag",
    };
    let due = match (r.shipped, r.target) {
        (Some(s), _) => format!("shipped {s}"),
        (None, Some(t)) => format!("target {t}"),
        (None, None) => "no target date".to_owned(),
    };
    let _ = write!(
        b,
        "<article class=\"card release\"><h3>{}</h3><p><span class=\"{tag}\">{}</span> <span class=\"meta\">{due} · {} of {} open</span></p>",
        esc(&r.name),
        o.standing.label(),
        o.open.len(),
        count(o.items as u64, "item", "items"),
    );
    if !r.description.is_empty() {
        b.push_str(&paras(&r.description));
    }
    if let Some(f) = &o.forecast {
        b.push_str(&forecast_html(f));
    }
    let named = |ids: &[uuid::Uuid]| -> Vec<String> {
        ids.iter().filter_map(|id| ws.item(*id)).filter(|i| ctx.shows(i)).map(|i| titled(&i.key, &i.title)).collect()
    };
    if !o.move_out.is_empty() {
        let keys = named(&o.move_out);
        let hidden = o.move_out.len() - keys.len();
        let more = if hidden > 0 {
            format!("; {} more", count(hidden as u64, "internal item", "internal items"))
        } else {
            String::new()
        };
        let _ = write!(b, "<p class=\"meta\">To make the target, move out: {}{more}</p>", keys.join("; "));
    } else if o.unreachable {
        b.push_str("<p class=\"meta\">No cut makes the target: it needs a new date, or its work ranked higher.</p>");
    }
    if with_items {
        let items: Vec<&Item> =
            ctx.index.ranked.iter().copied().filter(|i| i.release == Some(r.meta.id) && ctx.shows(i)).collect();
        if !items.is_empty() {
            let _ = write!(
                b,
                "<details><summary>{}</summary>{}</details>",
                count(items.len() as u64, "item", "items"),
                item_rows(ctx, &items)
            );
        }
    }
    b.push_str("</article>\n");
}

/// A page for one initiative: what it is, the goals it serves, its
/// progress through its epics, its forecast and its stories.
pub fn initiative(ctx: &Ctx, i: &Initiative) -> String {
    let ws = ctx.ws;
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{} {}</h1>", esc(&i.key), esc(&i.title));
    let _ = write!(b, "<p class=\"sub\">{} · {}", horizon_name(i.horizon), status_tag(i.status));
    let tf = timeframe(i);
    if !tf.is_empty() {
        let _ = write!(b, " · {tf}");
    }
    if !i.theme.is_empty() {
        let _ = write!(b, " · {}", esc(&i.theme));
    }
    b.push_str("</p>\n");
    b.push_str(&paras(&i.description));
    let goals: Vec<String> = i
        .goals
        .iter()
        .filter_map(|g| ws.goal(*g))
        .filter(|g| g.meta.is_live())
        .map(|g| titled(&g.key, &g.title))
        .collect();
    if !goals.is_empty() {
        let _ = write!(b, "<p>Serves <a href=\"index.html\">{}</a></p>", goals.join("; "));
    }
    let stories: Vec<&Item> = ctx.index.stories(i.meta.id).iter().copied().filter(|s| ctx.shows(s)).collect();
    let p = ctx.index.progress(i.meta.id);
    b.push_str(&progress_card(ctx, (p.done_points, p.points), p.stories, ctx.index.stories(i.meta.id)));
    // Its epics, each with how far its children are.
    let epics: Vec<&Item> = ctx
        .index
        .ranked
        .iter()
        .copied()
        .filter(|e| {
            e.kind == ItemKind::Epic && e.initiative == Some(i.meta.id) && e.status != Status::Dropped && ctx.shows(e)
        })
        .collect();
    if !epics.is_empty() {
        b.push_str("<section><h2>Epics</h2><div class=\"wide\"><table><tr><th scope=\"col\">Epic</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"n\">Stories done</th><th scope=\"col\" class=\"n\">Points done</th><th scope=\"col\">Progress</th></tr>");
        for e in &epics {
            let ep = EpicProgress::of(ctx.index.children(e.meta.id).iter().copied());
            let ratio = if ep.points == 0 { 0.0 } else { f64::from(ep.done_points) / f64::from(ep.points) };
            let _ = write!(
                b,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"n\">{} of {}</td><td class=\"n\">{} of {}</td><td>{}</td></tr>",
                ctx.link(e.meta.id, &titled(&e.key, &e.title)),
                esc(&e.status.as_str().replace('_', " ")),
                ep.done,
                ep.children,
                ep.done_points,
                ep.points,
                bar(ratio, &format!("{} of {} points done", ep.done_points, ep.points))
            );
        }
        b.push_str("</table></div></section>\n");
    }
    let open: Vec<&Item> = stories.iter().copied().filter(|s| !s.status.is_closed()).collect();
    let done: Vec<&Item> = stories.iter().copied().filter(|s| s.status == Status::Done).collect();
    if !open.is_empty() {
        let _ = writeln!(b, "<section><h2>Open stories</h2>{}</section>", item_rows(ctx, &open));
    }
    if !done.is_empty() {
        let _ = write!(b, "<section><h2>Done</h2>{}", item_rows(ctx, &done));
        if let Some(trail) = ctx.trail {
            let _ = write!(b, "<h3>Delivered by</h3>{}", changelog(ctx, &done, Some(trail)));
        }
        b.push_str("</section>\n");
    }
    page(ctx, &format!("{} {}", i.key, i.title), Here::Detail, &b)
}

/// Every release: those to ship against their targets, then those shipped.
pub fn releases(ctx: &Ctx) -> String {
    let ws = ctx.ws;
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{} releases</h1>", esc(&ws.workspace.name));
    let to_ship = super::super::releases(ws, ctx.today);
    if to_ship.is_empty() {
        b.push_str("<p class=\"meta\">No release to ship.</p>");
    } else {
        let _ = writeln!(
            b,
            "<p class=\"sub\">Forecasts as of {}: on track when 85% of the trials finish by the target.</p><section id=\"releases\"><h2>To ship</h2><div class=\"grid\">",
            ctx.today
        );
        for (r, o) in &to_ship {
            release_card(ctx, r, o, true, &mut b);
        }
        b.push_str("</div></section>\n");
    }
    let mut shipped: Vec<&Release> = ws.live_releases().filter(|r| r.shipped.is_some()).collect();
    shipped.sort_by_key(|r| std::cmp::Reverse((r.shipped, r.meta.id)));
    if !shipped.is_empty() {
        b.push_str("<section><h2>Shipped</h2><div class=\"wide\"><table><tr><th scope=\"col\">Release</th><th scope=\"col\">Shipped</th><th scope=\"col\">Target</th><th scope=\"col\" class=\"n\">Items</th></tr>");
        for r in shipped {
            let items = ws.live_items().filter(|i| i.release == Some(r.meta.id) && ctx.shows(i)).count();
            let _ = write!(
                b,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td class=\"n\">{items}</td></tr>",
                esc(&r.name),
                r.shipped.map(|d| d.to_string()).unwrap_or_default(),
                r.target.map(|d| d.to_string()).unwrap_or_default()
            );
        }
        b.push_str("</table></div></section>\n");
    }
    page(ctx, &format!("{} releases", ws.workspace.name), Here::Releases, &b)
}
