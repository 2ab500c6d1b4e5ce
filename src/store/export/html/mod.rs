//! Stakeholder pages: the roadmap, the vision board with KPI gauges, a
//! sprint review with its burndown and burnup, and (for `backlog site`)
//! a page per initiative and epic, the releases, the sprints and the
//! changelog. Each page is self-contained HTML (inline CSS, charts as
//! inline SVG with their numbers as a table, no scripts) that can be
//! mailed, put on a wiki or served as it is. Every piece of text is
//! escaped.

mod context;
mod delivery;
mod parts;
mod strategy;

pub use context::{Ctx, Here, INTERNAL, Index};
pub use delivery::{changelog, epic, sprint as sprint_page, sprints};
pub use parts::esc;
pub use strategy::{initiative, releases, roadmap as roadmap_page, vision as index};

use crate::domain::Workspace;
use crate::domain::sprint::Sprint;
use crate::store::trail::Trail;
use chrono::NaiveDate;

/// Now / Next / Later with goals, progress and forecasts as of `today`;
/// with `commits`, each initiative's done stories and the commits that
/// delivered them.
pub fn roadmap(ws: &Workspace, commits: Option<&Trail>, today: NaiveDate) -> String {
    let index = Index::new(ws, false, false);
    strategy::roadmap(&Ctx { ws, today, trail: commits, public: false, index: &index })
}

/// The product vision board and the goals with KPI gauges.
pub fn vision(ws: &Workspace) -> String {
    let index = Index::default();
    strategy::vision(&Ctx { ws, today: chrono::Utc::now().date_naive(), trail: None, public: false, index: &index })
}

/// A sprint review: goal, numbers, burndown and burnup, what was done;
/// with `commits`, the commits that delivered each done story.
pub fn sprint(ws: &Workspace, s: &Sprint, today: NaiveDate, commits: Option<&Trail>) -> String {
    let index = Index::new(ws, false, false);
    delivery::sprint(&Ctx { ws, today, trail: commits, public: false, index: &index }, s)
}
