//! `apply(&mut Workspace, Command)`: the one place where the workspace
//! changes. Handlers are grouped by what they change.

mod conflicts;
mod items;
mod links;
mod place;
mod restore;
mod sprints;
mod strategy;
mod team;

use super::command::Command;
use super::entity::Extra;
use super::error::DomainError;
use super::score::{Rice, Wsjf};
use super::tx::{Change, Ctx, Tx};
use super::workspace::Workspace;

pub use items::edit_reads_only_near;
pub use place::{neighbours_for, rank_for};

/// Applies one command. On error the workspace is exactly as before.
pub fn apply(ws: &mut Workspace, cmd: Command, ctx: &mut Ctx) -> Result<Change, DomainError> {
    apply_with(ws, cmd, ctx, |tx, summary| tx.commit(summary))
}

/// [`apply`] keeping only the change's pre-images (its `after` is empty):
/// what a batch needs, without a copy of everything the command made.
pub fn apply_without_after(ws: &mut Workspace, cmd: Command, ctx: &mut Ctx) -> Result<Change, DomainError> {
    apply_with(ws, cmd, ctx, |tx, summary| tx.commit_without_after(summary))
}

fn apply_with(
    ws: &mut Workspace,
    cmd: Command,
    ctx: &mut Ctx,
    commit: impl for<'a> FnOnce(Tx<'a>, String) -> Change,
) -> Result<Change, DomainError> {
    let mut tx = Tx::new(ws, ctx);
    match run(&mut tx, cmd) {
        Ok(summary) => {
            sprints::tell_pulls(&mut tx);
            Ok(commit(tx, summary))
        }
        Err(e) => {
            tx.rollback();
            Err(e)
        }
    }
}

fn run(tx: &mut Tx, cmd: Command) -> Result<String, DomainError> {
    match cmd {
        Command::AddItem(new) => items::add(tx, *new),
        Command::EditItem { id, patch } => items::edit(tx, id, *patch),
        Command::DeleteItem { id } => items::delete(tx, id),
        Command::RankItem { id, to } => items::rank(tx, id, to),
        Command::ReorderItems { order } => items::reorder(tx, order),
        Command::MoveItems { ids, to } => items::move_block(tx, ids, to),
        Command::LinkItems { blocker, blocked, linked } => links::link(tx, blocker, blocked, linked),
        Command::AddComment { id, text } => links::comment(tx, id, text),
        Command::EditVision(patch) => strategy::edit_vision(tx, patch),
        Command::AddGoal(new) => strategy::add_goal(tx, new),
        Command::EditGoal { id, patch } => strategy::edit_goal(tx, id, patch),
        Command::DeleteGoal { id } => strategy::delete_goal(tx, id),
        Command::AddInitiative(new) => strategy::add_initiative(tx, *new),
        Command::EditInitiative { id, patch } => strategy::edit_initiative(tx, id, *patch),
        Command::MoveInitiative { id, horizon, to } => strategy::move_initiative(tx, id, horizon, to),
        Command::DeleteInitiative { id } => strategy::delete_initiative(tx, id),
        Command::AddSprint(new) => sprints::add(tx, new),
        Command::EditSprint { id, patch } => sprints::edit(tx, id, patch),
        Command::StartSprint { id, move_dates } => sprints::start(tx, id, move_dates),
        Command::CloseSprint { id, goal_met, carry_over, notes } => {
            sprints::close(tx, id, goal_met, carry_over, &notes)
        }
        Command::DeleteSprint { id } => sprints::delete(tx, id),
        Command::RecordSprintPast { id, past } => sprints::record_past(tx, id, *past),
        Command::EditSettings(patch) => strategy::edit_settings(tx, *patch),
        Command::AddRelease(new) => team::add_release(tx, new),
        Command::EditRelease { id, patch } => team::edit_release(tx, id, patch),
        Command::DeleteRelease { id } => team::delete_release(tx, id),
        Command::AddMember(new) => team::add_member(tx, new),
        Command::EditMember { id, patch } => team::edit_member(tx, id, patch),
        Command::DeleteMember { id } => team::delete_member(tx, id),
        Command::ResolveConflict { id, take } => conflicts::resolve(tx, id, take),
        Command::Restore(snaps) => restore::restore(tx, snaps),
        Command::RecordConflicts(list) => conflicts::record(tx, list),
        Command::Batch { commands, summary } => batch(tx, commands, summary),
    }
}

/// Runs each command in the one transaction; the first error rolls all back.
fn batch(tx: &mut Tx, commands: Vec<Command>, summary: Option<String>) -> Result<String, DomainError> {
    let n = commands.len();
    let mut lines = Vec::with_capacity(n.min(2));
    // Items short of their definition are all gathered, so that the
    // question names every one of them, not just the first.
    let mut short: Vec<(String, Vec<String>)> = Vec::new();
    let mut gate = "";
    for cmd in commands {
        match run(tx, cmd) {
            Ok(line) if lines.len() < 2 => lines.push(line),
            Ok(_) => {}
            Err(DomainError::NeedsReadyConfirmation { key, gate: g, missing, .. }) => {
                gate = g;
                short.push((key, missing));
            }
            Err(e) => return Err(e),
        }
    }
    match short.len() {
        0 => {}
        1 => {
            let (key, missing) = short.remove(0);
            return Err(DomainError::NeedsReadyConfirmation { key, gate, missing, items: 1 });
        }
        items => {
            let missing = short.iter().map(|(k, m)| format!("{k}: {}", m.join(", "))).collect();
            let key = short.swap_remove(0).0;
            return Err(DomainError::NeedsReadyConfirmation { key, gate, missing, items });
        }
    }
    Ok(summary.unwrap_or_else(|| match (n, lines.as_slice()) {
        (0, _) => "Nothing to do".into(),
        (1, [one]) => one.clone(),
        (_, [first, ..]) => format!("{first} and {} more", n - 1),
        _ => unreachable!("lines holds the first two of n > 1 commands"),
    }))
}

/// The unknown fields of a part of an entity (a story, a timeframe, a
/// criterion, a KPI) that an edit replaces: a form, an editor or the
/// command line knows nothing of fields a newer version added, so a
/// replacement that brings none keeps the old one's.
fn kept_extra(new: Extra, old: Option<Extra>) -> Extra {
    match old {
        Some(old) if new.is_empty() => old,
        _ => new,
    }
}

/// Scoring inputs within their ranges (see [`Wsjf::check`]); finite,
/// too, since JSON has no NaN or infinity (one would be written as `null`
/// and the file would no longer load).
fn check_scores(wsjf: Option<&Wsjf>, rice: Option<&Rice>) -> Result<(), DomainError> {
    if let Some(e) = wsjf.and_then(|w| w.check().err()) {
        return Err(DomainError::invalid("wsjf", e.to_string()));
    }
    if let Some(e) = rice.and_then(|r| r.check().err()) {
        return Err(DomainError::invalid("rice", e.to_string()));
    }
    Ok(())
}

/// Cleans a required one-line field.
fn required_line(field: &'static str, s: &str) -> Result<String, DomainError> {
    let s = super::text::clean_line(s);
    if s.is_empty() {
        return Err(DomainError::invalid(field, "must not be empty"));
    }
    Ok(s)
}

#[cfg(test)]
mod tests;
