//! Prioritisation inputs and the scores derived from them. Scores are never
//! stored: they are computed from the inputs whenever they are shown.

use super::entity::Extra;
use super::item::string_enum;
use serde::{Deserialize, Serialize};

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
}
