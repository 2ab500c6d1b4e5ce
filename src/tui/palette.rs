//! The command palette's matching: every action, fuzzy-matched by name
//! and description (nucleo, the matcher behind helix's pickers).

use super::action::Action;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub action: Action,
    pub score: u32,
}

/// Actions matching `query`, best first (all of them, in order, when the
/// query is empty).
pub fn matches(query: &str) -> Vec<Hit> {
    if query.trim().is_empty() {
        return Action::ALL.iter().map(|&action| Hit { action, score: 0 }).collect();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    // An action's config name (`export_roadmap`) finds it too.
    let query = query.replace('_', " ");
    let pattern = Pattern::parse(&query, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut score = |text: &str| pattern.score(Utf32Str::new(text, &mut buf), &mut matcher);
    // A hit on the action's name counts double: "undo" is the undo action,
    // not every action whose description mentions undoing.
    let mut hits: Vec<Hit> = Action::ALL
        .iter()
        .filter_map(|&action| {
            let name = score(&action.name().replace('_', " ")).map(|s| s * 2);
            let desc = score(action.description());
            name.max(desc).map(|score| Hit { action, score })
        })
        .collect();
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.action.cmp(&b.action)));
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_finds_actions() {
        assert_eq!(matches("undo")[0].action, Action::Undo);
        assert_eq!(matches("pull")[0].action, Action::ToggleSprint);
        assert_eq!(matches("sprnt pane")[0].action, Action::PaneSprint);
        assert!(matches("").len() == Action::ALL.len());
        assert!(matches("zzzzqqq").is_empty());
    }
}
