//! Backlog item commands.

use super::place::item_placement;
use super::sprints::{record, sprint_is_active};
use super::{check_scores, required_line};
use crate::domain::command::{ItemPatch, NewItem, Position};
use crate::domain::entity::{EntityRef, Role};
use crate::domain::error::DomainError;
use crate::domain::item::{Criterion, ExternalRef, Imported, Item, ItemKind, Status, Story};
use crate::domain::score::{Rice, Scoring, Wsjf};
use crate::domain::sprint::{SprintChange, SprintState};
use crate::domain::text::{clean_labels, clean_line, clean_owned};
use crate::domain::tx::Tx;
use crate::domain::workspace::Workspace;
use crate::domain::{board, rules};
use uuid::Uuid;

pub(super) fn add(tx: &mut Tx, new: NewItem) -> Result<String, DomainError> {
    tx.guard(Role::Po, "the backlog")?;
    let title = required_line("title", &new.title)?;
    let kind = new.kind.unwrap_or(ItemKind::Story);
    let placement = item_placement(tx.ws, None, new.position)?;
    let id = tx.ctx.new_id();
    validate_links(tx.ws, id, kind, new.parent, new.initiative, new.sprint)?;
    check_release(tx.ws, new.release)?;
    let estimate = check_estimate(tx.ws, new.estimate)?;
    check_scores(new.wsjf.as_ref(), new.rice.as_ref())?;

    tx.touch(EntityRef::Info);
    let key = {
        let ws = &mut *tx.ws;
        let prefix = format!("{}-", ws.workspace.key_prefix);
        let mut counter = ws.workspace.next_key;
        let key = super::strategy::asked_or_next(new.key.as_deref(), &mut counter, &prefix, |k| ws.key_taken(k, id))?;
        ws.workspace.next_key = counter;
        key
    };

    let mut meta = crate::domain::entity::Meta::new(id, Role::Po, tx.now(), tx.ctx.role);
    if let Some(at) = new.created_at.filter(|at| *at < meta.created_at) {
        meta.created_at = at;
    }
    let item = Item {
        meta,
        key: key.clone(),
        kind,
        title: title.clone(),
        description: clean_owned(new.description),
        story: clean_story(new.story).map(Box::new),
        acceptance_criteria: clean_criteria(new.acceptance_criteria),
        estimate,
        status: new.status.unwrap_or(Status::New),
        rank: placement.rank,
        labels: clean_labels(&new.labels),
        parent: new.parent,
        initiative: new.initiative,
        sprint: None,
        release: new.release,
        scoring: Scoring { moscow: new.moscow, wsjf: new.wsjf, rice: new.rice, extra: Default::default() }.into(),
        external: clean_external(new.external),
        assignee: super::links::clean_assignee(new.assignee),
        blocks: Vec::new(),
        checked: Vec::new(),
        comments: super::links::clean_comments(new.comments),
        split_from: new.split_from,
        extra: Default::default(),
    };
    tx.insert_item(item);
    apply_repairs(tx, placement.repairs)?;
    if let Some(sprint) = new.sprint {
        set_sprint(tx, id, Some(sprint))?;
    }
    for blocked in new.blocks {
        super::links::link(tx, id, blocked, true)?;
    }
    Ok(format!("Added {key} {title}"))
}

/// Whether applying `patch` to item `id` reads nothing beyond the item,
/// the items whose text names it (children, blockers, split parts), those
/// it names and the workspace's own lists (settings, sprints, releases,
/// the roadmap): then a workspace holding only those items applies it as
/// the whole would, warnings and all. Three fields read further: a kind
/// checks the family, a new epic walks its ancestors, a sprint pull counts
/// the sprint's items; and so does a status inside a running sprint (its
/// board column's WIP limit).
pub fn edit_reads_only_near(ws: &Workspace, id: Uuid, patch: &ItemPatch) -> bool {
    let running = ws.item(id).and_then(|i| i.sprint).is_some_and(|s| sprint_is_active(ws, s));
    patch.kind.is_none() && patch.parent.is_none() && patch.sprint.is_none() && (patch.status.is_none() || !running)
}

pub(super) fn edit(tx: &mut Tx, id: Uuid, p: ItemPatch) -> Result<String, DomainError> {
    let before = tx.item(id)?.clone();
    let kind = p.kind.unwrap_or(before.kind);
    let parent = p.parent.unwrap_or(before.parent);
    let initiative = p.initiative.unwrap_or(before.initiative);
    // Only the links this edit sets are checked: a link that already
    // dangles (a merge deleted its target elsewhere) must not stop the user
    // from clearing it, or from editing anything else.
    let new_parent = parent.filter(|_| parent != before.parent);
    let new_initiative = initiative.filter(|_| initiative != before.initiative);
    validate_links(tx.ws, id, kind, new_parent, new_initiative, p.sprint.flatten())?;
    check_release(tx.ws, p.release.flatten().filter(|r| Some(*r) != before.release))?;
    if kind != before.kind {
        rules::kind(tx.ws, id, before.kind, kind, parent)?;
    }
    let estimate = match p.estimate {
        Some(e) => Some(check_estimate(tx.ws, e)?),
        None => None,
    };
    let title = p.title.as_deref().map(|t| required_line("title", t)).transpose()?;
    check_scores(p.wsjf.as_ref().and_then(Option::as_ref), p.rice.as_ref().and_then(Option::as_ref))?;

    let item = tx.item_mut(id)?;
    item.kind = kind;
    item.parent = parent;
    item.initiative = initiative;
    if let Some(t) = title {
        item.title = t;
    }
    if let Some(d) = p.description {
        item.description = clean_owned(d);
    }
    if let Some(s) = p.story {
        let old = item.story.take().map(|o| o.extra);
        item.story = clean_story(s).map(|new| Box::new(Story { extra: super::kept_extra(new.extra, old), ..new }));
    }
    if let Some(ac) = p.acceptance_criteria {
        let old = std::mem::take(&mut item.acceptance_criteria);
        item.acceptance_criteria = clean_criteria(ac);
        // An editor rewrites the list as text: a criterion it kept as it
        // was keeps its unknown fields.
        for c in &mut item.acceptance_criteria {
            let before = old.iter().find(|o| o.text == c.text).map(|o| o.extra.clone());
            c.extra = super::kept_extra(std::mem::take(&mut c.extra), before);
        }
    }
    if let Some(l) = p.labels {
        item.labels = clean_labels(&l);
    }
    if let Some(m) = p.moscow {
        item.scoring.moscow = m;
    }
    if let Some(w) = p.wsjf {
        let old = item.scoring.wsjf.take().map(|o| o.extra);
        item.scoring.wsjf = w.map(|new| Wsjf { extra: super::kept_extra(new.extra, old), ..new });
    }
    if let Some(r) = p.rice {
        let old = item.scoring.rice.take().map(|o| o.extra);
        item.scoring.rice = r.map(|new| Rice { extra: super::kept_extra(new.extra, old), ..new });
    }
    if let Some(x) = p.external {
        item.external = clean_external(x);
    }
    if let Some(o) = p.owner {
        item.meta.owner = o;
    }
    if let Some(a) = p.assignee {
        item.assignee = super::links::clean_assignee(a);
    }
    if let Some(r) = p.release {
        item.release = r;
    }
    if let Some(c) = p.checked {
        item.checked = clean_labels(&c);
    }
    if let Some(c) = p.comments {
        let new: Vec<_> = super::links::clean_comments(c).into_iter().filter(|c| !item.comments.contains(c)).collect();
        if !new.is_empty() {
            item.comments.extend(new);
            item.comments.sort_by_key(|c| c.at);
        }
    }
    let key = item.key.clone();

    // Changes that a running sprint's history must see, in a fixed order:
    // membership first, then size, then progress.
    if let Some(sprint) = p.sprint {
        set_sprint(tx, id, sprint)?;
    }
    if let Some(e) = estimate {
        set_estimate(tx, id, e)?;
    }
    if let Some(s) = p.status {
        if s != before.status {
            super::links::gate(tx, id, s)?;
        }
        set_status(tx, id, s)?;
    }
    Ok(edit_summary(tx.ws, &before, id, &key))
}

/// Says what an edit did in words a person would use: "Pulled BL-7 into
/// Sprint 4", "BL-7: ready → in progress", "Updated BL-7 (title, points)".
fn edit_summary(ws: &Workspace, before: &Item, id: Uuid, key: &str) -> String {
    let Some(after) = ws.item(id) else { return format!("Updated {key}") };
    let mut fields = Vec::new();
    let mut note = |changed: bool, name: &'static str| {
        if changed {
            fields.push(name);
        }
    };
    note(after.title != before.title, "title");
    note(after.kind != before.kind, "kind");
    note(after.estimate != before.estimate, "points");
    note(after.status != before.status, "status");
    note(after.description != before.description, "description");
    note(after.story != before.story, "story");
    note(after.acceptance_criteria != before.acceptance_criteria, "criteria");
    note(after.labels != before.labels, "labels");
    note(after.parent != before.parent, "epic");
    note(after.initiative != before.initiative, "initiative");
    note(after.sprint != before.sprint, "sprint");
    note(after.release != before.release, "release");
    note(after.scoring != before.scoring, "scores");
    note(after.external != before.external, "links");
    note(after.meta.owner != before.meta.owner, "owner");
    note(after.assignee != before.assignee, "assignee");
    note(after.checked != before.checked, "checklist");
    note(after.comments != before.comments, "comments");
    match fields.as_slice() {
        [] => format!("{key}: nothing changed"),
        ["sprint"] => match after.sprint.and_then(|s| ws.sprint(s)) {
            Some(s) => format!("Pulled {key} into {}", s.name),
            None => format!("Sent {key} back to the backlog"),
        },
        ["status"] => {
            format!("{key}: {} → {}", before.status.as_str().replace('_', " "), after.status.as_str().replace('_', " "))
        }
        _ => format!("Updated {key} ({})", fields.join(", ")),
    }
}

pub(super) fn delete(tx: &mut Tx, id: Uuid) -> Result<String, DomainError> {
    let key = tx.item(id)?.key.clone();
    tx.item_mut(id)?;
    if tx.item(id)?.sprint.is_some() {
        set_sprint(tx, id, None)?;
    }
    let now = tx.now();
    tx.item_mut(id)?.meta.deleted_at = Some(now);
    let children: Vec<Uuid> = tx.ws.live_items().filter(|i| i.parent == Some(id)).map(|i| i.meta.id).collect();
    for &child in &children {
        tx.item_mut_unguarded(child)?.parent = None;
    }
    // Links to a deleted item mean nothing: take them off its blockers.
    let blockers: Vec<Uuid> = tx.ws.live_items().filter(|i| i.blocks.contains(&id)).map(|i| i.meta.id).collect();
    for b in blockers {
        tx.item_mut_unguarded(b)?.blocks.retain(|x| *x != id);
    }
    Ok(match children.len() {
        0 => format!("Deleted {key}"),
        1 => format!("Deleted {key} (1 child item unlinked)"),
        n => format!("Deleted {key} ({n} child items unlinked)"),
    })
}

pub(super) fn rank(tx: &mut Tx, id: Uuid, to: Position) -> Result<String, DomainError> {
    tx.item(id)?;
    let placement = item_placement(tx.ws, Some(id), to)?;
    let item = tx.item_mut(id)?;
    item.rank = placement.rank;
    let key = item.key.clone();
    apply_repairs(tx, placement.repairs)?;
    Ok(format!("Moved {key}"))
}

/// Gives the listed items consecutive ranks in the listed order, inside the
/// span of ranks they already occupy, so unlisted items keep their places
/// relative to the block.
pub(super) fn reorder(tx: &mut Tx, order: Vec<Uuid>) -> Result<String, DomainError> {
    if order.is_empty() {
        return Ok("Nothing to reorder".into());
    }
    let mut seen = std::collections::HashSet::new();
    if !order.iter().all(|id| seen.insert(*id)) {
        return Err(DomainError::invalid("order", "an item is listed twice"));
    }
    for id in &order {
        tx.item(*id)?;
    }
    let keys =
        crate::domain::rank::sequence(None, order.len()).map_err(|e| DomainError::invalid("rank", e.to_string()))?;
    // Unlisted items keep their keys; so that the block does not interleave
    // with them, listed items are only re-keyed when they are the whole list.
    let whole = tx.ws.live_items().count() == order.len();
    let keys = if whole {
        keys
    } else {
        let mut ranks: Vec<String> = order.iter().map(|id| tx.ws.item(*id).expect("checked").rank.clone()).collect();
        ranks.sort();
        ranks.dedup();
        if ranks.len() != order.len() {
            return Err(DomainError::invalid("order", "items share rank keys; re-rank the whole list"));
        }
        ranks
    };
    for (id, rank) in order.iter().zip(keys) {
        tx.item_mut(*id)?.rank = rank;
    }
    Ok(format!("Re-ranked {} items", order.len()))
}

/// Moves `ids` as one block to `to`, in the listed order: the block gets
/// keys spread evenly between its new neighbours, so a thousand items cost
/// a thousand short keys, not keys that grow with each one placed.
pub(super) fn move_block(tx: &mut Tx, ids: Vec<Uuid>, to: Position) -> Result<String, DomainError> {
    let mut seen = std::collections::HashSet::new();
    if !ids.iter().all(|id| seen.insert(*id)) {
        return Err(DomainError::invalid("items", "an item is listed twice"));
    }
    if let Position::Before(x) | Position::After(x) = to
        && seen.contains(&x)
    {
        return Err(DomainError::invalid("position", "cannot move items next to one of themselves"));
    }
    for id in &ids {
        tx.item(*id)?;
    }
    let (after, before) = block_neighbours(tx.ws, &seen, to)?;
    let keys = crate::domain::rank::spread(after.as_deref(), before.as_deref(), ids.len())
        .map_err(|e| DomainError::invalid("rank", format!("{e}; run `backlog check` to find and fix it")))?;
    for (id, rank) in ids.iter().zip(keys) {
        tx.item_mut(*id)?.rank = rank;
    }
    Ok(match ids.as_slice() {
        [one] => format!("Moved {}", tx.ws.item(*one).map_or("", |i| i.key.as_str())),
        _ => format!("Moved {} items", ids.len()),
    })
}

/// The rank keys just outside the block's new place, the block left out.
fn block_neighbours(
    ws: &Workspace,
    moving: &std::collections::HashSet<Uuid>,
    to: Position,
) -> Result<(Option<String>, Option<String>), DomainError> {
    let others = || ws.live_items().filter(|i| !moving.contains(&i.meta.id)).map(|i| (i.rank.as_str(), i.meta.id));
    let key_of = |id: Uuid| {
        ws.item(id)
            .filter(|i| i.is_live())
            .map(|i| (i.rank.as_str(), id))
            .ok_or_else(|| DomainError::not_found("item", id))
    };
    let (a, b) = match to {
        Position::Top => (None, others().min()),
        Position::Bottom => (others().max(), None),
        Position::Before(x) => {
            let x = key_of(x)?;
            (others().filter(|k| *k < x).max(), Some(x))
        }
        Position::After(x) => {
            let x = key_of(x)?;
            (Some(x), others().filter(|k| *k > x).min())
        }
        Position::Between(p) => (p.after.map(key_of).transpose()?, p.before.map(key_of).transpose()?),
    };
    if let (Some(a), Some(b)) = (a, b)
        && a.0 >= b.0
    {
        return Err(DomainError::invalid(
            "position",
            "neighbours share a rank key or the list changed; run `backlog check`, then retry",
        ));
    }
    Ok((a.map(|k| k.0.to_owned()), b.map(|k| k.0.to_owned())))
}

fn apply_repairs(tx: &mut Tx, repairs: Vec<(Uuid, String)>) -> Result<(), DomainError> {
    for (id, rank) in repairs {
        tx.item_mut_unguarded(id)?.rank = rank;
    }
    Ok(())
}

/// Moves an item into or out of a sprint, logging scope changes of a
/// running sprint.
pub(super) fn set_sprint(tx: &mut Tx, id: Uuid, to: Option<Uuid>) -> Result<(), DomainError> {
    let item = tx.item(id)?;
    let from = item.sprint;
    if from == to {
        return Ok(());
    }
    let (points, done) = (item.points(), item.status == Status::Done);
    // Dropped work is not sprint scope (StartSprint leaves it out too), so
    // moving it in or out of a running sprint changes nothing there.
    let in_scope = item.status != Status::Dropped;
    if let Some(s) = to {
        rules::open_sprint(tx.ws, s)?;
    }
    if let Some(f) = from
        && in_scope
        && sprint_is_active(tx.ws, f)
    {
        record(tx, f, id, SprintChange::Removed { points })?;
    }
    tx.item_mut(id)?.sprint = to;
    if let Some(t) = to
        && in_scope
        && sprint_is_active(tx.ws, t)
    {
        record(tx, t, id, SprintChange::Added { points })?;
        if done {
            record(tx, t, id, SprintChange::Done { points })?;
        }
    }
    // What pulls come to (past the capacity or the velocity, ahead of an
    // open blocker, short of the Definition of Ready) is allowed, and said
    // once the command is done: with the final numbers, and without
    // bringing the kept links up to date at every pull of a big batch.
    if let Some(t) = to {
        tx.pulled.push((t, id));
    }
    Ok(())
}

fn set_estimate(tx: &mut Tx, id: Uuid, to: Option<u32>) -> Result<(), DomainError> {
    let item = tx.item(id)?;
    if item.estimate == to {
        return Ok(());
    }
    let (from, sprint) = (item.points(), item.sprint);
    // A closed sprint's review is history: it keeps the points it counted.
    if item.status == Status::Done
        && let Some(closed) = sprint.and_then(|s| tx.ws.sprint(s)).filter(|s| s.state == SprintState::Closed)
    {
        let w = format!(
            "{} was done in {}, now closed: its review keeps the {from} points it counted",
            item.key, closed.name
        );
        tx.warnings.push(w);
    }
    tx.item_mut(id)?.estimate = to;
    if let Some(s) = sprint
        && sprint_is_active(tx.ws, s)
    {
        record(tx, s, id, SprintChange::Estimated { from, to: to.unwrap_or(0) })?;
    }
    Ok(())
}

pub(super) fn set_status(tx: &mut Tx, id: Uuid, to: Status) -> Result<(), DomainError> {
    let item = tx.item(id)?;
    let from = item.status;
    if from == to {
        return Ok(());
    }
    let (points, sprint) = (item.points(), item.sprint);
    tx.item_mut(id)?.status = to;
    if let Some(s) = sprint
        && sprint_is_active(tx.ws, s)
    {
        // Dropping takes the item out of scope; picking it up again puts
        // it back, as it is now.
        if to == Status::Dropped {
            record(tx, s, id, SprintChange::Removed { points })?;
        } else if from == Status::Dropped {
            record(tx, s, id, SprintChange::Added { points })?;
            if to == Status::Done {
                record(tx, s, id, SprintChange::Done { points })?;
            }
        } else if to == Status::Done {
            record(tx, s, id, SprintChange::Done { points })?;
        } else if from == Status::Done {
            record(tx, s, id, SprintChange::Reopened { points })?;
        }
        warn_wip(tx, s, id, from);
    }
    Ok(())
}

/// Warns when item `id`, now in the running sprint `s`, took its board
/// column past the column's WIP limit (it came from `from`, another column
/// or none).
pub(super) fn warn_wip(tx: &mut Tx, s: Uuid, id: Uuid, from: Status) {
    let Some(pos) = tx.ws.item_pos(id) else { return };
    let to = tx.ws.items[pos].status;
    let Some(c) = board::column_of(to).filter(|&c| board::column_of(from) != Some(c)) else { return };
    // No limit on the column: nothing to count.
    if !tx.ws.settings.wip_limits.contains_key(board::BOARD[c].1) {
        return;
    }
    tx.ws.note_links(pos);
    if let Some(w) = board::over_limit(tx.ws, s, c)
        && !tx.warnings.contains(&w)
    {
        tx.warnings.push(w);
    }
}

fn check_release(ws: &Workspace, release: Option<Uuid>) -> Result<(), DomainError> {
    release.map_or(Ok(()), |r| rules::release(ws, r))
}

fn validate_links(
    ws: &Workspace,
    id: Uuid,
    kind: ItemKind,
    parent: Option<Uuid>,
    initiative: Option<Uuid>,
    sprint: Option<Uuid>,
) -> Result<(), DomainError> {
    if let Some(p) = parent {
        rules::parent(ws, id, kind, p)?;
    }
    if let Some(i) = initiative {
        rules::initiative(ws, i)?;
    }
    if let Some(s) = sprint {
        rules::sprint(ws, s)?;
    }
    Ok(())
}

fn check_estimate(ws: &Workspace, e: Option<u32>) -> Result<Option<u32>, DomainError> {
    match e {
        Some(p) if !ws.settings.point_scale.contains(&p) => {
            let scale: Vec<String> = ws.settings.point_scale.iter().map(u32::to_string).collect();
            Err(DomainError::invalid(
                "estimate",
                format!("{p} is not on the point scale ({}); use one of those", scale.join(", ")),
            ))
        }
        e => Ok(e),
    }
}

fn clean_story(s: Option<Story>) -> Option<Story> {
    let s = s?;
    let s = Story { as_a: clean_line(&s.as_a), i_want: clean_line(&s.i_want), so_that: clean_line(&s.so_that), ..s };
    (!s.is_empty()).then_some(s)
}

fn clean_criteria(ac: Vec<Criterion>) -> Vec<Criterion> {
    ac.into_iter().map(|c| Criterion { text: clean_line(&c.text), ..c }).filter(|c| !c.text.is_empty()).collect()
}

fn clean_external(x: Vec<ExternalRef>) -> Vec<ExternalRef> {
    x.into_iter()
        .map(|r| ExternalRef {
            system: clean_line(&r.system),
            key: clean_line(&r.key),
            url: r.url.map(|u| clean_line(&u)).filter(|u| !u.is_empty()),
            imported: r
                .imported
                .map(|b| Box::new(Imported { title: clean_line(&b.title), labels: clean_labels(&b.labels), ..*b })),
            extra: r.extra,
        })
        .filter(|r| !r.key.is_empty())
        .collect()
}
