//! The whole workspace document and the lookups the rest of the code needs.

use super::checklist::Checklist;
pub use super::conflict::Conflict;
use super::entity::{Extra, Meta};
use super::history::History;
use super::item::Item;
use super::lookup::ItemLookup;
pub use super::progress::{EpicProgress, InitiativeProgress};
use super::release::Release;
use super::shared::Shared;
use super::sprint::{Sprint, SprintState};
use super::strategy::{Goal, Initiative, Vision};
use super::team::Member;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The schema this build reads and writes.
pub const SCHEMA_VERSION: u32 = 7;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Info {
    pub name: String,
    /// Prefix of item keys, such as `BL`.
    pub key_prefix: String,
    /// The number the next item key gets; never decreases.
    pub next_key: u64,
    #[serde(default = "one")]
    pub next_goal_key: u64,
    #[serde(default = "one")]
    pub next_initiative_key: u64,
    /// Set in an archive (schema 7): the name of the workspace file whose
    /// past it holds (see [`super::archive`]). Its links may point into
    /// that workspace, so a merge leaves them as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_of: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

fn one() -> u64 {
    1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum GuardMode {
    /// Ask (TUI) or warn (CLI) before editing the other role's entities.
    #[default]
    Warn,
    /// Refuse such edits.
    Strict,
    /// No guard.
    Off,
}

impl std::fmt::Display for GuardMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            GuardMode::Warn => "warn",
            GuardMode::Strict => "strict",
            GuardMode::Off => "off",
        })
    }
}

impl std::str::FromStr for GuardMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "warn" => Ok(GuardMode::Warn),
            "strict" => Ok(GuardMode::Strict),
            "off" => Ok(GuardMode::Off),
            _ => Err(format!("unknown guard mode {s:?}: use warn, strict or off")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The estimates a story may have.
    pub point_scale: Vec<u32>,
    /// How many closed sprints velocity averages over.
    pub velocity_window: u32,
    pub sprint_length_days: u32,
    pub role_guard: GuardMode,
    /// In-progress work untouched this many days is reported as stale.
    #[serde(default = "default_stale_days")]
    pub stale_after_days: u32,
    /// Checked when an item moves to `ready`. Always written (since schema
    /// 2), so an empty list is a choice, not a file from before lists.
    #[serde(default)]
    pub definition_of_ready: Checklist,
    /// Checked when an item moves to `done`.
    #[serde(default)]
    pub definition_of_done: Checklist,
    /// What happens when an item misses its definition: ask (TUI) or warn
    /// (CLI), refuse, or nothing.
    #[serde(default)]
    pub definition_guard: GuardMode,
    /// Named views of the backlog: a filter, a sort and columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
    /// Where a closing word in a commit (`fixes BL-12`) moves a story:
    /// `done`, or `review` for teams that review first. Written only when
    /// it is not `done`, so older files keep their bytes.
    #[serde(default = "default_close_status", skip_serializing_if = "is_done")]
    pub close_status: super::item::Status,
    /// How `backlog git branch` names a story's branch (see
    /// [`super::branch_name`]); written only when it is not the default.
    #[serde(default = "default_branch_template", skip_serializing_if = "is_default_template")]
    pub branch_template: String,
    /// History retention: changes older than this many days keep who made
    /// them and when, but not their old and new values (see
    /// [`super::history::compact`]). `None`, the default: kept whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history_days: Option<u32>,
    /// Work-in-progress limits of the board's columns (schema 6), by the
    /// column's slug (see [`super::board::BOARD`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub wip_limits: BTreeMap<String, u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

fn default_close_status() -> super::item::Status {
    super::item::Status::Done
}

fn is_done(s: &super::item::Status) -> bool {
    *s == super::item::Status::Done
}

fn default_branch_template() -> String {
    super::branch_name::DEFAULT_TEMPLATE.to_owned()
}

fn is_default_template(t: &String) -> bool {
    t == super::branch_name::DEFAULT_TEMPLATE
}

/// The optional list columns a view can name.
/// (`lands`: when each item is done with everything ranked above it, at
/// 85%; shown only in a view that names it.)
pub const VIEW_COLUMNS: [&str; 12] =
    ["kind", "pts", "status", "by", "sprint", "init", "who", "wsjf", "rice", "updated", "lands", "release"];

/// A saved way of looking at the backlog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    pub name: String,
    /// In the `/` filter's syntax (see [`super::query`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub filter: String,
    /// What it sorts by, as `--sort` takes it (see [`super::query::Sort`]):
    /// empty for the rank.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sort: String,
    /// Which optional columns show; empty means the default set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// Whether done and dropped items show.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub show_done: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

fn default_stale_days() -> u32 {
    14
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            point_scale: vec![0, 1, 2, 3, 5, 8, 13, 20, 40, 100],
            velocity_window: 3,
            sprint_length_days: 14,
            role_guard: GuardMode::Warn,
            stale_after_days: default_stale_days(),
            definition_of_ready: Checklist::ready_default(),
            definition_of_done: Checklist::done_default(),
            definition_guard: GuardMode::Warn,
            views: Vec::new(),
            close_status: default_close_status(),
            branch_template: default_branch_template(),
            history_days: None,
            wip_limits: BTreeMap::new(),
            extra: Extra::new(),
        }
    }
}

/// The document. Collections are written sorted by id (UUID v7, so in
/// creation order) whatever their order in memory, so the same content
/// always gives the same bytes and a change shows up as a small diff.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Workspace {
    pub schema_version: u32,
    pub workspace: Info,
    pub settings: Settings,
    pub vision: Vision,
    #[serde(default, serialize_with = "sorted_by_id")]
    pub goals: Vec<Goal>,
    #[serde(default, serialize_with = "sorted_by_id")]
    pub roadmap: Vec<Initiative>,
    #[serde(default, serialize_with = "sorted_by_id")]
    /// Shared with copies of the workspace until written ([`Shared`]).
    pub items: Vec<Shared<Item>>,
    #[serde(default, serialize_with = "sorted_by_id")]
    pub sprints: Vec<Sprint>,
    /// Versions with a target date (schema 6).
    #[serde(default, skip_serializing_if = "Vec::is_empty", serialize_with = "sorted_by_id")]
    pub releases: Vec<Release>,
    /// Who works on the backlog, with capacity and days off (schema 6).
    #[serde(default, skip_serializing_if = "Vec::is_empty", serialize_with = "sorted_by_id")]
    pub team: Vec<Member>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", serialize_with = "sorted_conflicts")]
    pub conflicts: Vec<Conflict>,
    /// Who changed what (schema 5): every change's record, oldest first.
    #[serde(default, skip_serializing_if = "History::is_empty")]
    pub history: History,
    #[serde(flatten)]
    pub extra: Extra,
    #[serde(skip)]
    index: Index,
}

impl PartialEq for Workspace {
    fn eq(&self, other: &Self) -> bool {
        // The index is derived; collections compare as sets keyed by id.
        fn sorted<T: HasMeta + PartialEq>(v: &[T]) -> Vec<&T> {
            let mut refs: Vec<&T> = v.iter().collect();
            refs.sort_by_key(|e| e.meta().id);
            refs
        }
        self.schema_version == other.schema_version
            && self.workspace == other.workspace
            && self.settings == other.settings
            && self.vision == other.vision
            && sorted(&self.goals) == sorted(&other.goals)
            && sorted(&self.roadmap) == sorted(&other.roadmap)
            && sorted(&self.items) == sorted(&other.items)
            && sorted(&self.sprints) == sorted(&other.sprints)
            && sorted(&self.releases) == sorted(&other.releases)
            && sorted(&self.team) == sorted(&other.team)
            && sorted_conflicts_eq(&self.conflicts, &other.conflicts)
            && self.history == other.history
            && self.extra == other.extra
    }
}

/// Conflicts compare as a set keyed by id, like the file writes them (a
/// merge appends them in the order it finds them).
fn sorted_conflicts_eq(a: &[Conflict], b: &[Conflict]) -> bool {
    fn sorted(v: &[Conflict]) -> Vec<&Conflict> {
        let mut refs: Vec<&Conflict> = v.iter().collect();
        refs.sort_by_key(|c| c.id);
        refs
    }
    sorted(a) == sorted(b)
}

/// Entities that carry [`Meta`].
pub trait HasMeta {
    fn meta(&self) -> &Meta;
    fn meta_mut(&mut self) -> &mut Meta;
}

impl<T: HasMeta + Clone> HasMeta for Shared<T> {
    fn meta(&self) -> &Meta {
        (**self).meta()
    }
    fn meta_mut(&mut self) -> &mut Meta {
        (**self).meta_mut()
    }
}

macro_rules! has_meta {
    ($($t:ty),+) => {$(
        impl HasMeta for $t {
            fn meta(&self) -> &Meta { &self.meta }
            fn meta_mut(&mut self) -> &mut Meta { &mut self.meta }
        }
    )+};
}
has_meta!(Vision, Goal, Initiative, Item, Sprint, Release, Member);

fn sorted_by_id<T: HasMeta + Serialize, S: Serializer>(v: &[T], s: S) -> Result<S::Ok, S::Error> {
    let mut refs: Vec<&T> = v.iter().collect();
    refs.sort_by_key(|e| e.meta().id);
    s.collect_seq(refs)
}

fn sorted_conflicts<S: Serializer>(v: &[Conflict], s: S) -> Result<S::Ok, S::Error> {
    let mut refs: Vec<&Conflict> = v.iter().collect();
    refs.sort_by_key(|c| c.id);
    s.collect_seq(refs)
}

/// Lookups by id and key, rebuilt after load and kept current by the
/// domain's transaction (entities are never removed, only tombstoned, so
/// positions are stable).
#[derive(Debug, Clone, Default)]
struct Index {
    items: ItemLookup,
    /// Positions of the first and last live items by (rank, id), computed
    /// when first asked and kept up as items change, so that adding at
    /// the bottom (or top) of a big backlog needs no scan.
    ends: std::cell::RefCell<Option<Ends>>,
    /// Sprint members and blockers, built when first asked and kept up
    /// as items change (see [`super::links`]).
    links: std::cell::RefCell<Option<super::links::Links>>,
}

/// The first and last live items: position and the (rank, id) they had
/// when recorded.
type End = Option<(usize, String, Uuid)>;
type Ends = (End, End);

impl Workspace {
    /// An empty workspace.
    pub fn new(name: &str, key_prefix: &str, vision_meta: Meta) -> Workspace {
        let mut ws = Workspace {
            schema_version: SCHEMA_VERSION,
            workspace: Info {
                name: name.to_owned(),
                key_prefix: key_prefix.to_owned(),
                next_key: 1,
                next_goal_key: 1,
                next_initiative_key: 1,
                archive_of: None,
                extra: Extra::new(),
            },
            settings: Settings::default(),
            vision: Vision {
                meta: vision_meta,
                statement: String::new(),
                target_group: String::new(),
                needs: String::new(),
                product: String::new(),
                business_goals: String::new(),
                pitch: String::new(),
                extra: Extra::new(),
            },
            goals: Vec::new(),
            roadmap: Vec::new(),
            items: Vec::new(),
            sprints: Vec::new(),
            releases: Vec::new(),
            team: Vec::new(),
            conflicts: Vec::new(),
            history: History::default(),
            extra: Extra::new(),
            index: Index::default(),
        };
        ws.reindex();
        ws
    }

    /// A copy of everything but the items and the history, which are
    /// `items` and `history` instead: the part of a workspace that changed,
    /// to be written around what did not (the store's splice).
    pub fn with_items_and_history(&self, items: Vec<Shared<Item>>, history: History) -> Workspace {
        let mut ws = Workspace {
            schema_version: self.schema_version,
            workspace: self.workspace.clone(),
            settings: self.settings.clone(),
            vision: self.vision.clone(),
            goals: self.goals.clone(),
            roadmap: self.roadmap.clone(),
            items,
            sprints: self.sprints.clone(),
            releases: self.releases.clone(),
            team: self.team.clone(),
            conflicts: self.conflicts.clone(),
            history,
            extra: self.extra.clone(),
            index: Index::default(),
        };
        ws.reindex();
        ws
    }

    /// Rebuilds the lookups; call after replacing collections wholesale.
    pub fn reindex(&mut self) {
        self.index = Index { items: ItemLookup::of(&self.items), ends: Default::default(), links: Default::default() };
    }

    /// Makes room for `n` more items at once (an import knows how many it
    /// adds): growing by doubling would copy the list and its lookups
    /// again and again, and could leave half of it unused.
    pub fn reserve_items(&mut self, n: usize) {
        self.items.reserve_exact(n);
        self.index.items.reserve(&self.items, n);
    }

    pub(crate) fn push_item(&mut self, item: Item) -> usize {
        let pos = self.items.len();
        self.items.push(item.into());
        self.index.items.insert(&self.items, pos);
        self.note_item(pos);
        pos
    }

    fn rank_key(&self, pos: usize) -> (&str, Uuid) {
        (self.items[pos].rank.as_str(), self.items[pos].meta.id)
    }

    /// The first and last live items in rank order (positions).
    pub fn item_ends(&self) -> (Option<usize>, Option<usize>) {
        if let Some((first, last)) = &*self.index.ends.borrow() {
            return (first.as_ref().map(|e| e.0), last.as_ref().map(|e| e.0));
        }
        let live = || (0..self.items.len()).filter(|&p| self.items[p].is_live());
        let first = live().min_by(|&a, &b| self.rank_key(a).cmp(&self.rank_key(b)));
        let last = live().max_by(|&a, &b| self.rank_key(a).cmp(&self.rank_key(b)));
        let end = |p: Option<usize>| p.map(|p| (p, self.items[p].rank.clone(), self.items[p].meta.id));
        *self.index.ends.borrow_mut() = Some((end(first), end(last)));
        (first, last)
    }

    /// Keeps the known ends right after item `pos` changed its rank or
    /// liveness. An end that moved outwards stays the end; one that moved
    /// inwards or was deleted is looked for again when next needed; any
    /// other item can only become a new end.
    pub(crate) fn note_item(&mut self, pos: usize) {
        self.note_links(pos);
        let mut cache = self.index.ends.borrow_mut();
        let Some((first, last)) = cache.as_mut() else { return };
        let item = &self.items[pos];
        let key = (item.rank.as_str(), item.meta.id);
        let was = |e: &End| e.as_ref().is_some_and(|e| e.0 == pos);
        let live = item.is_live();
        let stays_first = |e: &End| e.as_ref().is_some_and(|e| key <= (e.1.as_str(), e.2));
        let stays_last = |e: &End| e.as_ref().is_some_and(|e| key >= (e.1.as_str(), e.2));
        if (was(first) && !(live && stays_first(first))) || (was(last) && !(live && stays_last(last))) {
            *cache = None;
            return;
        }
        if !live {
            return;
        }
        let record = Some((pos, item.rank.clone(), item.meta.id));
        if was(first) || first.as_ref().is_none_or(|e| key < (e.1.as_str(), e.2)) {
            *first = record.clone();
        }
        if was(last) || last.as_ref().is_none_or(|e| key > (e.1.as_str(), e.2)) {
            *last = record;
        }
    }

    /// Keeps the sprint members and blockers right after item `pos`
    /// changed (a no-op until they are first asked for).
    pub(crate) fn note_links(&self, pos: usize) {
        if let Some(links) = self.index.links.borrow_mut().as_mut() {
            links.refile(pos, &self.items[pos]);
        }
    }

    fn with_links<T>(&self, f: impl FnOnce(&super::links::Links) -> T) -> T {
        let mut cache = self.index.links.borrow_mut();
        f(cache.get_or_insert_with(|| super::links::Links::build(&self.items)))
    }

    /// Positions of the live items in sprint `id`, in no order: what the
    /// sprint holds is looked up, not scanned for.
    pub fn sprint_members(&self, id: Uuid) -> Vec<usize> {
        self.with_links(|l| {
            l.members(id).filter(|&p| self.items[p].is_live() && self.items[p].sprint == Some(id)).collect()
        })
    }

    /// The points sprint `id` holds (its live items', dropped ones left
    /// out), kept as items change rather than counted: a pull into a
    /// sprint of any size costs the same. Exact once the items changed in
    /// a running command are noted (`Tx::sync_links`).
    pub fn sprint_points(&self, id: Uuid) -> u32 {
        self.with_links(|l| u32::try_from(l.points(id)).unwrap_or(u32::MAX))
    }

    /// Positions of the live items that block item `id`, in no order.
    pub fn blocker_positions(&self, id: Uuid) -> Vec<usize> {
        self.with_links(|l| {
            l.blockers(id)
                .iter()
                .copied()
                .filter(|&p| self.items[p].is_live() && self.items[p].blocks.contains(&id))
                .collect()
        })
    }

    /// Items some item is filed as blocking (a superset of those blocked
    /// by live items: callers check each).
    pub fn linked_as_blocked(&self) -> Vec<Uuid> {
        self.with_links(|l| l.blocked_ids().collect())
    }

    pub(crate) fn rekey_item(&mut self, pos: usize, key: String) {
        self.index.items.remove_key(&self.items, pos);
        self.items[pos].key = key;
        self.index.items.insert_key(&self.items, pos);
    }

    /// Position of an item (live or deleted) by id.
    pub fn item_pos(&self, id: Uuid) -> Option<usize> {
        self.index.items.pos_of_id(&self.items, id)
    }
    pub fn item(&self, id: Uuid) -> Option<&Item> {
        self.item_pos(id).map(|p| &*self.items[p])
    }
    /// A live item by key, case-insensitive (`bl-7` finds `BL-7`).
    pub fn item_by_key(&self, key: &str) -> Option<&Item> {
        let pos = self.index.items.pos_of_key(&self.items, key.trim())?;
        Some(&*self.items[pos]).filter(|i| i.is_live())
    }
    /// Live items holding `key` as an external reference, matched the way
    /// keys are stored (cleaned, any case); `system:key` narrows to one
    /// system.
    pub fn items_by_external<'a>(&'a self, key: &str) -> impl Iterator<Item = &'a Item> + 'a {
        let want = super::text::clean_line(key).to_uppercase();
        let (system, bare) = match want.split_once(':') {
            Some((s, k)) if !s.is_empty() && !s.contains('/') => (Some(s.to_lowercase()), k.to_owned()),
            _ => (None, want.clone()),
        };
        self.live_items().filter(move |i| {
            i.external.iter().any(|x| {
                let k = super::text::clean_line(&x.key).to_uppercase();
                k == want || (system.as_deref() == Some(x.system.as_str()) && k == bare)
            })
        })
    }
    /// True if another item, live or deleted, has this key (keys are never
    /// handed out twice). One lookup in the key index.
    pub fn key_taken(&self, key: &str, except: Uuid) -> bool {
        self.item_holding_key(key).is_some_and(|i| i.meta.id != except)
    }
    /// The item, live or deleted, that holds `key` (one lookup in the key
    /// index).
    pub fn item_holding_key(&self, key: &str) -> Option<&Item> {
        self.index.items.pos_of_key(&self.items, key.trim()).map(|p| &*self.items[p])
    }

    pub fn goal(&self, id: Uuid) -> Option<&Goal> {
        self.goals.iter().find(|g| g.meta.id == id)
    }
    pub fn initiative(&self, id: Uuid) -> Option<&Initiative> {
        self.roadmap.iter().find(|i| i.meta.id == id)
    }
    pub fn sprint(&self, id: Uuid) -> Option<&Sprint> {
        self.sprints.iter().find(|s| s.meta.id == id)
    }

    pub fn release(&self, id: Uuid) -> Option<&Release> {
        self.releases.iter().find(|r| r.meta.id == id)
    }
    pub fn member(&self, id: Uuid) -> Option<&Member> {
        self.team.iter().find(|m| m.meta.id == id)
    }
    pub fn live_releases(&self) -> impl Iterator<Item = &Release> + Clone {
        self.releases.iter().filter(|r| r.is_live())
    }
    pub fn live_members(&self) -> impl Iterator<Item = &Member> + Clone {
        self.team.iter().filter(|m| m.is_live())
    }
    /// A live release by name, any case.
    pub fn release_by_name(&self, name: &str) -> Option<&Release> {
        let name = super::text::clean_line(name);
        self.live_releases().find(|r| r.name.eq_ignore_ascii_case(&name))
    }
    /// A live team member by name, any case (how an assignee names them).
    pub fn member_by_name(&self, name: &str) -> Option<&Member> {
        let name = super::text::clean_line(name);
        self.live_members().find(|m| m.name.eq_ignore_ascii_case(&name))
    }
    /// Live releases in the order they ship: by target (none last), then
    /// name.
    pub fn ordered_releases(&self) -> Vec<&Release> {
        let mut v: Vec<&Release> = self.live_releases().collect();
        v.sort_by(|a, b| {
            (a.target.is_none(), a.target, a.name.to_lowercase(), a.meta.id).cmp(&(
                b.target.is_none(),
                b.target,
                b.name.to_lowercase(),
                b.meta.id,
            ))
        });
        v
    }

    /// The capacity sprint `s` plans against: set by hand, else the sum of
    /// the team's shares of its days (`None`: neither).
    pub fn sprint_capacity(&self, s: &Sprint) -> Option<u32> {
        s.capacity.or_else(|| self.team_capacity(s.start, s.end))
    }

    /// The team's points for a sprint from `start` to `end` (`None`: no team).
    pub fn team_capacity(&self, start: chrono::NaiveDate, end: chrono::NaiveDate) -> Option<u32> {
        let mut members = self.live_members().peekable();
        members.peek()?;
        Some(members.map(|m| m.share(start, end).points).sum())
    }

    pub fn live_items(&self) -> impl Iterator<Item = &Item> + Clone {
        self.items.iter().map(|i| &**i).filter(|i| i.is_live())
    }
    pub fn live_goals(&self) -> impl Iterator<Item = &Goal> + Clone {
        self.goals.iter().filter(|g| g.meta.is_live())
    }
    pub fn live_initiatives(&self) -> impl Iterator<Item = &Initiative> + Clone {
        self.roadmap.iter().filter(|i| i.meta.is_live())
    }
    pub fn live_sprints(&self) -> impl Iterator<Item = &Sprint> + Clone {
        self.sprints.iter().filter(|s| s.is_live())
    }

    /// Positions of live items in rank order (ties broken by id, so every
    /// copy of the file shows the same order).
    pub fn ranked_item_positions(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.items.len()).filter(|&p| self.items[p].is_live()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.items[a], &self.items[b]);
            a.rank.cmp(&b.rank).then(a.meta.id.cmp(&b.meta.id))
        });
        order
    }

    /// Live initiatives of one horizon, in rank order.
    pub fn ranked_initiatives(&self, horizon: super::strategy::Horizon) -> Vec<&Initiative> {
        let mut v: Vec<&Initiative> = self.live_initiatives().filter(|i| i.horizon == horizon).collect();
        v.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.meta.id.cmp(&b.meta.id)));
        v
    }

    pub fn active_sprint(&self) -> Option<&Sprint> {
        self.live_sprints().find(|s| s.state == SprintState::Active)
    }

    /// The sprint `s` pulls into: the active one, else the earliest planned.
    pub fn target_sprint(&self) -> Option<&Sprint> {
        self.active_sprint().or_else(|| {
            self.live_sprints().filter(|s| s.state == SprintState::Planned).min_by_key(|s| (s.start, s.meta.id))
        })
    }

    pub fn sprint_by_name(&self, name: &str) -> Option<&Sprint> {
        let name = name.trim();
        self.live_sprints().find(|s| s.name.eq_ignore_ascii_case(name))
    }
    pub fn goal_by_key(&self, key: &str) -> Option<&Goal> {
        let key = key.trim();
        self.live_goals().find(|g| g.key.eq_ignore_ascii_case(key))
    }
    pub fn initiative_by_key(&self, key: &str) -> Option<&Initiative> {
        let key = key.trim();
        self.live_initiatives().find(|i| i.key.eq_ignore_ascii_case(key))
    }

    /// Records a conflict unless one with its id is there already (ids
    /// come from what a conflict records, so the same clash found twice is
    /// one record). True if it was added.
    pub fn add_conflict(&mut self, c: Conflict) -> bool {
        let new = !self.conflicts.iter().any(|x| x.id == c.id);
        if new {
            self.conflicts.push(c);
        }
        new
    }

    /// Conflicts nobody has resolved yet.
    pub fn open_conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.conflicts.iter().filter(|c| c.resolved_at.is_none())
    }

    /// The display key for item number `n`.
    pub fn item_key(&self, n: u64) -> String {
        format!("{}-{}", self.workspace.key_prefix, n)
    }
}
