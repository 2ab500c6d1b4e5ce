//! `link`, `comment` and `view`: what ties items to each other, to people,
//! and to the ways the team looks at them.

use super::Session;
use super::args::{LinkArgs, ViewCmd};
use super::output::{self, Table, safe};
use super::resolve;
use crate::domain::Command;
use crate::domain::command::SettingsPatch;
use crate::domain::workspace::View;
use anyhow::bail;

pub fn link(s: &mut Session, a: LinkArgs) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    let this = resolve::item(ws, &a.key)?.meta.id;
    let (blocker, blocked) = match (&a.blocks, &a.blocked_by) {
        (Some(k), None) => (this, resolve::item(ws, k)?.meta.id),
        (None, Some(k)) => (resolve::item(ws, k)?.meta.id, this),
        _ => unreachable!("clap requires exactly one of --blocks and --blocked-by"),
    };
    let change = s.apply(Command::LinkItems { blocker, blocked, linked: !a.remove })?;
    output::line(safe(&change.summary))
}

pub fn comment(s: &mut Session, key: &str, text: &str) -> anyhow::Result<()> {
    let id = resolve::item(s.store.workspace(), key)?.meta.id;
    let change = s.apply(Command::AddComment { id, text: text.to_owned() })?;
    if s.json {
        let item = s.store.workspace().item(id).expect("just commented on");
        return output::json(item.comments.last().expect("just added"));
    }
    output::line(safe(&change.summary))
}

pub fn views(s: &mut Session, c: ViewCmd) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    let mut list = ws.settings.views.clone();
    match c {
        ViewCmd::List => {
            if s.json {
                return output::json(&list);
            }
            if list.is_empty() {
                return output::line("No saved views: save one with `backlog view save NAME --where FILTER`.");
            }
            let mut t = Table::new(&["NAME", "FILTER", "SORT", "DONE"]);
            for v in &list {
                t.row(vec![
                    safe(&v.name),
                    safe(&v.filter),
                    if v.sort.is_empty() { "rank".into() } else { safe(&v.sort) },
                    if v.show_done { "shown" } else { "hidden" }.into(),
                ]);
            }
            output::write_stdout(&t.render())
        }
        ViewCmd::Save { name, filter, sort, all } => {
            let q = crate::domain::query::Query::parse(&filter, ws);
            if !q.problems.is_empty() {
                bail!("--where: {}", q.problems.join("; "));
            }
            let sort = sort.trim().to_ascii_lowercase();
            if !["rank", "wsjf", "rice"].contains(&sort.as_str()) {
                bail!("--sort {sort:?}: use rank, wsjf or rice");
            }
            let view = View {
                name: name.clone(),
                filter,
                sort: if sort == "rank" { String::new() } else { sort },
                columns: Vec::new(),
                show_done: all,
                extra: Default::default(),
            };
            match list.iter_mut().find(|v| v.name.eq_ignore_ascii_case(name.trim())) {
                Some(old) => *old = View { extra: std::mem::take(&mut old.extra), ..view },
                None => list.push(view),
            }
            s.apply(Command::EditSettings(Box::new(SettingsPatch { views: Some(list), ..Default::default() })))?;
            output::line(format!("Saved view {}", safe(name.trim())))
        }
        ViewCmd::Rm { name } => {
            let before = list.len();
            list.retain(|v| !v.name.eq_ignore_ascii_case(name.trim()));
            if list.len() == before {
                bail!("no view named {:?} (see `backlog view list`)", safe(&name));
            }
            s.apply(Command::EditSettings(Box::new(SettingsPatch { views: Some(list), ..Default::default() })))?;
            output::line(format!("Deleted view {}", safe(name.trim())))
        }
    }
}
