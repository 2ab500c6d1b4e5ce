//! `show`'s and `edit`'s read of a big file: the item a reference names
//! and the items that touch it, without building the thousands of others. Decoding a
//! whole file of 100k items takes most of a second; this takes one pass
//! that only finds where each item lies, and a decode of a few items.
//!
//! The file is cut, never read by a second set of rules: the item, the
//! items whose text holds its id (its children, blockers, split parts)
//! and those it names (its epic, what it blocks) are kept as they are
//! written, every other item and the history are
//! left out, and what remains is decoded by [`codec`] as any file is. An
//! item kept only because its text mentions a key is harmless: `show`
//! looks things up by id.
//!
//! A change made on the cut is written back by [`super::splice`]: the
//! cut is encoded by [`codec`] as any workspace is, and the items and
//! history records it left out are copied around it as they lie.
//!
//! The cut stands in for the whole only when it must read the same: the
//! current schema (an older one migrates, a newer one opens read-only),
//! nothing to repair, and the item found by its key, number or id as the
//! reference gave it. Anything else (an external key, an archived item,
//! a file that does not parse) gets `None`, and the caller reads the whole.

use super::codec;
use super::splice::Spans;
use crate::domain::resolve;
use crate::domain::workspace::{SCHEMA_VERSION, Workspace};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeSet;
use std::path::Path;
use uuid::Uuid;

/// The workspace around the item `reference` names, read from `text` (the
/// file at `path`), and where its parts lie; `None` when only the whole
/// file can say.
pub fn read(path: &Path, text: &str, reference: &str) -> Option<(Workspace, Spans)> {
    let r = reference.trim();
    let number = r.chars().all(|c| c.is_ascii_digit()).then(|| r.parse::<u64>().ok()).flatten();
    let id = r.parse::<Uuid>().ok();
    // The key's mentions are sought on the other core while this one
    // outlines the file (the number's key needs the file's prefix: its
    // end is sought instead).
    let needle = match (number, id) {
        (Some(n), _) => Some(format!("-{n}\"")),
        (None, Some(_)) => None,
        (None, None) => Some(serde_json::to_string(r).expect("a string serializes")),
    };
    let (outline, hits) = std::thread::scope(|scope| {
        let hits = scope.spawn(|| needle.map(|n| memchr::memmem::find_iter(text.as_bytes(), n.as_bytes()).collect()));
        (serde_json::from_str::<Outline>(text), hits.join())
    });
    let (outline, hits): (Outline, Option<Vec<usize>>) = (outline.ok()?, hits.ok()?);
    if outline.schema_version != SCHEMA_VERSION || outline.items.is_empty() {
        return None;
    }
    let cut = Cut::new(text, &outline);
    let exact = match (number, id) {
        (Some(n), _) => format!("{}-{n}", outline.workspace.key_prefix),
        (None, Some(id)) => id.to_string(),
        (None, None) => r.to_owned(),
    };
    // First the item itself, to learn its id and links; then the items
    // that name it, and those it names.
    let first = match (hits, id) {
        (Some(hits), _) => cut.holding(hits),
        (None, Some(id)) => cut.by_id(id),
        (None, None) => return None,
    };
    let near = decode(path, &cut.keeping(&first)?)?;
    let item = resolve::item(&near, r).ok().filter(|i| i.key == exact || i.meta.id.to_string() == exact)?;
    let mut kept = cut.mentioning(&item.meta.id.to_string());
    for id in item.parent.iter().chain(&item.split_from).chain(&item.blocks) {
        kept.append(&mut cut.by_id(*id));
    }
    let ws = decode(path, &cut.keeping(&kept)?)?;
    resolve::item(&ws, r).ok()?;
    let kept = kept.into_iter().map(|n| Some((cut.id_at(n)?, cut.items[n]))).collect::<Option<Vec<_>>>()?;
    Some((ws, Spans::new(kept, &cut, false)?))
}

/// What the cut needs of the file: where each item and the history lie.
/// Every other field is skipped here and read from the cut text.
#[derive(Deserialize)]
pub(super) struct Outline<'a> {
    schema_version: u32,
    workspace: Head,
    #[serde(borrow)]
    items: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    history: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct Head {
    key_prefix: String,
}

/// The file's text with the items where they lie.
pub(super) struct Cut<'a> {
    text: &'a str,
    /// Where each item starts and ends in `text`, in file order.
    pub items: Vec<(usize, usize)>,
    /// From the first record's start to the last one's end, if there
    /// are records.
    pub history: Option<(usize, usize)>,
    /// The first and the last record's text.
    pub first_record: Option<&'a str>,
    pub last_record: Option<&'a str>,
    /// How many records there are.
    pub records: usize,
}

impl<'a> Cut<'a> {
    pub fn new(text: &'a str, outline: &Outline<'a>) -> Cut<'a> {
        let at = |raw: &RawValue| {
            let start = raw.get().as_ptr() as usize - text.as_ptr() as usize;
            (start, start + raw.get().len())
        };
        let history = match (outline.history.first(), outline.history.last()) {
            (Some(first), Some(last)) => Some((at(first).0, at(last).1)),
            _ => None,
        };
        Cut {
            text,
            items: outline.items.iter().map(|r| at(r)).collect(),
            history,
            first_record: outline.history.first().map(|r| r.get()),
            last_record: outline.history.last().map(|r| r.get()),
            records: outline.history.len(),
        }
    }

    /// The id of the `n`th item.
    pub fn id_at(&self, n: usize) -> Option<Uuid> {
        #[derive(Deserialize)]
        struct Id {
            id: Uuid,
        }
        let (start, end) = self.items[n];
        serde_json::from_str::<Id>(&self.text[start..end]).ok().map(|x| x.id)
    }

    /// The items whose text holds `s` as a JSON string, quotes and all.
    fn mentioning(&self, s: &str) -> BTreeSet<usize> {
        let needle = serde_json::to_string(s).expect("a string serializes");
        let (first, last) = self.region();
        let hits = memchr::memmem::find_iter(&self.text.as_bytes()[first..last], needle.as_bytes());
        self.holding(hits.map(|hit| first + hit))
    }

    /// The items holding the places `at` in the text (places outside
    /// every item are left out).
    fn holding(&self, at: impl IntoIterator<Item = usize>) -> BTreeSet<usize> {
        let (first, last) = self.region();
        // The last item starting at or before a place holds it: a quoted
        // string cannot lie between two items.
        at.into_iter()
            .filter(|at| (first..last).contains(at))
            .map(|at| self.items.partition_point(|&(start, _)| start <= at) - 1)
            .collect()
    }

    /// From the first item's start to the last one's end.
    pub fn region(&self) -> (usize, usize) {
        let first = self.items.first().map_or(0, |f| f.0);
        (first, self.items.last().map_or(first, |l| l.1))
    }

    /// The item with the id `id`, found by halving, as the file writes
    /// items in id order; else (a file written another way) every item
    /// that mentions it.
    fn by_id(&self, id: Uuid) -> BTreeSet<usize> {
        let (mut low, mut high) = (0, self.items.len());
        while low < high {
            let mid = low + (high - low) / 2;
            match self.id_at(mid).map(|at| at.cmp(&id)) {
                Some(std::cmp::Ordering::Less) => low = mid + 1,
                Some(std::cmp::Ordering::Greater) => high = mid,
                Some(std::cmp::Ordering::Equal) => return BTreeSet::from([mid]),
                None => break,
            }
        }
        self.mentioning(&id.to_string())
    }

    /// The text with only the items `kept`, and no records (the history's
    /// array is left empty); `None` if none is kept.
    fn keeping(&self, kept: &BTreeSet<usize>) -> Option<String> {
        if kept.is_empty() {
            return None;
        }
        let (first, last) = self.region();
        let items = kept.iter().map(|&n| &self.text[self.items[n].0..self.items[n].1]).collect::<Vec<_>>().join(",");
        let mut spans = vec![(first, last, items)];
        spans.extend(self.history.map(|(start, end)| (start, end, String::new())));
        spans.sort_by_key(|s| s.0);
        let mut out = String::new();
        let mut from = 0;
        for (start, end, with) in spans {
            out.push_str(&self.text[from..start]);
            out.push_str(&with);
            from = end;
        }
        out.push_str(&self.text[from..]);
        Some(out)
    }
}

/// The cut text decoded, if it reads as the whole file would: nothing
/// repaired (a repair of the cut could differ from the whole's) and
/// nothing read-only.
fn decode(path: &Path, text: &str) -> Option<Workspace> {
    let d = codec::decode(path, text.as_bytes()).ok()?;
    (d.repairs.is_empty() && d.read_only.is_none()).then_some(d.ws)
}
