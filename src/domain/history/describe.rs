//! An edit as a person reads it, one line: `status: refined -> ready`,
//! ids as keys, long text as a short word diff, a comment as its first
//! words. Raw text is not sanitised here: the CLI and the TUI print it
//! through their own sanitisers.

use super::{CREATED, Edit};
use crate::domain::conflict::describe as value;
use crate::domain::workspace::Workspace;
use serde_json::Value;

/// Text longer than this is shown as what changed in it, not whole.
const LONG: usize = 48;
/// Words of context either side of a change in long text.
const CONTEXT: usize = 3;

/// A field's name as the tool says it elsewhere.
pub fn field_name(field: &str) -> &str {
    match field {
        "acceptance_criteria" => "criteria",
        "estimate" => "points",
        "parent" => "epic",
        "deleted_at" => "deleted",
        "split_from" => "split from",
        other => other,
    }
}

/// One line for the edit (without who and when).
pub fn describe(ws: &Workspace, e: &Edit) -> String {
    let name = field_name(&e.field);
    if e.field == CREATED {
        return if e.new.is_null() { "removed".into() } else { "created".into() };
    }
    if e.compacted {
        return format!("{name} changed (values compacted by the history retention)");
    }
    // A rank is a fractional index: its text says nothing to a person.
    if e.field == "rank" {
        return "moved in the backlog order".into();
    }
    if e.field == "deleted_at" {
        return if e.new.is_null() { "restored".into() } else { "deleted".into() };
    }
    if e.is_list() {
        let mut parts: Vec<String> = e.added.iter().map(|v| format!("+ {}", element(ws, &e.field, v))).collect();
        parts.extend(e.removed.iter().map(|v| format!("- {}", element(ws, &e.field, v))));
        return format!("{name}: {}", parts.join("; "));
    }
    if e.field == "acceptance_criteria" {
        return format!("{name}: {}", criteria(&e.old, &e.new));
    }
    let (old, new) = (shown(ws, &e.field, &e.old), shown(ws, &e.field, &e.new));
    if let (Value::String(a), Value::String(b)) = (&e.old, &e.new)
        && (a.chars().count() > LONG || b.chars().count() > LONG || a.contains('\n') || b.contains('\n'))
    {
        return format!("{name}: {}", short_diff(a, b));
    }
    format!("{name}: {} -> {}", one_line(&old), one_line(&new))
}

/// A value in the words the screens use: `in progress`, not `in_progress`.
fn shown(ws: &Workspace, field: &str, v: &Value) -> String {
    match (field, v) {
        ("status" | "kind" | "state" | "horizon" | "owner" | "moscow", Value::String(s)) => s.replace('_', " "),
        _ => value(ws, v),
    }
}

fn one_line(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::domain::text::truncate(&s, LONG * 2)
}

/// An element of an append-only list: a comment as its author and first
/// words.
fn element(ws: &Workspace, field: &str, v: &Value) -> String {
    match (field, v) {
        ("comments", Value::Object(m)) => {
            let who = m.get("author").and_then(Value::as_str).unwrap_or("");
            let text = m.get("text").and_then(Value::as_str).unwrap_or("");
            format!("{who}: {}", one_line(text))
        }
        _ => one_line(&value(ws, v)),
    }
}

/// Acceptance criteria by their text: added, removed, met, not met.
fn criteria(old: &Value, new: &Value) -> String {
    let list = |v: &Value| -> Vec<(String, bool)> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|c| {
                        let text = c.get("text").and_then(Value::as_str).unwrap_or("").to_owned();
                        (text, c.get("met").and_then(Value::as_bool).unwrap_or(false))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let (was, now) = (list(old), list(new));
    let mut parts = Vec::new();
    for (text, met) in &now {
        match was.iter().find(|(t, _)| t == text) {
            None => parts.push(format!("+ {}", one_line(text))),
            Some((_, m)) if m != met => parts.push(format!("{} {}", if *met { "✓" } else { "✗" }, one_line(text))),
            Some(_) => {}
        }
    }
    for (text, _) in was.iter().filter(|(t, _)| !now.iter().any(|(n, _)| n == t)) {
        parts.push(format!("- {}", one_line(text)));
    }
    if parts.is_empty() { "reordered".into() } else { parts.join("; ") }
}

/// What changed in a long text, by words: `…before [-old words-] {+new
/// words+} after…`, a few words of context each side, on one line.
pub fn short_diff(old: &str, new: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_words(old, new);
    let changes: Vec<(ChangeTag, String)> = diff
        .iter_all_changes()
        .map(|c| (c.tag(), c.value().split_whitespace().collect::<Vec<_>>().join(" ")))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let changed: Vec<usize> =
        changes.iter().enumerate().filter(|(_, (t, _))| *t != ChangeTag::Equal).map(|(i, _)| i).collect();
    let (Some(&first), Some(&last)) = (changed.first(), changed.last()) else {
        return "whitespace only".into();
    };
    let from = first.saturating_sub(CONTEXT);
    let to = (last + CONTEXT + 1).min(changes.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut i = from;
    while i < to {
        let tag = changes[i].0;
        let mut words = Vec::new();
        while i < to && changes[i].0 == tag {
            words.push(changes[i].1.as_str());
            i += 1;
        }
        let run = words.join(" ");
        if !out.is_empty() && !out.ends_with('…') {
            out.push(' ');
        }
        match tag {
            ChangeTag::Equal => out.push_str(&run),
            ChangeTag::Delete => out.push_str(&format!("[-{run}-]")),
            ChangeTag::Insert => out.push_str(&format!("{{+{run}+}}")),
        }
    }
    if to < changes.len() {
        out.push('…');
    }
    crate::domain::text::truncate(&out, LONG * 4)
}
