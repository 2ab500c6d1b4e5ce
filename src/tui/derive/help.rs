//! The keys a popup has of its own: what the help lists for it, and
//! whether `?` in it opens that help.

use crate::tui::state::Modal;

/// The keys of a popup that has its own, for the help (`?` in it): a
/// title and (keys, what they do). `None` for the others.
pub fn popup_keys(modal: &Modal) -> Option<(&'static str, &'static [(&'static str, &'static str)])> {
    Some(match modal {
        Modal::Initiative { .. } => (
            "Initiative detail",
            &[
                ("e", "edit the initiative"),
                ("j k PgUp PgDn", "scroll"),
                ("g G Home End", "top, end"),
                ("Esc", "close"),
            ],
        ),
        Modal::Alignment { .. } => (
            "Alignment report",
            &[
                ("j k", "move between entries"),
                ("PgUp PgDn", "a page up or down"),
                ("g G Home End", "the first or the last entry"),
                ("Enter", "go to it"),
                ("Esc", "close"),
            ],
        ),
        Modal::Archive { .. } => (
            "Archive",
            &[
                ("j k", "move between archived items"),
                ("PgUp PgDn", "a page up or down"),
                ("g G Home End", "the first or the last"),
                ("Esc", "close (any other key too); the filter goes with it"),
            ],
        ),
        Modal::History { item, .. } => (
            if item.is_some() { "History" } else { "Activity" },
            &[
                ("j k PgUp PgDn", "scroll"),
                ("g G Home End", "the oldest or the newest"),
                ("Esc", "close (any other key too)"),
            ],
        ),
        Modal::Messages { .. } => (
            "Messages",
            &[
                ("j k PgUp PgDn", "scroll"),
                ("g G Home End", "the oldest or the newest"),
                ("Esc", "close (any other key too)"),
            ],
        ),
        // While a criterion's text is being typed, `?` is text.
        Modal::Criteria { edit: None, .. } => (
            "Acceptance criteria",
            &[
                ("j k PgUp PgDn g G", "move"),
                ("Space x", "check or uncheck the criterion"),
                ("a n o", "add one"),
                ("e Enter", "edit its text"),
                ("d Del", "delete it"),
                ("J K", "move it down or up"),
                ("u Ctrl-r", "undo or redo"),
                ("Esc q c", "close"),
            ],
        ),
        Modal::Definition { .. } => (
            "Definition of Ready and Done",
            &[
                ("j k", "move between the items a person ticks"),
                ("PgUp PgDn g G", "a page, the first, the last"),
                ("Space x Enter", "tick or untick"),
                ("Esc q D", "close"),
            ],
        ),
        Modal::Sort { .. } => (
            "Sort",
            &[
                ("j k", "move"),
                ("Enter", "sort by the column (again: the other way round)"),
                ("letter", "sort by that column"),
                ("Esc q", "close"),
            ],
        ),
        Modal::Views { .. } => (
            "Views",
            &[
                ("j k PgUp PgDn g G", "move"),
                ("Enter", "show the view"),
                ("s n", "save the current filter and sort"),
                ("d Del", "delete"),
                ("Esc q", "close"),
            ],
        ),
        Modal::Conflicts { .. } => {
            ("Conflicts", &[("j k PgUp PgDn g G", "move"), ("o", "keep ours"), ("t", "take theirs"), ("Esc", "close")])
        }
        Modal::CloseSprint { .. } => (
            "Close the sprint",
            &[
                ("c Tab", "carry unfinished work over to the next sprint, or back to the backlog"),
                ("r", "write the review notes (Enter ends them)"),
                ("y", "close: the goal was met"),
                ("n", "close: the goal was not met"),
                ("s", "close without saying"),
                ("Esc", "keep the sprint open"),
            ],
        ),
        _ => return None,
    })
}
