//! The PM's side: the product vision board, business goals with their KPIs,
//! and roadmap initiatives.

use super::entity::{Extra, Meta};
use super::score::Scoring;
use super::string_enum::string_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The board's sections in reading order: the field's name in the file and
/// the label people know it by. Every front end lists the board from this.
pub const VISION_SECTIONS: [(&str, &str); 6] = [
    ("statement", "Vision"),
    ("target_group", "Target group"),
    ("needs", "Needs"),
    ("product", "Product"),
    ("business_goals", "Business goals"),
    ("pitch", "Elevator pitch"),
];

/// The Product Vision Board, plus an optional elevator pitch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vision {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(default)]
    pub statement: String,
    #[serde(default)]
    pub target_group: String,
    #[serde(default)]
    pub needs: String,
    #[serde(default)]
    pub product: String,
    #[serde(default)]
    pub business_goals: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pitch: String,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Vision {
    /// The sections' texts, in [`VISION_SECTIONS`] order.
    pub fn texts(&self) -> [&str; 6] {
        [&self.statement, &self.target_group, &self.needs, &self.product, &self.business_goals, &self.pitch]
    }
}

string_enum! {
    /// Health of a business goal.
    GoalStatus {
        OnTrack = "on_track", AtRisk = "at_risk", OffTrack = "off_track",
        Achieved = "achieved", Dropped = "dropped",
    }
}

string_enum! {
    /// Which way a KPI should move.
    Direction { Up = "up", Down = "down" }
}

/// A key performance indicator: where it started, where it is, where it
/// should get to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub current: f64,
    pub direction: Direction,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Kpi {
    /// Parses `name=Activation;unit=%;baseline=22;target=40;current=27;direction=up`
    /// (how the CLI writes a KPI). Numbers are read as people type them
    /// ([`super::number`]: `baseline=1,000`). `current` defaults to the
    /// baseline, `direction` to the way the target lies from the baseline.
    pub fn parse_spec(spec: &str) -> Result<Kpi, String> {
        let mut name = None;
        let (mut unit, mut baseline, mut target, mut current, mut direction) = (String::new(), None, None, None, None);
        for part in spec.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').ok_or_else(|| format!("kpi: {part:?} is not key=value"))?;
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
            let num = || super::number::parse(v).map_err(|e| format!("kpi {k}: {e}"));
            match k.as_str() {
                "name" => name = Some(v.to_owned()),
                "unit" => unit = v.to_owned(),
                "baseline" => baseline = Some(num()?),
                "target" => target = Some(num()?),
                "current" => current = Some(num()?),
                "direction" => direction = Some(v.parse::<Direction>()?),
                other => {
                    return Err(format!(
                        "kpi: unknown key {other:?}; use name, unit, baseline, target, current, direction"
                    ));
                }
            }
        }
        let name = name.filter(|n| !n.is_empty()).ok_or("kpi: name= is required")?;
        let baseline = baseline.ok_or_else(|| format!("kpi {name}: baseline= is required"))?;
        let target = target.ok_or_else(|| format!("kpi {name}: target= is required"))?;
        Ok(Kpi {
            name,
            unit,
            baseline,
            target,
            current: current.unwrap_or(baseline),
            direction: direction.unwrap_or(if target < baseline { Direction::Down } else { Direction::Up }),
            extra: Extra::new(),
        })
    }

    /// `value` with the unit as people write it: `27%`, `612 venues`.
    pub fn with_unit(&self, value: f64) -> String {
        match self.unit.chars().next() {
            None => format!("{value}"),
            Some(c) if c.is_alphanumeric() => format!("{value} {}", self.unit),
            Some(_) => format!("{value}{}", self.unit),
        }
    }

    /// The spec [`Kpi::parse_spec`] reads back.
    pub fn spec(&self) -> String {
        let unit = if self.unit.is_empty() { String::new() } else { format!(";unit={}", self.unit) };
        format!(
            "name={}{unit};baseline={};target={};current={};direction={}",
            self.name, self.baseline, self.target, self.current, self.direction
        )
    }

    /// Progress from baseline towards target, clamped to 0..=1.
    pub fn progress(&self) -> f64 {
        let span = self.target - self.baseline;
        if span == 0.0 {
            return if self.current == self.target { 1.0 } else { 0.0 };
        }
        ((self.current - self.baseline) / span).clamp(0.0, 1.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    #[serde(flatten)]
    pub meta: Meta,
    /// Short key such as `G3`.
    pub key: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub status: GoalStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Kpi>,
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// Roadmap column.
    Horizon { Now = "now", Next = "next", Later = "later" }
}

string_enum! {
    /// Lifecycle of an initiative; `ready_for_breakdown` hands it to the PO.
    InitiativeStatus {
        Idea = "idea", Planned = "planned", ReadyForBreakdown = "ready_for_breakdown",
        InProgress = "in_progress", Done = "done", Dropped = "dropped",
    }
}

/// When an initiative is expected to happen, as loosely as the PM likes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Timeframe {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Timeframe {
    /// The dates an initiative's timeframe covers: its dates, or a label such
    /// as "Q1 2027", "H2 2027", "2027" or "March 2027".
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        if let (Some(s), Some(e)) = (self.start, self.end) {
            return Some((s, e));
        }
        let words: Vec<String> = self.label.split_whitespace().map(|w| w.to_ascii_lowercase()).collect();
        let year = words
            .iter()
            .find_map(|w| w.trim_start_matches('\'').parse::<i32>().ok().filter(|y| (1900..3000).contains(y)))?;
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(year, m, day);
        let end_of = |m: u32| if m == 12 { d(12, 31) } else { d(m + 1, 1).and_then(|x| x.pred_opt()) };
        for w in &words {
            if let Some(q) = w.strip_prefix('q').and_then(|q| q.parse::<u32>().ok()).filter(|q| (1..=4).contains(q)) {
                return Some((d(q * 3 - 2, 1)?, end_of(q * 3)?));
            }
            if let Some(h) = w.strip_prefix('h').and_then(|h| h.parse::<u32>().ok()).filter(|h| (1..=2).contains(h)) {
                return Some((d(h * 6 - 5, 1)?, end_of(h * 6)?));
            }
            let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
            if let Some(m) = months.iter().position(|m| w.starts_with(m)) {
                let m = m as u32 + 1;
                return Some((d(m, 1)?, end_of(m)?));
            }
        }
        Some((d(1, 1)?, d(12, 31)?))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Initiative {
    #[serde(flatten)]
    pub meta: Meta,
    /// Short key such as `R7`.
    pub key: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub horizon: Horizon,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeframe: Option<Timeframe>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub theme: String,
    /// Goals this initiative serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Uuid>,
    pub status: InitiativeStatus,
    pub rank: String,
    #[serde(default, skip_serializing_if = "Scoring::is_empty")]
    pub scoring: Scoring,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::command::VisionPatch;
    use crate::domain::{Command, Ctx, Meta, Role, Workspace, apply};

    /// Section `i` means the same field everywhere: its name in the file,
    /// `Vision::texts()[i]` and `VisionPatch::set(i, …)`.
    #[test]
    fn the_vision_sections_agree_on_every_field() {
        for (i, (name, _)) in VISION_SECTIONS.iter().enumerate() {
            let now = chrono::Utc::now();
            let mut ws = Workspace::new("t", "BL", Meta::new(uuid::Uuid::nil(), Role::Pm, now, Role::Pm));
            let mut patch = VisionPatch::default();
            patch.set(i, format!("text {i}"));
            apply(&mut ws, Command::EditVision(patch), &mut Ctx::new(now, Role::Pm)).unwrap();
            let texts = ws.vision.texts();
            for (j, t) in texts.iter().enumerate() {
                assert_eq!(*t, if i == j { format!("text {i}") } else { String::new() }, "section {i}, text {j}");
            }
            let json = serde_json::to_value(&ws.vision).unwrap();
            assert_eq!(json[name], format!("text {i}"), "{name}");
        }
    }

    #[test]
    fn a_kpi_spec_reads_numbers_as_people_type_them() {
        let k = Kpi::parse_spec("name=Seats;unit=seats;baseline=1,000;target=1 300;current=1,050.5").unwrap();
        assert_eq!((k.baseline, k.target, k.current), (1000.0, 1300.0, 1050.5));
        assert_eq!(
            Kpi::parse_spec("name=Churn;baseline=2,5;target=1.5"),
            Err("kpi baseline: \"2,5\": use a point for decimals: 2.5".to_owned())
        );
        assert_eq!(Kpi::parse_spec("name=X;baseline=inf;target=1"), Err("kpi baseline: \"inf\" is too large".into()));
    }
}
