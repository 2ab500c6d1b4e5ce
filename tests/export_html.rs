//! Stakeholder pages: one self-contained HTML file each (inline CSS, SVG
//! charts, no scripts, nothing loaded from elsewhere), valid HTML, with
//! every piece of imported text escaped. Parsed with html5ever (through
//! scraper) as a browser would; the screenshot check in headless Chromium
//! runs when Chromium is installed and is skipped, saying so, when not.

mod common;

use common::pty::Env;
use scraper::{Html, Selector};

fn pages(env: &Env) -> Vec<(&'static str, String)> {
    vec![
        ("roadmap", env.cli(&["export", "roadmap", "--format", "html"])),
        ("vision", env.cli(&["export", "vision", "--format", "html"])),
        ("sprint review", env.cli(&["export", "sprint", "Sprint 22", "--format", "html"])),
        ("active sprint", env.cli(&["export", "sprint", "--format", "html"])),
    ]
}

fn count(doc: &Html, sel: &str) -> usize {
    doc.select(&Selector::parse(sel).unwrap()).count()
}

#[test]
fn pages_are_valid_self_contained_html_with_svg_charts() {
    let env = Env::demo();
    // Text that would be markup if it were not escaped.
    env.cli(&["--role", "pm", "vision", "set", "--statement", "<script>alert('x')</script> & <b>bold</b>"]);
    // An item of each sprint page's tables (done in the closed sprint, open
    // in the active one), titled to break out of its cell.
    const HOSTILE: &str = "</td><script>alert(1)</script><iframe onload=alert(2)></iframe> & <b>bold</b>";
    let first_in = |sprint: &str| -> String {
        let out = env.cli(&["list", "--json", "--all", "--where", &format!("sprint:\"{sprint}\"")]);
        let items: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
        items[0]["key"].as_str().unwrap().to_owned()
    };
    let (closed, active) = (first_in("Sprint 22"), first_in("active"));
    for key in [&closed, &active] {
        env.cli(&["edit", key, "--title", HOSTILE]);
    }
    for (name, html) in pages(&env) {
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
        let doc = Html::parse_document(&html);
        assert!(doc.errors.is_empty(), "{name}: parse errors {:?}", doc.errors);
        assert_eq!(count(&doc, "script"), 0, "{name}: no scripts");
        assert_eq!(count(&doc, "link, img, iframe, object, embed"), 0, "{name}: nothing loaded from elsewhere");
        assert_eq!(count(&doc, "style"), 1, "{name}: inline CSS");
        assert!(!html.contains("src=") && !html.contains("href="), "{name}");
        assert!(!html.contains("<b>bold"), "{name}: text is escaped");
        if name.contains("sprint") {
            // The title is one cell's text, as typed, in the item tables.
            let cells: Vec<String> =
                doc.select(&Selector::parse("table td").unwrap()).map(|td| td.text().collect::<String>()).collect();
            assert!(cells.iter().any(|c| c == HOSTILE), "{name}: the hostile title is a cell's text: {cells:?}");
        }
        match name {
            "roadmap" => {
                assert_eq!(count(&doc, "section.col"), 3, "Now, Next, Later");
                assert!(count(&doc, "article.card svg rect") > 0, "progress bars");
                assert!(html.contains("&lt;script&gt;"), "the statement, escaped");
            }
            "vision" => assert!(count(&doc, ".kpi svg path") >= 4, "KPI gauges"),
            "sprint review" => {
                assert_eq!(count(&doc, "figure svg polyline"), 4, "burndown and burnup, two lines each");
                assert!(html.contains("Committed at start"));
            }
            _ => assert_eq!(count(&doc, "figure svg"), 2),
        }
    }
}

#[test]
fn pages_render_in_headless_chromium() {
    let Some(chromium) = common::chromium() else {
        eprintln!("skipping: no chromium on PATH to render the pages");
        return;
    };
    let env = Env::demo();
    for (name, html) in pages(&env) {
        let file = env.dir.path().join(format!("{}.html", name.replace(' ', "-")));
        std::fs::write(&file, &html).unwrap();
        let shot = file.with_extension("png");
        let out = std::process::Command::new(chromium)
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"])
            .arg(format!("--screenshot={}", shot.display()))
            .arg(format!("file://{}", file.display()))
            .env("HOME", env.dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let png = std::fs::read(&shot).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "{name}: a real screenshot");
    }
}

/// The demo on its anchor day with two more closed sprints before its
/// three, one of them named to break out of the page.
fn demo_with_history(hostile: &str) -> backlog::domain::Workspace {
    use backlog::store::demo;
    let mut ws = demo::workspace(demo::ANCHOR.and_hms_opt(23, 0, 0).unwrap().and_utc());
    let closed = ws.sprints.iter().find(|s| s.review.is_some()).unwrap().clone();
    for (k, completed) in [(1u64, 14), (2, 26)] {
        let mut s = closed.clone();
        s.meta.id = uuid::Uuid::from_u128(0xF0 + u128::from(k));
        s.name = if k == 1 { hostile.to_owned() } else { format!("Sprint {}", 20 - k) };
        s.start = s.start - chrono::Days::new(14 * (k + 2));
        s.end = s.end - chrono::Days::new(14 * (k + 2));
        s.review.as_mut().unwrap().completed = completed;
        ws.sprints.push(s);
    }
    ws.reindex();
    ws
}

#[test]
fn the_roadmap_page_carries_the_forecasts_and_says_how_they_were_made() {
    use backlog::domain::forecast::{self, Options, Target};
    use backlog::domain::strategy::Horizon;
    use backlog::store::{demo, export::html};
    const HOSTILE: &str = "<script>alert(1)</script> & <b>bold</b>";
    let ws = demo_with_history(HOSTILE);
    let today = demo::ANCHOR;
    let page = html::roadmap(&ws, None, today);
    let doc = Html::parse_document(&page);
    assert!(doc.errors.is_empty(), "parse errors {:?}", doc.errors);
    assert_eq!(count(&doc, "script"), 0, "no scripts");
    assert!(!page.contains("<b>bold"), "the sprint's name is escaped");
    // One line says how: Monte Carlo, the trials, the seed, the sprints.
    let method: String = doc.select(&Selector::parse("#forecast-method").unwrap()).flat_map(|e| e.text()).collect();
    let f = forecast::forecast(&ws, Target::Column(Horizon::Now), today, Options::default()).unwrap();
    for part in [
        "Monte Carlo".to_owned(),
        format!("{} trials", f.outcome.trials),
        format!("seed {}", forecast::DEFAULT_SEED),
        "last 5 closed sprints".to_owned(),
        HOSTILE.to_owned(),
    ] {
        assert!(method.contains(&part), "{part:?} in {method:?}");
    }
    // Each column's forecast, and each initiative's with open work: its
    // three dates, as `backlog forecast` gives them.
    assert_eq!(count(&doc, ".column-forecast"), 3);
    let text: String = doc.root_element().text().collect();
    let dates = |f: &forecast::Forecast| f.dates.map(|d| d.map(|d| d.to_string()).unwrap_or_default());
    for h in Horizon::ALL {
        let f = forecast::forecast(&ws, Target::Column(*h), today, Options::default()).unwrap();
        if f.remaining.items > 0 {
            let [a, b, c] = dates(&f);
            assert!(text.contains(&format!("Forecast: 50% {a}85% {b}95% {c}")), "{h:?}: {a} {b} {c}");
        }
    }
    let mut shown = 0;
    for i in ws.live_initiatives().filter(|i| i.status != backlog::domain::strategy::InitiativeStatus::Dropped) {
        let f = forecast::forecast(&ws, Target::Initiative(i.meta.id), today, Options::default()).unwrap();
        if f.remaining.items == 0 {
            continue;
        }
        let [a, b, c] = dates(&f);
        let card: String = doc
            .select(&Selector::parse("article.card").unwrap())
            .map(|e| e.text().collect::<String>())
            .find(|t| t.contains(&i.title))
            .unwrap_or_else(|| panic!("a card for {}", i.key));
        assert!(card.contains(&format!("50% {a}85% {b}95% {c}")), "{}: {card}", i.key);
        let open = if f.remaining.items == 1 {
            "1 open item,".to_owned()
        } else {
            format!("{} open items,", f.remaining.items)
        };
        assert!(card.contains(&open), "{}: {card}", i.key);
        shown += 1;
    }
    assert!(shown >= 3, "initiatives with open work");
    // Counts agree in number: one story is a story.
    assert!(text.contains("· 1 story") && !text.contains(" 1 stories") && !text.contains(" 1 open items"), "{text}");
}

#[test]
fn without_enough_history_the_roadmap_page_says_why() {
    use backlog::store::{demo, export::html};
    let mut ws = demo::workspace(demo::ANCHOR.and_hms_opt(23, 0, 0).unwrap().and_utc());
    // Only the sprint it ran here: the two brought from Jira left out.
    ws.sprints.retain(|s| !matches!(s.name.as_str(), "Sprint 20" | "Sprint 21"));
    ws.reindex();
    let page = html::roadmap(&ws, None, demo::ANCHOR);
    assert!(page.contains("No forecasts as of 2026-11-18: only 1 closed sprint(s) to learn from"), "{page}");
    assert!(!page.contains("50%"), "no dates");
}

#[test]
fn the_roadmap_page_and_markdown_show_each_release_against_its_target() {
    use backlog::domain::forecast::{Options, release};
    use backlog::domain::release::Release;
    use backlog::store::{demo, export};
    const HOSTILE: &str = "<img src=x onerror=alert(1)> 2.0";
    let mut ws = demo_with_history("Sprint 20");
    let meta = ws.sprints[0].meta.clone();
    let id = uuid::Uuid::from_u128(0xAB);
    ws.releases.push(Release {
        meta: backlog::domain::Meta { id, ..meta },
        name: HOSTILE.into(),
        target: Some(demo::ANCHOR + chrono::Days::new(10)),
        description: String::new(),
        shipped: None,
        extra: Default::default(),
    });
    let open: Vec<uuid::Uuid> =
        ws.live_items().filter(|i| i.status < backlog::domain::Status::Done).map(|i| i.meta.id).take(12).collect();
    for i in ws.items.iter_mut().filter(|i| open.contains(&i.meta.id)) {
        i.release = Some(id);
    }
    ws.reindex();
    let today = demo::ANCHOR;
    let o = release::outlook(&ws, ws.release(id).unwrap(), today, Options::default());
    let f = o.forecast.clone().expect("open work").expect("enough history");
    let page = export::html::roadmap(&ws, None, today);
    let doc = Html::parse_document(&page);
    assert!(doc.errors.is_empty(), "parse errors {:?}", doc.errors);
    assert!(!page.contains("<img"), "the release's name is escaped");
    let card: String = doc.select(&Selector::parse("#releases article").unwrap()).flat_map(|e| e.text()).collect();
    let d = |k: usize| f.dates[k].map(|d| d.to_string()).unwrap();
    assert!(card.contains(HOSTILE), "{card}");
    assert!(card.contains(o.standing.label()), "{card}");
    assert!(card.contains(&format!("50% {}85% {}95% {}", d(0), d(1), d(2))), "{card}");
    assert!(card.contains(&format!("{} of 12 items open", o.open.len())), "{card}");
    if !o.move_out.is_empty() {
        let first = ws.item(o.move_out[0]).unwrap();
        assert!(card.contains("move out") && card.contains(&first.key), "{card}");
    }
    let md = export::roadmap_md(&ws, today);
    assert!(md.contains("## Releases"), "{md}");
    assert!(md.contains(&format!("| {} | {} |", d(0), d(1))), "{md}");
    assert!(!md.contains("<img"), "escaped in Markdown too");
}

/// An active sprint's burndown spans the whole sprint, as the TUI draws
/// it: the axis ends on the planned end and the ideal line reaches zero
/// there, while the actual lines stop at today.
#[test]
fn an_active_sprints_charts_span_the_whole_sprint() {
    use backlog::store::{demo, export::html};
    let ws = demo::workspace(demo::ANCHOR.and_hms_opt(23, 0, 0).unwrap().and_utc());
    let s = ws.active_sprint().expect("the demo runs a sprint");
    assert!(demo::ANCHOR < s.end, "today is mid-sprint");
    let page = html::sprint(&ws, s, demo::ANCHOR, None);
    let doc = Html::parse_document(&page);
    let figure = |title: &str| {
        doc.select(&Selector::parse("figure").unwrap())
            .find(|f| f.text().collect::<String>().starts_with(title))
            .unwrap_or_else(|| panic!("a {title} chart"))
    };
    let points = |f: scraper::ElementRef, n: usize| -> Vec<(f64, f64)> {
        let line = f.select(&Selector::parse("polyline").unwrap()).nth(n).expect("a line");
        line.value()
            .attr("points")
            .unwrap()
            .split(' ')
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    };
    let down = figure("Burndown");
    let labels: Vec<String> = down.select(&Selector::parse("text").unwrap()).map(|t| t.text().collect()).collect();
    assert!(labels.contains(&s.end.format("%b %-d").to_string()), "the axis ends on the planned end: {labels:?}");
    // The plot runs from x 40 to 508; its floor is at y 232.
    let ideal = points(down, 1);
    assert_eq!(ideal.last(), Some(&(508.0, 232.0)), "the ideal line reaches zero at the end");
    let remaining = points(down, 0);
    let today_x =
        40.0 + 468.0 * (demo::ANCHOR - s.chart_start()).num_days() as f64 / (s.end - s.chart_start()).num_days() as f64;
    assert!((remaining.last().unwrap().0 - today_x).abs() < 0.1, "the actual line stops at today: {remaining:?}");
    let up = figure("Burnup");
    assert!(points(up, 1).last().unwrap().0 < 508.0, "done stops at today too");
}
