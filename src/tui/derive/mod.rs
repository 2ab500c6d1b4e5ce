//! Derived lists: what a pane or a popup shows, computed from the state and
//! the workspace. Below both `update` (which moves a cursor over them) and
//! `view` (which draws them), so the two read one definition and never
//! import each other.

mod align;
mod archive;
mod find;
pub mod forecast;
mod help;
mod roadmap;
mod sprint;
mod vision;

pub use align::{AlignLine, AlignTarget, alignment_entries};
pub use archive::archive_rows;
pub use find::{SORT_LETTERS, go_to_target};
pub use forecast::Forecasts;
pub use help::popup_keys;
pub use roadmap::{KeptProgress, roadmap_column, timeline_order};
pub use sprint::{BOARD, board_columns, chart_sprints, planning_sides, shown_sprint};
pub use vision::{VISION_SECTIONS, goals};
