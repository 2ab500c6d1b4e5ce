//! What must hold across entities after a field-by-field merge, restored
//! the same way whoever merges:
//!
//! - **keys** stay unique: of two new entities with one key, one takes the
//!   next free key (the session's own, or the later-created; see
//!   [`Prefer`]), and the counters pass every key handed out;
//! - **ranks** stay a strict order: of items (or initiatives of one
//!   horizon) that both sides placed at the same rank key, the later-created
//!   moves just after the other;
//! - **links** point at live entities: a link one side made to something
//!   the other side deleted (an epic that stopped being one, a sprint the
//!   other side closed) is cleared, as the delete or the close would have
//!   done, and recorded as a conflict so a person decides;
//!   A release the other side deleted is cleared from items the same way;
//! - **names** of releases and team members stay unique (any case): of two
//!   made alike on two sides, the later-made takes "NAME (2)";
//! - **one active sprint**: if both sides started one, the later start goes
//!   back to planned, recorded as a conflict.
//!
//! Only what this merge touched is repaired: a problem already in the file
//! is `backlog check`'s to report, not a merge's to change.

use super::{Clash, KeptFrom, MergeReport, Opts, Pending, Prefer, label};
use crate::domain::conflict::name_of;
use crate::domain::entity::EntityRef;
use crate::domain::error::DomainError;
use crate::domain::rank;
use crate::domain::rules;
use crate::domain::snapshot::Entity;
use crate::domain::sprint::SprintState;
use crate::domain::workspace::Workspace;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// New entities whose key the other side also used: (ours, theirs).
#[derive(Debug, Default)]
pub(super) struct KeyClashes(Vec<(EntityRef, EntityRef)>);

impl KeyClashes {
    /// Notes whether `ws` (the other side, before `e` is put in) already
    /// has `e`'s key on another entity.
    pub fn check(&mut self, ws: &Workspace, r: EntityRef, e: &Entity) {
        let taken = match e {
            Entity::Item(i) => ws.item_holding_key(&i.key).map(|x| x.meta.id).filter(|id| *id != i.meta.id),
            Entity::Goal(g) => ws
                .goals
                .iter()
                .find(|x| x.meta.id != g.meta.id && x.key.eq_ignore_ascii_case(&g.key))
                .map(|x| x.meta.id),
            Entity::Initiative(i) => ws
                .roadmap
                .iter()
                .find(|x| x.meta.id != i.meta.id && x.key.eq_ignore_ascii_case(&i.key))
                .map(|x| x.meta.id),
            _ => None,
        };
        if let Some(id) = taken {
            let theirs = match r {
                EntityRef::Item(_) => EntityRef::Item(id),
                EntityRef::Goal(_) => EntityRef::Goal(id),
                _ => EntityRef::Initiative(id),
            };
            self.0.push((r, theirs));
        }
    }
}

pub(super) struct Reconcile<'a> {
    pub ws: &'a mut Workspace,
    pub ours: &'a Workspace,
    /// What ours changed (its base pre-images).
    pub mine: &'a Pending,
    /// What theirs changed, when known (git: both sides are diffed).
    pub other: Option<&'a Pending>,
    pub opts: &'a Opts,
    pub report: &'a mut MergeReport,
    pub clashes: &'a mut Vec<Clash>,
}

impl Reconcile<'_> {
    /// What either side changed: only that is repaired.
    pub fn touched(&self) -> HashSet<EntityRef> {
        self.mine.refs().chain(self.other.into_iter().flat_map(Pending::refs)).collect()
    }

    /// The base version of one field of `r` (what both sides started from).
    fn base_field(&self, r: EntityRef, field: &str) -> Value {
        let base = self.mine.get(r).or_else(|| self.other.and_then(|o| o.get(r)));
        let value = match base {
            Some(Some(e)) => e.to_value(),
            Some(None) => return Value::Null,
            None => self.ws.get(r).map_or(Value::Null, |e| e.to_value()),
        };
        value.get(field).cloned().unwrap_or(Value::Null)
    }

    /// Call before changing `r`: remembers the version the merge had made.
    fn repairing(&mut self, r: EntityRef) {
        if !self.report.repaired.iter().any(|(x, _)| *x == r) {
            let pre = self.ws.get(r);
            self.report.repaired.push((r, pre));
        }
    }

    /// Sets one field of `r` and records the change as a conflict, for a
    /// person to confirm or undo, with the rule that made it.
    fn set_field(&mut self, r: EntityRef, field: &str, old: Value, kept: Value, reason: String) {
        let Some(e) = self.ws.get(r) else { return };
        let mut v = e.to_value();
        if let Some(o) = v.as_object_mut() {
            match &kept {
                Value::Null => o.remove(field),
                k => o.insert(field.into(), k.clone()),
            };
        }
        let Ok(fixed) = Entity::from_value(r, v) else { return };
        let base = self.base_field(r, field);
        self.repairing(r);
        self.ws.put(fixed);
        self.clashes.push(Clash {
            entity: r,
            label: label(&e),
            field: field.into(),
            base,
            kept,
            other: old,
            kept_by: None,
            kept_person: None,
            kept_from: KeptFrom::Repair(reason),
        });
    }

    pub fn keys(&mut self, found: KeyClashes) {
        let mut moving: Vec<EntityRef> = found
            .0
            .into_iter()
            .map(|(ours, theirs)| match self.opts.prefer {
                Prefer::Ours => ours,
                Prefer::Neither => std::cmp::max_by_key(ours, theirs, |r| r.id()),
            })
            .collect();
        moving.sort_by_key(|r| (r.kind(), r.id()));
        moving.dedup();
        if moving.is_empty() {
            return;
        }
        self.repairing(EntityRef::Info);
        let info = &mut self.ws.workspace;
        let counters = &self.ours.workspace;
        info.next_key = info.next_key.max(counters.next_key);
        info.next_goal_key = info.next_goal_key.max(counters.next_goal_key);
        info.next_initiative_key = info.next_initiative_key.max(counters.next_initiative_key);
        for r in moving {
            let Some(e) = self.ws.get(r) else { continue };
            self.repairing(r);
            let info = &mut self.ws.workspace;
            let (old, e) = match e {
                Entity::Item(mut i) => {
                    let new = format!("{}-{}", info.key_prefix, info.next_key);
                    info.next_key += 1;
                    (std::mem::replace(&mut i.key, new), Entity::Item(i))
                }
                Entity::Goal(mut g) => {
                    let new = format!("G{}", info.next_goal_key);
                    info.next_goal_key += 1;
                    (std::mem::replace(&mut g.key, new), Entity::Goal(g))
                }
                Entity::Initiative(mut i) => {
                    let new = format!("R{}", info.next_initiative_key);
                    info.next_initiative_key += 1;
                    (std::mem::replace(&mut i.key, new), Entity::Initiative(i))
                }
                _ => continue,
            };
            self.report.renumbered.push((old, label(&e)));
            self.ws.put(e);
        }
        // Two items held one key for a moment: the key index kept only one
        // of them.
        self.ws.reindex();
    }

    /// Items (and initiatives of one horizon) that ended up sharing a rank
    /// key: the oldest keeps it, the others follow it in id order, before
    /// the next key in the list.
    pub fn ranks(&mut self, touched: &HashSet<EntityRef>) {
        let items: Vec<Uuid> = touched
            .iter()
            .filter_map(|r| match r {
                EntityRef::Item(id) => Some(*id),
                _ => None,
            })
            .collect();
        if !items.is_empty() {
            let wanted: HashSet<&str> = items
                .iter()
                .filter_map(|id| self.ws.item(*id))
                .filter(|i| i.is_live())
                .map(|i| i.rank.as_str())
                .collect();
            let mut groups: HashMap<String, Vec<Uuid>> = HashMap::new();
            for i in self.ws.live_items().filter(|i| wanted.contains(i.rank.as_str())) {
                groups.entry(i.rank.clone()).or_default().push(i.meta.id);
            }
            groups.retain(|_, ids| ids.len() > 1);
            let moves = if groups.is_empty() {
                Vec::new()
            } else {
                let all: Vec<&str> = self.ws.live_items().map(|i| i.rank.as_str()).collect();
                spread(groups, &all)
            };
            for (id, rank) in moves {
                if let Some(Entity::Item(mut i)) = self.ws.get(EntityRef::Item(id)) {
                    self.repairing(EntityRef::Item(id));
                    i.rank = rank;
                    self.ws.put(Entity::Item(i));
                }
            }
        }
        if touched.iter().any(|r| matches!(r, EntityRef::Initiative(_))) {
            let mut groups: HashMap<String, Vec<Uuid>> = HashMap::new();
            for i in self.ws.live_initiatives() {
                groups.entry(format!("{}\u{0}{}", i.horizon, i.rank)).or_default().push(i.meta.id);
            }
            groups.retain(|_, ids| ids.len() > 1 && ids.iter().any(|id| touched.contains(&EntityRef::Initiative(*id))));
            // In a fixed order: the report lists repairs as they are made,
            // and the same inputs must give the same report.
            let mut groups: Vec<(String, Vec<Uuid>)> = groups.into_iter().collect();
            groups.sort_by(|a, b| a.0.cmp(&b.0));
            for (_, ids) in groups {
                let horizon = self.ws.initiative(ids[0]).map(|i| i.horizon);
                let column: Vec<&str> = self
                    .ws
                    .live_initiatives()
                    .filter(|i| Some(i.horizon) == horizon)
                    .map(|i| i.rank.as_str())
                    .collect();
                let rank = self.ws.initiative(ids[0]).map(|i| i.rank.clone()).unwrap_or_default();
                let moves = spread(HashMap::from([(rank, ids)]), &column);
                for (id, rank) in moves {
                    if let Some(Entity::Initiative(mut i)) = self.ws.get(EntityRef::Initiative(id)) {
                        self.repairing(EntityRef::Initiative(id));
                        i.rank = rank;
                        self.ws.put(Entity::Initiative(i));
                    }
                }
            }
        }
    }

    /// Links to what the other side deleted, closed or changed the kind of:
    /// each link this merge touched is judged by [`rules`], as an edit's is.
    pub fn links(&mut self, touched: &HashSet<EntityRef>) {
        let targets: HashSet<Uuid> = touched.iter().filter_map(|r| r.id()).collect();
        let ws: &Workspace = self.ws;
        let why = |e: DomainError| match e {
            DomainError::NotFound { reference, .. } => format!("it pointed at {reference}"),
            e => e.to_string(),
        };
        let mut fixes: Vec<(EntityRef, &'static str, Value, Value, String)> = Vec::new();
        for item in ws.live_items() {
            let r = EntityRef::Item(item.meta.id);
            let mine = touched.contains(&r);
            let hit = |link: Option<Uuid>| link.filter(|l| mine || targets.contains(l));
            if let Some(p) = hit(item.parent)
                && let Err(e) = rules::parent(ws, item.meta.id, item.kind, p)
            {
                fixes.push((r, "parent", Value::from(p.to_string()), Value::Null, why(e)));
            }
            if let Some(i) = hit(item.initiative)
                && let Err(e) = rules::initiative(ws, i)
            {
                fixes.push((r, "initiative", Value::from(i.to_string()), Value::Null, why(e)));
            }
            if let Some(rel) = hit(item.release)
                && let Err(e) = rules::release(ws, rel)
            {
                fixes.push((r, "release", Value::from(rel.to_string()), Value::Null, why(e)));
            }
            if let Some(s) = hit(item.sprint) {
                // An open item newly put into a sprint the other side closed
                // goes back to the backlog, as closing would have sent it.
                let newly = self.base_field(r, "sprint").as_str() != Some(s.to_string().as_str());
                let broken = match rules::sprint(ws, s) {
                    Err(e) => Some(why(e)),
                    Ok(()) if newly && !item.status.is_closed() => rules::open_sprint(ws, s).err().map(why),
                    Ok(()) => None,
                };
                if let Some(reason) = broken {
                    fixes.push((r, "sprint", Value::from(s.to_string()), Value::Null, reason));
                }
            }
            if !item.blocks.is_empty() {
                let dead: Vec<String> = item
                    .blocks
                    .iter()
                    .filter(|b| mine || targets.contains(b))
                    .filter(|b| !ws.item(**b).is_some_and(|x| x.is_live()))
                    .map(|b| name_of(ws, *b))
                    .collect();
                if !dead.is_empty() {
                    let ids = |keep_dead: bool| -> Vec<Value> {
                        item.blocks
                            .iter()
                            .filter(|b| keep_dead || ws.item(**b).is_some_and(|x| x.is_live()))
                            .map(|b| Value::from(b.to_string()))
                            .collect()
                    };
                    let kept = ids(false);
                    let kept = if kept.is_empty() { Value::Null } else { Value::Array(kept) };
                    let reason = format!("it pointed at {}", dead.join(", "));
                    fixes.push((r, "blocks", Value::Array(ids(true)), kept, reason));
                }
            }
        }
        for i in ws.live_initiatives() {
            let r = EntityRef::Initiative(i.meta.id);
            let mine = touched.contains(&r);
            let dead: Vec<String> = i
                .goals
                .iter()
                .filter(|g| (mine || targets.contains(g)) && rules::goal(ws, **g).is_err())
                .map(|g| name_of(ws, *g))
                .collect();
            if !dead.is_empty() {
                let kept: Vec<Value> = i
                    .goals
                    .iter()
                    .filter(|g| rules::goal(ws, **g).is_ok())
                    .map(|g| Value::from(g.to_string()))
                    .collect();
                let old: Vec<Value> = i.goals.iter().map(|g| Value::from(g.to_string())).collect();
                fixes.push((
                    r,
                    "goals",
                    Value::Array(old),
                    Value::Array(kept),
                    format!("it pointed at {}", dead.join(", ")),
                ));
            }
        }
        for (r, field, old, kept, reason) in fixes {
            self.set_field(r, field, old, kept, reason);
        }
    }

    /// `blocks` links that go round in a circle (each side linked its own
    /// way): the link out of the circle's greatest id is taken off, the
    /// same whichever side merges, and recorded for a person to confirm.
    pub fn block_cycles(&mut self, touched: &HashSet<EntityRef>) {
        let linked_here =
            touched.iter().any(|r| matches!(self.ws.get(*r), Some(Entity::Item(i)) if !i.blocks.is_empty()));
        if !linked_here {
            return;
        }
        // Each pass removes one link; there are finitely many.
        while let Some((from, to)) = find_cycle_edge(self.ws) {
            let Some(item) = self.ws.item(from) else { return };
            let r = EntityRef::Item(from);
            let old: Vec<Value> = item.blocks.iter().map(|b| Value::from(b.to_string())).collect();
            let kept: Vec<Value> =
                item.blocks.iter().filter(|b| **b != to).map(|b| Value::from(b.to_string())).collect();
            let kept = if kept.is_empty() { Value::Null } else { Value::Array(kept) };
            let (a, b) = (name_of(self.ws, from), name_of(self.ws, to));
            let reason = format!("{a} blocking {b} closed a circle of blockers, which could never finish");
            self.set_field(r, "blocks", Value::Array(old), kept, reason);
        }
    }

    /// Two releases (or two team members) the sides named alike, any case:
    /// the first made keeps the name, the other takes the next free
    /// "NAME (2)", recorded for a person to settle (`--release NAME` and an
    /// assignee must name one).
    pub fn names(&mut self, touched: &HashSet<EntityRef>) {
        let mut fixes: Vec<(EntityRef, String, String)> = Vec::new();
        let mut clash = |all: Vec<Named>| {
            let mut taken: HashSet<String> = all.iter().map(|(_, _, _, n)| n.to_lowercase()).collect();
            let mut by_name: HashMap<String, Vec<Named>> = HashMap::new();
            for named in all {
                by_name.entry(named.3.to_lowercase()).or_default().push(named);
            }
            let mut groups: Vec<_> = by_name.into_values().filter(|g| g.len() > 1).collect();
            groups.sort();
            for mut g in groups {
                if !g.iter().any(|(_, _, r, _)| touched.contains(r)) {
                    continue;
                }
                g.sort();
                for (_, _, r, name) in g.into_iter().skip(1) {
                    let new = (2..).map(|n| format!("{name} ({n})")).find(|n| !taken.contains(&n.to_lowercase()));
                    let new = new.expect("a free name");
                    taken.insert(new.to_lowercase());
                    fixes.push((r, name, new));
                }
            }
        };
        let ws: &Workspace = self.ws;
        clash(
            ws.live_releases()
                .map(|x| (x.meta.created_at, x.meta.id, EntityRef::Release(x.meta.id), x.name.clone()))
                .collect(),
        );
        clash(
            ws.live_members()
                .map(|x| (x.meta.created_at, x.meta.id, EntityRef::Member(x.meta.id), x.name.clone()))
                .collect(),
        );
        for (r, old, new) in fixes {
            let reason = format!("both sides named one {:?}; this one was made later", old);
            self.set_field(r, "name", Value::from(old), Value::from(new), reason);
        }
    }

    /// Two sprints started on two sides: the earlier start stays active.
    pub fn active_sprints(&mut self, touched: &HashSet<EntityRef>) {
        let mut active: Vec<(Option<chrono::DateTime<chrono::Utc>>, Uuid)> = self
            .ws
            .live_sprints()
            .filter(|s| s.state == SprintState::Active)
            .map(|s| (s.started_at, s.meta.id))
            .collect();
        if active.len() < 2 || !active.iter().any(|(_, id)| touched.contains(&EntityRef::Sprint(*id))) {
            return;
        }
        active.sort();
        let first = self.ws.sprint(active[0].1).map(|s| s.name.clone()).unwrap_or_default();
        for (_, id) in active.into_iter().skip(1) {
            let reason = format!("{first} was started first; only one sprint runs at a time");
            self.set_field(EntityRef::Sprint(id), "state", Value::from("active"), Value::from("planned"), reason);
        }
    }
}

/// An entity named by people: made when, its id, which it is, its name.
type Named = (chrono::DateTime<chrono::Utc>, Uuid, EntityRef, String);

/// New rank keys for groups of entities sharing one: the smallest id keeps
/// the key, the rest get keys between it and the next key in `all`.
fn spread(groups: HashMap<String, Vec<Uuid>>, all: &[&str]) -> Vec<(Uuid, String)> {
    let mut out = Vec::new();
    let mut groups: Vec<(String, Vec<Uuid>)> = groups.into_iter().filter(|(_, ids)| ids.len() > 1).collect();
    groups.sort();
    for (rank, mut ids) in groups {
        ids.sort();
        let next = all.iter().copied().filter(|r| *r > rank.as_str()).min();
        let mut prev = rank.clone();
        for id in ids.into_iter().skip(1) {
            let Ok(k) = rank::between(Some(&prev), next) else { break };
            out.push((id, k.clone()));
            prev = k;
        }
    }
    out
}

/// A link on a circle of `blocks` links, if there is one: the one out of
/// the first circle's greatest id.
fn find_cycle_edge(ws: &Workspace) -> Option<(Uuid, Uuid)> {
    let circle = crate::domain::ready::circles(ws).into_iter().next()?;
    let i = circle.iter().enumerate().max_by_key(|(_, id)| **id).map(|(i, _)| i)?;
    Some((circle[i], circle[(i + 1) % circle.len()]))
}
