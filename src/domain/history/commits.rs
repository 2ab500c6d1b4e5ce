//! Changes made by commits: a closing word in a commit (`fixes BL-12`)
//! moves a story with `via: "commit 1a2b3c4"` in its record (`"commits
//! 1a2b3c4, 5d6e7f8"` when several close it at once), and moves it only
//! once: the history is where that is remembered, in every clone.

use super::History;
use std::collections::HashSet;
use uuid::Uuid;

/// How many digits of a hash a `via` names.
pub const SHORT: usize = 7;

/// The `via` of a change made by these commits (their short hashes).
pub fn commit_via<'a>(shorts: impl IntoIterator<Item = &'a str>) -> String {
    let shorts: Vec<&str> = shorts.into_iter().collect();
    match shorts.len() {
        1 => format!("commit {}", shorts[0]),
        _ => format!("commits {}", shorts.join(", ")),
    }
}

/// The short hashes a `via` names; none unless it is a commit's.
pub fn commits_in(via: &str) -> Vec<&str> {
    let list = via.strip_prefix("commits ").or_else(|| via.strip_prefix("commit "));
    list.map_or_else(Vec::new, |l| l.split(',').map(str::trim).filter(|s| s.len() >= SHORT).collect())
}

impl History {
    /// Every (entity id, short hash) whose commit has changed that entity,
    /// found in one pass (a sync asks it of every closing word).
    pub fn commit_changes(&self) -> HashSet<(Uuid, String)> {
        let mut out = HashSet::new();
        for r in self.records() {
            let Some(via) = r.via.as_deref() else { continue };
            for short in commits_in(via) {
                for id in r.edits.iter().filter_map(|e| e.id) {
                    out.insert((id, short[..SHORT].to_ascii_lowercase()));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_via_names_the_commits_of_one_or_several() {
        assert_eq!(commit_via(["1a2b3c4"]), "commit 1a2b3c4");
        assert_eq!(commit_via(["1a2b3c4", "5d6e7f8"]), "commits 1a2b3c4, 5d6e7f8");
        assert_eq!(commits_in("commits 1a2b3c4, 5d6e7f8"), ["1a2b3c4", "5d6e7f8"]);
        assert_eq!(commits_in("commit 1a2b3c4"), ["1a2b3c4"]);
        assert!(commits_in("cli").is_empty());
        assert!(commits_in("import jira").is_empty());
        assert!(commits_in("commit 1a2").is_empty(), "too short to name a commit");
    }
}
