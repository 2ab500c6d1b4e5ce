//! Splitting a story into smaller ones, and duplicating an item: both are
//! built here as one [`Command::Batch`] (one undo step), so the TUI and the
//! CLI split the same way.

use super::command::{Command, ItemPatch, NewItem, Position};
use super::error::DomainError;
use super::item::{Item, Status};
use super::workspace::Workspace;
use uuid::Uuid;

/// One of the new stories: its title, and which of the original's
/// acceptance criteria (by index) go to it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Part {
    pub title: String,
    pub criteria: Vec<usize>,
}

/// Where new items go to sit right after `id`, in the order they are added.
fn right_after(ws: &Workspace, item: &Item) -> Position {
    let next = ws
        .live_items()
        .filter(|i| (i.rank.as_str(), i.meta.id) > (item.rank.as_str(), item.meta.id))
        .min_by(|a, b| (a.rank.as_str(), a.meta.id).cmp(&(b.rank.as_str(), b.meta.id)));
    next.map_or(Position::Bottom, |n| Position::Before(n.meta.id))
}

/// What a copy of `item` starts with: its content, none of its history.
fn copy(item: &Item, title: String) -> NewItem {
    NewItem {
        kind: Some(item.kind),
        title,
        description: item.description.clone(),
        story: item.story.as_deref().cloned(),
        acceptance_criteria: Vec::new(),
        estimate: None,
        status: None,
        labels: item.labels.clone(),
        parent: item.parent,
        initiative: item.initiative,
        ..Default::default()
    }
}

/// Splits `id` into `parts`, right after it, each new story linked back to
/// it. Criteria not given to a part stay on the original; `keep: false`
/// drops the original, which is refused while criteria would stay on it
/// (a dropped story is hidden, and so would they be).
pub fn split(ws: &Workspace, id: Uuid, parts: &[Part], keep: bool) -> Result<Command, DomainError> {
    let item = ws.item(id).filter(|i| i.is_live()).ok_or_else(|| DomainError::not_found("item", id))?;
    // Kept, the original is one of the stories it is split into.
    if parts.is_empty() {
        return Err(DomainError::invalid("split", "give at least one new story"));
    }
    let n = item.acceptance_criteria.len();
    let mut taken = vec![false; n];
    for p in parts {
        if p.title.trim().is_empty() {
            return Err(DomainError::invalid("split", "every new story needs a title"));
        }
        for &c in &p.criteria {
            if c >= n {
                return Err(DomainError::invalid(
                    "split",
                    format!("{} has no criterion {} (it has {n})", item.key, c + 1),
                ));
            }
            if std::mem::replace(&mut taken[c], true) {
                return Err(DomainError::invalid("split", format!("criterion {} is given to two stories", c + 1)));
            }
        }
    }
    let left = taken.iter().filter(|t| !**t).count();
    if !keep && left > 0 {
        let which: Vec<String> = (0..n).filter(|i| !taken[*i]).map(|i| (i + 1).to_string()).collect();
        return Err(DomainError::invalid(
            "split",
            format!(
                "criteri{} {} would stay on {}, which is dropped and hidden: give {} to a new story, or keep {}",
                if left == 1 { "on" } else { "a" },
                which.join(", "),
                item.key,
                if left == 1 { "it" } else { "each" },
                item.key
            ),
        ));
    }
    let at = right_after(ws, item);
    let mut commands: Vec<Command> = parts
        .iter()
        .map(|p| {
            let mut new = copy(item, p.title.clone());
            new.acceptance_criteria = p.criteria.iter().map(|&c| item.acceptance_criteria[c].clone()).collect();
            new.position = at;
            new.split_from = Some(id);
            Command::AddItem(Box::new(new))
        })
        .collect();
    let kept: Vec<_> =
        item.acceptance_criteria.iter().enumerate().filter(|(i, _)| !taken[*i]).map(|(_, c)| c.clone()).collect();
    let mut patch = ItemPatch::default();
    if kept.len() != n {
        patch.acceptance_criteria = Some(kept);
    }
    if !keep {
        patch.status = Some(Status::Dropped);
    }
    if patch != ItemPatch::default() {
        commands.push(Command::EditItem { id, patch: Box::new(patch) });
    }
    let fate = if keep { "kept" } else { "dropped" };
    let noun = if parts.len() == 1 { "story" } else { "stories" };
    let summary = format!("Split {} into {} {noun} ({fate})", item.key, parts.len());
    Ok(Command::Batch { commands, summary: Some(summary) })
}

/// A copy of `id` with a new key, right after it: the same content, as new
/// work (criteria unmet, no sprint, no links out, no comments).
pub fn duplicate(ws: &Workspace, id: Uuid) -> Result<Command, DomainError> {
    let item = ws.item(id).filter(|i| i.is_live()).ok_or_else(|| DomainError::not_found("item", id))?;
    Ok(Command::Batch { commands: vec![copy_of(item, right_after(ws, item))], summary: None })
}

/// The command that adds a copy of `item` at `position` (for callers that
/// copy several items and place them themselves).
pub fn copy_of(item: &Item, position: Position) -> Command {
    let mut new = copy(item, item.title.clone());
    new.estimate = item.estimate;
    new.acceptance_criteria = item
        .acceptance_criteria
        .iter()
        .cloned()
        .map(|mut c| {
            c.met = false;
            c
        })
        .collect();
    new.moscow = item.scoring.moscow;
    new.wsjf = item.scoring.wsjf.clone();
    new.rice = item.scoring.rice.clone();
    new.assignee = item.assignee.clone();
    new.position = position;
    Command::AddItem(Box::new(new))
}
