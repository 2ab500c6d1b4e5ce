//! Timestamps as the file holds them: the text chrono's serde writes (RFC
//! 3339 in UTC, `Z`, no fraction or 3, 6 or 9 digits of one), written and
//! read without chrono's general formatter and parser. Every entity and
//! every history record holds some, so at 100k items chrono's
//! `Display`-driven writing was a fifth of encoding a file, and its parser
//! a tenth of reading one. What is not of the common shape (years past
//! 9999, leap seconds, offsets, a lower-case `z`) goes through chrono
//! itself, so the bytes and the errors are chrono's either way.
//!
//! Use with `#[serde(with = "crate::domain::stamp")]`.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserializer, Serialize, Serializer, de};
use std::fmt;

pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; 30];
    match write(t, &mut buf) {
        // Digits, dashes, colons, `T`, `.` and `Z`: ASCII throughout.
        Some(n) => s.serialize_str(std::str::from_utf8(&buf[..n]).expect("ASCII")),
        None => t.serialize(s),
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    d.deserialize_str(Visitor)
}

/// `t` as chrono writes it, into `buf`; its length, or `None` where the
/// shape is not the common one.
fn write(t: &DateTime<Utc>, buf: &mut [u8; 30]) -> Option<usize> {
    use chrono::{Datelike, Timelike};
    let year = t.year();
    let nano = t.nanosecond();
    if !(0..=9999).contains(&year) || nano >= 1_000_000_000 {
        return None;
    }
    let digits = |buf: &mut [u8], mut v: u32| {
        for b in buf.iter_mut().rev() {
            *b = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    digits(&mut buf[0..4], year as u32);
    buf[4] = b'-';
    digits(&mut buf[5..7], t.month());
    buf[7] = b'-';
    digits(&mut buf[8..10], t.day());
    buf[10] = b'T';
    digits(&mut buf[11..13], t.hour());
    buf[13] = b':';
    digits(&mut buf[14..16], t.minute());
    buf[16] = b':';
    digits(&mut buf[17..19], t.second());
    let mut n = 19;
    let (fraction, width) = match nano {
        0 => (0, 0),
        _ if nano.is_multiple_of(1_000_000) => (nano / 1_000_000, 3),
        _ if nano.is_multiple_of(1_000) => (nano / 1_000, 6),
        _ => (nano, 9),
    };
    if width > 0 {
        buf[n] = b'.';
        digits(&mut buf[n + 1..n + 1 + width], fraction);
        n += 1 + width;
    }
    buf[n] = b'Z';
    Some(n + 1)
}

/// `YYYY-MM-DDTHH:MM:SS[.F{1,9}]Z` read directly; `None` for any other
/// shape, or a date or time that does not exist (for chrono to judge).
fn read(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() < 20 || b[b.len() - 1] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |v, c| c.is_ascii_digit().then(|| v * 10 + u32::from(c - b'0')))
    };
    let punctuated = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')].iter().all(|&(i, c)| b[i] == c);
    if !punctuated {
        return None;
    }
    let nano = match b.len() {
        20 => 0,
        22..=30 if b[19] == b'.' => number(20..b.len() - 1)? * 10u32.pow(30 - b.len() as u32),
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)?;
    let time = NaiveTime::from_hms_nano_opt(number(11..13)?, number(14..16)?, number(17..19)?, nano)?;
    // A leap second (`:60`) has no such time: chrono reads it.
    Some(Utc.from_utc_datetime(&date.and_time(time)))
}

struct Visitor;

impl de::Visitor<'_> for Visitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // chrono's words, so that a file's error reads as before.
        f.write_str("an RFC 3339 formatted date and time string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime<Utc>, E> {
        match read(v) {
            Some(t) => Ok(t),
            None => v.parse::<DateTime<FixedOffset>>().map(|t| t.with_timezone(&Utc)).map_err(E::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Ours(#[serde(with = "super")] DateTime<Utc>);

    fn chrono_text(t: DateTime<Utc>) -> String {
        serde_json::to_string(&t).expect("serializes")
    }

    fn ours(text: &str) -> Result<DateTime<Utc>, String> {
        serde_json::from_str::<Ours>(text).map(|o| o.0).map_err(|e| e.to_string())
    }

    fn theirs(text: &str) -> Result<DateTime<Utc>, String> {
        serde_json::from_str::<DateTime<Utc>>(text).map_err(|e| e.to_string())
    }

    /// Nanoseconds of every shape chrono writes differently: none, whole
    /// milliseconds, whole microseconds, and any.
    fn nanos() -> impl Strategy<Value = u32> {
        prop_oneof![
            Just(0u32),
            (1u32..1000).prop_map(|ms| ms * 1_000_000),
            (1u32..1_000_000).prop_map(|us| us * 1_000),
            0u32..1_000_000_000,
        ]
    }

    proptest! {
        #[test]
        fn writes_and_reads_what_chrono_does(secs in -62_167_219_200i64..253_402_300_799, nano in nanos()) {
            let t = DateTime::<Utc>::from_timestamp(secs, nano).expect("in range");
            let text = chrono_text(t);
            prop_assert_eq!(serde_json::to_string(&Ours(t)).expect("serializes"), text.clone());
            prop_assert_eq!(ours(&text), Ok(t));
        }

        #[test]
        fn reads_any_text_as_chrono_does(text in "\"[0-9+-]{0,6}-[0-9]{1,2}-[0-9]{1,2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,11})?([Zz]|[+-][0-9]{2}:[0-9]{2})\"") {
            prop_assert_eq!(ours(&text), theirs(&text));
        }
    }

    #[test]
    fn the_uncommon_shapes_are_chronos() {
        for text in [
            "\"2025-06-24T08:00:00Z\"",
            "\"2025-06-24T08:00:00.5Z\"",
            "\"2025-06-24T08:00:00.123456789Z\"",
            "\"2025-06-24T08:00:00.1234567891Z\"",
            "\"2025-06-24T08:00:00+02:00\"",
            "\"2025-06-24t08:00:00z\"",
            "\"2025-06-24 08:00:00Z\"",
            "\"2016-12-31T23:59:60Z\"",
            "\"2016-12-31T23:59:60.5Z\"",
            "\"+10000-01-01T00:00:00Z\"",
            "\"2025-02-30T08:00:00Z\"",
            "\"2025-06-24T24:00:00Z\"",
            "\"2025-06-24T08:00:00.Z\"",
            "\"2025-06-24T08:00:00\"",
            "\"\"",
            "17",
            "null",
        ] {
            assert_eq!(ours(text), theirs(text), "{text}");
            if let Ok(t) = theirs(text) {
                assert_eq!(serde_json::to_string(&Ours(t)).expect("serializes"), chrono_text(t), "{text}");
            }
        }
    }
}
