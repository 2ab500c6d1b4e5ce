//! Bytes <-> workspace. Output is canonical: pretty-printed, collections
//! sorted by id, one trailing newline, so equal content gives equal bytes.
//! What this version does not know is written back as it was read
//! ([`exact`]); what does not fit is reported at its place ([`place`]).

mod exact;
mod migrate;
mod place;
mod range;

use super::error::StoreError;
use crate::domain::workspace::{SCHEMA_VERSION, Workspace};
use std::path::Path;

/// The result of reading a workspace file.
#[derive(Debug)]
pub struct Decoded {
    pub ws: Workspace,
    /// Set when the file is from a newer schema: show it, never write it.
    pub read_only: Option<String>,
    /// What was repaired on reading (see [`crate::domain::integrity`]), for
    /// the user to hear; the next save writes the repairs.
    pub repairs: Vec<String>,
}

pub fn decode(path: &Path, bytes: &[u8]) -> Result<Decoded, StoreError> {
    finish(path, parse(path, bytes)?)
}

/// A file that did not decode, with its bytes given back if it did not
/// parse.
pub struct Undecoded<B> {
    pub error: StoreError,
    pub bytes: Option<B>,
}

/// [`decode`], letting go of the file's bytes as soon as the entities are
/// read: the checks after it then run beside the workspace alone, not
/// beside the file too (opening a big file holds both for a moment, and
/// that moment is the session's peak of memory).
pub fn decode_owned<B: std::ops::Deref<Target = [u8]>>(path: &Path, bytes: B) -> Result<Decoded, Undecoded<B>> {
    let ws = match parse(path, &bytes) {
        Ok(ws) => ws,
        Err(error) => return Err(Undecoded { error, bytes: Some(bytes) }),
    };
    drop(bytes);
    finish(path, ws).map_err(|error| Undecoded { error, bytes: None })
}

/// The entities of `bytes`, with every value as written.
fn parse(path: &Path, bytes: &[u8]) -> Result<Workspace, StoreError> {
    // The text checked once as a whole reads faster than each string
    // checked on its own (`from_slice`); bytes that are not UTF-8 are read
    // that way only for an error that says where.
    let text = match simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes)) {
        Ok(text) => text,
        Err(utf8) => {
            return Err(match serde_json::from_slice::<Workspace>(bytes) {
                Err(e) => failed(path, bytes, bytes, e, |l, c| (l, c)),
                Ok(_) => StoreError::Parse { path: path.to_owned(), line: 1, column: 1, message: utf8.to_string() },
            });
        }
    };
    let e = match serde_json::from_str::<Workspace>(text) {
        Ok(ws) => return restore(path, ws, text),
        Err(e) => e,
    };
    // Numbers too big for a double refuse the whole file: read it again
    // with them stood in for, so that fields we do not know keep them.
    if let Some(tamed) = range::tame(text) {
        return match serde_json::from_str::<Workspace>(&tamed.text) {
            Ok(ws) => restore(path, ws, text),
            Err(e) => Err(failed(path, tamed.text.as_bytes(), bytes, e, |l, c| tamed.original(l, c))),
        };
    }
    Err(failed(path, bytes, bytes, e, |l, c| (l, c)))
}

/// The values of a read that parsed as `text` writes them.
fn restore(path: &Path, mut ws: Workspace, text: &str) -> Result<Workspace, StoreError> {
    // It parsed, so the second reading cannot fail; if it did, the
    // values it had to correct must not be written as first read.
    // Before any repair: it matches entities to the text by position.
    match exact::restore(&mut ws, text) {
        Ok(()) => Ok(ws),
        Err(e) => Err(StoreError::Parse { path: path.to_owned(), line: 1, column: 1, message: describe(&e) }),
    }
}

/// The rest of a read, once the text is no longer needed.
fn finish(path: &Path, mut ws: Workspace) -> Result<Decoded, StoreError> {
    let repairs = crate::domain::integrity::repair(&mut ws)
        .map_err(|e| StoreError::Unusable { path: path.to_owned(), problem: e.0 })?;
    ws.reindex();
    let read_only = (ws.schema_version > SCHEMA_VERSION).then(|| {
        format!(
            "it uses schema version {}, newer than this backlog understands ({SCHEMA_VERSION}); upgrade backlog to edit it",
            ws.schema_version
        )
    });
    migrate::upgrade(&mut ws);
    ws.history.normalize();
    Ok(Decoded { ws, read_only, repairs })
}

/// Why `read` (the file's `bytes`, or them with out-of-range numbers
/// stood in for) did not parse, at its place in `bytes`; `original` maps
/// a position in `read` to one in `bytes`.
fn failed(
    path: &Path,
    read: &[u8],
    bytes: &[u8],
    e: serde_json::Error,
    original: impl Fn(usize, usize) -> (usize, usize),
) -> StoreError {
    // A newer schema that no longer fits our types deserves a better
    // message than the first field that did not match.
    #[derive(serde::Deserialize)]
    struct Version {
        schema_version: u32,
    }
    if let Ok(v) = serde_json::from_slice::<Version>(read)
        && v.schema_version > SCHEMA_VERSION
    {
        return StoreError::NewerSchema { path: path.to_owned(), found: v.schema_version, supported: SCHEMA_VERSION };
    }
    let place = match e.classify() {
        serde_json::error::Category::Data => place::data_error(read, bytes),
        _ => None,
    };
    match place {
        Some(p) => StoreError::Parse { path: path.to_owned(), line: p.line, column: p.column, message: p.message },
        None => {
            let (line, column) = original(e.line(), e.column());
            StoreError::Parse { path: path.to_owned(), line, column, message: describe(&e) }
        }
    }
}

/// serde_json's message without its trailing " at line X column Y" (the
/// caller puts the position in front, compiler style).
fn describe(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg,
    }
}

pub fn encode(ws: &Workspace) -> Vec<u8> {
    // Room for the whole file up front: growing by doubling would hold the
    // old and the new buffer at once, and the pages reserved beyond what is
    // written are never touched, so they cost no memory.
    let text: usize = ws.items.iter().map(|i| i.title.len() * 2 + i.description.len()).sum();
    let mut out = Vec::with_capacity(text + 2048 * (ws.items.len() + ws.sprints.len() + ws.goals.len() + 16));
    encode_to(ws, &mut out).expect("a workspace always serializes, and a Vec takes every byte");
    out
}

/// [`encode`] into a writer (a save streams a big file instead of holding
/// it whole): the same bytes.
pub fn encode_to<W: std::io::Write>(ws: &Workspace, out: &mut W) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, ws).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}
