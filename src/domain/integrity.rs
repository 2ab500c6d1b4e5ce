//! What a workspace must hold before anything acts on it, checked when a
//! file is read: a command that names `BL-5` must reach exactly one item,
//! and an added item must get a key nobody has.
//!
//! - Two entities of one kind with the same id cannot be told apart (an
//!   edit of one would land on the other): refused, naming both.
//! - Two items (goals, initiatives) with the same key: the one that is
//!   live, else the oldest, keeps it; the others get the next free keys.
//! - A key counter at or below a key already handed out is raised past it;
//!   one at the top of its range, where no key could follow, is refused.
//!
//! Repairs are deterministic, so every reader of the same file makes the
//! same ones; they are written back with the next save.

use super::item::key_number;
use super::workspace::Workspace;
use std::collections::HashMap;
use uuid::Uuid;

/// Why a workspace cannot be used as it is, naming what and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable(pub String);

/// Checks `ws`, repairing what can be repaired; returns what was repaired,
/// in words for the user.
pub fn repair(ws: &mut Workspace) -> Result<Vec<String>, Unusable> {
    unique_ids(ws)?;
    let mut said = Vec::new();
    let prefix = ws.workspace.key_prefix.clone();
    let items: Vec<Keyed> =
        ws.items.iter().map(|i| Keyed { id: i.meta.id, key: &i.key, live: i.is_live(), title: &i.title }).collect();
    let n = &mut ws.workspace.next_key;
    for (pos, key) in keys("workspace.next_key", &items, n, key_number, |n| format!("{prefix}-{n}"), &mut said)? {
        ws.items[pos].key = key;
    }
    let goals: Vec<Keyed> = ws
        .goals
        .iter()
        .map(|g| Keyed { id: g.meta.id, key: &g.key, live: g.meta.is_live(), title: &g.title })
        .collect();
    let n = &mut ws.workspace.next_goal_key;
    for (pos, key) in keys("workspace.next_goal_key", &goals, n, |k| numbered(k, 'G'), |n| format!("G{n}"), &mut said)?
    {
        ws.goals[pos].key = key;
    }
    let initiatives: Vec<Keyed> = ws
        .roadmap
        .iter()
        .map(|i| Keyed { id: i.meta.id, key: &i.key, live: i.meta.is_live(), title: &i.title })
        .collect();
    let n = &mut ws.workspace.next_initiative_key;
    let name = "workspace.next_initiative_key";
    for (pos, key) in keys(name, &initiatives, n, |k| numbered(k, 'R'), |n| format!("R{n}"), &mut said)? {
        ws.roadmap[pos].key = key;
    }
    if !said.is_empty() {
        ws.reindex();
    }
    Ok(said)
}

fn numbered(key: &str, letter: char) -> Option<u64> {
    key.strip_prefix(letter).or_else(|| key.strip_prefix(letter.to_ascii_lowercase())).and_then(|n| n.parse().ok())
}

/// Ids are identity: one per entity of a kind.
fn unique_ids(ws: &Workspace) -> Result<(), Unusable> {
    fn check<'a>(kind: &str, all: impl Iterator<Item = (Uuid, &'a str)>) -> Result<(), Unusable> {
        let mut seen: HashMap<Uuid, &str> = HashMap::new();
        for (id, name) in all {
            if let Some(first) = seen.insert(id, name) {
                return Err(Unusable(format!(
                    "two {kind}s have the id {id} ({first:?} and {name:?}): a change to one would land on the other; \
                     give one of them a new id in the file, or restore a backup (`backlog backups list`)"
                )));
            }
        }
        Ok(())
    }
    check("item", ws.items.iter().map(|i| (i.meta.id, i.key.as_str())))?;
    check("goal", ws.goals.iter().map(|g| (g.meta.id, g.key.as_str())))?;
    check("initiative", ws.roadmap.iter().map(|i| (i.meta.id, i.key.as_str())))?;
    check("sprint", ws.sprints.iter().map(|s| (s.meta.id, s.name.as_str())))
}

/// Borrowed from the workspace: a check of a big file copies no keys.
struct Keyed<'a> {
    id: Uuid,
    key: &'a str,
    live: bool,
    title: &'a str,
}

/// Duplicate keys among `all` get new ones (positions and keys returned);
/// the counter `next` ends above every key.
fn keys(
    counter: &str,
    all: &[Keyed],
    next: &mut u64,
    number: impl Fn(&str) -> Option<u64>,
    make: impl Fn(u64) -> String,
    said: &mut Vec<String>,
) -> Result<Vec<(usize, String)>, Unusable> {
    let top = all.iter().filter_map(|e| number(e.key)).max();
    if let Some(top) = top
        && *next <= top
    {
        let fixed = top.checked_add(1).ok_or_else(|| full(counter, top))?;
        said.push(format!("{counter} was {next}, not past key number {top} already handed out: raised to {fixed}"));
        *next = fixed;
    }
    if *next == u64::MAX {
        return Err(full(counter, *next));
    }
    // One map of every key (the keys taken) and groups only for the keys
    // held twice: a sound file of many items allocates no group at all.
    let mut taken: HashMap<String, usize> = HashMap::with_capacity(all.len());
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for (pos, e) in all.iter().enumerate() {
        match taken.entry(e.key.trim().to_ascii_uppercase()) {
            std::collections::hash_map::Entry::Occupied(first) => {
                groups.entry(*first.get()).or_insert_with(|| vec![*first.get()]).push(pos);
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(pos);
            }
        }
    }
    let mut moving: Vec<usize> = Vec::new();
    for mut group in groups.into_values() {
        // The live one keeps the key when only one is; else the oldest.
        group.sort_by_key(|&p| (!all[p].live, all[p].id));
        moving.extend(group.into_iter().skip(1));
    }
    moving.sort_by_key(|&p| all[p].id);
    let mut out = Vec::new();
    for p in moving {
        let mut key = make(*next);
        while taken.contains_key(&key.to_ascii_uppercase()) {
            *next = next.checked_add(1).ok_or_else(|| full(counter, *next))?;
            key = make(*next);
        }
        *next = next.checked_add(1).ok_or_else(|| full(counter, *next))?;
        said.push(format!("{} was on two entities; the newer one ({:?}) is now {key}", all[p].key, all[p].title));
        out.push((p, key));
    }
    Ok(out)
}

fn full(counter: &str, at: u64) -> Unusable {
    Unusable(format!(
        "{counter} is {at}, the largest key number there is, so no key could be handed out after it; \
         renumber the highest keys and set {counter} to one more than the highest in use"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::command::NewItem;
    use crate::domain::{Command, Ctx, IdGen, Meta, Role, apply};

    fn ws_with_items(n: usize) -> Workspace {
        let mut c = Ctx::new(chrono::DateTime::from_timestamp(1_750_000_000, 0).unwrap(), Role::Po);
        c.ids = IdGen::sequential();
        let id = c.new_id();
        let mut ws = Workspace::new("T", "BL", Meta::new(id, Role::Pm, c.now, Role::Pm));
        for i in 0..n {
            let add = NewItem { title: format!("Item {i}"), ..Default::default() };
            apply(&mut ws, Command::AddItem(Box::new(add)), &mut c).unwrap();
        }
        ws
    }

    #[test]
    fn a_sound_workspace_needs_nothing() {
        let mut ws = ws_with_items(3);
        let before = ws.clone();
        assert_eq!(repair(&mut ws), Ok(vec![]));
        assert_eq!(ws, before);
    }

    #[test]
    fn duplicate_ids_are_refused_naming_both() {
        let mut ws = ws_with_items(3);
        ws.items[2].meta.id = ws.items[0].meta.id;
        let Err(Unusable(msg)) = repair(&mut ws) else { panic!("refused") };
        assert!(msg.contains("two items") && msg.contains("\"BL-1\"") && msg.contains("\"BL-3\""), "{msg}");
    }

    #[test]
    fn duplicate_keys_are_renumbered_the_live_one_keeping_it() {
        let mut ws = ws_with_items(3);
        ws.items[0].meta.deleted_at = Some(ws.items[0].meta.created_at);
        ws.items[2].key = "bl-1".into();
        let said = repair(&mut ws).unwrap();
        assert_eq!(ws.items[2].key, "bl-1", "the live one keeps it");
        assert_eq!(ws.items[0].key, "BL-4", "the tombstone moves");
        assert_eq!(ws.workspace.next_key, 5);
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(ws.item_by_key("BL-1").unwrap().title, "Item 2");
    }

    #[test]
    fn a_counter_behind_is_raised_and_one_at_the_top_is_refused() {
        let mut ws = ws_with_items(3);
        ws.workspace.next_key = 2;
        let said = repair(&mut ws).unwrap();
        assert_eq!(ws.workspace.next_key, 4);
        assert!(said[0].contains("raised to 4"), "{said:?}");

        ws.workspace.next_key = u64::MAX;
        assert!(repair(&mut ws).is_err());
        ws.workspace.next_key = 4;
        ws.items[1].key = format!("BL-{}", u64::MAX);
        let Err(Unusable(msg)) = repair(&mut ws) else { panic!("refused") };
        assert!(msg.contains("largest key number"), "{msg}");
    }
}
