//! The command palette's matching: every action, and every named view
//! saved in the workspace, fuzzy-matched by name and description (nucleo,
//! the matcher behind helix's pickers).

use super::action::Action;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub action: Action,
    pub score: u32,
    /// A named view (its index in the settings' list) rather than an
    /// action: choosing it shows the backlog as the view says.
    pub view: Option<usize>,
}

/// The named views as the palette matches them: name and filter.
pub fn views_of(ws: &crate::domain::Workspace) -> Vec<(String, String)> {
    ws.settings.views.iter().map(|v| (v.name.clone(), v.filter.clone())).collect()
}

/// Actions and named views (`views`: their names and filters) matching
/// `query`, best first: everything, views first, when the query is empty.
pub fn matches_with_views(query: &str, views: &[(String, String)]) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    for (i, (name, filter)) in views.iter().enumerate() {
        let text = format!("view {name} {filter}");
        let score =
            if query.trim().is_empty() { Some(0) } else { pattern.score(Utf32Str::new(&text, &mut buf), &mut matcher) };
        if let Some(score) = score {
            hits.push(Hit { action: Action::Views, score: score * 2, view: Some(i) });
        }
    }
    let mut rest = matches(query);
    if query.trim().is_empty() {
        hits.append(&mut rest);
        return hits;
    }
    hits.append(&mut rest);
    hits.sort_by(|a, b| {
        b.score.cmp(&a.score).then(a.view.is_none().cmp(&b.view.is_none())).then(a.action.cmp(&b.action))
    });
    hits
}

/// Actions matching `query`, best first (all of them, in order, when the
/// query is empty).
pub fn matches(query: &str) -> Vec<Hit> {
    if query.trim().is_empty() {
        return Action::ALL.iter().map(|&action| Hit { action, score: 0, view: None }).collect();
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
            name.max(desc).map(|score| Hit { action, score, view: None })
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

    #[test]
    fn saved_views_are_entries_of_their_own() {
        let views =
            vec![("Payroll".to_owned(), "label:payroll".to_owned()), ("Bugs".to_owned(), "kind:bug".to_owned())];
        let all = matches_with_views("", &views);
        assert_eq!((all[0].view, all[1].view), (Some(0), Some(1)), "views first");
        assert_eq!(all.len(), Action::ALL.len() + 2);
        assert_eq!(matches_with_views("payroll", &views)[0].view, Some(0));
        assert_eq!(matches_with_views("view bugs", &views)[0].view, Some(1));
    }
}
