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
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| std::process::Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
    else {
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
