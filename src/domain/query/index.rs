//! The texts of every item, lower-cased once into one buffer, so that a
//! word of a query is looked for in all of them in one pass at the speed
//! of reading memory, instead of item by item and field by field.
//!
//! What it finds is exactly what [`super::contains_ci`] finds field by
//! field: each field is lower-cased the same way and ends in a zero byte,
//! which no typed word holds, so a word never runs from one field into
//! the next.

use super::any_text;
use crate::domain::workspace::Workspace;
use memchr::memmem::Finder;

/// Lower-cased item texts, by item position.
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    text: Vec<u8>,
    /// Where each item's texts start in `text`, by position; they end
    /// where the next entry of `starts` begins.
    at: Vec<u32>,
    /// Entries in `text` order: (start, position), a position of
    /// `u32::MAX` for texts an item has since replaced.
    starts: Vec<(u32, u32)>,
    /// Bytes of replaced texts (the buffer is rewritten past half).
    stale: usize,
    /// Counts the rewrites: a search under way starts again after one.
    generation: u64,
}

/// Which items (by position) hold each word, for positions the index
/// covered when it was asked; filled in by [`TextIndex::search`] a slice
/// of the buffer at a time, and answering only once it is complete.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Each word, the items found holding it, and how far into the buffer
    /// it was looked for.
    words: Vec<(String, Vec<u64>, usize)>,
    upto: usize,
    /// Bytes of the buffer searched so far (every word alike).
    searched: usize,
    done: bool,
    /// The index's generation the search reads.
    generation: u64,
}

impl Found {
    /// Nothing found, nothing asked: every item is read directly.
    pub const NONE: Found = Found { words: Vec::new(), upto: 0, searched: 0, done: false, generation: 0 };

    /// Whether the item at `pos` holds `word`: `None` until the search is
    /// complete, and for items it did not cover or a word not asked for.
    pub fn holds(&self, word: &str, pos: usize) -> Option<bool> {
        if !self.done || pos >= self.upto {
            return None;
        }
        let (_, bits, _) = self.words.iter().find(|(w, ..)| w == word)?;
        Some(bits[pos / 64] & (1 << (pos % 64)) != 0)
    }

    /// Says again whether the item at `pos` holds each word, after it
    /// changed (`holds` is the direct test).
    pub fn refresh(&mut self, pos: usize, holds: impl Fn(&str) -> bool) {
        if pos >= self.upto {
            return;
        }
        for (w, bits, _) in &mut self.words {
            let bit = 1 << (pos % 64);
            if holds(w) {
                bits[pos / 64] |= bit;
            } else {
                bits[pos / 64] &= !bit;
            }
        }
    }
}

impl TextIndex {
    /// Positions covered, from the first: `0..covered()`.
    pub fn covered(&self) -> usize {
        self.at.len()
    }

    /// Indexes up to `budget` more items; true while some are left.
    pub fn extend(&mut self, ws: &Workspace, budget: usize) -> bool {
        let end = self.at.len().saturating_add(budget).min(ws.items.len());
        for pos in self.at.len()..end {
            let start = self.push(ws, pos);
            self.at.push(start);
        }
        self.at.len() < ws.items.len()
    }

    /// Takes in the item at `pos` again after a change (its new texts go
    /// at the end; the old ones are skipped from now on).
    pub fn update(&mut self, ws: &Workspace, pos: usize) {
        let Some(&old) = self.at.get(pos) else { return };
        let i = self.starts.partition_point(|&(s, _)| s < old);
        if let Some(e) = self.starts.get_mut(i).filter(|e| e.1 == pos as u32) {
            e.1 = u32::MAX;
            self.stale += self.end_of(i) - old as usize;
        }
        self.at[pos] = self.push(ws, pos);
        if self.stale > self.text.len() / 2 {
            self.compact(ws);
        }
    }

    /// A search for the words of a query (lower-case, as a query keeps
    /// them) in the items covered now; run it with [`TextIndex::search`].
    pub fn find<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> Found {
        let n = self.at.len();
        let words: Vec<_> = words.into_iter().map(|w| (w.to_owned(), vec![0u64; n.div_ceil(64)], 0)).collect();
        let done = words.is_empty();
        Found { words, upto: n, searched: 0, done, generation: self.generation }
    }

    /// Looks for the words in the next `budget` bytes of the buffer: one
    /// pass per word, and a jump to the next item after each find.
    /// Returns true while some of the buffer is left. The index must not
    /// have changed since [`TextIndex::find`], except by [`TextIndex::update`]
    /// of items the caller then [`Found::refresh`]es.
    pub fn search(&self, found: &mut Found, budget: usize) -> bool {
        if found.done {
            return false;
        }
        if found.generation != self.generation {
            // Rewritten meanwhile: what was read is somewhere else now.
            *found = self.find(found.words.iter().map(|(w, ..)| w.as_str()).collect::<Vec<_>>());
        }
        let limit = found.searched.saturating_add(budget).min(self.text.len());
        for (w, bits, from) in &mut found.words {
            if w.is_empty() {
                bits.fill(u64::MAX);
                continue;
            }
            // A find must start before the limit; it may end past it.
            let end = limit.saturating_add(w.len() - 1).min(self.text.len());
            let finder = Finder::new(w.as_bytes());
            // The entry of the last find: the next is after it, most often
            // right after it.
            let mut i = self.starts.partition_point(|&(s, _)| (s as usize) <= *from).saturating_sub(1);
            while *from < limit {
                let Some(hit) = finder.find(&self.text[*from..end]) else {
                    *from = limit;
                    break;
                };
                let at = *from + hit;
                i = self.entry_after(i, at);
                let pos = self.starts[i].1;
                if (pos as usize) < found.upto {
                    bits[pos as usize / 64] |= 1 << (pos % 64);
                }
                *from = self.end_of(i);
            }
        }
        found.searched = limit;
        found.done = limit >= self.text.len();
        !found.done
    }

    /// The entry holding byte `at`, found from entry `i` on (at or
    /// before it) by strides that double, then a binary search.
    fn entry_after(&self, i: usize, at: usize) -> usize {
        let holds_or_before = |j: usize| self.starts.get(j).is_some_and(|&(s, _)| s as usize <= at);
        let (mut lo, mut step) = (i, 1);
        while holds_or_before(lo + step) {
            lo += step;
            step *= 2;
        }
        let hi = (lo + step).min(self.starts.len());
        lo + self.starts[lo..hi].partition_point(|&(s, _)| s as usize <= at) - 1
    }

    fn end_of(&self, i: usize) -> usize {
        self.starts.get(i + 1).map_or(self.text.len(), |e| e.0 as usize)
    }

    /// Appends the texts of the item at `pos`; where they start.
    fn push(&mut self, ws: &Workspace, pos: usize) -> u32 {
        let start = self.text.len() as u32;
        let text = &mut self.text;
        any_text(&ws.items[pos], |s| {
            if s.is_ascii() {
                text.extend(s.bytes().map(|b| b.to_ascii_lowercase()));
            } else {
                text.extend_from_slice(s.to_lowercase().as_bytes());
            }
            text.push(0);
            false
        });
        self.starts.push((start, pos as u32));
        start
    }

    /// Writes the buffer again without the replaced texts.
    fn compact(&mut self, ws: &Workspace) {
        let covered = self.at.len();
        *self = TextIndex { generation: self.generation + 1, ..TextIndex::default() };
        self.extend(ws, covered);
    }
}

#[cfg(test)]
mod tests {
    use super::super::holds_word;
    use super::*;
    use crate::domain::apply;
    use crate::domain::command::{Command, ItemPatch, NewItem};
    use crate::domain::entity::{Meta, Role};
    use crate::domain::tx::{Ctx, IdGen};
    use proptest::prelude::*;
    use uuid::Uuid;

    fn workspace(titles: &[String]) -> (Workspace, Ctx) {
        let now = "2026-03-02T09:00:00Z".parse().unwrap();
        let mut ws = Workspace::new("T", "BL", Meta::new(Uuid::nil(), Role::Pm, now, Role::Pm));
        let mut ctx = Ctx::new(now, Role::Po);
        ctx.ids = IdGen::sequential();
        for t in titles {
            let new = NewItem { title: format!("t {t}"), description: format!("about {t}"), ..Default::default() };
            apply(&mut ws, Command::AddItem(Box::new(new)), &mut ctx).unwrap();
        }
        (ws, ctx)
    }

    fn word() -> impl Strategy<Value = String> {
        prop_oneof!["[a-cA-C]{1,3}", Just("İ".to_owned()), Just("\u{212A}".to_owned()), Just("é".to_owned())]
    }

    proptest! {
        /// Built, then with items retitled (texts replaced, the buffer
        /// rewritten when half of it is stale), the index finds exactly the
        /// items the direct test finds.
        #[test]
        fn finds_what_the_direct_test_finds(
            titles in prop::collection::vec(prop::collection::vec(word(), 0..4).prop_map(|v| v.join(" ")), 1..30),
            edits in prop::collection::vec((any::<prop::sample::Index>(), "[a-c ]{0,5}"), 0..40),
            probe in "[a-c]{1,2}",
        ) {
            let (mut ws, mut ctx) = workspace(&titles);
            let mut index = TextIndex::default();
            while index.extend(&ws, 7) {}
            for (which, title) in edits {
                let pos = which.index(ws.items.len());
                let id = ws.items[pos].meta.id;
                let patch = ItemPatch { title: Some(format!("e {title}")), ..Default::default() };
                apply(&mut ws, Command::EditItem { id, patch: Box::new(patch) }, &mut ctx).unwrap();
                index.update(&ws, pos);
            }
            for w in [probe.as_str(), "k", "i", "é", "about"] {
                let mut found = index.find([w]);
                while index.search(&mut found, 5) {}
                for (pos, item) in ws.items.iter().enumerate() {
                    prop_assert_eq!(found.holds(w, pos), Some(holds_word(item, w)), "{:?} in {:?}", w, item.title);
                }
            }
        }
    }

    #[test]
    fn a_word_never_runs_from_one_field_into_the_next() {
        let (ws, _) = workspace(&["ab".to_owned()]);
        let mut index = TextIndex::default();
        index.extend(&ws, 10);
        let found = |w: &str| {
            let mut f = index.find([w]);
            assert_eq!(f.holds(w, 0), None, "not searched yet");
            while index.search(&mut f, 3) {}
            f
        };
        // The title "t ab" and the description "about ab" end and begin
        // with letters that would read "babo" joined.
        assert_eq!(found("babo").holds("babo", 0), Some(false));
        assert_eq!(found("ab").holds("ab", 0), Some(true));
        assert_eq!(found("ab").holds("ab", 1), None, "not covered");
    }
}
