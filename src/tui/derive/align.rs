//! The alignment report as the lines its popup lists and the cursor moves
//! over, and what each line points at.

use crate::domain::align::Report;
use uuid::Uuid;

/// What an alignment entry points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlignTarget {
    Item(Uuid),
    Goal(Uuid),
    Initiative(Uuid),
    Sprint(Uuid),
}

/// One line of the alignment view: a heading (no target) or an entry.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignLine {
    pub text: String,
    pub detail: String,
    pub target: Option<AlignTarget>,
    /// A problem rather than a finding (broken links).
    pub severe: bool,
}

/// The report as the lines the view shows and the cursor moves over.
pub fn alignment_entries(r: &Report) -> Vec<AlignLine> {
    let mut out = Vec::new();
    let head = |out: &mut Vec<AlignLine>, text: String| {
        out.push(AlignLine { text, detail: String::new(), target: None, severe: false })
    };
    if !r.broken.is_empty() {
        head(&mut out, format!("Broken links ({})", r.broken.len()));
        for b in &r.broken {
            let target = match b.entity {
                "item" => Some(AlignTarget::Item(b.id)),
                "initiative" => Some(AlignTarget::Initiative(b.id)),
                "sprint" => Some(AlignTarget::Sprint(b.id)),
                _ => None,
            };
            out.push(AlignLine { text: b.key.clone(), detail: b.message.clone(), target, severe: true });
        }
    }
    let mut section = |title: &str, list: &[crate::domain::align::Entry], make: fn(Uuid) -> AlignTarget| {
        if list.is_empty() {
            return;
        }
        head(&mut out, format!("{title} ({})", list.len()));
        for e in list {
            out.push(AlignLine {
                text: e.key.clone(),
                detail: e.title.clone(),
                target: Some(make(e.id)),
                severe: false,
            });
        }
    };
    section("Goals with no initiative", &r.goals_without_initiative, AlignTarget::Goal);
    section("Now initiatives with no ready stories", &r.now_without_ready, AlignTarget::Initiative);
    section("Stories linked to no initiative", &r.unlinked_stories, AlignTarget::Item);
    section("Open items still in a closed sprint", &r.open_in_closed_sprint, AlignTarget::Item);
    if !r.stale.is_empty() {
        head(&mut out, format!("Stale work ({})", r.stale.len()));
        for s in &r.stale {
            out.push(AlignLine {
                text: s.item.key.clone(),
                detail: format!("{} for {} days: {}", s.status.as_str().replace('_', " "), s.idle_days, s.item.title),
                target: Some(AlignTarget::Item(s.item.id)),
                severe: false,
            });
        }
    }
    if let Some(t) = &r.sprint_trace {
        let share = t.share().map_or("no points yet".to_owned(), |s| format!("{:.0}%", s * 100.0));
        head(
            &mut out,
            format!("{}: {} of {} points trace up to a goal ({share})", t.name, t.traced_points, t.total_points),
        );
        for e in &t.untraced {
            out.push(AlignLine {
                text: e.key.clone(),
                detail: format!("not traced: {}", e.title),
                target: Some(AlignTarget::Item(e.id)),
                severe: false,
            });
        }
    }
    if out.is_empty() {
        head(&mut out, "Aligned: every goal has an initiative, every story a place.".into());
    }
    out
}
