//! Turning what a user types into ids and values for a command. What a
//! reference or a number means is the domain's ([`crate::domain::resolve`],
//! [`crate::domain::number`]), so the forms read it the same way; this adds
//! the flag's name and the command line's own lists (`--where`).

use crate::domain::number;
use crate::domain::resolve as r;
use crate::domain::score::{Rice, Wsjf};
use crate::domain::strategy::Kpi;
use crate::domain::{Item, Workspace};
use anyhow::{anyhow, bail};
use chrono::NaiveDate;
use uuid::Uuid;

pub use crate::domain::resolve::is_none;

/// An item by key, bare number, id or external key.
pub fn item<'a>(ws: &'a Workspace, reference: &str) -> anyhow::Result<&'a Item> {
    r::item(ws, reference).map_err(|source| NoItem { reference: reference.trim().to_owned(), source }.into())
}

/// A reference to an item the workspace does not have: what was typed,
/// so that a command can say when it names an archived item.
#[derive(Debug, thiserror::Error)]
#[error("{source}")]
pub struct NoItem {
    pub reference: String,
    #[source]
    source: r::RefError,
}

/// The items a command acts on: the keys given, then what `--where` finds,
/// in rank order, each once. Every key is resolved before anything changes,
/// so a typo changes nothing. `user` is the session's person (`@me` in the
/// filter).
pub fn select(ws: &Workspace, s: &crate::cli::args::Select, user: &str) -> anyhow::Result<Vec<Uuid>> {
    if s.keys.is_empty() && s.filter.is_none() {
        bail!("name the items: one or more keys, or --where FILTER (such as --where \"status:new label:ux\")");
    }
    let mut ids: Vec<Uuid> = s.keys.iter().map(|k| item(ws, k).map(|i| i.meta.id)).collect::<anyhow::Result<_>>()?;
    if let Some(f) = &s.filter {
        let found = filter(ws, f, user)?;
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
pub fn query(ws: &Workspace, text: &str, user: &str) -> anyhow::Result<crate::domain::query::Query> {
    let q = crate::domain::query::Query::parse(text, ws, user);
    if !q.problems.is_empty() {
        bail!("--where {:?}: {}", crate::domain::text::clean_line(text), q.problems.join("; "));
    }
    Ok(q)
}

/// Live items matching a filter in `/` syntax, in rank order.
pub fn filter(ws: &Workspace, text: &str, user: &str) -> anyhow::Result<Vec<Uuid>> {
    let q = query(ws, text, user)?;
    Ok(ws
        .ranked_item_positions()
        .into_iter()
        .map(|p| &ws.items[p])
        .filter(|i| q.matches(ws, i))
        .map(|i| i.meta.id)
        .collect())
}

pub fn initiative(ws: &Workspace, reference: &str) -> anyhow::Result<Uuid> {
    Ok(r::initiative(ws, reference)?.meta.id)
}

pub fn goal(ws: &Workspace, reference: &str) -> anyhow::Result<Uuid> {
    Ok(r::goal(ws, reference)?.meta.id)
}

pub fn release(ws: &Workspace, reference: &str) -> anyhow::Result<Uuid> {
    Ok(r::release(ws, reference)?.meta.id)
}

pub fn member(ws: &Workspace, reference: &str) -> anyhow::Result<Uuid> {
    Ok(r::member(ws, reference)?.meta.id)
}

/// A sprint by name, or `active` / `next` (the earliest planned).
pub fn sprint(ws: &Workspace, reference: &str) -> anyhow::Result<Uuid> {
    r::sprint(ws, reference).map(|s| s.meta.id).map_err(|e| match ws.live_sprints().next() {
        None => anyhow!("{e} (`backlog sprint new`)"),
        Some(_) => e.into(),
    })
}

/// `--assignee`: a name, `me` (the config's `user`, else `$USER`), or `none`.
pub fn assignee(typed: &str, user: &str) -> anyhow::Result<Option<String>> {
    r::assignee(typed, user).map_err(|e| anyhow!("--assignee {e}"))
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
    s.parse::<T>().map_err(|e| anyhow::Error::new(super::envelope::Invalid(e)))
}

/// `--points`: a whole number as people type it.
pub fn points(s: &str) -> anyhow::Result<u32> {
    number::parse_whole(s).map_err(|e| anyhow::Error::new(super::envelope::Invalid(format!("points: {e}"))))
}

/// `--capacity`: a whole number of points as people type it (`1,000`).
pub fn capacity(s: &str) -> anyhow::Result<u32> {
    number::parse_whole(s).map_err(|e| anyhow!("capacity: {e}"))
}

pub fn date(field: &str, s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| anyhow!("{field}: {s:?} is not a date; use YYYY-MM-DD"))
}

/// `--wsjf 8,5,3,4`: see [`Wsjf::parse`].
pub fn wsjf(s: &str) -> anyhow::Result<Wsjf> {
    Wsjf::parse(s).map_err(|e| anyhow!("wsjf: {e}"))
}

/// `--rice 1000,2,80,3`: see [`Rice::parse`].
pub fn rice(s: &str) -> anyhow::Result<Rice> {
    Rice::parse(s).map_err(|e| anyhow!("rice: {e}"))
}

/// See [`Kpi::parse_spec`].
pub fn kpi(spec: &str) -> anyhow::Result<Kpi> {
    Kpi::parse_spec(spec).map_err(|e| anyhow!(e))
}
