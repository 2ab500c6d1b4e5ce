//! Prioritisation inputs and the scores derived from them. Scores are never
//! stored: they are computed from the inputs whenever they are shown.

use super::entity::Extra;
use super::number::{self, NumberError};
use super::string_enum::string_enum;
use serde::{Deserialize, Serialize};

/// Why scoring inputs were refused: the same words wherever they were
/// typed (a form, the command line) or came from (an import).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoreError {
    #[error("expected {n} numbers ({names}), got {got}{}", if got > n { THOUSANDS } else { "" })]
    Count { n: usize, names: &'static str, got: usize },
    #[error("{input}: {source}")]
    Number { input: &'static str, source: NumberError },
    #[error("{input} {value} is out of range: {range}")]
    Range { input: &'static str, value: f64, range: &'static str },
}

const THOUSANDS: &str = "; to write a thousands comma, separate the numbers with \", \" or \";\" (1,000, 2, 80, 3)";

/// One input's name, its range as a person is told it, and the test.
struct Bound {
    name: &'static str,
    range: &'static str,
    ok: fn(f64) -> bool,
}

/// WSJF's parts are relative estimates: SAFe scores them on a modified
/// Fibonacci scale (1, 2, 3, 5, 8, 13, 20), planning-poker decks go to
/// 100, and a part that does not apply is 0. Job size divides, so it is
/// more than 0.
const WSJF_BOUNDS: [Bound; 4] = [
    Bound { name: "business value", range: RELATIVE, ok: |v| (0.0..=100.0).contains(&v) },
    Bound { name: "time criticality", range: RELATIVE, ok: |v| (0.0..=100.0).contains(&v) },
    Bound { name: "risk reduction", range: RELATIVE, ok: |v| (0.0..=100.0).contains(&v) },
    Bound {
        name: "job size",
        range: "use more than 0, up to 100 (such as 1, 2, 3, 5, 8, 13, 20)",
        ok: |v| v > 0.0 && v <= 100.0,
    },
];
const RELATIVE: &str = "use 0 to 100 (such as 1, 2, 3, 5, 8, 13, 20)";

/// RICE as Intercom defined it: reach is a count, impact runs from 0.25
/// (minimal) to 3 (massive), confidence is a percentage, and effort
/// divides, so it is more than 0.
const RICE_BOUNDS: [Bound; 4] = [
    Bound { name: "reach", range: "use 0 or more (people or events per period)", ok: |v| v >= 0.0 && v.is_finite() },
    Bound { name: "impact", range: "use 0.25 (minimal) to 3 (massive)", ok: |v| (0.25..=3.0).contains(&v) },
    Bound { name: "confidence", range: "use 0 to 100 (percent)", ok: |v| (0.0..=100.0).contains(&v) },
    Bound { name: "effort", range: "use more than 0 (person-months)", ok: |v| v > 0.0 && v.is_finite() },
];

/// Reads four typed numbers (see [`number::split_list`]) and checks them.
fn read(text: &str, bounds: &[Bound; 4], names: &'static str) -> Result<[f64; 4], ScoreError> {
    let parts = number::split_list(text);
    if parts.len() != 4 {
        return Err(ScoreError::Count { n: 4, names, got: parts.len() });
    }
    let mut out = [0.0; 4];
    for ((slot, part), b) in out.iter_mut().zip(parts).zip(bounds) {
        *slot = number::parse(part).map_err(|source| ScoreError::Number { input: b.name, source })?;
    }
    check(&out, bounds)?;
    Ok(out)
}

fn check(values: &[f64; 4], bounds: &[Bound; 4]) -> Result<(), ScoreError> {
    match values.iter().zip(bounds).find(|(v, b)| !(b.ok)(**v)) {
        Some((&value, b)) => Err(ScoreError::Range { input: b.name, value, range: b.range }),
        None => Ok(()),
    }
}

string_enum! {
    /// MoSCoW category.
    Moscow { Must = "must", Should = "should", Could = "could", Wont = "wont" }
}

/// Weighted Shortest Job First inputs (SAFe): cost of delay over job size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Wsjf {
    pub business_value: f64,
    pub time_criticality: f64,
    pub risk_reduction: f64,
    pub job_size: f64,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Wsjf {
    /// The inputs in the order they are typed.
    pub const INPUTS: &'static str = "business value, time criticality, risk reduction, job size";

    /// Reads `8, 5, 3, 4` (as the CLI and the forms take it), checked.
    pub fn parse(text: &str) -> Result<Wsjf, ScoreError> {
        let [b, t, r, j] = read(text, &WSJF_BOUNDS, Wsjf::INPUTS)?;
        Ok(Wsjf::new(b, t, r, j))
    }
    /// Every input within its range (what the domain accepts).
    pub fn check(&self) -> Result<(), ScoreError> {
        check(&[self.business_value, self.time_criticality, self.risk_reduction, self.job_size], &WSJF_BOUNDS)
    }
    pub fn new(business_value: f64, time_criticality: f64, risk_reduction: f64, job_size: f64) -> Wsjf {
        Wsjf { business_value, time_criticality, risk_reduction, job_size, extra: Extra::new() }
    }
    pub fn cost_of_delay(&self) -> f64 {
        self.business_value + self.time_criticality + self.risk_reduction
    }
    /// `None` when the job size is zero or negative (the score is undefined).
    pub fn score(&self) -> Option<f64> {
        (self.job_size > 0.0).then(|| self.cost_of_delay() / self.job_size)
    }
}

/// RICE inputs: reach × impact × confidence / effort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Rice {
    /// People or events per period.
    pub reach: f64,
    /// 0.25 minimal … 3 massive.
    pub impact: f64,
    /// Confidence in percent, 0–100.
    pub confidence: f64,
    /// Person-months (or any consistent unit).
    pub effort: f64,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Rice {
    /// The inputs in the order they are typed.
    pub const INPUTS: &'static str = "reach, impact, confidence %, effort";

    /// Reads `1,000, 2, 80, 3` (as the CLI and the forms take it), checked.
    pub fn parse(text: &str) -> Result<Rice, ScoreError> {
        let [reach, impact, confidence, effort] = read(text, &RICE_BOUNDS, Rice::INPUTS)?;
        Ok(Rice::new(reach, impact, confidence, effort))
    }
    /// Every input within its range (what the domain accepts).
    pub fn check(&self) -> Result<(), ScoreError> {
        check(&[self.reach, self.impact, self.confidence, self.effort], &RICE_BOUNDS)
    }
    pub fn new(reach: f64, impact: f64, confidence: f64, effort: f64) -> Rice {
        Rice { reach, impact, confidence, effort, extra: Extra::new() }
    }
    pub fn score(&self) -> Option<f64> {
        (self.effort > 0.0).then(|| self.reach * self.impact * (self.confidence / 100.0) / self.effort)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Scoring {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moscow: Option<Moscow>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wsjf: Option<Wsjf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rice: Option<Rice>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

impl super::sparse::Empty for Scoring {
    fn empty() -> &'static Scoring {
        static EMPTY: std::sync::OnceLock<Scoring> = std::sync::OnceLock::new();
        EMPTY.get_or_init(Scoring::default)
    }
}

impl Scoring {
    pub fn is_empty(&self) -> bool {
        self.moscow.is_none() && self.wsjf.is_none() && self.rice.is_none() && self.extra.is_empty()
    }
    pub fn wsjf_score(&self) -> Option<f64> {
        self.wsjf.as_ref().and_then(Wsjf::score)
    }
    pub fn rice_score(&self) -> Option<f64> {
        self.rice.as_ref().and_then(Rice::score)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wsjf_is_cost_of_delay_over_job_size() {
        let w = Wsjf::new(8.0, 5.0, 3.0, 4.0);
        assert_eq!(w.score(), Some(4.0));
        assert_eq!(Wsjf { job_size: 0.0, ..w }.score(), None);
    }

    #[test]
    fn rice_uses_confidence_as_percent() {
        let r = Rice::new(1000.0, 2.0, 80.0, 4.0);
        assert_eq!(r.score(), Some(400.0));
        assert_eq!(Rice { effort: 0.0, ..r }.score(), None);
    }

    #[test]
    fn typed_inputs_take_thousands_and_say_what_is_wrong() {
        assert_eq!(Rice::parse("1,000, 2, 80, 3"), Ok(Rice::new(1000.0, 2.0, 80.0, 3.0)));
        assert_eq!(Rice::parse("1000,2,80,3"), Ok(Rice::new(1000.0, 2.0, 80.0, 3.0)));
        assert_eq!(Rice::parse("1 200; 0.5; 50; 1.5"), Ok(Rice::new(1200.0, 0.5, 50.0, 1.5)));
        assert_eq!(Wsjf::parse("8,5,3,4"), Ok(Wsjf::new(8.0, 5.0, 3.0, 4.0)));
        let msg = |r: Result<Rice, ScoreError>| r.unwrap_err().to_string();
        assert_eq!(
            msg(Rice::parse("1,000,2,80,3")),
            "expected 4 numbers (reach, impact, confidence %, effort), got 5; to write a thousands comma, \
             separate the numbers with \", \" or \";\" (1,000, 2, 80, 3)"
        );
        assert_eq!(msg(Rice::parse("1, 2")), "expected 4 numbers (reach, impact, confidence %, effort), got 2");
        assert_eq!(msg(Rice::parse("10, 2,5, 80, 3")), "impact: \"2,5\": use a point for decimals: 2.5");
        assert_eq!(msg(Rice::parse("10, x, 80, 3")), "impact: \"x\" is not a number");
    }

    #[test]
    fn every_input_is_bounded_to_its_range() {
        let rice = |t: &str| Rice::parse(t).map_err(|e| e.to_string());
        assert_eq!(rice("100, 2, 150, 3"), Err("confidence 150 is out of range: use 0 to 100 (percent)".into()));
        assert_eq!(rice("100, 2, -1, 3"), Err("confidence -1 is out of range: use 0 to 100 (percent)".into()));
        assert_eq!(rice("100, 5, 50, 3"), Err("impact 5 is out of range: use 0.25 (minimal) to 3 (massive)".into()));
        assert_eq!(rice("100, 0, 50, 3"), Err("impact 0 is out of range: use 0.25 (minimal) to 3 (massive)".into()));
        assert_eq!(rice("100, 2, 50, 0"), Err("effort 0 is out of range: use more than 0 (person-months)".into()));
        assert!(rice("-5, 2, 50, 1").unwrap_err().starts_with("reach -5 is out of range: use 0 or more"));
        for ok in ["0, 0.25, 0, 0.1", "1000000, 3, 100, 12", "5, 1.5, 80, 1"] {
            assert!(rice(ok).is_ok(), "{ok}");
        }
        let wsjf = |t: &str| Wsjf::parse(t).map_err(|e| e.to_string());
        assert!(wsjf("0, 0, 0, 0.5").is_ok());
        assert!(wsjf("100, 20, 13, 100").is_ok());
        assert_eq!(
            wsjf("8, 5, 3, 0"),
            Err("job size 0 is out of range: use more than 0, up to 100 (such as 1, 2, 3, 5, 8, 13, 20)".into())
        );
        assert!(wsjf("101, 5, 3, 1").unwrap_err().starts_with("business value 101 is out of range: use 0 to 100"));
        assert!(wsjf("8, -1, 3, 1").unwrap_err().starts_with("time criticality -1 is out of range"));
        // What was built in code is held to the same ranges.
        assert!(Rice::new(10.0, 2.0, 150.0, 1.0).check().is_err());
        assert!(Wsjf::new(f64::NAN, 1.0, 1.0, 1.0).check().is_err());
        assert!(Rice::new(f64::INFINITY, 1.0, 50.0, 1.0).check().is_err());
    }
}
