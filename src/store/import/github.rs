//! GitHub issues as JSON: what `gh issue list --json number,title,body,
//! labels,state,stateReason,milestone,assignees,createdAt,closedAt,url`
//! prints, and the REST API's issue list (`/repos/OWNER/REPO/issues`),
//! whose pull requests are skipped.

use super::record::{Record, parse_date};
use super::sprints::SprintSpec;
use super::{ColumnUse, ImportError, Parsed};
use crate::domain::sprint::SprintState;
use serde_json::Value;
use std::path::Path;

const EXPECTED: &str = "a JSON list of issues as `gh issue list --json number,title,body,labels,state,stateReason,milestone,assignees,createdAt,closedAt,url` or the REST API (GET /repos/OWNER/REPO/issues) print them";

/// `owner/repo#N` from an issue URL.
fn key_from_url(url: &str, number: u64) -> Option<String> {
    // The API's own URL (`api.github.com/repos/OWNER/REPO/issues/N`) or the
    // page's (`github.com/OWNER/REPO/issues/N`).
    let rest = url.split("/repos/").nth(1).or_else(|| url.split("github.com/").nth(1))?;
    let mut parts = rest.split('/');
    let (owner, repo) = (parts.next()?, parts.next()?);
    Some(format!("{owner}/{repo}#{number}"))
}

fn names(v: Option<&Value>, field: &str) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.get(field).and_then(Value::as_str).or_else(|| x.as_str()))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

pub fn read(path: &Path, text: &str) -> Result<Parsed, ImportError> {
    let err = |detail: String| ImportError::Json { path: path.to_owned(), detail, expected: EXPECTED };
    let v: Value =
        serde_json::from_str(text).map_err(|e| err(format!("line {}, column {}: {e}", e.line(), e.column())))?;
    let list = match &v {
        Value::Array(a) => a,
        Value::Object(o) => match o.get("items").and_then(Value::as_array) {
            Some(a) => a,
            None => return Err(err("the file holds one JSON object, not a list".into())),
        },
        _ => return Err(err("the file holds no JSON list".into())),
    };
    let mut records = Vec::with_capacity(list.len());
    let mut sprints = Vec::new();
    let mut pulls = 0;
    for (n, issue) in list.iter().enumerate() {
        let Some(o) = issue.as_object() else {
            return Err(err(format!("entry {} is not an object", n + 1)));
        };
        let Some(number) = o.get("number").and_then(Value::as_u64) else {
            return Err(err(format!("entry {} has no \"number\"", n + 1)));
        };
        if o.get("pull_request").is_some_and(|p| !p.is_null()) {
            pulls += 1;
            continue;
        }
        let s = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("");
        let url = Some(s("html_url")).filter(|u| !u.is_empty()).or(Some(s("url")).filter(|u| !u.is_empty()));
        let state = s("state").to_ascii_lowercase();
        let reason = o.get("stateReason").or_else(|| o.get("state_reason")).and_then(Value::as_str).unwrap_or("");
        let status = match (state.as_str(), reason.to_ascii_lowercase().as_str()) {
            ("closed", "not_planned" | "not planned" | "duplicate") => "not planned",
            ("closed", _) => "done",
            _ => "open",
        };
        let mut rec = Record {
            line: n as u64 + 1,
            key: url.and_then(|u| key_from_url(u, number)).unwrap_or_else(|| format!("#{number}")),
            url: url.map(str::to_owned),
            title: s("title").to_owned(),
            description: s("body").to_owned(),
            status: Some(status.to_owned()),
            labels: names(o.get("labels"), "name"),
            assignees: names(o.get("assignees"), "login"),
            sprints: o
                .get("milestone")
                .and_then(|m| m.get("title"))
                .and_then(Value::as_str)
                .map(|t| vec![t.to_owned()])
                .unwrap_or_default(),
            ..Record::default()
        };
        if let Some(spec) = o.get("milestone").and_then(milestone) {
            spec.merge_into(&mut sprints);
        }
        rec.created = parse_date(s("createdAt")).or_else(|| parse_date(s("created_at")));
        rec.updated = parse_date(s("updatedAt")).or_else(|| parse_date(s("updated_at")));
        rec.resolved = parse_date(s("closedAt")).or_else(|| parse_date(s("closed_at")));
        records.push(rec);
    }
    let used = |c: &str, f: &str| ColumnUse { column: c.into(), field: f.into(), columns: 1 };
    let mapping = vec![
        used("number + url", "external key (github:owner/repo#N)"),
        used("title", "title"),
        used("body", "description"),
        used("state + stateReason", "status (closed -> done, not planned -> dropped)"),
        used("labels", "labels"),
        used("milestone", "sprint (its due date is the sprint's end)"),
        used("assignees", "assignee (the first; others label assignee:…)"),
        used("createdAt", "created_at"),
        used("closedAt", "source resolved time"),
    ];
    let ignored = if pulls > 0 { vec![format!("{pulls} pull requests (skipped)")] } else { Vec::new() };
    Ok(Parsed { records, has_key: true, mapping: (mapping, ignored), system: "github", sprints, ..Parsed::default() })
}

/// A milestone as a sprint: its due date is the end (its start is not
/// known); the REST API also says whether it is closed, and when.
fn milestone(m: &Value) -> Option<SprintSpec> {
    let title = m.get("title")?.as_str()?;
    let at = |a: &str, b: &str| m.get(a).or_else(|| m.get(b)).and_then(Value::as_str).and_then(parse_date);
    Some(SprintSpec {
        name: title.to_owned(),
        end: at("dueOn", "due_on").map(|d| d.date_naive()),
        state: match m.get("state").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
            Some("closed") => Some(SprintState::Closed),
            Some("open") => Some(SprintState::Planned),
            _ => None,
        },
        closed_at: at("closedAt", "closed_at"),
        ..SprintSpec::default()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_from_page_and_api_urls() {
        assert_eq!(super::key_from_url("https://github.com/acme/app/issues/12", 12).as_deref(), Some("acme/app#12"));
        let api = "https://api.github.com/repos/acme/app/issues/20";
        assert_eq!(super::key_from_url(api, 20).as_deref(), Some("acme/app#20"));
    }
}
