//! Creating and checking out a story's branch (the name comes from
//! `domain::branch_name`).

use super::repo::git;
use crate::store::StoreError;
use std::path::Path;

/// How `switch_to` got onto the branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Switched {
    /// A new branch from the commit checked out.
    Created,
    /// A new local branch tracking `origin`'s branch of that name.
    Tracking,
    /// The branch was there already.
    Existing,
    /// It is the branch checked out already.
    Current,
}

/// Checks out branch `name`, creating it (from HEAD, or from `origin`'s
/// branch of that name when there is one) if it is not there. Git's own
/// refusal (uncommitted changes in the way) is the error.
pub fn switch_to(root: &Path, name: &str) -> Result<Switched, StoreError> {
    git(root, &["check-ref-format", "--branch", name], None)
        .map_err(|_| StoreError::Git { message: format!("{name:?} is not a name git takes for a branch") })?;
    let has = |r: &str| git(root, &["rev-parse", "-q", "--verify", r], None).is_ok();
    let current = git(root, &["symbolic-ref", "-q", "--short", "HEAD"], None).ok();
    if current.is_some_and(|c| String::from_utf8_lossy(&c).trim() == name) {
        return Ok(Switched::Current);
    }
    if has(&format!("refs/heads/{name}")) {
        git(root, &["checkout", "-q", name, "--"], None)?;
        return Ok(Switched::Existing);
    }
    let remote = format!("refs/remotes/origin/{name}");
    if has(&remote) {
        git(root, &["checkout", "-q", "-b", name, "--track", &format!("origin/{name}")], None)?;
        return Ok(Switched::Tracking);
    }
    git(root, &["checkout", "-q", "-b", name], None)?;
    Ok(Switched::Created)
}
