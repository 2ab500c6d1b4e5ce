//! The demo workspace: a believable product's story, embedded in the
//! binary. Its dates are moved so that the story's last day is today: the
//! active sprint is always running and its burndown is always current.

use crate::domain::Workspace;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::Value;

/// The embedded demo (built by `examples/make_demo.rs`).
pub const JSON: &str = include_str!("../../assets/demo.json");

/// The day the demo's story ends (its "today").
pub const ANCHOR: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 18) {
    Some(d) => d,
    None => panic!("valid anchor date"),
};

/// The demo workspace with its dates moved so that `ANCHOR` falls on the
/// day of `now`, or the day before while the story's last changes (in the
/// afternoon) are still to come today: its history is all in the past, so
/// what the user changes next comes after it.
pub fn workspace(now: DateTime<Utc>) -> Workspace {
    let mut value: Value = serde_json::from_str(JSON).expect("the embedded demo is valid JSON");
    let latest = value["history"]
        .as_array()
        .and_then(|h| h.last())
        .and_then(|r| r["at"].as_str())
        .and_then(|s| s.parse::<DateTime<Utc>>().ok());
    let mut shift = now.date_naive() - ANCHOR;
    if latest.is_some_and(|l| l + shift > now) {
        shift -= Duration::days(1);
    }
    if !shift.is_zero() {
        shift_dates(&mut value, shift);
    }
    let mut ws: Workspace = serde_json::from_value(value).expect("the embedded demo is a valid workspace");
    ws.reindex();
    ws
}

/// Moves every date and timestamp in the document by `shift`.
fn shift_dates(v: &mut Value, shift: Duration) {
    match v {
        Value::String(s) => {
            if let Ok(t) = s.parse::<DateTime<Utc>>() {
                *s = (t + shift).to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            } else if s.len() == 10
                && let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
            {
                *s = (d + shift).to_string();
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| shift_dates(x, shift)),
        Value::Object(o) => o.values_mut().for_each(|x| shift_dates(x, shift)),
        _ => {}
    }
}
