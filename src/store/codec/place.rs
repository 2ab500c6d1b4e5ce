//! Where a value that does not fit our types sits in the file. serde_json
//! reports a value of the wrong kind where it noticed it, which for the
//! fields every entity shares (`id`, `owner`, the timestamps: flattened in
//! from `Meta`) is the end of the whole entity, with no field named. So a
//! failed read is repeated with `serde_path_to_error` to learn the field's
//! path, and the path is looked up in the text to find its line.

use crate::domain::entity::Meta;
use crate::domain::workspace::Workspace;
use serde_json::value::RawValue;
use serde_path_to_error::Segment;
use std::collections::BTreeMap;

/// One step of a path into the document.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Where a value sits, what it is called, and what was wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    /// `items[3].created_at: input contains invalid characters …`
    pub message: String,
}

/// The place of a data error (a value of the wrong kind, a missing field)
/// found reading `read`, in `text`, the file as written (`read` is the
/// same text, or the text with its out-of-range numbers stood in for: see
/// [`super::range`]). `None` when it cannot be found; then serde_json's
/// own position is the best there is.
pub fn data_error(read: &[u8], text: &[u8]) -> Option<Place> {
    let (read, text) = (std::str::from_utf8(read).ok()?, std::str::from_utf8(text).ok()?);
    let err = serde_path_to_error::deserialize::<_, Workspace>(&mut serde_json::Deserializer::from_str(read)).err()?;
    let mut path = steps(err.path())?;
    let mut message = super::describe(err.inner());
    // An error in the fields every entity shares is reported at the
    // entity: read those fields alone to learn which one it was.
    if flattens_meta(&path) {
        let entity = find(read, &path)?.get();
        if let Err(e) = serde_path_to_error::deserialize::<_, Meta>(&mut serde_json::Deserializer::from_str(entity))
            && let Some(field) = steps(e.path()).filter(|p| !p.is_empty())
        {
            path.extend(field);
            message = super::describe(e.inner());
        }
    }
    // A history entry reads its own fields after serde has the entry, so
    // an error in one is reported at the entry: a number too big for one
    // of them is found by looking.
    if is_history_entry(&path)
        && let Some(field) = ["points", "from", "to"].into_iter().find(|f| {
            let mut p = path.clone();
            p.push(Step::Key((*f).to_owned()));
            find(text, &p).is_some_and(|raw| crate::domain::json::out_of_range(raw.get()))
        })
    {
        path.push(Step::Key(field.to_owned()));
    }
    let at = find(text, &path)?;
    let offset = at.get().as_ptr() as usize - text.as_ptr() as usize;
    let (line, column) = line_column(text, offset);
    // A number too big for a double reached a field we know: say so,
    // rather than what it was stood in for.
    if crate::domain::json::out_of_range(at.get()) {
        message = format!("number out of range: {} is too big for this field", at.get());
    }
    let hint = match path.last() {
        Some(Step::Key(k)) if k.ends_with("_at") => " (expected a UTC timestamp such as 2025-06-15T09:30:00Z)",
        _ if crate::domain::json::out_of_range(at.get()) => "; write a number it can hold",
        _ => "",
    };
    let name = if path.is_empty() { "the document".to_owned() } else { show(&path) };
    Some(Place { line, column, message: format!("{name}: {message}{hint}") })
}

/// The entities whose `Meta` is flattened in: the vision and every member
/// of the four collections.
fn flattens_meta(path: &[Step]) -> bool {
    match path {
        [Step::Key(k)] => k == "vision",
        [Step::Key(k), Step::Index(_)] => ["goals", "roadmap", "items", "sprints"].contains(&k.as_str()),
        _ => false,
    }
}

/// `sprints[i].history[j]`
fn is_history_entry(path: &[Step]) -> bool {
    matches!(path, [Step::Key(s), Step::Index(_), Step::Key(h), Step::Index(_)] if s == "sprints" && h == "history")
}

fn steps(path: &serde_path_to_error::Path) -> Option<Vec<Step>> {
    path.iter()
        .map(|s| match s {
            Segment::Seq { index } => Some(Step::Index(*index)),
            Segment::Map { key } => Some(Step::Key(key.clone())),
            Segment::Enum { variant } => Some(Step::Key(variant.clone())),
            Segment::Unknown => None,
        })
        .collect()
}

/// `items[3].created_at`
fn show(path: &[Step]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The raw text of the value at `path`: a borrow of `text`, so its
/// address says where it starts. One parse per step.
fn find<'a>(text: &'a str, path: &[Step]) -> Option<&'a RawValue> {
    let mut at: &'a RawValue = serde_json::from_str(text).ok()?;
    for step in path {
        at = match step {
            Step::Key(k) => serde_json::from_str::<BTreeMap<String, &'a RawValue>>(at.get()).ok()?.remove(k)?,
            Step::Index(i) => serde_json::from_str::<Vec<&'a RawValue>>(at.get()).ok()?.into_iter().nth(*i)?,
        };
    }
    Some(at)
}

/// 1-based line and column of a byte offset, counted as serde_json counts
/// them (the column in bytes), so both kinds of error agree.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    (line, offset - start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_byte_columns_from_one() {
        let text = "{\n  \"a\": [1,\n    2]\n}";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, text.find('1').unwrap()), (2, 9));
        assert_eq!(line_column(text, text.find('2').unwrap()), (3, 5));
        let raw = find(text, &[Step::Key("a".into()), Step::Index(1)]).unwrap();
        assert_eq!(raw.get(), "2");
        assert!(find(text, &[Step::Key("b".into())]).is_none());
        let path = [Step::Key("items".into()), Step::Index(3), Step::Key("created_at".into())];
        assert_eq!(show(&path), "items[3].created_at");
    }
}
