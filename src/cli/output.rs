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
    if collecting() {
        let v = serde_json::to_value(value)?;
        report(|r| r.result = Some(v));
        return Ok(());
    }
    write_stdout(&crate::store::export::json::text(value)?)
}

/// What a command printed while [`capture`] held its output.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Captured {
    pub stdout: String,
    pub stderr: String,
}

/// What a write command says with `--json`: gathered while it runs (see
/// [`collect`]) and printed once as the envelope `assets/cli-schema.json`
/// describes.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Report {
    /// The lines it would have printed for a person.
    pub summary: Vec<String>,
    pub warnings: Vec<String>,
    /// The entities it changed, each once, as they are after the change.
    pub changed: Vec<serde_json::Value>,
    /// Its own payload (the comment added, the import's report, …): what
    /// it printed as JSON.
    pub result: Option<serde_json::Value>,
    pub conflicts: usize,
    pub renumbered: Vec<(String, String)>,
}

impl Report {
    /// Adds or replaces (a later change of the same entity) one changed
    /// entity.
    pub fn change(&mut self, entry: serde_json::Value) {
        let same = |e: &serde_json::Value| e["entity"] == entry["entity"] && e["id"] == entry["id"];
        match self.changed.iter_mut().find(|e| same(e)) {
            Some(e) => *e = entry,
            None => self.changed.push(entry),
        }
    }
}

thread_local! {
    /// Set while a write command runs with `--json`: what it says goes
    /// here instead of to stdout.
    static REPORT: std::cell::RefCell<Option<Report>> = const { std::cell::RefCell::new(None) };
    /// Set while [`capture`] runs: where this thread's output goes instead
    /// of the process's stdout and stderr.
    static SINK: std::cell::RefCell<Option<Captured>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with everything the CLI prints on this thread (results,
/// warnings, errors) kept in buffers instead of written: a long-lived
/// process that speaks a protocol on its own stdout (`backlog mcp`) runs
/// commands this way. Nested calls keep their own buffers.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Captured) {
    let outer = SINK.with(|s| s.replace(Some(Captured::default())));
    // Put the outer sink back even if `f` panics.
    struct Restore(Option<Option<Captured>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(outer) = self.0.take() {
                SINK.with(|s| *s.borrow_mut() = outer);
            }
        }
    }
    let mut restore = Restore(Some(outer));
    let value = f();
    let outer = restore.0.take().expect("restored once");
    let captured = SINK.with(|s| s.replace(outer)).unwrap_or_default();
    (value, captured)
}

/// Runs `f` with what it prints for a person, the JSON it prints and its
/// warnings gathered into a [`Report`] (warnings still go to stderr).
pub fn collect<T>(f: impl FnOnce() -> T) -> (T, Report) {
    let outer = REPORT.with(|r| r.replace(Some(Report::default())));
    let value = f();
    let report = REPORT.with(|r| r.replace(outer)).unwrap_or_default();
    (value, report)
}

/// Changes the report being gathered, if one is.
pub fn report(f: impl FnOnce(&mut Report)) {
    REPORT.with(|r| {
        if let Some(r) = r.borrow_mut().as_mut() {
            f(r)
        }
    })
}

/// Whether a write command's report is being gathered.
pub fn collecting() -> bool {
    REPORT.with(|r| r.borrow().is_some())
}

/// Whether output is being captured: nothing may then ask a question on
/// the terminal or draw a progress bar there.
pub fn captured() -> bool {
    SINK.with(|s| s.borrow().is_some())
}

/// Whether the user can be asked a question: stdin and stderr are a
/// terminal and output is not captured.
pub fn interactive() -> bool {
    use std::io::IsTerminal;
    !captured() && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Writes to stdout; a closed pipe (`backlog list | head`) is not an error.
pub fn write_stdout(s: &str) -> anyhow::Result<()> {
    if collecting() {
        report(|r| r.summary.extend(s.lines().filter(|l| !l.trim().is_empty()).map(str::to_owned)));
        return Ok(());
    }
    if SINK.with(|sink| sink.borrow_mut().as_mut().map(|c| c.stdout.push_str(s)).is_some()) {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

/// Writes to stderr (already made safe by the caller), or to the capture.
pub fn write_stderr(s: &str) {
    if SINK.with(|sink| sink.borrow_mut().as_mut().map(|c| c.stderr.push_str(s)).is_some()) {
        return;
    }
    // A closed stderr has nowhere to report to.
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
}

pub fn line(s: impl AsRef<str>) -> anyhow::Result<()> {
    write_stdout(&format!("{}\n", s.as_ref()))
}

pub fn warn(s: impl AsRef<str>) {
    report(|r| r.warnings.push(s.as_ref().to_owned()));
    write_stderr(&format!("warning: {}\n", safe(s.as_ref())));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_keeps_what_a_command_prints_and_nests() {
        let ((), outer) = capture(|| {
            line("result").unwrap();
            warn("careful\u{1b}[2J");
            let ((), inner) = capture(|| line("inner").unwrap());
            assert_eq!(inner.stdout, "inner\n");
            assert!(captured());
            assert!(!interactive());
        });
        assert_eq!(outer.stdout, "result\n");
        // Escaped as on a terminal.
        assert_eq!(outer.stderr, "warning: careful\\u{1b}[2J\n".replace("\\u{1b}", &safe("\u{1b}")));
        assert!(!captured());
    }

    #[test]
    fn capture_restores_the_outer_sink_after_a_panic() {
        let ((), outer) = capture(|| {
            let r = std::panic::catch_unwind(|| capture(|| -> () { panic!("boom") }));
            assert!(r.is_err());
            line("after").unwrap();
        });
        assert_eq!(outer.stdout, "after\n");
    }
}
