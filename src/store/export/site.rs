//! `backlog site DIR`: the workspace as a folder of static pages that link
//! to each other, for any static host. The same workspace (on the same
//! day) gives the same bytes, and a build writes only the pages whose
//! bytes changed, so the folder can be committed and its diffs read.
//! What a build wrote is listed in `DIR/.backlog-site`, so that the next
//! one removes the pages it no longer makes and nothing else.

use super::html::{self, Ctx, Index};
use crate::domain::Workspace;
use crate::store::StoreError;
use crate::store::fsio::{Paths, write_atomic};
use crate::store::trail::Trail;
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::Path;

/// The list of pages the last build wrote, inside the site's folder.
pub const MANIFEST: &str = ".backlog-site";

/// One page: its file name in the folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub file: String,
    pub html: String,
}

/// Every page of the site, as of `today`; `public` leaves out people's
/// names, comments and internal work.
pub fn pages(ws: &Workspace, today: NaiveDate, trail: Option<&Trail>, public: bool) -> Vec<Page> {
    let files = Index::new(ws, true, public);
    let ctx = Ctx { ws, today, trail, public, index: &files };
    let mut out = vec![
        Page { file: "index.html".into(), html: html::index(&ctx) },
        Page { file: "roadmap.html".into(), html: html::roadmap_page(&ctx) },
        Page { file: "releases.html".into(), html: html::releases(&ctx) },
        Page { file: "sprints.html".into(), html: html::sprints(&ctx) },
        Page { file: "changelog.html".into(), html: html::changelog(&ctx) },
    ];
    let named = |id| files.of(id).expect("every listed page has a file").to_owned();
    for id in &files.initiatives {
        let i = ws.initiative(*id).expect("listed from the roadmap");
        out.push(Page { file: named(*id), html: html::initiative(&ctx, i) });
    }
    for id in &files.epics {
        let e = ws.item(*id).expect("listed from the items");
        out.push(Page { file: named(*id), html: html::epic(&ctx, e) });
    }
    for id in &files.sprints {
        let s = ws.sprint(*id).expect("listed from the sprints");
        out.push(Page { file: named(*id), html: html::sprint_page(&ctx, s) });
    }
    out
}

/// What a build did to the folder.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    /// Pages new or changed, written.
    pub written: Vec<String>,
    /// Pages whose bytes were already there, left untouched.
    pub unchanged: usize,
    /// Pages the last build made and this one does not, removed.
    pub removed: Vec<String>,
}

/// Writes `pages` into `dir` (made if missing): each page whose bytes
/// differ from the file's, atomically; then removes the pages the last
/// build listed that this one does not make. Other files are left alone:
/// one by a page's name that no build made is refused, as is a symbolic
/// link where a page goes (not followed).
pub fn write(dir: &Path, pages: &[Page]) -> Result<Written, StoreError> {
    if dir.exists() && !dir.is_dir() {
        return Err(StoreError::Unusable {
            path: dir.to_owned(),
            problem: "not a folder: the site is a folder of pages; name a folder".into(),
        });
    }
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io("make the site's folder", dir, e))?;
    let manifest = dir.join(MANIFEST);
    let before = std::fs::read_to_string(&manifest).unwrap_or_default();
    let listed: BTreeSet<&str> = before.lines().filter(|l| is_page_name(l)).collect();
    let now: BTreeSet<&str> = pages.iter().map(|p| p.file.as_str()).collect();
    // A file by a page's name that no build made (`docs/index.html` of the
    // project's own documentation) is not replaced: all are refused before
    // anything is written.
    let mut changed = Vec::new();
    for p in pages {
        let path = dir.join(&p.file);
        match std::fs::read(&path) {
            Ok(old) if old == p.html.as_bytes() => continue,
            Ok(_) if !listed.contains(p.file.as_str()) => {
                return Err(StoreError::Unusable {
                    path,
                    problem: format!(
                        "a file the site did not make (no earlier build lists it in {MANIFEST}); move it away, or build the site into another folder"
                    ),
                });
            }
            _ => changed.push(p),
        }
    }
    // The list claims each page before it is written, so that a build cut
    // short (killed, the disk full) leaves no page the next build would
    // take for someone else's.
    let text = |names: &BTreeSet<&str>| names.iter().map(|f| format!("{f}\n")).collect::<String>();
    let claimed = text(&listed.union(&now).copied().collect());
    let paths = Paths::unlinked(&manifest, "the site's list of pages (a regular file)")?;
    if claimed != before {
        write_atomic(&paths, claimed.as_bytes(), || Ok(()))?;
    }
    let mut done = Written { unchanged: pages.len() - changed.len(), ..Written::default() };
    for p in changed {
        let path = dir.join(&p.file);
        let paths = Paths::unlinked(&path, "a page of the site (a regular file)")?;
        write_atomic(&paths, p.html.as_bytes(), || Ok(()))?;
        done.written.push(p.file.clone());
    }
    for old in listed.difference(&now) {
        match std::fs::remove_file(dir.join(old)) {
            Ok(()) => done.removed.push((*old).to_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::io("remove an old page", dir.join(old), e)),
        }
    }
    let last = text(&now);
    if last != claimed {
        write_atomic(&paths, last.as_bytes(), || Ok(()))?;
    }
    Ok(done)
}

/// A name a build could have written: a plain `.html` file in the folder.
/// The manifest is read back as untrusted: nothing else is removed.
fn is_page_name(name: &str) -> bool {
    name.ends_with(".html")
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}
