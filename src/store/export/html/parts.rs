//! The pieces every page is made of: escaping, the page's shell (CSS,
//! navigation in a site), bars, gauges, charts with their data as a table,
//! item tables, forecasts and changelogs.

use super::context::{Ctx, Here};
use crate::domain::forecast::{self, Basis, Forecast, Refusal};
use crate::domain::item::Item;
use crate::domain::strategy::Kpi;
use crate::domain::text::count;
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
pub(super) fn paras(s: &str) -> String {
    s.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", esc(p).replace('\n', "<br>")))
        .collect()
}

/// Colours chosen for contrast (WCAG AA: 4.5:1 for text on its
/// background, 3:1 for lines and bars); `tests/site.rs` measures them.
const CSS: &str = "
:root{--ink:#1f2933;--dim:#52606d;--line:#d9e2ec;--bg:#f5f7fa;--card:#fff;--ok:#2f9e44;--warn:#e8590c;--acc:#1864ab}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:28px 24px 48px}
a{color:var(--acc)}
a:focus-visible{outline:3px solid var(--acc);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:var(--card);padding:6px 10px}
header.site{background:var(--card);border-bottom:1px solid var(--line)}
header.site nav{max-width:1180px;margin:0 auto;padding:10px 24px;display:flex;flex-wrap:wrap;gap:4px 18px;align-items:baseline}
header.site .name{font-weight:600;color:var(--ink);text-decoration:none;margin-right:8px}
header.site a[aria-current]{color:var(--ink);font-weight:600;text-decoration:none;border-bottom:3px solid var(--acc)}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:18px;margin:28px 0 12px}
h3,.h3{font-size:15px;margin:0 0 6px}
p{margin:6px 0}
.sub{color:var(--dim);margin:0 0 20px}
.cols{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:16px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:16px}
.col h2{margin-top:0;padding-bottom:6px;border-bottom:3px solid var(--acc)}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin-bottom:12px}
.meta{color:var(--dim);font-size:13px}
.tag{display:inline-block;font-size:12px;padding:1px 8px;border-radius:10px;background:#e7f5ff;color:#1864ab;margin-right:4px}
.tag.done{background:#ebfbee;color:#237032}.tag.progress{background:#fff4e6;color:#a33a00}
.wide{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:var(--card)}
table.nums{width:auto;min-width:280px}
figure{margin:0}figure svg{display:block;max-width:640px}figure svg.full{max-width:none}td.d,td.k{white-space:nowrap}
td,th{border:1px solid var(--line);padding:6px 10px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}
details{margin-top:8px}summary{cursor:pointer;color:var(--dim);font-size:13px}
.kpis{display:flex;flex-wrap:wrap;gap:12px}
ul.log{margin:6px 0;padding-left:18px}ul.log ul{padding-left:16px;margin:2px 0}ul.log code{color:var(--dim)}
.kpi{width:180px;text-align:center}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:16px}
footer{color:var(--dim);font-size:12px;margin-top:32px}
@media (max-width:760px){.cols{grid-template-columns:1fr}.charts,.grid{grid-template-columns:1fr}main{padding:18px 14px 32px}h1{font-size:22px}td,th{padding:4px 6px}}
@media print{body{background:#fff;font-size:11pt}header.site,.skip,details{display:none}main{max-width:none;padding:0}.card,figure,tr{break-inside:avoid}.card{border-color:#999}a{color:inherit;text-decoration:none}.cols,.grid,.charts{display:block}}
";

/// Where a site's pages are in its navigation.
const NAV: [(Here, &str, &str); 5] = [
    (Here::Index, "index.html", "Vision"),
    (Here::Roadmap, "roadmap.html", "Roadmap"),
    (Here::Releases, "releases.html", "Releases"),
    (Here::Sprints, "sprints.html", "Sprints"),
    (Here::Changelog, "changelog.html", "Changelog"),
];

/// A whole page: alone, or in a site with a header that links to the
/// others (the page it is marked as current).
pub(super) fn page(ctx: &Ctx, title: &str, here: Here, body: &str) -> String {
    let mut header = String::new();
    if ctx.in_site() {
        let _ = write!(
            header,
            "<a class=\"skip\" href=\"#main\">Skip to the content</a>\n<header class=\"site\"><nav aria-label=\"Site\"><a class=\"name\" href=\"index.html\">{}</a>",
            esc(&ctx.ws.workspace.name)
        );
        for (h, file, name) in NAV {
            let current = if h == here { " aria-current=\"page\"" } else { "" };
            let _ = write!(header, "<a href=\"{file}\"{current}>{name}</a>");
        }
        header.push_str("</nav></header>\n");
    }
    let footer = if ctx.public {
        "Made with backlog for readers outside the team: people's names, comments and internal work are left out. This page has no scripts and loads nothing from elsewhere."
    } else {
        "Made with backlog. This page has no scripts and loads nothing from elsewhere."
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{header}<main id=\"main\">\n{body}<footer>{footer}</footer>\n</main>\n</body>\n</html>\n",
        esc(title)
    )
}

/// A horizontal progress bar.
pub(super) fn bar(ratio: f64, label: &str) -> String {
    let w = (ratio.clamp(0.0, 1.0) * 300.0).round();
    format!(
        "<svg role=\"img\" aria-label=\"{}\" width=\"100%\" height=\"14\" viewBox=\"0 0 300 14\" preserveAspectRatio=\"none\"><rect width=\"300\" height=\"14\" rx=\"7\" fill=\"#e9ecef\"/><rect width=\"{w}\" height=\"14\" rx=\"7\" fill=\"#2f9e44\"/></svg>",
        esc(label)
    )
}

/// Done against all, as a bar with its words under it.
pub(super) fn progress(done_points: u32, points: u32, counted: &str) -> String {
    let ratio = if points == 0 { 0.0 } else { f64::from(done_points) / f64::from(points) };
    let label = format!("{done_points} of {points} points done");
    format!("{}<p class=\"meta\">{label} · {counted}</p>", bar(ratio, &label))
}

/// An initiative's or an epic's progress card: done against all over its
/// `stories` and when the open work among `items` is done, or that it has
/// no stories yet.
pub(super) fn progress_card(ctx: &Ctx, (done_points, points): (u32, u32), stories: usize, items: &[&Item]) -> String {
    let mut out = String::from("<section class=\"card\"><h2 class=\"h3\">Progress</h2>");
    if stories == 0 {
        out.push_str("<p class=\"meta\">No stories yet</p>");
    } else {
        out.push_str(&progress(done_points, points, &count(stories as u64, "story", "stories")));
        out.push_str(&forecast_html(&ctx.index.forecast(ctx.ws, items, ctx.today)));
    }
    out.push_str("</section>\n");
    out
}

/// `key title`, escaped: how pages name an item, initiative or goal.
pub(super) fn titled(key: &str, title: &str) -> String {
    format!("{} {}", esc(key), esc(title))
}

/// A half-circle gauge for a KPI: how far from baseline to target.
pub(super) fn gauge(k: &Kpi) -> String {
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

/// One line of a chart: name, colour, (day from the first, value) points,
/// and whether it is dashed (a reference line).
pub(super) type ChartLine<'a> = (&'a str, &'a str, Vec<(f64, f64)>, bool);

/// A line chart over the days from `first` to `last`, described by `alt`
/// for those who cannot see it, with its numbers as a table under it.
pub(super) fn chart(title: &str, alt: &str, first: NaiveDate, last: NaiveDate, series: &[ChartLine]) -> String {
    let (w, h, l, r, t, bt) = (520.0, 260.0, 40.0, 12.0, 34.0, 28.0);
    let max = series.iter().flat_map(|s| s.2.iter().map(|p| p.1)).fold(1.0_f64, f64::max);
    let n = ((last - first).num_days() as f64).max(1.0);
    let x = |d: f64| l + (w - l - r) * d / n;
    let y = |v: f64| t + (h - t - bt) * (1.0 - v / max);
    let mut s = format!(
        "<svg role=\"img\" aria-label=\"{}\" width=\"100%\" viewBox=\"0 0 {w} {h}\"><rect x=\"{l}\" y=\"{t}\" width=\"{}\" height=\"{}\" fill=\"#fff\" stroke=\"#d9e2ec\"/>",
        esc(alt),
        w - l - r,
        h - t - bt
    );
    y_grid(&mut s, max, l, w - r, y);
    let _ = write!(
        s,
        "<text x=\"{l}\" y=\"{}\" font-size=\"10\" fill=\"#52606d\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\" fill=\"#52606d\">{}</text>",
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
    // The numbers behind the lines, a row per day any line has a point on.
    let mut days: Vec<i64> = series.iter().flat_map(|s| s.2.iter().map(|p| p.0 as i64)).collect();
    days.sort_unstable();
    days.dedup();
    let mut table = String::from("<table><tr><th scope=\"col\">Day</th>");
    for (name, ..) in series {
        let _ = write!(table, "<th scope=\"col\" class=\"n\">{}</th>", esc(name));
    }
    table.push_str("</tr>");
    for d in days {
        let _ = write!(table, "<tr><th scope=\"row\">{}</th>", first + chrono::Days::new(d.max(0) as u64));
        for (_, _, values, _) in series {
            let v = values.iter().find(|p| p.0 as i64 == d).map(|p| format!("{:.0}", p.1)).unwrap_or_default();
            let _ = write!(table, "<td class=\"n\">{v}</td>");
        }
        table.push_str("</tr>");
    }
    table.push_str("</table>");
    figure(Some(title), &s, alt, "The numbers", &table)
}

/// Five lines across a chart from `x1` to `x2`, 0 to `max` at the heights
/// `y` gives, each labelled with its value on the left.
fn y_grid(s: &mut String, max: f64, x1: f64, x2: f64, y: impl Fn(f64) -> f64) {
    for k in 0..=4 {
        let v = max * f64::from(k) / 4.0;
        let _ = write!(
            s,
            "<line x1=\"{x1}\" x2=\"{x2}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#edf2f7\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\" fill=\"#52606d\">{v:.0}</text>",
            x1 - 4.0,
            y(v) + 3.0,
            y = y(v)
        );
    }
}

/// A chart as a figure: its title (if any), the drawing, `alt` as its
/// caption, and `table`, its numbers, folded under `summary`.
pub(super) fn figure(title: Option<&str>, svg: &str, alt: &str, summary: &str, table: &str) -> String {
    let title = title.map(|t| format!("<h3>{}</h3>", esc(t))).unwrap_or_default();
    format!(
        "<figure class=\"card\">{title}{svg}<figcaption class=\"meta\">{}</figcaption><details><summary>{summary}</summary>{table}</details></figure>",
        esc(alt)
    )
}

/// A bar chart of `bars` (label, value), described by `alt`.
pub(super) fn bars(title: &str, alt: &str, unit: &str, bars: &[(String, u32)]) -> String {
    let (w, h, l, t, bt) = (520.0, 220.0, 40.0, 14.0, 28.0);
    let max = f64::from(bars.iter().map(|b| b.1).max().unwrap_or(0).max(1));
    let slot = (w - l - 8.0) / bars.len().max(1) as f64;
    let mut s = format!("<svg role=\"img\" aria-label=\"{}\" width=\"100%\" viewBox=\"0 0 {w} {h}\">", esc(alt));
    y_grid(&mut s, max, l, w - 8.0, |v| t + (h - t - bt) * (1.0 - v / max));
    for (i, (label, v)) in bars.iter().enumerate() {
        let bh = (h - t - bt) * f64::from(*v) / max;
        let x = l + slot * i as f64 + slot * 0.15;
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#2f9e44\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#1f2933\">{}</text>",
            h - bt - bh,
            slot * 0.7,
            x + slot * 0.35,
            h - 10.0,
            esc(label)
        );
    }
    s.push_str("</svg>");
    let mut table =
        format!("<table><tr><th scope=\"col\">Sprint</th><th scope=\"col\" class=\"n\">{}</th></tr>", esc(unit));
    for (label, v) in bars {
        let _ = write!(table, "<tr><th scope=\"row\">{}</th><td class=\"n\">{v}</td></tr>", esc(label));
    }
    table.push_str("</table>");
    figure(Some(title), &s, alt, "The numbers", &table)
}

/// Items as a table: key (a link when the item has a page), title, status,
/// points, and the assignee where names may be shown.
pub(super) fn item_rows(ctx: &Ctx, items: &[&Item]) -> String {
    let people = ctx.in_site() && !ctx.public;
    let mut out = String::from(
        "<div class=\"wide\"><table><tr><th scope=\"col\">Key</th><th scope=\"col\">Title</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"n\">Points</th>",
    );
    if people {
        out.push_str("<th scope=\"col\">Assignee</th>");
    }
    out.push_str("</tr>");
    for i in items {
        let _ = write!(
            out,
            "<tr><td class=\"k\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>",
            ctx.link(i.meta.id, &esc(&i.key)),
            esc(&i.title),
            esc(&i.status.as_str().replace('_', " ")),
            i.estimate.map(|e| e.to_string()).unwrap_or_default()
        );
        if people {
            let _ = write!(out, "<td>{}</td>", esc(i.assignee.as_deref().unwrap_or("")));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table></div>");
    out
}

/// The done stories of `items`, and with the trail the commits on the
/// default branch that name each: a changelog a stakeholder can read.
pub(super) fn changelog(ctx: &Ctx, items: &[&Item], trail: Option<&Trail>) -> String {
    let mut out = String::from("<ul class=\"log\">");
    for i in items {
        let _ = write!(out, "<li><strong>{}</strong> {}", esc(&i.key), esc(&i.title));
        let Some(trail) = trail else {
            out.push_str("</li>");
            continue;
        };
        let commits: Vec<_> = trail.commits_for(&i.key).filter(|c| c.on_default).collect();
        if commits.is_empty() {
            out.push_str(" <span class=\"meta\">no commit names it</span>");
        } else {
            out.push_str("<ul>");
            for c in commits {
                let by = if ctx.public { String::new() } else { format!("{}, ", esc(&c.author)) };
                let _ = write!(
                    out,
                    "<li><code>{}</code> {} <span class=\"meta\">{by}{}</span></li>",
                    esc(&c.short),
                    esc(&c.subject),
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
pub(super) fn forecast_html(f: &Result<Forecast, Refusal>) -> String {
    let f = match f {
        Err(e) => return format!("<p class=\"meta fc\">No forecast: {}</p>", esc(&e.to_string())),
        Ok(f) => f,
    };
    let r = &f.remaining;
    if r.items == 0 {
        return "<p class=\"meta fc\">Forecast: no open work left</p>".to_owned();
    }
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

/// A forecast's date in words: "now", the date, or beyond the horizon.
pub(super) fn when(sprints: Option<u32>, date: Option<NaiveDate>) -> String {
    match (sprints, date) {
        (Some(0), _) => "now".to_owned(),
        (Some(_), Some(d)) => d.to_string(),
        _ => format!("not within {} sprints", forecast::HORIZON),
    }
}
