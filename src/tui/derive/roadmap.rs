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

/// The initiatives the timeline draws, top to bottom (those with a
/// timeframe: now, next, later, each by rank), with the dates they cover.
pub fn timeline_order<'a>(ws: &'a Workspace, narrow: &Narrow) -> Vec<(&'a Initiative, (NaiveDate, NaiveDate))> {
    Horizon::ALL
        .iter()
        .flat_map(|h| roadmap_column(ws, narrow, *h))
        .filter_map(|i| i.timeframe.as_ref().and_then(Timeframe::span).map(|s| (i, s)))
        .collect()
}
