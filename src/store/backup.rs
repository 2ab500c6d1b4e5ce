//! The last few versions of the file, kept beside it in
//! `.<name>.backups/`. Before a save replaces the file, the old version is
//! hard-linked there (no copy, whatever the size), and the oldest beyond
//! [`KEEP`] are removed.

use super::error::StoreError;
use super::fsio::layer::Current;
use super::fsio::{Paths, share};
use std::fs;
use std::path::PathBuf;
use std::time::SystemTime;

/// How many earlier versions are kept.
pub const KEEP: usize = 5;

#[derive(Debug, Clone)]
pub struct Backup {
    pub path: PathBuf,
    pub modified: Option<SystemTime>,
    pub len: u64,
}

/// Keeps the current file as the newest backup. Call with the lock held,
/// just before the file is replaced. The folder is made with the file's
/// group and matching permissions, so everyone who may save the file may
/// add backups (see `fsio::share`).
pub fn keep_current(paths: &Paths) -> Result<(), StoreError> {
    let Ok(meta) = fs::metadata(&paths.file) else {
        return Ok(());
    };
    let current = Current::get();
    let layer = current.fs();
    let dir = paths.backups();
    let failed = |e| StoreError::Backup { file: paths.file.clone(), dir: dir.clone(), source: e };
    match fs::metadata(&dir) {
        Ok(m) if m.is_dir() => share::mend_backup_dir(layer, &dir, &m, &meta),
        _ => share::make_backup_dir(layer, &dir, &meta).map_err(failed)?,
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ");
    let mut target = dir.join(format!("{stamp}.json"));
    let mut n = 1;
    while target.exists() {
        target = dir.join(format!("{stamp}-{n}.json"));
        n += 1;
    }
    if layer.link(&paths.file, &target).is_err() {
        // No hard links here (some network and FAT mounts): a copy.
        layer.copy(&paths.file, &target).map_err(failed)?;
        share::copy_keeps_group(layer, &target, &meta).map_err(failed)?;
    }
    for old in list(paths).into_iter().skip(KEEP) {
        let _ = layer.remove(&old.path);
    }
    Ok(())
}

/// Backups, newest first.
pub fn list(paths: &Paths) -> Vec<Backup> {
    let Ok(entries) = fs::read_dir(paths.backups()) else {
        return Vec::new();
    };
    let mut out: Vec<Backup> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
        .map(|e| {
            let meta = e.metadata().ok();
            Backup {
                path: e.path(),
                modified: meta.as_ref().and_then(|m| m.modified().ok()),
                len: meta.map_or(0, |m| m.len()),
            }
        })
        .collect();
    out.sort_by_cached_key(|b| std::cmp::Reverse(order(&b.path)));
    out
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
