use super::*;
use proptest::prelude::*;

const SEED: u64 = 7;

#[test]
fn one_constant_velocity_gives_a_single_date() {
    let pace = Pace::from_history(vec![10, 10, 10]).unwrap();
    let o = simulate(35, &pace, MIN_TRIALS, SEED);
    assert_eq!((o.p50, o.p85, o.p95), (Some(4), Some(4), Some(4)));
    assert_eq!(o.finished_in[4], MIN_TRIALS, "every trial takes four sprints");
    assert_eq!(o.beyond, 0);
    // A range of one value is the same.
    assert_eq!(simulate(35, &Pace::range(10, 10).unwrap(), MIN_TRIALS, SEED).p95, Some(4));
}

#[test]
fn two_velocities_give_the_exact_distribution() {
    // 15 points at 5 or 10 a sprint: 10+x (two sprints) or 5+10 (two) or
    // 5+5+x (three): two sprints with probability 3/4, three with 1/4.
    let pace = Pace::from_history(vec![5, 10, 5, 10]).unwrap();
    let trials = 40_000;
    let o = simulate(15, &pace, trials, SEED);
    let share = |n: usize| f64::from(o.finished_in[n]) / f64::from(trials);
    // Four standard deviations of a share over 40,000 trials is 0.009.
    assert!((share(2) - 0.75).abs() < 0.01, "{}", share(2));
    assert!((share(3) - 0.25).abs() < 0.01, "{}", share(3));
    assert_eq!(o.finished_in[0] + o.finished_in[1], 0);
    assert_eq!((o.p50, o.p85, o.p95), (Some(2), Some(3), Some(3)));
}

#[test]
fn a_seed_repeats_a_run() {
    let pace = Pace::from_history(vec![3, 8, 13, 5, 0, 21]).unwrap();
    let a = simulate(120, &pace, MIN_TRIALS, SEED);
    assert_eq!(a, simulate(120, &pace, MIN_TRIALS, SEED));
    assert_ne!(a.finished_in, simulate(120, &pace, MIN_TRIALS, SEED + 1).finished_in);
    // Fewer trials than the floor are raised to it.
    assert_eq!(simulate(120, &pace, 10, SEED).trials, MIN_TRIALS);
}

#[test]
fn no_work_left_takes_no_sprints() {
    let o = simulate(0, &Pace::from_history(vec![1, 2, 3]).unwrap(), MIN_TRIALS, SEED);
    assert_eq!((o.p50, o.p95), (Some(0), Some(0)));
}

#[test]
fn it_refuses_to_guess_and_says_why() {
    assert_eq!(Pace::from_history(vec![8, 13]), Err(Refusal::TooFewSprints { closed: 2 }));
    assert!(Refusal::TooFewSprints { closed: 2 }.to_string().contains("give a velocity range"));
    assert_eq!(Pace::from_history(vec![0, 0, 0]), Err(Refusal::NoProgress));
    assert_eq!(Pace::range(9, 3), Err(Refusal::BadRange));
    assert_eq!(Pace::range(0, 0), Err(Refusal::BadRange));
}

#[test]
fn work_out_of_reach_is_said_so() {
    let pace = Pace::from_history(vec![0, 0, 1]).unwrap();
    let o = simulate(10_000, &pace, MIN_TRIALS, SEED);
    assert_eq!((o.p50, o.p85, o.p95), (None, None, None));
    assert_eq!(o.beyond, MIN_TRIALS);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// More remaining work never gives an earlier date, at any confidence.
    #[test]
    fn more_work_never_finishes_sooner(
        history in proptest::collection::vec(0u32..30, 3..8),
        remaining in 0u32..400,
        more in 1u32..100,
        seed in any::<u64>(),
    ) {
        prop_assume!(history.iter().any(|&v| v > 0));
        let pace = Pace::from_history(history).unwrap();
        let a = simulate(remaining, &pace, MIN_TRIALS, seed);
        let b = simulate(remaining + more, &pace, MIN_TRIALS, seed);
        let later = |x: Option<u32>, y: Option<u32>| match (x, y) {
            (Some(x), Some(y)) => y >= x,
            (_, None) => true,
            (None, Some(_)) => false,
        };
        prop_assert!(later(a.p50, b.p50) && later(a.p85, b.p85) && later(a.p95, b.p95), "{a:?} then {b:?}");
    }
}

mod scope {
    use super::super::scope::{history, items, remaining};
    use super::super::*;
    use crate::domain::command::{NewInitiative, NewItem, NewSprint};
    use crate::domain::sprint::{SprintReview, SprintState};
    use crate::domain::strategy::Horizon;
    use crate::domain::{Command, Ctx, GuardMode, IdGen, ItemKind, Meta, Role, Status, Workspace, apply};
    use chrono::{DateTime, NaiveDate, Utc};
    use uuid::Uuid;

    struct Fx {
        ws: Workspace,
        ctx: Ctx,
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    impl Fx {
        fn new() -> Fx {
            let now: DateTime<Utc> = "2026-03-02T09:00:00Z".parse().expect("a time");
            let mut ws = Workspace::new("Test", "BL", Meta::new(Uuid::nil(), Role::Pm, now, Role::Pm));
            ws.settings.role_guard = GuardMode::Off;
            ws.settings.definition_guard = GuardMode::Off;
            ws.settings.sprint_length_days = 14;
            let mut ctx = Ctx::new(now, Role::Po);
            ctx.ids = IdGen::sequential();
            Fx { ws, ctx }
        }
        fn created(&mut self, cmd: Command) -> Uuid {
            apply(&mut self.ws, cmd, &mut self.ctx).expect("applies").created.and_then(|r| r.id()).expect("created")
        }
        fn item(&mut self, title: &str, new: NewItem) -> Uuid {
            self.created(Command::AddItem(Box::new(NewItem { title: title.into(), ..new })))
        }
        /// A closed sprint that completed `points`, ending on `end`.
        fn closed(&mut self, name: &str, end: &str, points: u32) -> Uuid {
            let id = self.created(Command::AddSprint(NewSprint { name: Some(name.into()), ..Default::default() }));
            let sp = self.ws.sprints.iter_mut().find(|s| s.meta.id == id).expect("the sprint");
            sp.end = day(end);
            sp.start = day(end) - chrono::Days::new(13);
            sp.state = SprintState::Closed;
            sp.review = Some(SprintReview {
                closed_at: self.ctx.now,
                committed: points,
                completed: points,
                not_completed: 0,
                scope_added: 0,
                scope_removed: 0,
                goal_met: None,
                returned: Vec::new(),
                carried_over: Vec::new(),
                carried_to: None,
                notes: String::new(),
                extra: Default::default(),
            });
            id
        }
    }

    fn pts(estimate: Option<u32>, status: Status) -> NewItem {
        NewItem { estimate, status: Some(status), ..Default::default() }
    }

    #[test]
    fn an_initiative_counts_its_open_stories_through_its_epics_and_the_unestimated_at_the_mean() {
        let mut fx = Fx::new();
        let r = fx.created(Command::AddInitiative(Box::new(NewInitiative {
            title: "Swaps".into(),
            horizon: Some(Horizon::Now),
            ..Default::default()
        })));
        fx.item("Own", NewItem { initiative: Some(r), ..pts(Some(5), Status::Ready) });
        fx.item("Done already", NewItem { initiative: Some(r), ..pts(Some(8), Status::Done) });
        let epic =
            fx.item("Epic", NewItem { kind: Some(ItemKind::Epic), initiative: Some(r), ..pts(Some(40), Status::New) });
        fx.item("Child", NewItem { parent: Some(epic), ..pts(Some(2), Status::New) });
        fx.item("Child, no estimate", NewItem { parent: Some(epic), ..pts(None, Status::New) });
        fx.item("Elsewhere", pts(Some(13), Status::New));
        for t in [Target::Initiative(r), Target::Column(Horizon::Now)] {
            let left = remaining(&items(&fx.ws, t));
            assert_eq!((left.items, left.points, left.unestimated), (3, 7, 1), "{t:?}");
            assert_eq!(left.unestimated_counted_as, Some(4), "the mean of 5 and 2, rounded up");
            assert_eq!((left.basis, left.total), (Basis::Points, 11));
        }
        let left = remaining(&items(&fx.ws, Target::Epic(epic)));
        assert_eq!((left.items, left.total), (2, 4));
    }

    #[test]
    fn work_without_estimates_is_counted_in_items() {
        let mut fx = Fx::new();
        fx.item("A", pts(None, Status::New));
        fx.item("B", pts(None, Status::New));
        let left = remaining(&items(&fx.ws, Target::Above { item: Uuid::nil(), through: true }));
        assert_eq!((left.basis, left.total), (Basis::Items, 2));
    }

    #[test]
    fn above_an_item_is_what_comes_before_it_in_the_rank_and_through_it_includes_it() {
        let mut fx = Fx::new();
        let a = fx.item("A", pts(Some(3), Status::Ready));
        fx.item("Finished", pts(Some(5), Status::Done));
        let b = fx.item("B", pts(Some(5), Status::New));
        fx.item("C", pts(Some(8), Status::New));
        let titles = |t| items(&fx.ws, t).iter().map(|i| i.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(Target::Above { item: b, through: false }), ["A"]);
        assert_eq!(titles(Target::Above { item: b, through: true }), ["A", "B"]);
        assert!(titles(Target::Above { item: a, through: false }).is_empty());
    }

    #[test]
    fn dates_count_whole_sprints_from_the_active_one_and_refusals_say_why() {
        let mut fx = Fx::new();
        for (t, p) in [("A", 20), ("B", 5), ("C", 5)] {
            fx.item(t, pts(Some(p), Status::Ready));
        }
        let today = day("2026-03-02");
        let few = forecast(&fx.ws, Target::Column(Horizon::Now), today, Options::default());
        assert_eq!(few.unwrap_err(), Refusal::TooFewSprints { closed: 0 });
        let last = fx.items_last();
        for (n, end) in ["2026-01-18", "2026-02-01", "2026-02-15"].iter().enumerate() {
            fx.closed(&format!("S{n}"), end, 10);
        }
        // 30 points at 10 a sprint: three sprints; no active sprint, so the
        // first ends a sprint's length from today.
        let f = forecast(&fx.ws, Target::Above { item: last, through: true }, today, Options::default()).unwrap();
        assert_eq!(f.first_sprint_ends, day("2026-03-16"));
        assert_eq!(f.dates, [Some(day("2026-04-13")); 3]);
        assert_eq!(f.sampled.iter().map(|s| s.sprint.as_str()).collect::<Vec<_>>(), ["S0", "S1", "S2"]);
        assert_eq!(history(&fx.ws, Basis::Points).iter().map(|s| s.value).collect::<Vec<_>>(), [10, 10, 10]);
        // In items: what was done in each sprint (nothing here).
        assert!(history(&fx.ws, Basis::Items).iter().all(|s| s.value == 0));
        // An active sprint is the first.
        let active = fx.created(Command::AddSprint(NewSprint { name: Some("Now".into()), ..Default::default() }));
        let sp = fx.ws.sprints.iter_mut().find(|s| s.meta.id == active).unwrap();
        sp.state = SprintState::Active;
        sp.end = day("2026-03-06");
        let f = forecast(&fx.ws, Target::Above { item: last, through: true }, today, Options::default()).unwrap();
        assert_eq!(f.dates[0], Some(day("2026-04-03")));
        // A range stands in for the history.
        let opts = Options { range: Some((30, 30)), ..Options::default() };
        let f = forecast(&fx.ws, Target::Above { item: last, through: true }, today, opts).unwrap();
        assert_eq!((f.dates[2], f.sampled.len()), (Some(day("2026-03-06")), 0));
    }

    #[test]
    fn a_release_is_judged_at_85_percent_and_says_what_would_have_to_move_out() {
        use crate::domain::command::NewRelease;
        use crate::domain::forecast::release::{Standing, outlook};
        let mut fx = Fx::new();
        for (n, end) in ["2026-01-18", "2026-02-01", "2026-02-15"].iter().enumerate() {
            fx.closed(&format!("S{n}"), end, 10);
        }
        let today = day("2026-03-02");
        let add = |fx: &mut Fx, name: &str, target: &str| {
            fx.created(Command::AddRelease(NewRelease {
                name: name.into(),
                target: Some(day(target)),
                ..Default::default()
            }))
        };
        let rel = add(&mut fx, "2.0", "2026-03-30");
        let r = |fx: &Fx| fx.ws.release(rel).expect("the release").clone();
        // 10 a sprint, sprints end 03-16, 03-30, 04-13, 04-27: 18 points
        // make 03-30.
        let a = fx.item("A", NewItem { release: Some(rel), ..pts(Some(8), Status::Ready) });
        fx.item("Other", pts(Some(5), Status::Ready));
        let b = fx.item("B", NewItem { release: Some(rel), ..pts(Some(5), Status::New) });
        let o = outlook(&fx.ws, &r(&fx), today, Options::default());
        assert_eq!((o.standing, o.open.len(), o.others_among), (Standing::OnTrack, 2, 1));
        assert_eq!(o.forecast.unwrap().unwrap().dates[1], Some(day("2026-03-30")));
        // Two more items: 31 points, four sprints; cutting the lowest two
        // of its items brings it back to 18.
        let c = fx.item("C", NewItem { release: Some(rel), ..pts(Some(8), Status::New) });
        let d = fx.item("D", NewItem { release: Some(rel), ..pts(Some(5), Status::New) });
        let o = outlook(&fx.ws, &r(&fx), today, Options::default());
        assert_eq!(o.standing, Standing::Late, "the 50% date is past the target too");
        assert_eq!(o.move_out, [c, d]);
        assert!(!o.unreachable);
        // At risk: 85% past, 50% not. 26 points at 5 to 25 a sprint take
        // two sprints in 69% of trials; 18 take two in 92%.
        let mut at_risk = fx.ws.clone();
        at_risk.items.retain(|i| i.meta.id != d);
        at_risk.reindex();
        let spread = Options { range: Some((5, 25)), ..Options::default() };
        let o = outlook(&at_risk, at_risk.release(rel).unwrap(), today, spread);
        assert_eq!(o.standing, Standing::AtRisk, "{:?}", o.forecast);
        assert_eq!(o.move_out, [c]);
        // Work under way stays in: with C started, what is cut comes from
        // the work not started above it, the lowest (B) first.
        at_risk.items.iter_mut().filter(|i| i.meta.id == c).for_each(|i| i.status = Status::InProgress);
        let o = outlook(&at_risk, at_risk.release(rel).unwrap(), today, spread);
        assert_eq!(o.standing, Standing::AtRisk);
        assert!(!o.move_out.contains(&c) && o.move_out.last() == Some(&b), "{:?} of {a}, {b}", o.move_out);
        // A passed target cannot be made by cutting.
        let o = outlook(&fx.ws, &r(&fx), day("2026-04-01"), Options::default());
        assert!(o.unreachable && o.move_out.is_empty() && o.standing == Standing::Late);
        // Too little history: a refusal, no standing to guess.
        let mut young = fx.ws.clone();
        young.sprints.truncate(1);
        let o = outlook(&young, young.release(rel).unwrap(), today, Options::default());
        assert!(matches!(o.forecast, Some(Err(Refusal::TooFewSprints { .. }))));
        assert_eq!(o.standing, Standing::Unknown);
        // Shipped is history, not forecast; all done is ready to ship.
        let mut shipped = fx.ws.clone();
        shipped.releases[0].shipped = Some(today);
        assert_eq!(outlook(&shipped, &shipped.releases[0], today, Options::default()).standing, Standing::Shipped);
        let mut done = fx.ws.clone();
        done.items.iter_mut().filter(|i| i.release == Some(rel)).for_each(|i| i.status = Status::Done);
        let o = outlook(&done, &done.releases[0], today, Options::default());
        assert_eq!((o.standing, o.items), (Standing::Done, 4));
        assert_eq!(outlook(&fx.ws, &r(&fx), today, Options::default()).open, [a, b, c, d]);
    }

    impl Fx {
        fn items_last(&self) -> Uuid {
            let order = self.ws.ranked_item_positions();
            self.ws.items[*order.last().expect("an item")].meta.id
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// One run of trials answers for any amount of work what a simulation
    /// of that amount says.
    #[test]
    fn reach_gives_what_simulate_gives(
        sampled in proptest::collection::vec(0u32..30, 3..8),
        totals in proptest::collection::vec(0u32..400, 1..4),
        seed in any::<u64>(),
    ) {
        prop_assume!(sampled.iter().any(|&v| v > 0));
        let pace = Pace::from_history(sampled).unwrap();
        let most = totals.iter().copied().max().unwrap_or(0);
        let r = reach(&pace, MIN_TRIALS, seed, u64::from(most));
        for t in totals.iter().copied() {
            let o = simulate(t, &pace, MIN_TRIALS, seed);
            prop_assert_eq!(r.sprints(t), [o.p50, o.p85, o.p95], "total {}", t);
        }
        // Capped at a few sprints: the same counts within the cap, and
        // beyond it none.
        let cap = 4;
        let within = reach_within(&pace, MIN_TRIALS, seed, u64::from(most), cap);
        for t in totals {
            let o = simulate(t, &pace, MIN_TRIALS, seed);
            let want = [o.p50, o.p85, o.p95].map(|n| n.filter(|&n| n <= cap));
            prop_assert_eq!(within.sprints(t), want, "total {} within {} sprints", t, cap);
        }
    }
}

#[test]
fn reach_past_the_horizon_and_past_what_it_ran_for() {
    // One point in one sprint of three: 10,000 points are out of reach.
    let pace = Pace::from_history(vec![0, 0, 1]).unwrap();
    let r = reach(&pace, MIN_TRIALS, SEED, 10_000);
    assert_eq!(r.sprints(10_000), [None; 3]);
    let o = simulate(100, &pace, MIN_TRIALS, SEED);
    assert_eq!(r.sprints(100), [o.p50, o.p85, o.p95]);
    // Stopped once 20 points were done at 95%: more is not known.
    let r = reach(&Pace::from_history(vec![10, 10, 10]).unwrap(), MIN_TRIALS, SEED, 20);
    assert_eq!(r.sprints(20), [Some(2); 3]);
    assert_eq!(r.sprints(21), [None; 3]);
    assert_eq!(r.sprints(0), [Some(0); 3]);
}
