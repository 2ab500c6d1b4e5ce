//! Backlog items: the PO's stories, bugs, spikes, tasks, tech debt and epics.

use super::entity::{Extra, Meta};
use super::score::Scoring;
use super::sparse::Sparse;
use super::string_enum::string_enum;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

string_enum! {
    /// What sort of work an item is.
    ItemKind { Story = "story", Bug = "bug", Spike = "spike", Task = "task", TechDebt = "tech_debt", Epic = "epic" }
}

string_enum! {
    /// Where an item is on its way to done.
    Status {
        New = "new", Refined = "refined", Ready = "ready", InProgress = "in_progress",
        Review = "review", Done = "done", Dropped = "dropped",
    }
}

impl Status {
    /// Done or dropped: no more work expected.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Dropped)
    }
}

/// The user-story triple: "As a …, I want …, so that …".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Story {
    #[serde(default)]
    pub as_a: String,
    #[serde(default)]
    pub i_want: String,
    #[serde(default)]
    pub so_that: String,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Criterion {
    pub fn new(text: impl Into<String>, met: bool) -> Criterion {
        Criterion { text: text.into(), met, extra: Extra::new() }
    }
}

impl ExternalRef {
    pub fn new(system: impl Into<String>, key: impl Into<String>) -> ExternalRef {
        ExternalRef { system: system.into(), key: key.into(), url: None, imported: None, extra: Extra::new() }
    }
}

/// Comments as the domain stores them: author and text cleaned, empty
/// ones dropped, in time order. Imports compare with what is stored
/// through this.
pub fn clean_comments(list: Vec<Comment>) -> Vec<Comment> {
    let mut out: Vec<Comment> = list
        .into_iter()
        .map(|c| Comment { author: super::text::clean_line(&c.author), text: super::text::clean(&c.text), ..c })
        .filter(|c| !c.text.trim().is_empty())
        .collect();
    out.sort_by_key(|c| c.at);
    out
}

impl Imported {
    /// A 64-bit digest of the text, in hex: FNV-1a's constants over
    /// little-endian 8-byte words (the tail byte by byte), then the length,
    /// with a final avalanche. Fixed here, so stable across versions and
    /// platforms, which a base kept in a file needs; word-wise, as imports
    /// digest hundreds of megabytes.
    pub fn digest(text: &str) -> String {
        if text.is_empty() {
            return String::new();
        }
        const PRIME: u64 = 0x0100_0000_01b3;
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut words = text.as_bytes().chunks_exact(8);
        for w in &mut words {
            h = (h ^ u64::from_le_bytes(w.try_into().expect("eight bytes"))).wrapping_mul(PRIME);
            h ^= h >> 29;
        }
        for &b in words.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(PRIME);
        }
        h = (h ^ text.len() as u64).wrapping_mul(PRIME);
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        format!("{h:016x}")
    }
}

impl Story {
    pub fn new(as_a: impl Into<String>, i_want: impl Into<String>, so_that: impl Into<String>) -> Story {
        Story { as_a: as_a.into(), i_want: i_want.into(), so_that: so_that.into(), extra: Extra::new() }
    }
    pub fn is_empty(&self) -> bool {
        self.as_a.is_empty() && self.i_want.is_empty() && self.so_that.is_empty()
    }
}

/// One acceptance criterion and whether it is met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub text: String,
    #[serde(default)]
    pub met: bool,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A link to the same work in another system, such as a Jira issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalRef {
    pub system: String,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What the last import from that system brought: the base of the
    /// next re-import's three-way merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<Box<Imported>>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The values of an item as an import last wrote them (after cleaning).
/// A re-import compares the source's new values, this base and the item
/// as it is now, field by field, through the store's merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub title: String,
    /// A fingerprint of the description as imported ([`Imported::digest`]),
    /// not the text: the text is on the item, and a re-import only needs
    /// to tell whether either side changed it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description_digest: String,
    pub kind: ItemKind,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "crate::domain::tight::vec")]
    pub labels: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sprint: Option<Uuid>,
    /// The assignee as imported (after cleaning). Older bases lack it and
    /// read as none; versions that do not know it keep it as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// The release its first fix version became (schema 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<Uuid>,
    /// When the source last changed the issue, if it said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<chrono::DateTime<chrono::Utc>>,
    /// When the source resolved (closed) the issue, if it said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<chrono::DateTime<chrono::Utc>>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    #[serde(flatten)]
    pub meta: Meta,
    /// Short key such as `BL-42`; unique for the life of the workspace.
    pub key: String,
    pub kind: ItemKind,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Boxed: three in five items have none, and it is 96 bytes inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<Box<Story>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "crate::domain::tight::vec")]
    pub acceptance_criteria: Vec<Criterion>,
    /// Story points; `None` means not estimated yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<u32>,
    pub status: Status,
    /// Fractional-index order key (see [`super::rank`]).
    pub rank: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "crate::domain::tight::vec")]
    pub labels: Vec<String>,
    /// The epic this item belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Uuid>,
    /// The roadmap initiative this item delivers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiative: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sprint: Option<Uuid>,
    /// The release it ships in (schema 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<Uuid>,
    /// Most items have none: kept off the item until set ([`Sparse`]).
    #[serde(default, skip_serializing_if = "Scoring::is_empty")]
    pub scoring: Sparse<Scoring>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "crate::domain::tight::vec")]
    pub external: Vec<ExternalRef>,
    /// Who is doing it: free text, a person's name or handle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Items that cannot finish before this one (`blocked by` is the other
    /// end, derived). A set: merges keep what either side linked.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "crate::domain::tight::vec")]
    pub blocks: Vec<Uuid>,
    /// Free-text Definition of Ready/Done items a person has ticked for
    /// this item. A set.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "crate::domain::tight::vec")]
    pub checked: Vec<String>,
    /// Discussion, oldest first; append-only, merged as a union.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "crate::domain::tight::vec")]
    pub comments: Vec<Comment>,
    /// The story this one was split from (schema 4): history, so it stays
    /// when that story is dropped or deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_from: Option<Uuid>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One remark on an item: who said what, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    #[serde(with = "super::stamp")]
    pub at: chrono::DateTime<chrono::Utc>,
    pub author: String,
    pub role: super::entity::Role,
    pub text: String,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Item {
    pub fn id(&self) -> Uuid {
        self.meta.id
    }
    pub fn is_live(&self) -> bool {
        self.meta.is_live()
    }
    /// The number in the key (`BL-42` → 42), used to keep keys unique.
    pub fn key_number(&self) -> Option<u64> {
        key_number(&self.key)
    }
    pub fn points(&self) -> u32 {
        self.estimate.unwrap_or(0)
    }
}

/// The number of `key` if it has the form `prefix` + a number (`BL-7`
/// for `BL-`, `G3` for `G`; any case, no leading zero): a key such a
/// workspace could hand out.
pub fn numbered(prefix: &str, key: &str) -> Option<u64> {
    let key = key.trim();
    let head = key.get(..prefix.len()).filter(|h| h.eq_ignore_ascii_case(prefix))?;
    let digits = &key[head.len()..];
    let canonical = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
    digits.parse::<u64>().ok().filter(|&n| canonical && n < u64::MAX)
}

/// The number after the last `-` of a key.
pub fn key_number(key: &str) -> Option<u64> {
    key.rsplit_once('-').and_then(|(_, n)| n.parse().ok())
}
