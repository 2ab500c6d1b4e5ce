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
