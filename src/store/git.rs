//! The workspace in a git repository: merging three versions of the file
//! the way the store merges two sessions (the merge driver, `git resolve`,
//! and opening a file git left with conflict markers), and setting the
//! driver up. Git itself is run as a process: its plumbing commands are
//! its stable interface.

use super::codec;
use super::error::StoreError;
use super::fsio::{self, Lock, Paths};
use super::merge::{self, MergeReport, Opts, Prefer};
use crate::domain::entity::Role;
use crate::domain::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The merge driver's name in `.gitattributes` and the git config.
pub const DRIVER: &str = "backlog";

/// One of the three versions a merge reads.
pub struct Version<'a> {
    /// What to call it in messages (git's temp file, or `:2:backlog.json`).
    pub name: &'a Path,
    pub bytes: &'a [u8],
}

/// The outcome of a three-way merge of the file.
#[derive(Debug)]
pub struct Merged {
    /// Canonical bytes of the merged workspace.
    pub bytes: Vec<u8>,
    pub ws: Workspace,
    pub report: MergeReport,
    /// What the user should hear about writing it (no backup kept, and why).
    pub warnings: Vec<String>,
}

fn decode(v: &Version) -> Result<Workspace, StoreError> {
    let decoded = codec::decode(v.name, v.bytes)?;
    if let Some(reason) = decoded.read_only {
        return Err(StoreError::ReadOnly { path: v.name.to_owned(), reason });
    }
    Ok(decoded.ws)
}

/// Merges two versions that share `base`, with the store's rules and
/// neither side preferred. An empty base (both branches added the file)
/// merges every entity as created on both sides.
pub fn merge_versions(
    base: Version,
    ours: Version,
    theirs: Version,
    role: Role,
    by: &str,
    names: merge::Names,
) -> Result<Merged, StoreError> {
    let ours = decode(&ours)?;
    let theirs = decode(&theirs)?;
    let base = if base.bytes.iter().all(u8::is_ascii_whitespace) { without_entities(&ours) } else { decode(&base)? };
    let opts = Opts { now: chrono::Utc::now(), role, by: by.to_owned(), prefer: Prefer::Neither, names };
    let (ws, report) = merge::merge_files(&base, &ours, theirs, opts);
    Ok(Merged { bytes: codec::encode(&ws), ws, report, warnings: Vec::new() })
}

/// `ws` with no goals, initiatives, items, sprints or conflicts: the base of
/// two files that were created apart.
fn without_entities(ws: &Workspace) -> Workspace {
    let mut base = ws.clone();
    base.goals.clear();
    base.roadmap.clear();
    base.items.clear();
    base.sprints.clear();
    base.conflicts.clear();
    base.reindex();
    base
}

/// What to tell the user after a merge from git's index.
pub fn resolved_notice(file: &Path, report: &MergeReport) -> String {
    let mut msg =
        format!("{} had git conflict markers: merged again from git's index, entity by entity", file.display());
    for (old, new) in &report.renumbered {
        msg.push_str(&format!("; {old} (created on both branches) is now {new}"));
    }
    match report.conflicts.len() {
        0 => msg.push_str("; no conflicts, `git add` the file to finish"),
        n => msg.push_str(&format!(
            "; {n} conflicting edit(s) to settle with `backlog conflicts list|resolve`, then `git add` the file"
        )),
    }
    msg
}

/// True if the bytes look like a file git merged line by line and left
/// with conflict markers.
pub fn has_conflict_markers(bytes: &[u8]) -> bool {
    bytes.split(|b| *b == b'\n').any(|l| l.starts_with(b"<<<<<<< ") || l == b"<<<<<<<")
}

/// Runs git in `dir`; its stdout when it succeeds.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, StoreError> {
    let out =
        Command::new("git").arg("-C").arg(dir).args(args).output().map_err(|e| StoreError::Git {
            message: format!("could not run git ({e}); is it installed and on PATH?"),
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        return Err(StoreError::Git { message: format!("git {} failed: {err}", args.join(" ")) });
    }
    Ok(out.stdout)
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).trim_end_matches(['\n', '\r']).to_owned()
}

/// The workspace file as git sees it: the repository and the file's path
/// inside it.
#[derive(Debug, Clone)]
pub struct InRepo {
    pub root: PathBuf,
    /// Relative to `root`, with `/` separators.
    pub rel: String,
    paths: Paths,
}

impl InRepo {
    /// `None` when the file is not inside a git work tree.
    pub fn find(file: &Path) -> Result<Option<InRepo>, StoreError> {
        let paths = Paths::resolve(file)?;
        // Outside a work tree (or without git at all) this fails: no repo.
        let Ok(top) = git(&paths.dir, &["rev-parse", "--show-toplevel"]) else { return Ok(None) };
        let root = PathBuf::from(text(top));
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        let rel = paths
            .file
            .strip_prefix(&root)
            .map_err(|_| StoreError::Git {
                message: format!("{} is not inside the repository at {}", paths.file.display(), root.display()),
            })?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Some(InRepo { root, rel, paths }))
    }

    /// One stage of the file in git's index during a conflicted merge:
    /// 1 the common ancestor, 2 ours, 3 theirs. `None` if that stage is
    /// absent (no common ancestor).
    fn stage(&self, n: u8) -> Result<Option<Vec<u8>>, StoreError> {
        let spec = format!(":{n}:{}", self.rel);
        match git(&self.root, &["show", &spec]) {
            Ok(b) => Ok(Some(b)),
            Err(_) if n == 1 => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// True while git holds the file as unmerged (stages in the index).
    pub fn unmerged(&self) -> Result<bool, StoreError> {
        Ok(!git(&self.root, &["ls-files", "--unmerged", "--", &self.rel])?.is_empty())
    }

    /// Redoes git's merge of the file from the index stages with the
    /// store's merge, and writes the result over the file (locked, atomic,
    /// the old version kept as a backup). `None` if git has no conflicted
    /// merge of the file.
    pub fn resolve(&self, role: Role, by: &str) -> Result<Option<Merged>, StoreError> {
        if !self.unmerged()? {
            return Ok(None);
        }
        let (ours, theirs) = match (self.stage(2)?, self.stage(3)?) {
            (Some(o), Some(t)) => (o, t),
            _ => {
                return Err(StoreError::Git {
                    message: format!(
                        "{}: one side of the merge deleted the file; keep the other with `git checkout --ours` or `--theirs`",
                        self.rel
                    ),
                });
            }
        };
        let base = self.stage(1)?.unwrap_or_default();
        let name = |n: u8| PathBuf::from(format!(":{n}:{}", self.rel));
        let (n1, n2, n3) = (name(1), name(2), name(3));
        let merged = merge_versions(
            Version { name: &n1, bytes: &base },
            Version { name: &n2, bytes: &ours },
            Version { name: &n3, bytes: &theirs },
            role,
            by,
            self.names(),
        )?;
        let _lock = Lock::acquire(&self.paths)?;
        let skipped = super::backup::replace(&self.paths, &merged.bytes)?;
        Ok(Some(Merged { warnings: skipped.iter().map(ToString::to_string).collect(), ..merged }))
    }

    /// The two sides of the merge under way, as git names them: the
    /// branch checked out, and the one being merged (where git can say).
    fn names(&self) -> merge::Names {
        let ours = git(&self.root, &["symbolic-ref", "--short", "-q", "HEAD"]).ok().map(text);
        let theirs = git(&self.root, &["name-rev", "--name-only", "--no-undefined", "MERGE_HEAD"]).ok().map(text);
        merge::Names::git(ours.as_deref(), theirs.as_deref())
    }

    /// Whether the driver is set up for this file.
    pub fn status(&self) -> Result<DriverStatus, StoreError> {
        let attr = text(git(&self.root, &["check-attr", "merge", "--", &self.rel])?);
        let attribute = attr.rsplit(": ").next() == Some(DRIVER);
        let driver = git(&self.root, &["config", "--get", &format!("merge.{DRIVER}.driver")]).ok().map(text);
        Ok(DriverStatus { attribute, driver, unmerged: self.unmerged()? })
    }

    /// Installs the driver: the attribute in `.gitattributes` at the top of
    /// the work tree (added once) and the command in the repository's git
    /// config. `program` is how git should call backlog.
    pub fn setup(&self, program: &str) -> Result<Setup, StoreError> {
        let attributes = self.root.join(".gitattributes");
        let existing = match std::fs::read_to_string(&attributes) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(StoreError::io("read", &attributes, e)),
        };
        let line = format!("{} merge={DRIVER}", pattern(&self.rel));
        // The archive beside the file merges the same way.
        let archived = super::archive::path(Path::new(&self.rel)).to_string_lossy().into_owned();
        let archive_line = format!("{} merge={DRIVER}", pattern(&archived));
        let missing: Vec<&String> =
            [&line, &archive_line].into_iter().filter(|want| !existing.lines().any(|l| l.trim() == *want)).collect();
        let added = !missing.is_empty();
        if added {
            let mut text = existing;
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            for l in missing {
                text.push_str(l);
                text.push('\n');
            }
            // Never through a link: git does not read one there either.
            let paths = Paths::unlinked(&attributes, "the attributes file (a regular file)")?;
            fsio::write_atomic(&paths, text.as_bytes(), || Ok(()))?;
        }
        let command = format!("{program} merge-driver %O %A %B %P %X %Y");
        git(&self.root, &["config", &format!("merge.{DRIVER}.name"), "backlog: merge the workspace entity by entity"])?;
        git(&self.root, &["config", &format!("merge.{DRIVER}.driver"), &command])?;
        Ok(Setup { attributes, line, archive_line, added, command })
    }
}

/// A `.gitattributes` pattern for exactly this path from the top of the
/// work tree (quoted when it holds spaces or quotes).
fn pattern(rel: &str) -> String {
    let anchored = format!("/{rel}");
    if anchored.chars().any(|c| c.is_whitespace() || c == '"' || c == '\\') {
        format!("\"{}\"", anchored.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        anchored
    }
}

/// What `git status` reports.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DriverStatus {
    /// `.gitattributes` routes the file to the driver.
    pub attribute: bool,
    /// The command configured for the driver in this clone, if any.
    pub driver: Option<String>,
    /// Git holds the file as unmerged right now.
    pub unmerged: bool,
}

impl DriverStatus {
    pub fn installed(&self) -> bool {
        self.attribute && self.driver.is_some()
    }
}

/// What `git setup` did.
#[derive(Debug, Clone)]
pub struct Setup {
    pub attributes: PathBuf,
    pub line: String,
    /// The line for the archive beside the file.
    pub archive_line: String,
    /// False when the line was already there.
    pub added: bool,
    pub command: String,
}
