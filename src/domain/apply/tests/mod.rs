//! Unit tests of `apply`: every rule a command enforces, checked through
//! the one public entry point with a fixed clock and sequential ids. This
//! module holds the fixture (`W`, a workspace and a session on a fixed
//! clock); the tests are grouped by what they check.

mod cascades;
mod conflicts;
mod guard;
mod items;
mod links;
mod planning;
mod pulls;
mod ranks;
mod sprints;
mod team;
mod transaction;

use super::apply;
use crate::domain::command::{Command, ItemPatch, NewGoal, NewInitiative, NewItem, NewSprint};
use crate::domain::entity::{Meta, Role};
use crate::domain::error::DomainError;
use crate::domain::item::{Item, Status};
use crate::domain::sprint::Sprint;
use crate::domain::strategy::Horizon;
use crate::domain::tx::{Change, Ctx, IdGen};
use crate::domain::workspace::Workspace;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("test timestamp")
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

/// A workspace and a session on a fixed clock.
struct W {
    ws: Workspace,
    ctx: Ctx,
}

impl W {
    fn new() -> W {
        let now = t("2026-03-02T09:00:00Z");
        let ws = Workspace::new("Test", "BL", Meta::new(Uuid::nil(), Role::Pm, now, Role::Pm));
        let mut ctx = Ctx::new(now, Role::Po);
        ctx.ids = IdGen::sequential();
        W { ws, ctx }
    }
    fn try_run(&mut self, cmd: Command) -> Result<Change, DomainError> {
        apply(&mut self.ws, cmd, &mut self.ctx)
    }
    fn run(&mut self, cmd: Command) -> Change {
        let shown = format!("{cmd:?}");
        self.try_run(cmd).unwrap_or_else(|e| panic!("{shown} failed: {e}"))
    }
    /// Runs a command that must fail, and checks it left no trace.
    fn refuse(&mut self, cmd: Command) -> DomainError {
        let before = self.ws.clone();
        let err = self.try_run(cmd).expect_err("command must fail");
        assert_eq!(self.ws, before, "a failed command changed the workspace");
        err
    }
    fn at(&mut self, now: &str) {
        self.ctx.now = t(now);
    }
    fn created(&mut self, cmd: Command) -> Uuid {
        self.run(cmd).created.and_then(|r| r.id()).expect("created an entity")
    }
    fn add_with(&mut self, new: NewItem) -> Uuid {
        self.created(Command::AddItem(Box::new(new)))
    }
    fn add(&mut self, title: &str) -> Uuid {
        self.add_with(NewItem { title: title.into(), ..Default::default() })
    }
    fn add_points(&mut self, title: &str, points: u32, sprint: Option<Uuid>) -> Uuid {
        self.add_with(NewItem { title: title.into(), estimate: Some(points), sprint, ..Default::default() })
    }
    fn edit(&mut self, id: Uuid, patch: ItemPatch) -> Change {
        self.run(Command::EditItem { id, patch: Box::new(patch) })
    }
    fn set_status(&mut self, id: Uuid, status: Status) -> Change {
        self.edit(id, ItemPatch { status: Some(status), ..Default::default() })
    }
    fn item(&self, id: Uuid) -> &Item {
        self.ws.item(id).expect("item exists")
    }
    /// An edit behind the domain's back, as in a hand-edited file. A load
    /// rebuilds the index; so does this, before handing out the item (the
    /// index's lookups are computed lazily, after the edit).
    fn raw(&mut self, id: Uuid) -> &mut Item {
        self.ws.reindex();
        let pos = self.ws.item_pos(id).expect("item exists");
        &mut self.ws.items[pos]
    }
    fn order(&self) -> Vec<Uuid> {
        self.ws.ranked_item_positions().into_iter().map(|p| self.ws.items[p].meta.id).collect()
    }
    fn sprint(&self, id: Uuid) -> &Sprint {
        self.ws.sprint(id).expect("sprint exists")
    }
    fn new_sprint(&mut self, name: &str, start: &str, end: &str) -> Uuid {
        self.created(Command::AddSprint(NewSprint {
            name: Some(name.into()),
            start: Some(d(start)),
            end: Some(d(end)),
            ..Default::default()
        }))
    }
    fn as_pm<R>(&mut self, f: impl FnOnce(&mut W) -> R) -> R {
        let role = std::mem::replace(&mut self.ctx.role, Role::Pm);
        let r = f(self);
        self.ctx.role = role;
        r
    }
    fn goal(&mut self, title: &str) -> Uuid {
        self.as_pm(|w| w.created(Command::AddGoal(NewGoal { title: title.into(), ..Default::default() })))
    }
    fn initiative(&mut self, title: &str, goals: &[Uuid]) -> Uuid {
        self.as_pm(|w| {
            w.created(Command::AddInitiative(Box::new(NewInitiative {
                title: title.into(),
                horizon: Some(Horizon::Now),
                goals: goals.to_vec(),
                ..Default::default()
            })))
        })
    }
}

fn invalid_field(e: &DomainError) -> &'static str {
    match e {
        DomainError::Invalid { field, .. } => field,
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}
