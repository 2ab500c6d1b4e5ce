//! From neutral records to domain commands, for every format alike: new
//! items in the source's order, sprints and epics they name, the point
//! scale widened (or `--snap`), and a re-import as a sync by external key
//! whose base is what the last import wrote, merged field by field by the
//! store's own merge.

use super::record::{builtin_status, keep};
// Options and norm_key keep their old paths (import::Options, plan::norm_key).
use super::report::{Changed, Count, OffScale, Renamed, Report, Skipped, Unread};
pub use super::row::{Options, norm_key};
use super::row::{ParentLink, Row, imported, is_open, scores_in_range};
use super::{Format, Parsed};
use crate::domain::Command;
use crate::domain::command::{ItemPatch, NewItem, Position, SettingsPatch};
use crate::domain::item::{ExternalRef, Imported, ItemKind, Status};
use crate::domain::text::clean_line;
use crate::store::Batch;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// Why an import was refused before it changed anything.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error(
        "{file}: statuses with no mapping: {list}. Nothing was imported; map them with --status-map \"NAME=status,…\" (statuses: new, refined, ready, in_progress, review, done, dropped), or see them with --dry-run"
    )]
    Statuses { file: String, list: String },
    #[error(
        "{file}: the file has no key column and {n} of its rows have the titles of items already here (e.g. {example:?}): importing it again would duplicate them. Nothing was imported; pass --allow-duplicates to import anyway"
    )]
    Duplicates { file: String, n: usize, example: String },
}

/// Parses `--status-map "In Design=refined,Awaiting Deploy=review"`.
pub fn parse_status_map(s: &str) -> Result<HashMap<String, Status>, String> {
    let mut out = HashMap::new();
    for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, status) =
            pair.rsplit_once('=').ok_or_else(|| format!("--status-map: {pair:?} is not NAME=status"))?;
        let status: Status = status.parse()?;
        out.insert(name.trim().to_lowercase(), status);
    }
    Ok(out)
}

/// The scale value nearest to `points` (ties go up: under-estimating is
/// the commoner mistake).
pub fn nearest_on_scale(points: f64, scale: &[u32]) -> Option<u32> {
    scale.iter().copied().min_by(|a, b| {
        let (da, db) = ((f64::from(*a) - points).abs(), (f64::from(*b) - points).abs());
        da.total_cmp(&db).then(b.cmp(a))
    })
}

fn estimate(points: f64, key: &str, scale: &[u32], opts: &Options, report: &mut Report, add: &mut Vec<u32>) -> u32 {
    let whole = points.fract() == 0.0 && points <= f64::from(u32::MAX);
    if whole && scale.contains(&(points as u32)) {
        return points as u32;
    }
    match report.off_scale.iter_mut().find(|o| o.value == points) {
        Some(o) => o.count += 1,
        None => report.off_scale.push(OffScale { value: points, count: 1 }),
    }
    if opts.snap {
        let to = nearest_on_scale(points, scale).unwrap_or(0);
        report.estimates_changed.push(Changed { key: key.into(), from: points, to, why: "--snap".into() });
        return to;
    }
    let to = points.ceil().min(f64::from(u32::MAX)) as u32;
    if !whole {
        report.estimates_changed.push(Changed {
            key: key.into(),
            from: points,
            to,
            why: "points are whole numbers here; rounded up".into(),
        });
    }
    if !scale.contains(&to) && !add.contains(&to) {
        add.push(to);
    }
    to
}

/// Maps every record, counting what cannot be mapped.
fn prepare<'r>(
    parsed: &'r Parsed,
    mut descriptions: Vec<String>,
    scale: &[u32],
    opts: &Options,
    report: &mut Report,
    add: &mut Vec<u32>,
) -> Vec<Row<'r>> {
    let mut rows: Vec<Row> = Vec::with_capacity(parsed.records.len());
    let mut first_line: HashMap<String, u64> = HashMap::with_capacity(parsed.records.len());
    let mut unmapped: BTreeMap<String, usize> = BTreeMap::new();
    let mut odd_dates: Vec<&str> = Vec::new();
    for (rec, description) in parsed.records.iter().zip(descriptions.iter_mut()) {
        let key = clean_line(&rec.key);
        let norm = key.to_uppercase();
        if clean_line(&rec.title).is_empty() {
            report.skipped.push(Skipped { line: rec.line, key: key.clone(), why: "no title".into() });
            continue;
        }
        if !norm.is_empty() {
            if let Some(l) = first_line.get(&norm) {
                report.skipped.push(Skipped {
                    line: rec.line,
                    key,
                    why: format!("the key appears again (first on line {l})"),
                });
                continue;
            }
            first_line.insert(norm.clone(), rec.line);
        }
        let status = match rec.status.as_deref() {
            None => Status::New,
            Some(s) => match opts.status_map.get(&s.trim().to_lowercase()).copied().or_else(|| builtin_status(s)) {
                Some(st) => st,
                None => {
                    *unmapped.entry(s.trim().to_owned()).or_default() += 1;
                    Status::New
                }
            },
        };
        let mut labels = rec.labels.clone();
        labels.extend(opts.label.clone());
        // The model has one assignee: the first; any others stay labels.
        if !rec.assignees.is_empty() {
            report.note_kept("assignee", 1);
        }
        for a in rec.assignees.iter().skip(1) {
            report.note_kept(keep::assignee(&mut labels, a), 1);
        }
        if let Some(p) = &rec.priority {
            report.note_kept(keep::priority(&mut labels, p), 1);
        }
        for c in &rec.components {
            report.note_kept(keep::component(&mut labels, c), 1);
        }
        // The first fix version is the release it ships in; Jira allows
        // several, the model one: the others stay labels.
        let mut versions = rec.fix_versions.iter().map(|v| clean_line(v)).filter(|v| !v.is_empty());
        let release = versions.next();
        if release.is_some() {
            report.note_kept("release (the first fix version)", 1);
        }
        for v in versions {
            report.note_kept(keep::fix_version(&mut labels, &v), 1);
        }
        for (rel, k) in &rec.links {
            match blocks_link(rel) {
                Some(_) => report.note_kept("blocks / blocked by links", 1),
                None => report.note_kept(keep::link(&mut labels, rel, k), 1),
            }
        }
        let description = std::mem::take(description);
        if !rec.comments.is_empty() {
            report.note_kept("comments", rec.comments.len());
        }
        odd_dates.extend(rec.odd_dates.iter().map(String::as_str));
        let kind = rec.kind.or(opts.kind).unwrap_or(ItemKind::Story);
        let estimate = rec.points.map(|p| estimate(p, &key, scale, opts, report, add));
        if let Some(value) = &rec.odd_points {
            report.points_unread.push(Unread { line: rec.line, key: key.clone(), value: value.clone() });
        }
        rows.push(Row {
            rec,
            key,
            norm,
            kind,
            status,
            estimate,
            labels,
            description,
            parent: None,
            sprint: rec.sprints.last().map(|s| clean_line(s)).filter(|s| !s.is_empty()),
            release,
        });
    }
    report.unmapped_statuses = unmapped.into_iter().map(|(name, count)| Count { name, count }).collect();
    if !odd_dates.is_empty() {
        report.notes.push(format!(
            "{} dates could not be read and were left out (e.g. {:?})",
            odd_dates.len(),
            odd_dates[0]
        ));
    }
    rows
}

/// Decides where each row's parent goes, from the kinds in the file and
/// in the workspace.
fn link_parents(rows: &mut [Row], existing: &HashMap<String, Uuid>, batch: &Batch, report: &mut Report) {
    // No parents named (the dataset shape): no map of the file's kinds.
    if rows.iter().all(|r| r.rec.parent.is_none()) {
        return;
    }
    let in_file: HashMap<&str, (ItemKind, Option<&str>)> =
        rows.iter().map(|r| (r.norm.as_str(), (r.kind, r.rec.parent.as_deref()))).collect();
    let ws = batch.workspace();
    let kind_of = |norm: &str| -> Option<(ItemKind, Option<String>)> {
        if let Some((k, p)) = in_file.get(norm) {
            return Some((*k, p.map(norm_key)));
        }
        let item = existing.get(norm).and_then(|id| ws.item(*id)).filter(|i| i.is_live())?;
        let parent = item.parent.and_then(|p| ws.item(p)).and_then(|p| p.external.first()).map(|x| norm_key(&x.key));
        Some((item.kind, parent))
    };
    let mut labelled = 0;
    let mut parents: Vec<Option<ParentLink>> = Vec::with_capacity(rows.len());
    for r in rows.iter() {
        let Some(p) = r.rec.parent.as_deref().map(norm_key).filter(|p| !p.is_empty()) else {
            parents.push(None);
            continue;
        };
        let link = match kind_of(&p) {
            Some((ItemKind::Epic, _)) if r.kind != ItemKind::Epic => ParentLink::Epic(p),
            // A sub-task's parent is a story: the sub-task goes under the
            // story's epic and keeps the story's key as a label.
            Some((_, Some(grand)))
                if r.kind != ItemKind::Epic && matches!(kind_of(&grand), Some((ItemKind::Epic, _))) =>
            {
                ParentLink::Label(Some(grand))
            }
            _ => ParentLink::Label(None),
        };
        parents.push(Some(link));
    }
    for (r, link) in rows.iter_mut().zip(parents) {
        if let Some(ParentLink::Label(_)) = &link {
            let key = clean_line(r.rec.parent.as_deref().unwrap_or(""));
            keep::parent(&mut r.labels, &key);
            labelled += 1;
        }
        r.parent = link;
    }
    report.note_kept("label parent:KEY (a parent that is not an epic, or not here)", labelled);
}

fn external(system: &str, r: &Row, base: Imported) -> ExternalRef {
    ExternalRef { url: r.rec.url.clone(), imported: Some(Box::new(base)), ..ExternalRef::new(system, r.key.clone()) }
}

/// Runs the import on `batch`: every change is a domain command. A row
/// the domain refuses is skipped and reported; the rest go in.
pub fn run(
    batch: &mut Batch,
    parsed: &mut Parsed,
    format: Format,
    file: &str,
    opts: &Options,
    tick: &mut dyn FnMut(usize),
) -> Result<Report, anyhow::Error> {
    let mut report = Report {
        file: file.to_owned(),
        format: format.as_str().to_owned(),
        dry_run: opts.dry_run,
        rows: parsed.records.len(),
        mapping: parsed.mapping.0.clone(),
        ignored_columns: parsed.mapping.1.clone(),
        ..Report::default()
    };
    let system = parsed.system;
    let scale = batch.workspace().settings.point_scale.clone();
    let mut add = Vec::new();
    // The descriptions move from the records into the items, never copied:
    // they are most of an import's bytes.
    let descriptions: Vec<String> = parsed.records.iter_mut().map(|r| std::mem::take(&mut r.description)).collect();
    let parsed: &Parsed = parsed;
    let mut rows = prepare(parsed, descriptions, &scale, opts, &mut report, &mut add);
    if !report.unmapped_statuses.is_empty() && !opts.dry_run {
        let list: Vec<String> =
            report.unmapped_statuses.iter().map(|c| format!("{:?} ({} rows)", c.name, c.count)).collect();
        return Err(Refused::Statuses { file: file.to_owned(), list: list.join(", ") }.into());
    }
    // Every item ever imported from this system, deleted ones included.
    let mut existing: HashMap<String, Uuid> = HashMap::with_capacity(batch.workspace().items.len());
    for item in &batch.workspace().items {
        for x in item.external.iter().filter(|x| x.system == system) {
            existing.insert(norm_key(&x.key), item.meta.id);
        }
    }
    if !parsed.has_key && !opts.allow_duplicates {
        let titles: HashSet<&str> = batch.workspace().live_items().map(|i| i.title.as_str()).collect();
        let dups: Vec<&Row> = rows.iter().filter(|r| titles.contains(clean_line(&r.rec.title).as_str())).collect();
        if let Some(first) = dups.first() {
            let err =
                Refused::Duplicates { file: file.to_owned(), n: dups.len(), example: clean_line(&first.rec.title) };
            if !opts.dry_run {
                return Err(err.into());
            }
            report.notes.push(err.to_string());
        }
    }
    link_parents(&mut rows, &existing, batch, &mut report);
    for r in &rows {
        *report.by_kind.entry(r.kind.as_str().to_owned()).or_default() += 1;
        *report.by_status.entry(r.status.as_str().to_owned()).or_default() += 1;
    }
    if !add.is_empty() {
        add.sort_unstable();
        let mut widened = scale.clone();
        widened.extend(&add);
        widened.sort_unstable();
        batch.apply(Command::EditSettings(Box::new(SettingsPatch {
            point_scale: Some(widened),
            ..Default::default()
        })))?;
        report.scale_added = add;
    }
    let initiatives = match parsed.strategy.as_deref() {
        Some(s) => super::strategy::bring(batch, s, &mut report),
        None => HashMap::new(),
    };
    let plans = super::sprints::make(batch, &rows, &parsed.sprints, &mut report)?;
    let sprints: HashMap<String, Uuid> = plans.iter().map(|p| (p.name.clone(), p.id)).collect();
    let releases = releases(batch, &rows, &parsed.releases, &mut report)?;
    team(batch, &parsed.team, &mut report)?;
    let (mut order, old_rows): (Vec<usize>, Vec<usize>) =
        (0..rows.len()).partition(|&i| rows[i].norm.is_empty() || !existing.contains_key(&rows[i].norm));
    if order.iter().all(|&i| rows[i].rec.rank.is_some()) {
        order.sort_by(|&a, &b| rows[a].rec.rank.cmp(&rows[b].rec.rank));
    }
    // A row keeps its own key when it is this workspace's form and free:
    // such rows are made first, so that no other new item is handed one
    // of their keys; the order is then put right in one move.
    let prefix = format!("{}-", batch.workspace().workspace.key_prefix);
    let own = |r: &Row| crate::domain::item::numbered(&prefix, &r.key).is_some();
    let keeps: Vec<bool> =
        rows.iter().map(|r| own(r) && batch.workspace().item_holding_key(&r.key).is_none()).collect();
    let last_kept = order.iter().rposition(|&i| keeps[i]);
    let reordered = last_kept.is_some_and(|last| order[..last].iter().any(|&i| !keeps[i]));
    let made = if reordered {
        let (mut first, rest): (Vec<usize>, Vec<usize>) = order.iter().partition(|&&i| keeps[i]);
        first.extend(rest);
        first
    } else {
        order.clone()
    };
    let mut done = 0;
    let mut created: HashMap<String, Uuid> = HashMap::with_capacity(order.len());
    let mut new_ids: Vec<(Uuid, usize)> = Vec::with_capacity(order.len());
    batch.reserve_items(order.len());
    for i in made {
        let r = &rows[i];
        let sprint = r.sprint.as_ref().and_then(|s| sprints.get(s)).copied().filter(|s| is_open(batch, *s));
        let release = r.release.as_ref().and_then(|n| releases.get(&n.to_lowercase())).copied();
        let ours = (!r.key.is_empty() && !parsed.no_external_refs)
            .then(|| external(system, r, imported(r, None, sprint, release)));
        let initiative = r.rec.initiative.as_deref().and_then(|k| initiatives.get(&k.trim().to_uppercase())).copied();
        let r = &mut rows[i];
        let (wsjf, rice) = scores_in_range(&r.key, &r.rec.scoring, &mut report.notes);
        let new = NewItem {
            kind: Some(r.kind),
            title: r.rec.title.clone(),
            description: std::mem::take(&mut r.description),
            estimate: r.estimate,
            status: Some(r.status),
            labels: std::mem::take(&mut r.labels),
            initiative,
            sprint,
            release,
            external: r.rec.external.iter().cloned().chain(ours).collect(),
            story: r.rec.story.clone(),
            acceptance_criteria: r.rec.criteria.clone(),
            moscow: r.rec.scoring.moscow,
            wsjf,
            rice,
            created_at: r.rec.created,
            assignee: r.rec.assignees.first().cloned(),
            comments: r.rec.comments.clone(),
            key: (!r.key.is_empty()).then(|| r.key.clone()),
            ..NewItem::default()
        };
        match batch.apply(Command::AddItem(Box::new(new))) {
            Ok(change) => {
                let id = change.created.and_then(|c| c.id()).expect("AddItem creates an item");
                let key = &batch.workspace().item(id).expect("just made").key;
                if key.eq_ignore_ascii_case(&r.key) {
                    report.keys_kept += 1;
                } else if own(r) {
                    report.keys_taken.push(Renamed { from: r.key.clone(), to: key.clone() });
                } else if !r.key.is_empty() {
                    report.keys_foreign += 1;
                }
                if r.kind == ItemKind::Epic {
                    report.epics_created.push(r.key.clone());
                }
                if !r.norm.is_empty() {
                    created.insert(r.norm.clone(), id);
                }
                new_ids.push((id, i));
                report.created += 1;
                let owner = r.rec.owner.filter(|o| *o != crate::domain::Role::Po);
                if owner.is_some() || !r.rec.checked.is_empty() {
                    let checked = (!r.rec.checked.is_empty()).then(|| r.rec.checked.clone());
                    let patch = ItemPatch { owner, checked, ..Default::default() };
                    if let Err(e) = batch.apply(Command::EditItem { id, patch: Box::new(patch) }) {
                        report.notes.push(format!("{}: owner and checklist not kept: {e}", r.key));
                    }
                }
            }
            Err(e) => report.skipped.push(Skipped { line: r.rec.line, key: r.key.clone(), why: e.to_string() }),
        }
        done += 1;
        tick(done);
    }
    if reordered {
        let made: HashMap<usize, Uuid> = new_ids.iter().map(|&(id, i)| (i, id)).collect();
        let ids: Vec<Uuid> = order.iter().filter_map(|i| made.get(i).copied()).collect();
        batch.apply(Command::MoveItems { ids, to: Position::Bottom })?;
    }
    let epic_id = |norm: &str| created.get(norm).or_else(|| existing.get(norm)).copied();
    for &(id, i) in &new_ids {
        let r = &rows[i];
        let parent = match &r.parent {
            Some(ParentLink::Epic(p) | ParentLink::Label(Some(p))) => epic_id(p),
            _ => None,
        };
        let Some(parent) = parent else { continue };
        let item = batch.workspace().item(id).expect("just created");
        let mut ext = item.external.clone();
        if let Some(base) = ext.iter_mut().rfind(|x| x.system == system).and_then(|x| x.imported.as_mut()) {
            base.parent = Some(parent);
        }
        let patch = ItemPatch { parent: Some(Some(parent)), external: Some(ext), ..Default::default() };
        if let Err(e) = batch.apply(Command::EditItem { id, patch: Box::new(patch) }) {
            report.notes.push(format!("{}: parent not linked: {e}", r.key));
        }
    }
    link_blockers(batch, &rows, &new_ids, &created, &existing, &mut report);
    let mut ids: Vec<Option<Uuid>> = vec![None; rows.len()];
    for &(id, i) in &new_ids {
        ids[i] = Some(id);
    }
    for i in old_rows {
        let links =
            super::sync::Links { existing: &existing, created: &created, sprints: &sprints, releases: &releases };
        super::sync::sync(batch, &rows[i], &links, system, opts, &mut report)?;
        ids[i] =
            existing.get(&rows[i].norm).copied().filter(|id| batch.workspace().item(*id).is_some_and(|x| x.is_live()));
        done += 1;
        tick(done);
    }
    super::sprints::record_pasts(batch, &plans, &rows, &ids, &parsed.sprints, &mut report)?;
    Ok(report)
}

/// A backlog export's team: each person this workspace does not have by
/// name joins it, with their capacity and days off.
fn team(batch: &mut Batch, team: &[crate::domain::team::Member], report: &mut Report) -> Result<(), anyhow::Error> {
    use crate::domain::command::{MemberPatch, NewMember};
    for m in team.iter().filter(|m| m.is_live()) {
        if batch.workspace().member_by_name(&m.name).is_some() {
            continue;
        }
        let change = batch.apply(Command::AddMember(NewMember { name: m.name.clone(), capacity: m.capacity }))?;
        let id = change.created.and_then(|c| c.id()).expect("AddMember adds a member");
        if !m.days_off.is_empty() {
            let patch = MemberPatch { days_off: m.days_off.clone(), ..Default::default() };
            batch.apply(Command::EditMember { id, patch })?;
        }
        report.team_added.push(m.name.clone());
    }
    Ok(())
}

/// The releases the rows' fix versions name, by lower-cased name: a live
/// release of that name, else a new one (no target: the source's version
/// dates are not in its issue export).
fn releases(
    batch: &mut Batch,
    rows: &[Row],
    described: &[crate::domain::release::Release],
    report: &mut Report,
) -> Result<HashMap<String, Uuid>, anyhow::Error> {
    let mut out: HashMap<String, Uuid> = HashMap::new();
    // A backlog export's own releases come with their dates; one this
    // workspace has by name is kept as it is.
    for r in described.iter().filter(|r| r.is_live()) {
        if out.contains_key(&r.name.to_lowercase()) || batch.workspace().release_by_name(&r.name).is_some() {
            continue;
        }
        let new = crate::domain::command::NewRelease {
            name: r.name.clone(),
            target: r.target,
            description: r.description.clone(),
        };
        let change = batch.apply(Command::AddRelease(new))?;
        let id = change.created.and_then(|c| c.id()).expect("AddRelease creates a release");
        if r.shipped.is_some() {
            let patch = crate::domain::command::ReleasePatch { shipped: Some(r.shipped), ..Default::default() };
            batch.apply(Command::EditRelease { id, patch })?;
        }
        report.releases_created.push(r.name.clone());
        out.insert(r.name.to_lowercase(), id);
    }
    for name in rows.iter().filter_map(|r| r.release.as_deref()) {
        let lower = name.to_lowercase();
        if out.contains_key(&lower) {
            continue;
        }
        let id = match batch.workspace().release_by_name(name) {
            Some(r) => r.meta.id,
            None => {
                let new = crate::domain::command::NewRelease { name: name.to_owned(), ..Default::default() };
                let change = batch.apply(Command::AddRelease(new))?;
                report.releases_created.push(name.to_owned());
                change.created.and_then(|c| c.id()).expect("AddRelease creates a release")
            }
        };
        out.insert(lower, id);
    }
    Ok(out)
}

/// Whether a source's link relation is a `blocks` link, and which way:
/// `Some(true)` this item blocks the other, `Some(false)` it is blocked.
fn blocks_link(relation: &str) -> Option<bool> {
    match relation.trim().to_ascii_lowercase().as_str() {
        "blocks" => Some(true),
        "blocked by" | "is blocked by" => Some(false),
        _ => None,
    }
}

/// The `blocks` / `is blocked by` links of the rows just created, between
/// items of this file or ones imported before. A link the domain refuses (a
/// circle) is reported, not made.
fn link_blockers(
    batch: &mut Batch,
    rows: &[Row],
    new_ids: &[(Uuid, usize)],
    created: &HashMap<String, Uuid>,
    existing: &HashMap<String, Uuid>,
    report: &mut Report,
) {
    let id_of = |key: &str| {
        let k = norm_key(key);
        created.get(&k).or_else(|| existing.get(&k)).copied()
    };
    for &(id, i) in new_ids {
        let r = &rows[i];
        for (rel, other) in &r.rec.links {
            let Some(outgoing) = blocks_link(rel) else { continue };
            let Some(other_id) = id_of(other) else {
                report.notes.push(format!(
                    "{}: {rel} {}, which is not in the workspace; not linked",
                    r.key,
                    clean_line(other)
                ));
                continue;
            };
            let (blocker, blocked) = if outgoing { (id, other_id) } else { (other_id, id) };
            // Both ends list the link in Jira's export: the second is a no-op.
            if let Err(e) = batch.apply(Command::LinkItems { blocker, blocked, linked: true }) {
                report.notes.push(format!("{}: {rel} {}: not linked: {e}", r.key, clean_line(other)));
            }
        }
    }
}
