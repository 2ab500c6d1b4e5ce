//! Which backups are kept: the newest few, and then one for each of the
//! last hours, days and weeks that have one (the newest in each), as
//! backup tools keep snapshots. The newest five alone covered seconds of a
//! busy session; by age, an hour ago, yesterday and last week are there.
//!
//! Set once for the process from the user's config (`[backups]`), as the
//! file layer is: every writer prunes by the same rule.

use chrono::{Datelike, NaiveDateTime};
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Retention {
    /// The newest backups kept whatever their age.
    pub last: usize,
    /// The newest backup of each of this many hours that have one.
    pub hourly: usize,
    /// … of each of this many days.
    pub daily: usize,
    /// … of each of this many weeks (ISO weeks).
    pub weekly: usize,
}

impl Default for Retention {
    fn default() -> Retention {
        Retention { last: 5, hourly: 24, daily: 7, weekly: 4 }
    }
}

static POLICY: OnceLock<Retention> = OnceLock::new();

/// Sets the rule for this process; the first call wins (the CLI and the TUI
/// set it once, from the config, before anything is saved).
pub fn set(r: Retention) {
    let _ = POLICY.set(r);
}

pub fn current() -> Retention {
    POLICY.get().copied().unwrap_or_default()
}

impl Retention {
    /// Which of `stamps` (backup times, newest first) to keep, by index.
    pub fn kept(&self, stamps: &[NaiveDateTime]) -> HashSet<usize> {
        let mut keep: HashSet<usize> = (0..stamps.len().min(self.last)).collect();
        let mut by = |n: usize, bucket: &dyn Fn(&NaiveDateTime) -> (i32, u32, u32)| {
            let mut seen = HashSet::new();
            for (i, t) in stamps.iter().enumerate() {
                if seen.len() == n {
                    break;
                }
                // Newest first: the first one met in a bucket is its newest.
                if seen.insert(bucket(t)) {
                    keep.insert(i);
                }
            }
        };
        by(self.hourly, &|t| (t.year(), t.ordinal(), 1 + chrono::Timelike::hour(t)));
        by(self.daily, &|t| (t.year(), t.ordinal(), 0));
        by(self.weekly, &|t| (t.iso_week().year(), t.iso_week().week(), 0));
        keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn keeps_the_newest_then_one_per_hour_day_and_week() {
        // Newest first: a burst of saves now, one earlier this hour, last
        // hour, yesterday, and three weeks ago.
        let stamps: Vec<NaiveDateTime> = [
            "2026-12-06 10:30:09",
            "2026-12-06 10:30:08",
            "2026-12-06 10:30:07",
            "2026-12-06 10:30:06",
            "2026-12-06 10:30:05",
            "2026-12-06 10:30:04",
            "2026-12-06 10:05:00",
            "2026-12-06 09:59:00",
            "2026-12-06 09:10:00",
            "2026-12-05 18:00:00",
            "2026-11-15 12:00:00",
        ]
        .iter()
        .map(|s| at(s))
        .collect();
        let r = Retention { last: 3, hourly: 2, daily: 2, weekly: 2 };
        let mut kept: Vec<usize> = r.kept(&stamps).into_iter().collect();
        kept.sort_unstable();
        // 0-2 the newest three; 7 the newest of the 9 o'clock hour; 9 the
        // newest of yesterday; 10 the newest of an older week.
        assert_eq!(kept, [0, 1, 2, 7, 9, 10]);
        // Only the newest: nothing by age.
        let r = Retention { last: 5, hourly: 0, daily: 0, weekly: 0 };
        assert_eq!(r.kept(&stamps).len(), 5);
        assert!(Retention::default().kept(&[]).is_empty());
    }
}
