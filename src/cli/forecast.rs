//! `backlog forecast`: when the work lands, from the team's own history.

use super::Session;
use super::args::ForecastArgs;
use super::envelope::Invalid;
use super::output::{self, safe};
use super::resolve::{self, parse};
use crate::domain::forecast::{self, Basis, Forecast, Options, Target};
use crate::domain::strategy::Horizon;
use crate::domain::{ItemKind, Workspace};
use chrono::NaiveDate;
use serde_json::{Value, json};

pub fn run(s: &mut Session, a: ForecastArgs) -> anyhow::Result<()> {
    let ws = s.store.workspace();
    let today = s.ctx.now.date_naive();
    let range = a.velocity.as_deref().map(velocity).transpose()?;
    let opts = Options { trials: a.trials, seed: a.seed.unwrap_or(forecast::DEFAULT_SEED), range };
    let (label, kind, finish, start) = if let Some(k) = &a.key {
        let item = resolve::item(ws, k)?;
        let label = format!("{} {}", item.key, item.title);
        if item.kind != ItemKind::Epic {
            let label = format!("{label}, with everything ranked above it");
            let start = forecast::forecast(ws, Target::Above { item: item.meta.id, through: false }, today, opts)?;
            let finish = forecast::forecast(ws, Target::Above { item: item.meta.id, through: true }, today, opts)?;
            (label, "item", finish, Some(start))
        } else {
            (label, "epic", forecast::forecast(ws, Target::Epic(item.meta.id), today, opts)?, None)
        }
    } else if let Some(r) = &a.initiative {
        let id = resolve::initiative(ws, r)?;
        let i = ws.initiative(id).expect("resolved");
        let label = format!("{} {}", i.key, i.title);
        (label, "initiative", forecast::forecast(ws, Target::Initiative(id), today, opts)?, None)
    } else {
        let column = parse::<Horizon>(a.column.as_deref().unwrap_or_default())?;
        let label = format!("the {} column", column.as_str());
        (label, "column", forecast::forecast(ws, Target::Column(column), today, opts)?, None)
    };
    if s.json {
        let mut out = json!({
            "target": {"kind": kind, "label": label},
            "finish": as_json(&finish),
            "trials": finish.outcome.trials,
            "seed": opts.seed,
        });
        if let Some(start) = &start {
            out["start"] = as_json(start);
        }
        return output::json(&out);
    }
    output::write_stdout(&text(ws, &label, &finish, start.as_ref(), opts.seed))
}

/// `--velocity 20-30`.
pub(super) fn velocity(text: &str) -> anyhow::Result<(u32, u32)> {
    let bad = || Invalid(format!("--velocity {text:?}: give LOW-HIGH, such as 20-30"));
    let (low, high) = text.split_once('-').ok_or_else(bad)?;
    let low = low.trim().parse().map_err(|_| bad())?;
    let high = high.trim().parse().map_err(|_| bad())?;
    Ok((low, high))
}

fn unit(f: &Forecast) -> &'static str {
    match f.remaining.basis {
        Basis::Points => "points",
        Basis::Items => "items",
    }
}

fn as_json(f: &Forecast) -> Value {
    let at = |i: usize, n: Option<u32>| json!({"sprints": n, "date": f.dates[i].map(|d| d.to_string())});
    json!({
        "basis": f.remaining.basis,
        "remaining": f.remaining,
        "sampled": f.sampled,
        "velocity_range": f.range.map(|(l, h)| json!([l, h])),
        "p50": at(0, f.outcome.p50),
        "p85": at(1, f.outcome.p85),
        "p95": at(2, f.outcome.p95),
        "first_sprint_ends": f.first_sprint_ends.to_string(),
        "sprint_days": f.sprint_days,
    })
}

fn when(n: Option<u32>, d: Option<NaiveDate>) -> String {
    match (n, d) {
        (Some(0), _) => "now (nothing left)".into(),
        (Some(n), Some(d)) => format!("{n} sprint(s), by {d}"),
        _ => format!("not within {} sprints", forecast::HORIZON),
    }
}

fn text(ws: &Workspace, label: &str, f: &Forecast, start: Option<&Forecast>, seed: u64) -> String {
    let r = &f.remaining;
    let mut out = format!("{}: {} open item(s)", safe(label), r.items);
    match r.basis {
        Basis::Points => {
            out.push_str(&format!(", {} points", r.points));
            if let Some(each) = r.unestimated_counted_as {
                out.push_str(&format!(" ({} without an estimate, counted as {each} each)", r.unestimated));
            }
        }
        Basis::Items => out.push_str(" (none estimated: counted in items)"),
    }
    out.push('\n');
    match f.range {
        Some((l, h)) => out.push_str(&format!("Per sprint: {l} to {h} {} (given)\n", unit(f))),
        None => {
            let seen: Vec<String> = f.sampled.iter().map(|s| format!("{} {}", safe(&s.sprint), s.value)).collect();
            out.push_str(&format!("Per sprint, {} sampled: {}\n", unit(f), seen.join(", ")));
        }
    }
    if let Some(s) = start {
        out.push_str(&format!("Starts (85%): {}\n", when(s.outcome.p85, s.dates[1])));
    }
    for (p, i, n) in [(50, 0, f.outcome.p50), (85, 1, f.outcome.p85), (95, 2, f.outcome.p95)] {
        out.push_str(&format!("{p}%: {}\n", when(n, f.dates[i])));
    }
    let active = ws.live_sprints().any(|s| s.state == crate::domain::sprint::SprintState::Active);
    out.push_str(&format!(
        "{} trials, seed {seed}; sprint 1 {} {}, then {} days each\n",
        f.outcome.trials,
        if active { "is the active sprint, ending" } else { "ends" },
        f.first_sprint_ends,
        f.sprint_days
    ));
    out
}
