//! The demo workspace in `assets/demo.json` (written by
//! `cargo run --example make_demo`): it must load, tell the story the
//! product brief promises, keep every link intact, and be stable on disk.

use backlog::domain::sprint::{SprintChange, SprintState, velocity};
use backlog::domain::strategy::InitiativeStatus;
use backlog::domain::{ItemKind, Status, Workspace};
use chrono::NaiveDate;
use std::collections::HashSet;

const DEMO: &str = include_str!("../assets/demo.json");

/// The day the demo's story ends (`DEMO_ANCHOR` in the example).
fn anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 18).expect("valid date")
}

fn load() -> Workspace {
    let mut ws: Workspace = serde_json::from_str(DEMO).expect("assets/demo.json parses as a workspace");
    ws.reindex();
    ws
}

#[test]
fn has_every_kind_and_status_in_about_forty_items() {
    let ws = load();
    let items: Vec<_> = ws.live_items().collect();
    assert!((35..=45).contains(&items.len()), "{} items", items.len());
    for kind in ItemKind::ALL {
        assert!(items.iter().any(|i| i.kind == *kind), "no {kind} item");
    }
    for status in Status::ALL {
        assert!(items.iter().any(|i| i.status == *status), "no {status} item");
    }
    let stories: Vec<_> = items.iter().filter(|i| i.kind == ItemKind::Story).collect();
    let told = stories.iter().filter(|s| s.story.as_ref().is_some_and(|t| !t.as_a.is_empty())).count();
    assert!(told * 4 >= stories.len() * 3, "most stories have the as-a / I-want / so-that triple");
    assert!(items.iter().any(|i| i.acceptance_criteria.iter().any(|c| c.met)), "some criteria are met");
    assert!(items.iter().any(|i| i.estimate.is_none() && i.kind != ItemKind::Epic), "a few are unestimated");
    assert!(items.iter().any(|i| i.parent.is_some()), "some items belong to an epic");
    assert!(items.iter().filter(|i| i.initiative.is_none()).count() >= 2, "a couple are linked to nothing");
    assert!(items.iter().any(|i| i.scoring.wsjf.is_some()));
    assert!(items.iter().any(|i| i.scoring.rice.is_some()));
    assert!(items.iter().any(|i| i.scoring.moscow.is_some()));
    assert!(!DEMO.is_ascii(), "real teams type é, ü and — too");
}

#[test]
fn the_strategy_is_complete() {
    let ws = load();
    let v = &ws.vision;
    for (field, text) in [
        ("statement", &v.statement),
        ("target_group", &v.target_group),
        ("needs", &v.needs),
        ("product", &v.product),
        ("business_goals", &v.business_goals),
        ("pitch", &v.pitch),
    ] {
        assert!(!text.trim().is_empty(), "vision.{field} is empty");
    }
    let goals: Vec<_> = ws.live_goals().collect();
    assert!((3..=4).contains(&goals.len()));
    assert!(goals.iter().all(|g| (1..=3).contains(&g.kpis.len())), "each goal has 1-3 KPIs");
    let statuses: HashSet<_> = goals.iter().map(|g| g.status).collect();
    assert!(statuses.len() >= 3, "goals in varied statuses");

    let initiatives: Vec<_> = ws.live_initiatives().collect();
    assert!((8..=10).contains(&initiatives.len()));
    let horizons: HashSet<_> = initiatives.iter().map(|i| i.horizon).collect();
    assert_eq!(horizons.len(), 3, "now, next and later are all used");
    assert!(initiatives.iter().any(|i| i.timeframe.as_ref().is_some_and(|t| t.start.is_some())));
    assert!(initiatives.iter().any(|i| i.timeframe.as_ref().is_some_and(|t| t.start.is_none())));
    let handed_over: Vec<_> = initiatives.iter().filter(|i| i.status == InitiativeStatus::ReadyForBreakdown).collect();
    assert_eq!(handed_over.len(), 1);
    let id = handed_over[0].meta.id;
    assert!(ws.live_items().all(|i| i.initiative != Some(id)), "the hand-off has no stories yet");
}

#[test]
fn two_sprints_from_jira_one_closed_here_with_history_and_one_active() {
    let ws = load();
    let closed: Vec<_> = ws.live_sprints().filter(|s| s.state == SprintState::Closed).collect();
    assert_eq!(closed.len(), 3, "enough history to forecast from");
    // The two brought over from Jira: their numbers, no day-by-day record.
    let jira: Vec<_> = closed.iter().filter(|s| s.history.is_empty()).collect();
    assert_eq!(jira.len(), 2);
    assert!(jira.iter().all(|s| s.review.as_ref().is_some_and(|r| r.completed > 0) && s.started_at.is_some()));
    let here: Vec<_> = closed.iter().filter(|s| !s.history.is_empty()).collect();
    assert_eq!(here.len(), 1);
    let s = here[0];
    let review = s.review.as_ref().expect("a closed sprint has a review");
    assert!(!s.history.is_empty());
    assert_eq!(review.goal_met, Some(true));
    assert!(review.scope_added > 0, "an item came in mid-sprint");
    assert!(s.history.iter().any(|e| matches!(e.change, SprintChange::Estimated { .. })), "a re-estimate");
    let done_days: HashSet<_> =
        s.history.iter().filter(|e| matches!(e.change, SprintChange::Done { .. })).map(|e| e.at.date_naive()).collect();
    assert!(done_days.len() >= 4, "work finished over several days");
    // The review agrees with a replay of the history.
    let p = s.progress_at(review.closed_at);
    assert_eq!((p.done, p.remaining()), (review.completed, review.not_completed));
    assert_eq!(s.committed(), review.committed);
    assert!(velocity(ws.live_sprints(), ws.settings.velocity_window as usize).is_some());

    let active: Vec<_> = ws.live_sprints().filter(|s| s.state == SprintState::Active).collect();
    assert_eq!(active.len(), 1);
    let a = active[0];
    assert!(a.capacity.is_some() && !a.goal.is_empty());
    assert!(a.start <= anchor() && anchor() <= a.end, "today lies inside the active sprint");
    let burndown = a.burndown(anchor());
    let last = burndown.last().expect("the active sprint has a burndown");
    assert!(last.done > 0 && last.remaining > 0, "the active sprint is partly done");
}

#[test]
fn a_team_and_releases_with_dates_to_forecast_against() {
    let ws = load();
    assert_eq!(ws.live_members().count(), 3);
    assert!(ws.live_members().any(|m| !m.days_off.is_empty()), "someone has days off");
    let releases = ws.ordered_releases();
    assert_eq!(releases.len(), 2);
    for r in releases {
        assert!(r.target.is_some(), "{} has a target", r.name);
        assert!(ws.live_items().filter(|i| i.release == Some(r.meta.id)).count() >= 3, "{} has items", r.name);
    }
    assert_eq!(ws.settings.wip_limits.get("in_progress"), Some(&4));
}

#[test]
fn the_story_ends_on_the_anchor_day() {
    let ws = load();
    let latest = ws
        .live_items()
        .map(|i| i.meta.updated_at)
        .chain(ws.live_sprints().map(|s| s.meta.updated_at))
        .chain(ws.live_goals().map(|g| g.meta.updated_at))
        .chain(ws.live_initiatives().map(|i| i.meta.updated_at))
        .max()
        .expect("the demo has content");
    assert_eq!(latest.date_naive(), anchor());
}

#[test]
fn every_link_resolves_and_keys_are_unique() {
    let ws = load();
    let goal_ids: HashSet<_> = ws.live_goals().map(|g| g.meta.id).collect();
    for i in ws.live_initiatives() {
        for g in &i.goals {
            assert!(goal_ids.contains(g), "{} links a missing goal {g}", i.key);
        }
    }
    for item in ws.live_items() {
        if let Some(p) = item.parent {
            let epic = ws.item(p).filter(|e| e.is_live());
            assert!(epic.is_some_and(|e| e.kind == ItemKind::Epic), "{}: parent is not a live epic", item.key);
        }
        if let Some(i) = item.initiative {
            assert!(ws.initiative(i).is_some_and(|i| i.meta.is_live()), "{}: missing initiative", item.key);
        }
        if let Some(s) = item.sprint {
            assert!(ws.sprint(s).is_some_and(|s| s.is_live()), "{}: missing sprint", item.key);
        }
    }
    for s in ws.live_sprints() {
        for e in &s.history {
            assert!(ws.item(e.item).is_some(), "{} history names a missing item", s.name);
        }
    }
    let unique = |keys: Vec<String>| {
        let n = keys.len();
        keys.into_iter().collect::<HashSet<_>>().len() == n
    };
    assert!(unique(ws.items.iter().map(|i| i.key.clone()).collect()));
    assert!(unique(ws.goals.iter().map(|g| g.key.clone()).collect()));
    assert!(unique(ws.roadmap.iter().map(|i| i.key.clone()).collect()));
    assert!(unique(ws.sprints.iter().map(|s| s.name.clone()).collect()));
    let ids: Vec<String> = ws
        .items
        .iter()
        .map(|i| i.meta.id)
        .chain(ws.goals.iter().map(|g| g.meta.id))
        .chain(ws.roadmap.iter().map(|i| i.meta.id))
        .chain(ws.sprints.iter().map(|s| s.meta.id))
        .map(|id| id.to_string())
        .collect();
    assert!(unique(ids));
    assert!(ws.items.iter().all(|i| i.key_number().is_some_and(|n| n < ws.workspace.next_key)));
}

#[test]
fn reserialising_gives_the_same_bytes() {
    let ws = load();
    let mut again = serde_json::to_string_pretty(&ws).expect("serializes");
    again.push('\n');
    assert!(again == DEMO, "assets/demo.json is not in canonical form; regenerate it with make_demo");
}
