//! Many forecasts from one run of trials: how much work the trials had
//! finished after each number of sprints, at 50, 85 and 95%. A forecast of
//! any amount of work is then a look-up, the same sprint counts
//! [`simulate`](super::simulate) gives for it (each trial draws the same
//! sprints whatever the work), so a list can show a date on every row
//! (everything ranked above it) without a simulation per row.

use super::{HORIZON, MIN_TRIALS, Pace, trial_rng};

/// The confidences a forecast gives, in the order of its dates.
pub const PERCENTS: [u64; 3] = [50, 85, 95];

/// Work finished after each number of sprints, at each of [`PERCENTS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// `done[k][n - 1]`: the most work that at least `PERCENTS[k]`% of the
    /// trials had finished after `n` sprints (not decreasing in `n`).
    done: [Vec<u64>; 3],
    /// The work the trials ran for: past it, they may have stopped short
    /// of the [`HORIZON`].
    upto: u64,
}

/// Runs `trials` (at least [`MIN_TRIALS`]) at `pace` from `seed`, as far as
/// finishing `upto` at 95% takes (at most the [`HORIZON`]).
///
/// Costs one draw per trial and sprint, and a selection over the trials per
/// sprint: as much as one [`simulate`](super::simulate) of `upto`.
pub fn reach(pace: &Pace, trials: u32, seed: u64, upto: u64) -> Reach {
    reach_within(pace, trials, seed, upto, HORIZON)
}

/// [`reach`] for at most `sprints` sprints: a caller asking only whether
/// work is done by a date looks no further (a total not reached by then
/// reads as beyond, `None`).
pub fn reach_within(pace: &Pace, trials: u32, seed: u64, upto: u64, sprints: u32) -> Reach {
    let trials = trials.max(MIN_TRIALS);
    let mut rngs: Vec<_> = (0..trials).map(|t| trial_rng(seed, t)).collect();
    let mut sums = vec![0u64; trials as usize];
    let mut sorted = vec![0u64; trials as usize];
    // Sorted ascending, the value at `trials - need` is the most that
    // `need` trials have reached.
    let at: [usize; 3] = PERCENTS.map(|p| (trials as usize) - (u64::from(trials) * p).div_ceil(100) as usize);
    let mut done: [Vec<u64>; 3] = Default::default();
    for _ in 0..sprints.min(HORIZON) {
        for (sum, rng) in sums.iter_mut().zip(&mut rngs) {
            *sum += u64::from(pace.draw(rng));
        }
        sorted.copy_from_slice(&sums);
        // The 95% index is the lowest: select it, then each higher one
        // among what is above the last.
        let mut value = [0u64; 3];
        let mut from = 0;
        for k in [2, 1, 0] {
            value[k] = *sorted[from..].select_nth_unstable(at[k] - from).1;
            from = at[k];
        }
        for (d, v) in done.iter_mut().zip(value) {
            d.push(v);
        }
        if value[2] >= upto {
            break;
        }
    }
    Reach { done, upto }
}

impl Reach {
    /// The sprints `total` takes at 50, 85 and 95% (`None`: beyond the
    /// [`HORIZON`]), as [`simulate`](super::simulate) gives them.
    ///
    /// A `total` above the `upto` the trials ran for, when they stopped
    /// short of the horizon, is not known: `None` (a caller runs them for
    /// as much as it will look up).
    pub fn sprints(&self, total: u32) -> [Option<u32>; 3] {
        let total = u64::from(total);
        if total == 0 {
            return [Some(0); 3];
        }
        let short = self.done[2].len() < HORIZON as usize && total > self.upto;
        std::array::from_fn(|k| {
            let n = self.done[k].partition_point(|&d| d < total);
            (n < self.done[k].len() && !short).then_some(n as u32 + 1)
        })
    }
}
