//! What every entity in the workspace carries: identity, ownership and the
//! bookkeeping that merges and undo rely on.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// Fields a file may hold that this version does not know: kept verbatim,
/// numbers included (see [`super::json`]), so that a newer tool's data
/// survives a round trip through an older one. Written as they were read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Extra(pub serde_json::Map<String, serde_json::Value>);

impl Extra {
    pub fn new() -> Extra {
        Extra::default()
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for Extra {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Extra {
        Extra(map)
    }
}

impl std::ops::Deref for Extra {
    type Target = serde_json::Map<String, serde_json::Value>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Serialize for Extra {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, super::json::Exact(v))))
    }
}

/// Who owns an entity, and who a session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Product Manager: vision, goals, roadmap.
    Pm,
    /// Product Owner: backlog items and sprints.
    #[default]
    Po,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Pm => "pm",
            Role::Po => "po",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Role::Pm => "PM",
            Role::Po => "PO",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pm" => Ok(Role::Pm),
            "po" => Ok(Role::Po),
            other => Err(format!("unknown role {other:?}: use pm or po")),
        }
    }
}

/// Identity and history of one entity. Flattened into each entity's JSON
/// object so that `id` and `owner` sit beside the entity's own fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub id: Uuid,
    pub owner: Role,
    #[serde(with = "super::stamp")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "super::stamp")]
    pub updated_at: DateTime<Utc>,
    pub updated_by: Role,
    /// The person who made the last change (schema 5); empty when unknown,
    /// as in files from before people were recorded.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub updated_by_person: String,
    /// Incremented by every change; lets a reader tell two versions apart.
    pub rev: u64,
    /// Set when deleted: the entity stays in the file so that a delete
    /// survives a merge with a copy that still has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<DateTime<Utc>>,
}

impl Meta {
    pub fn new(id: Uuid, owner: Role, now: DateTime<Utc>, by: Role) -> Meta {
        Meta {
            id,
            owner,
            created_at: now,
            updated_at: now,
            updated_by: by,
            updated_by_person: String::new(),
            rev: 1,
            deleted_at: None,
        }
    }
    pub fn is_live(&self) -> bool {
        self.deleted_at.is_none()
    }
    /// Who made the last change: `anna (PO)`, or the role alone when the
    /// person is not known.
    pub fn updated_by_label(&self) -> String {
        person_and_role(&self.updated_by_person, self.updated_by)
    }
}

/// `anna (PO)`, or `PO` when nobody is named: how every screen names who
/// made a change.
pub fn person_and_role(person: &str, role: Role) -> String {
    if person.trim().is_empty() { role.label().to_owned() } else { format!("{person} ({})", role.label()) }
}

/// Which entity, without its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityRef {
    Info,
    Settings,
    Vision,
    Goal(Uuid),
    Initiative(Uuid),
    Item(Uuid),
    Sprint(Uuid),
    Release(Uuid),
    Member(Uuid),
    /// The list of merge conflicts, as one unit.
    Conflicts,
}

impl EntityRef {
    /// The collection name used in the file and in conflict records.
    pub fn kind(self) -> &'static str {
        match self {
            EntityRef::Info => "workspace",
            EntityRef::Settings => "settings",
            EntityRef::Vision => "vision",
            EntityRef::Goal(_) => "goal",
            EntityRef::Initiative(_) => "initiative",
            EntityRef::Item(_) => "item",
            EntityRef::Sprint(_) => "sprint",
            EntityRef::Release(_) => "release",
            EntityRef::Member(_) => "member",
            EntityRef::Conflicts => "conflicts",
        }
    }
    /// The entity a collection name and an id name ([`EntityRef::kind`]
    /// and [`EntityRef::id`] read back).
    pub fn from_kind(kind: &str, id: Option<Uuid>) -> Option<EntityRef> {
        Some(match (kind, id) {
            ("workspace", _) => EntityRef::Info,
            ("settings", _) => EntityRef::Settings,
            ("vision", _) => EntityRef::Vision,
            ("conflicts", _) => EntityRef::Conflicts,
            ("goal", Some(id)) => EntityRef::Goal(id),
            ("initiative", Some(id)) => EntityRef::Initiative(id),
            ("item", Some(id)) => EntityRef::Item(id),
            ("sprint", Some(id)) => EntityRef::Sprint(id),
            ("release", Some(id)) => EntityRef::Release(id),
            ("member", Some(id)) => EntityRef::Member(id),
            _ => return None,
        })
    }
    pub fn id(self) -> Option<Uuid> {
        match self {
            EntityRef::Goal(id)
            | EntityRef::Initiative(id)
            | EntityRef::Item(id)
            | EntityRef::Sprint(id)
            | EntityRef::Release(id)
            | EntityRef::Member(id) => Some(id),
            _ => None,
        }
    }
}
