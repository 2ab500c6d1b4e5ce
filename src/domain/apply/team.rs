//! Releases and the team (schema 6): both belong to the PO, both are
//! named uniquely (any case), and deleting either leaves what named it
//! pointing at nothing rather than at a tombstone.

use super::required_line;
use crate::domain::command::{MemberPatch, NewMember, NewRelease, ReleasePatch};
use crate::domain::entity::{EntityRef, Role};
use crate::domain::error::DomainError;
use crate::domain::release::Release;
use crate::domain::team::Member;
use crate::domain::text::clean;
use crate::domain::tx::Tx;
use uuid::Uuid;

fn release_name(tx: &Tx, name: &str, except: Option<Uuid>) -> Result<String, DomainError> {
    let name = required_line("release name", name)?;
    if tx.ws.live_releases().any(|r| r.name.eq_ignore_ascii_case(&name) && Some(r.meta.id) != except) {
        return Err(DomainError::invalid("release", format!("a release is already named {name:?}")));
    }
    Ok(name)
}

pub(super) fn add_release(tx: &mut Tx, new: NewRelease) -> Result<String, DomainError> {
    tx.guard(Role::Po, "the releases")?;
    let name = release_name(tx, &new.name, None)?;
    let meta = tx.ctx.meta(Role::Po);
    tx.creating(EntityRef::Release(meta.id));
    let target = new.target;
    tx.ws.releases.push(Release {
        meta,
        name: name.clone(),
        target,
        description: clean(&new.description).trim().to_owned(),
        shipped: None,
        extra: Default::default(),
    });
    Ok(match target {
        Some(t) => format!("Added release {name}, due {t}"),
        None => format!("Added release {name}"),
    })
}

pub(super) fn edit_release(tx: &mut Tx, id: Uuid, p: ReleasePatch) -> Result<String, DomainError> {
    let name = p.name.as_deref().map(|n| release_name(tx, n, Some(id))).transpose()?;
    let r = tx.release_mut(id)?;
    if let Some(n) = name {
        r.name = n;
    }
    if let Some(t) = p.target {
        r.target = t;
    }
    if let Some(d) = p.description {
        r.description = clean(&d).trim().to_owned();
    }
    if let Some(s) = p.shipped {
        r.shipped = s;
    }
    Ok(format!("Updated release {}", r.name))
}

pub(super) fn delete_release(tx: &mut Tx, id: Uuid) -> Result<String, DomainError> {
    let now = tx.now();
    let r = tx.release_mut(id)?;
    r.meta.deleted_at = Some(now);
    let name = r.name.clone();
    let items: Vec<Uuid> = tx.ws.live_items().filter(|i| i.release == Some(id)).map(|i| i.meta.id).collect();
    for i in &items {
        tx.item_mut_unguarded(*i)?.release = None;
    }
    Ok(match items.len() {
        0 => format!("Deleted release {name}"),
        1 => format!("Deleted release {name}; its 1 item ships in no release now"),
        n => format!("Deleted release {name}; its {n} items ship in no release now"),
    })
}

fn member_name(tx: &Tx, name: &str, except: Option<Uuid>) -> Result<String, DomainError> {
    let name = required_line("name", name)?;
    if tx.ws.live_members().any(|m| m.name.eq_ignore_ascii_case(&name) && Some(m.meta.id) != except) {
        return Err(DomainError::invalid("team", format!("{name:?} is on the team already")));
    }
    Ok(name)
}

pub(super) fn add_member(tx: &mut Tx, new: NewMember) -> Result<String, DomainError> {
    tx.guard(Role::Po, "the team")?;
    let name = member_name(tx, &new.name, None)?;
    let meta = tx.ctx.meta(Role::Po);
    tx.creating(EntityRef::Member(meta.id));
    tx.ws.team.push(Member {
        meta,
        name: name.clone(),
        capacity: new.capacity,
        days_off: Vec::new(),
        extra: Default::default(),
    });
    Ok(format!("Added {name} to the team, {} points a sprint", new.capacity))
}

pub(super) fn edit_member(tx: &mut Tx, id: Uuid, p: MemberPatch) -> Result<String, DomainError> {
    let name = p.name.as_deref().map(|n| member_name(tx, n, Some(id))).transpose()?;
    let m = tx.member_mut(id)?;
    let old = m.name.clone();
    if let Some(n) = name {
        m.name = n;
    }
    if let Some(c) = p.capacity {
        m.capacity = c;
    }
    let (added, back) = (p.days_off.len(), p.days_back.len());
    m.days_off.extend(p.days_off);
    m.days_off.retain(|d| !p.days_back.contains(d));
    m.days_off.sort_unstable();
    m.days_off.dedup();
    let name = m.name.clone();
    // Items assigned by the old name follow a rename.
    if name != old {
        let assigned: Vec<Uuid> = tx
            .ws
            .live_items()
            .filter(|i| i.assignee.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(&old)))
            .map(|i| i.meta.id)
            .collect();
        for i in assigned {
            tx.item_mut_unguarded(i)?.assignee = Some(name.clone());
        }
    }
    Ok(match (added, back) {
        (0, 0) => format!("Updated {name}"),
        (n, 0) => format!("{name}: {n} day(s) off"),
        (0, n) => format!("{name}: {n} day(s) back at work"),
        (a, b) => format!("{name}: {a} day(s) off, {b} back"),
    })
}

pub(super) fn delete_member(tx: &mut Tx, id: Uuid) -> Result<String, DomainError> {
    let now = tx.now();
    let m = tx.member_mut(id)?;
    m.meta.deleted_at = Some(now);
    Ok(format!("{} left the team", m.name))
}
