//! Git hooks that run `backlog git sync` after a commit, a merge (a pull)
//! and a rebase, added beside whatever hook is there, never over it: a
//! marked block goes in right after an existing script's first line (so an
//! `exit` at its end cannot skip it), and removing it gives back the
//! user's hook byte for byte. The block can never fail the hook.

use crate::store::StoreError;
use std::path::{Path, PathBuf};

/// The hooks that see commits arrive: a commit, a merge or fast-forward
/// (`git pull`), and a rebase (`git pull --rebase`, `commit --amend`).
pub const HOOKS: [&str; 3] = ["post-commit", "post-merge", "post-rewrite"];

const BEGIN: &str = "# >>> backlog git sync >>>";
const END: &str = "# <<< backlog git sync <<<";
/// In the block of a hook backlog created: removing the block then
/// removes the file, if nothing else was added to it.
const CREATED: &str = "# (this file was created by backlog for this block)";
const SHEBANG: &str = "#!/bin/sh\n";

/// What happened to one hook.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// There was no hook: a new one holds just the block.
    Created,
    /// The block went into the existing hook.
    Added,
    /// The block was there with another command (backlog moved): replaced.
    Updated,
    AlreadyThere,
    /// Left alone, and why.
    Skipped {
        why: String,
    },
    /// The block was taken out; the hook is as it was before.
    Removed,
    /// The hook held only the block backlog created: the file is gone.
    RemovedFile,
    /// Nothing of backlog's was there.
    NotThere,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HookChange {
    pub hook: PathBuf,
    #[serde(flatten)]
    pub action: Action,
}

/// The folder git runs hooks from (`core.hooksPath` when set).
pub fn hooks_dir(root: &Path) -> Result<PathBuf, StoreError> {
    let out = super::repo::git(root, &["rev-parse", "--git-path", "hooks"], None)?;
    let rel = String::from_utf8_lossy(&out).trim().to_owned();
    Ok(root.join(rel))
}

/// The block that runs `command` (the shell words for `backlog
/// --workspace … git sync --quiet`); `program` is checked to be there
/// first, so a hook of a clone where backlog is not installed stays quiet.
fn block(program: &str, command: &str, created: bool) -> String {
    let check = if program.contains('/') {
        format!("[ -x {program} ]")
    } else {
        format!("command -v {program} >/dev/null 2>&1")
    };
    let mut b = format!("{BEGIN}\n");
    if created {
        b.push_str(CREATED);
        b.push('\n');
    }
    b.push_str(
        "# Added by `backlog git setup --hooks` (`backlog git setup --remove-hooks` takes it out):\n\
         # stories that commits on the default branch close move; this never fails the hook.\n",
    );
    b.push_str(&format!("if {check}; then {command} </dev/null || true; fi\n"));
    b.push_str(END);
    b.push('\n');
    b
}

/// Where backlog's block is in `text`: the bytes to take out (with the
/// newline put before it when the hook's first line had none).
fn find_block(text: &str) -> Option<std::ops::Range<usize>> {
    let mut start = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if start.is_none() && bare == BEGIN {
            start = Some(at);
        } else if let Some(s) = start
            && bare == END
        {
            let end = at + line.len();
            let s = if !line.ends_with('\n') && s > 0 && text[..s].ends_with('\n') { s - 1 } else { s };
            return Some(s..end);
        }
        at += line.len();
    }
    None
}

/// Whether a script's first line runs it with a shell the block is
/// written for.
fn runs_in_sh(first: &str) -> bool {
    let Some(cmd) = first.strip_prefix("#!") else { return true };
    let mut words = cmd.split_whitespace();
    let mut prog = words.next().unwrap_or("");
    if prog.ends_with("/env") {
        prog = words.find(|w| !w.starts_with('-')).unwrap_or("");
    }
    let name = prog.rsplit('/').next().unwrap_or("");
    ["sh", "bash", "dash", "zsh", "ksh", "ash", "busybox"].contains(&name)
}

/// Writes `text` to `path` through a temp file renamed over it, with
/// `mode`.
fn write(path: &Path, text: &str, mode: u32) -> Result<(), StoreError> {
    use std::os::unix::fs::PermissionsExt;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io("create the hooks folder", dir, e))?;
    let failed = |e| StoreError::io("write the hook", path, e);
    let mut tmp = tempfile::Builder::new().prefix(".backlog-hook-").tempfile_in(dir).map_err(failed)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(failed)?;
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode)).map_err(failed)?;
    tmp.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

/// Adds the block running `command(hook name)` to each hook in `dir`.
pub fn install(dir: &Path, program: &str, command: impl Fn(&str) -> String) -> Result<Vec<HookChange>, StoreError> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    for name in HOOKS {
        let hook = dir.join(name);
        let command = command(name);
        let command = command.as_str();
        let meta = std::fs::symlink_metadata(&hook);
        let action = match meta {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                write(&hook, &format!("{SHEBANG}{}", block(program, command, true)), 0o755)?;
                Action::Created
            }
            Err(e) => return Err(StoreError::io("read", &hook, e)),
            Ok(m) if m.file_type().is_symlink() => {
                Action::Skipped { why: "it is a symbolic link (a hook manager's?): add the line to its target".into() }
            }
            Ok(m) if !m.is_file() => Action::Skipped { why: "it is not a regular file".into() },
            Ok(m) if m.permissions().mode() & 0o111 == 0 => Action::Skipped {
                why: "it is not executable, so git does not run it (make it executable first)".into(),
            },
            Ok(m) => {
                let text = std::fs::read_to_string(&hook).map_err(|e| StoreError::io("read", &hook, e))?;
                let mode = m.permissions().mode() & 0o7777;
                let first = text.lines().next().unwrap_or("");
                match find_block(&text) {
                    Some(r) => {
                        let created = text[r.clone()].contains(CREATED);
                        let new = block(program, command, created);
                        let old = text[r.clone()].trim_start_matches('\n');
                        if old == new || old == new.trim_end_matches('\n') {
                            Action::AlreadyThere
                        } else {
                            let lead = if text[r.clone()].starts_with('\n') { "\n" } else { "" };
                            let tail = if text[r.clone()].ends_with('\n') { new.as_str() } else { new.trim_end() };
                            let updated = format!("{}{lead}{tail}{}", &text[..r.start], &text[r.end..]);
                            write(&hook, &updated, mode)?;
                            Action::Updated
                        }
                    }
                    None if !runs_in_sh(first) => Action::Skipped {
                        why: format!(
                            "it is not a shell script ({}): add `{command} || true` to it yourself",
                            first.trim()
                        ),
                    },
                    None => {
                        let b = block(program, command, false);
                        let new = if !first.starts_with("#!") {
                            format!("{b}{text}")
                        } else if let Some(nl) = text.find('\n') {
                            format!("{}{b}{}", &text[..=nl], &text[nl + 1..])
                        } else {
                            // A first line without its newline: the block
                            // brings one, and takes it away again.
                            format!("{text}\n{}", b.trim_end_matches('\n'))
                        };
                        write(&hook, &new, mode)?;
                        Action::Added
                    }
                }
            }
        };
        out.push(HookChange { hook, action });
    }
    Ok(out)
}

/// Takes backlog's block out of each hook in `dir`, leaving every other
/// byte as it was; a hook backlog created with nothing else in it goes.
pub fn remove(dir: &Path) -> Result<Vec<HookChange>, StoreError> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    for name in HOOKS {
        let hook = dir.join(name);
        let action = match std::fs::symlink_metadata(&hook) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Action::NotThere,
            Err(e) => return Err(StoreError::io("read", &hook, e)),
            Ok(m) if !m.is_file() => Action::NotThere,
            Ok(m) => {
                let text = std::fs::read_to_string(&hook).unwrap_or_default();
                match find_block(&text) {
                    None => Action::NotThere,
                    Some(r) => {
                        let created = text[r.clone()].contains(CREATED);
                        let rest = format!("{}{}", &text[..r.start], &text[r.end..]);
                        if created && rest == SHEBANG {
                            std::fs::remove_file(&hook).map_err(|e| StoreError::io("remove", &hook, e))?;
                            Action::RemovedFile
                        } else {
                            write(&hook, &rest, m.permissions().mode() & 0o7777)?;
                            Action::Removed
                        }
                    }
                }
            }
        };
        out.push(HookChange { hook, action });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn hook(dir: &Path, name: &str, text: &str, mode: u32) {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    fn actions(v: &[HookChange]) -> Vec<Action> {
        v.iter().map(|c| c.action.clone()).collect()
    }

    #[test]
    fn added_beside_any_shell_hook_and_removed_to_the_byte() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        let mine = "#!/usr/bin/env bash\nset -e\necho mine\nexit 0";
        hook(d, "post-commit", mine, 0o750);
        hook(d, "post-merge", "#!/bin/sh", 0o755);
        let first = install(d, "backlog", |h| format!("backlog git sync --quiet --hook {h}")).unwrap();
        assert_eq!(actions(&first), [Action::Added, Action::Added, Action::Created]);
        let text = std::fs::read_to_string(d.join("post-commit")).unwrap();
        assert!(text.starts_with("#!/usr/bin/env bash\n# >>> backlog git sync >>>\n"), "{text}");
        assert!(text.ends_with("# <<< backlog git sync <<<\nset -e\necho mine\nexit 0"), "{text}");
        let mode = |n: &str| std::fs::metadata(d.join(n)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("post-commit"), 0o750, "the hook keeps its mode");
        assert_eq!(mode("post-rewrite"), 0o755);
        // Again: nothing changes.
        let again = install(d, "backlog", |h| format!("backlog git sync --quiet --hook {h}")).unwrap();
        assert_eq!(actions(&again), [const { Action::AlreadyThere }; 3]);
        // Another program path: the block is brought up to date.
        let moved = install(d, "/opt/bl", |h| format!("/opt/bl git sync --quiet --hook {h}")).unwrap();
        assert_eq!(actions(&moved), [const { Action::Updated }; 3]);
        let removed = remove(d).unwrap();
        assert_eq!(actions(&removed), [Action::Removed, Action::Removed, Action::RemovedFile]);
        assert_eq!(std::fs::read_to_string(d.join("post-commit")).unwrap(), mine);
        assert_eq!(std::fs::read_to_string(d.join("post-merge")).unwrap(), "#!/bin/sh");
        assert!(!d.join("post-rewrite").exists());
        assert_eq!(mode("post-commit"), 0o750);
        assert_eq!(actions(&remove(d).unwrap()), [const { Action::NotThere }; 3]);
        // No temp files left behind.
        let mut names: Vec<String> =
            std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["post-commit", "post-merge"]);
    }

    #[test]
    fn hooks_it_cannot_safely_change_are_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        hook(d, "post-commit", "#!/usr/bin/env python3\nprint('hi')\n", 0o755);
        hook(d, "post-merge", "#!/bin/sh\necho off\n", 0o644);
        std::os::unix::fs::symlink("/bin/true", d.join("post-rewrite")).unwrap();
        let done = install(d, "backlog", |h| format!("backlog git sync --quiet --hook {h}")).unwrap();
        assert!(done.iter().all(|c| matches!(c.action, Action::Skipped { .. })), "{done:?}");
        assert_eq!(std::fs::read_to_string(d.join("post-commit")).unwrap(), "#!/usr/bin/env python3\nprint('hi')\n");
        assert_eq!(std::fs::read_to_string(d.join("post-merge")).unwrap(), "#!/bin/sh\necho off\n");
    }

    #[test]
    fn a_hook_created_by_backlog_and_added_to_since_stays() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        install(d, "backlog", |h| format!("backlog git sync --quiet --hook {h}")).unwrap();
        let p = d.join("post-commit");
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str("echo theirs\n");
        std::fs::write(&p, &text).unwrap();
        remove(d).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "#!/bin/sh\necho theirs\n");
    }
}
