//! A file written again around a change instead of whole. What changed
//! (some items, the new history records, and the small lists beside them:
//! settings, sprints, the roadmap) is encoded by [`codec`] as any
//! workspace is; the items and records that did not change are copied
//! from the file as they lie. At 100k items that skips encoding 128 MB to
//! write a few kilobytes of change; the write itself is the floor.
//!
//! [`Spans`] says where the items and records lie in the file: for a cut
//! of it ([`super::around`]), only the items the cut kept; for a whole
//! store, every item ([`Scan`]), so that items can also come and go.
//! [`splice`] answers `None` for anything the pieces cannot say as the
//! whole encoder would, and the caller then writes the file whole.

use super::around::{Cut, Outline};
use crate::domain::history::Record;
use uuid::Uuid;

/// What the codec writes between two elements of an array in the top
/// object (two items, two records): the pretty printer's separator.
const SEP: &str = ",\n    ";

/// Where the items and records lie in a file's text.
#[derive(Debug, Clone)]
pub struct Spans {
    /// Items with where each lies, in file order.
    kept: Vec<(Uuid, (usize, usize))>,
    /// Whether `kept` is every item of the file (in id order), not a cut's.
    every: bool,
    /// From the first item's start to the last one's end.
    items: (usize, usize),
    /// From the first record's start to the last one's end, how many
    /// records there are, and the last one (which a new record follows).
    history: Option<History>,
}

#[derive(Debug, Clone)]
struct History {
    span: (usize, usize),
    count: usize,
    last: Record,
}

impl Spans {
    /// The spans of `cut`'s items `kept` (all of them if `every`).
    pub(super) fn new(kept: Vec<(Uuid, (usize, usize))>, cut: &Cut<'_>, every: bool) -> Option<Spans> {
        let history = match (cut.history, cut.last_record) {
            (Some(span), Some(last)) => {
                Some(History { span, count: cut.records, last: serde_json::from_str(last).ok()? })
            }
            _ => None,
        };
        Some(Spans { kept, every, items: cut.region(), history })
    }

    /// How many records the file holds, and the last one's id: a store
    /// checks that its history still begins with them.
    pub fn records(&self) -> (usize, Option<Uuid>) {
        self.history.as_ref().map_or((0, None), |h| (h.count, Some(h.last.id)))
    }

    /// The ids of the items, in file order.
    pub fn ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.kept.iter().map(|k| k.0)
    }
}

/// One piece of the file written again: encoded text, or a range of the
/// file it replaces, copied as it lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    New(&'a str),
    Old(usize, usize),
}

/// The file written again: its pieces in order, and where its items and
/// records then lie.
pub struct Plan<'a> {
    pub pieces: Vec<Piece<'a>>,
    pub spans: Spans,
}

/// The pieces that write the file of `spans` again with `encoded`, the
/// changed part of the workspace as the codec writes it: every item
/// `changed` says is in play is taken from `encoded` (there, it changed or
/// was created; not there, it was deleted), every other item is copied,
/// and so are the file's records, with `encoded`'s records after them.
/// `encoded` holds at least one item (it places the items' array).
pub fn splice<'a>(spans: &Spans, encoded: &'a str, changed: impl Fn(Uuid) -> bool) -> Option<Plan<'a>> {
    let outline = serde_json::from_str::<Outline>(encoded).ok()?;
    let cut = Cut::new(encoded, &outline);
    if cut.items.is_empty() {
        return None;
    }
    let mut new = std::collections::BTreeMap::new();
    for (n, &(start, end)) in cut.items.iter().enumerate() {
        new.insert(cut.id_at(n)?, &encoded[start..end]);
    }
    let (first, last) = cut.region();
    let mut out = Out::default();
    out.text(&encoded[..first]);
    let items_start = out.len;
    // Items the file lacks go where the id order puts them.
    let mut created = Vec::new();
    if spans.every {
        new.retain(|id, text| {
            let known = spans.kept.binary_search_by_key(id, |k| k.0).is_ok();
            if !known {
                created.push((*id, *text));
            }
            known
        });
    }
    let mut created = created.into_iter().peekable();
    let mut kept = Vec::with_capacity(spans.kept.len() + created.len());
    // `prev`: the file's item last laid down, if it was the last thing laid
    // down: the file's text up to the next item (a separator, or in a cut
    // the items it left out) is then copied, else the separator is written.
    let mut prev: Option<usize> = None;
    for (k, &(id, (start, end))) in spans.kept.iter().enumerate() {
        while let Some((cid, text)) = created.next_if(|c| c.0 < id) {
            if !kept.is_empty() {
                out.text(SEP);
            }
            kept.push((cid, out.text(text)));
            prev = None;
        }
        let text = match (changed(id), new.remove(&id)) {
            (false, _) => None,
            (true, Some(text)) => Some(text),
            // Deleted (a cut knows of no deletions).
            (true, None) if spans.every => continue,
            (true, None) => return None,
        };
        match k.checked_sub(1) {
            None if kept.is_empty() => out.old(spans.items.0, start),
            Some(before) if prev == Some(before) => out.old(spans.kept[before].1.1, start),
            _ if kept.is_empty() => (out.len, out.len),
            _ => out.text(SEP),
        };
        let at = match text {
            Some(text) => out.text(text),
            None => out.old(start, end),
        };
        kept.push((id, at));
        prev = Some(k);
    }
    // The rest of the items' text (in a cut, the items after its last).
    if let Some(k) = prev.filter(|&k| k + 1 == spans.kept.len()) {
        out.old(spans.kept[k].1.1, spans.items.1);
    }
    for (cid, text) in created {
        if !kept.is_empty() {
            out.text(SEP);
        }
        kept.push((cid, out.text(text)));
    }
    // Whatever `encoded` held that was not laid down; or no item at all,
    // where the codec writes an empty array.
    if !new.is_empty() || kept.is_empty() {
        return None;
    }
    let items = (items_start, out.len);
    let history = match (&spans.history, cut.history) {
        (Some(old), Some((start, end))) => {
            let first_new: Record = serde_json::from_str(cut.first_record?).ok()?;
            // A new record's id counts the records of its millisecond.
            if old.last.at.timestamp_millis() >= first_new.at.timestamp_millis() {
                return None;
            }
            out.text(&encoded[last..start]);
            let at = out.len;
            out.old(old.span.0, old.span.1);
            out.text(SEP);
            let span = (at, out.len + end - start);
            out.text(&encoded[start..]);
            Some(History { span, count: old.count + cut.records, last: serde_json::from_str(cut.last_record?).ok()? })
        }
        // Nothing recorded: the file's records would be left out.
        (Some(_), None) => return None,
        (None, Some((start, end))) => {
            let at = out.len + start - last;
            out.text(&encoded[last..]);
            Some(History {
                span: (at, at + end - start),
                count: cut.records,
                last: serde_json::from_str(cut.last_record?).ok()?,
            })
        }
        (None, None) => {
            out.text(&encoded[last..]);
            None
        }
    };
    Some(Plan { pieces: out.pieces, spans: Spans { kept, every: spans.every, items, history } })
}

/// The pieces being laid down, and their length so far.
#[derive(Default)]
struct Out<'a> {
    pieces: Vec<Piece<'a>>,
    len: usize,
}

impl<'a> Out<'a> {
    /// Adds encoded text; returns where it lies in the output.
    fn text(&mut self, text: &'a str) -> (usize, usize) {
        let at = self.len;
        if !text.is_empty() {
            self.pieces.push(Piece::New(text));
            self.len += text.len();
        }
        (at, self.len)
    }

    /// Adds the file's text from `start` to `end`, joined to the range
    /// before it when they meet; returns where it lies in the output.
    fn old(&mut self, start: usize, end: usize) -> (usize, usize) {
        let at = self.len;
        if start >= end {
            return (at, at);
        }
        self.len += end - start;
        match self.pieces.last_mut() {
            Some(Piece::Old(_, last)) if *last == start => *last = end,
            _ => self.pieces.push(Piece::Old(start, end)),
        }
        (at, self.len)
    }
}

/// Finds where every item and record lies in a file the codec wrote,
/// reading it a piece at a time (it is never whole in memory): the pretty
/// printer puts each item's braces alone on lines indented by four spaces,
/// its id on the line after, and each record on a line of its own, and no
/// line break can occur inside a JSON string. What it finds is checked
/// against the workspace written ([`Scan::finish`]).
#[derive(Default)]
pub struct Scan {
    /// Where the next byte fed lies in the file.
    at: usize,
    /// The line being read, when it began in an earlier piece.
    line: Vec<u8>,
    part: Part,
    kept: Vec<(Uuid, (usize, usize))>,
    /// An item begun: where, and its id once read.
    open: Option<(usize, Option<Uuid>)>,
    items: Option<(usize, usize)>,
    history: Option<(usize, usize)>,
    records: usize,
    last: Vec<u8>,
    broken: bool,
}

#[derive(Default, PartialEq, Eq)]
enum Part {
    #[default]
    Other,
    Items,
    History,
}

impl Scan {
    pub fn feed(&mut self, bytes: &[u8]) {
        let mut from = 0;
        for end in memchr::memchr_iter(b'\n', bytes) {
            let start = self.at + from;
            if self.line.is_empty() {
                self.on_line(start, &bytes[from..end]);
            } else {
                let mut line = std::mem::take(&mut self.line);
                line.extend_from_slice(&bytes[from..end]);
                self.on_line(start - (line.len() - (end - from)), &line);
            }
            from = end + 1;
        }
        // Only the lines that matter are kept whole across pieces.
        if from < bytes.len() {
            self.line.extend_from_slice(&bytes[from..]);
        }
        self.at += bytes.len();
    }

    fn on_line(&mut self, start: usize, line: &[u8]) {
        match self.part {
            Part::Other if line == b"  \"items\": [" => self.part = Part::Items,
            Part::Other if line == b"  \"history\": [" => self.part = Part::History,
            Part::Other => {}
            _ if line.starts_with(b"  ]") => self.part = Part::Other,
            Part::Items => match (line, &mut self.open) {
                (b"    {", None) => self.open = Some((start + 4, None)),
                (_, Some((_, id @ None))) => {
                    let parsed = line.strip_prefix(b"      \"id\": \"").and_then(|l| l.strip_suffix(b"\","));
                    *id = parsed.and_then(|l| Uuid::try_parse_ascii(l).ok());
                    self.broken |= id.is_none();
                }
                (b"    }" | b"    },", Some((begun, Some(id)))) => {
                    let (span, id) = ((*begun, start + 5), *id);
                    self.broken |= self.kept.last().is_some_and(|(before, _)| *before >= id);
                    self.kept.push((id, span));
                    self.items = Some((self.items.map_or(span.0, |i| i.0), span.1));
                    self.open = None;
                }
                (_, None) => self.broken = true,
                _ => {}
            },
            Part::History => {
                let record = line.strip_prefix(b"    ").filter(|l| l.starts_with(b"{"));
                let Some(record) = record.map(|r| r.strip_suffix(b",").unwrap_or(r)) else {
                    self.broken = true;
                    return;
                };
                let span = (start + 4, start + 4 + record.len());
                self.history = Some((self.history.map_or(span.0, |h| h.0), span.1));
                self.records += 1;
                self.last.clear();
                self.last.extend_from_slice(record);
            }
        }
    }

    /// The spans found, if the file read as the codec writes `items`
    /// items and `records` records, the last with the id `last`.
    pub fn finish(self, items: usize, records: usize, last: Option<Uuid>) -> Option<Spans> {
        if self.broken || self.open.is_some() || self.kept.len() != items || self.records != records {
            return None;
        }
        let history = match self.history {
            Some(span) => {
                let last_record: Record = serde_json::from_slice(&self.last).ok()?;
                (Some(last_record.id) == last).then_some(())?;
                Some(History { span, count: self.records, last: last_record })
            }
            None => None,
        };
        Some(Spans { kept: self.kept, every: true, items: self.items?, history })
    }

    /// The ids of the items found, in file order.
    pub fn ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.kept.iter().map(|k| k.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::command::{ItemPatch, NewItem, Position, VisionPatch};
    use crate::domain::history::History;
    use crate::domain::shared::Shared;
    use crate::domain::{Command, Ctx, IdGen, Role, Workspace};
    use crate::store::{Store, codec, demo};

    fn spans_of(text: &str, ws: &Workspace) -> Spans {
        let mut scan = Scan::default();
        // In odd pieces, so that lines cross them.
        for piece in text.as_bytes().chunks(97) {
            scan.feed(piece);
        }
        scan.finish(ws.items.len(), ws.history.len(), ws.history.last().map(|r| r.id)).expect("the codec's layout")
    }

    fn assemble(old: &str, plan: &Plan<'_>) -> String {
        plan.pieces
            .iter()
            .map(|p| match *p {
                Piece::New(text) => text,
                Piece::Old(start, end) => &old[start..end],
            })
            .collect()
    }

    /// Items edited, deleted (the first ones too) and created (among the
    /// others by id, and after them), with new records: the pieces make
    /// the bytes the codec makes of the whole, and the spans they give
    /// are those a scan of the new file finds.
    #[test]
    fn the_pieces_are_the_whole_file_for_any_change_to_the_items() {
        let before = demo::workspace(chrono::Utc::now());
        let old = String::from_utf8(codec::encode(&before)).expect("utf-8");
        let spans = spans_of(&old, &before);
        let mut ids: Vec<Uuid> = before.items.iter().map(|i| i.meta.id).collect();
        ids.sort();
        let n = ids.len();
        type Change = fn(&mut Workspace, &[Uuid]) -> Vec<Uuid>;
        let cases: &[(&str, Change)] = &[
            ("edit one", |ws, ids| retitle(ws, &[ids[3]])),
            ("edit the first and the last", |ws, ids| retitle(ws, &[ids[0], ids[ids.len() - 1]])),
            ("delete the first two", |ws, ids| remove(ws, &ids[..2])),
            ("delete the last", |ws, ids| remove(ws, &ids[ids.len() - 1..])),
            ("delete two apart and edit between", |ws, ids| {
                let mut changed = remove(ws, &[ids[4], ids[9]]);
                changed.extend(retitle(ws, &[ids[6]]));
                changed
            }),
            ("create among them and after them", |ws, ids| {
                let between = Uuid::from_u128((ids[5].as_u128() + ids[6].as_u128()) / 2);
                let first = Uuid::from_u128(ids[0].as_u128() - 1);
                let last = Uuid::from_u128(ids[ids.len() - 1].as_u128() + 1);
                [first, between, last].iter().map(|&id| create(ws, id, ids[2])).collect()
            }),
            ("create where one is deleted", |ws, ids| {
                let mut changed = remove(ws, &ids[..1]);
                changed.push(create(ws, Uuid::from_u128(ids[0].as_u128() + 1), ids[3]));
                changed
            }),
        ];
        for (what, change) in cases {
            let mut after = before.clone();
            let changed = change(&mut after, &ids);
            let record = crate::domain::history::Record {
                at: chrono::Utc::now() + chrono::Duration::seconds(1),
                ..before.history.last().expect("a record").clone()
            };
            let record = crate::domain::history::Record { id: Uuid::now_v7(), ..record };
            after.history.push(record.clone());
            after.reindex();
            let mut changed = changed;
            let mut items: Vec<Shared<_>> =
                after.items.iter().filter(|i| changed.contains(&i.meta.id)).cloned().collect();
            // As the store does: an unchanged item places the array.
            if items.is_empty() {
                let anchor = spans.ids().find_map(|id| after.item_pos(id)).expect("an item left");
                changed.push(after.items[anchor].meta.id);
                items.push(after.items[anchor].clone());
            }
            let part = after.with_items_and_history(items, History::new(vec![record]));
            let encoded = String::from_utf8(codec::encode(&part)).expect("utf-8");
            let plan =
                splice(&spans, &encoded, |id| changed.contains(&id)).unwrap_or_else(|| panic!("{what}: spliced"));
            let whole = String::from_utf8(codec::encode(&after)).expect("utf-8");
            assert!(assemble(&old, &plan) == whole, "{what}: the pieces make the whole file");
            let found = spans_of(&whole, &after);
            assert_eq!(plan.spans.kept, found.kept, "{what}: the items' spans");
            assert_eq!(plan.spans.items, found.items, "{what}");
            let (h, f) = (plan.spans.history.as_ref().expect("records"), found.history.as_ref().expect("records"));
            assert_eq!((h.span, h.count, h.last.id), (f.span, f.count, f.last.id), "{what}: the records' span");
        }
        // Every item deleted: the codec writes an empty array, not pieces.
        assert!(n > 10);
    }

    fn retitle(ws: &mut Workspace, ids: &[Uuid]) -> Vec<Uuid> {
        for &id in ids {
            let pos = ws.item_pos(id).expect("there");
            ws.items[pos].title = format!("Retitled {id}");
        }
        ids.to_vec()
    }

    fn remove(ws: &mut Workspace, ids: &[Uuid]) -> Vec<Uuid> {
        ws.items.retain(|i| !ids.contains(&i.meta.id));
        ws.reindex();
        ids.to_vec()
    }

    fn create(ws: &mut Workspace, id: Uuid, like: Uuid) -> Uuid {
        let mut item = (*ws.items[ws.item_pos(like).expect("there")]).clone();
        item.meta.id = id;
        item.key = format!("NEW-{}", id.as_u128() % 1000);
        ws.items.push(Shared::new(item));
        ws.reindex();
        id
    }

    /// A store that keeps the layout writes its saves around what changed;
    /// one that does not writes them whole. Through a run of every kind of
    /// change, and another session's save in the middle, both files hold
    /// the same bytes after every save, and most saves went around.
    #[test]
    fn a_store_writing_around_its_changes_writes_what_a_whole_write_would() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let start = chrono::Utc::now();
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
        Store::create(&a, demo::workspace(start), Role::Po).expect("created");
        std::fs::copy(&a, &b).expect("copied");
        let mut around = Store::open(&a, Role::Po).expect("opens");
        around.keep_layout();
        let mut whole = Store::open(&b, Role::Po).expect("opens");
        let mut ctx = Ctx { confirmed: true, ids: IdGen::sequential(), ..Ctx::new(start, Role::Po) };
        ctx.user = "ana".into();
        let mut spliced = 0;
        for step in 0..60 {
            ctx.set_now(start + chrono::Duration::seconds(step + 1));
            let ws = whole.workspace();
            let live: Vec<Uuid> = ws.live_items().map(|i| i.meta.id).collect();
            let pick = live[(step as usize * 7) % live.len()];
            let cmds = match step % 8 {
                0 => vec![Command::EditItem {
                    id: pick,
                    patch: Box::new(ItemPatch { title: Some(format!("Step {step}")), ..Default::default() }),
                }],
                1 => {
                    vec![Command::AddItem(Box::new(NewItem { title: format!("New at {step}"), ..Default::default() }))]
                }
                2 => vec![Command::DeleteItem { id: pick }],
                3 => vec![Command::RankItem { id: pick, to: Position::Top }],
                4 => vec![Command::AddComment { id: pick, text: format!("Said at {step}") }],
                5 => vec![Command::EditVision(VisionPatch {
                    statement: Some(format!("Vision {step}")),
                    ..Default::default()
                })],
                6 => vec![
                    Command::EditItem {
                        id: pick,
                        patch: Box::new(ItemPatch { labels: Some(vec!["x".into()]), ..Default::default() }),
                    },
                    Command::AddItem(Box::new(NewItem {
                        title: format!("Another at {step}"),
                        position: Position::Top,
                        ..Default::default()
                    })),
                ],
                _ => vec![Command::DeleteItem { id: live[0] }],
            };
            for cmd in cmds {
                let (x, y) = (around.apply_local(cmd.clone(), &mut ctx.clone()), whole.apply_local(cmd, &mut ctx));
                assert_eq!(x.is_ok(), y.is_ok(), "step {step}");
            }
            if step == 30 {
                // Another session saves: both merge it and write whole.
                let mut other = Store::open(&a, Role::Po).expect("opens");
                let id = other.workspace().live_items().last().expect("an item").meta.id;
                let patch = ItemPatch { title: Some("Theirs".into()), ..Default::default() };
                let mut theirs = ctx.clone();
                theirs.set_now(start + chrono::Duration::milliseconds(step * 1000 + 500));
                other
                    .apply(Command::EditItem { id, patch: Box::new(patch.clone()) }, &mut theirs.clone())
                    .expect("saved");
                let mut other = Store::open(&b, Role::Po).expect("opens");
                other.apply(Command::EditItem { id, patch: Box::new(patch) }, &mut theirs).expect("saved");
            }
            let had = around.layout.is_some();
            around.save().expect("saves");
            whole.save().expect("saves");
            assert!(
                std::fs::read(&a).expect("read") == std::fs::read(&b).expect("read"),
                "step {step}: the files differ"
            );
            spliced += usize::from(had && step != 30);
        }
        assert!(spliced > 50, "most saves went around the changes ({spliced})");
    }
}
