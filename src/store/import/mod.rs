//! Reading other tools' exports into the workspace: one module per outside
//! format ([`jira`], [`github`], [`linear`]) turns a file into neutral
//! [`Record`]s and says which column feeds which field; [`plan`] turns the
//! records into domain commands (new items, or a three-way sync of items
//! imported before) and fills one [`Report`] for every format.

pub mod github;
pub mod jira;
pub mod linear;
pub mod native;
pub mod plan;
pub mod record;
pub mod report;
mod row;
pub mod source;
pub mod sprints;
pub mod strategy;
mod sync;

pub use plan::{Options, run};
pub use record::Record;
pub use report::Report;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: {detail}; {fix}", path.display())]
    Encoding { path: PathBuf, detail: String, fix: String },
    #[error("{}: the file is empty; export the issues again (with a header row)", path.display())]
    Empty { path: PathBuf },
    #[error("{}, line {line}: {detail}; {fix}. Nothing was imported.", path.display())]
    Csv { path: PathBuf, line: u64, detail: String, fix: String },
    #[error("{}: {detail}; expected {expected}. Nothing was imported.", path.display())]
    Json { path: PathBuf, detail: String, expected: &'static str },
    #[error(
        "{}: no title column (headers: {headers}); expected Jira's (Issue key, Summary, …), issuekey,title,description,storypoint, or Linear's (ID, Title, …); pass --from if the format was misread",
        path.display()
    )]
    NoTitle { path: PathBuf, headers: String },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

/// The outside formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jira,
    Github,
    Linear,
    /// `backlog export backlog --format json`.
    Backlog,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jira => "jira",
            Format::Github => "github",
            Format::Linear => "linear",
            Format::Backlog => "backlog",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "jira" => Ok(Format::Jira),
            "github" | "gh" => Ok(Format::Github),
            "linear" => Ok(Format::Linear),
            "backlog" => Ok(Format::Backlog),
            other => Err(format!("unknown format {other:?}: use jira, github, linear or backlog")),
        }
    }
}

/// Which column fed which field, and which were ignored.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ColumnUse {
    pub column: String,
    pub field: String,
    /// How many columns carry this header (Jira repeats them).
    pub columns: usize,
}

/// Builds the column list of a report while a format reads its header.
#[derive(Debug, Default)]
pub struct Mapping {
    used: Vec<Option<String>>,
}

impl Mapping {
    pub fn new(t: &source::Table) -> Mapping {
        Mapping { used: vec![None; t.headers.len()] }
    }
    /// The first present column of `names`, feeding `field`.
    pub fn one(&mut self, t: &source::Table, names: &[&str], field: &str) -> Option<usize> {
        let c = t.column(names)?;
        if self.used[c].is_none() {
            self.used[c] = Some(field.to_owned());
        }
        Some(c)
    }
    /// Every column named one of `names`.
    pub fn all(&mut self, t: &source::Table, names: &[&str], field: &str) -> Vec<usize> {
        let cs = t.columns(names);
        for &c in &cs {
            self.used(c, field);
        }
        cs
    }
    pub fn used(&mut self, c: usize, field: &str) {
        if let Some(slot) = self.used.get_mut(c)
            && slot.is_none()
        {
            *slot = Some(field.to_owned());
        }
    }
    /// (used, ignored) with repeated headers counted once.
    pub fn finish(self, t: &source::Table) -> (Vec<ColumnUse>, Vec<String>) {
        let mut used: Vec<ColumnUse> = Vec::new();
        let mut ignored: Vec<String> = Vec::new();
        for (h, u) in t.headers.iter().zip(self.used) {
            match u {
                Some(field) => match used.iter_mut().find(|c| c.column == *h) {
                    Some(c) => c.columns += 1,
                    None => used.push(ColumnUse { column: h.clone(), field, columns: 1 }),
                },
                None if !ignored.contains(h) && !h.is_empty() => ignored.push(h.clone()),
                None => {}
            }
        }
        (used, ignored)
    }
}

/// What a format read from a file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub records: Vec<Record>,
    /// False when the file has no key column: a second import cannot tell
    /// its rows from the items the first one made.
    pub has_key: bool,
    pub mapping: (Vec<ColumnUse>, Vec<String>),
    /// The external system the keys belong to (`jira`, `github`, `linear`).
    pub system: &'static str,
    /// False when the keys only link rows within the file (a backlog
    /// export's own keys): items get no external reference for them.
    pub no_external_refs: bool,
    /// Sprints as the file describes them, where it does (dates, state,
    /// and a backlog export's history).
    pub sprints: Vec<sprints::SprintSpec>,
    /// A backlog export's vision, goals and roadmap.
    pub strategy: Option<Box<strategy::Strategy>>,
    /// A backlog export's releases (their dates and descriptions): made
    /// here when no release has the name.
    pub releases: Vec<crate::domain::release::Release>,
    /// A backlog export's team: made here when no member has the name.
    pub team: Vec<crate::domain::team::Member>,
}

/// How to read the file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub from: Option<Format>,
    pub delimiter: Option<u8>,
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// Reads a file in any of the formats, detected from its content unless
/// `from` says.
pub fn read(path: &Path, opts: &ReadOptions) -> Result<(Format, Parsed), ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io { path: path.to_owned(), source })?;
    read_bytes(path, bytes, opts)
}

pub fn read_bytes(path: &Path, bytes: Vec<u8>, opts: &ReadOptions) -> Result<(Format, Parsed), ImportError> {
    let text = source::decode(path, bytes, opts.encoding)?;
    let json = matches!(text.trim_start().as_bytes().first(), Some(b'[' | b'{'));
    let format = match opts.from {
        Some(f) => f,
        None if json && native::looks_like(&text) => Format::Backlog,
        None if json => Format::Github,
        None => {
            let t = source::table(path, &text, opts.delimiter)?;
            drop(text);
            let format = if linear::looks_like(&t) { Format::Linear } else { Format::Jira };
            return finish_csv(path, format, t);
        }
    };
    match format {
        Format::Github => Ok((format, github::read(path, &text)?)),
        Format::Backlog => Ok((format, native::read(path, &text)?)),
        f => {
            let t = source::table(path, &text, opts.delimiter)?;
            drop(text);
            finish_csv(path, f, t)
        }
    }
}

fn finish_csv(path: &Path, format: Format, t: source::Table) -> Result<(Format, Parsed), ImportError> {
    let ok = match format {
        Format::Linear => linear::looks_like(&t),
        _ => jira::looks_like(&t),
    };
    if !ok {
        return Err(ImportError::NoTitle { path: path.to_owned(), headers: t.headers.join(", ") });
    }
    let parsed = match format {
        Format::Linear => linear::read(&t),
        _ => jira::read(t),
    };
    Ok((format, parsed))
}
