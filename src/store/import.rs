//! Reading other tools' exports into new backlog items.

use crate::domain::command::NewItem;
use crate::domain::item::ExternalRef;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: {source}", path.display())]
    Csv { path: std::path::PathBuf, source: csv::Error },
    #[error(
        "{}: no title column; expected Jira's export headers (Issue key, Summary, Description, Story Points) or issuekey,title,description,storypoint",
        path.display()
    )]
    NoTitle { path: std::path::PathBuf },
}

/// One issue read from a Jira CSV export.
#[derive(Debug, Clone, PartialEq)]
pub struct JiraIssue {
    pub key: String,
    pub title: String,
    pub description: String,
    pub points: Option<f64>,
}

fn column(headers: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| {
        let h = h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
        names.contains(&h.as_str())
    })
}

/// Reads a Jira CSV, with either Jira's own export headers or the
/// `issuekey,title,description,storypoint` layout of public datasets.
pub fn read_jira_csv(path: &Path) -> Result<Vec<JiraIssue>, ImportError> {
    let err = |source| ImportError::Csv { path: path.to_owned(), source };
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_path(path).map_err(err)?;
    let headers = rdr.headers().map_err(err)?.clone();
    let key = column(&headers, &["issue key", "issuekey", "key"]);
    let title =
        column(&headers, &["summary", "title"]).ok_or_else(|| ImportError::NoTitle { path: path.to_owned() })?;
    let desc = column(&headers, &["description"]);
    let points =
        column(&headers, &["story points", "storypoint", "story point estimate", "custom field (story points)"]);
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(err)?;
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").to_owned();
        let title = get(Some(title));
        if title.trim().is_empty() {
            continue;
        }
        out.push(JiraIssue {
            key: get(key),
            title,
            description: get(desc),
            points: get(points).trim().parse().ok().filter(|p: &f64| p.is_finite() && *p >= 0.0),
        });
    }
    Ok(out)
}

/// The scale value nearest to `points` (ties go up: under-estimating is
/// the commoner mistake).
pub fn nearest_on_scale(points: f64, scale: &[u32]) -> Option<u32> {
    scale.iter().copied().min_by(|a, b| {
        let (da, db) = ((f64::from(*a) - points).abs(), (f64::from(*b) - points).abs());
        da.total_cmp(&db).then(b.cmp(a))
    })
}

impl JiraIssue {
    pub fn to_new_item(&self, scale: &[u32]) -> NewItem {
        NewItem {
            title: self.title.clone(),
            description: self.description.clone(),
            estimate: self.points.and_then(|p| nearest_on_scale(p, scale)),
            external: if self.key.trim().is_empty() {
                Vec::new()
            } else {
                vec![ExternalRef::new("jira", self.key.trim())]
            },
            ..NewItem::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_scale_value() {
        let scale = [0, 1, 2, 3, 5, 8, 13, 20, 40, 100];
        assert_eq!(nearest_on_scale(21.0, &scale), Some(20));
        assert_eq!(nearest_on_scale(4.0, &scale), Some(5));
        assert_eq!(nearest_on_scale(0.5, &scale), Some(1));
        assert_eq!(nearest_on_scale(1000.0, &scale), Some(100));
    }

    #[test]
    fn reads_both_header_styles() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        std::fs::write(
            &a,
            "issuekey,title,description,storypoint,split_mark\nX-1,\"A, quoted\",\"multi\nline\",5,train\n",
        )
        .unwrap();
        let b = dir.path().join("b.csv");
        std::fs::write(&b, "Summary,Issue key,Story Points\nB title,Y-2,\n").unwrap();
        let ia = read_jira_csv(&a).unwrap();
        assert_eq!(
            ia[0],
            JiraIssue {
                key: "X-1".into(),
                title: "A, quoted".into(),
                description: "multi\nline".into(),
                points: Some(5.0)
            }
        );
        let ib = read_jira_csv(&b).unwrap();
        assert_eq!((ib[0].key.as_str(), ib[0].title.as_str(), ib[0].points), ("Y-2", "B title", None));
    }
}
