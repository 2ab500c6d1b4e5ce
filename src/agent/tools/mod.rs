//! The agent's tools, made from the CLI's own command definitions: each
//! tool names one CLI command (or a family chosen by `action`), and its
//! parameters, their types and their help come from clap's description of
//! that command. A tool call becomes a command line that `cli::execute`
//! runs, so an agent cannot do anything, or be told anything, that the CLI
//! would not.

use crate::cli::Cli;
use clap::{ArgAction, CommandFactory};
use serde_json::{Map, Value, json};
use std::any::TypeId;

/// One CLI command a tool runs.
pub struct Command {
    /// The words after `backlog` (`sprint add`).
    pub path: &'static str,
    /// What the agent calls it when a tool offers several (`action`).
    pub action: &'static str,
    /// Whether it changes the workspace (refused by a read-only server).
    pub writes: bool,
    /// Arguments always passed (`--dry-run` for the import preview).
    pub fixed: &'static [&'static str],
}

/// One tool: a name, what it is for, and the commands behind it.
pub struct Tool {
    pub name: &'static str,
    pub description: &'static str,
    pub commands: &'static [Command],
    /// The command's arguments an agent does not set.
    pub hidden: &'static [&'static str],
    /// Positional word lists the CLI joins with spaces (a title): one
    /// string for the agent.
    pub joined: &'static [&'static str],
}

const fn read(path: &'static str, action: &'static str) -> Command {
    Command { path, action, writes: false, fixed: &[] }
}

const fn write(path: &'static str, action: &'static str) -> Command {
    Command { path, action, writes: true, fixed: &[] }
}

/// Every tool. Coarse on purpose: a dozen tools whose descriptions an agent
/// reads once, not one per subcommand.
pub const TOOLS: &[Tool] = &[
    Tool {
        name: "find_items",
        description: "Find backlog items, in rank order (the first is the most important). `where` takes the filter \
                      terms people type after `/`: status:ready kind:bug label:x pts:>5 sprint:none|active|NAME \
                      owner:pm|po @assignee init:R3 epic:KEY is:blocked is:unestimated is:ready-ok is:open \
                      is:archived (long-closed work), plain words, and -term for not. Done and dropped items only with all=true; limit=N returns the \
                      first N (use it on a big backlog). The next item to work on is the first of \
                      `status:ready -is:blocked`.",
        commands: &[read("list", "list")],
        // `is:archived` in `where` says the same.
        hidden: &["archived"],
        joined: &[],
    },
    Tool {
        name: "show_item",
        description: "One item in full: story (as a / I want / so that), acceptance criteria, estimate, status, \
                      owner, links, comments, epic progress, commits that name it.",
        commands: &[read("show", "show")],
        hidden: &[],
        joined: &[],
    },
    Tool {
        name: "add_item",
        description: "Add a backlog item (a story unless kind says otherwise) at the bottom of the backlog, or at the \
                      top with top=true. Give a story its triple (as_a, i_want, so_that) and testable acceptance \
                      criteria (ac, one per entry). Returns the new item with its key.",
        commands: &[write("add", "add")],
        hidden: &[],
        joined: &["title"],
    },
    Tool {
        name: "edit_items",
        description: "Change fields of one item, several (keys), or every item a filter finds (where): status \
                      (new, refined, ready, in_progress, review, done, dropped), points, title, description, story \
                      triple, criteria (ac adds; ac_met / ac_unmet / ac_rm take 1-based numbers), labels, epic, \
                      initiative, sprint, assignee, owner. Moving to ready or done is checked against the \
                      Definition of Ready or Done.",
        commands: &[write("edit", "edit")],
        hidden: &[],
        joined: &[],
    },
    Tool {
        name: "rank_items",
        description: "Move items in the backlog order: to the top, the bottom, or before / after another item (give \
                      exactly one). Several items move as a block, keeping their order.",
        commands: &[write("rank", "rank")],
        hidden: &[],
        joined: &[],
    },
    Tool {
        name: "comment",
        description: "Add a comment to an item (kept in order with its author and time; never edited). Use it to \
                      ask the item's owner before changing what the other role owns.",
        commands: &[write("comment", "comment")],
        hidden: &[],
        joined: &["text"],
    },
    Tool {
        name: "link_items",
        description: "Say that one item blocks another (blocks=KEY) or is blocked by it (blocked_by=KEY); \
                      remove=true takes the link away.",
        commands: &[write("link", "link")],
        hidden: &[],
        joined: &[],
    },
    Tool {
        name: "split_item",
        description: "Split a story into smaller ones placed right after it; each new story takes the original's \
                      epic, initiative and labels. give moves criteria (\"N:M\": criterion N to new story M).",
        commands: &[write("split", "split")],
        hidden: &[],
        joined: &[],
    },
    Tool {
        name: "sprint",
        description: "Sprints. list: all sprints. show / burndown: one sprint (default: the active one) with its \
                      items, capacity and commitment, or its daily series. new: plan a sprint. add: pull items into \
                      a sprint (default: the active one, else the next planned). remove: send items back to the \
                      backlog. start: start the next planned sprint. close: close the active sprint (unfinished \
                      work carries over). team: each person's points a sprint and share of the sprint's days.",
        commands: &[
            read("sprint list", "list"),
            read("sprint show", "show"),
            read("sprint burndown", "burndown"),
            read("team list", "team"),
            write("sprint new", "new"),
            write("sprint add", "add"),
            write("sprint remove", "remove"),
            write("sprint start", "start"),
            write("sprint close", "close"),
        ],
        hidden: &[],
        joined: &[],
    },
    Tool {
        name: "strategy",
        description: "The product manager's side, to read: vision (the product vision board), goals (business \
                      goals and their KPIs), roadmap (initiatives by Now / Next / Later), alignment (goals without \
                      initiatives, Now without ready stories, stories linked to no initiative, broken links).",
        commands: &[
            read("vision show", "vision"),
            read("goal list", "goals"),
            read("roadmap list", "roadmap"),
            read("check", "alignment"),
        ],
        hidden: &[],
        joined: &[],
    },
    Tool {
        name: "forecast",
        description: "When will it land: a Monte Carlo forecast from the team's past sprints, with the sprint and \
                      date at 50, 85 and 95%, for an epic or an item (key: an item's forecast says when the work \
                      ranked above it is done too), an initiative, or a roadmap column. With fewer than three \
                      closed sprints it refuses unless given a velocity range. Never present it as a promise.",
        commands: &[read("forecast", "forecast")],
        hidden: &[],
        joined: &[],
    },
    Tool {
        name: "releases",
        description: "Releases with a target date. list: each with its open work, 85% date and standing (on track, \
                      at risk, late). show: one release's items, dates against its target, and what would have to \
                      move out to make it. Items join one with edit_items release=NAME.",
        commands: &[read("release list", "list"), read("release show", "show")],
        hidden: &[],
        joined: &[],
    },
    Tool {
        name: "history",
        description: "What changed: one item's history (key), or everyone's changes, newest last, with who, when and \
                      old -> new. since takes a date, a span (yesterday, 3d, 12h) or a git ref.",
        commands: &[read("log", "log")],
        hidden: &["new"],
        joined: &[],
    },
    Tool {
        name: "import_preview",
        description: "Preview importing a Jira CSV, GitHub issues JSON or Linear CSV file: the columns found, how \
                      types, statuses, sprints and estimates map, and what would be added or updated. Writes \
                      nothing (a person runs the import itself).",
        commands: &[Command { path: "import", action: "import", writes: false, fixed: &["--dry-run"] }],
        hidden: &["dry_run"],
        joined: &[],
    },
];

/// Arguments every command shares that the server sets itself.
const SERVER_SET: &[&str] = &["workspace", "role", "demo", "json", "mouse", "via", "help", "version"];

/// The tool by name.
pub fn find(name: &str) -> Option<&'static Tool> {
    TOOLS.iter().find(|t| t.name == name)
}

impl Tool {
    /// Whether any of its commands changes the workspace.
    pub fn writes(&self) -> bool {
        self.commands.iter().any(|c| c.writes)
    }

    /// The commands a server offers: all, or only the reading ones.
    pub fn offered(&self, read_only: bool) -> impl Iterator<Item = &'static Command> {
        self.commands.iter().filter(move |c| !(read_only && c.writes))
    }

    fn chooses(&self) -> bool {
        self.commands.len() > 1
    }

    /// The tool's parameters as a JSON Schema object, from clap.
    pub fn input_schema(&self, read_only: bool) -> Map<String, Value> {
        let offered: Vec<&Command> = self.offered(read_only).collect();
        let mut properties = Map::new();
        let mut required = Vec::new();
        if self.chooses() {
            let actions: Vec<&str> = offered.iter().map(|c| c.action).collect();
            properties.insert(
                "action".into(),
                json!({"type": "string", "enum": actions, "description": "Which of the tool's commands to run."}),
            );
            required.push(Value::from("action"));
        }
        // Each parameter once, saying which actions take it when not all do.
        let mut takers: Vec<(String, Value, Vec<&str>, bool)> = Vec::new();
        for c in &offered {
            for p in self.params(c) {
                match takers.iter_mut().find(|(n, ..)| *n == p.name) {
                    Some((_, _, actions, _)) => actions.push(c.action),
                    None => takers.push((p.name, p.schema, vec![c.action], p.required)),
                }
            }
        }
        for (name, mut schema, actions, req) in takers {
            if self.chooses() && actions.len() < offered.len() {
                let note = format!(" (action: {})", actions.join(", "));
                if let Some(Value::String(d)) = schema.get_mut("description") {
                    d.push_str(&note);
                }
            } else if req {
                required.push(Value::from(name.clone()));
            }
            properties.insert(name, schema);
        }
        let mut schema = Map::new();
        schema.insert("type".into(), "object".into());
        schema.insert("properties".into(), properties.into());
        if !required.is_empty() {
            schema.insert("required".into(), required.into());
        }
        schema.insert("additionalProperties".into(), false.into());
        schema
    }

    /// The command line for a call: the words after the global options.
    /// Options go as `--name=value` and positionals after `--`, so no value
    /// can be read as an option (a title that begins with `--workspace`).
    pub fn command_line(&self, args: &Map<String, Value>, read_only: bool) -> Result<Vec<String>, String> {
        let command = self.command_for(args, read_only)?;
        let params = self.params(command);
        let known: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
        for key in args.keys() {
            if key == "action" && self.chooses() {
                continue;
            }
            if !known.contains(&key.as_str()) {
                let other = self.commands.iter().any(|c| self.params(c).iter().any(|p| p.name == *key));
                return Err(if other {
                    format!("{}: action {} does not take `{key}`", self.name, command.action)
                } else {
                    format!("{}: no parameter `{key}` (it takes: {})", self.name, known.join(", "))
                });
            }
        }
        let mut words: Vec<String> = command.path.split(' ').map(str::to_owned).collect();
        words.extend(command.fixed.iter().map(|s| s.to_string()));
        let mut positionals = Vec::new();
        for p in &params {
            let Some(value) = args.get(&p.name).filter(|v| !v.is_null()) else {
                if p.required {
                    return Err(format!("{}: `{}` is required", self.name, p.name));
                }
                continue;
            };
            let values = p.values(value).map_err(|why| format!("{}: `{}` {why}", self.name, p.name))?;
            match &p.long {
                None => positionals.extend(values),
                Some(long) if p.flag => {
                    if value.as_bool() == Some(true) {
                        words.push(format!("--{long}"));
                    }
                }
                Some(long) => words.extend(values.into_iter().map(|v| format!("--{long}={v}"))),
            }
        }
        if !positionals.is_empty() {
            words.push("--".into());
            words.extend(positionals);
        }
        Ok(words)
    }

    /// The command a call runs: the only one, or the one `action` names.
    pub fn command_for(&self, args: &Map<String, Value>, read_only: bool) -> Result<&'static Command, String> {
        let command = if self.chooses() {
            let actions: Vec<&str> = self.commands.iter().map(|c| c.action).collect();
            let Some(action) = args.get("action").and_then(Value::as_str) else {
                return Err(format!("{}: `action` is required: one of {}", self.name, actions.join(", ")));
            };
            self.commands
                .iter()
                .find(|c| c.action == action)
                .ok_or_else(|| format!("{}: no action `{action}` (one of {})", self.name, actions.join(", ")))?
        } else {
            &self.commands[0]
        };
        if read_only && command.writes {
            return Err(format!(
                "{} {}: this server is read-only (started with --read-only), so it changes nothing",
                self.name, command.action
            ));
        }
        Ok(command)
    }

    fn params(&self, command: &Command) -> Vec<Param> {
        let root = Cli::command();
        let mut cmd = &root;
        for word in command.path.split(' ') {
            cmd = cmd.find_subcommand(word).unwrap_or_else(|| panic!("no CLI command `{}`", command.path));
        }
        cmd.get_arguments()
            .filter(|a| !a.is_hide_set() && !a.is_global_set())
            .filter(|a| !SERVER_SET.contains(&a.get_id().as_str()) && !self.hidden.contains(&a.get_id().as_str()))
            .map(|a| Param::of(a, self.joined.contains(&a.get_id().as_str())))
            .collect()
    }
}

/// One parameter of a tool: a CLI argument seen as JSON.
struct Param {
    name: String,
    /// The option's long name; none for a positional.
    long: Option<String>,
    flag: bool,
    many: bool,
    joined: bool,
    required: bool,
    schema: Value,
}

impl Param {
    fn of(arg: &clap::Arg, joined: bool) -> Param {
        let long = arg.get_long().map(str::to_owned);
        let name = match &long {
            Some(l) => l.replace('-', "_"),
            None => arg.get_id().as_str().to_owned(),
        };
        let flag = matches!(arg.get_action(), ArgAction::SetTrue);
        let many =
            matches!(arg.get_action(), ArgAction::Append) || arg.get_num_args().is_some_and(|n| n.max_values() > 1);
        let ty = arg.get_value_parser().type_id();
        let scalar = if flag {
            json!({"type": "boolean"})
        } else if [TypeId::of::<usize>(), TypeId::of::<u32>(), TypeId::of::<u64>()].iter().any(|t| ty == *t) {
            json!({"type": "integer", "minimum": 0})
        } else {
            let names: Vec<String> = arg.get_possible_values().iter().map(|v| v.get_name().to_owned()).collect();
            if names.is_empty() { json!({"type": "string"}) } else { json!({"type": "string", "enum": names}) }
        };
        let mut schema = if many && !joined { json!({"type": "array", "items": scalar}) } else { scalar };
        // A list says "repeatable" by its type.
        let mut help = arg.get_help().map(|h| h.to_string()).unwrap_or_default().replace(" (repeatable)", "");
        if let Some(v) = arg.get_value_names().and_then(|v| v.first()).filter(|v| v.contains('|')) {
            help.push_str(&format!(" [{v}]"));
        }
        if let Some(d) = arg.get_default_values().first() {
            help.push_str(&format!(" (default: {})", d.to_string_lossy()));
        }
        schema["description"] = Value::from(help.trim().to_owned());
        Param { name, long, flag, many, joined, required: arg.is_required_set(), schema }
    }

    /// The argument's words from a JSON value.
    fn values(&self, value: &Value) -> Result<Vec<String>, String> {
        let one = |v: &Value| -> Result<String, String> {
            match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                Value::Bool(b) if self.flag => Ok(b.to_string()),
                _ => Err(format!("takes {}", if self.many { "a list of strings" } else { "a string" })),
            }
        };
        match value {
            Value::Array(vs) if self.many && !self.joined => vs.iter().map(one).collect(),
            Value::Array(vs) if self.joined => Ok(vec![vs.iter().map(one).collect::<Result<Vec<_>, _>>()?.join(" ")]),
            Value::Array(_) => Err("takes one value, not a list".into()),
            Value::Bool(_) if !self.flag => Err("takes a string, not true or false".into()),
            v if self.flag && !v.is_boolean() => Err("takes true or false".into()),
            v => Ok(vec![one(v)?]),
        }
    }
}

#[cfg(test)]
mod tests;
