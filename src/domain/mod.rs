//! The model and its rules. No I/O, no terminal, no clock reads: time and
//! ids come in through [`Ctx`].

pub mod align;
mod apply;
pub mod archive;
pub mod board;
pub mod branch_name;
mod checklist;
pub mod command;
pub mod conflict;
pub mod entity;
pub mod error;
pub mod forecast;
pub mod history;
pub mod integrity;
pub mod item;
pub mod json;
mod links;
pub mod number;
pub mod planning;
mod progress;
pub mod query;
pub mod rank;
pub mod ready;
pub mod release;
pub mod resolve;
pub mod rules;
pub mod score;
pub mod snapshot;
pub mod split;
pub mod sprint;
pub mod stamp;
pub mod strategy;
mod string_enum;
pub mod team;
pub mod text;
mod tx;
pub mod workspace;

pub use apply::{apply, apply_without_after, neighbours_for, rank_for};
pub use command::{Command, Place, Position};
pub use entity::{EntityRef, Meta, Role};
pub use error::DomainError;
pub use item::{Item, ItemKind, Status};
pub use snapshot::{Entity, Snapshot};
pub use tx::{Change, Ctx, IdGen, record_batch, revert};
pub use workspace::{GuardMode, SCHEMA_VERSION, Workspace};
