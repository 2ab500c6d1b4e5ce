//! `release …` and `team …`: versions with a date, and the people whose
//! days make a sprint's capacity.

use super::Session;
use super::args::{ReleaseCmd, TeamCmd};
use super::envelope::Invalid;
use super::forecast::velocity;
use super::output::{self, Table, safe};
use super::resolve::{self, optional};
use crate::domain::command::{MemberPatch, NewMember, NewRelease, ReleasePatch};
use crate::domain::forecast::release::{Outlook, Standing, outlook, outlooks};
use crate::domain::forecast::{self, Forecast, Options};
use crate::domain::release::Release;
use crate::domain::team::is_working_day;
use crate::domain::{Command, Workspace};
use chrono::NaiveDate;
use serde_json::{Value, json};

pub fn release(s: &mut Session, cmd: ReleaseCmd) -> anyhow::Result<()> {
    match cmd {
        ReleaseCmd::New { name, target, description } => {
            let new = NewRelease {
                name,
                target: target.as_deref().map(|d| resolve::date("target", d)).transpose()?,
                description: description.unwrap_or_default(),
            };
            let change = s.apply(|_| Ok(Command::AddRelease(new)))?;
            output::line(safe(&change.summary))
        }
        ReleaseCmd::Edit { release, name, target, description } => {
            let patch = ReleasePatch {
                name,
                target: optional(target.as_deref(), |d| resolve::date("target", d))?,
                description,
                shipped: None,
            };
            if patch == ReleasePatch::default() {
                anyhow::bail!("nothing to change: give --name, --target or --description");
            }
            let change = s.apply(|ws| Ok(Command::EditRelease { id: resolve::release(ws, &release)?, patch }))?;
            output::line(safe(&change.summary))
        }
        ReleaseCmd::Ship { release, on, undo } => {
            let on = match on {
                Some(d) => resolve::date("on", &d)?,
                None => s.ctx.now.date_naive(),
            };
            let shipped = Some((!undo).then_some(on));
            let patch = ReleasePatch { shipped, ..ReleasePatch::default() };
            s.apply(|ws| Ok(Command::EditRelease { id: resolve::release(ws, &release)?, patch }))?;
            let r = resolve_name(s.store.workspace(), &release);
            output::line(if undo { format!("{r} is not shipped") } else { format!("{r} shipped on {on}") })
        }
        ReleaseCmd::Rm { release } => {
            let change = s.apply(|ws| Ok(Command::DeleteRelease { id: resolve::release(ws, &release)? }))?;
            output::line(safe(&change.summary))
        }
        ReleaseCmd::List { all } => list(s, all),
        ReleaseCmd::Show { release, velocity: v } => {
            let range = v.as_deref().map(velocity).transpose()?;
            show(s, &release, range)
        }
    }
}

fn resolve_name(ws: &Workspace, reference: &str) -> String {
    crate::domain::resolve::release(ws, reference).map_or_else(|_| safe(reference), |r| safe(&r.name))
}

fn options(range: Option<(u32, u32)>) -> Options {
    Options { range, ..Options::default() }
}

/// The dates a forecast gives, or why there are none, as JSON.
fn dates_json(o: &Outlook) -> Value {
    match &o.forecast {
        None => Value::Null,
        Some(Err(why)) => json!({"refused": why.to_string()}),
        Some(Ok(f)) => json!({
            "p50": f.dates[0].map(|d| d.to_string()),
            "p85": f.dates[1].map(|d| d.to_string()),
            "p95": f.dates[2].map(|d| d.to_string()),
            "sprints": [f.outcome.p50, f.outcome.p85, f.outcome.p95],
            "remaining": f.remaining,
            "sampled": f.sampled,
            "velocity_range": f.range.map(|(l, h)| json!([l, h])),
            "trials": f.outcome.trials,
            "seed": forecast::DEFAULT_SEED,
        }),
    }
}

fn release_json(ws: &Workspace, r: &Release, o: &Outlook) -> Value {
    let key = |id| ws.item(id).map(|i| i.key.clone());
    json!({
        "id": r.meta.id,
        "name": r.name,
        "target": r.target.map(|d| d.to_string()),
        "shipped": r.shipped.map(|d| d.to_string()),
        "description": r.description,
        "items": o.items,
        "open": o.open.iter().filter_map(|id| key(*id)).collect::<Vec<_>>(),
        "others_among": o.others_among,
        "standing": o.standing,
        "forecast": dates_json(o),
        "move_out": o.move_out.iter().filter_map(|id| key(*id)).collect::<Vec<_>>(),
        "unreachable": o.unreachable,
    })
}

fn when(f: &Forecast, k: usize) -> String {
    f.dates[k].map_or_else(|| format!("not within {} sprints", forecast::HORIZON), |d| d.to_string())
}

fn list(s: &Session, all: bool) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    let today = s.ctx.now.date_naive();
    let shown = ws.ordered_releases().into_iter().filter(|r| all || r.shipped.is_none());
    let releases = outlooks(ws, shown, today, Options::default());
    if s.json {
        let out: Vec<Value> = releases.iter().map(|(r, o)| release_json(ws, r, o)).collect();
        return output::json(&out);
    }
    if releases.is_empty() {
        let more = if all { "" } else { " to ship (`--all` shows shipped ones)" };
        return output::line(format!("No releases{more}: add one with `backlog release new NAME --target DATE`."));
    }
    let mut t = Table::new(&["NAME", "TARGET", "ITEMS", "OPEN", "85%", "STANDING"]);
    for (r, o) in &releases {
        let at85 = match (&o.forecast, r.shipped) {
            (_, Some(d)) => format!("shipped {d}"),
            (Some(Ok(f)), _) => when(f, 1),
            (Some(Err(_)), _) => "no forecast".into(),
            (None, _) => "-".into(),
        };
        t.row(vec![
            safe(&r.name),
            r.target.map_or("-".into(), |d| d.to_string()),
            o.items.to_string(),
            o.open.len().to_string(),
            at85,
            o.standing.label().to_owned(),
        ]);
    }
    output::write_stdout(&t.render())
}

fn show(s: &Session, reference: &str, range: Option<(u32, u32)>) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    let today = s.ctx.now.date_naive();
    let r = crate::domain::resolve::release(ws, reference)?;
    let o = outlook(ws, r, today, options(range));
    if s.json {
        return output::json(&release_json(ws, r, &o));
    }
    let due = r.target.map_or("no target date".into(), |t| format!("due {t}"));
    let mut out = format!("{}  {due}  [{}]\n", safe(&r.name), o.standing.label());
    if let Some(d) = r.shipped {
        out.push_str(&format!("  shipped    {d}\n"));
    }
    for (i, l) in r.description.lines().enumerate() {
        out.push_str(&format!("{}{}\n", if i == 0 { "  about      " } else { "             " }, safe(l)));
    }
    let points: u32 = o.open.iter().filter_map(|id| ws.item(*id)).map(|i| i.points()).sum();
    out.push_str(&format!("  open       {} of {} item(s), {points} points estimated\n", o.open.len(), o.items));
    if o.others_among > 0 {
        out.push_str(&format!(
            "  among them {} open item(s) of no or another release are ranked above its last one\n",
            o.others_among
        ));
    }
    match &o.forecast {
        Some(Ok(f)) => {
            out.push_str(&format!(
                "  50%        {}\n  85%        {}\n  95%        {}\n",
                when(f, 0),
                when(f, 1),
                when(f, 2)
            ));
            let basis = match f.range {
                Some((l, h)) => format!("{l} to {h} a sprint (given)"),
                None => {
                    let seen: Vec<String> =
                        f.sampled.iter().map(|x| format!("{} {}", safe(&x.sprint), x.value)).collect();
                    format!("the sprints {}", seen.join(", "))
                }
            };
            out.push_str(&format!(
                "  made from  {} {} left, sampling {basis}; {} trials\n",
                f.remaining.total,
                match f.remaining.basis {
                    forecast::Basis::Points => "points",
                    forecast::Basis::Items => "items",
                },
                f.outcome.trials
            ));
        }
        Some(Err(why)) => out.push_str(&format!("  forecast   none: {why}\n")),
        None => {}
    }
    if o.unreachable {
        let why = if r.target.is_some_and(|t| t < today) {
            "the target date has passed"
        } else {
            "moving out all its work not yet started would not make it"
        };
        out.push_str(&format!(
            "  to make it {why}: set a new date (`backlog release edit {:?} --target DATE`) or rank its work higher\n",
            safe(&r.name)
        ));
    } else if !o.move_out.is_empty() {
        let pts: u32 = o.move_out.iter().filter_map(|id| ws.item(*id)).map(|i| i.points()).sum();
        out.push_str(&format!(
            "  to make it move out {} item(s), {pts} points (its lowest ranked):\n",
            o.move_out.len()
        ));
        for i in o.move_out.iter().filter_map(|id| ws.item(*id)) {
            out.push_str(&format!("    {:<8} {}\n", safe(&i.key), safe(&i.title)));
        }
    } else if o.standing == Standing::OnTrack {
        out.push_str("  on track   the 85% date is on or before the target\n");
    }
    let order = ws.ranked_item_positions();
    let items = order.iter().map(|&p| &*ws.items[p]).filter(|i| i.release == Some(r.meta.id));
    out.push_str(&super::items::indented_table(items, "-"));
    output::write_stdout(&out)
}

/// `2026-12-24` or `2026-12-24..2027-01-01`: the working days named.
fn days(specs: &[String]) -> anyhow::Result<Vec<NaiveDate>> {
    let mut out = Vec::new();
    for spec in specs {
        let (from, to) = match spec.split_once("..") {
            Some((a, b)) => (resolve::date("day", a)?, resolve::date("day", b)?),
            None => {
                let d = resolve::date("day", spec)?;
                (d, d)
            }
        };
        if to < from {
            return Err(Invalid(format!("{spec}: the span ends before it starts")).into());
        }
        if (to - from).num_days() > 366 {
            return Err(Invalid(format!("{spec}: a span of days off is at most a year")).into());
        }
        let before = out.len();
        out.extend(from.iter_days().take_while(|d| *d <= to).filter(|d| is_working_day(*d)));
        if out.len() == before {
            return Err(Invalid(format!("{spec}: only weekend days, which are off already")).into());
        }
    }
    Ok(out)
}

pub fn team(s: &mut Session, cmd: TeamCmd) -> anyhow::Result<()> {
    match cmd {
        TeamCmd::Add { name, capacity } => {
            let capacity = resolve::capacity(&capacity)?;
            let change = s.apply(|_| Ok(Command::AddMember(NewMember { name, capacity })))?;
            output::line(safe(&change.summary))
        }
        TeamCmd::Edit { name, rename, capacity } => {
            let patch = MemberPatch {
                name: rename,
                capacity: capacity.as_deref().map(resolve::capacity).transpose()?,
                ..MemberPatch::default()
            };
            if patch == MemberPatch::default() {
                anyhow::bail!("nothing to change: give --name or --capacity");
            }
            let change = s.apply(|ws| Ok(Command::EditMember { id: resolve::member(ws, &name)?, patch }))?;
            output::line(safe(&change.summary))
        }
        TeamCmd::Off { name, days: d } => {
            let patch = MemberPatch { days_off: days(&d)?, ..MemberPatch::default() };
            let change = s.apply(|ws| Ok(Command::EditMember { id: resolve::member(ws, &name)?, patch }))?;
            output::line(safe(&change.summary))
        }
        TeamCmd::Back { name, days: d } => {
            let patch = MemberPatch { days_back: days(&d)?, ..MemberPatch::default() };
            let change = s.apply(|ws| Ok(Command::EditMember { id: resolve::member(ws, &name)?, patch }))?;
            output::line(safe(&change.summary))
        }
        TeamCmd::Rm { name } => {
            let change = s.apply(|ws| Ok(Command::DeleteMember { id: resolve::member(ws, &name)? }))?;
            output::line(safe(&change.summary))
        }
        TeamCmd::List => team_list(s),
    }
}

fn team_list(s: &Session) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    let today = s.ctx.now.date_naive();
    let sprint = ws.active_sprint().or_else(|| ws.target_sprint());
    let mut team: Vec<_> = ws.live_members().collect();
    team.sort_by_key(|m| m.name.to_lowercase());
    if s.json {
        let out: Vec<Value> = team
            .iter()
            .map(|m| {
                json!({
                    "id": m.meta.id,
                    "name": m.name,
                    "capacity": m.capacity,
                    "days_off": m.days_off.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                    "share": sprint.map(|sp| json!({"sprint": sp.name, "share": m.share(sp.start, sp.end)})),
                })
            })
            .collect();
        return output::json(&out);
    }
    if team.is_empty() {
        return output::line("No one on the team yet: add people with `backlog team add NAME --capacity N`.");
    }
    let share_head = sprint.map_or("SHARE".to_owned(), |sp| format!("SHARE OF {}", safe(&sp.name).to_uppercase()));
    let mut t = Table::new(&["NAME", "CAPACITY", &share_head, "DAYS OFF AHEAD"]);
    for m in &team {
        // Working days only: a weekend day off costs nothing.
        let coming = || m.days_off.iter().filter(|d| **d >= today && is_working_day(**d));
        let ahead: Vec<String> = coming().take(6).map(|d| d.to_string()).collect();
        let more = coming().count().saturating_sub(ahead.len());
        let mut off = if ahead.is_empty() { "-".to_owned() } else { ahead.join(", ") };
        if more > 0 {
            off.push_str(&format!(" and {more} more"));
        }
        let share = sprint.map_or("-".into(), |sp| {
            let sh = m.share(sp.start, sp.end);
            format!("{} ({} of {} days)", sh.points, sh.days - sh.off, sh.days)
        });
        t.row(vec![safe(&m.name), m.capacity.to_string(), share, off]);
    }
    let mut out = t.render();
    if let Some(sp) = sprint {
        let total = ws.team_capacity(sp.start, sp.end).unwrap_or(0);
        let set = match sp.capacity {
            Some(c) => format!("; its capacity is set by hand to {c}, which wins"),
            None => "; that is its capacity".to_owned(),
        };
        out.push_str(&format!("{} gets {total} points from the team{set}\n", safe(&sp.name)));
    }
    output::write_stdout(&out)
}
