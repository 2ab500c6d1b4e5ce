//! "Since when" as people say it: `yesterday`, `today`, `3d`, `12h`, `2w`,
//! a date (`2026-12-01`, from its local midnight) or a time (RFC 3339).
//! Days begin at local midnight: "since yesterday" at 09:00 on Tuesday
//! is Monday 00:00, not 24 hours ago.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

/// The moment `text` names, seen from `now` in the zone `offset`; `None`
/// if it is none of the forms above (the caller may try a git ref).
pub fn parse(text: &str, now: DateTime<Utc>, offset: FixedOffset) -> Option<DateTime<Utc>> {
    let t = text.trim().to_ascii_lowercase();
    let local_today = now.with_timezone(&offset).date_naive();
    let midnight = |d: NaiveDate| offset.from_local_datetime(&d.and_time(NaiveTime::MIN)).single().map(|d| d.to_utc());
    match t.as_str() {
        "today" => return midnight(local_today),
        "yesterday" => return midnight(local_today - Duration::days(1)),
        _ => {}
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(text.trim()) {
        return Some(d.to_utc());
    }
    if let Ok(d) = NaiveDate::parse_from_str(&t, "%Y-%m-%d") {
        return midnight(d);
    }
    // `3d`, `3 days`, `12h`, `2w`, `90m`.
    let split = t.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = t.split_at(split);
    let n: i64 = n.parse().ok()?;
    let span = match unit.trim() {
        "m" | "min" | "mins" | "minute" | "minutes" => Duration::minutes(n),
        "h" | "hour" | "hours" => Duration::hours(n),
        "d" | "day" | "days" => return midnight(local_today - Duration::days(n)),
        "w" | "week" | "weeks" => return midnight(local_today - Duration::weeks(n)),
        _ => return None,
    };
    Some(now - span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_begin_at_local_midnight_and_spans_count_back_from_now() {
        // 09:30 on 2026-12-08 in UTC+2.
        let now = DateTime::parse_from_rfc3339("2026-12-08T07:30:00Z").unwrap().to_utc();
        let tz = FixedOffset::east_opt(2 * 3600).unwrap();
        let at = |s: &str| parse(s, now, tz).map(|d| d.to_rfc3339());
        assert_eq!(at("yesterday").as_deref(), Some("2026-12-06T22:00:00+00:00"));
        assert_eq!(at("Today").as_deref(), Some("2026-12-07T22:00:00+00:00"));
        assert_eq!(at("2d").as_deref(), Some("2026-12-05T22:00:00+00:00"));
        assert_eq!(at("1 week").as_deref(), Some("2026-11-30T22:00:00+00:00"));
        assert_eq!(at("12h").as_deref(), Some("2026-12-07T19:30:00+00:00"));
        assert_eq!(at("2026-12-01").as_deref(), Some("2026-11-30T22:00:00+00:00"));
        assert_eq!(at("2026-12-01T10:00:00Z").as_deref(), Some("2026-12-01T10:00:00+00:00"));
        assert_eq!(at("main"), None);
        assert_eq!(at("3 fortnights"), None);
    }
}
