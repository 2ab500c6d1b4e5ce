//! Whole-entity copies: what a change looked like before and after. Undo
//! restores the "before" copies; a merge uses them as the common base.

use super::entity::{EntityRef, Meta};
use super::item::Item;
use super::release::Release;
use super::sprint::Sprint;
use super::strategy::{Goal, Initiative, Vision};
use super::team::Member;
use super::workspace::{Conflict, Info, Settings, Workspace};

#[derive(Debug, Clone, PartialEq)]
pub enum Entity {
    Info(Info),
    Settings(Settings),
    Vision(Box<Vision>),
    Goal(Box<Goal>),
    Initiative(Box<Initiative>),
    Item(Box<Item>),
    Sprint(Box<Sprint>),
    Release(Box<Release>),
    Member(Box<Member>),
    Conflicts(Vec<Conflict>),
}

impl Entity {
    pub fn meta(&self) -> Option<&Meta> {
        match self {
            Entity::Vision(v) => Some(&v.meta),
            Entity::Goal(g) => Some(&g.meta),
            Entity::Initiative(i) => Some(&i.meta),
            Entity::Item(i) => Some(&i.meta),
            Entity::Sprint(s) => Some(&s.meta),
            Entity::Release(r) => Some(&r.meta),
            Entity::Member(m) => Some(&m.meta),
            Entity::Info(_) | Entity::Settings(_) | Entity::Conflicts(_) => None,
        }
    }

    pub fn meta_mut(&mut self) -> Option<&mut Meta> {
        match self {
            Entity::Vision(v) => Some(&mut v.meta),
            Entity::Goal(g) => Some(&mut g.meta),
            Entity::Initiative(i) => Some(&mut i.meta),
            Entity::Item(i) => Some(&mut i.meta),
            Entity::Sprint(s) => Some(&mut s.meta),
            Entity::Release(r) => Some(&mut r.meta),
            Entity::Member(m) => Some(&mut m.meta),
            Entity::Info(_) | Entity::Settings(_) | Entity::Conflicts(_) => None,
        }
    }

    /// The entity as a JSON object, for field-by-field merging. Unknown
    /// fields keep their numbers' text (see [`super::json`]).
    pub fn to_value(&self) -> serde_json::Value {
        use super::json::to_value;
        let v = match self {
            Entity::Info(x) => to_value(x),
            Entity::Settings(x) => to_value(x),
            Entity::Vision(x) => to_value(x),
            Entity::Goal(x) => to_value(x),
            Entity::Initiative(x) => to_value(x),
            Entity::Item(x) => to_value(x),
            Entity::Sprint(x) => to_value(x),
            Entity::Release(x) => to_value(x),
            Entity::Member(x) => to_value(x),
            Entity::Conflicts(x) => to_value(x),
        };
        v.expect("entities always serialize")
    }

    /// Rebuilds an entity of the same kind as `r` from a JSON object.
    pub fn from_value(r: EntityRef, v: serde_json::Value) -> Result<Entity, serde_json::Error> {
        Ok(match r {
            EntityRef::Info => Entity::Info(serde_json::from_value(v)?),
            EntityRef::Settings => Entity::Settings(serde_json::from_value(v)?),
            EntityRef::Vision => Entity::Vision(serde_json::from_value(v)?),
            EntityRef::Goal(_) => Entity::Goal(serde_json::from_value(v)?),
            EntityRef::Initiative(_) => Entity::Initiative(serde_json::from_value(v)?),
            EntityRef::Item(_) => Entity::Item(serde_json::from_value(v)?),
            EntityRef::Sprint(_) => Entity::Sprint(serde_json::from_value(v)?),
            EntityRef::Release(_) => Entity::Release(serde_json::from_value(v)?),
            EntityRef::Member(_) => Entity::Member(serde_json::from_value(v)?),
            EntityRef::Conflicts => Entity::Conflicts(serde_json::from_value(v)?),
        })
    }
}

/// An entity as it was at one moment; `None` means it did not exist.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub entity: EntityRef,
    pub value: Option<Entity>,
}

impl Workspace {
    /// A copy of one entity, or `None` if there is no such entity.
    pub fn get(&self, r: EntityRef) -> Option<Entity> {
        Some(match r {
            EntityRef::Info => Entity::Info(self.workspace.clone()),
            EntityRef::Settings => Entity::Settings(self.settings.clone()),
            EntityRef::Vision => Entity::Vision(Box::new(self.vision.clone())),
            EntityRef::Goal(id) => Entity::Goal(Box::new(self.goal(id)?.clone())),
            EntityRef::Initiative(id) => Entity::Initiative(Box::new(self.initiative(id)?.clone())),
            EntityRef::Item(id) => Entity::Item(Box::new(self.item(id)?.clone())),
            EntityRef::Sprint(id) => Entity::Sprint(Box::new(self.sprint(id)?.clone())),
            EntityRef::Release(id) => Entity::Release(Box::new(self.release(id)?.clone())),
            EntityRef::Member(id) => Entity::Member(Box::new(self.member(id)?.clone())),
            EntityRef::Conflicts => Entity::Conflicts(self.conflicts.clone()),
        })
    }

    /// True when entity `r` is `value` (`None`: there is no such entity),
    /// as `self.get(r) == *value` says, but compared in place rather than
    /// copied first (every command that adds an item checks the workspace
    /// info and the item this way).
    pub fn holds(&self, r: EntityRef, value: &Option<Entity>) -> bool {
        match (r, value) {
            (EntityRef::Info, Some(Entity::Info(was))) => self.workspace == *was,
            (EntityRef::Settings, Some(Entity::Settings(was))) => self.settings == *was,
            // There always is one: no other value is it.
            (EntityRef::Info | EntityRef::Settings, _) => false,
            (EntityRef::Item(id), _) => match (self.item(id), value) {
                (None, None) => true,
                (Some(now), Some(Entity::Item(was))) => *now == **was,
                _ => false,
            },
            _ => self.get(r) == *value,
        }
    }

    /// Replaces the entity with the same identity, or adds it.
    pub fn put(&mut self, e: Entity) {
        match e {
            Entity::Info(x) => self.workspace = x,
            Entity::Settings(x) => self.settings = x,
            Entity::Vision(x) => self.vision = *x,
            Entity::Goal(x) => upsert(&mut self.goals, *x, |g| g.meta.id),
            Entity::Initiative(x) => upsert(&mut self.roadmap, *x, |i| i.meta.id),
            Entity::Sprint(x) => upsert(&mut self.sprints, *x, |s| s.meta.id),
            Entity::Release(x) => upsert(&mut self.releases, *x, |s| s.meta.id),
            Entity::Member(x) => upsert(&mut self.team, *x, |s| s.meta.id),
            Entity::Conflicts(x) => self.conflicts = x,
            Entity::Item(x) => match self.item_pos(x.meta.id) {
                Some(pos) => {
                    if self.items[pos].key != x.key {
                        self.rekey_item(pos, x.key.clone());
                    }
                    self.items[pos] = (*x).into();
                    self.note_item(pos);
                }
                None => {
                    self.push_item(*x);
                }
            },
        }
    }

    /// Mutable access to an entity's meta.
    pub fn meta_mut(&mut self, r: EntityRef) -> Option<&mut Meta> {
        match r {
            EntityRef::Vision => Some(&mut self.vision.meta),
            EntityRef::Goal(id) => self.goals.iter_mut().find(|g| g.meta.id == id).map(|g| &mut g.meta),
            EntityRef::Initiative(id) => self.roadmap.iter_mut().find(|i| i.meta.id == id).map(|i| &mut i.meta),
            EntityRef::Item(id) => {
                let pos = self.item_pos(id)?;
                Some(&mut self.items[pos].meta)
            }
            EntityRef::Sprint(id) => self.sprints.iter_mut().find(|s| s.meta.id == id).map(|s| &mut s.meta),
            EntityRef::Release(id) => self.releases.iter_mut().find(|s| s.meta.id == id).map(|s| &mut s.meta),
            EntityRef::Member(id) => self.team.iter_mut().find(|s| s.meta.id == id).map(|s| &mut s.meta),
            EntityRef::Info | EntityRef::Settings | EntityRef::Conflicts => None,
        }
    }
}

fn upsert<T, K: PartialEq>(v: &mut Vec<T>, x: T, key: impl Fn(&T) -> K) {
    let k = key(&x);
    match v.iter_mut().find(|e| key(e) == k) {
        Some(slot) => *slot = x,
        None => v.push(x),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::command::NewItem;
    use crate::domain::{Command, Ctx, IdGen, Meta, Role, apply};

    #[test]
    fn holds_says_what_comparing_a_copy_says() {
        let mut c = Ctx::new(chrono::DateTime::from_timestamp(1_750_000_000, 0).unwrap(), Role::Po);
        c.ids = IdGen::sequential();
        let id = c.new_id();
        let mut ws = Workspace::new("T", "BL", Meta::new(id, Role::Pm, c.now, Role::Pm));
        let add = NewItem { title: "One".into(), ..Default::default() };
        apply(&mut ws, Command::AddItem(Box::new(add)), &mut c).unwrap();
        let item = ws.items[0].meta.id;
        let refs =
            [EntityRef::Info, EntityRef::Settings, EntityRef::Vision, EntityRef::Item(item), EntityRef::Item(id)];
        let mut values: Vec<Option<Entity>> = refs.iter().map(|r| ws.get(*r)).collect();
        let mut other = ws.clone();
        other.workspace.next_key += 1;
        other.settings.velocity_window += 1;
        other.items[0].title = "Two".into();
        values.extend(refs.iter().map(|r| other.get(*r)));
        for r in refs {
            for v in &values {
                assert_eq!(ws.holds(r, v), ws.get(r) == *v, "{r:?} against {v:?}");
            }
        }
    }
}
