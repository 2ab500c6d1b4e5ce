//! `link`, `comment`, `split`, `duplicate` and `view`: what ties items to
//! each other, to people, and to the ways the team looks at them.

use super::Session;
use super::args::{LinkArgs, SplitArgs, ViewCmd};
use super::output::{self, Table, safe};
use super::resolve;
use crate::domain::Command;
use crate::domain::command::SettingsPatch;
use crate::domain::query::Sort;
use crate::domain::workspace::View;
use anyhow::{anyhow, bail};

pub fn link(s: &mut Session, a: LinkArgs) -> anyhow::Result<()> {
    let change = s.apply(|ws| {
        let this = resolve::item(ws, &a.key)?.meta.id;
        let (blocker, blocked) = match (&a.blocks, &a.blocked_by) {
            (Some(k), None) => (this, resolve::item(ws, k)?.meta.id),
            (None, Some(k)) => (resolve::item(ws, k)?.meta.id, this),
            _ => unreachable!("clap requires exactly one of --blocks and --blocked-by"),
        };
        Ok(Command::LinkItems { blocker, blocked, linked: !a.remove })
    })?;
    output::line(safe(&change.summary))
}

pub fn split(s: &mut Session, a: SplitArgs) -> anyhow::Result<()> {
    let mut parts: Vec<crate::domain::split::Part> =
        a.titles.iter().map(|t| crate::domain::split::Part { title: t.clone(), criteria: Vec::new() }).collect();
    for g in &a.give {
        let pair = g
            .split_once(':')
            .and_then(|(c, p)| Some((c.trim().parse::<usize>().ok()?, p.trim().parse::<usize>().ok()?)));
        match pair {
            Some((c, p)) if c >= 1 && (1..=parts.len()).contains(&p) => parts[p - 1].criteria.push(c - 1),
            _ => bail!(
                "--give {g:?}: use CRITERION:STORY, such as 2:1 (criterion 2 to the first new story of {})",
                parts.len()
            ),
        }
    }
    let change = s.apply(|ws| {
        let id = resolve::item(ws, &a.key)?.meta.id;
        Ok(crate::domain::split::split(ws, id, &parts, !a.drop)?)
    })?;
    output::line(safe(&change.summary))?;
    let ws = s.store.workspace();
    let mut created: Vec<&crate::domain::Item> = change
        .after
        .iter()
        .zip(&change.before)
        .filter(|(_, b)| b.value.is_none())
        .filter_map(|(a, _)| a.entity.id().and_then(|id| ws.item(id)))
        .collect();
    created.sort_by(|x, y| x.rank.cmp(&y.rank));
    for i in created {
        output::line(format!("  {} {}", safe(&i.key), safe(&i.title)))?;
    }
    Ok(())
}

pub fn duplicate(s: &mut Session, key: &str) -> anyhow::Result<()> {
    let change = s.apply(|ws| {
        let id = resolve::item(ws, key)?.meta.id;
        Ok(crate::domain::split::duplicate(ws, id)?)
    })?;
    output::line(safe(&change.summary))
}

pub fn comment(s: &mut Session, key: &str, text: &str) -> anyhow::Result<()> {
    let mut id = uuid::Uuid::nil();
    let change = s.apply(|ws| {
        id = resolve::item(ws, key)?.meta.id;
        Ok(Command::AddComment { id, text: text.to_owned() })
    })?;
    if s.json {
        // Added under the lock, after everything already in the file.
        let item = s.store.workspace().item(id).expect("just commented on");
        return output::json(item.comments.last().expect("just added"));
    }
    output::line(safe(&change.summary))
}

pub fn views(s: &mut Session, c: ViewCmd) -> anyhow::Result<()> {
    match c {
        ViewCmd::List => {
            let list = &s.store.workspace().settings.views;
            if s.json {
                return output::json(list);
            }
            if list.is_empty() {
                return output::line("No saved views: save one with `backlog view save NAME --where FILTER`.");
            }
            let mut t = Table::new(&["NAME", "FILTER", "SORT", "DONE"]);
            for v in list {
                t.row(vec![
                    safe(&v.name),
                    safe(&v.filter),
                    if v.sort.is_empty() { "rank".into() } else { safe(&v.sort) },
                    if v.show_done { "shown" } else { "hidden" }.into(),
                ]);
            }
            output::write_stdout(&t.render())
        }
        ViewCmd::Save { name, filter, sort, all, columns } => {
            let columns: Vec<String> =
                columns.iter().map(|c| c.trim().to_lowercase()).filter(|c| !c.is_empty()).collect();
            let known = crate::domain::workspace::VIEW_COLUMNS;
            if let Some(bad) = columns.iter().find(|c| !known.contains(&c.as_str())) {
                bail!("--columns: {bad:?} is not a column; use {}", known.join(", "));
            }
            let sort = Sort::parse(&sort).map_err(|e| anyhow!("--sort: {e}"))?;
            let me = s.ctx.user.clone();
            s.apply(|ws| {
                resolve::query(ws, &filter, &me)?;
                let view = View {
                    name: name.clone(),
                    filter: filter.clone(),
                    sort: if sort.is_rank() { String::new() } else { sort.to_string() },
                    columns,
                    show_done: all,
                    extra: Default::default(),
                };
                let mut list = ws.settings.views.clone();
                match list.iter_mut().find(|v| v.name.eq_ignore_ascii_case(name.trim())) {
                    Some(old) => *old = View { extra: std::mem::take(&mut old.extra), ..view },
                    None => list.push(view),
                }
                Ok(Command::EditSettings(Box::new(SettingsPatch { views: Some(list), ..Default::default() })))
            })?;
            output::line(format!("Saved view {}", safe(name.trim())))
        }
        ViewCmd::Rm { name } => {
            s.apply(|ws| {
                let mut list = ws.settings.views.clone();
                let before = list.len();
                list.retain(|v| !v.name.eq_ignore_ascii_case(name.trim()));
                if list.len() == before {
                    bail!("no view named {:?} (see `backlog view list`)", safe(&name));
                }
                Ok(Command::EditSettings(Box::new(SettingsPatch { views: Some(list), ..Default::default() })))
            })?;
            output::line(format!("Deleted view {}", safe(name.trim())))
        }
    }
}
