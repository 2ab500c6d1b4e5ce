//! Why a command was refused. Messages say what is wrong and what to do.

use super::entity::Role;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DomainError {
    #[error("no {what} {reference}")]
    NotFound { what: &'static str, reference: String },
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error(
        "{entity} is owned by the {}; the role guard is strict, so a {} session cannot change it \
         (ask the {} to make the change, or set settings.role_guard to warn)",
        owner.label(), role.label(), owner.label()
    )]
    Guard { entity: String, owner: Role, role: Role },
    #[error("{entity} is owned by the {}: confirm to change it as {}", owner.label(), role.label())]
    NeedsConfirmation { entity: String, owner: Role, role: Role },
    #[error("{key} does not meet the {gate}: {}; the definition guard is strict (fix these first, or set settings.definition_guard to warn)", missing.join(", "))]
    NotReady { key: String, gate: &'static str, missing: Vec<String> },
    /// `items` short of the gate (a batch asks once for all of them:
    /// then `key` names the first and `missing` says "KEY: what" for each).
    #[error("{key} does not meet the {gate} ({}): confirm to move it anyway", missing.join(", "))]
    NeedsReadyConfirmation { key: String, gate: &'static str, missing: Vec<String>, items: usize },
}

impl DomainError {
    pub fn not_found(what: &'static str, id: Uuid) -> DomainError {
        DomainError::NotFound { what, reference: id.to_string() }
    }
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> DomainError {
        DomainError::Invalid { field, reason: reason.into() }
    }
}
