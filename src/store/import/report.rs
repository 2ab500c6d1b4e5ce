//! The one mapping report every format fills: what a dry run shows, what
//! a real import prints in short, and what `--json` gives.

use super::ColumnUse;
use crate::domain::text::for_terminal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub file: String,
    pub format: String,
    pub dry_run: bool,
    /// Data rows (or JSON entries) read.
    pub rows: usize,
    pub mapping: Vec<ColumnUse>,
    pub ignored_columns: Vec<String>,
    /// New items.
    pub created: usize,
    /// Items imported before that this import changed.
    pub updated: usize,
    /// Items imported before that the source has not changed.
    pub unchanged: usize,
    /// Fields changed both here and at the source since the last import:
    /// recorded as conflicts (`backlog conflicts list`).
    pub conflicts: usize,
    /// Items deleted here that the file still has: left deleted.
    pub kept_deleted: Vec<String>,
    /// Items deleted here brought back (`--restore-deleted`).
    pub restored: Vec<String>,
    pub by_kind: BTreeMap<String, usize>,
    pub by_status: BTreeMap<String, usize>,
    pub sprints_created: Vec<String>,
    /// Releases made from the fix versions (or a backlog export's), by name.
    pub releases_created: Vec<String>,
    /// People a backlog export brought onto the team.
    pub team_added: Vec<String>,
    /// Goals and roadmap initiatives made (a backlog export), by key.
    pub goals_created: Vec<String>,
    pub initiatives_created: Vec<String>,
    /// New items whose key here is the file's own key.
    pub keys_kept: usize,
    /// Keys of this workspace's form that were taken here already: the
    /// entity got the next free key instead.
    pub keys_taken: Vec<Renamed>,
    /// New items whose key in the file is of another form (another
    /// prefix, `owner/repo#12`): they got keys of this workspace.
    pub keys_foreign: usize,
    /// Sprints over at the source that it gave no dates for: closed here
    /// with their dates unknown, out of velocity and the charts.
    pub sprints_undated: Vec<String>,
    pub epics_created: Vec<String>,
    /// Estimates not on the point scale: value and how many.
    pub off_scale: Vec<OffScale>,
    /// Values added to the workspace's point scale (without `--snap`).
    pub scale_added: Vec<u32>,
    /// Every estimate changed, and why (`--snap`, or not a whole number).
    pub estimates_changed: Vec<Changed>,
    /// Story points that are not a number of points (negative, not a
    /// number, infinite): the item is left unestimated.
    pub points_unread: Vec<Unread>,
    /// Source statuses not in the table nor in `--status-map`.
    pub unmapped_statuses: Vec<Count>,
    pub skipped: Vec<Skipped>,
    /// Fields the model has no place for yet, and where they went:
    /// "label assignee:NAME" -> how many values.
    pub kept_as: BTreeMap<String, usize>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OffScale {
    pub value: f64,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changed {
    pub key: String,
    pub from: f64,
    pub to: u32,
    pub why: String,
}

/// A key the file gave and the one the entity has here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Renamed {
    pub from: String,
    pub to: String,
}

/// A value the source gave that could not be read, and its row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unread {
    pub line: u64,
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    pub line: u64,
    pub key: String,
    pub why: String,
}

fn s(t: &str) -> String {
    for_terminal(t, false).into_owned()
}

fn counts(m: &BTreeMap<String, usize>) -> String {
    m.iter().map(|(k, n)| format!("{n} {}", s(k))).collect::<Vec<_>>().join(", ")
}

fn list(v: &[String], max: usize) -> String {
    let mut out: Vec<String> = v.iter().take(max).map(|x| s(x)).collect();
    if v.len() > max {
        out.push(format!("… {} more", v.len() - max));
    }
    out.join(", ")
}

impl Report {
    pub fn note_kept(&mut self, how: &str, n: usize) {
        if n > 0 {
            *self.kept_as.entry(how.to_owned()).or_default() += n;
        }
    }

    /// The whole report, for `--dry-run`. Every value from the file is
    /// made safe for a terminal.
    pub fn full(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "{} {} ({} format, {} rows){}",
            if self.dry_run { "Dry run of importing" } else { "Imported" },
            s(&self.file),
            self.format,
            self.rows,
            if self.dry_run { ": nothing was written" } else { "" }
        );
        o.push_str("\nColumns:\n");
        for c in &self.mapping {
            let times = if c.columns > 1 { format!(" (x{})", c.columns) } else { String::new() };
            let _ = writeln!(o, "  {}{times} -> {}", s(&c.column), s(&c.field));
        }
        if !self.ignored_columns.is_empty() {
            let _ = writeln!(o, "Ignored: {}", list(&self.ignored_columns, 40));
        }
        o.push('\n');
        self.summary_into(&mut o, usize::MAX);
        o
    }

    /// The short report after a real import.
    pub fn short(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "Imported {} ({} format, {} rows)", s(&self.file), self.format, self.rows);
        self.summary_into(&mut o, 10);
        o
    }

    /// Which keys the new items have, and what the labels that name other
    /// issues name.
    fn keys_into(&self, o: &mut String, max: usize) {
        if self.keys_kept > 0 && (self.keys_taken.is_empty() && self.keys_foreign == 0) {
            let _ = writeln!(o, "Keys: every new item keeps its key from the file ({})", self.keys_kept);
        } else if self.keys_kept > 0 {
            let _ = writeln!(o, "Keys: {} new items keep their key from the file", self.keys_kept);
        }
        if !self.keys_taken.is_empty() {
            let renamed: Vec<String> =
                self.keys_taken.iter().map(|r| format!("{} -> {}", s(&r.from), s(&r.to))).collect();
            let _ = writeln!(
                o,
                "Keys already used here, so {}given the next free one ({}): {}",
                if self.dry_run { "to be " } else { "" },
                self.keys_taken.len(),
                list(&renamed, max)
            );
        }
        if self.keys_foreign > 0 {
            let _ = writeln!(
                o,
                "Keys: {} new items get keys of this workspace (the file's are another form)",
                self.keys_foreign
            );
        }
        let names_issues = self.kept_as.keys().any(|k| k.contains("KEY"));
        if names_issues && (!self.keys_taken.is_empty() || self.keys_foreign > 0) && self.format != "backlog" {
            let _ = writeln!(
                o,
                "Labels that name other issues (parent:KEY, relates-to:KEY, …) name {} keys, not keys here: each item keeps its {} key as its external key (`backlog show {}:KEY`)",
                self.format, self.format, self.format
            );
        }
    }

    fn summary_into(&self, o: &mut String, max: usize) {
        let verb = if self.dry_run { "would be " } else { "" };
        let _ = writeln!(
            o,
            "Items: {} {verb}created, {} {verb}updated, {} unchanged{}",
            self.created,
            self.updated,
            self.unchanged,
            if self.conflicts > 0 {
                format!(", {} conflicting fields {verb}recorded (see `backlog conflicts list`)", self.conflicts)
            } else {
                String::new()
            }
        );
        if !self.by_kind.is_empty() {
            let _ = writeln!(o, "By kind: {}", counts(&self.by_kind));
            let _ = writeln!(o, "By status: {}", counts(&self.by_status));
        }
        if !self.sprints_created.is_empty() {
            let _ = writeln!(
                o,
                "Sprints {verb}created ({}): {}",
                self.sprints_created.len(),
                list(&self.sprints_created, max)
            );
        }
        if !self.releases_created.is_empty() {
            let _ = writeln!(
                o,
                "Releases {verb}created from fix versions ({}): {}",
                self.releases_created.len(),
                list(&self.releases_created, max)
            );
        }
        if !self.team_added.is_empty() {
            let _ = writeln!(o, "Team {verb}joined ({}): {}", self.team_added.len(), list(&self.team_added, max));
        }
        if !self.goals_created.is_empty() || !self.initiatives_created.is_empty() {
            let _ = writeln!(
                o,
                "Goals {verb}created ({}): {}; initiatives ({}): {}",
                self.goals_created.len(),
                list(&self.goals_created, max),
                self.initiatives_created.len(),
                list(&self.initiatives_created, max)
            );
        }
        self.keys_into(o, max);
        if !self.sprints_undated.is_empty() {
            let _ = writeln!(
                o,
                "Sprints over with no dates in the file ({}): {}; {verb}closed with their dates unknown, left out of velocity and the charts",
                self.sprints_undated.len(),
                list(&self.sprints_undated, max)
            );
        }
        if !self.epics_created.is_empty() {
            let _ =
                writeln!(o, "Epics {verb}created ({}): {}", self.epics_created.len(), list(&self.epics_created, max));
        }
        if !self.off_scale.is_empty() {
            let vals: Vec<String> = self.off_scale.iter().map(|v| format!("{} (x{})", v.value, v.count)).collect();
            let _ = writeln!(o, "Estimates off the point scale: {}", vals.join(", "));
        }
        if !self.scale_added.is_empty() {
            let vals: Vec<String> = self.scale_added.iter().map(u32::to_string).collect();
            let _ = writeln!(
                o,
                "Point scale: {} {verb}added to keep every estimate as it is (--snap rounds them instead)",
                vals.join(", ")
            );
        }
        if !self.estimates_changed.is_empty() {
            let _ = writeln!(o, "Estimates changed ({}):", self.estimates_changed.len());
            for c in self.estimates_changed.iter().take(max) {
                let _ = writeln!(o, "  {}: {} -> {} ({})", s(&c.key), c.from, c.to, s(&c.why));
            }
            if self.estimates_changed.len() > max {
                let _ = writeln!(o, "  … {} more (--dry-run lists them all)", self.estimates_changed.len() - max);
            }
        }
        if !self.points_unread.is_empty() {
            let _ = writeln!(
                o,
                "Story points not read, left unset ({}): not a number of points (0 or more):",
                self.points_unread.len()
            );
            for u in self.points_unread.iter().take(max) {
                let key = if u.key.is_empty() { String::new() } else { format!(" {}", s(&u.key)) };
                let _ = writeln!(o, "  line {}{key}: {:?}", u.line, s(&u.value));
            }
            if self.points_unread.len() > max {
                let _ = writeln!(o, "  … {} more (--dry-run lists them all)", self.points_unread.len() - max);
            }
        }
        if !self.unmapped_statuses.is_empty() {
            let vals: Vec<String> =
                self.unmapped_statuses.iter().map(|c| format!("{:?} (x{})", s(&c.name), c.count)).collect();
            let _ = writeln!(
                o,
                "Statuses with no mapping: {}; map them with --status-map \"NAME=status,…\"",
                vals.join(", ")
            );
        }
        if !self.kept_as.is_empty() {
            // Fields of their own first (assignee, comments, links), then what
            // only a label can hold here.
            o.push_str("Where the source's other fields went:\n");
            let (labels, fields): (Vec<_>, Vec<_>) =
                self.kept_as.iter().partition(|(how, _)| how.starts_with("label "));
            for (how, n) in fields {
                let _ = writeln!(o, "  {n} into {how}");
            }
            for (how, n) in labels {
                let _ = writeln!(o, "  {n} as a {how} (no field of their own here)");
            }
        }
        if !self.kept_deleted.is_empty() {
            let _ = writeln!(
                o,
                "Deleted here, left deleted ({}): {} (--restore-deleted brings them back)",
                self.kept_deleted.len(),
                list(&self.kept_deleted, max)
            );
        }
        if !self.restored.is_empty() {
            let _ = writeln!(o, "Brought back ({}): {}", self.restored.len(), list(&self.restored, max));
        }
        if !self.skipped.is_empty() {
            let _ = writeln!(o, "Rows skipped ({}):", self.skipped.len());
            for k in self.skipped.iter().take(max) {
                let key = if k.key.is_empty() { String::new() } else { format!(" {}", s(&k.key)) };
                let _ = writeln!(o, "  line {}{key}: {}", k.line, s(&k.why));
            }
            if self.skipped.len() > max {
                let _ = writeln!(o, "  … {} more", self.skipped.len() - max);
            }
        }
        for n in &self.notes {
            let _ = writeln!(o, "Note: {}", s(n));
        }
    }
}
