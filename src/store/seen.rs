//! "Since I last looked": for each workspace and person, the time of the
//! newest change they have seen in the activity feed. Kept in the user's
//! data folder, never in the shared file (what one person has read is
//! nobody else's business, and would make every look a change to merge).

use super::error::StoreError;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// workspace path -> person -> newest change seen.
type Seen = BTreeMap<String, BTreeMap<String, DateTime<Utc>>>;

fn file() -> Option<PathBuf> {
    super::locate::data_dir().map(|d| d.join("seen.json"))
}

fn key(workspace: &Path) -> String {
    std::fs::canonicalize(workspace).unwrap_or_else(|_| workspace.to_owned()).display().to_string()
}

fn read(path: &Path) -> Seen {
    // Unreadable or from elsewhere: start again rather than fail a look.
    std::fs::read(path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

/// When `person` last looked at the activity of `workspace`, if ever.
pub fn last_seen(workspace: &Path, person: &str) -> Option<DateTime<Utc>> {
    read(&file()?).get(&key(workspace))?.get(person).copied()
}

/// Remembers that `person` has seen the changes of `workspace` up to `at`
/// (never moving back).
pub fn mark_seen(workspace: &Path, person: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
    let Some(path) = file() else { return Ok(()) };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io("create the data folder", dir, e))?;
    let mut seen = read(&path);
    let slot = seen.entry(key(workspace)).or_default().entry(person.to_owned()).or_insert(at);
    *slot = (*slot).max(at);
    let bytes = serde_json::to_vec_pretty(&seen).expect("a map of strings and times serializes");
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| StoreError::io("write", &path, e))?;
    std::io::Write::write_all(&mut tmp, &bytes).map_err(|e| StoreError::io("write", &path, e))?;
    tmp.persist(&path).map_err(|e| StoreError::io("write", &path, e.error))?;
    Ok(())
}
