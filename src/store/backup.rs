//! Earlier versions of the file, kept beside it in `.<name>.backups/`.
//! Before a save replaces the file, the old version is hard-linked there
//! (no copy, whatever the size), and those the retention rule no longer
//! wants are removed: the newest few and one per hour, day and week
//! ([`super::retention`]).
//!
//! Only a real folder is used. A symbolic link at that path (one that came
//! with a cloned repository, say) is never followed: through it, pruning
//! deleted other files in the folder it pointed to and the folder's mode
//! was changed. A save then keeps no backup and says so ([`NotAFolder`])
//! rather than fail: the new version holds the old one's changes (merged),
//! so nothing saved is lost, and a bad path beside the file cannot block
//! every save until someone notices. Pruning removes only files named the
//! way this module names them.

use super::error::StoreError;
use super::fsio::layer::Current;
use super::fsio::{self, Paths, own, share};
use std::fs::{self, Metadata};
use std::path::PathBuf;
use std::time::SystemTime;

/// How many names in one clock tick are tried before giving up.
const SAME_TICK: usize = 1000;

#[derive(Debug, Clone)]
pub struct Backup {
    pub path: PathBuf,
    pub modified: Option<SystemTime>,
    pub len: u64,
}

/// Something other than a folder (a link, a file) is where the backups
/// go: nothing is kept, listed or removed there until it is cleared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{} is {found} where backlog keeps the backups of {}; backlog does not follow or change it, so no backups are kept or listed there: {fix}, and the next save makes the folder",
    dir.display(),
    file.display()
)]
pub struct NotAFolder {
    pub file: PathBuf,
    pub dir: PathBuf,
    pub found: &'static str,
    pub fix: String,
}

impl NotAFolder {
    fn new(paths: &Paths, meta: &Metadata) -> NotAFolder {
        let dir = paths.backups();
        NotAFolder { file: paths.file.clone(), found: own::found(meta), fix: own::fix(&dir, meta), dir }
    }
}

/// What is wrong with the backups path, if it holds something other than
/// a folder (nothing there yet is fine: the next save makes it).
pub fn check(paths: &Paths) -> Option<NotAFolder> {
    match fs::symlink_metadata(paths.backups()) {
        Ok(m) if !m.is_dir() => Some(NotAFolder::new(paths, &m)),
        _ => None,
    }
}

/// Keeps the current file as the newest backup. Call with the lock held,
/// just before the file is replaced. The folder is made with the file's
/// group and matching permissions, so everyone who may save the file may
/// add backups (see `fsio::share`). Returns why no backup was kept when
/// the backups path is not a folder; the save goes on.
///
/// Every call in the folder goes through it opened without following a
/// link, so a link put there after the check is not followed either.
pub fn keep_current(paths: &Paths) -> Result<Option<NotAFolder>, StoreError> {
    let Ok(meta) = fs::metadata(&paths.file) else {
        return Ok(None);
    };
    let current = Current::get();
    let layer = current.fs();
    let dir = paths.backups();
    let failed = |e| StoreError::Backup { file: paths.file.clone(), dir: dir.clone(), source: e };
    let made = match fs::symlink_metadata(&dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            share::make_backup_dir(layer, &dir, &meta).map_err(failed)?
        }
        Ok(m) if !m.is_dir() => return Ok(Some(NotAFolder::new(paths, &m))),
        _ => None,
    };
    let d = match made {
        Some(d) => d,
        None => match layer.open_dir(&dir) {
            Ok(d) => {
                share::mend_backup_dir(layer, &dir, &d, &meta);
                d
            }
            Err(e) if own::not_a_dir(&e) => match check(paths) {
                Some(not) => return Ok(Some(not)),
                None => return Err(failed(e)),
            },
            Err(e) => return Err(failed(e)),
        },
    };
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ");
    for n in 0..SAME_TICK {
        let target = dir.join(if n == 0 { format!("{stamp}.json") } else { format!("{stamp}-{n}.json") });
        let kept = match layer.link_into(&paths.file, &d, &target) {
            // No hard links here (some network and FAT mounts): a copy.
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => layer
                .copy_into(&paths.file, &d, &target)
                .and_then(|f| share::copy_keeps_group(layer, &target, &f, &meta)),
            other => other,
        };
        match kept {
            Ok(()) => break,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n + 1 < SAME_TICK => {}
            Err(e) => return Err(failed(e)),
        }
    }
    let all = list(paths);
    let stamps: Vec<chrono::NaiveDateTime> = all.iter().map(|b| taken(&b.path)).collect();
    let keep = super::retention::current().kept(&stamps);
    for (_, old) in all.iter().enumerate().filter(|(i, _)| !keep.contains(i)) {
        let _ = layer.remove_from(&d, &old.path);
    }
    Ok(None)
}

/// Replaces the file with `bytes` ([`fsio::write_atomic`]), the current
/// version kept as a backup first; returns why none was kept, if so.
pub fn replace(paths: &Paths, bytes: &[u8]) -> Result<Option<NotAFolder>, StoreError> {
    let mut skipped = None;
    fsio::write_atomic(paths, bytes, || {
        skipped = keep_current(paths)?;
        Ok(())
    })?;
    Ok(skipped)
}

/// Backups, newest first: the regular files in the folder named the way
/// [`keep_current`] names them. None when the folder is not a folder
/// ([`check`] says why): a link there is not read through.
pub fn list(paths: &Paths) -> Vec<Backup> {
    let dir = paths.backups();
    if !fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
        return Vec::new();
    }
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<Backup> = entries
        .flatten()
        .filter(|e| own_name(&e.file_name().to_string_lossy()))
        .filter_map(|e| {
            // An entry's metadata does not follow a link: a link is no backup.
            let meta = e.metadata().ok().filter(Metadata::is_file)?;
            Some(Backup { path: e.path(), modified: meta.modified().ok(), len: meta.len() })
        })
        .collect();
    out.sort_by_cached_key(|b| std::cmp::Reverse(order(&b.path)));
    out
}

/// True for a name [`keep_current`] gives: `20250615T120000.000001Z.json`,
/// or with `-N` before `.json` for the N+1th in one clock tick.
fn own_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".json") else { return false };
    let stamp = match stem.split_once('-') {
        Some((stamp, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => stamp,
        Some(_) => return false,
        None => stem,
    };
    stamp.len() == 23
        && stamp.bytes().enumerate().all(|(i, b)| match i {
            8 => b == b'T',
            15 => b == b'.',
            22 => b == b'Z',
            _ => b.is_ascii_digit(),
        })
}

/// When a backup was taken, from its name (UTC; only names
/// [`own_name`] accepts are listed, so every one reads).
fn taken(path: &std::path::Path) -> chrono::NaiveDateTime {
    let (stamp, _) = order(path);
    chrono::NaiveDateTime::parse_from_str(&stamp, "%Y%m%dT%H%M%S%.fZ").unwrap_or_default()
}

/// Where a backup sorts in time: names are UTC timestamps, and backups made
/// within one clock tick get `-1`, `-2`, … in the order they were made
/// (compared as numbers: `-10` after `-9`, and all after the plain name).
fn order(path: &std::path::Path) -> (String, u64) {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = name.strip_suffix(".json").unwrap_or(&name);
    match stem.rsplit_once('-').and_then(|(stamp, n)| Some((stamp, n.parse::<u64>().ok()?))) {
        Some((stamp, n)) => (stamp.to_owned(), n),
        None => (stem.to_owned(), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::own_name;

    #[test]
    fn only_the_names_backups_are_given_count_as_backups() {
        for ours in
            ["20250615T120000.000001Z.json", "20250615T120000.000001Z-1.json", "20250615T120000.000001Z-12.json"]
        {
            assert!(own_name(ours), "{ours}");
        }
        let others = [
            "app.json",
            "package.json",
            "backlog.json",
            "20250615T120000.000001Z.json.bak",
            "20250615T120000.000001Z-.json",
            "20250615T120000.000001Z-x.json",
            "20250615T120000Z.json",
            "2025061XT120000.000001Z.json",
            "20250615T120000.000001Z",
            ".json",
        ];
        for other in others {
            assert!(!own_name(other), "{other}");
        }
    }
}
