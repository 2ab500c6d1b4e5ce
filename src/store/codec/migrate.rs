//! Schema upgrades, one step per version, applied in memory as a file is
//! read: an old file opens, and keeps its bytes on disk until an edit is
//! saved (then it is written in the current schema).
//!
//! - 1 → 2: items gain `assignee`, `blocks`, `checked` and `comments`, and
//!   an external reference its `imported` sync base; a sprint review gains
//!   `carried_over` and `carried_to`; settings gain named `views`, all
//!   optional. Settings also gain the Definition of Ready and Done (always
//!   written, so an empty list is a choice) and the guard that enforces
//!   them: a file from before them gets the default definitions.
//! - 2 → 3: a conflict record gains `sides`, where its two values came
//!   from and which one the entity holds. Records from before have none and
//!   read as before: `ours` is the value kept, the saving session's.
//! - 3 → 4: an item gains `split_from`, the story it was split from, and
//!   a sprint review gains `notes`, what the team said at the review (both
//!   optional: stories split and reviews held before have none).
//! - 4 → 5: people and history. Every entity gains `updated_by_person`,
//!   a conflict record `ours_by_person`, and the workspace `history`, the
//!   record of every change; settings gain `close_status` and
//!   `branch_template` (what a commit's closing word does, how a story's
//!   branch is named) and `history_days` (retention). All optional: a file
//!   from before has no people, an empty history and the defaults, and
//!   reads as before.
//! - 5 → 6: forecasts, releases and the team. The workspace gains
//!   `releases` (a name, a target date, when it shipped) and `team`
//!   (members with the points a sprint each gives and their days off), an
//!   item its `release`, settings `wip_limits` by board column. All
//!   optional: a file from before has no releases, no team and no limits.
//! - 6 → 7: the archive. A document may be the archive of a workspace
//!   (`workspace.archive_of`, the workspace file's name): its closed
//!   sprints and done items, moved out by `backlog archive`. A workspace
//!   file never has it: nothing to fill in.

use crate::domain::ready::Checklist;
use crate::domain::workspace::{SCHEMA_VERSION, Workspace};

/// Brings `ws` from its schema version up to [`SCHEMA_VERSION`]. Files
/// from a newer version are left alone (they open read-only).
pub fn upgrade(ws: &mut Workspace) {
    while ws.schema_version < SCHEMA_VERSION {
        match ws.schema_version {
            // Version 0 never existed; a file saying so is read as version 1.
            0 | 1 => v1_to_v2(ws),
            2 => ws.schema_version = 3,
            3 => v3_to_v4(ws),
            4 => ws.schema_version = 5,
            5 => ws.schema_version = 6,
            6 => ws.schema_version = 7,
            _ => unreachable!("every version below the current one has a step"),
        }
    }
}

fn v1_to_v2(ws: &mut Workspace) {
    ws.settings.definition_of_ready = Checklist::ready_default();
    ws.settings.definition_of_done = Checklist::done_default();
    ws.schema_version = 2;
}

/// Review notes are optional and read as empty: nothing to fill in.
fn v3_to_v4(ws: &mut Workspace) {
    ws.schema_version = 4;
}
