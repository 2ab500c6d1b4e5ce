//! GitHub issues JSON (gh CLI and REST API) and Linear CSV, written here
//! as those tools write them, detected from their content.

mod common;

use backlog::domain::{Item, ItemKind, Status, Workspace};
use common::pty::Env;
use std::path::PathBuf;

fn write(env: &Env, name: &str, text: &str) -> PathBuf {
    let p = env.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn by_ext<'a>(ws: &'a Workspace, key: &str) -> &'a Item {
    ws.items.iter().find(|i| i.external.iter().any(|x| x.key == key)).unwrap_or_else(|| panic!("{key} imported"))
}

/// `gh issue list --json number,title,body,labels,state,stateReason,milestone,assignees,createdAt,closedAt,url`
const GH: &str = r#"[
  {"assignees":[{"id":"MDQ6","login":"octocat","name":"The Octocat"}],"body":"Steps:\r\n1. open\u001b[31m","closedAt":null,"createdAt":"2024-03-01T10:00:00Z","labels":[{"id":"LA_1","name":"bug","description":"","color":"d73a4a"}],"milestone":{"number":2,"title":"v1.1","description":"","dueOn":null},"number":12,"state":"OPEN","stateReason":"","title":"Crash on start","url":"https://github.com/acme/app/issues/12"},
  {"assignees":[],"body":"","closedAt":"2024-03-05T08:00:00Z","createdAt":"2024-03-02T10:00:00Z","labels":[],"milestone":null,"number":13,"state":"CLOSED","stateReason":"COMPLETED","title":"Faster search","url":"https://github.com/acme/app/issues/13"},
  {"assignees":[],"body":null,"closedAt":"2024-03-06T08:00:00Z","createdAt":"2024-03-02T11:00:00Z","labels":[],"milestone":null,"number":14,"state":"CLOSED","stateReason":"NOT_PLANNED","title":"Dark mode for the printer","url":"https://github.com/acme/app/issues/14"}
]"#;

/// GET /repos/acme/app/issues: pull requests are in the list too.
const REST: &str = r#"[
  {"url":"https://api.github.com/repos/acme/app/issues/20","html_url":"https://github.com/acme/app/issues/20","number":20,"title":"From the API","body":"b","state":"open","state_reason":null,"labels":[{"name":"ui"}],"assignees":[{"login":"hubot"}],"milestone":{"title":"v2"},"created_at":"2024-04-01T00:00:00Z","closed_at":null},
  {"url":"https://api.github.com/repos/acme/app/issues/21","html_url":"https://github.com/acme/app/pull/21","number":21,"title":"A pull request","body":"","state":"open","labels":[],"assignees":[],"milestone":null,"created_at":"2024-04-02T00:00:00Z","pull_request":{"url":"https://api.github.com/repos/acme/app/pulls/21"}}
]"#;

#[test]
fn github_issues_from_gh_and_the_rest_api() {
    let env = Env::empty();
    let gh = write(&env, "issues.json", GH);
    let out = env.cli(&["import", gh.to_str().unwrap()]);
    assert!(out.contains("github format, 3 rows"), "{out}");
    let rest = write(&env, "rest.json", REST);
    let out = env.cli(&["import", rest.to_str().unwrap()]);
    assert!(out.contains("1 created"), "the pull request is skipped: {out}");
    let ws = env.read();
    let crash = by_ext(&ws, "acme/app#12");
    assert_eq!(crash.status, Status::New);
    assert_eq!(crash.external[0].system, "github");
    assert_eq!(crash.external[0].url.as_deref(), Some("https://github.com/acme/app/issues/12"));
    assert!(crash.labels.contains(&"bug".to_owned()));
    assert_eq!(crash.assignee.as_deref(), Some("octocat"));
    assert_eq!(crash.description, "Steps:\n1. open[31m", "control characters are cleaned");
    assert_eq!(ws.sprint(crash.sprint.unwrap()).unwrap().name, "v1.1", "the milestone is the sprint");
    assert_eq!(by_ext(&ws, "acme/app#13").status, Status::Done);
    assert_eq!(by_ext(&ws, "acme/app#14").status, Status::Dropped, "not planned");
    assert_eq!(by_ext(&ws, "acme/app#20").title, "From the API");
    assert!(ws.items.iter().all(|i| i.title != "A pull request"));
    let shown = env.cli(&["show", "github:acme/app#12"]);
    assert!(shown.contains("Crash on start") && shown.contains("https://github.com/acme/app/issues/12"), "{shown}");
}

/// The REST API's issues with milestones: one closed, with a due date;
/// one open, with a due date; one closed that says nothing of its dates.
const MILESTONES: &str = r#"[
  {"url":"https://api.github.com/repos/acme/app/issues/30","number":30,"title":"Done in 0.9","body":"","state":"closed","state_reason":"completed","labels":[],"assignees":[],"milestone":{"title":"v0.9","state":"closed","due_on":"2024-02-29T08:00:00Z","closed_at":"2024-03-01T12:00:00Z"},"created_at":"2024-02-01T00:00:00Z","closed_at":"2024-02-20T00:00:00Z"},
  {"url":"https://api.github.com/repos/acme/app/issues/31","number":31,"title":"Planned for 1.0","body":"","state":"open","labels":[],"assignees":[],"milestone":{"title":"v1.0","state":"open","due_on":"2024-04-30T07:00:00Z"},"created_at":"2024-02-02T00:00:00Z"},
  {"url":"https://api.github.com/repos/acme/app/issues/32","number":32,"title":"Done in 0.8","body":"","state":"closed","state_reason":"completed","labels":[],"assignees":[],"milestone":{"title":"v0.8"},"created_at":"2024-01-02T00:00:00Z","closed_at":"2024-01-20T00:00:00Z"}
]"#;

/// Issue 17: a milestone's due date is its sprint's end; its start is not
/// known, so a closed one counts in velocity (by its end) but draws no
/// chart, and one with no dates at all stays out of both. Nothing is
/// dated the day of the import.
#[test]
fn milestones_keep_their_due_dates_and_one_without_stays_undated() {
    let env = Env::empty();
    let f = write(&env, "milestones.json", MILESTONES);
    let out = env.cli(&["import", f.to_str().unwrap()]);
    assert!(out.contains("Sprints over with no dates in the file (1): v0.8"), "{out}");
    assert!(out.contains("v0.9: only its end is known: it counts in velocity, but has no burndown"), "{out}");
    let ws = env.read();
    let m = |n: &str| ws.sprint_by_name(n).unwrap();
    let (old, done, next) = (m("v0.8"), m("v0.9"), m("v1.0"));
    assert_eq!(
        (done.state.to_string(), done.dates(), done.started_at),
        ("closed".into(), "? – 2024-02-29".into(), None)
    );
    assert_eq!(done.review.as_ref().map(|r| r.closed_at.to_rfc3339()).as_deref(), Some("2024-03-01T12:00:00+00:00"));
    assert!(done.burndown(chrono::Utc::now().date_naive()).is_empty());
    assert_eq!((old.dates(), old.review.is_none()), ("dates unknown".into(), true));
    assert_eq!((next.state.to_string(), next.end.to_string()), ("planned".into(), "2024-04-30".into()));
    assert_eq!(backlog::domain::sprint::velocity_over(ws.live_sprints(), 3).map(|v| v.1), Some(1), "only v0.9 counts");
    let list = env.cli(&["sprint", "list"]);
    assert!(list.contains("? – 2024-02-29") && list.contains("dates unknown"), "{list}");
}

/// Linear's CSV export header.
const LINEAR: &str = "ID,Team,Title,Description,Status,Estimate,Priority,Project ID,Project,Creator,Assignee,Labels,Cycle Number,Cycle Name,Cycle Start,Cycle End,Created,Updated,Started,Triaged,Completed,Canceled,Archived,Due Date,Parent issue,Initiatives,Project Milestone ID,Project Milestone,SLA Status,Roadmaps\n\
ENG-1,Engineering,Billing epic,,In Progress,,High,p1,Billing,ann,,,,,,,2024-01-02T10:00:00.000Z,,,,,,,,,,,,,\n\
ENG-2,Engineering,Invoice PDF,\"Render, then mail\",Todo,3,Medium,p1,Billing,ann,Bob,\"Feature, Backend\",7,Cycle 7,2024-01-08,2024-01-21,2024-01-03T10:00:00.000Z,,,,,,,,ENG-1,,,,,\n\
ENG-3,Engineering,Old idea,,Canceled,-1,No priority,,,ann,,,,,,,2024-01-04T10:00:00.000Z,,,,,2024-01-05T10:00:00.000Z,,,,,,,,\n\
ENG-4,Engineering,Shipped last cycle,,Done,2,,,,ann,,,6,Cycle 6,2023-12-25,2024-01-07,2023-12-20T10:00:00.000Z,,,,2024-01-03T10:00:00.000Z,,,,,,,,,\n";

#[test]
fn linear_csv_is_detected_and_mapped() {
    let env = Env::empty();
    let f = write(&env, "linear.csv", LINEAR);
    let out = env.cli(&["import", f.to_str().unwrap(), "--dry-run"]);
    assert!(out.contains("linear format, 4 rows") && out.contains("Cycle Name -> sprint"), "{out}");
    assert!(out.contains("Cycle Start -> sprint start") && out.contains("Cycle End -> sprint end"), "{out}");
    assert!(out.contains("line 4 ENG-3: \"-1\""), "a bad estimate is named: {out}");
    env.cli(&["import", f.to_str().unwrap()]);
    let ws = env.read();
    // Cycles keep their dates: the one over ran then, the open one is planned.
    let cycle = |n: &str| ws.sprint_by_name(n).unwrap();
    let (six, seven) = (cycle("Cycle 6"), cycle("Cycle 7"));
    assert_eq!((seven.state.to_string(), seven.dates()), ("planned".into(), "2024-01-08 – 2024-01-21".into()));
    assert_eq!((six.state.to_string(), six.dates()), ("closed".into(), "2023-12-25 – 2024-01-07".into()));
    assert_eq!(six.started_at.map(|t| t.to_rfc3339()).as_deref(), Some("2023-12-25T00:00:00+00:00"));
    let r = six.review.as_ref().unwrap();
    assert_eq!((r.closed_at.to_rfc3339().as_str(), r.completed), ("2024-01-07T23:59:59+00:00", 2));
    let done = six.burndown(chrono::Utc::now().date_naive()).into_iter().find(|d| d.done == 2).unwrap();
    assert_eq!(done.date.to_string(), "2024-01-03", "done when Linear completed it");
    assert_eq!(backlog::domain::sprint::velocity(ws.live_sprints(), 3), Some(2.0));
    let inv = by_ext(&ws, "ENG-2");
    assert_eq!((inv.status, inv.estimate), (Status::New, Some(3)));
    assert!(
        inv.labels.contains(&"Feature".to_owned()) && inv.labels.contains(&"Backend".to_owned()),
        "{:?}",
        inv.labels
    );
    assert_eq!(inv.assignee.as_deref(), Some("Bob"));
    assert_eq!(ws.sprint(inv.sprint.unwrap()).unwrap().name, "Cycle 7");
    assert_eq!(by_ext(&ws, "ENG-3").status, Status::Dropped);
    // A parent that is not an epic is kept as a label.
    assert_eq!(by_ext(&ws, "ENG-1").kind, ItemKind::Story);
    assert!(inv.labels.contains(&"parent:ENG-1".to_owned()), "{:?}", inv.labels);
    // --from overrides detection.
    let out = env.command().args(["import", f.to_str().unwrap(), "--from", "github"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected a JSON list of issues"));
}
