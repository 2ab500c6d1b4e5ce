//! The git plumbing the trail reads: the refs and their tips, the default
//! branch, new commits and what reaches the default branch. Git runs as a
//! process, as in `store::git`; revisions go in on stdin, so any number of
//! refs fits.

use crate::store::StoreError;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs git in `dir` with `stdin` fed to it; its stdout when it succeeds.
pub(super) fn git(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Result<Vec<u8>, StoreError> {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(dir).args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let failed = |e: std::io::Error| StoreError::Git {
        message: format!("could not run git in {} ({e}); is it installed and on PATH?", dir.display()),
    };
    let mut child = cmd.spawn().map_err(failed)?;
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        // Git reads every revision before it writes a byte: no deadlock.
        pipe.write_all(input).map_err(failed)?;
    }
    let out = child.wait_with_output().map_err(failed)?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        return Err(StoreError::Git { message: format!("git {} failed in {}: {err}", args.join(" "), dir.display()) });
    }
    Ok(out.stdout)
}

/// A branch, remote-tracking branch or tag, with the commit it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Ref {
    /// In full: `refs/heads/main`.
    pub name: String,
    pub commit: String,
}

/// The repository's refs: their commits, and where `origin/HEAD` points.
#[derive(Debug, Default)]
pub(super) struct Refs {
    pub refs: Vec<Ref>,
    /// `origin/HEAD`'s target, in full (`refs/remotes/origin/main`).
    pub origin_head: Option<String>,
    /// The branch checked out (`refs/heads/x`), if any.
    pub current: Option<String>,
    /// The commit checked out, when HEAD is detached.
    pub detached: Option<String>,
}

impl Refs {
    pub fn read(dir: &Path) -> Result<Refs, StoreError> {
        let out = git(
            dir,
            &[
                "for-each-ref",
                "--format=%(objectname)%00%(objecttype)%00%(*objectname)%00%(*objecttype)%00%(refname)%00%(symref)",
                "refs/heads",
                "refs/remotes",
                "refs/tags",
            ],
            None,
        )?;
        let mut refs = Refs::default();
        for line in String::from_utf8_lossy(&out).lines() {
            let f: Vec<&str> = line.split('\0').collect();
            let [oid, kind, peeled, peeled_kind, name, symref] = f[..] else { continue };
            if !symref.is_empty() {
                if name == "refs/remotes/origin/HEAD" {
                    refs.origin_head = Some(symref.to_owned());
                }
                continue;
            }
            // A tag of a tree or a blob leads to no commit.
            let commit = match (kind, peeled_kind) {
                ("commit", _) => oid,
                ("tag", "commit") => peeled,
                _ => continue,
            };
            refs.refs.push(Ref { name: name.to_owned(), commit: commit.to_owned() });
        }
        // Fails when HEAD is detached; an unborn branch is still named.
        refs.current = git(dir, &["symbolic-ref", "-q", "HEAD"], None)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
            .filter(|b| !b.is_empty());
        if refs.current.is_none() {
            refs.detached = git(dir, &["rev-parse", "-q", "--verify", "HEAD^{commit}"], None)
                .ok()
                .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
                .filter(|h| !h.is_empty());
        }
        Ok(refs)
    }

    fn get(&self, name: &str) -> Option<&Ref> {
        self.refs.iter().find(|r| r.name == name)
    }

    /// Every commit a ref points at (HEAD too when detached), sorted.
    pub fn tips(&self) -> Vec<String> {
        let mut tips: Vec<String> = self.refs.iter().map(|r| r.commit.clone()).chain(self.detached.clone()).collect();
        tips.sort();
        tips.dedup();
        tips
    }

    /// The default branch's name (`main`) and its tips, local and on
    /// `origin`: origin/HEAD's target, else `main`, else `master`, else
    /// the branch checked out.
    pub fn default_branch(&self) -> Option<(String, Vec<String>)> {
        let name = self
            .origin_head
            .as_deref()
            .and_then(|t| t.strip_prefix("refs/remotes/origin/"))
            .map(str::to_owned)
            .or_else(|| {
                ["main", "master"]
                    .into_iter()
                    .find(|b| self.get(&format!("refs/heads/{b}")).is_some())
                    .map(str::to_owned)
            })
            .or_else(|| self.current.as_deref().and_then(|c| c.strip_prefix("refs/heads/")).map(str::to_owned))?;
        let mut tips: Vec<String> = [format!("refs/heads/{name}"), format!("refs/remotes/origin/{name}")]
            .iter()
            .filter_map(|r| self.get(r))
            .map(|r| r.commit.clone())
            .collect();
        tips.sort();
        tips.dedup();
        Some((name, tips))
    }
}

/// One commit as read from git.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawCommit {
    pub hash: String,
    pub time: i64,
    pub author: String,
    pub message: String,
}

/// `stdin` lines for "reachable from `want`, not from `known`".
fn revisions(want: &[String], known: &[String]) -> Vec<u8> {
    let mut s = String::new();
    for w in want {
        s.push_str(w);
        s.push('\n');
    }
    for k in known {
        s.push('^');
        s.push_str(k);
        s.push('\n');
    }
    s.into_bytes()
}

/// Runs a revision walk over "reachable from `want`, not from `known`".
/// A `known` commit that is gone (a rebased branch after `git gc`) is
/// left out rather than failing the read: git refuses a missing object
/// even with `--ignore-missing`, so the known ones are checked then.
fn walk(dir: &Path, args: &[&str], want: &[String], known: &[String]) -> Result<Vec<u8>, StoreError> {
    match git(dir, args, Some(&revisions(want, known))) {
        Err(StoreError::Git { .. }) if !known.is_empty() => {
            let present = existing(dir, known)?;
            git(dir, args, Some(&revisions(want, &present)))
        }
        other => other,
    }
}

/// The commits of `hashes` that the repository still has.
fn existing(dir: &Path, hashes: &[String]) -> Result<Vec<String>, StoreError> {
    let out = git(dir, &["cat-file", "--batch-check=%(objectname) %(objecttype)"], Some(&revisions(hashes, &[])))?;
    Ok(String::from_utf8_lossy(&out).lines().filter_map(|l| l.strip_suffix(" commit")).map(str::to_owned).collect())
}

/// The commits reachable from `want` and not from `known`, with their
/// messages.
pub(super) fn commits_since(dir: &Path, want: &[String], known: &[String]) -> Result<Vec<RawCommit>, StoreError> {
    if want.is_empty() {
        return Ok(Vec::new());
    }
    let out = walk(
        dir,
        &["log", "--stdin", "--no-show-signature", "--encoding=UTF-8", "-z", "--format=%H%x00%at%x00%aN%x00%B"],
        want,
        known,
    )?;
    let text = String::from_utf8_lossy(&out);
    let fields: Vec<&str> = text.split('\0').collect();
    let mut commits = Vec::new();
    for f in fields.chunks(4) {
        let [hash, time, author, message] = f else { break };
        let hash = hash.trim();
        // A message with a NUL byte in it (git warns of them) would shift
        // the fields: stop at the first record that does not parse.
        if hash.len() < 40 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            break;
        }
        commits.push(RawCommit {
            hash: hash.to_owned(),
            time: time.trim().parse().unwrap_or(0),
            author: (*author).to_owned(),
            message: (*message).to_owned(),
        });
    }
    Ok(commits)
}

/// The hashes reachable from `want` and not from `known`.
pub(super) fn hashes_since(dir: &Path, want: &[String], known: &[String]) -> Result<Vec<String>, StoreError> {
    if want.is_empty() {
        return Ok(Vec::new());
    }
    let out = walk(dir, &["rev-list", "--stdin"], want, known)?;
    Ok(String::from_utf8_lossy(&out).lines().map(str::to_owned).filter(|l| !l.is_empty()).collect())
}
