//! The Definition of Ready and Done as data: the checks and free-text
//! items a checklist holds. Below `workspace` (whose settings hold two of
//! them) and `ready` (which applies them), so those two do not import each
//! other.

use super::entity::Extra;
use super::item::ItemKind;
use super::string_enum::string_enum;
use serde::{Deserialize, Serialize};

string_enum! {
    /// A check the tool makes itself.
    Check {
        Points = "points", Criteria = "criteria", CriteriaMet = "criteria_met",
        Story = "story", Unblocked = "unblocked",
    }
}

impl Check {
    /// What the check asks for, as a person would say it.
    pub fn label(self) -> &'static str {
        match self {
            Check::Points => "has an estimate",
            Check::Criteria => "has an acceptance criterion",
            Check::CriteriaMet => "all acceptance criteria met",
            Check::Story => "story triple filled in",
            Check::Unblocked => "nothing open blocks it",
        }
    }
    /// Whether the check asks anything of an item of `kind`. Only stories
    /// tell a story; an epic's estimate is its children's, each of which
    /// meets the definition on its own, so the epic is not asked for one.
    /// The check is then neither met nor missing: the Definition popup
    /// says it does not apply, and the gate does not ask for it.
    pub fn applies(self, kind: ItemKind) -> bool {
        match self {
            Check::Story => kind == ItemKind::Story,
            Check::Points => kind != ItemKind::Epic,
            Check::Criteria | Check::CriteriaMet | Check::Unblocked => true,
        }
    }
    /// What is missing when the check fails, as a person would say it.
    pub fn missing(self) -> &'static str {
        match self {
            Check::Points => "no estimate",
            Check::Criteria => "no acceptance criterion",
            Check::CriteriaMet => "acceptance criteria not all met",
            Check::Story => "story triple incomplete",
            Check::Unblocked => "blocked by open work",
        }
    }
}

/// One definition: built-in checks and free-text items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Checklist {
    #[serde(default)]
    pub checks: Vec<Check>,
    #[serde(default)]
    pub items: Vec<String>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Checklist {
    /// What a new workspace (and a file from before the checklists) gets.
    pub fn ready_default() -> Checklist {
        Checklist {
            checks: vec![Check::Points, Check::Criteria, Check::Story, Check::Unblocked],
            items: Vec::new(),
            extra: Extra::new(),
        }
    }
    pub fn done_default() -> Checklist {
        Checklist { checks: vec![Check::CriteriaMet, Check::Unblocked], items: Vec::new(), extra: Extra::new() }
    }
    pub fn is_empty(&self) -> bool {
        self.checks.is_empty() && self.items.is_empty()
    }
}
