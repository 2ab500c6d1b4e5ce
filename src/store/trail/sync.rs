//! Closing words, turned into moves: which stories the commits on the
//! default branch close, which of those moves are still to make, and what
//! is reported instead (a key that does not exist, a story done or dropped
//! already, one already where the setting sends it). Pure: it reads a
//! workspace and a trail; the caller applies the moves through the store.

use super::{Commit, Trail};
use crate::domain::history::commits::{SHORT, commit_via};
use crate::domain::{Status, Workspace};
use serde::Serialize;
use uuid::Uuid;

/// A commit as the report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitRef {
    pub hash: String,
    pub short: String,
    pub subject: String,
    pub author: String,
}

impl From<&Commit> for CommitRef {
    fn from(c: &Commit) -> CommitRef {
        CommitRef { hash: c.hash.clone(), short: c.short.clone(), subject: c.subject.clone(), author: c.author.clone() }
    }
}

/// A story to move, and the commits that close it (oldest first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    #[serde(skip)]
    pub item: Uuid,
    pub key: String,
    pub from: Status,
    pub to: Status,
    pub commits: Vec<CommitRef>,
}

impl Move {
    /// Who the history says made it: the first commit's author.
    pub fn author(&self) -> &str {
        self.commits.first().map_or("", |c| c.author.as_str())
    }
    /// How it arrived, for the history: `commit 1a2b3c4`, or `commits
    /// 1a2b3c4, 5d6e7f8` when several close the story at once.
    pub fn via(&self) -> String {
        commit_via(self.commits.iter().map(|c| c.short.as_str()))
    }
}

/// Why a closing word did not move a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// No item has the key.
    Unknown,
    /// The item was deleted.
    Deleted,
    /// Done or dropped already: a closing word does not reopen or redo.
    Closed { status: Status },
    /// Already where the setting sends closed stories.
    AlreadyThere { status: Status },
    /// The move was refused (the role guard or the Definition of Done in
    /// strict mode): filled in by the caller.
    Refused { message: String },
}

impl Reason {
    pub fn describe(&self, key: &str) -> String {
        match self {
            Reason::Unknown => format!("no item is {key}"),
            Reason::Deleted => format!("{key} was deleted"),
            Reason::Closed { status } => format!("{key} is {status} already"),
            Reason::AlreadyThere { status } => format!("{key} is in {status} already"),
            Reason::Refused { message } => format!("{key} was not moved: {message}"),
        }
    }
}

/// A closing word that moved nothing, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub key: String,
    pub commit: CommitRef,
    #[serde(flatten)]
    pub reason: Reason,
}

/// What a sync would do.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    pub moves: Vec<Move>,
    pub reported: Vec<Report>,
    /// Closing words already applied by an earlier sync (here or in
    /// another clone): the history remembers them, so they move nothing
    /// again, even when the story was moved back since.
    pub applied_before: usize,
}

/// The moves the closing words on the default branch call for, to
/// `target`. A closing word whose commit the workspace's history records
/// as having changed the story already moves nothing again (counted in
/// `applied_before`), even if the story was moved back since.
pub fn plan(ws: &Workspace, trail: &Trail, target: Status) -> Plan {
    let applied = ws.history.commit_changes();
    let mut closing: Vec<&Commit> = trail.commits.iter().filter(|c| c.on_default && !c.closes.is_empty()).collect();
    // Oldest first: the first commit to close a story is the one that moves it.
    closing.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.hash.cmp(&b.hash)));
    let mut plan = Plan::default();
    for commit in closing {
        for key in &commit.closes {
            let report = |reason| Report { key: key.clone(), commit: commit.into(), reason };
            let Some(item) = ws.item_holding_key(key) else {
                plan.reported.push(report(Reason::Unknown));
                continue;
            };
            if !item.is_live() {
                plan.reported.push(report(Reason::Deleted));
                continue;
            }
            if applied.contains(&(item.meta.id, commit.hash[..SHORT.min(commit.hash.len())].to_ascii_lowercase())) {
                plan.applied_before += 1;
                continue;
            }
            if let Some(m) = plan.moves.iter_mut().find(|m| m.item == item.meta.id) {
                m.commits.push(commit.into());
                continue;
            }
            match item.status {
                s if s.is_closed() => plan.reported.push(report(Reason::Closed { status: s })),
                s if s == target => plan.reported.push(report(Reason::AlreadyThere { status: s })),
                from => plan.moves.push(Move {
                    item: item.meta.id,
                    key: item.key.clone(),
                    from,
                    to: target,
                    commits: vec![commit.into()],
                }),
            }
        }
    }
    plan
}
