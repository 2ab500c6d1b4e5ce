//! `add`, `list`, `show`, `edit`, `rm`, `rank`.

use super::Session;
use super::args::{AddArgs, EditArgs, ItemFields, ListArgs, RankArgs, Select};
use super::output::{self, Table, safe, safe_block};
use super::resolve::{self, optional, parse};
use crate::domain::command::{ItemPatch, NewItem, Position};
use crate::domain::item::{Criterion, ExternalRef, Story};
use crate::domain::query::{Sort, SortField};
use crate::domain::{Command, Item, ItemKind, Status, Workspace, neighbours_for};
use anyhow::{anyhow, bail};
use serde::Serialize;
use uuid::Uuid;

fn external(specs: &[String]) -> anyhow::Result<Vec<ExternalRef>> {
    specs
        .iter()
        .map(|s| {
            let (system, key) =
                s.split_once(':').ok_or_else(|| anyhow!("external: use SYSTEM:KEY, such as jira:PROJ-12"))?;
            Ok(ExternalRef::new(system.trim().to_ascii_lowercase(), key.trim()))
        })
        .collect()
}

fn story(f: &ItemFields, base: Option<&Story>) -> Option<Story> {
    if f.as_a.is_none() && f.i_want.is_none() && f.so_that.is_none() {
        return None;
    }
    let mut s = base.cloned().unwrap_or_default();
    if let Some(v) = &f.as_a {
        s.as_a = v.clone();
    }
    if let Some(v) = &f.i_want {
        s.i_want = v.clone();
    }
    if let Some(v) = &f.so_that {
        s.so_that = v.clone();
    }
    Some(s)
}

pub fn add(s: &mut Session, a: AddArgs) -> anyhow::Result<()> {
    let me = s.ctx.user.clone();
    let change = s.apply(|ws| {
        let f = &a.fields;
        let new = NewItem {
            kind: f.kind.as_deref().map(parse::<ItemKind>).transpose()?,
            title: a.title.join(" "),
            description: f.description.clone().unwrap_or_default(),
            story: story(f, None),
            acceptance_criteria: f.ac.iter().map(|t| Criterion::new(t.as_str(), false)).collect(),
            estimate: optional(f.points.as_deref(), resolve::points)?.flatten(),
            status: f.status.as_deref().map(parse::<Status>).transpose()?,
            labels: f.labels.clone(),
            parent: optional(f.parent.as_deref(), |k| Ok(resolve::item(ws, k)?.meta.id))?.flatten(),
            initiative: optional(f.initiative.as_deref(), |r| resolve::initiative(ws, r))?.flatten(),
            sprint: optional(f.sprint.as_deref(), |r| resolve::sprint(ws, r))?.flatten(),
            release: optional(f.release.as_deref(), |r| resolve::release(ws, r))?.flatten(),
            moscow: optional(f.moscow.as_deref(), parse)?.flatten(),
            wsjf: optional(f.wsjf.as_deref(), resolve::wsjf)?.flatten(),
            rice: optional(f.rice.as_deref(), resolve::rice)?.flatten(),
            external: external(&f.external)?,
            assignee: f.assignee.as_deref().map(|n| resolve::assignee(n, &me)).transpose()?.flatten(),
            position: if a.top { Position::Top } else { Position::Bottom },
            created_at: None,
            ..Default::default()
        };
        Ok(Command::AddItem(Box::new(new)))
    })?;
    let ws = s.store.workspace();
    let item = change.created.and_then(|r| r.id()).and_then(|id| ws.item(id));
    match (s.json, item) {
        (true, Some(item)) => output::json(item),
        _ => output::line(safe(&change.summary)),
    }
}

pub fn edit(s: &mut Session, a: EditArgs) -> anyhow::Result<()> {
    let me = s.ctx.user.clone();
    let change = s.apply(|ws| edit_command(ws, &a, &me))?;
    output::line(safe(&change.summary))
}

/// The command `edit` makes from the file under the lock.
fn edit_command(ws: &Workspace, a: &EditArgs, me: &str) -> anyhow::Result<Command> {
    let ids = resolve::select(ws, &a.select, me)?;
    let commands = ids
        .iter()
        .map(|&id| {
            let item = ws.item(id).expect("selected items exist");
            patch_for(ws, item, a, me).map(|patch| Command::EditItem { id, patch: Box::new(patch) })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(match <[Command; 1]>::try_from(commands) {
        Ok([one]) => one,
        Err(many) => Command::Batch { summary: Some(format!("Updated {} items", many.len())), commands: many },
    })
}

/// The one item an edit names, if what it changes can be made from that
/// item and those that touch it ([`crate::store::Store::open_around`]): no
/// filter and no new epic, which are looked up among all the items.
pub fn edits_one_near(a: &EditArgs) -> Option<&str> {
    match (a.select.keys.as_slice(), &a.select.filter, &a.fields.parent) {
        ([key], None, None) => Some(key),
        _ => None,
    }
}

/// What `edit` changes on one item (labels, criteria, ticks and external
/// links are changed relative to what the item has, so `item` must be the
/// version under the lock: see [`Session::apply`]).
fn patch_for(ws: &Workspace, item: &Item, a: &EditArgs, me: &str) -> anyhow::Result<ItemPatch> {
    let f = &a.fields;
    let mut patch = ItemPatch {
        kind: f.kind.as_deref().map(parse::<ItemKind>).transpose()?,
        title: a.title.clone(),
        description: f.description.clone(),
        story: story(f, item.story.as_deref()).map(Some),
        estimate: optional(f.points.as_deref(), resolve::points)?,
        status: f.status.as_deref().map(parse::<Status>).transpose()?,
        parent: optional(f.parent.as_deref(), |k| Ok(resolve::item(ws, k)?.meta.id))?,
        initiative: optional(f.initiative.as_deref(), |r| resolve::initiative(ws, r))?,
        sprint: optional(f.sprint.as_deref(), |r| resolve::sprint(ws, r))?,
        release: optional(f.release.as_deref(), |r| resolve::release(ws, r))?,
        moscow: optional(f.moscow.as_deref(), parse)?,
        wsjf: optional(f.wsjf.as_deref(), resolve::wsjf)?,
        rice: optional(f.rice.as_deref(), resolve::rice)?,
        owner: a.owner,
        assignee: f.assignee.as_deref().map(|n| resolve::assignee(n, me)).transpose()?,
        ..ItemPatch::default()
    };
    if !f.labels.is_empty() || !a.unlabel.is_empty() {
        let mut labels = item.labels.clone();
        labels.retain(|l| !a.unlabel.iter().any(|u| u.trim().eq_ignore_ascii_case(l)));
        labels.extend(f.labels.iter().cloned());
        patch.labels = Some(labels);
    }
    if !f.external.is_empty() {
        let mut x = item.external.clone();
        x.extend(external(&f.external)?);
        patch.external = Some(x);
    }
    if !f.ac.is_empty() || !a.ac_met.is_empty() || !a.ac_unmet.is_empty() || !a.ac_rm.is_empty() {
        let mut ac = item.acceptance_criteria.clone();
        let n = ac.len();
        let check = |i: usize| -> anyhow::Result<usize> {
            if i == 0 || i > n {
                bail!("{}: there is no acceptance criterion {i} (it has {n})", item.key);
            }
            Ok(i - 1)
        };
        for &i in &a.ac_met {
            ac[check(i)?].met = true;
        }
        for &i in &a.ac_unmet {
            ac[check(i)?].met = false;
        }
        let mut rm: Vec<usize> = a.ac_rm.iter().map(|&i| check(i)).collect::<anyhow::Result<_>>()?;
        rm.sort_unstable();
        rm.dedup();
        for i in rm.into_iter().rev() {
            ac.remove(i);
        }
        ac.extend(f.ac.iter().map(|t| Criterion::new(t.as_str(), false)));
        patch.acceptance_criteria = Some(ac);
    }
    if !a.tick.is_empty() || !a.untick.is_empty() {
        let mut checked = item.checked.clone();
        checked.retain(|c| !a.untick.iter().any(|u| u.trim() == c));
        checked.extend(a.tick.iter().cloned());
        patch.checked = Some(checked);
    }
    if patch == ItemPatch::default() {
        bail!("nothing to change: give at least one field, such as --title or --status (see `backlog edit --help`)");
    }
    Ok(patch)
}

pub fn rm(s: &mut Session, select: &Select) -> anyhow::Result<()> {
    let me = s.ctx.user.clone();
    let change = s.apply(|ws| {
        let ids = resolve::select(ws, select, &me)?;
        Ok(match ids.as_slice() {
            [id] => Command::DeleteItem { id: *id },
            _ => Command::Batch {
                summary: Some(format!("Deleted {} items", ids.len())),
                commands: ids.iter().map(|&id| Command::DeleteItem { id }).collect(),
            },
        })
    })?;
    output::line(safe(&change.summary))
}

/// Moves items in rank. The neighbours are read under the lock, so two
/// people reordering different items never see a stale list.
pub fn rank(s: &mut Session, a: RankArgs) -> anyhow::Result<()> {
    let me = s.ctx.user.clone();
    let change = s.apply(|ws| {
        let ids = resolve::select(ws, &a.select, &me)?;
        let target = |k: &str| -> anyhow::Result<Uuid> {
            let id = resolve::item(ws, k)?.meta.id;
            if ids.contains(&id) {
                bail!("an item cannot move relative to itself");
            }
            Ok(id)
        };
        let to = if a.to.top {
            Position::Top
        } else if a.to.bottom {
            Position::Bottom
        } else if let Some(k) = &a.to.before {
            Position::Before(target(k)?)
        } else if let Some(k) = &a.to.after {
            Position::After(target(k)?)
        } else {
            unreachable!("clap requires one of --top, --bottom, --before, --after")
        };
        Ok(match ids.as_slice() {
            [id] => Command::RankItem { id: *id, to: Position::Between(neighbours_for(ws, *id, to)) },
            _ => Command::MoveItems { ids, to },
        })
    })?;
    output::line(safe(&change.summary))
}

/// An item as `list --json` and `show --json` print it: the stored fields
/// plus the numbers derived from them.
#[derive(Serialize)]
struct ItemView<'a> {
    #[serde(flatten)]
    item: &'a Item,
    #[serde(skip_serializing_if = "Option::is_none")]
    wsjf_score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rice_score: Option<f64>,
    /// The sprint by name, beside its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    sprint_name: Option<&'a str>,
    /// The initiative by key, beside its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    initiative_key: Option<&'a str>,
    /// The release by name, beside its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    release_name: Option<&'a str>,
    /// The parent epic by key, beside its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_key: Option<&'a str>,
    /// The items this one blocks, by key, beside their ids in `blocks`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    blocks_keys: Vec<&'a str>,
    /// The live items that block this one, each with its status (a done
    /// or dropped blocker no longer blocks).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    blocked_by: Vec<Blocker<'a>>,
    /// Whether an open item blocks this one (`is:blocked`).
    blocked: bool,
    /// The story this one was split from, by key, beside its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    split_from_key: Option<&'a str>,
    /// An epic's children (`show` only: it costs a scan).
    #[serde(skip_serializing_if = "Option::is_none")]
    progress: Option<crate::domain::workspace::EpicProgress>,
    /// The commits and branches naming it (`show` only, inside a git
    /// repository).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    trail: Option<super::trail::StoryTrail<'a>>,
    /// In the archive beside the workspace (`list --archived`, `show`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    archived: bool,
}

/// An item that blocks another, as the JSON names it.
#[derive(Serialize)]
struct Blocker<'a> {
    id: Uuid,
    key: &'a str,
    status: Status,
}

/// The live items that block `id`, in file order, from the workspace's
/// kept blocker index (no scan of every item).
fn blockers(ws: &Workspace, id: Uuid) -> impl Iterator<Item = &Item> {
    let mut at = ws.blocker_positions(id);
    at.sort_unstable();
    at.into_iter().map(|p| &*ws.items[p])
}

fn view<'a>(ws: &'a Workspace, item: &'a Item) -> ItemView<'a> {
    let blocked_by: Vec<Blocker> =
        blockers(ws, item.meta.id).map(|b| Blocker { id: b.meta.id, key: &b.key, status: b.status }).collect();
    ItemView {
        blocks_keys: item.blocks.iter().filter_map(|b| ws.item(*b)).map(|b| b.key.as_str()).collect(),
        blocked: blocked_by.iter().any(|b| !b.status.is_closed()),
        split_from_key: item.split_from.and_then(|id| ws.item(id)).map(|i| i.key.as_str()),
        blocked_by,
        item,
        wsjf_score: item.scoring.wsjf_score(),
        rice_score: item.scoring.rice_score(),
        sprint_name: item.sprint.and_then(|id| ws.sprint(id)).map(|s| s.name.as_str()),
        initiative_key: item.initiative.and_then(|id| ws.initiative(id)).map(|i| i.key.as_str()),
        release_name: item.release.and_then(|id| ws.release(id)).map(|r| r.name.as_str()),
        parent_key: item.parent.and_then(|id| ws.item(id)).map(|i| i.key.as_str()),
        progress: None,
        trail: None,
        archived: false,
    }
}

/// The items `list`'s filters pick, in rank order; done and dropped ones
/// only with `closed` (or when a status asks for them).
pub fn select<'a>(ws: &'a Workspace, a: &ListArgs, closed: bool, user: &str) -> anyhow::Result<Vec<&'a Item>> {
    let kinds: Vec<ItemKind> = a.kind.iter().map(|k| parse(k)).collect::<anyhow::Result<_>>()?;
    let statuses: Vec<Status> = a.status.iter().map(|k| parse(k)).collect::<anyhow::Result<_>>()?;
    let sprint = optional(a.sprint.as_deref(), |r| resolve::sprint(ws, r))?;
    let initiative = optional(a.initiative.as_deref(), |r| resolve::initiative(ws, r))?;
    let label = a.label.as_deref().map(str::trim);
    let saved = a
        .view
        .as_deref()
        .map(|name| {
            ws.settings.views.iter().find(|v| v.name.eq_ignore_ascii_case(name.trim())).ok_or_else(|| {
                anyhow!("no view named {:?}: see `backlog view list`", crate::domain::text::clean_line(name))
            })
        })
        .transpose()?;
    // The view's filter and --where must both hold: each is read on its
    // own, so an OR in one does not reach into the other.
    let mut queries = Vec::new();
    if let Some(v) = saved {
        let q = crate::domain::query::Query::parse(&v.filter, ws, user);
        if !q.problems.is_empty() {
            bail!("view {}'s filter: {}", safe(&v.name), q.problems.join("; "));
        }
        queries.push(q);
    }
    if let Some(f) = &a.filter {
        queries.push(resolve::query(ws, f, user)?);
    }
    let sort = sort_of(a, saved)?;
    // A filter that names statuses shows them, done or not; an item named
    // by its key shows whatever its status.
    let all = closed || saved.is_some_and(|v| v.show_done) || queries.iter().any(|q| q.names_status());
    let mut items: Vec<&Item> = ws
        .ranked_item_positions()
        .into_iter()
        .map(|p| &*ws.items[p])
        .filter(|i| kinds.is_empty() || kinds.contains(&i.kind))
        .filter(|i| {
            if statuses.is_empty() {
                all || !i.status.is_closed() || queries.iter().any(|q| q.names(i.meta.id))
            } else {
                statuses.contains(&i.status)
            }
        })
        .filter(|i| queries.iter().all(|q| q.matches(ws, i)))
        .filter(|i| label.is_none_or(|l| i.labels.iter().any(|x| x.eq_ignore_ascii_case(l))))
        .filter(|i| sprint.is_none_or(|s| i.sprint == s))
        .filter(|i| initiative.is_none_or(|x| i.initiative == x))
        .filter(|i| a.owner.is_none_or(|o| i.meta.owner == o))
        .collect();
    let pos = |i: &Item| ws.item_pos(i.meta.id).unwrap_or(0);
    sort.order(ws, &mut items, pos);
    Ok(items)
}

/// `--sort`, else the named view's sort, else the rank.
fn sort_of(a: &ListArgs, view: Option<&crate::domain::workspace::View>) -> anyhow::Result<Sort> {
    match (&a.sort, view) {
        (Some(s), _) => Sort::parse(s).map_err(|e| anyhow!("--sort: {e}")),
        (None, Some(v)) => Sort::parse(&v.sort).map_err(|e| anyhow!("view {}'s sort: {e}", safe(&v.name))),
        (None, None) => Ok(Sort::default()),
    }
}

pub fn list(s: &Session, a: ListArgs, limit: Option<usize>, archived: bool) -> anyhow::Result<()> {
    let live = s.store.workspace();
    let asks = |f: &String| crate::domain::query::Query::parse(f, live, &s.ctx.user).asks_archived();
    let archived = archived || a.filter.as_ref().is_some_and(asks);
    let shelf = if archived { crate::store::archive::view(s.store.path(), live)? } else { None };
    let ws = shelf.as_ref().unwrap_or(live);
    let mut items =
        if archived && shelf.is_none() { Vec::new() } else { select(ws, &a, a.all || archived, &s.ctx.user)? };
    if archived {
        // The view holds the workspace items archived ones point at.
        items.retain(|i| live.item(i.meta.id).is_none());
    }
    if let Some(n) = limit.filter(|&n| n < items.len()) {
        output::warn(format!("{} more item(s) not shown (--limit {n})", items.len() - n));
        items.truncate(n);
    }
    if s.json {
        return output::json(&items.iter().map(|i| ItemView { archived, ..view(ws, i) }).collect::<Vec<_>>());
    }
    // Sorted by what the table does not show: that column too, before the title.
    let view = a.view.as_deref().and_then(|n| ws.settings.views.iter().find(|v| v.name.eq_ignore_ascii_case(n.trim())));
    let extra = Some(sort_of(&a, view)?.field)
        .filter(|f| matches!(f, SortField::Assignee | SortField::Wsjf | SortField::Rice | SortField::Updated));
    let mut head = vec!["KEY", "KIND", "STATUS", "PTS", "OWNER", "SPRINT", "INITIATIVE"];
    head.extend(extra.map(|f| match f {
        SortField::Assignee => "ASSIGNEE",
        SortField::Wsjf => "WSJF",
        SortField::Rice => "RICE",
        _ => "UPDATED",
    }));
    head.push("TITLE");
    let mut t = Table::new(&head);
    for i in &items {
        let mut row = vec![
            safe(&i.key),
            i.kind.to_string(),
            i.status.to_string(),
            i.estimate.map_or("-".into(), |p| p.to_string()),
            i.meta.owner.label().into(),
            i.sprint.and_then(|id| ws.sprint(id)).map_or("-".into(), |s| output::truncate(&safe(&s.name), 16)),
            i.initiative.and_then(|id| ws.initiative(id)).map_or("-".into(), |x| safe(&x.key)),
        ];
        row.extend(extra.map(|f| match f {
            SortField::Assignee => i.assignee.as_deref().map_or("-".into(), |x| output::truncate(&safe(x), 16)),
            SortField::Wsjf => i.scoring.wsjf_score().map_or("-".into(), |x| format!("{x:.1}")),
            SortField::Rice => i.scoring.rice_score().map_or("-".into(), |x| format!("{x:.0}")),
            _ => i.meta.updated_at.format("%Y-%m-%d %H:%M").to_string(),
        }));
        row.push(safe(&i.title));
        t.row(row);
    }
    if t.is_empty() && archived && shelf.is_none() {
        return output::line("Nothing is archived (`backlog archive` moves what closed long ago).");
    }
    if t.is_empty() {
        return output::line("No items match.");
    }
    output::write_stdout(&t.render())
}

/// `show KEY`: the workspace's item, else the archived one (read-only).
pub fn show(s: &Session, key: &str) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    match resolve::item(ws, key) {
        Ok(i) => show_item(s, ws, i, false),
        Err(e) => match s.archived_item(key)? {
            Some((shelf, id)) => show_item(s, &shelf, shelf.item(id).expect("found there"), true),
            None => Err(e),
        },
    }
}

fn show_item(s: &Session, ws: &Workspace, i: &Item, archived: bool) -> anyhow::Result<()> {
    let trail = super::trail::for_show(s);
    if s.json {
        let progress = (i.kind == ItemKind::Epic).then(|| ws.epic_progress(i.meta.id));
        let trail = trail.as_ref().map(|t| super::trail::story(t, &i.key));
        return output::json(&ItemView { progress, trail, archived, ..view(ws, i) });
    }
    let mut out = format!("{}  {}\n", safe(&i.key), safe(&i.title));
    let field = |out: &mut String, name: &str, value: String| out.push_str(&format!("  {name:<12}{value}\n"));
    if archived {
        field(&mut out, "archived", format!("yes: `backlog unarchive {}` brings it back", safe(&i.key)));
    }
    field(&mut out, "kind", i.kind.to_string());
    field(&mut out, "status", i.status.to_string());
    field(
        &mut out,
        "estimate",
        i.estimate.map_or("not estimated".into(), |p| crate::domain::text::count(p, "point", "points")),
    );
    field(
        &mut out,
        "owner",
        format!(
            "{} (updated by {} {})",
            i.meta.owner.label(),
            safe(&i.meta.updated_by_label()),
            i.meta.updated_at.format("%Y-%m-%d %H:%M UTC")
        ),
    );
    if !i.labels.is_empty() {
        field(&mut out, "labels", safe(&i.labels.join(", ")));
    }
    if let Some(p) = i.parent.and_then(|id| ws.item(id)) {
        field(&mut out, "epic", format!("{} {}", safe(&p.key), safe(&p.title)));
    }
    if let Some(x) = i.initiative.and_then(|id| ws.initiative(id)) {
        field(&mut out, "initiative", format!("{} {} ({}, {})", safe(&x.key), safe(&x.title), x.horizon, x.status));
        for g in x.goals.iter().filter_map(|g| ws.goal(*g)) {
            field(&mut out, "  goal", format!("{} {}", safe(&g.key), safe(&g.title)));
        }
    }
    if let Some(sp) = i.sprint.and_then(|id| ws.sprint(id)) {
        field(&mut out, "sprint", format!("{} ({})", safe(&sp.name), sp.state));
    }
    if let Some(r) = i.release.and_then(|id| ws.release(id)) {
        let due = r.target.map_or(String::new(), |t| format!(" (due {t})"));
        field(&mut out, "release", format!("{}{due}", safe(&r.name)));
    }
    if let Some(m) = i.scoring.moscow {
        field(&mut out, "moscow", m.to_string());
    }
    if let (Some(w), Some(score)) = (&i.scoring.wsjf, i.scoring.wsjf_score()) {
        field(
            &mut out,
            "wsjf",
            format!(
                "{score:.2} (BV {} + TC {} + RR {}) / size {}",
                w.business_value, w.time_criticality, w.risk_reduction, w.job_size
            ),
        );
    }
    if let (Some(r), Some(score)) = (&i.scoring.rice, i.scoring.rice_score()) {
        field(
            &mut out,
            "rice",
            format!("{score:.1} (reach {} × impact {} × {}% / effort {})", r.reach, r.impact, r.confidence, r.effort),
        );
    }
    for x in &i.external {
        let url = x.url.as_deref().map(|u| format!(" {}", safe(u))).unwrap_or_default();
        field(&mut out, "external", format!("{}:{}{url}", safe(&x.system), safe(&x.key)));
    }
    if let Some(a) = &i.assignee {
        field(&mut out, "assignee", safe(a));
    }
    if let Some(from) = i.split_from.and_then(|id| ws.item(id)) {
        let gone = if from.is_live() { format!("{}", from.status) } else { "deleted".into() };
        field(&mut out, "split from", format!("{} {} ({gone})", safe(&from.key), safe(&from.title)));
    }
    // The other way: a scan, fine for one command, never on a keypress.
    let parts: Vec<String> =
        ws.live_items().filter(|x| x.split_from == Some(i.meta.id)).map(|x| safe(&x.key)).collect();
    if !parts.is_empty() {
        field(&mut out, "split into", parts.join(", "));
    }
    if i.kind == ItemKind::Epic {
        let p = ws.epic_progress(i.meta.id);
        field(
            &mut out,
            "progress",
            format!("{}/{} children done, {}/{} points", p.done, p.children, p.done_points, p.points),
        );
    }
    for b in i.blocks.iter().filter_map(|id| ws.item(*id)) {
        let gone = if b.is_live() { "" } else { " (deleted)" };
        field(&mut out, "blocks", format!("{} {}{gone}", safe(&b.key), safe(&b.title)));
    }
    for b in blockers(ws, i.meta.id) {
        let state = if b.status.is_closed() {
            format!(" ({}, no longer blocks)", b.status)
        } else {
            format!(" ({})", b.status)
        };
        field(&mut out, "blocked by", format!("{} {}{state}", safe(&b.key), safe(&b.title)));
    }
    for gate in [crate::domain::ready::Gate::Ready, crate::domain::ready::Gate::Done] {
        let missing = crate::domain::ready::missing_for(ws, gate, i);
        let name = match gate {
            crate::domain::ready::Gate::Ready => "ready?",
            crate::domain::ready::Gate::Done => "done?",
        };
        let says = if missing.is_empty() { "meets the definition".to_owned() } else { safe(&missing.join(", ")) };
        field(&mut out, name, says);
    }
    if let Some(st) = &i.story {
        out.push_str(&format!(
            "\n  {} {}, I want {}, so that {}.\n",
            crate::domain::text::as_a(&st.as_a),
            safe(&st.as_a),
            safe(&st.i_want),
            safe(&st.so_that)
        ));
    }
    if !i.description.is_empty() {
        out.push('\n');
        for l in safe_block(&i.description).lines() {
            out.push_str(&format!("  {l}\n"));
        }
    }
    if !i.acceptance_criteria.is_empty() {
        out.push_str("\n  Acceptance criteria:\n");
        for (n, c) in i.acceptance_criteria.iter().enumerate() {
            out.push_str(&format!("  {:>3}. [{}] {}\n", n + 1, if c.met { "x" } else { " " }, safe(&c.text)));
        }
    }
    if let Some(t) = &trail {
        out.push_str(&super::trail::show_text(t, &i.key));
    }
    if !i.comments.is_empty() {
        out.push_str("\n  Comments:\n");
        for c in &i.comments {
            out.push_str(&format!(
                "  {} {} ({}):\n",
                c.at.format("%Y-%m-%d %H:%M UTC"),
                safe(&c.author),
                c.role.label()
            ));
            for l in safe_block(&c.text).lines() {
                out.push_str(&format!("      {l}\n"));
            }
        }
    }
    output::write_stdout(&out)
}

/// An item as `show --json` prints it (without the scans `show` alone
/// makes), for a write's envelope.
pub(crate) fn item_value(ws: &Workspace, item: &Item) -> serde_json::Value {
    serde_json::to_value(view(ws, item)).unwrap_or(serde_json::Value::Null)
}

/// The items under a heading (`sprint show`, `release show`): key, status,
/// points (`unestimated` where there are none) and title, indented, after a
/// blank line; nothing for no items.
pub(super) fn indented_table<'a>(items: impl IntoIterator<Item = &'a Item>, unestimated: &str) -> String {
    let mut t = Table::new(&["  KEY", "STATUS", "PTS", "TITLE"]);
    for i in items {
        t.row(vec![
            format!("  {}", safe(&i.key)),
            i.status.to_string(),
            i.estimate.map_or(unestimated.to_owned(), |p| p.to_string()),
            safe(&i.title),
        ]);
    }
    if t.is_empty() { String::new() } else { format!("\n{}", t.render()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::domain::{Ctx, Role};
    use crate::store::Store;
    use std::path::Path;

    /// A workspace with every tie `show` prints: epics and children, links
    /// both ways, a split, an item archived.
    fn tied(dir: &Path) -> std::path::PathBuf {
        let path = dir.join("backlog.json");
        let now = chrono::Utc::now();
        Store::create(&path, crate::store::demo::workspace(now), Role::Po).expect("created");
        let run = |args: &[&str]| {
            let mut all = vec!["backlog", "--workspace", path.to_str().expect("utf-8"), "--role", "po"];
            all.extend(args);
            let (code, out) = output::capture(|| super::super::execute(all, &Config::default()));
            assert_eq!(code, std::process::ExitCode::SUCCESS, "{args:?}: {}", out.stderr);
        };
        run(&["link", "3", "--blocks", "5"]);
        run(&["link", "7", "--blocks", "5"]);
        run(&["link", "5", "--blocks", "9"]);
        run(&["split", "9", "First half", "Second half"]);
        run(&["edit", "11", "--parent", "1"]);
        path
    }

    fn show_from(store: Store, reference: &str, json: bool) -> String {
        let s = Session { store, ctx: Ctx::new(chrono::Utc::now(), Role::Po), json };
        let (done, out) = output::capture(|| show(&s, reference));
        done.expect("shown");
        out.stdout + &out.stderr
    }

    /// `show` reads one item and those that touch it from a big file: what
    /// it prints must be what the whole file would print, for every item,
    /// by key, number or id, as text and as JSON.
    #[test]
    fn show_prints_from_the_cut_what_the_whole_file_prints() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = tied(dir.path());
        same_from_the_cut(&path);
        // Items out of id order (a file written by hand): the ids the item
        // names are found by their mentions instead of by halving.
        let mut doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        doc["items"].as_array_mut().expect("items").reverse();
        std::fs::write(&path, serde_json::to_string(&doc).expect("json")).expect("written");
        same_from_the_cut(&path);
    }

    fn same_from_the_cut(path: &Path) {
        let whole = Store::open(path, Role::Po).expect("opens");
        let items: Vec<(String, String)> =
            whole.workspace().live_items().map(|i| (i.key.clone(), i.meta.id.to_string())).collect();
        assert!(items.len() > 20, "the demo has items");
        let number = |key: &str| key.rsplit_once('-').expect("a key").1.to_owned();
        for (key, id) in &items {
            for reference in [key.clone(), number(key), id.clone(), format!(" {key} ")] {
                for json in [false, true] {
                    let cut = Store::open_around(path, Role::Po, &reference).expect("reads").expect("the cut serves");
                    assert!(cut.workspace().items.len() < items.len(), "{reference}: only part of the file was read");
                    let expected = show_from(Store::open(path, Role::Po).expect("opens"), &reference, json);
                    assert_eq!(show_from(cut, &reference, json), expected, "show {reference} (json: {json})");
                }
            }
        }
    }

    /// What the cut cannot answer as the whole file would, it leaves to the
    /// whole file: an item only an external key names, an archived item,
    /// one not there, an older schema, a file to repair.
    #[test]
    fn the_cut_leaves_to_the_whole_file_what_it_cannot_answer_alike() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = tied(dir.path());
        let around = |reference: &str| Store::open_around(&path, Role::Po, reference).expect("reads").is_some();
        assert!(around("TAN-1"));
        assert!(!around("ROTA-810"), "an external key: the whole file knows every item holding it");
        assert!(!around("jira:ROTA-810"));
        assert!(!around("TAN-9999"), "not there: the whole file says so, or finds it archived");
        assert!(!around("tan-1"), "not as written: the whole file decides");

        let text = std::fs::read_to_string(&path).expect("read");
        let older = text.replacen(
            &format!("\"schema_version\": {}", crate::domain::workspace::SCHEMA_VERSION),
            "\"schema_version\": 6",
            1,
        );
        assert_ne!(older, text);
        std::fs::write(&path, older).expect("written");
        assert!(!around("TAN-1"), "an older schema migrates, which the whole file does");

        // Two items with the key TAN-1: reading repairs one of them.
        let mut ws = Store::open(&path, Role::Po).expect("opens").workspace().clone();
        let second = ws.items.iter().position(|i| i.key == "TAN-2").expect("TAN-2");
        ws.items[second].key = "TAN-1".into();
        std::fs::write(&path, crate::store::codec::encode(&ws)).expect("written");
        assert!(!around("TAN-1"), "a repair due: the whole file makes it and says so");
    }

    /// The cut is never saved as it is: that would drop every item it left
    /// out. Only an edit writes it, around the rest of the file.
    #[test]
    fn a_store_of_the_cut_saves_nothing_as_it_is() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = tied(dir.path());
        let before = std::fs::read(&path).expect("read");
        let mut cut = Store::open_around(&path, Role::Po, "TAN-1").expect("reads").expect("the cut serves");
        let mut ctx = Ctx::new(chrono::Utc::now(), Role::Po);
        let patch = ItemPatch { title: Some("Renamed".into()), ..Default::default() };
        let id = cut.workspace().item_by_key("TAN-1").expect("there").meta.id;
        let err = cut.apply_local(Command::EditItem { id, patch: Box::new(patch) }, &mut ctx).expect_err("refused");
        assert!(err.to_string().contains("only one item"), "{err}");
        let err = cut.save().expect_err("refused");
        assert!(err.to_string().contains("only one item"), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), before, "the file is as it was");
    }

    /// The edits the oracle below makes, each on every item in turn.
    const EDITS: &[&[&str]] = &[
        &["--title", "A title with “quotes”, a \\ backslash and an emoji 🚀"],
        &["--label", "ux", "--label", "Backend"],
        &["--status", "ready"],
        &["--status", "done"],
        &["--points", "5"],
        &["--ac", "Given a cut, when it is written, then the file is whole"],
        &["--description", "Two lines:\nthe second\twith a tab"],
        &["--assignee", "ana", "--moscow", "must"],
        &["--owner", "pm"],
        &["--ac-met", "1"],
        &["--tick", "reviewed"],
        &["--wsjf", "8,5,3,2", "--as-a", "PO", "--i-want", "speed", "--so-that", "I wait less"],
    ];

    /// `backlog edit KEY …` of one item's own fields applies the command to
    /// the cut and writes the file around it: the bytes must be those the
    /// whole file's edit writes, for every item and every kind of edit, and
    /// a refusal the same refusal. On a file written by hand (items out of
    /// order, no indentation), the items the cut left out keep their bytes:
    /// the workspace read back must then be the same.
    #[test]
    fn an_edit_made_on_the_cut_writes_what_the_whole_file_would() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = tied(dir.path());
        let spliced = edit_both_ways(&path, true);
        assert!(spliced > 100, "most edits are written around the cut ({spliced})");
        // No history yet: the cut's record starts it.
        let mut ws = Store::open(&path, Role::Po).expect("opens").workspace().clone();
        ws.history = Default::default();
        std::fs::write(&path, crate::store::codec::encode(&ws)).expect("written");
        edit_both_ways(&path, true);
        let mut doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        doc["items"].as_array_mut().expect("items").reverse();
        std::fs::write(&path, serde_json::to_string(&doc).expect("json")).expect("written");
        edit_both_ways(&path, false);
    }

    /// Every edit of [`EDITS`] on every item of `path`, made on a copy
    /// through the cut and on another through the whole file; returns how
    /// many were written around the cut.
    fn edit_both_ways(path: &Path, canonical: bool) -> usize {
        use clap::Parser;
        let dir = path.parent().expect("a folder");
        let keys: Vec<String> =
            Store::open(path, Role::Po).expect("opens").workspace().live_items().map(|i| i.key.clone()).collect();
        let mut spliced = 0;
        for (n, key) in keys.iter().enumerate() {
            for edit in EDITS.iter().skip(n % 4).step_by(4) {
                let mut args = vec!["backlog", "edit", key.as_str()];
                args.extend(*edit);
                let Some(super::super::args::Cmd::Edit(a)) =
                    super::super::args::Cli::try_parse_from(&args).expect("parses").command
                else {
                    panic!("an edit")
                };
                assert_eq!(edits_one_near(&a), Some(key.as_str()));
                let (cut_path, whole_path) = (dir.join("cut.json"), dir.join("whole.json"));
                std::fs::copy(path, &cut_path).expect("copied");
                std::fs::copy(path, &whole_path).expect("copied");
                let mut ctx = Ctx::new(chrono::Utc::now(), Role::Po);
                ctx.user = "ana".into();
                ctx.confirmed = true;
                let mut cut = Store::open_around(&cut_path, Role::Po, key).expect("reads").expect("the cut serves");
                let by_cut = cut.apply_with(&mut ctx.clone(), |ws| edit_command(ws, &a, "ana"));
                let mut whole = Store::open(&whole_path, Role::Po).expect("opens");
                let by_whole = whole.apply_with(&mut ctx.clone(), |ws| edit_command(ws, &a, "ana"));
                match (by_cut, by_whole) {
                    (Ok((c, _)), Ok((w, _))) => {
                        assert_eq!((&c.summary, &c.warnings), (&w.summary, &w.warnings), "{args:?}");
                        // Only a status inside a running sprint (the board's
                        // WIP limits count the sprint's items) reads the whole.
                        let ws = whole.workspace();
                        let sprint = ws.item_by_key(key).and_then(|i| i.sprint).and_then(|s| ws.sprint(s));
                        let running = sprint.is_some_and(|s| s.state == crate::domain::sprint::SprintState::Active);
                        assert_eq!(
                            cut.is_partial(),
                            !(edit[0] == "--status" && running),
                            "{args:?}: written around the cut"
                        );
                        spliced += usize::from(cut.is_partial());
                    }
                    (Err(c), Err(w)) => assert_eq!(c.to_string(), w.to_string(), "{args:?}"),
                    (c, w) => panic!("{args:?}: the cut gave {:?}, the whole file {:?}", c.err(), w.err()),
                }
                let (by_cut, by_whole) =
                    (std::fs::read(&cut_path).expect("read"), std::fs::read(&whole_path).expect("read"));
                if canonical {
                    assert!(by_cut == by_whole, "{args:?}: the bytes differ");
                } else {
                    let read = |p: &Path| Store::open(p, Role::Po).expect("opens").workspace().clone();
                    assert!(read(&cut_path) == read(&whole_path), "{args:?}: the workspaces differ");
                }
            }
        }
        spliced
    }

    /// An edit reads the item through the cut, but another session saved
    /// before this one took the lock: the edit is then made on the whole
    /// file as it is now, and both changes are kept.
    #[test]
    fn an_edit_after_another_save_reads_the_whole_file_and_keeps_both() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = tied(dir.path());
        let mut cut = Store::open_around(&path, Role::Po, "TAN-3").expect("reads").expect("the cut serves");
        let mut other = Store::open(&path, Role::Po).expect("opens");
        let mut ctx = Ctx::new(chrono::Utc::now(), Role::Po);
        let id = |ws: &Workspace, key: &str| ws.item_by_key(key).expect("there").meta.id;
        let label = |labels: &[&str]| ItemPatch {
            labels: Some(labels.iter().map(|l| l.to_string()).collect()),
            ..Default::default()
        };
        let (four, three) = (id(other.workspace(), "TAN-4"), id(other.workspace(), "TAN-3"));
        other.apply(Command::EditItem { id: four, patch: Box::new(label(&["theirs"])) }, &mut ctx).expect("saved");
        other.apply(Command::EditItem { id: three, patch: Box::new(label(&["first"])) }, &mut ctx).expect("saved");
        // Labels are added to what the file holds under the lock.
        cut.apply_with(&mut ctx, |ws| {
            let mut labels = ws.item(three).expect("there").labels.clone();
            labels.push("second".into());
            Ok::<_, crate::store::StoreError>(Command::EditItem {
                id: three,
                patch: Box::new(ItemPatch { labels: Some(labels), ..Default::default() }),
            })
        })
        .expect("saved");
        assert!(!cut.is_partial(), "the whole file was read");
        let ws = Store::open(&path, Role::Po).expect("opens").workspace().clone();
        assert_eq!(ws.item(four).expect("there").labels, ["theirs"]);
        assert_eq!(ws.item(three).expect("there").labels, ["first", "second"]);
    }

    /// What the cut cannot apply as the whole would (a new epic walks the
    /// ancestors, compaction rewrites old records) reads the whole file.
    #[test]
    fn an_edit_the_cut_cannot_make_alike_reads_the_whole_file() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = tied(dir.path());
        let mut ctx = Ctx::new(chrono::Utc::now(), Role::Po);
        let mut cut = Store::open_around(&path, Role::Po, "TAN-12").expect("reads").expect("the cut serves");
        let (item, epic) = {
            let ws = Store::open(&path, Role::Po).expect("opens").workspace().clone();
            (ws.item_by_key("TAN-12").expect("there").meta.id, ws.item_by_key("TAN-1").expect("there").meta.id)
        };
        let patch = ItemPatch { parent: Some(Some(epic)), ..Default::default() };
        cut.apply(Command::EditItem { id: item, patch: Box::new(patch) }, &mut ctx).expect("saved");
        assert!(!cut.is_partial(), "a new epic: the whole file was read");
        let ws = Store::open(&path, Role::Po).expect("opens").workspace().clone();
        assert_eq!(ws.item(item).expect("there").parent, Some(epic));

        let mut whole = Store::open(&path, Role::Po).expect("opens");
        let settings = crate::domain::command::SettingsPatch { history_days: Some(Some(30)), ..Default::default() };
        whole.apply(Command::EditSettings(Box::new(settings)), &mut ctx).expect("saved");
        let mut cut = Store::open_around(&path, Role::Po, "TAN-12").expect("reads").expect("the cut serves");
        let patch = ItemPatch { title: Some("Compacted".into()), ..Default::default() };
        cut.apply(Command::EditItem { id: item, patch: Box::new(patch) }, &mut ctx).expect("saved");
        assert!(!cut.is_partial(), "history kept for 30 days: the whole file was read");
    }
}
