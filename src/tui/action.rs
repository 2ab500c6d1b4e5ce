//! Everything a key can do, as data. The config file names these actions
//! (`undo = "ctrl-y"`), the palette lists them, and `?` shows what is bound.

use serde::{Deserialize, Serialize};

macro_rules! actions {
    ($($variant:ident = $name:literal, $desc:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Action { $($variant),+ }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];
            /// The name used in the config file and the palette.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),+ }
            }
            pub fn description(self) -> &'static str {
                match self { $(Action::$variant => $desc),+ }
            }
            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)+ _ => None }
            }
        }
    };
}

actions! {
    Quit = "quit", "Quit";
    Suspend = "suspend", "Suspend to the shell (fg comes back)";
    Help = "help", "Show the key bindings in force";
    Messages = "messages", "Message log: every info, warning and error of this session, whole and with its time";
    Palette = "palette", "Command palette: run any action by name";
    PaneVision = "pane_vision", "Go to the Vision pane";
    PaneRoadmap = "pane_roadmap", "Go to the Roadmap pane";
    PaneBacklog = "pane_backlog", "Go to the Backlog pane";
    PaneSprint = "pane_sprint", "Go to the Sprint pane";
    NextPane = "next_pane", "Next pane";
    PrevPane = "prev_pane", "Previous pane";
    Up = "up", "Move the selection up";
    Down = "down", "Move the selection down";
    Left = "left", "Previous column";
    Right = "right", "Next column";
    Top = "top", "Jump to the first row";
    Bottom = "bottom", "Jump to the last row";
    PageUp = "page_up", "One page up";
    PageDown = "page_down", "One page down";
    Open = "open", "Open the detail of the selection";
    Back = "back", "Close, cancel, or clear the filter";
    New = "new", "New item in this pane";
    Edit = "edit", "Edit the selection";
    EditLong = "edit_long", "Edit long text (description, criteria) in $EDITOR";
    Delete = "delete", "Delete the selection";
    MoveDown = "move_down", "Move the selection down in rank";
    MoveUp = "move_up", "Move the selection up in rank";
    ToggleSprint = "toggle_sprint", "Pull into the sprint, or send back to the backlog";
    Filter = "filter", "Filter as you type";
    GoTo = "go_to", "Go to a key: an item (BL-3), an initiative (R3) or a goal (G2), selected in its pane";
    OwnerFilter = "owner_filter", "Role view: show everyone's items, only the PM's, or only the PO's";
    MoveLeft = "move_left", "Move the selection to the previous column (horizon, board status)";
    MoveRight = "move_right", "Move the selection to the next column (horizon, board status)";
    CycleView = "cycle_view", "Switch the pane's view: roadmap timeline, sprint planning/charts, backlog by score";
    Sort = "sort", "Backlog: sort by any column, either way (the rank is unchanged)";
    Breakdown = "breakdown", "New story linked to the selected initiative";
    Intake = "intake", "Backlog: only stories of initiatives ready for breakdown";
    Alignment = "alignment", "Alignment report: gaps between goals, roadmap and backlog";
    Archive = "archive", "The archive: long-closed work, read-only (also is:archived in /)";
    RerankByScore = "rerank_by_score", "Re-rank the backlog by WSJF (or the score shown), undoable";
    UpdateKpi = "update_kpi", "Vision: update the current values of the selected goal's KPIs";
    Criteria = "criteria", "Acceptance criteria of the selection: add, edit, delete, reorder, check off";
    Mark = "mark", "Mark the selected item (or unmark it) and move down: actions then apply to every marked item";
    MarkRange = "mark_range", "Mark a range: press, move to extend, press again to end";
    MoveToTop = "move_to_top", "Move the selection (or the marked items, as a block) to the top of the backlog";
    MoveToBottom = "move_to_bottom", "Move the selection (or the marked items, as a block) to the bottom of the backlog";
    MoveMarkedHere = "move_marked_here", "Move the marked items, as a block in their order, before the selection";
    Duplicate = "duplicate", "Duplicate the selection (or each marked item) right after it, with a new key";
    Split = "split", "Split a story into two or more, sharing out its acceptance criteria";
    ToggleExpand = "toggle_expand", "Expand or collapse an epic to show its children under it";
    ToggleDone = "toggle_done", "Show or hide done and dropped items in the backlog's rank view";
    Comment = "comment", "Add a comment to the selected item";
    Definition = "definition", "The selected item against the Definition of Ready and Done: tick its checklist";
    History = "history", "History of the selected item: every change to every field, who made it and when";
    Activity = "activity", "What changed since you last looked: everyone's changes, newest last";
    Views = "views", "Named views: apply a saved filter, or save the current one";
    Links = "links", "Dependencies: what the selected item blocks and is blocked by";
    SwitchSprint = "switch_sprint", "Sprint pane: plan and show the next open sprint (active or planned)";
    SprintLifecycle = "sprint_lifecycle", "Start the planned sprint, or close the active one";
    WipLimit = "wip_limit", "Sprint board: set or lift the WIP limit of the selected column";
    Conflicts = "conflicts", "Conflicting edits from another session: keep ours or take theirs";
    ExportRoadmap = "export_roadmap", "Export the roadmap as Markdown, beside the workspace file";
    ExportRoadmapHtml = "export_roadmap_html", "Export the roadmap as HTML, beside the workspace file";
    ExportRoadmapJson = "export_roadmap_json", "Export the roadmap as JSON, beside the workspace file";
    ExportVision = "export_vision", "Export the vision board and goals as Markdown, beside the workspace file";
    ExportVisionHtml = "export_vision_html", "Export the vision board and goals as HTML, beside the workspace file";
    ExportVisionJson = "export_vision_json", "Export the vision board and goals as JSON, beside the workspace file";
    ExportSprint = "export_sprint", "Export the sprint shown (or its review) as Markdown, beside the workspace file";
    ExportSprintHtml = "export_sprint_html", "Export the sprint shown (or its review) as HTML, beside the workspace file";
    ExportSprintJson = "export_sprint_json", "Export the sprint shown (or its review) as JSON, beside the workspace file";
    ExportBacklogJson = "export_backlog_json", "Export the backlog as JSON (what / finds), beside the workspace file";
    ExportBacklogCsv = "export_backlog_csv", "Export the backlog as Jira CSV (what / finds), beside the workspace file";
    ExportBacklogMd = "export_backlog_md", "Export the backlog as Markdown (what / finds), beside the workspace file";
    ToggleTheme = "toggle_theme", "Switch between the dark and the light theme";
    Undo = "undo", "Undo";
    Redo = "redo", "Redo";
}
