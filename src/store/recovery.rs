//! Recovery files: what a session could not write into the workspace,
//! kept in a file of its own so that it is never lost, and merged back
//! later (`backlog recover FILE`, or the TUI's offer when it opens).
//!
//! A recovery file is a whole workspace (it opens like any other) with one
//! more top-level field, `recovery`: the workspace it belongs to and the
//! base of the session's unsaved changes, the versions its edits started
//! from. Merging it back is the store's three-way merge with that base.
//! Names are unique per session and a file is never written over another.

use super::codec;
use super::error::StoreError;
use super::merge::Pending;
use crate::domain::entity::EntityRef;
use crate::domain::snapshot::Entity;
use crate::domain::workspace::Workspace;
use serde_json::{Value, json};
use std::fs;
use std::path::{Path, PathBuf};

/// The top-level field that makes a workspace file a recovery file.
const FIELD: &str = "recovery";

/// A recovery file, read back.
#[derive(Debug)]
pub struct Recovery {
    pub ws: Workspace,
    pub base: Pending,
    /// The workspace the changes belong to, as recorded.
    pub workspace: Option<PathBuf>,
    pub written_at: Option<String>,
}

/// The bytes of a recovery file for `ws`, whose unsaved changes started
/// from `base`, belonging to the workspace at `file`.
pub fn encode(ws: &Workspace, base: &Pending, file: &Path) -> Vec<u8> {
    let entries: Vec<Value> = base
        .entries()
        .map(|(r, e)| json!({ "entity": r.kind(), "id": r.id(), "value": e.as_ref().map(Entity::to_value) }))
        .collect();
    let mut ws = ws.clone();
    ws.extra.insert(
        FIELD.into(),
        json!({
            "workspace": file,
            "written_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "base": entries,
            // The history records the session made: the merge puts them
            // into the workspace beside the changes they record.
            "records": base.records(),
        }),
    );
    codec::encode(&ws)
}

/// Reads a recovery file.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Recovery, StoreError> {
    let mut decoded = codec::decode(path, bytes)?;
    if let Some(reason) = decoded.read_only {
        return Err(StoreError::ReadOnly { path: path.to_owned(), reason });
    }
    let bad = |what: &str| StoreError::Recovery { path: path.to_owned(), problem: what.to_owned() };
    let meta =
        decoded.ws.extra.remove(FIELD).ok_or_else(|| bad("it is not a recovery file (no \"recovery\" field)"))?;
    let mut base = Pending::default();
    for entry in meta.get("base").and_then(Value::as_array).ok_or_else(|| bad("its \"base\" list is missing"))? {
        let kind = entry.get("entity").and_then(Value::as_str).unwrap_or_default();
        let id = entry.get("id").and_then(Value::as_str).and_then(|s| s.parse().ok());
        let r = EntityRef::from_kind(kind, id).ok_or_else(|| bad(&format!("unknown entity {kind:?} in its base")))?;
        let value = match entry.get("value") {
            None | Some(Value::Null) => None,
            Some(v) => Some(Entity::from_value(r, v.clone()).map_err(|e| bad(&format!("{kind} in its base: {e}")))?),
        };
        base.note(r, value);
    }
    // Files from before history have none.
    for id in meta.get("records").and_then(Value::as_array).into_iter().flatten() {
        if let Some(id) = id.as_str().and_then(|s| s.parse().ok()) {
            base.note_record(id);
        }
    }
    Ok(Recovery {
        ws: decoded.ws,
        base,
        workspace: meta.get("workspace").and_then(Value::as_str).map(PathBuf::from),
        written_at: meta.get("written_at").and_then(Value::as_str).map(str::to_owned),
    })
}

/// Where recovery files for `file` go, best first: beside it, then the
/// user's data folder, then the temp folder.
pub fn places(file: &Path) -> Vec<PathBuf> {
    let beside = file.parent().map(Path::to_owned);
    beside
        .into_iter()
        .chain(super::locate::data_dir().map(|d| d.join("recovery")))
        .chain([std::env::temp_dir()])
        .collect()
}

/// The file names of `file`'s recovery files start with this.
fn prefix(file: &Path) -> String {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!("{}.unsaved-", name.strip_suffix(".json").unwrap_or(&name))
}

/// Writes `bytes` as a new recovery file for `file` in the first place that
/// takes it; returns where. Every name is new: the time, the process and a
/// random part, and the file is linked into place only if that name is
/// free, so two sessions quitting in the same second each keep their own.
/// It is made like the workspace (group and mode), if that is still there.
pub fn write(file: &Path, bytes: &[u8]) -> Result<PathBuf, StoreError> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let like = fs::metadata(file).ok();
    let mut last = None;
    for dir in places(file) {
        if fs::create_dir_all(&dir).is_err() {
            continue;
        }
        for _ in 0..8 {
            let tag = &uuid::Uuid::new_v4().simple().to_string()[..8];
            let target = dir.join(format!("{}{stamp}-{}-{tag}.json", prefix(file), std::process::id()));
            match super::fsio::write_new(&target, bytes, like.as_ref()) {
                Ok(()) => return Ok(target),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    last = Some(StoreError::Write { path: target, source: e });
                    break;
                }
            }
        }
    }
    Err(last.unwrap_or_else(|| StoreError::Recovery {
        path: file.to_owned(),
        problem: "no folder to write a recovery file in".into(),
    }))
}

/// Recovery files for `file` beside it, oldest first.
pub fn beside(file: &Path) -> Vec<PathBuf> {
    let (Some(dir), pre) = (file.parent(), prefix(file)) else { return Vec::new() };
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().map(|n| n.to_string_lossy()).is_some_and(|n| n.starts_with(&pre) && n.ends_with(".json"))
        })
        .collect();
    out.sort();
    out
}
