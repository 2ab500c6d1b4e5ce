//! The backlog as CSV with Jira's headers: what Jira's CSV importer takes
//! and what our own Jira reader (`store::import::jira`) reads back. Where
//! Jira has no field (the story triple, acceptance criteria, the item's
//! external keys) the columns are ours, named without punctuation as
//! Jira's importer asks, so they can be mapped to custom fields there.
//!
//! The cell formats that both sides must agree on live here: the formula
//! guard and its inverse, the criteria cell, the source key.

use super::backlog::{jira_status, jira_type};
use crate::domain::item::{Criterion, ExternalRef, Item};
use crate::domain::text::for_terminal;
use crate::domain::workspace::Workspace;
use std::borrow::Cow;

/// Jira's date format (the importer's default, `dd/MMM/yy h:mm a`), used
/// for `Created` and inside comments.
const DATE: &str = "%d/%b/%y %-I:%M %p";

/// Our columns for what Jira has no field for (Jira's own headers are
/// written as literals below, as Jira spells them).
pub const AS_A: &str = "As a";
pub const I_WANT: &str = "I want";
pub const SO_THAT: &str = "So that";
pub const CRITERIA: &str = "Acceptance Criteria";
/// `SYSTEM:KEY`, as `--external` takes it; repeated, one per reference.
pub const SOURCE_KEY: &str = "Source key";
/// The URL of the `Source key` in the same position (may be empty).
pub const SOURCE_URL: &str = "Source URL";

/// What to do with cells a spreadsheet would run as a formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Formulas {
    /// A leading `'` makes them text (OWASP's advice on CSV injection).
    #[default]
    Neutralised,
    /// Written as they are (`--allow-formulas`), for tools that take text
    /// as it is and would keep the `'`.
    Raw,
}

/// True when a spreadsheet would read the cell as a formula: it begins
/// with `=`, `+`, `-` or `@` (after any blanks, which some spreadsheets
/// skip), or with a tab or a carriage return.
fn starts_formula(s: &str) -> bool {
    s.starts_with(['\t', '\r']) || s.trim_start().starts_with(['=', '+', '-', '@'])
}

/// Whether [`guard`] prefixes `s`: a formula starter, or a leading `'` of
/// the text's own (escaped by a second one, so that [`unguard`] can tell
/// the guard from the text).
fn needs_guard(s: &str) -> bool {
    starts_formula(s) || s.starts_with('\'')
}

/// `'` before a cell a spreadsheet would run, and before one that begins
/// with `'` already.
pub fn guard(s: String) -> String {
    if needs_guard(&s) { format!("'{s}") } else { s }
}

/// The inverse of [`guard`], for the importer: drops a leading `'` where
/// the guard put it, and only there (`'quoted'` stays as it is).
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

/// One line of workspace text, safe to print: anything a terminal could
/// act on is shown as a visible `\u{..}` escape, as every output does.
fn one_line(s: &str) -> String {
    for_terminal(s, false).into_owned()
}

/// Multi-line text, safe to print: as [`one_line`], but line breaks and
/// tabs (harmless on a terminal, and part of code in a description) stay.
fn multi_line(s: &str) -> String {
    if !s.contains('\t') {
        return for_terminal(s, true).into_owned();
    }
    s.split('\t').map(|part| for_terminal(part, true)).collect::<Vec<Cow<str>>>().join("\t")
}

/// Acceptance criteria as one cell (Jira's custom field for them is one
/// text field): a line each, `[x] text` when met, `[ ] text` when not.
fn criteria_cell(ac: &[Criterion]) -> String {
    let lines: Vec<String> =
        ac.iter().map(|c| format!("[{}] {}", if c.met { "x" } else { " " }, one_line(&c.text))).collect();
    lines.join("\n")
}

/// Reads a criteria cell: our `[x]` / `[ ]` lines, or free text as Jira's
/// field holds it, a criterion a line (bullets `*`, `-`, `#`, `•` taken
/// off), none met.
pub fn read_criteria(cell: &str) -> Vec<Criterion> {
    fn boxed(l: &str) -> Option<(bool, String)> {
        let met = match l.get(..3)? {
            "[x]" | "[X]" => true,
            "[ ]" => false,
            _ => return None,
        };
        Some((met, l[3..].trim().to_owned()))
    }
    let mut out = Vec::new();
    for line in cell.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (met, text) = boxed(line).unwrap_or_else(|| {
            let bare = ["* ", "- ", "# ", "• "].iter().find_map(|b| line.strip_prefix(b)).unwrap_or(line).trim();
            boxed(bare).unwrap_or((false, bare.to_owned()))
        });
        if !text.is_empty() {
            out.push(Criterion { text, met, extra: Default::default() });
        }
    }
    out
}

/// Reads a `Source key` cell (`SYSTEM:KEY`; a bare key is taken as
/// Jira's) with the `Source URL` beside it.
pub fn read_source(key: &str, url: &str) -> Option<ExternalRef> {
    let key = key.trim();
    let (system, key) = match key.split_once(':') {
        Some((s, k)) if !s.trim().is_empty() && !k.trim().is_empty() => (s.trim(), k.trim()),
        _ => ("jira", key),
    };
    if key.is_empty() {
        return None;
    }
    let url = Some(url.trim().to_owned()).filter(|u| !u.is_empty());
    Some(ExternalRef { url, ..ExternalRef::new(system, key) })
}

/// A comment as Jira's importer takes it: `date;author;text`. The author
/// cannot hold a `;` there, so one becomes a `,`.
fn comment_cell(c: &crate::domain::item::Comment) -> String {
    format!("{};{};{}", c.at.format(DATE), one_line(&c.author).replace(';', ","), multi_line(&c.text))
}

/// The CSV: Jira's headers, then ours; `Labels`, `Comment`, the two link
/// columns and the source columns repeated as often as the item with the
/// most of them needs (at least once, so the header is always the same).
pub fn write(ws: &Workspace, items: &[&Item], formulas: Formulas) -> String {
    let live = |ids: &[uuid::Uuid]| -> Vec<String> {
        ids.iter().filter_map(|b| ws.item(*b)).filter(|b| b.is_live()).map(|b| b.key.clone()).collect()
    };
    let blocks: Vec<Vec<String>> = items.iter().map(|i| live(&i.blocks)).collect();
    let blocked_by: Vec<Vec<String>> = items
        .iter()
        .map(|i| ws.blocker_positions(i.meta.id).into_iter().map(|p| ws.items[p].key.clone()).collect())
        .collect();
    fn most(n: impl Iterator<Item = usize>) -> usize {
        n.max().unwrap_or(0).max(1)
    }
    let labels = most(items.iter().map(|i| i.labels.len()));
    let comments = most(items.iter().map(|i| i.comments.len()));
    let outward = most(blocks.iter().map(Vec::len));
    let inward = most(blocked_by.iter().map(Vec::len));
    let sources = most(items.iter().map(|i| i.external.len()));

    let mut header = vec![
        "Issue key",
        "Summary",
        "Issue Type",
        "Status",
        "Story Points",
        "Sprint",
        "Fix Version/s",
        "Parent",
        "Created",
        "Description",
        "Assignee",
        AS_A,
        I_WANT,
        SO_THAT,
        CRITERIA,
    ];
    for (name, n) in [
        ("Labels", labels),
        ("Comment", comments),
        ("Outward issue link (Blocks)", outward),
        ("Inward issue link (Blocks)", inward),
        (SOURCE_KEY, sources),
        (SOURCE_URL, sources),
    ] {
        header.extend(std::iter::repeat_n(name, n));
    }
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(&header);
    for (n, i) in items.iter().enumerate() {
        let story = i.story.as_ref();
        let mut row = vec![
            one_line(&i.key),
            one_line(&i.title),
            jira_type(i.kind).to_owned(),
            jira_status(i.status).to_owned(),
            // A number the tool writes: never a formula starter.
            i.estimate.map(|e| e.to_string()).unwrap_or_default(),
            i.sprint.and_then(|s| ws.sprint(s)).map(|s| one_line(&s.name)).unwrap_or_default(),
            i.release.and_then(|r| ws.release(r)).map(|r| one_line(&r.name)).unwrap_or_default(),
            i.parent.and_then(|p| ws.item(p)).map(|p| one_line(&p.key)).unwrap_or_default(),
            i.meta.created_at.format(DATE).to_string(),
            multi_line(&i.description),
            i.assignee.as_deref().map(one_line).unwrap_or_default(),
            story.map(|s| one_line(&s.as_a)).unwrap_or_default(),
            story.map(|s| one_line(&s.i_want)).unwrap_or_default(),
            story.map(|s| one_line(&s.so_that)).unwrap_or_default(),
            criteria_cell(&i.acceptance_criteria),
        ];
        let padded = |row: &mut Vec<String>, cells: Vec<String>, width: usize| {
            let len = cells.len();
            row.extend(cells);
            row.extend(std::iter::repeat_n(String::new(), width - len));
        };
        padded(&mut row, i.labels.iter().map(|l| one_line(l)).collect(), labels);
        padded(&mut row, i.comments.iter().map(comment_cell).collect(), comments);
        padded(&mut row, blocks[n].iter().map(|k| one_line(k)).collect(), outward);
        padded(&mut row, blocked_by[n].iter().map(|k| one_line(k)).collect(), inward);
        let source = |x: &ExternalRef| one_line(&format!("{}:{}", x.system, x.key));
        padded(&mut row, i.external.iter().map(source).collect(), sources);
        padded(
            &mut row,
            i.external.iter().map(|x| x.url.as_deref().map(one_line).unwrap_or_default()).collect(),
            sources,
        );
        if formulas == Formulas::Neutralised {
            row = row.into_iter().map(guard).collect();
        }
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_is_undone_exactly_and_only_where_it_was_put() {
        for s in [
            "=1+1",
            "+cmd|' /C calc'!A0",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "  =HYPERLINK(\"x\")",
            "\n=x",
            "'quoted'",
            "''",
            "'",
            "'=x",
            "' =x",
            "plain",
            "",
            "a=b",
            "3-2",
        ] {
            assert_eq!(unguard(&guard(s.to_owned())), s, "{s:?}");
            assert!(!starts_formula(&guard(s.to_owned())), "{s:?} is neutralised");
        }
        assert_eq!(guard("=1+1".into()), "'=1+1");
        assert_eq!(guard("'x".into()), "''x");
        assert_eq!(guard("plain".into()), "plain");
        assert_eq!(guard("5".into()), "5", "numbers stay numbers");
        // Text from elsewhere that only looks guarded keeps its `'`.
        assert_eq!(unguard("'quoted' word"), "'quoted' word");
        assert_eq!(unguard("'"), "'");
    }

    #[test]
    fn criteria_read_back_and_free_text_becomes_criteria() {
        let ac = vec![
            Criterion { text: "Given a shift, then it shows".into(), met: true, extra: Default::default() },
            Criterion { text: "[x] looks boxed".into(), met: false, extra: Default::default() },
            Criterion { text: "- a dash".into(), met: false, extra: Default::default() },
        ];
        assert_eq!(read_criteria(&criteria_cell(&ac)), ac);
        let free = read_criteria("* Given A\r\n# then B\n\n- [x] done\nplain");
        let got: Vec<(&str, bool)> = free.iter().map(|c| (c.text.as_str(), c.met)).collect();
        assert_eq!(got, [("Given A", false), ("then B", false), ("done", true), ("plain", false)]);
    }

    #[test]
    fn source_keys_carry_their_system() {
        let x = read_source("github:owner/repo#12", "https://github.com/owner/repo/issues/12").unwrap();
        assert_eq!((x.system.as_str(), x.key.as_str()), ("github", "owner/repo#12"));
        assert_eq!(x.url.as_deref(), Some("https://github.com/owner/repo/issues/12"));
        let bare = read_source("PROJ-3", "").unwrap();
        assert_eq!((bare.system.as_str(), bare.key.as_str(), bare.url), ("jira", "PROJ-3", None));
        assert!(read_source("  ", "").is_none());
    }
}
