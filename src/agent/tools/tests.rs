use super::*;

fn args(v: Value) -> Map<String, Value> {
    v.as_object().cloned().expect("an object")
}

#[test]
fn every_tool_is_made_from_a_real_command_and_says_what_it_takes() {
    for t in TOOLS {
        let schema = t.input_schema(false);
        assert_eq!(schema["type"], "object", "{}", t.name);
        assert_eq!(schema["additionalProperties"], false, "{}", t.name);
        for (name, p) in schema["properties"].as_object().expect("properties") {
            let d = p["description"].as_str().unwrap_or_default();
            assert!(!d.is_empty(), "{}.{name} has no description", t.name);
        }
        assert!(t.description.len() > 40, "{} needs a description", t.name);
    }
}

#[test]
fn parameters_come_from_clap_with_their_types() {
    let add = find("add_item").unwrap().input_schema(false);
    let p = &add["properties"];
    assert_eq!(p["title"]["type"], "string", "a title is one string, not words");
    assert_eq!(p["ac"]["type"], "array");
    assert_eq!(p["top"]["type"], "boolean");
    assert_eq!(add["required"], json!(["title"]));
    let edit = find("edit_items").unwrap().input_schema(false);
    assert_eq!(edit["properties"]["ac_met"]["items"]["type"], "integer");
    assert_eq!(edit["properties"]["keys"]["type"], "array");
    assert!(edit["properties"]["where"].is_object(), "--where keeps its name");
    // What the server sets is never the agent's to choose.
    for t in TOOLS {
        let schema = t.input_schema(false);
        for global in ["workspace", "role", "json", "demo", "via"] {
            assert!(schema["properties"].get(global).is_none(), "{} offers {global}", t.name);
        }
    }
}

#[test]
fn a_family_offers_its_actions_and_says_which_take_what() {
    let sprint = find("sprint").unwrap().input_schema(false);
    assert_eq!(
        sprint["properties"]["action"]["enum"],
        json!(["list", "show", "burndown", "team", "new", "add", "remove", "start", "close"])
    );
    assert_eq!(sprint["required"], json!(["action"]));
    let force = sprint["properties"]["force"]["description"].as_str().unwrap();
    assert!(force.ends_with("(action: add)"), "{force}");
    let read_only = find("sprint").unwrap().input_schema(true);
    assert_eq!(read_only["properties"]["action"]["enum"], json!(["list", "show", "burndown", "team"]));
    assert!(read_only["properties"].get("force").is_none());
}

#[test]
fn a_call_becomes_the_command_line_a_person_would_type() {
    let t = find("add_item").unwrap();
    let words = t
        .command_line(
            &args(json!({"title": "Export CSV", "ac": ["One row", "Opens"], "top": true, "points": 3})),
            false,
        )
        .unwrap();
    assert_eq!(words, ["add", "--points=3", "--ac=One row", "--ac=Opens", "--top", "--", "Export CSV"]);
    let t = find("sprint").unwrap();
    let words = t.command_line(&args(json!({"action": "add", "keys": ["BL-1", "BL-2"]})), false).unwrap();
    assert_eq!(words, ["sprint", "add", "--", "BL-1", "BL-2"]);
    let t = find("import_preview").unwrap();
    assert_eq!(t.command_line(&args(json!({"file": "x.csv"})), false).unwrap(), ["import", "--dry-run", "--", "x.csv"]);
}

#[test]
fn a_value_cannot_become_an_option() {
    let t = find("comment").unwrap();
    let words = t.command_line(&args(json!({"key": "BL-1", "text": "--workspace /etc/passwd"})), false).unwrap();
    assert_eq!(words, ["comment", "--", "BL-1", "--workspace /etc/passwd"]);
    let t = find("edit_items").unwrap();
    let words = t.command_line(&args(json!({"keys": ["BL-1"], "title": "--role=pm"})), false).unwrap();
    assert_eq!(words, ["edit", "--title=--role=pm", "--", "BL-1"]);
}

#[test]
fn bad_calls_are_refused_with_a_reason() {
    let add = find("add_item").unwrap();
    let e = add.command_line(&args(json!({"title": "x", "workspace": "/tmp/other.json"})), false).unwrap_err();
    assert!(e.contains("no parameter `workspace`"), "{e}");
    let e = add.command_line(&args(json!({})), false).unwrap_err();
    assert!(e.contains("`title` is required"), "{e}");
    let e = add.command_line(&args(json!({"title": "x", "top": "yes"})), false).unwrap_err();
    assert!(e.contains("true or false"), "{e}");
    let e = add.command_line(&args(json!({"title": "x", "points": [1, 2]})), false).unwrap_err();
    assert!(e.contains("not a list"), "{e}");
    let sprint = find("sprint").unwrap();
    let e = sprint.command_line(&args(json!({"keys": ["BL-1"]})), false).unwrap_err();
    assert!(e.contains("`action` is required"), "{e}");
    let e = sprint.command_line(&args(json!({"action": "start", "keys": ["BL-1"]})), false).unwrap_err();
    assert!(e.contains("action start does not take `keys`"), "{e}");
    let e = sprint.command_line(&args(json!({"action": "add", "keys": ["BL-1"]})), true).unwrap_err();
    assert!(e.contains("read-only"), "{e}");
    assert!(find("add_item").unwrap().command_line(&args(json!({"title": "x"})), true).is_err());
}

#[test]
fn a_tool_writes_exactly_when_its_command_does() {
    for t in TOOLS {
        for c in t.commands {
            let dry_run = c.fixed.contains(&"--dry-run");
            assert_eq!(c.writes, crate::cli::envelope::writes(c.path, dry_run), "{} {}", t.name, c.action);
        }
    }
}
