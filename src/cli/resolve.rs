//! Turning what a user types (`BL-7`, `7`, `R3`, part of a title, a sprint
//! name, `none`) into ids and values, with errors that say what would work.

use crate::domain::score::{Rice, Wsjf};
use crate::domain::sprint::SprintState;
use crate::domain::strategy::Kpi;
use crate::domain::{Item, Workspace};
use anyhow::{anyhow, bail};
use chrono::NaiveDate;
use uuid::Uuid;

/// `none`, `-` or empty clear an optional field.
pub fn is_none(s: &str) -> bool {
    matches!(s.trim().to_ascii_lowercase().as_str(), "none" | "-" | "")
}

pub fn item<'a>(ws: &'a Workspace, reference: &str) -> anyhow::Result<&'a Item> {
    let r = reference.trim();
    let found = if r.chars().all(|c| c.is_ascii_digit()) && !r.is_empty() {
        ws.item_by_key(&ws.item_key(r.parse().unwrap_or(0)))
    } else if let Ok(id) = r.parse::<Uuid>() {
        ws.item(id).filter(|i| i.is_live())
    } else {
        ws.item_by_key(r)
    };
    let found = match found {
        Some(i) => Some(i),
        // A key from the system it was imported from (`MESOS-313`,
        // `jira:MESOS-313`, `github:owner/repo#7`).
        None => {
            let hits: Vec<&Item> = ws.items_by_external(r).collect();
            if hits.len() > 1 {
                let keys: Vec<&str> = hits.iter().map(|i| i.key.as_str()).collect();
                bail!("{r:?} is the external key of {} items ({}); use the key", hits.len(), keys.join(", "));
            }
            hits.first().copied()
        }
    };
    found.ok_or_else(|| anyhow!("no item {r:?}: use a key such as {}-1 (see `backlog list`)", ws.workspace.key_prefix))
}

/// The items a command acts on: the keys given, then what `--where` finds,
/// in rank order, each once. Every key is resolved before anything changes,
/// so a typo changes nothing.
pub fn select(ws: &Workspace, s: &crate::cli::args::Select) -> anyhow::Result<Vec<Uuid>> {
    if s.keys.is_empty() && s.filter.is_none() {
        bail!("name the items: one or more keys, or --where FILTER (such as --where \"status:new label:ux\")");
    }
    let mut ids: Vec<Uuid> = s.keys.iter().map(|k| item(ws, k).map(|i| i.meta.id)).collect::<anyhow::Result<_>>()?;
    if let Some(f) = &s.filter {
        let found = filter(ws, f)?;
        if found.is_empty() && ids.is_empty() {
            bail!("no item matches {:?}", crate::domain::text::clean_line(f));
        }
        ids.extend(found);
    }
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    let pos = |id: &Uuid| ws.item(*id).map(|i| (i.rank.clone(), i.meta.id));
    ids.sort_by_key(pos);
    Ok(ids)
}

/// A filter in `/` syntax, refused with every problem (each names its
/// column) if any part of it cannot be read.
pub fn query(ws: &Workspace, text: &str) -> anyhow::Result<crate::domain::query::Query> {
    let q = crate::domain::query::Query::parse(text, ws);
    if !q.problems.is_empty() {
        bail!("--where {:?}: {}", crate::domain::text::clean_line(text), q.problems.join("; "));
    }
    Ok(q)
}

/// Live items matching a filter in `/` syntax, in rank order.
pub fn filter(ws: &Workspace, text: &str) -> anyhow::Result<Vec<Uuid>> {
    let q = query(ws, text)?;
    Ok(ws
        .ranked_item_positions()
        .into_iter()
        .map(|p| &ws.items[p])
        .filter(|i| q.matches(ws, i))
        .map(|i| i.meta.id)
        .collect())
}

/// Finds one entity by key, id, or a unique part of its title.
fn by_key_or_title<'a, T>(
    what: &str,
    list: impl Iterator<Item = &'a T> + Clone,
    reference: &str,
    key: impl Fn(&T) -> &str,
    id: impl Fn(&T) -> Uuid,
    title: impl Fn(&T) -> &str,
) -> anyhow::Result<&'a T> {
    let r = reference.trim();
    if let Some(x) = list.clone().find(|x| key(x).eq_ignore_ascii_case(r) || id(x).to_string() == r) {
        return Ok(x);
    }
    let needle = r.to_lowercase();
    let hits: Vec<&T> = list.filter(|x| title(x).to_lowercase().contains(&needle)).collect();
    match hits.as_slice() {
        [one] => Ok(one),
        [] => bail!("no {what} matches {r:?}"),
        many => bail!(
            "{r:?} matches {} {what}s ({}); use the key",
            many.len(),
            many.iter().take(5).map(|x| key(x).to_owned()).collect::<Vec<_>>().join(", ")
        ),
    }
}

pub fn initiative(ws: &Workspace, reference: &str) -> anyhow::Result<Uuid> {
    by_key_or_title("initiative", ws.live_initiatives(), reference, |i| &i.key, |i| i.meta.id, |i| &i.title)
        .map(|i| i.meta.id)
}

pub fn goal(ws: &Workspace, reference: &str) -> anyhow::Result<Uuid> {
    by_key_or_title("goal", ws.live_goals(), reference, |g| &g.key, |g| g.meta.id, |g| &g.title).map(|g| g.meta.id)
}

/// A sprint by name, or `active` / `next` (the earliest planned).
pub fn sprint(ws: &Workspace, reference: &str) -> anyhow::Result<Uuid> {
    let r = reference.trim();
    let found = match r.to_ascii_lowercase().as_str() {
        "active" | "current" => ws.active_sprint(),
        "next" | "planned" => {
            ws.live_sprints().filter(|s| s.state == SprintState::Planned).min_by_key(|s| (s.start, s.meta.id))
        }
        _ => ws.sprint_by_name(r).or_else(|| r.parse::<Uuid>().ok().and_then(|id| ws.sprint(id))),
    };
    found.map(|s| s.meta.id).ok_or_else(|| {
        let names: Vec<&str> = ws.live_sprints().map(|s| s.name.as_str()).collect();
        if names.is_empty() {
            anyhow!("no sprint {r:?}: there are no sprints yet (`backlog sprint new`)")
        } else {
            anyhow!("no sprint {r:?}: use active, next, or one of: {}", names.join(", "))
        }
    })
}

/// An optional link: `none` clears it.
pub fn optional<T>(s: Option<&str>, f: impl FnOnce(&str) -> anyhow::Result<T>) -> anyhow::Result<Option<Option<T>>> {
    match s {
        None => Ok(None),
        Some(s) if is_none(s) => Ok(Some(None)),
        Some(s) => Ok(Some(Some(f(s)?))),
    }
}

pub fn parse<T: std::str::FromStr<Err = String>>(s: &str) -> anyhow::Result<T> {
    s.parse::<T>().map_err(|e| anyhow!(e))
}

pub fn points(s: &str) -> anyhow::Result<u32> {
    s.trim().parse().map_err(|_| anyhow!("points: {s:?} is not a whole number"))
}

pub fn date(field: &str, s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| anyhow!("{field}: {s:?} is not a date; use YYYY-MM-DD"))
}

fn numbers<const N: usize>(field: &str, s: &str, names: &str) -> anyhow::Result<[f64; N]> {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    if parts.len() != N {
        bail!("{field}: expected {N} comma-separated numbers ({names}), got {s:?}");
    }
    let mut out = [0.0; N];
    for (slot, p) in out.iter_mut().zip(parts) {
        *slot = p
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| anyhow!("{field}: {p:?} is not a non-negative number (expected {names})"))?;
    }
    Ok(out)
}

pub fn wsjf(s: &str) -> anyhow::Result<Wsjf> {
    let [business_value, time_criticality, risk_reduction, job_size] =
        numbers::<4>("wsjf", s, "business value, time criticality, risk reduction, job size")?;
    Ok(Wsjf::new(business_value, time_criticality, risk_reduction, job_size))
}

pub fn rice(s: &str) -> anyhow::Result<Rice> {
    let [reach, impact, confidence, effort] = numbers::<4>("rice", s, "reach, impact, confidence %, effort")?;
    Ok(Rice::new(reach, impact, confidence, effort))
}

/// See [`Kpi::parse_spec`].
pub fn kpi(spec: &str) -> anyhow::Result<Kpi> {
    Kpi::parse_spec(spec).map_err(|e| anyhow!(e))
}
