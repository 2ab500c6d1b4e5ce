//! What the Roadmap pane shows: each column's initiatives, and the
//! timeline's, with the dates they cover.

use crate::domain::Workspace;
use crate::domain::strategy::{Horizon, Initiative, Timeframe};
use crate::domain::workspace::InitiativeProgress;
use crate::tui::state::Narrow;
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::HashMap;
use uuid::Uuid;

/// Each initiative's progress (a scan of every item), kept for the
/// workspace revision it was made for: made after the frame that follows a
/// change, read by every frame until the next one.
#[derive(Debug, Clone, Default)]
pub struct KeptProgress {
    made_for: Option<u64>,
    by_initiative: HashMap<Uuid, InitiativeProgress>,
}

impl KeptProgress {
    pub fn fresh(&self, revision: u64) -> bool {
        self.made_for == Some(revision)
    }

    /// Makes it again unless fresh; true when it did.
    pub fn refresh(&mut self, ws: &Workspace, revision: u64) -> bool {
        if self.fresh(revision) {
            return false;
        }
        self.by_initiative = ws.initiative_progress();
        self.made_for = Some(revision);
        true
    }

    /// The kept progress when fresh, else made now (the first frame after
    /// a change, before the background step).
    pub fn get(&self, ws: &Workspace, revision: u64) -> Cow<'_, HashMap<Uuid, InitiativeProgress>> {
        if self.fresh(revision) { Cow::Borrowed(&self.by_initiative) } else { Cow::Owned(ws.initiative_progress()) }
    }
}

/// The initiatives of one roadmap column, as the pane shows them (the
/// owner toggle applies).
pub fn roadmap_column<'a>(
    ws: &'a Workspace,
    narrow: &Narrow,
    h: crate::domain::strategy::Horizon,
) -> Vec<&'a crate::domain::strategy::Initiative> {
    ws.ranked_initiatives(h)
        .into_iter()
        .filter(|i| narrow.texts(i.meta.owner, &[&i.key, &i.title, &i.theme, &i.description]))
        .collect()
}

/// The dates an initiative's timeframe covers: its dates, or a label such
/// as "Q1 2027", "H2 2027", "2027" or "March 2027".
pub fn span(tf: &Timeframe) -> Option<(NaiveDate, NaiveDate)> {
    if let (Some(s), Some(e)) = (tf.start, tf.end) {
        return Some((s, e));
    }
    let words: Vec<String> = tf.label.split_whitespace().map(|w| w.to_ascii_lowercase()).collect();
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

/// The initiatives the timeline draws, top to bottom (those with a
/// timeframe: now, next, later, each by rank), with the dates they cover.
pub fn timeline_order<'a>(ws: &'a Workspace, narrow: &Narrow) -> Vec<(&'a Initiative, (NaiveDate, NaiveDate))> {
    Horizon::ALL
        .iter()
        .flat_map(|h| roadmap_column(ws, narrow, *h))
        .filter_map(|i| i.timeframe.as_ref().and_then(span).map(|s| (i, s)))
        .collect()
}
