//! The board and the palette earn their space: cards show who is on the
//! work, columns no row fills give their width to the titles, and the
//! palette writes every export the CLI has, byte for byte as the CLI does.

mod common;
mod tui_common;

use backlog::domain::command::{ItemPatch, NewItem};
use backlog::domain::{Command, Ctx, IdGen, Role, Workspace, apply};
use backlog::tui::app::App;
use backlog::tui::state::Level;
use ratatui::crossterm::event::KeyCode;
use tui_common::*;

/// The header row of the Backlog list.
fn header(a: &mut App, w: u16, h: u16) -> String {
    render(a, w, h).lines().nth(2).unwrap_or_default().to_owned()
}

#[test]
fn board_cards_show_the_assignee_not_the_owning_role() {
    let mut a = app();
    typ(&mut a, "4");
    let s = render(&mut a, 80, 24);
    // TAN-7 is Jonas's; TAN-18 nobody's yet.
    assert!(s.contains("│TAN-7 5p @jonas   │"), "{s}");
    assert!(s.contains("│TAN-18 5p         │"), "an unassigned card says nothing: {s}");
    assert!(!s.lines().any(|l| l.contains("5p PO") || l.contains("8p PO")), "no owning role on cards: {s}");
}

/// A workspace as an import leaves it: stories owned by the PO, in no
/// sprint, under no initiative, assigned to nobody.
fn imported() -> Workspace {
    imported_n(30)
}

fn imported_n(n: usize) -> Workspace {
    let mut ws = empty_ws();
    let mut ctx = Ctx::new(now(), Role::Po);
    ctx.ids = IdGen::sequential();
    ctx.confirmed = true;
    for i in 1..=n {
        let title = format!("As a venue manager I want imported story number {i} so that it is long enough to be cut");
        let item = NewItem { title, estimate: Some(3), ..Default::default() };
        apply(&mut ws, Command::AddItem(Box::new(item)), &mut ctx).expect("added");
    }
    ws
}

#[test]
fn columns_no_row_fills_give_their_width_to_the_titles() {
    let mut a = app_on(imported(), Role::Po);
    let head = header(&mut a, 80, 24);
    assert_eq!(
        head.trim_end_matches(['│', '"']).trim_end(),
        " 2 \"│KEY      KIND  TITLE                                           PTS STATUS"
    );
    let row = render(&mut a, 80, 24).lines().nth(3).unwrap().to_owned();
    assert!(row.contains("│BL-1     story As a venue manager I want imported story numbe…   3 new"), "{row}");
    insta::assert_snapshot!("quiet_columns_80x24", render(&mut a, 80, 24));

    // One item in a sprint: the column is back, for every row.
    let sprint = backlog::domain::command::NewSprint { name: Some("S1".into()), ..Default::default() };
    a.apply(Command::AddSprint(sprint), false);
    let s1 = a.ws.sprints[0].meta.id;
    let bl30 = item(&a, "BL-30").meta.id;
    let patch = ItemPatch { sprint: Some(Some(s1)), ..ItemPatch::default() };
    a.apply(Command::EditItem { id: bl30, patch: Box::new(patch) }, false);
    let head = header(&mut a, 80, 24);
    assert!(head.contains("SPRINT") && !head.contains("INIT") && !head.contains(" BY "), "{head}");

    // Wide, the columns keep their places: the titles have room there.
    let wide = header(&mut a, 160, 48);
    assert!(wide.contains(" BY ") && wide.contains("INIT") && wide.contains("WHO"), "{wide}");
    insta::assert_snapshot!("quiet_columns_160x48", render(&mut a, 160, 48));

    // A filter that leaves no sprint on any row drops it again.
    typ(&mut a, "/sprint:none");
    key(&mut a, KeyCode::Enter);
    assert!(!header(&mut a, 80, 24).contains("SPRINT"));
}

/// Past 2,000 rows the list keeps its columns rather than look through
/// every row at every frame.
#[test]
fn a_list_longer_than_the_scan_keeps_its_columns() {
    let mut a = app_on(imported_n(2_001), Role::Po);
    let head = header(&mut a, 80, 24);
    assert!(head.contains(" BY ") && head.contains("SPRINT") && head.contains("INIT"), "{head}");
    typ(&mut a, "/-2001");
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.state.backlog.list.len(), 2_000, "{:?}", a.state.message);
    let head = header(&mut a, 80, 24);
    assert!(!head.contains(" BY ") && !head.contains("SPRINT"), "{head}");
}

/// The demo at 80 columns: every item is the PO's, so BY says nothing; a
/// named view that asks for BY keeps it.
#[test]
fn a_column_a_named_view_asks_for_stays() {
    let mut a = app();
    let head = header(&mut a, 80, 24);
    assert!(!head.contains(" BY ") && head.contains("SPRINT") && head.contains("INIT"), "{head}");
    a.state.backlog.columns = vec!["by".into(), "sprint".into()];
    let head = header(&mut a, 80, 24);
    assert!(head.contains(" BY ") && head.contains("SPRINT") && !head.contains("INIT"), "{head}");
}

/// Every export the CLI has, run from the palette: the file beside the
/// workspace holds what `backlog export` prints, byte for byte, and the
/// status line says where it is.
#[test]
fn the_palette_writes_every_export_format_as_the_cli_does() {
    let env = common::pty::Env::demo();
    let store = backlog::store::Store::open(&env.ws, Role::Po).expect("the workspace opens");
    let today = chrono::Utc::now().date_naive();
    let mut a = backlog::tui::build_app(&store, &backlog::config::Config::default(), Role::Po, today).expect("app");
    resize(&mut a, 80, 24);
    let dir = env.ws.parent().unwrap().to_owned();
    let run = |a: &mut App, action: &str, file: &str| -> Vec<u8> {
        typ(a, &format!(":{action}"));
        key(a, KeyCode::Enter);
        let path = dir.join(file);
        let (msg, level) = a.state.message.clone().expect("a message");
        assert_eq!(level, Level::Info, "{msg}");
        assert!(msg.starts_with(&format!("Exported to {}", path.display())), "{msg}");
        std::fs::read(&path).unwrap_or_else(|e| panic!("{action}: {} not written: {e}", path.display()))
    };
    let cli = |args: &[&str]| env.cli(args).into_bytes();
    for (doc, format, ext) in [
        ("roadmap", "md", "md"),
        ("roadmap", "html", "html"),
        ("roadmap", "json", "json"),
        ("vision", "md", "md"),
        ("vision", "html", "html"),
        ("vision", "json", "json"),
    ] {
        let action = if format == "md" { format!("export_{doc}") } else { format!("export_{doc}_{format}") };
        let written = run(&mut a, &action, &format!("backlog-{doc}.{ext}"));
        assert_eq!(written, cli(&["export", doc, "--format", format]), "{action}");
    }
    // The sprint shown: Sprint 23, the active one. (Markdown and HTML
    // carry today's date, so JSON is compared whole.)
    let written = run(&mut a, "export_sprint_json", "backlog-sprint-23.json");
    assert_eq!(written, cli(&["export", "sprint", "Sprint 23", "--format", "json"]));
    let md = String::from_utf8(run(&mut a, "export_sprint", "backlog-sprint-23.md")).unwrap();
    assert!(md.contains("Sprint 23"), "{md}");
    let html = String::from_utf8(run(&mut a, "export_sprint_html", "backlog-sprint-23.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"), "{html}");

    // The backlog: all of it, done work too, as `export backlog`...
    for (format, action) in
        [("json", "export_backlog_json"), ("csv", "export_backlog_csv"), ("md", "export_backlog_md")]
    {
        let written = run(&mut a, action, &format!("backlog-backlog.{format}"));
        assert_eq!(written, cli(&["export", "backlog", "--format", format]), "{action}");
    }
    // ...or what the filter finds, as `--where`.
    typ(&mut a, "3/datev");
    key(&mut a, KeyCode::Enter);
    let written = run(&mut a, "export_backlog_csv", "backlog-backlog.csv");
    assert_eq!(written, cli(&["export", "backlog", "--format", "csv", "--where", "datev"]));
    let (msg, _) = a.state.message.clone().unwrap();
    assert!(msg.ends_with("items matching datev)"), "{msg}");
}

/// A filter that cannot be read exports nothing and says why.
#[test]
fn a_backlog_export_with_a_broken_filter_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app();
    a.workspace_path = Some(dir.path().join("team.json"));
    typ(&mut a, "/pts:>>5");
    key(&mut a, KeyCode::Enter);
    typ(&mut a, ":export_backlog_json");
    key(&mut a, KeyCode::Enter);
    let (msg, level) = a.state.message.clone().unwrap();
    assert_eq!(level, Level::Error, "{msg}");
    assert!(msg.starts_with("Not exported: the filter \"pts:>>5\" cannot be read"), "{msg}");
    assert!(!dir.path().join("team-backlog.json").exists());
}
