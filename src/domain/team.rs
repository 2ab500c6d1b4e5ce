//! The team (schema 6): who works on the backlog, how many points a sprint
//! each can give, and their days off. A sprint whose capacity is not set by
//! hand takes the sum of its members' shares.

use super::entity::{Extra, Meta};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    #[serde(flatten)]
    pub meta: Meta,
    /// Unique among live members, any case; what an item's assignee names.
    pub name: String,
    /// Points a whole sprint of theirs gives, with no day off.
    pub capacity: u32,
    /// Working days they are away (a set: merges keep both sides' days).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days_off: Vec<NaiveDate>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Member {
    pub fn is_live(&self) -> bool {
        self.meta.is_live()
    }

    /// Their share of a sprint from `start` to `end`: their capacity for the
    /// working days they are there, rounded to the nearest point.
    pub fn share(&self, start: NaiveDate, end: NaiveDate) -> Share {
        let days = working_days(start, end);
        let off = self.days_off.iter().filter(|d| (start..=end).contains(*d) && is_working_day(**d)).count() as u32;
        let present = days.saturating_sub(off);
        let points = if days == 0 {
            0
        } else {
            let whole = u64::from(self.capacity) * u64::from(present);
            u32::try_from((whole + u64::from(days) / 2) / u64::from(days)).unwrap_or(u32::MAX)
        };
        Share { points, days, off }
    }
}

/// A member's part of one sprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Share {
    pub points: u32,
    /// Working days in the sprint.
    pub days: u32,
    /// Of those, the days they are off.
    pub off: u32,
}

pub fn is_working_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Monday to Friday from `start` to `end`, both included.
pub fn working_days(start: NaiveDate, end: NaiveDate) -> u32 {
    if end < start {
        return 0;
    }
    let span = (end - start).num_days() as u32 + 1;
    let (weeks, rest) = (span / 7, span % 7);
    let extra = (0..rest).filter(|&i| is_working_day(start + chrono::Days::new(u64::from(i)))).count() as u32;
    weeks * 5 + extra
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entity::Role;
    use uuid::Uuid;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn member(capacity: u32, off: &[&str]) -> Member {
        let at = chrono::DateTime::from_timestamp(1_750_000_000, 0).unwrap();
        Member {
            meta: Meta::new(Uuid::nil(), Role::Po, at, Role::Po),
            name: "anna".into(),
            capacity,
            days_off: off.iter().map(|s| d(s)).collect(),
            extra: Extra::new(),
        }
    }

    #[test]
    fn working_days_count_weekdays_only() {
        // Monday 2026-12-07 to Friday 2026-12-18: two weeks.
        assert_eq!(working_days(d("2026-12-07"), d("2026-12-18")), 10);
        assert_eq!(working_days(d("2026-12-07"), d("2026-12-20")), 10);
        assert_eq!(working_days(d("2026-12-12"), d("2026-12-13")), 0);
        assert_eq!(working_days(d("2026-12-10"), d("2026-12-07")), 0);
        // Every span agrees with counting day by day.
        for len in 0..40 {
            let start = d("2026-12-03");
            let end = start + chrono::Days::new(len);
            let by_hand = (0..=len).filter(|&i| is_working_day(start + chrono::Days::new(i))).count() as u32;
            assert_eq!(working_days(start, end), by_hand, "{len}");
        }
    }

    #[test]
    fn days_off_inside_the_sprint_and_on_working_days_lower_the_share() {
        let (start, end) = (d("2026-12-07"), d("2026-12-18"));
        assert_eq!(member(10, &[]).share(start, end), Share { points: 10, days: 10, off: 0 });
        // Two days off, one a Saturday and one outside: one counts.
        let m = member(10, &["2026-12-09", "2026-12-12", "2027-01-04"]);
        assert_eq!(m.share(start, end), Share { points: 9, days: 10, off: 1 });
        // Rounded to the nearest point: 8 * 7/10 = 5.6.
        let m = member(8, &["2026-12-07", "2026-12-08", "2026-12-09"]);
        assert_eq!(m.share(start, end).points, 6);
        // Away the whole sprint: nothing.
        let all: Vec<String> = (0..14).map(|i| (start + chrono::Days::new(i)).to_string()).collect();
        let m = member(8, &all.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(m.share(start, end).points, 0);
    }
}
