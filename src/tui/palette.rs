//! The command palette's matching: every action, fuzzy-matched by name
//! and description (nucleo, the matcher behind helix's pickers).

use super::action::Action;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

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
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let texts: Vec<(Action, String)> =
        Action::ALL.iter().map(|&a| (a, format!("{} {}", a.name().replace('_', " "), a.description()))).collect();
    let mut hits: Vec<Hit> = pattern
        .match_list(texts.iter().map(|(a, t)| (*a, t.as_str())).map(Candidate), &mut matcher)
        .into_iter()
        .map(|(c, score)| Hit { action: c.0.0, score })
        .collect();
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.action.cmp(&b.action)));
    hits
}

struct Candidate<'a>((Action, &'a str));

impl AsRef<str> for Candidate<'_> {
    fn as_ref(&self) -> &str {
        self.0.1
    }
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
