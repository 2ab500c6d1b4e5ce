//! The kept forecasts are the ones `backlog forecast` makes, target by
//! target, and are made again only when the workspace or the day changes.

use super::*;
use crate::domain::forecast::{Options, Target};
use crate::store::demo;

/// The demo workspace with two more closed sprints before its one (the
/// demo's history alone is too short to forecast from).
fn demo_ws() -> Workspace {
    let mut ws = demo::workspace(demo::ANCHOR.and_hms_opt(23, 0, 0).expect("a time").and_utc());
    let closed = ws.sprints.iter().find(|s| s.review.is_some()).expect("a closed sprint").clone();
    for (k, completed) in [(1u64, 14), (2, 26)] {
        let mut s = closed.clone();
        s.meta.id = Uuid::from_u128(0xF0 + u128::from(k));
        s.name = format!("Sprint {}", 22 - k);
        s.start = s.start - chrono::Days::new(14 * k);
        s.end = s.end - chrono::Days::new(14 * k);
        s.review.as_mut().expect("reviewed").completed = completed;
        ws.sprints.push(s);
    }
    ws.reindex();
    ws
}

/// What the CLI's forecast says, as a pane shows it.
fn cli(ws: &Workspace, target: Target, today: NaiveDate) -> Outlook {
    forecast::forecast(ws, target, today, Options::default()).map(|f| Dates {
        sprints: [f.outcome.p50, f.outcome.p85, f.outcome.p95],
        dates: f.dates,
        sampled: f.sampled.len(),
        remaining: f.remaining,
    })
}

#[test]
fn every_kept_forecast_is_the_one_the_cli_makes() {
    let ws = demo_ws();
    let today = demo::ANCHOR;
    let f = Forecasts::make(&ws, today, None);
    let mut seen = 0;
    for i in ws.live_initiatives() {
        let want = cli(&ws, Target::Initiative(i.meta.id), today);
        match f.initiative(i.meta.id) {
            Some(got) => {
                assert_eq!(got, &want, "{}", i.key);
                seen += 1;
            }
            // None: nothing open to forecast.
            None => assert_eq!(want.expect("a forecast").remaining.items, 0, "{}", i.key),
        }
    }
    assert!(seen >= 2, "the demo has initiatives with open work");
    for e in ws.live_items().filter(|i| i.kind == ItemKind::Epic) {
        let want = cli(&ws, Target::Epic(e.meta.id), today);
        match f.epic(e.meta.id) {
            Some(got) => assert_eq!(got, &want, "{}", e.key),
            None => assert_eq!(want.expect("a forecast").remaining.items, 0, "{}", e.key),
        }
    }
    for h in Horizon::ALL {
        assert_eq!(f.column(*h), Some(&cli(&ws, Target::Column(*h), today)), "{h:?}");
    }
    let mut dated = 0;
    for p in ws.ranked_item_positions() {
        let item = &ws.items[p];
        let got = f.lands(p, item.meta.id);
        if !scope::open_work(item) {
            assert_eq!(got, None, "{}", item.key);
            continue;
        }
        let want = cli(&ws, Target::Above { item: item.meta.id, through: true }, today).expect("a forecast");
        assert_eq!(got, Some(Ok(want.dates[1])), "{}", item.key);
        dated += 1;
    }
    assert!(dated > 5);
    let m = f.method().expect("made");
    assert_eq!((m.trials, m.seed), (MIN_TRIALS, DEFAULT_SEED));
    assert!(m.sampled.len() >= forecast::MIN_SPRINTS);
}

#[test]
fn without_enough_history_each_forecast_says_why() {
    let mut ws = demo_ws();
    // Forget all but two sprint reviews.
    let mut closed: Vec<usize> = (0..ws.sprints.len()).filter(|&s| ws.sprints[s].review.is_some()).collect();
    closed.truncate(closed.len().saturating_sub(2));
    for s in closed {
        ws.sprints[s].review = None;
    }
    let f = Forecasts::make(&ws, demo::ANCHOR, None);
    let refused = |o: Option<&Outlook>| matches!(o, Some(Err(Refusal::TooFewSprints { closed: 2 })));
    assert!(ws.live_initiatives().filter_map(|i| f.initiative(i.meta.id)).count() > 0);
    assert!(ws.live_initiatives().all(|i| f.initiative(i.meta.id).is_none() || refused(f.initiative(i.meta.id))));
    assert!(refused(f.column(Horizon::Now)));
    let first = ws.ranked_item_positions().into_iter().find(|&p| scope::open_work(&ws.items[p])).expect("open");
    assert_eq!(f.lands(first, ws.items[first].meta.id), Some(Err(())));
    // A velocity range stands in for the history.
    let f = Forecasts::make(&ws, demo::ANCHOR, Some((20, 30)));
    assert!(matches!(f.column(Horizon::Now), Some(Ok(_))));
}

#[test]
fn they_are_made_again_only_for_a_new_revision_or_day() {
    let ws = demo_ws();
    let mut f = Forecasts::default();
    assert!(f.method().is_none(), "nothing before they are made");
    assert!(f.refresh(&ws, 1, demo::ANCHOR));
    assert!(f.fresh(1, demo::ANCHOR));
    assert!(!f.refresh(&ws, 1, demo::ANCHOR), "fresh: kept");
    assert!(f.refresh(&ws, 2, demo::ANCHOR), "the workspace changed");
    assert!(f.refresh(&ws, 2, demo::ANCHOR.succ_opt().expect("a day")), "a new day");
}

#[test]
fn a_row_is_known_by_its_item_not_only_its_place() {
    let ws = demo_ws();
    let f = Forecasts::make(&ws, demo::ANCHOR, None);
    let p = ws.ranked_item_positions().into_iter().find(|&p| scope::open_work(&ws.items[p])).expect("open");
    assert!(f.lands(p, ws.items[p].meta.id).is_some());
    // Another item at that place (the workspace changed since): unknown.
    assert_eq!(f.lands(p, Uuid::from_u128(42)), None);
    assert_eq!(f.lands(usize::MAX, ws.items[p].meta.id), None);
}

#[test]
fn the_text_says_what_was_counted() {
    let r = Tally { items: 4, estimated: 3, points: 13 }.remaining();
    assert_eq!(remaining_text(&r), "4 open items, 13 points + 1 unestimated counted as 5 each");
    let r = Tally { items: 1, estimated: 0, points: 0 }.remaining();
    assert_eq!(remaining_text(&r), "1 open item, none estimated: counted in items");
    let d = NaiveDate::from_ymd_opt(2026, 12, 4);
    assert_eq!(when_text(Some(2), d), "2026-12-04 (2 sprints)");
    assert_eq!(when_text(Some(0), d), "now");
    assert_eq!(when_text(None, None), "not within 520 sprints");
}
