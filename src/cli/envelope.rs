//! What `--json` promises beyond each command's own shape: the envelope a
//! write prints, the error a refusal prints, and the stable codes errors
//! carry. `assets/cli-schema.json` describes them all.

use super::output::{self, Report};
use crate::domain::{Change, DomainError, EntityRef, Workspace};
use crate::store::StoreError;
use serde_json::{Value, json};

/// The JSON Schema of every command's `--json` output (`backlog schema`).
pub const SCHEMA: &str = include_str!("../../assets/cli-schema.json");

/// The commands that change the workspace (or the files beside it): with
/// `--json` they print the envelope. `import`, `git sync` and `archive`
/// only when not a dry run.
pub const WRITES: &[&str] = &[
    "init",
    "add",
    "edit",
    "rm",
    "rank",
    "link",
    "split",
    "duplicate",
    "comment",
    "view save",
    "view rm",
    "vision set",
    "goal add",
    "goal edit",
    "goal rm",
    "roadmap add",
    "roadmap edit",
    "roadmap move",
    "roadmap rm",
    "sprint new",
    "sprint edit",
    "sprint start",
    "sprint close",
    "sprint add",
    "sprint remove",
    "sprint rm",
    "release new",
    "release edit",
    "release ship",
    "release rm",
    "team add",
    "team edit",
    "team off",
    "team back",
    "team rm",
    "settings set",
    "undo",
    "revert",
    "conflicts resolve",
    "import",
    "backups restore",
    "recover",
    "git setup",
    "git resolve",
    "git sync",
    "archive",
    "unarchive",
];

/// Whether the command at `path` (`sprint add`) writes, given its
/// arguments (a dry run does not).
pub fn writes(path: &str, dry_run: bool) -> bool {
    WRITES.contains(&path) && !(dry_run && matches!(path, "import" | "git sync" | "archive"))
}

/// Records in the report being gathered what `changes` touched, as the
/// workspace holds it now.
pub fn record(ws: &Workspace, changes: &[Change]) {
    if output::collecting() {
        output::report(|r| touched(changes).for_each(|e| r.change(entity(ws, e, true))));
    }
}

/// What `changes` touched, leaving out the workspace's own counters (the
/// next key) when anything else changed: an `add` names its item.
fn touched(changes: &[Change]) -> impl Iterator<Item = EntityRef> + '_ {
    let only_info = changes.iter().flat_map(Change::touched).all(|e| e == EntityRef::Info);
    changes.iter().flat_map(Change::touched).filter(move |e| only_info || *e != EntityRef::Info)
}

/// Records what a batch of changes touched, by key and id only (an import
/// of 200,000 rows does not print them all back).
pub fn record_refs(ws: &Workspace, changes: &[Change]) {
    if output::collecting() {
        output::report(|r| touched(changes).for_each(|e| r.change(entity(ws, e, false))));
    }
}

/// One changed entity: its kind, id, key, whether it is deleted, and (with
/// `value`) the whole of it as the read commands print it.
fn entity(ws: &Workspace, e: EntityRef, value: bool) -> Value {
    let (id, key, live, v) = match e {
        EntityRef::Item(id) => match ws.item(id) {
            Some(i) => (Some(id), Some(i.key.clone()), i.is_live(), value.then(|| super::items::item_value(ws, i))),
            None => (Some(id), None, false, None),
        },
        EntityRef::Goal(id) => match ws.goal(id) {
            Some(g) => (Some(id), Some(g.key.clone()), g.meta.is_live(), value.then(|| json!(g))),
            None => (Some(id), None, false, None),
        },
        EntityRef::Initiative(id) => match ws.initiative(id) {
            Some(i) => (Some(id), Some(i.key.clone()), i.meta.is_live(), value.then(|| json!(i))),
            None => (Some(id), None, false, None),
        },
        EntityRef::Sprint(id) => match ws.sprint(id) {
            Some(s) => (Some(id), Some(s.name.clone()), s.is_live(), value.then(|| json!(s))),
            None => (Some(id), None, false, None),
        },
        EntityRef::Release(id) => match ws.release(id) {
            Some(r) => (Some(id), Some(r.name.clone()), r.is_live(), value.then(|| json!(r))),
            None => (Some(id), None, false, None),
        },
        EntityRef::Member(id) => match ws.member(id) {
            Some(m) => (Some(id), Some(m.name.clone()), m.is_live(), value.then(|| json!(m))),
            None => (Some(id), None, false, None),
        },
        EntityRef::Vision => (None, None, true, value.then(|| json!(ws.vision))),
        EntityRef::Settings => (None, None, true, value.then(|| json!(ws.settings))),
        EntityRef::Info => (None, None, true, value.then(|| json!(ws.workspace))),
        EntityRef::Conflicts => (None, None, true, value.then(|| json!(ws.conflicts))),
    };
    let mut out = json!({"entity": e.kind(), "id": id, "key": key, "deleted": !live});
    if let Some(v) = v {
        out["value"] = v;
    }
    out
}

/// The envelope a write prints.
pub fn envelope(command: &str, r: Report) -> Value {
    let mut out = json!({
        "ok": true,
        "command": command,
        "summary": r.summary,
        "changed": r.changed,
        "warnings": r.warnings,
        "conflicts": r.conflicts,
        "renumbered": r.renumbered.iter().map(|(from, to)| json!({"from": from, "to": to})).collect::<Vec<_>>(),
    });
    if let Some(result) = r.result {
        out["result"] = result;
    }
    out
}

/// A value typed on the command line that does not read: code `invalid`.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

/// Something named on the command line that is not there: code
/// `not_found`.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NotFound(pub String);

/// A command line clap could not read: code `usage`, exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);

/// The error a refusal prints with `--json`.
pub fn error(code: &str, message: &str) -> Value {
    json!({"ok": false, "error": {"code": code, "message": message}})
}

/// The stable code of an error, from the first typed error in its chain.
pub fn code(e: &anyhow::Error) -> &'static str {
    for cause in e.chain() {
        if let Some(d) = cause.downcast_ref::<DomainError>() {
            return domain_code(d);
        }
        if let Some(s) = cause.downcast_ref::<StoreError>() {
            return match s {
                StoreError::NotFound { .. } => "workspace_not_found",
                StoreError::Exists { .. } => "exists",
                StoreError::Io { .. } => "io",
                StoreError::Write { .. } | StoreError::NotDurable { .. } | StoreError::Backup { .. } => "write_failed",
                StoreError::Parse { .. } => "parse_error",
                StoreError::NewerSchema { .. } => "newer_schema",
                StoreError::ReadOnly { .. } => "read_only",
                StoreError::NotWritable { .. } => "not_writable",
                StoreError::Deleted { .. } => "workspace_gone",
                StoreError::LockTimeout { .. } | StoreError::Cancelled { .. } => "lock_timeout",
                StoreError::Git { .. } => "git",
                StoreError::Recovery { .. } | StoreError::Unusable { .. } => "unusable",
                StoreError::ConflictMarkers { .. } => "conflict_markers",
                StoreError::NotOurs { .. } | StoreError::DanglingLink { .. } => "not_ours",
                StoreError::NotArchived { .. } => "not_found",
                StoreError::KeyInUse { .. } => "key_in_use",
                StoreError::Domain(d) => domain_code(d),
            };
        }
        // A key, a sprint, an initiative or a person that names nothing (or
        // more than one thing).
        if cause.downcast_ref::<crate::domain::resolve::RefError>().is_some() {
            return "not_found";
        }
        if cause.downcast_ref::<crate::domain::forecast::Refusal>().is_some() {
            return "cannot_forecast";
        }
        if cause.downcast_ref::<NotFound>().is_some() {
            return "not_found";
        }
        if cause.downcast_ref::<Invalid>().is_some() {
            return "invalid";
        }
        if cause.downcast_ref::<Usage>().is_some() {
            return "usage";
        }
        if cause.downcast_ref::<std::io::Error>().is_some() {
            return "io";
        }
    }
    "error"
}

fn domain_code(d: &DomainError) -> &'static str {
    match d {
        DomainError::NotFound { .. } => "not_found",
        DomainError::Invalid { .. } => "invalid",
        DomainError::Guard { .. } | DomainError::NeedsConfirmation { .. } => "role_guard",
        DomainError::NotReady { .. } | DomainError::NeedsReadyConfirmation { .. } => "not_ready",
    }
}
