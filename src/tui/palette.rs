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

/// What a hit on an action's name adds to its score: half a matched
/// character (nucleo counts 16 a character).
const NAME_BONUS: u32 = 8;

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
    // A hit on the action's name counts a little more: "undo" is the undo
    // action, not every action whose description mentions undoing. Only a
    // little: a close match in a description ("log" in "Message log") still
    // beats letters scattered through a name ("edit long"). Equal scores go
    // to the shorter name, as fzf ranks: "exp road" is `export_roadmap`
    // before `export_roadmap_html`.
    let mut hits: Vec<(Hit, usize)> = Action::ALL
        .iter()
        .filter_map(|&action| {
            let name = score(&action.name().replace('_', " ")).map(|s| s + NAME_BONUS);
            let desc = score(action.description());
            name.max(desc).map(|score| (Hit { action, score, view: None }, action.name().len()))
        })
        .collect();
    hits.sort_by(|(a, al), (b, bl)| b.score.cmp(&a.score).then(al.cmp(bl)).then(a.action.cmp(&b.action)));
    hits.into_iter().map(|(h, _)| h).collect()
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

    /// Words typed in part find the action they start, before the longer
    /// names they also start and the descriptions that merely hold the
    /// letters.
    #[test]
    fn partial_words_rank_the_closest_name_first() {
        assert_eq!(matches("exp road")[0].action, Action::ExportRoadmap);
        assert_eq!(matches("exp road html")[0].action, Action::ExportRoadmapHtml);
        assert_eq!(matches("road json")[0].action, Action::ExportRoadmapJson);
        assert_eq!(matches("exp vis")[0].action, Action::ExportVision);
        assert_eq!(matches("exp back csv")[0].action, Action::ExportBacklogCsv);
        assert_eq!(matches("export sprint html")[0].action, Action::ExportSprintHtml);
        assert_eq!(matches("msg")[0].action, Action::Messages);
        assert_eq!(matches("log")[0].action, Action::Messages);
        assert_eq!(
            matches_with_views("exp road", &[("Road work".into(), "label:road".into())])[0].action,
            Action::ExportRoadmap
        );
    }

    /// Every format the CLI's `export` writes is an entry: roadmap, vision
    /// and sprint as Markdown, HTML and JSON; the backlog as JSON, CSV and
    /// Markdown.
    #[test]
    fn every_export_format_of_the_cli_is_offered() {
        let exports: Vec<&str> = Action::ALL.iter().map(|a| a.name()).filter(|n| n.starts_with("export_")).collect();
        for doc in ["roadmap", "vision", "sprint"] {
            for f in ["", "_html", "_json"] {
                assert!(exports.contains(&format!("export_{doc}{f}").as_str()), "{doc}{f}: {exports:?}");
            }
        }
        for f in ["json", "csv", "md"] {
            assert!(exports.contains(&format!("export_backlog_{f}").as_str()), "backlog {f}: {exports:?}");
        }
        assert_eq!(exports.len(), 12, "{exports:?}");
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
