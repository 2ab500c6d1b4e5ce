//! Printing. All text from the workspace is escaped before it reaches the
//! terminal, in tables and in JSON alike.

use crate::domain::text::for_terminal;
use serde::Serialize;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// One line of text from the workspace, safe to print.
pub fn safe(s: &str) -> String {
    for_terminal(s, false).into_owned()
}

/// Multi-line text from the workspace, safe to print.
pub fn safe_block(s: &str) -> String {
    for_terminal(s, true).into_owned()
}

/// Prints JSON with every character a terminal could act on escaped:
/// serde_json already escapes C0 controls; DEL, C1 and bidi controls are
/// valid in JSON strings but not harmless on a terminal.
pub fn json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    write_stdout(&crate::store::export::json::text(value)?)
}

/// Writes to stdout; a closed pipe (`backlog list | head`) is not an error.
pub fn write_stdout(s: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

pub fn line(s: impl AsRef<str>) -> anyhow::Result<()> {
    write_stdout(&format!("{}\n", s.as_ref()))
}

pub fn warn(s: impl AsRef<str>) {
    eprintln!("warning: {}", safe(s.as_ref()));
}

pub use crate::domain::text::truncate;

/// A plain text table: columns padded by display width; the last column is
/// never padded (titles run to the end of the line).
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table { rows: vec![header.iter().map(|h| h.to_string()).collect()] }
    }
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
    pub fn is_empty(&self) -> bool {
        self.rows.len() <= 1
    }
    pub fn render(&self) -> String {
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..cols)
            .map(|c| self.rows.iter().filter_map(|r| r.get(c)).map(|s| s.width()).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for row in &self.rows {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if c + 1 < row.len() {
                    line.push_str(&" ".repeat(widths[c].saturating_sub(cell.width()) + 2));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}
