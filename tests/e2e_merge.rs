//! Another session's save meets the TUI's own edits, end to end: the TUI
//! runs in a real pty, the CLI edits the same file, and the tests read the
//! file on disk after the TUI quits. Nothing either saved is lost: undo
//! leaves the CLI's later edit alone, and an edit form merges with what
//! changed while it was open.

mod common;

use common::pty::*;
use std::time::Instant;

/// The first row of the backlog is selected when the TUI opens.
fn first_key(env: &Env) -> String {
    ranked_keys(&env.read())[0].clone()
}

#[test]
fn undo_after_a_cli_edit_takes_back_only_the_undone_move() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let key = first_key(&env);
    let rank = env.read().item_by_key(&key).unwrap().rank.clone();
    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);
    assert_eq!(tui.screen(selected).map(|(k, _)| k), Some(key.clone()));

    tui.send("J");
    tui.wait_for("the move, saved", |s| row_of(s, &key) != Some(3) && status(s).contains("│ saved "));
    assert_ne!(env.read().item_by_key(&key).unwrap().rank, rank);

    env.cli(&["edit", &key, "--title", "Renamed from the CLI", "--points", "13", "--label", "cli"]);
    tui.wait_for("the CLI's edit on screen", |s| row_text(s, &key).is_some_and(|l| l.contains("Renamed from the CLI")));

    tui.send("u");
    tui.wait_for("the undo, saved", |s| status(s).contains("Undone") && status(s).contains("│ saved "));
    tui.send("q");
    let (status, _) = tui.wait_exit(LIMIT);
    assert!(status.success(), "{status:?}");

    let ws = env.read();
    let it = ws.item_by_key(&key).unwrap();
    assert_eq!(it.rank, rank, "the move is undone");
    assert_eq!(it.title, "Renamed from the CLI", "the CLI's later title stays");
    assert_eq!(it.estimate, Some(13));
    assert!(it.labels.contains(&"cli".to_owned()));
    assert!(ws.open_conflicts().next().is_none());
    report("undo_after_cli_edit", start);
}

#[test]
fn an_edit_form_merges_with_what_the_cli_saved_while_it_was_open() {
    let _serial = serial();
    let start = Instant::now();
    let env = Env::demo();
    let key = first_key(&env);
    let original = env.read().item_by_key(&key).unwrap().title.clone();
    let mut tui = env.tui(&[]);
    tui.wait_for("the backlog", ready);

    // A field only the CLI changes survives the form.
    tui.send("e");
    tui.wait_for("the edit form", |s| s.contents().contains(&format!("Edit {key}")));
    env.cli(&["edit", &key, "--points", "13"]);
    tui.wait_for("the sync", |s| status(s).contains("another session"));
    tui.send("\x15Title from the form\r");
    // The status line, not the row: while the form is open, its title
    // field shares a screen line with the item's row.
    let done = format!("Updated {key} (title)");
    tui.wait_for("the form's edit, saved", |s| status(s).contains(&done) && status(s).contains("│ saved "));
    let it = env.read().item_by_key(&key).unwrap().clone();
    assert_eq!((it.title.as_str(), it.estimate), ("Title from the form", Some(13)));

    // A field both change: the form's value stays, both are recorded.
    tui.send("e");
    tui.wait_for("the edit form", |s| s.contents().contains(&format!("Edit {key}")));
    env.cli(&["edit", &key, "--title", "Title from the CLI"]);
    // Whether the TUI has heard of the CLI's save yet or not, the form's
    // edit meets it: in the TUI's copy or in the saver's.
    tui.send("\x15Second title from the form\r");
    tui.wait_for("the conflict, saved", |s| status(s).contains("changed meanwhile") || status(s).contains("conflict"));
    tui.wait_for("saved", |s| status(s).contains("│ saved "));
    tui.send("q");
    let (status, _) = tui.wait_exit(LIMIT);
    assert!(status.success(), "{status:?}");

    let ws = env.read();
    let it = ws.item_by_key(&key).unwrap();
    assert_eq!(it.title, "Second title from the form");
    let c: Vec<_> = ws.open_conflicts().collect();
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].field, "title");
    assert_eq!(c[0].base, serde_json::Value::from("Title from the form"));
    assert_eq!(c[0].ours, serde_json::Value::from("Second title from the form"));
    assert_eq!(c[0].theirs, serde_json::Value::from("Title from the CLI"));
    assert_ne!(original, it.title);
    report("form_merges_with_cli", start);
}

/// The `$EDITOR` round trip keeps the item as the editor got it as its
/// base: the "editor" here first has the CLI change the same description
/// and another field, as a colleague would while the editor is open.
#[test]
fn the_editor_round_trip_merges_with_what_the_cli_saved_meanwhile() {
    let _serial = serial();
    let env = Env::demo();
    let key = first_key(&env);
    let editor = env.dir.path().join("editor.sh");
    let cli =
        format!("'{}' --workspace '{}' edit {key} --description 'From the CLI' --points 13", BIN, env.ws.display());
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nset -e\nHOME='{home}' XDG_DATA_HOME='{home}/data' XDG_CONFIG_HOME='{home}/config' {cli} >/dev/null\n\
             sed -i -e '/^## Description$/,/^## Acceptance criteria$/{{/^## /!d}}' \
             -e 's/^## Description$/&\\n\\nFrom the editor.\\n/' \"$1\"\n",
            home = env.dir.path().display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut tui = env.tui(&[("EDITOR", editor.to_str().unwrap())]);
    tui.wait_for("the backlog", ready);
    tui.send("E");
    tui.wait_for("the conflict, saved", |s| {
        (status(s).contains("changed meanwhile") || status(s).contains("conflicting")) && status(s).contains("│ saved ")
    });
    tui.send("q");
    let (code, _) = tui.wait_exit(LIMIT);
    assert!(code.success(), "{code:?}");

    let ws = env.read();
    let it = ws.item_by_key(&key).unwrap();
    assert_eq!(it.description, "From the editor.", "the editor's text stays");
    assert_eq!(it.estimate, Some(13), "the CLI's estimate, untouched by the editor, stays");
    let c: Vec<_> = ws.open_conflicts().collect();
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].field, "description");
    assert_eq!(c[0].theirs, serde_json::Value::from("From the CLI"));
    assert_eq!(c[0].ours, serde_json::Value::from("From the editor."));
}
