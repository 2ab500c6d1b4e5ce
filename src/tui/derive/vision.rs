//! What the Vision pane shows: the board's sections, then the goals.

use crate::domain::Workspace;
use crate::tui::state::Narrow;

/// Rows of the Vision pane: the board's sections, then one per goal.
pub use crate::domain::strategy::VISION_SECTIONS;

/// The goals the Vision pane lists (the owner toggle and `/` apply).
pub fn goals<'a>(ws: &'a Workspace, narrow: &Narrow) -> Vec<&'a crate::domain::strategy::Goal> {
    ws.live_goals()
        .filter(|g| {
            let mut texts = vec![g.key.as_str(), g.title.as_str(), g.description.as_str()];
            texts.extend(g.kpis.iter().map(|k| k.name.as_str()));
            narrow.texts(g.meta.owner, &texts)
        })
        .collect()
}
