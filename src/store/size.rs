//! The warning that a workspace file is growing past what a git host takes
//! (hosts warn at 50 MB and refuse 100 MB): given once per file, with the
//! remedy, and again only after the file has been under the limit. Which
//! files were warned about is kept in the user's data folder, like what
//! they have seen ([`super::seen`]): it is nobody else's business.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The size past which the tool warns, unless the config says otherwise.
pub const DEFAULT_MB: f64 = 40.0;

const MB: f64 = 1024.0 * 1024.0;

/// The warning for `file` if it is larger than `limit_mb` (none for a limit
/// of 0 or less: the warning is off).
pub fn over(file: &Path, limit_mb: f64) -> Option<String> {
    if limit_mb <= 0.0 {
        return None;
    }
    let size = std::fs::metadata(file).ok()?.len() as f64;
    if size <= limit_mb * MB {
        return None;
    }
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let archive = super::archive::path(file);
    let archive = archive.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Some(format!(
        "{name} is {} MB, past {} MB (`warn_size_mb` in the config); git hosts warn at 50 MB and refuse \
         100 MB: `backlog archive` moves what closed long ago to {archive} (`--dry-run` lists it first)",
        megabytes(size),
        limit_mb
    ))
}

/// "52", "0.3": whole megabytes, with a tenth below ten.
fn megabytes(bytes: f64) -> String {
    let mb = bytes / MB;
    if mb >= 10.0 { format!("{mb:.0}") } else { format!("{mb:.1}") }
}

fn file() -> Option<PathBuf> {
    super::locate::data_dir().map(|d| d.join("size-warned.json"))
}

fn key(workspace: &Path) -> String {
    std::fs::canonicalize(workspace).unwrap_or_else(|_| workspace.to_owned()).display().to_string()
}

/// Whether the warning about `workspace` is due: true the first time it is
/// over the limit, false after that while it stays over; once under, it
/// is forgotten, so that it is said again if the file grows back.
pub fn first_time(workspace: &Path, is_over: bool) -> bool {
    let Some(path) = file() else { return is_over };
    let mut warned: BTreeSet<String> =
        std::fs::read(&path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let changed = if is_over { warned.insert(key(workspace)) } else { warned.remove(&key(workspace)) };
    if changed {
        // Not being able to remember only means saying it again.
        let _ = remember(&path, &warned);
    }
    is_over && changed
}

fn remember(path: &Path, warned: &BTreeSet<String>) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, &serde_json::to_vec_pretty(warned).expect("strings serialize"))?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
