//! The second reading of a file, for what serde's derive read through a
//! plain `serde_json::Value`: unknown fields (kept in the `extra` of each
//! entity and of the parts inside it) and the values in conflict records. Such a value may have
//! changed on the way (`1E+2` read as 100.0), so it is read again from its
//! text, keeping every number as written (see [`crate::domain::json`]).
//!
//! Only entities holding such values are read again, so a file without
//! unknown fields or conflicts costs one check per entity.

use crate::domain::conflict::Sides;
use crate::domain::entity::Extra;
use crate::domain::history::{Edit, Record};
use crate::domain::item::{Comment, Criterion, ExternalRef, Imported, Item, Story};
use crate::domain::json::{self, needs_reread};
use crate::domain::ready::Checklist;
use crate::domain::score::{Rice, Scoring, Wsjf};
use crate::domain::sprint::{Sprint, SprintEvent, SprintReview};
use crate::domain::strategy::{Goal, Initiative, Kpi, Timeframe, Vision};
use crate::domain::workspace::{Conflict, Info, Settings, View, Workspace};
use serde_json::Error;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// An object's fields as raw text.
type Fields<'a> = BTreeMap<String, &'a RawValue>;

/// Reads the values that may have changed again from `text`, the file
/// `ws` was read from.
pub fn restore(ws: &mut Workspace, text: &str) -> Result<(), Error> {
    let collections = ws.goals.iter().any(Reread::stale)
        || ws.roadmap.iter().any(Reread::stale)
        || ws.items.iter().any(Reread::stale)
        || ws.sprints.iter().any(Reread::stale)
        || ws.conflicts.iter().any(Reread::stale)
        || ws.history.records().iter().any(Reread::stale);
    let singles = ws.workspace.stale() || ws.settings.stale() || ws.vision.stale() || stale(&ws.extra);
    if !(collections || singles) {
        return Ok(());
    }
    let top: Fields = serde_json::from_str(text)?;
    extra(&mut ws.extra, &top)?;
    one(&mut ws.workspace, top.get("workspace"))?;
    one(&mut ws.settings, top.get("settings"))?;
    one(&mut ws.vision, top.get("vision"))?;
    each(&mut ws.goals, top.get("goals"))?;
    each(&mut ws.roadmap, top.get("roadmap"))?;
    each(&mut ws.items, top.get("items"))?;
    each(&mut ws.sprints, top.get("sprints"))?;
    each(&mut ws.conflicts, top.get("conflicts"))?;
    each(ws.history.records_mut(), top.get("history"))
}

/// An entity whose values may need reading again.
trait Reread {
    fn stale(&self) -> bool;
    fn reread(&mut self, fields: &Fields) -> Result<(), Error>;
}

impl<T: Reread + Clone> Reread for crate::domain::shared::Shared<T> {
    fn stale(&self) -> bool {
        (**self).stale()
    }
    fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
        (**self).reread(fields)
    }
}

impl<T: Reread + crate::domain::sparse::Empty> Reread for crate::domain::sparse::Sparse<T> {
    fn stale(&self) -> bool {
        (**self).stale()
    }
    fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
        (**self).reread(fields)
    }
}

fn stale(e: &Extra) -> bool {
    e.values().any(needs_reread)
}

fn extra(e: &mut Extra, fields: &Fields) -> Result<(), Error> {
    for (k, v) in e.iter_mut().filter(|(_, v)| needs_reread(v)) {
        if let Some(raw) = fields.get(k) {
            *v = json::from_raw(raw)?;
        }
    }
    Ok(())
}

fn one<T: Reread>(x: &mut T, raw: Option<&&RawValue>) -> Result<(), Error> {
    match raw {
        Some(raw) if x.stale() => x.reread(&serde_json::from_str(raw.get())?),
        _ => Ok(()),
    }
}

/// A collection, matched to its text by position (a `Vec` keeps the
/// file's order).
fn each<T: Reread>(list: &mut [T], raw: Option<&&RawValue>) -> Result<(), Error> {
    let Some(raw) = raw.filter(|_| list.iter().any(T::stale)) else {
        return Ok(());
    };
    let raws: Vec<&RawValue> = serde_json::from_str(raw.get())?;
    for (x, raw) in list.iter_mut().zip(raws) {
        one(x, Some(&raw))?;
    }
    Ok(())
}

macro_rules! extra_only {
    ($($t:ty),+) => {$(
        impl Reread for $t {
            fn stale(&self) -> bool {
                stale(&self.extra)
            }
            fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
                extra(&mut self.extra, fields)
            }
        }
    )+};
}
extra_only!(
    Info,
    Vision,
    Kpi,
    Criterion,
    Comment,
    Imported,
    Checklist,
    View,
    SprintEvent,
    Story,
    Timeframe,
    Wsjf,
    Rice,
    SprintReview,
    Sides
);

impl Reread for Scoring {
    fn stale(&self) -> bool {
        stale(&self.extra) || self.wsjf.stale() || self.rice.stale()
    }
    fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
        extra(&mut self.extra, fields)?;
        one(&mut self.wsjf, fields.get("wsjf"))?;
        one(&mut self.rice, fields.get("rice"))
    }
}

impl Reread for Settings {
    fn stale(&self) -> bool {
        stale(&self.extra)
            || self.definition_of_ready.stale()
            || self.definition_of_done.stale()
            || self.views.iter().any(Reread::stale)
    }
    fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
        extra(&mut self.extra, fields)?;
        one(&mut self.definition_of_ready, fields.get("definition_of_ready"))?;
        one(&mut self.definition_of_done, fields.get("definition_of_done"))?;
        each(&mut self.views, fields.get("views"))
    }
}

impl Reread for ExternalRef {
    fn stale(&self) -> bool {
        stale(&self.extra) || self.imported.stale()
    }
    fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
        extra(&mut self.extra, fields)?;
        one(&mut self.imported, fields.get("imported"))
    }
}

impl<T: Reread> Reread for Box<T> {
    fn stale(&self) -> bool {
        T::stale(self)
    }
    fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
        T::reread(self, fields)
    }
}

impl<T: Reread> Reread for Option<T> {
    fn stale(&self) -> bool {
        self.as_ref().is_some_and(T::stale)
    }
    fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
        self.as_mut().map_or(Ok(()), |x| x.reread(fields))
    }
}

impl Reread for Initiative {
    fn stale(&self) -> bool {
        stale(&self.extra) || self.timeframe.stale() || self.scoring.stale()
    }
    fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
        extra(&mut self.extra, fields)?;
        one(&mut self.timeframe, fields.get("timeframe"))?;
        one(&mut self.scoring, fields.get("scoring"))
    }
}

impl Reread for Goal {
    fn stale(&self) -> bool {
        stale(&self.extra) || self.kpis.iter().any(Reread::stale)
    }
    fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
        extra(&mut self.extra, fields)?;
        each(&mut self.kpis, fields.get("kpis"))
    }
}

impl Reread for Item {
    fn stale(&self) -> bool {
        stale(&self.extra)
            || self.story.stale()
            || self.scoring.stale()
            || self.acceptance_criteria.iter().any(Reread::stale)
            || self.external.iter().any(Reread::stale)
            || self.comments.iter().any(Reread::stale)
    }
    fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
        extra(&mut self.extra, fields)?;
        one(&mut self.story, fields.get("story"))?;
        one(&mut self.scoring, fields.get("scoring"))?;
        each(&mut self.acceptance_criteria, fields.get("acceptance_criteria"))?;
        each(&mut self.external, fields.get("external"))?;
        each(&mut self.comments, fields.get("comments"))
    }
}

impl Reread for Sprint {
    fn stale(&self) -> bool {
        stale(&self.extra) || self.review.stale() || self.history.iter().any(Reread::stale)
    }
    fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
        extra(&mut self.extra, fields)?;
        one(&mut self.review, fields.get("review"))?;
        each(&mut self.history, fields.get("history"))
    }
}

impl Reread for Conflict {
    fn stale(&self) -> bool {
        stale(&self.extra) || self.sides.stale() || [&self.base, &self.ours, &self.theirs].into_iter().any(needs_reread)
    }
    fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
        extra(&mut self.extra, fields)?;
        one(&mut self.sides, fields.get("sides"))?;
        for (name, v) in [("base", &mut self.base), ("ours", &mut self.ours), ("theirs", &mut self.theirs)] {
            if let Some(raw) = fields.get(name).filter(|_| needs_reread(v)) {
                *v = json::from_raw(raw)?;
            }
        }
        Ok(())
    }
}

impl Reread for Record {
    fn stale(&self) -> bool {
        stale(&self.extra) || self.edits.iter().any(Reread::stale)
    }
    fn reread(&mut self, fields: &Fields) -> Result<(), Error> {
        extra(&mut self.extra, fields)?;
        each(&mut self.edits, fields.get("edits"))
    }
}

// An edit's values are read with their numbers kept in the first pass
// (`json::deserialize_exact`): only its unknown fields may need another.
extra_only!(Edit);
