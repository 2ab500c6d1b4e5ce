//! `backlog site DIR`: a folder of static pages for stakeholders. Every
//! page is parsed as a browser would (html5ever through scraper): no
//! scripts, nothing from elsewhere, every link resolving to a page of the
//! site and every page reachable from the index, text escaped, charts with
//! text alternatives; `--public` leaves out names, comments and internal
//! work; the same workspace gives the same bytes, only changed pages are
//! rewritten; the demo's site is held to golden files; `--watch` rebuilds
//! on a save.

mod common;

use common::pty::Env;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Every `.html` file of the folder, by name.
fn site(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect()
}

/// Builds the site with `args` and returns what `--json` said.
fn build(env: &Env, dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json", "site", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    serde_json::from_str(&env.cli(&all)).unwrap()
}

fn names(v: &serde_json::Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect()
}

fn key_of(env: &Env, filter: &str) -> String {
    let out = env.cli(&["list", "--json", "--all", "--where", filter]);
    let items: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    items[0]["key"].as_str().unwrap().to_owned()
}

#[test]
fn every_page_parses_links_resolve_and_every_page_is_reached() {
    let env = Env::demo();
    const HOSTILE: &str = "</td><script>alert(1)</script><img src=x onerror=alert(2)> & <b>bold</b>";
    let epic = key_of(&env, "kind:epic");
    env.cli(&["edit", &epic, "--title", &format!("Epic {HOSTILE}")]);
    env.cli(&["--role", "pm", "roadmap", "edit", "R1", "--title", &format!("Initiative {HOSTILE}")]);
    env.cli(&["comment", &epic, &format!("Comment {HOSTILE} javascript:alert(3)")]);
    let dir = env.dir.path().join("site");
    let built = build(&env, &dir, &[]);
    let pages = site(&dir);
    assert_eq!(pages.len() as u64, built["pages"].as_u64().unwrap());
    for want in ["index.html", "roadmap.html", "releases.html", "sprints.html", "changelog.html"] {
        assert!(pages.contains_key(want), "{want} in {:?}", pages.keys());
    }
    assert!(pages.keys().any(|p| p.starts_with("initiative-")), "initiative pages");
    assert!(pages.keys().any(|p| p.starts_with("epic-")), "epic pages");
    assert!(pages.contains_key("sprint-23.html"), "a page per sprint, named for it: {:?}", pages.keys());

    let mut links: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (name, html) in &pages {
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{name}");
        let doc = Html::parse_document(html);
        assert!(doc.errors.is_empty(), "{name}: parse errors {:?}", doc.errors);
        let count = |s: &str| doc.select(&sel(s)).count();
        assert_eq!(count("script"), 0, "{name}: no scripts");
        assert_eq!(count("img, iframe, object, embed, link, form, base"), 0, "{name}: nothing from elsewhere");
        for el in doc.select(&sel("*")) {
            for (attr, _) in el.value().attrs() {
                assert!(attr != "src" && !attr.starts_with("on"), "{name}: no {attr}= attribute");
            }
        }
        assert!(!html.contains("<b>bold") && !html.contains("<img"), "{name}: text is escaped");
        assert_eq!(count("main#main"), 1, "{name}: one main");
        assert_eq!(count("h1"), 1, "{name}: one title");
        assert_eq!(count("header nav a"), 6, "{name}: the site's name and its five top pages");
        // Every chart says what it shows, and has its numbers as a table.
        for svg in doc.select(&sel("svg")) {
            assert_eq!(svg.value().attr("role"), Some("img"), "{name}");
            assert!(svg.value().attr("aria-label").is_some_and(|l| l.len() > 10), "{name}: a chart's text");
        }
        for fig in doc.select(&sel("figure")) {
            assert!(fig.select(&sel("figcaption")).next().is_some(), "{name}: a caption");
            assert!(fig.select(&sel("details table")).next().is_some(), "{name}: the numbers as a table");
        }
        let mut out = BTreeSet::new();
        for a in doc.select(&sel("a")) {
            let href = a.value().attr("href").expect("every link has a target");
            if href == "#main" {
                continue;
            }
            assert!(!href.contains(':') && !href.contains('/'), "{name}: a page of the site, not {href}");
            assert!(pages.contains_key(href), "{name}: link to {href}, which is not a page");
            out.insert(href.to_owned());
        }
        links.insert(name, out);
    }
    // From the index, by links alone, every page.
    let mut seen = BTreeSet::from(["index.html".to_owned()]);
    let mut todo = vec!["index.html".to_owned()];
    while let Some(p) = todo.pop() {
        for l in &links[p.as_str()] {
            if seen.insert(l.clone()) {
                todo.push(l.clone());
            }
        }
    }
    let all: BTreeSet<String> = pages.keys().cloned().collect();
    assert_eq!(seen, all, "every page is reached from the index");

    // The hostile text is text: the epic's title in its page's heading,
    // the comment in its article, the initiative's in the roadmap's link.
    let epic_page = &pages[&format!("epic-{}.html", epic.to_lowercase())];
    let doc = Html::parse_document(epic_page);
    let h1: String = doc.select(&sel("h1")).flat_map(|e| e.text()).collect();
    assert_eq!(h1, format!("{epic} Epic {HOSTILE}"));
    let comments: String = doc.select(&sel("section article")).flat_map(|e| e.text()).collect();
    assert!(comments.contains(&format!("Comment {HOSTILE} javascript:alert(3)")), "{comments}");
    let doc = Html::parse_document(&pages["roadmap.html"]);
    let titles: Vec<String> = doc.select(&sel(".col article h3 a")).map(|a| a.text().collect()).collect();
    assert!(titles.contains(&format!("R1 Initiative {HOSTILE}")), "{titles:?}");
}

/// A new workspace gives the five top pages, each saying what is not
/// there yet; a file where the folder goes is refused.
#[test]
fn an_empty_workspace_gives_a_site_that_says_what_is_missing() {
    let env = Env::empty();
    let dir = env.dir.path().join("site");
    let built = build(&env, &dir, &[]);
    assert_eq!(built["pages"], 5, "{built}");
    let pages = site(&dir);
    let text = |p: &str| Html::parse_document(&pages[p]).root_element().text().collect::<String>();
    assert!(text("index.html").contains("No product vision has been written yet."));
    assert_eq!(text("roadmap.html").matches("Nothing planned.").count(), 3);
    assert!(text("releases.html").contains("No release to ship."));
    assert!(text("sprints.html").contains("Velocity shows once a sprint has closed."));
    assert!(text("changelog.html").contains("Nothing done yet."));
    for (name, html) in &pages {
        assert!(Html::parse_document(html).errors.is_empty(), "{name}");
        assert!(!html.contains("<p class=\"sub\"></p>"), "{name}: no empty line");
    }
    let file = env.dir.path().join("a-file");
    std::fs::write(&file, "mine").unwrap();
    let out = env.command().args(["site", file.to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a folder"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

/// Pages and TUI draw the same span, and counts agree in number.
#[test]
fn the_pages_count_in_number_and_charts_span_the_sprint() {
    let env = Env::demo();
    let dir = env.dir.path().join("site");
    build(&env, &dir, &[]);
    let pages = site(&dir);
    for (name, html) in &pages {
        for wrong in ["1 stories", "1 items", "1 open items", "1 pages", "1 initiatives", "1 stories done"] {
            assert!(!html.contains(&format!(">{wrong}")) && !html.contains(&format!(" {wrong}")), "{name}: {wrong}");
        }
    }
    let doc = Html::parse_document(&pages["sprint-23.html"]);
    let caption: String = doc.select(&sel("figure figcaption")).next().unwrap().text().collect();
    let ws = env.read();
    let s = ws.active_sprint().unwrap();
    assert!(caption.contains(&format!("the ideal line reaches 0 on {}", s.end)), "{caption}");
}

#[test]
fn public_leaves_out_names_comments_and_internal_work() {
    let env = Env::demo();
    let ws = env.read();
    let key = |k: &str| ws.item_by_key(k).unwrap();
    // A story marked internal; an epic marked internal (its stories go
    // with it); an initiative whose theme is internal; a comment.
    env.cli(&["edit", "TAN-9", "--label", "Internal"]);
    env.cli(&["edit", "TAN-13", "--label", "internal"]);
    env.cli(&["--role", "pm", "roadmap", "edit", "R8", "--theme", "internal"]);
    env.cli(&["comment", "TAN-4", "Only the team reads this remark"]);
    let secret_story = key("TAN-9").title.clone();
    let secret_epic = key("TAN-13").title.clone();
    let secret_children: Vec<String> =
        ws.live_items().filter(|i| i.parent == Some(key("TAN-13").meta.id)).map(|i| i.title.clone()).collect();
    assert!(!secret_children.is_empty(), "the epic has stories");
    let secret_initiative = ws.roadmap.iter().find(|i| i.key == "R8").unwrap().title.clone();
    let people: Vec<String> = ws.live_items().filter_map(|i| i.assignee.clone()).collect();
    assert!(people.len() >= 3, "the demo assigns work: {people:?}");
    let mut secrets = vec![secret_story, secret_epic, secret_initiative, "Only the team reads this remark".to_owned()];
    secrets.extend(secret_children);
    let text = |pages: &BTreeMap<String, String>| -> String {
        pages.values().map(|h| Html::parse_document(h).root_element().text().collect::<String>()).collect()
    };

    let inside = env.dir.path().join("inside");
    build(&env, &inside, &[]);
    let all = text(&site(&inside));
    for s in secrets.iter().chain(&people) {
        assert!(all.contains(s.as_str()), "inside the team the site shows {s:?}");
    }

    let outside = env.dir.path().join("outside");
    let built = build(&env, &outside, &["--public"]);
    assert_eq!(built["public"], true);
    let pages = site(&outside);
    assert!(!pages.contains_key("epic-tan-13.html"), "no page for internal work");
    assert!(!pages.contains_key("initiative-r8.html"), "no page for an internal initiative");
    let all = text(&pages);
    for s in &secrets {
        assert!(!all.contains(s.as_str()), "--public leaves out {s:?}");
    }
    for p in &people {
        assert!(!all.to_lowercase().contains(&p.to_lowercase()), "--public leaves out the name {p:?}");
    }
    assert!(!all.contains("Assignee") && !all.contains("Comments"), "no columns or sections for them");
    assert!(all.contains("people's names, comments and internal work are left out"), "each page says so");
}

#[test]
fn the_same_workspace_gives_the_same_bytes_and_only_changed_pages_are_written() {
    let env = Env::demo();
    let dir = env.dir.path().join("site");
    let first = build(&env, &dir, &["--as-of", "2026-11-18"]);
    let before = site(&dir);
    assert_eq!(names(&first["written"]).len(), before.len());
    // Someone's own file in the folder, and a manifest line that names a
    // file outside it: neither is the site's to remove.
    std::fs::write(dir.join("CNAME"), "plans.example.com\n").unwrap();
    std::fs::write(env.dir.path().join("outside.html"), "mine").unwrap();
    let manifest = dir.join(".backlog-site");
    let listed = std::fs::read_to_string(&manifest).unwrap();
    assert_eq!(listed.lines().count(), before.len());
    std::fs::write(&manifest, format!("{listed}../outside.html\n")).unwrap();
    let stamp = |f: &str| std::fs::metadata(dir.join(f)).unwrap().modified().unwrap();
    let index_time = stamp("index.html");

    let again = build(&env, &dir, &["--as-of", "2026-11-18"]);
    assert!(names(&again["written"]).is_empty(), "nothing changed, nothing written: {again}");
    assert_eq!(again["unchanged"].as_u64().unwrap() as usize, before.len());
    assert_eq!(site(&dir), before, "the same bytes");
    assert_eq!(stamp("index.html"), index_time, "untouched");

    // One story's title: the pages that show it change, the vision does not.
    let ws = env.read();
    let story = ws.item_by_key("TAN-7").unwrap();
    let epic = ws.item(story.parent.unwrap()).unwrap().key.to_lowercase();
    env.cli(&["edit", "TAN-7", "--title", "Manager approval, renamed"]);
    let third = build(&env, &dir, &["--as-of", "2026-11-18"]);
    let written = names(&third["written"]);
    for page in [format!("epic-{epic}.html"), "initiative-r1.html".to_owned(), "sprint-23.html".to_owned()] {
        assert!(written.contains(&page), "{page} shows the story: {written:?}");
    }
    for page in ["index.html", "changelog.html", "sprint-22.html"] {
        assert!(!written.contains(&page.to_owned()), "{page} does not show it: {written:?}");
    }
    assert_eq!(stamp("index.html"), index_time);

    // An epic deleted: its page goes, nothing else does.
    env.cli(&["rm", &epic.to_uppercase()]);
    let fourth = build(&env, &dir, &["--as-of", "2026-11-18"]);
    assert_eq!(names(&fourth["removed"]), vec![format!("epic-{epic}.html")]);
    assert!(!dir.join(format!("epic-{epic}.html")).exists());
    assert!(dir.join("CNAME").exists(), "someone's own file stays");
    assert_eq!(std::fs::read_to_string(env.dir.path().join("outside.html")).unwrap(), "mine", "outside stays");
    assert!(!std::fs::read_to_string(&manifest).unwrap().contains("outside"), "the manifest is rewritten");
}

#[test]
fn a_symbolic_link_where_a_page_goes_is_refused() {
    let env = Env::demo();
    let dir = env.dir.path().join("site");
    std::fs::create_dir_all(&dir).unwrap();
    let target = env.dir.path().join("precious.txt");
    std::fs::write(&target, "keep me").unwrap();
    std::os::unix::fs::symlink(&target, dir.join("roadmap.html")).unwrap();
    let out = env.command().args(["site", dir.to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
}

#[test]
fn a_file_the_site_did_not_make_is_not_replaced() {
    let env = Env::demo();
    let dir = env.dir.path().join("docs");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<h1>Our project's own docs</h1>").unwrap();
    let out = env.command().args(["site", dir.to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("index.html") && said.contains("did not make"), "{said}");
    assert_eq!(std::fs::read_to_string(dir.join("index.html")).unwrap(), "<h1>Our project's own docs</h1>");
    assert!(!dir.join("roadmap.html").exists(), "nothing written when anything is refused");
}

/// A first build cut short (the disk full at one page's rename) leaves its
/// list claiming every page, so the next build finishes the site instead
/// of taking the pages written so far for someone else's.
#[test]
fn a_build_cut_short_is_finished_by_the_next() {
    use backlog::store::export::site::{self, Page};
    use backlog::store::{demo, fsio};
    struct DiskFullAt(&'static str);
    impl fsio::FileSystem for DiskFullAt {
        fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
            if to.ends_with(self.0) {
                return Err(std::io::Error::from_raw_os_error(28));
            }
            std::fs::rename(from, to)
        }
    }
    let ws = demo::workspace(demo::ANCHOR.and_hms_opt(12, 0, 0).unwrap().and_utc());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let pages = site::pages(&ws, demo::ANCHOR, None, false);
    let failed = fsio::with_layer(std::sync::Arc::new(DiskFullAt("roadmap.html")), || site::write(&dir, &pages));
    assert!(failed.is_err(), "the build stops at the page it cannot write");
    assert!(dir.join("index.html").exists() && !dir.join("roadmap.html").exists(), "cut short");
    // The next build, with every page's bytes changed, finishes it.
    let next: Vec<Page> = pages
        .iter()
        .map(|p| Page { file: p.file.clone(), html: p.html.replace("Made with backlog", "Made again with backlog") })
        .collect();
    let done = site::write(&dir, &next).expect("the next build finishes");
    assert_eq!(done.written.len(), pages.len());
    assert_eq!(site(&dir).len(), pages.len());
}

/// The demo's site, on the demo's own day, held to files in
/// tests/golden/site (`BLESS=1` writes them after a deliberate change).
#[test]
fn the_demo_site_matches_its_golden_files() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("demo.json");
    std::fs::write(&ws, backlog::store::demo::JSON).unwrap();
    let out = dir.path().join("site");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_backlog"))
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env_remove("BACKLOG_WORKSPACE")
        .args(["--workspace", ws.to_str().unwrap(), "site", out.to_str().unwrap()])
        .args(["--as-of", &backlog::store::demo::ANCHOR.to_string()])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let made = site(&out);
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/site");
    if std::env::var_os("BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&golden);
        std::fs::create_dir_all(&golden).unwrap();
        for (name, html) in &made {
            std::fs::write(golden.join(name), html).unwrap();
        }
    }
    let want = site(&golden);
    assert_eq!(made.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>(), "the same pages");
    for (name, html) in &made {
        assert!(
            html == &want[name],
            "{name} differs from tests/golden/site/{name} (BLESS=1 after a deliberate change)"
        );
    }
}

#[test]
fn the_changelog_names_the_commits_and_public_leaves_out_their_authors() {
    if !common::repo::have_git() {
        eprintln!("skipping: no git");
        return;
    }
    let repo = common::repo::Repo::new();
    repo.bl(&["edit", "BL-1", "--status", "done"]);
    repo.commit("plan");
    repo.commit_as("Ada Lovelace", "BL-1: sign-up form <b>escaped</b>");
    let dir = repo.dir.join("public-site");
    let v: serde_json::Value = serde_json::from_str(&repo.bl(&["--json", "site", dir.to_str().unwrap()])).unwrap();
    assert_eq!(v["commits"], true, "{v}");
    let page = std::fs::read_to_string(dir.join("changelog.html")).unwrap();
    let doc = Html::parse_document(&page);
    let log: String = doc.select(&sel("ul.log")).flat_map(|e| e.text()).collect();
    assert!(log.contains("BL-1") && log.contains("BL-1: sign-up form <b>escaped</b>"), "{log}");
    assert!(log.contains("Ada Lovelace"), "inside the team, who: {log}");
    repo.bl(&["site", dir.to_str().unwrap(), "--public"]);
    let page = std::fs::read_to_string(dir.join("changelog.html")).unwrap();
    assert!(page.contains("sign-up form") && !page.contains("Ada Lovelace"), "{page}");
}

type Lines = std::io::Lines<BufReader<Box<dyn std::io::Read + Send>>>;

/// `site DIR --watch` running, with its output and its errors a line at a
/// time.
fn watcher(env: &Env, dir: &Path) -> (std::process::Child, Lines, Lines) {
    let mut child = env
        .command()
        .args(["site", dir.to_str().unwrap(), "--watch"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out: Box<dyn std::io::Read + Send> = Box::new(child.stdout.take().unwrap());
    let err: Box<dyn std::io::Read + Send> = Box::new(child.stderr.take().unwrap());
    (child, BufReader::new(out).lines(), BufReader::new(err).lines())
}

/// The next line of `lines` that holds `want` (waiting for it: the
/// watcher prints as it builds).
fn next(lines: &mut Lines, want: &str) -> String {
    loop {
        let line = lines.next().expect("the watcher still prints").unwrap();
        if line.contains(want) {
            return line;
        }
    }
}

/// `--watch` builds, then builds again when the workspace is saved: the
/// test reads its output a line at a time (waiting for the lines, not for
/// a time) and then the page.
#[test]
fn watch_rebuilds_the_site_on_every_save() {
    let env = Env::demo();
    let dir = env.dir.path().join("site");
    let (mut child, mut out, _err) = watcher(&env, &dir);
    let mut next_line = |want: &str| next(&mut out, want);
    let first = next_line("site:");
    assert!(first.contains("0 unchanged"), "{first}");
    next_line("watching");
    env.cli(&["edit", "TAN-7", "--title", "Renamed while the site watches"]);
    let second = next_line("site:");
    next_line("watching");
    let _ = child.kill();
    let _ = child.wait();
    assert!(second.contains("written") && !second.contains(" 0 written"), "{second}");
    let page = std::fs::read_to_string(dir.join("sprint-23.html")).unwrap();
    assert!(page.contains("Renamed while the site watches"), "the page has the save");
}

/// A workspace that stops parsing is said once and waited out (the last
/// good site stays); the next good save is built.
#[test]
fn watch_waits_out_a_file_that_does_not_parse() {
    let env = Env::demo();
    let dir = env.dir.path().join("site");
    let (mut child, mut out, mut err) = watcher(&env, &dir);
    next(&mut out, "watching");
    let good = std::fs::read_to_string(&env.ws).unwrap();
    let title = env.read().item_by_key("TAN-7").unwrap().title.clone();
    // Each file whole at once (written beside, renamed over), as an editor
    // or git puts it there: the watcher never reads half of one.
    let replace = |text: &str| {
        let tmp = env.dir.path().join("next.json");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &env.ws).unwrap();
    };
    replace("{ not json");
    let said = next(&mut err, "warning:");
    assert!(said.contains("the site waits for the next save"), "{said}");
    assert!(dir.join("index.html").exists(), "the last good site stays");
    // A good file again, with a story renamed by hand.
    replace(&good.replace(&title, "Renamed by hand"));
    let built = next(&mut out, "site:");
    let _ = child.kill();
    let _ = child.wait();
    assert!(!built.contains(" 0 written"), "{built}");
    assert!(std::fs::read_to_string(dir.join("sprint-23.html")).unwrap().contains("Renamed by hand"));
    // Said once: what stderr holds after the kill is no second warning.
    let rest: Vec<String> = err.map_while(Result::ok).filter(|l| l.contains("warning:")).collect();
    assert!(rest.is_empty(), "one warning for one broken file: {rest:?}");
}

/// WCAG AA: the text colours the pages' CSS sets on their backgrounds
/// have a contrast of at least 4.5:1.
#[test]
fn the_text_colours_pass_wcag_aa_contrast() {
    let env = Env::demo();
    let dir = env.dir.path().join("site");
    build(&env, &dir, &[]);
    let page = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let css = &page[page.find("<style>").unwrap()..page.find("</style>").unwrap()];
    let vars: BTreeMap<String, String> = css[css.find(":root{").unwrap() + 6..]
        .split('}')
        .next()
        .unwrap()
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let colour = |v: &str| -> String {
        let v = v.trim();
        match v.strip_prefix("var(").and_then(|r| r.strip_suffix(')')) {
            Some(name) => vars[name].clone(),
            None => v.to_owned(),
        }
    };
    let (ink, dim, bg, card, acc) =
        (colour("var(--ink)"), colour("var(--dim)"), colour("var(--bg)"), colour("var(--card)"), colour("var(--acc)"));
    let mut pairs = vec![
        (ink.clone(), bg.clone()),
        (ink, card.clone()),
        (dim.clone(), bg.clone()),
        (dim, card.clone()),
        (acc.clone(), bg),
        (acc, card),
    ];
    // Every rule that sets both a colour and a background.
    for rule in css.split('}') {
        let decls: BTreeMap<&str, &str> =
            rule.split('{').nth(1).unwrap_or("").split(';').filter_map(|d| d.split_once(':')).collect();
        if let (Some(fg), Some(bgc)) = (decls.get("color"), decls.get("background")) {
            pairs.push((colour(fg), colour(bgc)));
        }
    }
    assert!(pairs.len() >= 9, "{pairs:?}");
    for (fg, bgc) in pairs {
        let r = contrast(&fg, &bgc);
        assert!(r >= 4.5, "{fg} on {bgc}: {r:.2}:1, under 4.5:1");
    }
}

fn contrast(a: &str, b: &str) -> f64 {
    fn lum(h: &str) -> f64 {
        let h = h.trim_start_matches('#');
        let h: String = if h.len() == 3 { h.chars().flat_map(|c| [c, c]).collect() } else { h.to_owned() };
        let ch = |i: usize| {
            let c = f64::from(u8::from_str_radix(&h[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * ch(0) + 0.7152 * ch(2) + 0.0722 * ch(4)
    }
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The pages in a real browser at a desktop's and a phone's width (runs
/// when Chromium is installed, and says it skipped when not).
#[test]
fn pages_render_in_headless_chromium_at_desktop_and_phone_widths() {
    let Some(chromium) = common::chromium() else {
        eprintln!("skipping: no chromium on PATH to render the pages");
        return;
    };
    let env = Env::demo();
    let dir = env.dir.path().join("site");
    build(&env, &dir, &[]);
    for page in ["index.html", "roadmap.html", "sprint-23.html"] {
        for (w, h) in [(1280, 900), (390, 844)] {
            let shot = env.dir.path().join(format!("{page}-{w}.png"));
            let out = std::process::Command::new(chromium)
                .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"])
                .arg(format!("--window-size={w},{h}"))
                .arg(format!("--screenshot={}", shot.display()))
                .arg(format!("file://{}", dir.join(page).display()))
                .env("HOME", env.dir.path())
                .output()
                .unwrap();
            assert!(out.status.success(), "{page} at {w}: {}", String::from_utf8_lossy(&out.stderr));
            let png = std::fs::read(&shot).unwrap();
            assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "{page} at {w}: a real screenshot");
        }
    }
}

/// An epic's and an initiative's page give the dates `backlog forecast`
/// gives (the site finds each way of counting's pace once, then runs the
/// same trials).
#[test]
fn the_pages_forecasts_are_backlog_forecasts() {
    use backlog::domain::forecast::{self, Options, Target};
    use backlog::store::{demo, export::site};
    let ws = demo::workspace(demo::ANCHOR.and_hms_opt(12, 0, 0).unwrap().and_utc());
    let pages = site::pages(&ws, demo::ANCHOR, None, false);
    let tags = |file: &str| -> Vec<String> {
        let page = pages.iter().find(|p| p.file == file).unwrap_or_else(|| panic!("{file}"));
        let doc = Html::parse_document(&page.html);
        doc.select(&sel("section.card .fc .tag")).map(|t| t.text().collect()).collect()
    };
    let epic = ws.item_by_key("TAN-4").unwrap().meta.id;
    let r1 = ws.roadmap.iter().find(|i| i.key == "R1").unwrap().meta.id;
    for (file, target) in [("epic-tan-4.html", Target::Epic(epic)), ("initiative-r1.html", Target::Initiative(r1))] {
        let f = forecast::forecast(&ws, target, demo::ANCHOR, Options::default()).expect("the demo has history");
        let want: Vec<String> =
            [50, 85, 95].iter().zip(f.dates).map(|(p, d)| format!("{p}% {}", d.expect("within reach"))).collect();
        assert_eq!(tags(file), want, "{file}");
    }
}
