//! One issue as any source describes it, before it becomes an item, and
//! where the fields the item model does not have yet are kept.

use crate::domain::item::{Comment, Criterion, ExternalRef, Story};
use crate::domain::score::Scoring;
use crate::domain::{ItemKind, Status};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// One row of a source, in the source's own terms but already split into
/// the fields an item can take.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// Where it is in the file (a line, or the position in a JSON list).
    pub line: u64,
    pub key: String,
    pub url: Option<String>,
    pub title: String,
    pub description: String,
    /// `None`: the source has no type; the import's default kind applies.
    pub kind: Option<ItemKind>,
    /// The source's status, as written (mapped when the plan is made).
    pub status: Option<String>,
    pub points: Option<f64>,
    /// Story points the source gave that are not a number of points
    /// (`-3`, `NaN`, `inf`, `abc`), as written: reported, left unset.
    pub odd_points: Option<String>,
    pub labels: Vec<String>,
    /// Oldest first; the item goes into the last one.
    pub sprints: Vec<String>,
    /// The key of the parent issue (an epic, or a story for a sub-task).
    pub parent: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    pub resolved: Option<DateTime<Utc>>,
    /// The source's own order key (Jira's LexoRank), when it has one.
    pub rank: Option<String>,
    pub assignees: Vec<String>,
    pub priority: Option<String>,
    pub components: Vec<String>,
    pub fix_versions: Vec<String>,
    /// Oldest first, with who wrote them and when.
    pub comments: Vec<Comment>,
    /// (relation as the source names it, key of the other issue).
    pub links: Vec<(String, String)>,
    /// Dates the source gave that could not be read.
    pub odd_dates: Vec<String>,
    /// What only a backlog export carries: the story triple, acceptance
    /// criteria, scores and the item's own external references.
    pub story: Option<Story>,
    pub criteria: Vec<Criterion>,
    pub scoring: Scoring,
    pub external: Vec<ExternalRef>,
    /// The roadmap initiative, by key; the ticked Definition of Ready and
    /// Done items; the owner (a backlog export).
    pub initiative: Option<String>,
    pub checked: Vec<String>,
    pub owner: Option<crate::domain::Role>,
}

/// Where each field the model has no place for goes (as labels): one
/// function per target, each returning how it was kept, for the report.
/// Assignees, comments and `blocks` links have real fields now.
pub mod keep {
    /// An assignee past the first (the model has one), as a label
    /// `assignee:Name`.
    pub fn assignee(labels: &mut Vec<String>, name: &str) -> &'static str {
        labels.push(format!("assignee:{name}"));
        "label assignee:NAME"
    }
    pub fn priority(labels: &mut Vec<String>, p: &str) -> &'static str {
        labels.push(format!("priority:{p}"));
        "label priority:NAME"
    }
    pub fn component(labels: &mut Vec<String>, c: &str) -> &'static str {
        labels.push(format!("component:{c}"));
        "label component:NAME"
    }
    pub fn fix_version(labels: &mut Vec<String>, v: &str) -> &'static str {
        labels.push(format!("fixversion:{v}"));
        "label fixversion:NAME"
    }
    /// A type the model has no kind for: the item becomes a task and the
    /// type a label.
    pub fn source_type(labels: &mut Vec<String>, t: &str) -> &'static str {
        labels.push(format!("type:{t}"));
        "label type:NAME (kind task)"
    }
    /// A parent that cannot be the item's epic (a sub-task's story, or an
    /// issue not in the file).
    pub fn parent(labels: &mut Vec<String>, key: &str) -> &'static str {
        labels.push(format!("parent:{key}"));
        "label parent:KEY"
    }
    /// An issue link other than blocks (`relates to`, `duplicates`, …), as a
    /// label `relates-to:KEY`.
    pub fn link(labels: &mut Vec<String>, relation: &str, key: &str) -> &'static str {
        let rel: String = relation.trim().to_ascii_lowercase().split_whitespace().collect::<Vec<_>>().join("-");
        labels.push(format!("{rel}:{key}"));
        "label RELATION:KEY"
    }
}

/// A comment as Jira exports it, `date;author;text`; other text is taken
/// whole, dated `fallback` (the issue's own date) and by "imported".
pub fn jira_comment(raw: &str, fallback: Option<DateTime<Utc>>) -> Comment {
    let mut parts = raw.splitn(3, ';');
    let (first, second, rest) = (parts.next(), parts.next(), parts.next());
    let (at, author, text) = match (first.and_then(parse_date), second, rest) {
        (Some(at), Some(author), Some(text)) => (Some(at), author.trim(), text),
        _ => (None, "", raw),
    };
    Comment {
        at: at.or(fallback).unwrap_or(DateTime::UNIX_EPOCH),
        author: if author.is_empty() { "imported".to_owned() } else { author.to_owned() },
        role: crate::domain::Role::Po,
        text: text.trim().to_owned(),
        extra: Default::default(),
    }
}

/// Reads the dates the sources write: Jira's `08/Sep/21 2:02 PM` (and its
/// other formats), ISO 8601 / RFC 3339 as GitHub and Linear write them,
/// and plain dates. Times without a zone are taken as UTC.
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z", "%a %b %d %Y %H:%M:%S GMT%z"] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d.with_timezone(&Utc));
        }
    }
    const TIMES: [&str; 10] = [
        "%d/%b/%y %I:%M %p",
        "%d/%b/%Y %I:%M %p",
        "%d/%b/%y %H:%M",
        "%d/%b/%Y %H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%d.%m.%Y %H:%M",
        "%m/%d/%Y %I:%M %p",
        "%m/%d/%Y %H:%M",
    ];
    for f in TIMES {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d.and_utc());
        }
    }
    for f in ["%Y-%m-%d", "%d/%b/%y", "%d/%b/%Y", "%d.%m.%Y", "%m/%d/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return d.and_hms_opt(0, 0, 0).map(|d| d.and_utc());
        }
    }
    None
}

/// Reads a date field into `slot`, noting one that cannot be read.
pub fn date_into(slot: &mut Option<DateTime<Utc>>, odd: &mut Vec<String>, s: &str) {
    if s.trim().is_empty() {
        return;
    }
    match parse_date(s) {
        Some(d) => *slot = Some(d),
        None => odd.push(s.trim().to_owned()),
    }
}

/// The first story points value among `values` when none of them could be
/// read ([`parse_points`]): what the report names, as written.
pub fn odd_points<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<String> {
    values.into_iter().map(str::trim).find(|v| !v.is_empty()).map(str::to_owned)
}

/// Reads story points: a number, with a comma as the decimal mark too.
pub fn parse_points(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    s.replace(',', ".").parse::<f64>().ok().filter(|p| p.is_finite() && *p >= 0.0)
}

/// The kind for a source's issue type: `(kind, kept as a label)`.
pub fn kind_for(t: &str) -> (ItemKind, bool) {
    let norm = t.trim().to_ascii_lowercase().replace(['-', '_'], " ");
    match norm.as_str() {
        "story" | "user story" | "feature" => (ItemKind::Story, false),
        "bug" | "defect" => (ItemKind::Bug, false),
        "task" | "sub task" | "subtask" => (ItemKind::Task, false),
        "epic" => (ItemKind::Epic, false),
        "spike" | "research" => (ItemKind::Spike, false),
        "tech debt" | "technical debt" | "techdebt" => (ItemKind::TechDebt, false),
        _ => (ItemKind::Task, true),
    }
}

/// The built-in table of statuses Jira, GitHub and Linear use.
pub fn builtin_status(s: &str) -> Option<Status> {
    let norm = s.trim().to_ascii_lowercase().replace(['-', '_'], " ");
    let norm = norm.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match norm.as_str() {
        "" | "to do" | "todo" | "backlog" | "open" | "new" | "reopened" | "triage" | "funnel" => Status::New,
        "refined" | "groomed" => Status::Refined,
        "selected for development" | "ready" | "ready for development" | "ready for dev" => Status::Ready,
        "in progress" | "in development" | "doing" | "started" | "active" => Status::InProgress,
        "in review" | "review" | "code review" | "qa" | "testing" | "in testing" | "in qa" => Status::Review,
        "done" | "closed" | "resolved" | "completed" | "complete" | "fixed" => Status::Done,
        "won't do" | "wont do" | "won't fix" | "cancelled" | "canceled" | "rejected" | "duplicate" | "not planned"
        | "dropped" => Status::Dropped,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jira_and_iso_dates() {
        let d = parse_date("08/Sep/21 2:02 PM").unwrap();
        assert_eq!(d.to_rfc3339(), "2021-09-08T14:02:00+00:00");
        assert_eq!(parse_date("08/Sep/21 12:15 AM").unwrap().to_rfc3339(), "2021-09-08T00:15:00+00:00");
        assert_eq!(parse_date("2024-03-01T10:00:00Z").unwrap().to_rfc3339(), "2024-03-01T10:00:00+00:00");
        assert_eq!(parse_date("2024-03-01 10:00").unwrap().to_rfc3339(), "2024-03-01T10:00:00+00:00");
        assert_eq!(parse_date("2023-11-20T09:15:30.123+01:00").unwrap().to_rfc3339(), "2023-11-20T08:15:30.123+00:00");
        assert!(parse_date("next tuesday").is_none());
    }

    #[test]
    fn types_and_statuses() {
        assert_eq!(kind_for("Sub-task"), (ItemKind::Task, false));
        assert_eq!(kind_for("Improvement"), (ItemKind::Task, true));
        assert_eq!(builtin_status("Selected for Development"), Some(Status::Ready));
        assert_eq!(builtin_status("Won't Do"), Some(Status::Dropped));
        assert_eq!(builtin_status("Awaiting Deploy"), None);
        assert_eq!(parse_points("0,5"), Some(0.5));
    }
}
