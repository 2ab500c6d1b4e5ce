//! Every edit the TUI or the CLI can make, as data. Both front ends build
//! these and hand them to [`super::apply`], so they cannot disagree about
//! what an edit means.

use super::entity::Role;
use super::item::{Comment, Criterion, ExternalRef, ItemKind, Status, Story};
use super::ready::Checklist;
use super::score::{Moscow, Rice, Wsjf};
use super::snapshot::Snapshot;
use super::strategy::{GoalStatus, Horizon, InitiativeStatus, Kpi, Timeframe};
use super::workspace::{Conflict, GuardMode, View};
use chrono::NaiveDate;
use uuid::Uuid;

/// Where an entity goes in its ordered list: between `after` and `before`
/// (`None` = that end of the list). Front ends that show the list pass the
/// neighbours they see, so placing an item costs the same at any size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place {
    pub after: Option<Uuid>,
    pub before: Option<Uuid>,
}

/// Where a new or moved entity goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Position {
    Top,
    #[default]
    Bottom,
    Before(Uuid),
    After(Uuid),
    /// Exact neighbours, as seen by the caller.
    Between(Place),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewItem {
    pub kind: Option<ItemKind>,
    pub title: String,
    pub description: String,
    pub story: Option<Story>,
    pub acceptance_criteria: Vec<Criterion>,
    pub estimate: Option<u32>,
    pub status: Option<Status>,
    pub labels: Vec<String>,
    pub parent: Option<Uuid>,
    pub initiative: Option<Uuid>,
    pub sprint: Option<Uuid>,
    pub release: Option<Uuid>,
    pub moscow: Option<Moscow>,
    pub wsjf: Option<Wsjf>,
    pub rice: Option<Rice>,
    pub external: Vec<ExternalRef>,
    pub assignee: Option<String>,
    /// Items this one blocks.
    pub blocks: Vec<Uuid>,
    /// Comments brought along (an import); new ones use `AddComment`.
    pub comments: Vec<Comment>,
    pub position: Position,
    /// The story this one is split from.
    pub split_from: Option<Uuid>,
    /// When the work was first recorded, if earlier than now (an import
    /// keeps the source's creation time).
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The key it asks for (an import keeps the source's key): given when
    /// it is this workspace's form (`PREFIX-n`) and nobody holds it, else
    /// the next key as usual.
    pub key: Option<String>,
}

/// A partial update: `None` leaves a field alone; `Some(None)` clears an
/// optional field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemPatch {
    pub kind: Option<ItemKind>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub story: Option<Option<Story>>,
    pub acceptance_criteria: Option<Vec<Criterion>>,
    pub estimate: Option<Option<u32>>,
    pub status: Option<Status>,
    pub labels: Option<Vec<String>>,
    pub parent: Option<Option<Uuid>>,
    pub initiative: Option<Option<Uuid>>,
    pub sprint: Option<Option<Uuid>>,
    pub release: Option<Option<Uuid>>,
    pub moscow: Option<Option<Moscow>>,
    pub wsjf: Option<Option<Wsjf>>,
    pub rice: Option<Option<Rice>>,
    pub external: Option<Vec<ExternalRef>>,
    pub owner: Option<Role>,
    pub assignee: Option<Option<String>>,
    /// The ticked free-text Definition of Ready/Done items.
    pub checked: Option<Vec<String>>,
    /// Comments to take in with their own authors and times (a re-import
    /// brings the source's new ones). The log is append-only: those already
    /// there stay, and the rest join in time order.
    pub comments: Option<Vec<Comment>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct VisionPatch {
    pub statement: Option<String>,
    pub target_group: Option<String>,
    pub needs: Option<String>,
    pub product: Option<String>,
    pub business_goals: Option<String>,
    pub pitch: Option<String>,
}

impl VisionPatch {
    /// Sets section `i` (in [`super::strategy::VISION_SECTIONS`] order).
    pub fn set(&mut self, i: usize, text: String) {
        let slot = match i {
            0 => &mut self.statement,
            1 => &mut self.target_group,
            2 => &mut self.needs,
            3 => &mut self.product,
            4 => &mut self.business_goals,
            _ => &mut self.pitch,
        };
        *slot = Some(text);
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewGoal {
    pub title: String,
    pub description: String,
    pub status: Option<GoalStatus>,
    pub kpis: Vec<Kpi>,
    /// The key it asks for (`G3`), given if free; else the next one.
    pub key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoalPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub status: Option<GoalStatus>,
    pub kpis: Option<Vec<Kpi>>,
    pub owner: Option<Role>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewInitiative {
    pub title: String,
    pub description: String,
    pub horizon: Option<Horizon>,
    pub timeframe: Option<Timeframe>,
    pub theme: String,
    pub goals: Vec<Uuid>,
    pub status: Option<InitiativeStatus>,
    pub moscow: Option<Moscow>,
    pub wsjf: Option<Wsjf>,
    pub rice: Option<Rice>,
    pub position: Position,
    /// The key it asks for (`R7`), given if free; else the next one.
    pub key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct InitiativePatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub timeframe: Option<Option<Timeframe>>,
    pub theme: Option<String>,
    pub goals: Option<Vec<Uuid>>,
    pub status: Option<InitiativeStatus>,
    pub moscow: Option<Option<Moscow>>,
    pub wsjf: Option<Option<Wsjf>>,
    pub rice: Option<Option<Rice>>,
    pub owner: Option<Role>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewSprint {
    pub name: Option<String>,
    pub goal: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SprintPatch {
    pub name: Option<String>,
    pub goal: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub capacity: Option<Option<u32>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SettingsPatch {
    pub name: Option<String>,
    pub key_prefix: Option<String>,
    pub point_scale: Option<Vec<u32>>,
    pub velocity_window: Option<u32>,
    pub sprint_length_days: Option<u32>,
    pub role_guard: Option<GuardMode>,
    pub stale_after_days: Option<u32>,
    pub definition_of_ready: Option<Checklist>,
    pub definition_of_done: Option<Checklist>,
    pub definition_guard: Option<GuardMode>,
    pub views: Option<Vec<View>>,
    /// Where closing words in commits move stories: review or done.
    pub close_status: Option<Status>,
    pub branch_template: Option<String>,
    /// History retention in days (`Some(None)`: keep every value).
    pub history_days: Option<Option<u32>>,
    /// Board column slug -> WIP limit (`None` lifts it); columns not named
    /// keep theirs.
    pub wip_limits: Option<Vec<(String, Option<u32>)>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewRelease {
    pub name: String,
    pub target: Option<NaiveDate>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReleasePatch {
    pub name: Option<String>,
    pub target: Option<Option<NaiveDate>>,
    pub description: Option<String>,
    pub shipped: Option<Option<NaiveDate>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewMember {
    pub name: String,
    pub capacity: u32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MemberPatch {
    pub name: Option<String>,
    pub capacity: Option<u32>,
    /// Days to add to and to take from their days off.
    pub days_off: Vec<NaiveDate>,
    pub days_back: Vec<NaiveDate>,
}

/// What a sprint did before it came here (an import): it ran elsewhere,
/// and this is what that record says. A sprint closed with no record of
/// when it ran (`started_at` and `review` both `None`) is kept out of
/// velocity and charts; one with a review but no start counts in velocity
/// (by its end) but draws no chart.
#[derive(Debug, Clone, PartialEq)]
pub struct SprintPast {
    /// Active or closed.
    pub state: super::sprint::SprintState,
    pub started_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Items may be ones this workspace does not hold (left out of an
    /// export): the charts count them all the same.
    pub history: Vec<super::sprint::SprintEvent>,
    pub review: Option<super::sprint::SprintReview>,
}

/// Where a closing sprint's unfinished items go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CarryOver {
    /// Back to the backlog, out of any sprint.
    #[default]
    Backlog,
    /// Into the next planned sprint (the earliest by start date).
    Next,
}

/// Which side of a conflict wins when it is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Take {
    Ours,
    Theirs,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    AddItem(Box<NewItem>),
    EditItem {
        id: Uuid,
        patch: Box<ItemPatch>,
    },
    DeleteItem {
        id: Uuid,
    },
    RankItem {
        id: Uuid,
        to: Position,
    },
    /// Re-rank many items at once into the given order (e.g. by score).
    ReorderItems {
        order: Vec<Uuid>,
    },
    /// `blocker` blocks `blocked` (or no longer does, with `linked: false`).
    LinkItems {
        blocker: Uuid,
        blocked: Uuid,
        linked: bool,
    },
    /// Appends a comment by the session's user and role. Anyone may comment
    /// on anything: it changes nothing the owner decided.
    AddComment {
        id: Uuid,
        text: String,
    },
    /// Move several items as a block to `to`, keeping the listed order.
    MoveItems {
        ids: Vec<Uuid>,
        to: Position,
    },
    EditVision(VisionPatch),
    AddGoal(NewGoal),
    EditGoal {
        id: Uuid,
        patch: GoalPatch,
    },
    DeleteGoal {
        id: Uuid,
    },
    AddInitiative(Box<NewInitiative>),
    EditInitiative {
        id: Uuid,
        patch: Box<InitiativePatch>,
    },
    MoveInitiative {
        id: Uuid,
        horizon: Horizon,
        to: Position,
    },
    DeleteInitiative {
        id: Uuid,
    },
    AddSprint(NewSprint),
    EditSprint {
        id: Uuid,
        patch: SprintPatch,
    },
    StartSprint {
        id: Uuid,
        /// Started before its planned start: run it from today for as long
        /// as it was planned (else it keeps its dates).
        move_dates: bool,
    },
    CloseSprint {
        id: Uuid,
        goal_met: Option<bool>,
        carry_over: CarryOver,
        /// The review's notes: what went well, what did not (may be empty).
        notes: String,
    },
    DeleteSprint {
        id: Uuid,
    },
    /// Gives a planned sprint that never ran here the past it had
    /// elsewhere (an import): its state, start, history and review.
    RecordSprintPast {
        id: Uuid,
        past: Box<SprintPast>,
    },
    EditSettings(Box<SettingsPatch>),
    AddRelease(NewRelease),
    EditRelease {
        id: Uuid,
        patch: ReleasePatch,
    },
    /// Deletes a release; its items ship in none.
    DeleteRelease {
        id: Uuid,
    },
    AddMember(NewMember),
    EditMember {
        id: Uuid,
        patch: MemberPatch,
    },
    DeleteMember {
        id: Uuid,
    },
    ResolveConflict {
        id: Uuid,
        take: Take,
    },
    /// Put entities back as they were: how undo and redo work.
    Restore(Vec<Snapshot>),
    /// Keep two values of a field side by side for a person to settle (an
    /// edit that met a concurrent one). Records already there are skipped.
    RecordConflicts(Vec<Conflict>),
    /// Several commands as one: all apply or none, and undo takes them back
    /// in one step (bulk edits on marked items, split). `summary` replaces
    /// the parts' own lines when given.
    Batch {
        commands: Vec<Command>,
        summary: Option<String>,
    },
}
