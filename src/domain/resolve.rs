//! What a person types to name something, read the same way in every front
//! end (the forms, the command line): an item by key (`BL-7`), bare number
//! (`7`) or the key it had where it was imported from (`MESOS-313`); an
//! initiative or a goal by key or a unique part of its title; a sprint by
//! name, `active` or `next`; a release or a team member by name; an assignee by name, `me` or `none`. Errors
//! say what would work.

use super::item::{Item, ItemKind};
use super::release::Release;
use super::sprint::{Sprint, SprintState};
use super::strategy::{Goal, Initiative};
use super::team::Member;
use super::workspace::Workspace;
use uuid::Uuid;

/// Why a reference names nothing (or too much): said as a person would fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RefError(pub String);

fn fail<T>(msg: String) -> Result<T, RefError> {
    Err(RefError(msg))
}

/// `none`, `-` or nothing: clear an optional field.
pub fn is_none(s: &str) -> bool {
    matches!(s.trim().to_ascii_lowercase().as_str(), "none" | "-" | "")
}

/// The references in a comma-separated field (`BL-3, 354`, `G1, Grow
/// activation`), each trimmed, empty ones dropped.
pub fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').map(str::trim).filter(|r| !r.is_empty())
}

/// A live item by key, bare number, id, or external key.
pub fn item<'a>(ws: &'a Workspace, reference: &str) -> Result<&'a Item, RefError> {
    let r = reference.trim();
    let found = if !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()) {
        r.parse().ok().and_then(|n| ws.item_by_key(&ws.item_key(n)))
    } else if let Ok(id) = r.parse::<Uuid>() {
        ws.item(id).filter(|i| i.is_live())
    } else {
        ws.item_by_key(r)
    };
    if let Some(i) = found {
        return Ok(i);
    }
    // A key from the system it was imported from (`MESOS-313`,
    // `jira:MESOS-313`, `github:owner/repo#7`).
    let hits: Vec<&Item> = ws.items_by_external(r).collect();
    match hits.as_slice() {
        [one] => Ok(one),
        [] => fail(format!("no item {r:?}: use a key such as {}-1, or its number", ws.workspace.key_prefix)),
        many => {
            let keys: Vec<&str> = many.iter().map(|i| i.key.as_str()).collect();
            fail(format!("{r:?} is the external key of {} items ({}); use the key", many.len(), keys.join(", ")))
        }
    }
}

/// An epic, as [`item`] finds it; another kind is refused in the words
/// the domain uses when it is linked.
pub fn epic<'a>(ws: &'a Workspace, reference: &str) -> Result<&'a Item, RefError> {
    let i = item(ws, reference)?;
    if i.kind != ItemKind::Epic {
        return fail(format!("{} is a {}, not an epic", i.key, i.kind));
    }
    Ok(i)
}

/// Finds one entity by key, id, or a unique part of its title.
fn by_key_or_title<'a, T>(
    what: &str,
    list: impl Iterator<Item = &'a T> + Clone,
    reference: &str,
    key: impl Fn(&T) -> &str,
    id: impl Fn(&T) -> Uuid,
    title: impl Fn(&T) -> &str,
) -> Result<&'a T, RefError> {
    let r = reference.trim();
    if let Some(x) = list.clone().find(|x| key(x).eq_ignore_ascii_case(r) || id(x).to_string() == r) {
        return Ok(x);
    }
    let needle = r.to_lowercase();
    let hits: Vec<&T> = list.filter(|x| !needle.is_empty() && title(x).to_lowercase().contains(&needle)).collect();
    match hits.as_slice() {
        [one] => Ok(one),
        [] => fail(format!("no {what} matches {r:?}: use its key or a part of its title")),
        many => fail(format!(
            "{r:?} matches {} {what}s ({}); use the key",
            many.len(),
            many.iter().take(5).map(|x| key(x).to_owned()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// A live initiative by key (`R3`), id, or a unique part of its title.
pub fn initiative<'a>(ws: &'a Workspace, reference: &str) -> Result<&'a Initiative, RefError> {
    by_key_or_title("initiative", ws.live_initiatives(), reference, |i| &i.key, |i| i.meta.id, |i| &i.title)
}

/// A live goal by key (`G1`), id, or a unique part of its title.
pub fn goal<'a>(ws: &'a Workspace, reference: &str) -> Result<&'a Goal, RefError> {
    by_key_or_title("goal", ws.live_goals(), reference, |g| &g.key, |g| g.meta.id, |g| &g.title)
}

/// A sprint by name or id, or `active` / `next` (the earliest planned).
pub fn sprint<'a>(ws: &'a Workspace, reference: &str) -> Result<&'a Sprint, RefError> {
    let r = reference.trim();
    let found = match r.to_ascii_lowercase().as_str() {
        "active" | "current" => ws.active_sprint(),
        "next" | "planned" => {
            ws.live_sprints().filter(|s| s.state == SprintState::Planned).min_by_key(|s| (s.start, s.meta.id))
        }
        _ => ws.sprint_by_name(r).or_else(|| r.parse::<Uuid>().ok().and_then(|id| ws.sprint(id))),
    };
    found.ok_or_else(|| {
        let names: Vec<&str> = ws.live_sprints().map(|s| s.name.as_str()).collect();
        // A word for a sprint that is not there: say which is missing, not
        // "use next" for "next".
        match r.to_ascii_lowercase().as_str() {
            "active" | "current" => {
                return RefError("no sprint is active: start the next planned one with `backlog sprint start`".into());
            }
            "next" | "planned" => {
                return RefError("there is no planned sprint: plan one with `backlog sprint new`".into());
            }
            _ => {}
        }
        RefError(if names.is_empty() {
            format!("no sprint {r:?}: there are no sprints yet")
        } else {
            format!("no sprint {r:?}: use active, next, or one of: {}", names.join(", "))
        })
    })
}

/// A release by name (any case) or id.
pub fn release<'a>(ws: &'a Workspace, reference: &str) -> Result<&'a Release, RefError> {
    let r = reference.trim();
    ws.release_by_name(r).or_else(|| r.parse::<Uuid>().ok().and_then(|id| ws.release(id))).ok_or_else(|| {
        let names: Vec<&str> = ws.ordered_releases().into_iter().map(|x| x.name.as_str()).collect();
        RefError(if names.is_empty() {
            format!("no release {r:?}: there are none yet (`backlog release new NAME --target DATE`)")
        } else {
            format!("no release {r:?}: use one of: {}", names.join(", "))
        })
    })
}

/// A team member by name (any case, `@name` too).
pub fn member<'a>(ws: &'a Workspace, reference: &str) -> Result<&'a Member, RefError> {
    let r = reference.trim().trim_start_matches('@');
    ws.member_by_name(r).ok_or_else(|| {
        let names: Vec<&str> = ws.live_members().map(|m| m.name.as_str()).collect();
        RefError(if names.is_empty() {
            format!("no one named {r:?} on the team: it has no one yet (`backlog team add NAME --capacity N`)")
        } else {
            format!("no one named {r:?} on the team: {}", names.join(", "))
        })
    })
}

/// An assignee as typed: a name (`@name` too, as in a filter), `me` for
/// `user` (the session's person), or `none` / `-` / nothing for nobody.
pub fn assignee(typed: &str, user: &str) -> Result<Option<String>, RefError> {
    let name = typed.trim();
    let name = name.strip_prefix('@').unwrap_or(name).trim();
    if is_none(name) {
        return Ok(None);
    }
    if name.eq_ignore_ascii_case("me") {
        return me(user).map(|u| Some(u.to_owned()));
    }
    Ok(Some(name.to_owned()))
}

/// The session's person, for `me` and `@me`; refused when nobody is set.
pub fn me(user: &str) -> Result<&str, RefError> {
    let u = user.trim();
    if u.is_empty() {
        return fail("me: who are you? set `user = \"name\"` in the config file, or $USER".to_owned());
    }
    Ok(u)
}

#[cfg(test)]
mod tests;
