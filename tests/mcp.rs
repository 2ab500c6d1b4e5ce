//! `backlog mcp` as a coding agent's client sees it: the server runs as a
//! child process and the official SDK's client speaks the protocol to it.

mod common;

use backlog::domain::{Status, Workspace};
use backlog::store::fsio::{Lock, Paths};
use common::pty::{Env, serial};
use rmcp::ServiceExt;
use rmcp::model::{
    CallToolRequestParams, CallToolResult, ClientCapabilities, ClientConfig, Implementation, JsonObject,
    ReadResourceRequestParams, ResourceContents,
};
use rmcp::service::{RoleClient, RunningService};
use rmcp::transport::TokioChildProcess;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::Duration;

type Client = RunningService<RoleClient, ClientConfig>;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
}

/// The server on `env`'s workspace, for a client called `name`.
async fn connect(env: &Env, name: &str, args: &[&str]) -> Client {
    let mut cmd = env.command();
    cmd.arg("mcp").args(args).stderr(Stdio::null());
    let transport = TokioChildProcess::new(tokio::process::Command::from(cmd)).expect("backlog mcp starts");
    ClientConfig::new(ClientCapabilities::default(), Implementation::new(name, "1.0"))
        .serve(transport)
        .await
        .expect("the server answers initialize")
}

fn obj(v: Value) -> JsonObject {
    v.as_object().cloned().expect("an object")
}

async fn call(client: &Client, tool: &str, args: Value) -> CallToolResult {
    client
        .call_tool(CallToolRequestParams::new(tool.to_owned()).with_arguments(obj(args)))
        .await
        .unwrap_or_else(|e| panic!("{tool}: a protocol error, not a tool result: {e}"))
}

fn text(r: &CallToolResult) -> String {
    r.content.first().and_then(|c| c.as_text()).map(|t| t.text.clone()).expect("a text content")
}

/// A call that must work; its JSON.
async fn ok(client: &Client, tool: &str, args: Value) -> Value {
    let r = call(client, tool, args.clone()).await;
    assert_ne!(r.is_error, Some(true), "{tool} {args}: {}", text(&r));
    serde_json::from_str(&text(&r)).unwrap_or_else(|e| panic!("{tool} {args}: not JSON ({e}): {}", text(&r)))
}

/// A call that must be refused; what it said.
async fn refused(client: &Client, tool: &str, args: Value) -> String {
    let r = call(client, tool, args.clone()).await;
    assert_eq!(r.is_error, Some(true), "{tool} {args} was not refused: {}", text(&r));
    text(&r)
}

/// What the CLI prints for a refused command (with --json), as a tool's
/// error carries it.
fn cli_refusal(env: &Env, args: &[&str]) -> String {
    let out = env.command().args(["--json", "--role", "po"]).args(args).output().expect("the CLI runs");
    assert!(!out.status.success(), "{args:?} was not refused");
    let (stdout, stderr) = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
    if stdout.is_empty() { stderr } else { stdout }
}

fn item<'a>(ws: &'a Workspace, title: &str) -> &'a backlog::domain::Item {
    ws.items.iter().find(|i| i.title == title && i.is_live()).unwrap_or_else(|| panic!("no item {title:?}"))
}

fn ranked(ws: &Workspace) -> Vec<&backlog::domain::Item> {
    ws.ranked_item_positions().into_iter().map(|p| &*ws.items[p]).collect()
}

fn key_of(v: &Value) -> String {
    // The item itself, or a write's envelope naming it.
    v.get("key")
        .or_else(|| v.pointer("/changed/0/key"))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no key in {v}"))
        .to_owned()
}

const TOOLS: [&str; 14] = [
    "find_items",
    "show_item",
    "add_item",
    "edit_items",
    "rank_items",
    "comment",
    "link_items",
    "split_item",
    "sprint",
    "strategy",
    "forecast",
    "releases",
    "history",
    "import_preview",
];

#[test]
fn initialize_lists_the_tools_and_the_resources_and_reads_them() {
    let env = Env::demo();
    runtime().block_on(async {
        let client = connect(&env, "test-agent", &["--role", "po"]).await;
        let info = client.peer_info().expect("the server introduced itself");
        assert_eq!(info.server_info.as_ref().map(|s| s.name.as_str()), Some("backlog"));
        let instructions = info.instructions.clone().unwrap_or_default();
        assert!(instructions.contains("PO") && instructions.contains("backlog://help/agents"), "{instructions}");

        let tools = client.list_all_tools().await.expect("tools/list");
        let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
        assert_eq!(names, TOOLS);
        // The whole list an agent keeps in its context, in bytes of JSON:
        // README states it in tokens; this keeps it from creeping up.
        let size = serde_json::to_string(&tools).unwrap().len();
        assert!(size < 20_000, "the tool list grew to {size} bytes");

        let resources = client.list_all_resources().await.expect("resources/list");
        let uris: Vec<&str> = resources.iter().map(|r| r.uri.as_str()).collect();
        assert_eq!(uris, ["backlog://help/agents", "backlog://vision", "backlog://roadmap", "backlog://sprint/active"]);
        let ws = env.read();
        let active = ws.sprints.iter().find(|s| s.state == backlog::domain::sprint::SprintState::Active).unwrap();
        for (uri, expect) in [
            ("backlog://help/agents", "Never change what the other role owns".to_owned()),
            ("backlog://vision", ws.vision.statement.clone()),
            ("backlog://roadmap", ws.roadmap.iter().find(|r| r.meta.is_live()).unwrap().title.clone()),
            ("backlog://sprint/active", active.name.clone()),
        ] {
            let r = client.read_resource(ReadResourceRequestParams::new(uri)).await.expect(uri);
            let ResourceContents::TextResourceContents { text, .. } = &r.contents[0] else { panic!("{uri}: not text") };
            assert!(text.contains(&expect), "{uri} does not say {expect:?}:\n{text}");
        }
        assert!(client.read_resource(ReadResourceRequestParams::new("backlog://nothing")).await.is_err());
        client.cancel().await.unwrap();
    });
}

#[test]
fn every_tool_answers_good_arguments_and_refuses_bad_ones_with_the_clis_message() {
    let env = Env::demo();
    let csv = env.dir.path().join("jira.csv");
    std::fs::write(&csv, "Issue key,Summary,Issue Type,Status\nABC-1,Imported one,Story,To Do\n").unwrap();
    let csv = csv.to_str().unwrap().to_owned();
    runtime().block_on(async {
        let c = connect(&env, "test-agent", &["--role", "po"]).await;
        let ready = ok(&c, "find_items", json!({"where": "status:ready -is:blocked"})).await;
        let first = ready[0]["key"].as_str().expect("a ready item").to_owned();
        assert!(ready.as_array().unwrap().iter().all(|i| i["status"] == "ready"));
        assert_eq!(ok(&c, "show_item", json!({"key": first})).await["key"], first.as_str());
        // A big backlog is read a page at a time: how many more there are
        // comes beside the items.
        let page = call(&c, "find_items", json!({"limit": 1})).await;
        let items: Value = serde_json::from_str(&text(&page)).unwrap();
        assert_eq!(items.as_array().unwrap().len(), 1);
        let more = page.content.get(1).and_then(|b| b.as_text()).map(|t| t.text.clone()).unwrap_or_default();
        assert!(more.contains("more item(s) not shown (--limit 1)"), "{more}");

        let added = ok(
            &c,
            "add_item",
            json!({"title": "Agent story", "as_a": "manager", "i_want": "x", "so_that": "y", "ac": ["one", "two"], "points": 3}),
        )
        .await;
        let key = key_of(&added);
        ok(&c, "edit_items", json!({"keys": [key], "status": "refined", "ac_met": [1]})).await;
        ok(&c, "rank_items", json!({"keys": [key], "top": true})).await;
        ok(&c, "comment", json!({"key": key, "text": "-1 from me: --role pm is not an option here"})).await;
        ok(&c, "link_items", json!({"key": key, "blocked_by": first})).await;
        ok(&c, "split_item", json!({"key": key, "titles": ["Agent part one", "Agent part two"], "give": ["2:2"]})).await;
        ok(&c, "sprint", json!({"action": "list"})).await;
        ok(&c, "sprint", json!({"action": "show"})).await;
        ok(&c, "sprint", json!({"action": "burndown"})).await;
        // Blocked and short of ready: pulled with warnings.
        let pulled = call(&c, "sprint", json!({"action": "add", "keys": [key]})).await;
        let envelope: Value = serde_json::from_str(&text(&pulled)).unwrap();
        assert_eq!(envelope["changed"][0]["key"], key.as_str(), "{envelope}");
        assert!(!envelope["warnings"].as_array().unwrap().is_empty(), "{envelope}");
        assert_eq!(pulled.content.len(), 1, "a write's warnings are in its envelope, not said twice");
        ok(&c, "sprint", json!({"action": "remove", "keys": [key]})).await;
        ok(&c, "sprint", json!({"action": "new", "name": "Agent sprint", "goal": "Ship it"})).await;
        for what in ["vision", "goals", "roadmap"] {
            ok(&c, "strategy", json!({"action": what})).await;
        }
        // `check` exits 1 when it finds broken links; the demo has none.
        ok(&c, "strategy", json!({"action": "alignment"})).await;
        let f = ok(&c, "forecast", json!({"column": "now", "velocity": "20-30"})).await;
        assert!(f["finish"]["p85"]["date"].is_string(), "{f}");
        assert_eq!(
            refused(&c, "forecast", json!({"column": "now", "velocity": "30-20"})).await,
            cli_refusal(&env, &["forecast", "--column", "now", "--velocity", "30-20"])
        );
        let rels = ok(&c, "releases", json!({"action": "list"})).await;
        assert_eq!(rels.as_array().map(Vec::len), Some(2), "{rels}");
        let datev = ok(&c, "releases", json!({"action": "show", "release": "DATEV 1.0"})).await;
        assert!(datev["forecast"]["p85"].is_string(), "{datev}");
        let team = ok(&c, "sprint", json!({"action": "team"})).await;
        assert_eq!(team.as_array().map(Vec::len), Some(3), "{team}");
        let log = ok(&c, "history", json!({"key": key})).await;
        assert!(!log.as_array().unwrap().is_empty());
        let preview = call(&c, "import_preview", json!({"file": csv})).await;
        assert_ne!(preview.is_error, Some(true), "{}", text(&preview));
        assert!(text(&preview).contains("ABC-1") || text(&preview).contains("1"), "{}", text(&preview));

        // What the file says now: every call above landed.
        let ws = env.read();
        let story = item(&ws, "Agent story");
        assert_eq!(story.status, Status::Refined);
        assert!(story.acceptance_criteria[0].met);
        assert_eq!(story.comments[0].text, "-1 from me: --role pm is not an option here");
        assert_eq!(story.comments[0].author, "test-agent");
        assert_eq!(item(&ws, "Agent part two").acceptance_criteria[0].text, "two");
        assert!(ws.sprints.iter().any(|s| s.name == "Agent sprint" && s.goal == "Ship it"));
        assert!(!ws.items.iter().any(|i| i.title == "Imported one"), "the import preview wrote");

        // Refusals carry the CLI's own message.
        assert_eq!(refused(&c, "show_item", json!({"key": "NOPE-1"})).await, cli_refusal(&env, &["show", "NOPE-1"]));
        assert_eq!(
            refused(&c, "edit_items", json!({"keys": [key], "status": "sideways"})).await,
            cli_refusal(&env, &["edit", &key, "--status", "sideways"])
        );
        assert_eq!(
            refused(&c, "sprint", json!({"action": "start", "sprint": "No such sprint"})).await,
            cli_refusal(&env, &["sprint", "start", "No such sprint"])
        );
        assert_eq!(
            refused(&c, "import_preview", json!({"file": "/nonexistent.csv"})).await,
            cli_refusal(&env, &["import", "--dry-run", "/nonexistent.csv"])
        );
        for (tool, args, cli) in [
            ("find_items", json!({"sort": "colour"}), vec!["list", "--sort", "colour"]),
            ("add_item", json!({"title": "x", "kind": "saga"}), vec!["add", "x", "--kind", "saga"]),
            ("rank_items", json!({"keys": ["NOPE-1"], "top": true}), vec!["rank", "NOPE-1", "--top"]),
            ("comment", json!({"key": "NOPE-1", "text": "hi"}), vec!["comment", "NOPE-1", "hi"]),
            ("link_items", json!({"key": key, "blocks": "NOPE-1"}), vec!["link", &key, "--blocks", "NOPE-1"]),
            ("split_item", json!({"key": "NOPE-1", "titles": ["a"]}), vec!["split", "NOPE-1", "a"]),
            ("sprint", json!({"action": "show", "sprint": "Nope"}), vec!["sprint", "show", "Nope"]),
            ("history", json!({"since": "the dawn of time"}), vec!["log", "--since", "the dawn of time"]),
        ] {
            assert_eq!(refused(&c, tool, args).await, cli_refusal(&env, &cli), "{tool}");
        }
        // Refused before any command runs.
        for (tool, args, says) in [
            ("add_item", json!({}), "`title` is required"),
            ("add_item", json!({"title": "x", "workspace": "/tmp/elsewhere.json"}), "no parameter `workspace`"),
            ("rank_items", json!({"keys": [key], "top": "yes"}), "true or false"),
            ("sprint", json!({"keys": [key]}), "`action` is required"),
            ("sprint", json!({"action": "explode"}), "no action `explode`"),
            ("sprint", json!({"action": "close", "keys": [key]}), "action close does not take `keys`"),
            ("strategy", json!({"action": "budget"}), "no action `budget`"),
            ("show_item", json!({"key": ["A-1", "A-2"]}), "not a list"),
            ("no_such_tool", json!({}), "no tool `no_such_tool`"),
        ] {
            let said = refused(&c, tool, args).await;
            assert!(said.contains(says), "{tool}: {said}");
        }
        // Usage errors the CLI finds (one of --top/--bottom/… is needed).
        let said = refused(&c, "rank_items", json!({"keys": [key]})).await;
        assert!(said.contains("--top") || said.contains("required"), "{said}");
        c.cancel().await.unwrap();
    });
}

#[test]
fn the_agent_is_a_writer_under_its_own_name_and_role() {
    let env = Env::demo();
    env.cli(&["--role", "pm", "settings", "set", "--role-guard", "strict"]);
    let pm_item = env
        .read()
        .items
        .iter()
        .find(|i| i.meta.owner == backlog::domain::Role::Pm && i.is_live())
        .map(|i| i.key.clone());
    runtime().block_on(async {
        let c = connect(&env, "claude\u{1b}[31m-code", &["--role", "po"]).await;
        let added = ok(&c, "add_item", json!({"title": "Named story"})).await;
        let key = key_of(&added);
        let log: Value = serde_json::from_str(&env.cli(&["log", &key, "--json"])).unwrap();
        let first = &log[0];
        assert_eq!(first["by"], "claude[31m-code", "the client's name, without its control characters: {first}");
        assert_eq!(first["via"], "mcp");
        assert_eq!(first["role"], "po");
        if let Some(pm_key) = pm_item {
            let said = refused(&c, "edit_items", json!({"keys": [pm_key], "title": "Taken over"})).await;
            assert_eq!(said, cli_refusal(&env, &["edit", &pm_key, "--title", "Taken over"]));
            assert!(said.contains("role guard is strict"), "{said}");
        }
        c.cancel().await.unwrap();
    });
    // --name wins over the client's.
    runtime().block_on(async {
        let c = connect(&env, "claude-code", &["--role", "po", "--name", "groomer"]).await;
        let key = key_of(&ok(&c, "add_item", json!({"title": "Groomed"})).await);
        let log: Value = serde_json::from_str(&env.cli(&["log", &key, "--json"])).unwrap();
        assert_eq!(log[0]["by"], "groomer");
        c.cancel().await.unwrap();
    });
}

#[test]
fn a_read_only_server_offers_reading_only_and_changes_nothing() {
    let env = Env::demo();
    let before = std::fs::read(&env.ws).unwrap();
    runtime().block_on(async {
        let c = connect(&env, "reader", &["--read-only"]).await;
        let tools = c.list_all_tools().await.unwrap();
        let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
        assert_eq!(
            names,
            ["find_items", "show_item", "sprint", "strategy", "forecast", "releases", "history", "import_preview"]
        );
        assert!(tools.iter().all(|t| t.annotations.as_ref().and_then(|a| a.read_only_hint) == Some(true)));
        let first = ok(&c, "find_items", json!({})).await[0]["key"].as_str().unwrap().to_owned();
        ok(&c, "show_item", json!({"key": first})).await;
        for action in ["list", "show", "burndown"] {
            ok(&c, "sprint", json!({"action": action})).await;
        }
        for action in ["vision", "goals", "roadmap", "alignment"] {
            ok(&c, "strategy", json!({"action": action})).await;
        }
        ok(&c, "history", json!({})).await;
        let said = refused(&c, "add_item", json!({"title": "Sneaky"})).await;
        assert!(said.contains("read-only"), "{said}");
        let said = refused(&c, "sprint", json!({"action": "add", "keys": [first]})).await;
        assert!(said.contains("read-only"), "{said}");
        c.cancel().await.unwrap();
    });
    assert_eq!(std::fs::read(&env.ws).unwrap(), before, "a read-only server changed the file");
}

/// An agent grooms while a person's scripts edit the same items from the
/// command line: both go through the lock and the merge, so nothing is
/// lost, and the history keeps every change with its author.
#[test]
fn an_agent_session_beside_a_concurrent_cli_writer_loses_nothing() {
    let env = Env::demo();
    let ws = env.read();
    let active =
        ws.sprints.iter().find(|s| s.state == backlog::domain::sprint::SprintState::Active).unwrap().name.clone();
    let open: Vec<String> = ranked(&ws)
        .into_iter()
        .filter(|i| i.status < Status::Done && i.kind != backlog::domain::ItemKind::Epic)
        .take(3)
        .map(|i| i.key.clone())
        .collect();
    let edits = 6;
    let writer = {
        let (open, cmd) = (open.clone(), env.command());
        let program = cmd.get_program().to_owned();
        let envs: Vec<_> = cmd.get_envs().map(|(k, v)| (k.to_owned(), v.map(|v| v.to_owned()))).collect();
        let args: Vec<_> = cmd.get_args().map(|a| a.to_owned()).collect();
        let dir = cmd.get_current_dir().map(|d| d.to_owned());
        std::thread::spawn(move || {
            for n in 0..edits {
                let key = &open[n % open.len()];
                let mut c = std::process::Command::new(&program);
                c.args(&args).stdin(Stdio::null());
                for (k, v) in &envs {
                    match v {
                        Some(v) => c.env(k, v),
                        None => c.env_remove(k),
                    };
                }
                if let Some(d) = &dir {
                    c.current_dir(d);
                }
                c.env("BACKLOG_USER", "scripted-po");
                let out = c.args(["comment", key, &format!("cli note {n}")]).output().unwrap();
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            }
        })
    };
    let agent_keys = runtime().block_on(async {
        let c = connect(&env, "groomer-agent", &["--role", "po"]).await;
        let mut keys = Vec::new();
        for t in ["Agent story one", "Agent story two", "Agent story three"] {
            let added = ok(&c, "add_item", json!({"title": t, "points": 2, "ac": ["It works"]})).await;
            keys.push(key_of(&added));
        }
        ok(&c, "rank_items", json!({"keys": keys, "top": true})).await;
        ok(&c, "sprint", json!({"action": "add", "keys": [keys[0]], "sprint": active})).await;
        // The same items the writer comments on, other fields.
        ok(&c, "edit_items", json!({"keys": open, "label": ["groomed"]})).await;
        c.cancel().await.unwrap();
        keys
    });
    writer.join().expect("the CLI writer finished");

    let ws = env.read();
    let leading: Vec<String> = ranked(&ws).into_iter().take(3).map(|i| i.key.clone()).collect();
    assert_eq!(leading, agent_keys, "the agent's stories lead the backlog, in its order");
    let sprint = ws.sprints.iter().find(|s| s.name == active).unwrap().meta.id;
    assert_eq!(ws.item_by_key(&agent_keys[0]).unwrap().sprint, Some(sprint));
    for key in &open {
        let i = ws.item_by_key(key).unwrap();
        assert!(i.labels.iter().any(|l| l == "groomed"), "{key} lost the agent's label");
    }
    let notes: Vec<String> = open
        .iter()
        .flat_map(|k| ws.item_by_key(k).unwrap().comments.iter().map(|c| c.text.clone()))
        .filter(|t| t.starts_with("cli note"))
        .collect();
    assert_eq!(notes.len(), edits, "a CLI comment was lost: {notes:?}");
    let by = |who: &str| ws.history.records().iter().filter(|r| r.by == who).count();
    assert_eq!(by("scripted-po"), edits);
    assert_eq!(by("groomer-agent"), 6, "three adds, a rank, a pull and a label edit");
    // Every write re-read the file under the lock: nothing clashed.
    assert!(ws.conflicts.iter().all(|c| c.resolved_at.is_some()), "{:?}", ws.conflicts);
}

/// The server lets go of the file between calls, and ends when its input
/// closes, as a client that quits expects.
#[test]
fn the_server_holds_no_lock_between_calls_and_exits_when_its_input_closes() {
    let env = Env::demo();
    let mut child = env
        .command()
        .args(["mcp", "--role", "po"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("backlog mcp starts");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut ask = |msg: Value| {
        writeln!(stdin, "{msg}").unwrap();
        stdin.flush().unwrap();
        if msg.get("id").is_none() {
            return Value::Null;
        }
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        serde_json::from_str::<Value>(&line).unwrap()
    };
    let init = ask(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}));
    assert_eq!(init["result"]["serverInfo"]["name"], "backlog");
    ask(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
    let added = ask(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
        "name": "add_item", "arguments": {"title": "Between calls"}}}));
    assert_eq!(added["result"]["isError"], false, "{added}");
    // The call answered: the lock is free at once.
    let paths = Paths::resolve(&env.ws).unwrap();
    let lock = Lock::acquire_within(&paths, Duration::ZERO).expect("the server let go of the lock");
    drop(lock);
    drop(stdin);
    let status = child.wait().expect("the server ends");
    assert!(status.success(), "{status}");
}

/// A TUI open on the same file shows the agent's change without a key
/// pressed.
#[test]
fn a_tui_on_the_same_file_sees_the_agents_edits_live() {
    let _serial = serial();
    let env = Env::demo();
    let mut tui = env.tui(&[]);
    tui.send("3");
    tui.wait_for("the backlog pane", |s| s.contents().contains("TAN-"));
    runtime().block_on(async {
        let c = connect(&env, "live-agent", &["--role", "po"]).await;
        ok(&c, "add_item", json!({"title": "Made by the agent", "top": true})).await;
        c.cancel().await.unwrap();
    });
    tui.wait_for("the agent's story", |s| s.contents().contains("Made by the agent"));
    tui.quit();
}
