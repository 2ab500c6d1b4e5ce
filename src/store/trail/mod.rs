//! A story's trail in the code: the commits whose message names its key
//! and the branches whose name holds it, read from the git repository
//! that holds the workspace file. Nothing of this is stored in the
//! workspace (a closing word's move is, like any change); what was read
//! is cached per commit in the user's cache folder, so a repository is
//! read once and later reads take only the new commits.

pub mod branch;
mod cache;
pub mod hooks;
pub mod pattern;
mod repo;
pub mod sync;

use super::StoreError;
use crate::domain::Workspace;
use cache::{Cache, CachedCommit};
use chrono::{DateTime, Utc};
pub use pattern::{KeyPattern, Mention};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A commit whose message names at least one key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commit {
    pub hash: String,
    /// The first seven digits, as people quote a commit.
    pub short: String,
    /// The message's first line.
    pub subject: String,
    pub author: String,
    /// When it was authored.
    pub date: DateTime<Utc>,
    /// Reachable from the default branch.
    pub on_default: bool,
    /// The keys it names; `closes` for those after a closing word.
    pub keys: Vec<String>,
    pub closes: Vec<String>,
}

impl Commit {
    /// True if a closing word in it names `key`.
    pub fn closes(&self, key: &str) -> bool {
        self.closes.iter().any(|k| k.eq_ignore_ascii_case(key))
    }
}

/// A branch, local or remote-tracking, whose name holds a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Branch {
    /// As git shows it: `bl-12-login`, `origin/bl-12-login`.
    pub name: String,
    pub remote: bool,
    /// The commit it points at.
    pub commit: String,
    pub keys: Vec<String>,
}

/// What a read cost: how many commits git was asked for this time, and
/// how many were already known from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Commits read from git by this read.
    pub new_commits: u64,
    /// Commits the cache already held (read before).
    pub cached_commits: u64,
    /// The cache was missing or unusable and was built again.
    pub rebuilt: bool,
}

/// Everything the repository says about keys, newest commit first.
#[derive(Debug, Clone, Default)]
pub struct Trail {
    /// The default branch's name (`main`), if there is one.
    pub default_branch: Option<String>,
    pub commits: Vec<Commit>,
    pub branches: Vec<Branch>,
    pub stats: Stats,
    /// Upper-case key -> positions in `commits` and in `branches`.
    by_key: HashMap<String, (Vec<usize>, Vec<usize>)>,
}

impl Trail {
    /// A trail from what was read (tests make one by hand).
    pub fn new(default_branch: Option<String>, mut commits: Vec<Commit>, branches: Vec<Branch>, stats: Stats) -> Trail {
        commits.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.hash.cmp(&b.hash)));
        let mut by_key: HashMap<String, (Vec<usize>, Vec<usize>)> = HashMap::new();
        for (i, c) in commits.iter().enumerate() {
            for k in &c.keys {
                by_key.entry(k.clone()).or_default().0.push(i);
            }
        }
        for (i, b) in branches.iter().enumerate() {
            for k in &b.keys {
                by_key.entry(k.clone()).or_default().1.push(i);
            }
        }
        Trail { default_branch, commits, branches, stats, by_key }
    }

    /// The commits naming `key` (any case), newest first.
    pub fn commits_for<'a>(&'a self, key: &str) -> impl Iterator<Item = &'a Commit> + 'a {
        let at = self.by_key.get(&key.to_ascii_uppercase());
        at.into_iter().flat_map(|(c, _)| c.iter().map(|&i| &self.commits[i]))
    }

    /// The branches whose name holds `key`.
    pub fn branches_for<'a>(&'a self, key: &str) -> impl Iterator<Item = &'a Branch> + 'a {
        let at = self.by_key.get(&key.to_ascii_uppercase());
        at.into_iter().flat_map(|(_, b)| b.iter().map(|&i| &self.branches[i]))
    }

    /// True if any commit or branch names `key`.
    pub fn names(&self, key: &str) -> bool {
        self.by_key.contains_key(&key.to_ascii_uppercase())
    }
}

/// The keys a workspace's commits may name: its prefix, and every other
/// prefix its items' keys carry (a prefix changed in the settings leaves
/// the old keys as they were).
pub fn pattern_for(ws: &Workspace) -> KeyPattern {
    let mut prefixes: BTreeSet<&str> = BTreeSet::new();
    prefixes.insert(&ws.workspace.key_prefix);
    for i in &ws.items {
        if let Some((p, _)) = i.key.rsplit_once('-') {
            prefixes.insert(p);
        }
    }
    KeyPattern::new(prefixes)
}

/// The trail of the repository holding the workspace file `file`, with
/// the cache in the user's cache folder; `None` when the file is not in a
/// git work tree (or git is not installed): there is nothing to say then.
pub fn for_file(file: &Path, ws: &Workspace) -> Result<Option<Trail>, StoreError> {
    let Some(repo) = super::git::InRepo::find(file)? else { return Ok(None) };
    let pattern = pattern_for(ws);
    let cache = cache::path_for(&repo.root, pattern.prefixes());
    read(&repo.root, &pattern, cache.as_deref()).map(Some)
}

/// True while git is in the middle of a rebase, cherry-pick or revert: a
/// hook then leaves the workspace alone, so the file does not change
/// under the commits git is still writing. `hook` is the hook asking:
/// post-rewrite runs when a rebase is done (its folder still there), and
/// post-merge while MERGE_HEAD is still there.
pub fn busy(root: &Path, hook: Option<&str>) -> bool {
    let mut paths = vec!["CHERRY_PICK_HEAD", "REVERT_HEAD", "sequencer"];
    if hook != Some("post-rewrite") {
        paths.extend(["rebase-merge", "rebase-apply"]);
    }
    let mut args = vec!["rev-parse"];
    for p in paths {
        args.extend(["--git-path", p]);
    }
    repo::git(root, &args, None)
        .is_ok_and(|out| String::from_utf8_lossy(&out).lines().any(|p| root.join(p.trim()).exists()))
}

/// Where the trail of the repository at `root` read for `ws` is cached.
pub fn cache_path(root: &Path, ws: &Workspace) -> Option<PathBuf> {
    cache_path_for(root, &pattern_for(ws))
}

/// Where the trail of the repository at `root` read with `pattern` is
/// cached.
pub fn cache_path_for(root: &Path, pattern: &KeyPattern) -> Option<PathBuf> {
    cache::path_for(root, pattern.prefixes())
}

/// Reads the trail of the repository at `root` (its top folder), with the
/// cache at `cache_file` when given: only commits past the ref tips the
/// cache read up to are asked of git.
pub fn read(root: &Path, pattern: &KeyPattern, cache_file: Option<&Path>) -> Result<Trail, StoreError> {
    let refs = repo::Refs::read(root)?;
    let prefixes = pattern.prefixes();
    let loaded = cache_file.and_then(|p| Cache::load(p, root, prefixes));
    let rebuilt = loaded.is_none();
    let mut c = loaded.unwrap_or_else(|| Cache::empty(root, prefixes));
    let mut stats = Stats { new_commits: 0, cached_commits: c.read, rebuilt };
    let mut changed = rebuilt;

    let tips = refs.tips();
    let known: HashSet<&String> = c.tips.iter().collect();
    let new_tips: Vec<String> = tips.iter().filter(|t| !known.contains(t)).cloned().collect();
    if !new_tips.is_empty() {
        for raw in repo::commits_since(root, &new_tips, &c.tips)? {
            stats.new_commits += 1;
            let mentions = pattern.mentions(&raw.message);
            if mentions.is_empty() {
                continue;
            }
            let subject = raw.message.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_owned();
            c.commits.insert(
                raw.hash,
                CachedCommit {
                    time: raw.time,
                    author: raw.author,
                    subject,
                    closes: mentions.iter().filter(|m| m.closes).map(|m| m.key.clone()).collect(),
                    keys: mentions.into_iter().map(|m| m.key).collect(),
                    on_default: false,
                },
            );
        }
        c.read += stats.new_commits;
    }
    if c.tips != tips {
        c.tips = tips;
        changed = true;
    }

    let (default_name, default_tips) = refs.default_branch().map_or((None, Vec::new()), |(n, t)| (Some(n), t));
    if default_tips != c.default_tips {
        mark_on_default(root, &mut c, &default_tips)?;
        c.default_tips = default_tips;
        changed = true;
    }
    if changed && let Some(p) = cache_file {
        // Not written: the next read reads again, and says nothing.
        let _ = c.save(p);
    }

    let commits = c
        .commits
        .into_iter()
        .map(|(hash, cc)| Commit {
            short: hash.chars().take(7).collect(),
            hash,
            subject: cc.subject,
            author: cc.author,
            date: DateTime::from_timestamp(cc.time, 0).unwrap_or_default(),
            on_default: cc.on_default,
            keys: cc.keys,
            closes: cc.closes,
        })
        .collect();
    let branches = refs
        .refs
        .iter()
        .filter_map(|r| {
            let (name, remote) = match (r.name.strip_prefix("refs/heads/"), r.name.strip_prefix("refs/remotes/")) {
                (Some(n), _) => (n, false),
                (_, Some(n)) => (n, true),
                _ => return None,
            };
            let keys = pattern.keys_in(name);
            (!keys.is_empty()).then(|| Branch { name: name.to_owned(), remote, commit: r.commit.clone(), keys })
        })
        .collect();
    Ok(Trail::new(default_name, commits, branches, stats))
}

/// Brings each cached commit's `on_default` up to date with the default
/// branch now at `tips`. When the branch only moved forward, only the
/// commits it gained are asked of git; when it lost some (a force-push, a
/// reset), every commit on it.
fn mark_on_default(root: &Path, c: &mut Cache, tips: &[String]) -> Result<(), StoreError> {
    let forward =
        !c.default_tips.is_empty() && repo::hashes_since(root, &c.default_tips, tips).is_ok_and(|l| l.is_empty());
    if forward {
        let gained: HashSet<String> = repo::hashes_since(root, tips, &c.default_tips)?.into_iter().collect();
        for (hash, cc) in c.commits.iter_mut() {
            cc.on_default |= gained.contains(hash);
        }
    } else {
        let on: HashSet<String> = repo::hashes_since(root, tips, &[])?.into_iter().collect();
        for (hash, cc) in c.commits.iter_mut() {
            cc.on_default = on.contains(hash);
        }
    }
    Ok(())
}
