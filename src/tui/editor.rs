//! Long text in the user's `$EDITOR`: the document we hand over and how
//! we read it back. Pure functions; running the editor is the event
//! loop's job (it owns the terminal).

use crate::domain::item::{Criterion, Item};

const DESCRIPTION: &str = "## Description";
const CRITERIA: &str = "## Acceptance criteria";

/// The Markdown document for an item's description and criteria.
pub fn item_document(item: &Item) -> String {
    let mut s = format!(
        "<!-- {} {} -->\n<!-- Edit the description and the acceptance criteria, save and quit.\n     \
         Criteria are \"- [ ] text\" (or \"- [x] text\" when met). Leave the file empty to change nothing. -->\n\n",
        item.key, item.title
    );
    s.push_str(DESCRIPTION);
    s.push_str("\n\n");
    if !item.description.is_empty() {
        s.push_str(item.description.trim_end());
        s.push('\n');
    }
    s.push('\n');
    s.push_str(CRITERIA);
    s.push_str("\n\n");
    for c in &item.acceptance_criteria {
        s.push_str(if c.met { "- [x] " } else { "- [ ] " });
        s.push_str(&c.text);
        s.push('\n');
    }
    s
}

/// Reads the document back: `None` if the user emptied it (cancel).
pub fn parse_item_document(doc: &str) -> Option<(String, Vec<Criterion>)> {
    if doc.trim().is_empty() {
        return None;
    }
    let body = strip_leading_comments(doc);
    let (desc_part, crit_part) = match body.rfind(CRITERIA) {
        Some(i) => (&body[..i], &body[i + CRITERIA.len()..]),
        None => (body, ""),
    };
    let desc = match desc_part.find(DESCRIPTION) {
        Some(i) => &desc_part[i + DESCRIPTION.len()..],
        None => desc_part,
    };
    let criteria = crit_part
        .lines()
        .map(str::trim)
        .filter_map(|l| {
            let l = l.strip_prefix("- ").or_else(|| l.strip_prefix("* "))?;
            let (met, text) = if let Some(t) = l.strip_prefix("[x]").or_else(|| l.strip_prefix("[X]")) {
                (true, t)
            } else if let Some(t) = l.strip_prefix("[ ]").or_else(|| l.strip_prefix("[]")) {
                (false, t)
            } else {
                (false, l)
            };
            let text = text.trim();
            (!text.is_empty()).then(|| Criterion::new(text, met))
        })
        .collect();
    Some((desc.trim().to_owned(), criteria))
}

fn strip_leading_comments(doc: &str) -> &str {
    let mut rest = doc.trim_start();
    while rest.starts_with("<!--") {
        match rest.find("-->") {
            Some(end) => rest = rest[end + 3..].trim_start(),
            None => break,
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_description_and_criteria() {
        let doc = "<!-- BL-1 x -->\n<!-- help\n more -->\n\n## Description\n\nLine one\n\n# A heading\nmore\n\n## Acceptance criteria\n\n- [x] done thing\n- [ ] open thing\n- plain\n";
        let (d, c) = parse_item_document(doc).unwrap();
        assert_eq!(d, "Line one\n\n# A heading\nmore");
        assert_eq!(c.len(), 3);
        assert!(c[0].met && !c[1].met && c[2].text == "plain");
        assert_eq!(parse_item_document("  \n"), None);
    }
}
