//! Forecasts from the team's own history: how many sprints the remaining
//! work takes, as a Monte Carlo over past sprints' velocity (points) or
//! throughput (items). Seeded, so that a run can be repeated and a
//! stakeholder shown the same dates twice.
//!
//! This module is the simulation; what "the remaining work" of an epic, an
//! initiative or a roadmap column is, and which sprints are sampled, is
//! decided by its callers.

pub mod reach;
pub mod release;
pub mod scope;

pub use reach::{Reach, reach, reach_within};
pub use scope::{
    Basis, Calendar, DEFAULT_SEED, Forecast, Options, Remaining, SAMPLED_SPRINTS, Sample, Tally, Target, forecast,
    of_work,
};

use rand::{RngExt, SeedableRng};

/// The fewest trials a forecast runs: at 10,000 the 85th percentile moves by
/// well under a sprint between seeds.
pub const MIN_TRIALS: u32 = 10_000;

/// How far a trial looks before it calls the work out of reach: ten years
/// of one-week sprints.
pub const HORIZON: u32 = 520;

/// The fewest closed sprints a forecast samples; with fewer, the user gives
/// a range instead.
pub const MIN_SPRINTS: usize = 3;

/// What one sprint delivers.
#[derive(Debug, Clone, PartialEq)]
pub enum Pace {
    /// Past sprints' results, each as likely as the others.
    Sampled(Vec<u32>),
    /// Any whole number from `low` to `high`, as likely as each other (a
    /// team without history says what it expects).
    Range { low: u32, high: u32 },
}

/// Why no forecast was made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "only {closed} closed sprint(s) to learn from; a forecast needs {MIN_SPRINTS}: close more sprints, or give a velocity range"
    )]
    TooFewSprints { closed: usize },
    #[error("no past sprint finished anything, so no number of sprints finishes the work")]
    NoProgress,
    #[error("a velocity range needs its low end at most its high end, and a high end above 0")]
    BadRange,
}

/// How many sprints the work takes, at three confidences, and the whole
/// distribution behind them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Sprints needed in half the trials (`None`: beyond [`HORIZON`]).
    pub p50: Option<u32>,
    pub p85: Option<u32>,
    pub p95: Option<u32>,
    /// Trials that finished in exactly `n` sprints, at index `n`; trials
    /// past the horizon are in `beyond`.
    pub finished_in: Vec<u32>,
    pub beyond: u32,
    pub trials: u32,
}

impl Pace {
    /// The pace of `sampled` closed sprints' results; refused with fewer
    /// than [`MIN_SPRINTS`] of them.
    pub fn from_history(sampled: Vec<u32>) -> Result<Pace, Refusal> {
        if sampled.len() < MIN_SPRINTS {
            return Err(Refusal::TooFewSprints { closed: sampled.len() });
        }
        if sampled.iter().all(|&v| v == 0) {
            return Err(Refusal::NoProgress);
        }
        Ok(Pace::Sampled(sampled))
    }

    pub fn range(low: u32, high: u32) -> Result<Pace, Refusal> {
        if low > high || high == 0 {
            return Err(Refusal::BadRange);
        }
        Ok(Pace::Range { low, high })
    }

    fn draw(&self, rng: &mut rand_pcg::Pcg64Mcg) -> u32 {
        match self {
            Pace::Sampled(s) => s[rng.random_range(0..s.len())],
            Pace::Range { low, high } => rng.random_range(*low..=*high),
        }
    }
}

/// The random stream of one trial: its own, so that a trial draws the same
/// sprints whatever the remaining work (and [`reach`] draws what
/// [`simulate`] does).
fn trial_rng(seed: u64, trial: u32) -> rand_pcg::Pcg64Mcg {
    rand_pcg::Pcg64Mcg::seed_from_u64(seed ^ u64::from(trial).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Runs `trials` (at least [`MIN_TRIALS`]) of delivering `remaining` at
/// `pace`, from `seed`.
pub fn simulate(remaining: u32, pace: &Pace, trials: u32, seed: u64) -> Outcome {
    let trials = trials.max(MIN_TRIALS);
    let mut finished_in = vec![0u32; HORIZON as usize + 1];
    let mut beyond = 0;
    for trial in 0..trials {
        // Each trial its own stream: a trial draws the same sprints whatever
        // the remaining work, so more work never finishes sooner.
        let mut rng = trial_rng(seed, trial);
        let (mut done, mut sprints) = (0u64, 0u32);
        while done < u64::from(remaining) && sprints < HORIZON {
            done += u64::from(pace.draw(&mut rng));
            sprints += 1;
        }
        if done >= u64::from(remaining) {
            finished_in[sprints as usize] += 1;
        } else {
            beyond += 1;
        }
    }
    let last = finished_in.iter().rposition(|&n| n > 0).map_or(1, |p| p + 1);
    finished_in.truncate(last);
    let at = |p: u64| {
        // The fewest sprints within which at least p% of trials finished.
        let need = (u64::from(trials) * p).div_ceil(100);
        let mut seen = 0u64;
        finished_in.iter().position(|&n| {
            seen += u64::from(n);
            seen >= need
        })
    };
    let (p50, p85, p95) = (at(50), at(85), at(95));
    let as_u32 = |p: Option<usize>| p.map(|p| p as u32);
    Outcome { p50: as_u32(p50), p85: as_u32(p85), p95: as_u32(p95), finished_in, beyond, trials }
}

#[cfg(test)]
mod tests;
