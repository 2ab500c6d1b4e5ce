//! Backups kept by age, through the real binary: the newest few, then the
//! newest of each hour, day and week that has one (the last five alone
//! covered seconds of a busy session), and a `[backups]` section in the
//! config that says how many.

mod common;

use chrono::{DateTime, Duration, DurationRound, Utc};
use common::pty::Env;
use std::collections::BTreeSet;
use std::fs;

/// The name of a backup taken at `t` (UTC).
fn name(t: DateTime<Utc>) -> String {
    format!("{}.json", t.format("%Y%m%dT%H%M%S%.6fZ"))
}

fn listed(env: &Env) -> BTreeSet<String> {
    let dir = env.ws.with_file_name(".backlog.json.backups");
    fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()
}

/// Earlier backups, placed by the day so the test reads the same at any
/// hour: three at ten o'clock two days ago (in one hour), and one at noon
/// yesterday, four days ago and three weeks ago.
fn plant(env: &Env, today: DateTime<Utc>) -> (Vec<String>, Vec<String>) {
    let dir = env.ws.with_file_name(".backlog.json.backups");
    fs::create_dir_all(&dir).unwrap();
    let at = |days: i64, h: i64, m: i64| today - Duration::days(days) + Duration::hours(h) + Duration::minutes(m);
    let same_hour: Vec<String> = [10, 20, 30].into_iter().map(|m| name(at(2, 10, m))).collect();
    let older: Vec<String> = [1, 4, 21].into_iter().map(|d| name(at(d, 12, 0))).collect();
    for n in same_hour.iter().chain(&older) {
        fs::write(dir.join(n), "an earlier version").unwrap();
    }
    (same_hour, older)
}

/// Runs `test` on a fresh workspace with `today` at midnight (UTC); again
/// if the day changed under it, as which backups are "today's" did.
fn on_one_day(test: impl Fn(&Env, DateTime<Utc>)) {
    for _ in 0..2 {
        let today = Utc::now().duration_trunc(Duration::days(1)).unwrap();
        let env = Env::empty();
        test(&env, today);
        if Utc::now().duration_trunc(Duration::days(1)).unwrap() == today {
            return;
        }
    }
    panic!("the day changed twice during one short test");
}

#[test]
fn backups_are_kept_by_age_as_well_as_the_newest_five() {
    on_one_day(|env, today| {
        let (same_hour, older) = plant(env, today);
        for n in 0..7 {
            env.cli(&["add", &format!("Story {n}")]);
        }
        let kept = listed(env);
        for n in &older {
            assert!(kept.contains(n), "the newest of its hour, day and week stays: {n} in {kept:?}");
        }
        assert!(kept.contains(&same_hour[2]), "the newest of that hour stays");
        assert!(!kept.contains(&same_hour[0]) && !kept.contains(&same_hour[1]), "older ones of that hour go: {kept:?}");
        // Seven new ones (the first save's is the empty workspace): five kept.
        let new: Vec<&String> = kept.iter().filter(|n| !older.contains(n) && !same_hour.contains(n)).collect();
        assert_eq!(new.len(), 5, "{kept:?}");
        assert_eq!(kept.len(), 5 + 1 + older.len());
    });
}

#[test]
fn the_config_says_how_many_are_kept() {
    on_one_day(|env, today| {
        let config = env.dir.path().join("config").join("backlog");
        fs::create_dir_all(&config).unwrap();
        fs::write(config.join("config.toml"), "[backups]\nlast = 2\nhourly = 0\ndaily = 2\nweekly = 0\n").unwrap();
        let (same_hour, older) = plant(env, today);
        for n in 0..4 {
            env.cli(&["add", &format!("Story {n}")]);
        }
        let kept = listed(env);
        // The newest two, and the newest of yesterday (today's is among them).
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert!(kept.contains(&older[0]), "yesterday's: {kept:?}");
        assert!(same_hour.iter().chain(&older[1..]).all(|n| !kept.contains(n)), "{kept:?}");

        // A setting it does not know is refused, naming the file and the place.
        fs::write(config.join("config.toml"), "[backups]\nmonthly = 3\n").unwrap();
        let out = env.command().args(["list"]).output().unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("config.toml:2") && err.contains("monthly"), "{err}");
    });
}
