//! Every command's `--json` output held to the published schema
//! (`backlog schema`, assets/cli-schema.json): reads print their shape,
//! writes the envelope, refusals the error with a stable code. A change of
//! shape fails here until the schema says it.

mod common;

use backlog::cli::Cli;
use clap::CommandFactory;
use common::pty::Env;
use serde_json::Value;
use std::process::Stdio;

fn schema() -> Value {
    serde_json::from_str(backlog::cli::envelope::SCHEMA).expect("the schema is JSON")
}

/// Every command path clap knows (`sprint add`), leaves only.
fn command_paths() -> Vec<String> {
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands() {
            let path =
                if prefix.is_empty() { sub.get_name().to_owned() } else { format!("{prefix} {}", sub.get_name()) };
            if sub.has_subcommands() {
                walk(sub, &path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), "", &mut out);
    out
}

/// A validator for what `command` prints (its map entry), or for the error.
fn validator(schema: &Value, def: &Value) -> jsonschema::Validator {
    let mut s = schema.clone();
    let obj = s.as_object_mut().unwrap();
    obj.remove("commands");
    obj.insert("$ref".into(), def.clone());
    jsonschema::validator_for(&s).expect("a valid schema")
}

struct Run {
    env: Env,
    schema: Value,
    checked: Vec<String>,
}

impl Run {
    /// Runs `backlog --json ARGS` as `role`, checks its output against the
    /// entry for `path` (or the error shape when `fails`), returns it.
    fn check(&mut self, path: &str, role: &str, args: &[&str], fails: bool) -> Value {
        self.check_as(path, None, role, args, fails)
    }

    /// [`Run::check`] against a given definition (a dry run prints the
    /// report its command's `$comment` names, not the envelope).
    fn check_as(&mut self, path: &str, def: Option<&str>, role: &str, args: &[&str], fails: bool) -> Value {
        let out = self
            .env
            .command()
            .args(["--json", "--role", role])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("the binary runs");
        let stdout = String::from_utf8(out.stdout).expect("UTF-8");
        assert_eq!(
            !out.status.success(),
            fails,
            "{args:?}: exit {:?}\n{stdout}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let value: Value =
            serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{stdout}"));
        if let Ok(dir) = std::env::var("BACKLOG_JSON_DUMP") {
            let name = format!("{}-{}.json", path.replace(' ', "_"), self.checked.len());
            std::fs::write(std::path::Path::new(&dir).join(name), &stdout).unwrap();
            // Dumping to draft the schema: nothing to hold it to yet.
            self.checked.push(path.to_owned());
            return value;
        }
        let def = if fails {
            Value::from("#/$defs/error")
        } else if let Some(d) = def {
            Value::from(d)
        } else {
            self.schema["commands"][path]["$ref"].clone()
        };
        assert!(def.is_string(), "no schema entry for `{path}`");
        let v = validator(&self.schema, &def);
        let problems: Vec<String> = v.iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(problems.is_empty(), "{args:?} does not follow {def}:\n{}\n{stdout}", problems.join("\n"));
        self.checked.push(path.to_owned());
        value
    }

    fn ok(&mut self, path: &str, args: &[&str]) -> Value {
        self.check(path, "po", args, false)
    }

    fn pm(&mut self, path: &str, args: &[&str]) -> Value {
        self.check(path, "pm", args, false)
    }

    fn refused(&mut self, code: &str, args: &[&str]) -> Value {
        let v = self.check("error", "po", args, true);
        assert_eq!(v["error"]["code"], code, "{args:?}: {v}");
        v
    }
}

#[test]
fn every_command_clap_knows_has_an_entry_in_the_schema() {
    let schema = schema();
    assert!(schema["version"].is_u64(), "the schema carries its version");
    let id = schema["$id"].as_str().unwrap();
    assert!(id.ends_with(&format!("/v{}", schema["version"])), "{id}");
    let map = schema["commands"].as_object().expect("a command map");
    for path in command_paths() {
        let entry = map.get(&path).unwrap_or_else(|| panic!("`{path}` has no entry in assets/cli-schema.json"));
        let target = entry["$ref"].as_str().unwrap_or_else(|| panic!("`{path}`: no $ref"));
        let name = target.trim_start_matches("#/$defs/");
        assert!(schema["$defs"].get(name).is_some(), "`{path}` points at a missing definition {target}");
        // Writes print the envelope; the list in the code and the schema agree.
        let writes = backlog::cli::envelope::WRITES.contains(&path.as_str());
        assert_eq!(name == "envelope", writes, "`{path}`: a write prints the envelope and only a write does");
    }
    for path in map.keys() {
        assert!(command_paths().contains(path), "the schema names `{path}`, which is no command");
    }
    // The schema holds outputs to something: a shape that is off fails.
    let envelope = validator(&schema, &Value::from("#/$defs/envelope"));
    assert!(!envelope.is_valid(&serde_json::json!({"ok": true})), "an envelope without its fields");
    let item = validator(&schema, &Value::from("#/$defs/item"));
    assert!(!item.is_valid(&serde_json::json!({"title": "no key, no id"})));
    let error = validator(&schema, &Value::from("#/$defs/error"));
    assert!(!error.is_valid(&serde_json::json!({"ok": false, "error": {"code": "oops", "message": "x"}})));
    // The codes the code gives are the codes the schema lists.
    let codes = schema["$defs"]["error"]["properties"]["error"]["properties"]["code"]["enum"].as_array().unwrap();
    for code in ["not_found", "invalid", "role_guard", "not_ready", "usage", "workspace_not_found", "error"] {
        assert!(codes.contains(&Value::from(code)), "{code} is not in the schema");
    }
}

#[test]
fn the_schema_command_prints_the_schema() {
    let env = Env::demo();
    let out = env.cli(&["schema"]);
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), schema());
}

#[test]
fn every_command_prints_json_that_follows_the_schema() {
    let env = Env::demo();
    let csv = env.dir.path().join("jira.csv");
    std::fs::write(&csv, "Issue key,Summary,Issue Type,Status,Story Points\nABC-1,Imported one,Story,To Do,3\n")
        .unwrap();
    let csv = csv.to_str().unwrap().to_owned();
    let git = common::repo::have_git();
    if git {
        let ok = std::process::Command::new("git").args(["init", "-q"]).current_dir(env.dir.path()).status().unwrap();
        assert!(ok.success());
    }
    let mut r = Run { env, schema: schema(), checked: Vec::new() };

    // Reads.
    let list = r.ok("list", &["list"]);
    let first = list[0]["key"].as_str().unwrap().to_owned();
    r.ok("list", &["list", "--all", "--sort", "points:desc", "--where", "kind:story"]);
    let two = r.ok("list", &["list", "--limit", "2"]);
    assert_eq!(two.as_array().unwrap().len(), 2);
    assert_eq!(two[0]["key"], first.as_str(), "the first two, in rank order");
    r.ok("show", &["show", &first]);
    let epic = r.ok("list", &["list", "--where", "kind:epic"])[0]["key"].as_str().unwrap().to_owned();
    r.ok("show", &["show", &epic]);
    r.ok("view list", &["view", "list"]);
    r.ok("vision show", &["vision", "show"]);
    r.ok("goal list", &["goal", "list"]);
    r.ok("roadmap list", &["roadmap", "list"]);
    r.ok("sprint list", &["sprint", "list"]);
    r.ok("sprint show", &["sprint", "show"]);
    r.ok("sprint burndown", &["sprint", "burndown"]);
    r.ok("settings show", &["settings", "show"]);
    r.ok("check", &["check"]);
    r.ok("whoami", &["whoami"]);
    // From the demo's three closed sprints; a range that cannot be is refused.
    let f = r.ok("forecast", &["forecast", &epic]);
    assert_eq!(f["finish"]["sampled"].as_array().map(Vec::len), Some(3), "{f}");
    let e = r.refused("cannot_forecast", &["forecast", &epic, "--velocity", "30-20"]);
    assert!(e["error"]["message"].as_str().unwrap().contains("low end at most its high end"), "{e}");
    let f = r.ok("forecast", &["forecast", &epic, "--velocity", "20-30"]);
    assert!(f["finish"]["p85"]["date"].is_string(), "{f}");
    r.ok("forecast", &["forecast", "--column", "now", "--velocity", "20-30", "--seed", "3"]);
    let f = r.ok("forecast", &["forecast", &first, "--velocity", "20-30"]);
    assert!(f["start"]["p50"]["sprints"].is_u64(), "an item says when it starts: {f}");
    r.ok("log", &["log", "--limit", "3"]);
    r.ok("log", &["log", &first]);
    r.ok("conflicts list", &["conflicts", "list"]);
    r.ok("backups list", &["backups", "list"]);
    r.check_as("import", Some("#/$defs/import_report"), "po", &["import", &csv, "--dry-run"], false);
    for what in ["backlog", "roadmap", "vision", "sprint"] {
        r.ok("export", &["export", what, "--format", "json"]);
    }
    let site = r.env.dir.path().join("site");
    let site = site.to_str().unwrap().to_owned();
    let built = r.ok("site", &["site", &site]);
    assert_eq!(built["written"].as_array().map(Vec::len), built["pages"].as_u64().map(|n| n as usize), "{built}");
    let again = r.ok("site", &["site", &site, "--public"]);
    assert_eq!(again["public"], true, "{again}");

    // Writes: each prints the envelope naming what it changed.
    let added = r.ok("add", &["add", "Agent story", "--points", "3", "--ac", "one", "--ac", "two"]);
    let key = added["changed"][0]["key"].as_str().unwrap().to_owned();
    assert_eq!(added["changed"][0]["value"]["title"], "Agent story");
    r.ok("edit", &["edit", &key, "--status", "refined", "--ac-met", "1"]);
    r.ok("rank", &["rank", &key, "--top"]);
    r.ok("link", &["link", &key, "--blocked-by", &first]);
    let comment = r.ok("comment", &["comment", &key, "A note"]);
    assert_eq!(comment["result"]["text"], "A note");
    let dup = r.ok("duplicate", &["duplicate", &key]);
    let dup_key = dup["changed"].as_array().unwrap().iter().find(|c| c["key"] != key.as_str()).unwrap()["key"]
        .as_str()
        .unwrap()
        .to_owned();
    r.ok("split", &["split", &key, "Part one", "Part two", "--give", "2:2"]);
    r.ok("rm", &["rm", &dup_key]);
    r.ok("view save", &["view", "save", "Mine", "--where", "status:new"]);
    r.ok("view rm", &["view", "rm", "Mine"]);
    r.pm("vision set", &["vision", "set", "--pitch", "Shift planning in minutes"]);
    let goal = r.pm("goal add", &["goal", "add", "Agent goal", "--kpi", "name=Things;baseline=1;target=2"]);
    let gk = goal["changed"][0]["key"].as_str().unwrap().to_owned();
    r.pm("goal edit", &["goal", "edit", &gk, "--kpi-current", "Things=2"]);
    let init = r.pm("roadmap add", &["roadmap", "add", "Agent initiative", "--horizon", "next"]);
    let rk = init["changed"][0]["key"].as_str().unwrap().to_owned();
    r.pm("roadmap edit", &["roadmap", "edit", &rk, "--theme", "Agents"]);
    r.pm("roadmap move", &["roadmap", "move", &rk, "now"]);
    r.pm("roadmap rm", &["roadmap", "rm", &rk]);
    r.pm("goal rm", &["goal", "rm", &gk]);
    r.ok("release new", &["release", "new", "2.0", "--target", "2099-01-31"]);
    r.ok("release edit", &["release", "edit", "2.0", "--description", "The agent release"]);
    r.ok("edit", &["edit", &first, "--release", "2.0"]);
    let rel = r.ok("release show", &["release", "show", "2.0", "--velocity", "20-30"]);
    assert_eq!((rel["standing"].as_str(), rel["open"][0].as_str()), (Some("on_track"), Some(first.as_str())), "{rel}");
    let rels = r.ok("release list", &["release", "list", "--all"]);
    assert!(rels.as_array().unwrap().iter().any(|x| x["name"] == "2.0"), "{rels}");
    r.ok("release ship", &["release", "ship", "2.0"]);
    r.ok("release rm", &["release", "rm", "2.0"]);
    r.ok("team add", &["team", "add", "Ana", "--capacity", "8"]);
    r.ok("team edit", &["team", "edit", "Ana", "--capacity", "10"]);
    r.ok("team off", &["team", "off", "Ana", "2099-01-05..2099-01-09"]);
    r.ok("team back", &["team", "back", "Ana", "2099-01-09"]);
    let team = r.ok("team list", &["team", "list"]);
    let ana = team.as_array().unwrap().iter().find(|m| m["name"] == "Ana").expect("on the team");
    assert_eq!((ana["capacity"].as_u64(), ana["days_off"].as_array().map(Vec::len)), (Some(10), Some(4)));
    let sprint = r.ok("sprint show", &["sprint", "show"]);
    assert!(sprint["loads"].is_array() && sprint.get("planned_capacity").is_some(), "{sprint}");
    r.ok("team rm", &["team", "rm", "Ana"]);
    r.ok("sprint new", &["sprint", "new", "Agent sprint", "--goal", "Try it"]);
    r.ok("sprint edit", &["sprint", "edit", "Agent sprint", "--capacity", "20"]);
    r.ok("sprint add", &["sprint", "add", &key, "--sprint", "Agent sprint"]);
    r.ok("sprint remove", &["sprint", "remove", &key]);
    r.ok("sprint rm", &["sprint", "rm", "Agent sprint"]);
    r.ok("sprint close", &["sprint", "close", "--goal-met", "yes"]);
    r.ok("sprint start", &["sprint", "start"]);
    r.ok("settings set", &["settings", "set", "--stale-after-days", "30"]);
    let log = r.ok("log", &["log", "--limit", "1"]);
    let handle = log[0]["handle"].as_str().or(log[0]["id"].as_str()).unwrap().to_owned();
    r.ok("revert", &["revert", &handle]);
    r.ok("import", &["import", &csv]);
    r.ok("undo", &["undo"]);
    r.ok("backups restore", &["backups", "restore", "1"]);
    let other = r.env.dir.path().join("other.json");
    r.ok("init", &["init", other.to_str().unwrap(), "--no-git"]);
    if git {
        r.ok("git status", &["git", "status"]);
        r.ok("git setup", &["git", "setup"]);
        r.check_as("git sync", Some("#/$defs/git_sync"), "po", &["git", "sync", "--dry-run"], false);
        r.ok("git sync", &["git", "sync"]);
        r.ok("git branch", &["git", "branch", &first]);
        r.ok("git orphans", &["git", "orphans"]);
        r.ok("git resolve", &["git", "resolve"]);
    }

    // Refusals: the error with its code and the message a person sees.
    let e = r.refused("not_found", &["show", "NOPE-1"]);
    assert!(e["error"]["message"].as_str().unwrap().starts_with("no item"), "{e}");
    r.refused("invalid", &["edit", &first, "--status", "sideways"]);
    r.refused("usage", &["add"]);
    r.refused("usage", &["completions", "bash"]);
    r.refused("not_found", &["conflicts", "resolve", "nope", "--keep", "ours"]);
    r.refused("io", &["recover", "/nonexistent.unsaved-1.json"]);
    // The archive: what would move, the move, the archived list, `check`
    // of both files, and back.
    let plan = r.check_as(
        "archive",
        Some("#/$defs/archive"),
        "po",
        &["archive", "--before", "2099-01-01", "--dry-run"],
        false,
    );
    let first_archived = plan["items"][0].as_str().expect("something to archive").to_owned();
    let moved = r.ok("archive", &["archive", "--before", "2099-01-01"]);
    assert_eq!(moved["result"]["items"], plan["items"], "{moved}");
    let archived = r.ok("list", &["list", "--archived"]);
    assert_eq!(archived[0]["archived"], true, "{archived}");
    r.ok("show", &["show", &first_archived]);
    let check = r.ok("check", &["check"]);
    assert!(check["archive"]["items"].as_u64() > Some(0), "{check}");
    r.ok("unarchive", &["unarchive", &first_archived]);
    r.pm("settings set", &["settings", "set", "--role-guard", "strict"]);
    let e = r.refused("role_guard", &["goal", "edit", "G1", "--title", "Taken over"]);
    let human = r.env.command().args(["--role", "po", "goal", "edit", "G1", "--title", "Taken over"]).output().unwrap();
    let said = String::from_utf8(human.stderr).unwrap();
    assert_eq!(said.trim_end(), format!("backlog: {}", e["error"]["message"].as_str().unwrap()), "the same message");

    // Every command path was run at least once (the ones that need what a
    // test cannot give are refused above or have no JSON).
    let skipped = ["mcp", "help", "completions", "merge-driver", "schema", "recover", "conflicts resolve"];
    let git_only = ["git status", "git setup", "git sync", "git branch", "git orphans", "git resolve"];
    for path in command_paths() {
        if skipped.contains(&path.as_str()) || (!git && git_only.contains(&path.as_str())) {
            continue;
        }
        assert!(r.checked.contains(&path), "`{path} --json` is not checked here");
    }
}
