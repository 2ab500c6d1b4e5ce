//! The Backlog table's columns: which fit a width, which say nothing
//! about the rows listed and give their room to the titles, which one the
//! list is sorted by, and their names and headers.

use crate::domain::Workspace;
use crate::domain::query::Sort;
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    Key,
    Kind,
    Title,
    Points,
    Status,
    Owner,
    Sprint,
    Initiative,
    Assignee,
    Wsjf,
    Rice,
    Updated,
    /// When the item is done, with everything open ranked above it (85%).
    Lands,
    /// The release it ships in.
    Release,
    /// Where the item stands by manual rank, in a sorted view.
    RankPos,
}

/// The name a named view uses for a column (see `VIEW_COLUMNS`).
pub(super) fn named(c: Col) -> &'static str {
    match c {
        Col::Kind => "kind",
        Col::Points => "pts",
        Col::Status => "status",
        Col::Owner => "by",
        Col::Sprint => "sprint",
        Col::Initiative => "init",
        Col::Assignee => "who",
        Col::Wsjf => "wsjf",
        Col::Rice => "rice",
        Col::Updated => "updated",
        Col::Lands => "lands",
        Col::Release => "release",
        Col::Key | Col::Title | Col::RankPos => "",
    }
}

/// From this width on the list offers its extra columns (who, scores), and
/// keeps the columns that say nothing in their places.
pub(super) const WIDE: usize = 120;

/// Rows looked at for [`quiet_columns`]: a bound on what a frame costs
/// (as many as a filter step matches, a fraction of a millisecond; a list
/// longer than that keeps its columns).
const QUIET_SCAN: usize = crate::tui::list::FILTER_CHUNK;

/// Columns that say nothing about the rows listed: no row is in a sprint,
/// linked to an initiative, or assigned, or every row has the same owner.
/// They give their room to the titles. Past [`QUIET_SCAN`] rows a column
/// is kept, so a frame costs the same at any size.
pub(super) fn quiet_columns(list: &crate::tui::list::RankedList, ws: &Workspace) -> Vec<Col> {
    let (mut sprint, mut init, mut who, mut owners) = (false, false, false, None);
    let mut release = false;
    let mut mixed = false;
    let n = list.len();
    for i in 0..n.min(QUIET_SCAN) {
        let Some(item) = list.get(i).map(|p| &ws.items[p]) else { break };
        sprint |= item.sprint.is_some();
        init |= item.initiative.is_some();
        who |= item.assignee.is_some();
        release |= item.release.is_some();
        mixed |= *owners.get_or_insert(item.meta.owner) != item.meta.owner;
        if sprint && init && who && mixed && release {
            return Vec::new();
        }
    }
    if n > QUIET_SCAN {
        return Vec::new();
    }
    let said = [
        (Col::Sprint, sprint),
        (Col::Initiative, init),
        (Col::Assignee, who),
        (Col::Owner, mixed),
        (Col::Release, release),
    ];
    said.into_iter().filter(|(_, any)| !any).map(|(c, _)| c).collect()
}

/// The column that shows what the list is sorted by (none for the rank
/// itself, top first).
pub(super) fn sorted_col(sort: Sort) -> Option<Col> {
    use crate::domain::query::SortField as F;
    if sort.is_rank() {
        return None;
    }
    Some(match sort.field {
        F::Rank => Col::RankPos,
        F::Key => Col::Key,
        F::Kind => Col::Kind,
        F::Title => Col::Title,
        F::Points => Col::Points,
        F::Status => Col::Status,
        F::Owner => Col::Owner,
        F::Sprint => Col::Sprint,
        F::Initiative => Col::Initiative,
        F::Assignee => Col::Assignee,
        F::Wsjf => Col::Wsjf,
        F::Rice => Col::Rice,
        F::Updated => Col::Updated,
    })
}

/// Columns that fit `width`, in display order, with their widths. The
/// title takes what is left (at least 20 columns). `only` (a named view's
/// columns) keeps the optional columns to those it names; else `quiet`
/// columns (see [`quiet_columns`]) are left out. The column the list is
/// sorted by always comes first, so it shows at any width.
pub(super) fn columns(width: usize, key_w: usize, sort: Sort, only: &[String], quiet: &[Col]) -> Vec<(Col, usize)> {
    let score = !sort.is_rank() && crate::tui::list::is_score(sort.field);
    let sorted = sorted_col(sort);
    let mut optional = vec![];
    // Wide enough for its header and the arrow.
    optional.extend(sorted.and_then(|c| Some((c, col_width(c)?.max(header(c).width() + 1)))));
    // A score view puts its score and the manual rank first.
    if score {
        optional.extend([(Col::Wsjf, 5), (Col::Rice, 6), (Col::RankPos, 7)]);
    }
    optional.extend([
        (Col::Points, 3),
        (Col::Status, 11),
        (Col::Kind, 5),
        (Col::Owner, 2),
        (Col::Initiative, 4),
        (Col::Sprint, 10),
    ]);
    // In rank order the scores are extra detail, for wide terminals only.
    if !score && (width >= WIDE || !only.is_empty()) {
        optional.extend([(Col::Assignee, 8), (Col::Release, 10), (Col::Wsjf, 5), (Col::Rice, 6)]);
    }
    // Only a view that names them: the forecast's date for each row.
    if !only.is_empty() {
        optional.extend([(Col::Updated, 10), (Col::Lands, 10)]);
    }
    // Sorted otherwise than by rank: where each item stands by rank.
    if sorted.is_some() {
        optional.push((Col::RankPos, 7));
    }
    let mut seen = Vec::new();
    optional.retain(|(c, _)| {
        !seen.contains(c) && {
            seen.push(*c);
            true
        }
    });
    if only.is_empty() {
        optional.retain(|(c, _)| Some(*c) == sorted || !quiet.contains(c));
    } else {
        optional.retain(|(c, _)| *c == Col::RankPos || Some(*c) == sorted || only.iter().any(|n| n == named(*c)));
    }
    let mut chosen = vec![(Col::Key, key_w)];
    let mut used = key_w + 1;
    for (c, w) in optional.iter().copied() {
        if used + w + 1 + 20 <= width {
            chosen.push((c, w));
            used += w + 1;
        }
    }
    let order = [
        Col::Key,
        Col::Kind,
        Col::Title,
        Col::Points,
        Col::Status,
        Col::Owner,
        Col::Sprint,
        Col::Initiative,
        Col::Assignee,
        Col::Release,
        Col::Wsjf,
        Col::Rice,
        Col::Updated,
        Col::Lands,
        Col::RankPos,
    ];
    let title_w = width.saturating_sub(used);
    let mut out: Vec<(Col, usize)> = Vec::new();
    for c in order {
        if c == Col::Title {
            out.push((Col::Title, title_w));
        } else if let Some(&x) = chosen.iter().find(|x| x.0 == c) {
            out.push(x);
        }
    }
    out
}

/// An optional column's width (the key and the title have their own).
pub(super) fn col_width(c: Col) -> Option<usize> {
    Some(match c {
        Col::Kind | Col::Wsjf => 5,
        Col::Points => 3,
        Col::Status => 11,
        Col::Owner => 2,
        Col::Initiative => 4,
        Col::Sprint => 10,
        Col::Assignee => 8,
        Col::Release => 10,
        Col::Rice => 6,
        Col::Updated | Col::Lands => 10,
        Col::RankPos => 7,
        Col::Key | Col::Title => return None,
    })
}

pub(super) fn header(c: Col) -> &'static str {
    match c {
        Col::Key => "KEY",
        Col::Kind => "KIND",
        Col::Title => "TITLE",
        Col::Points => "PTS",
        Col::Status => "STATUS",
        Col::Owner => "BY",
        Col::Sprint => "SPRINT",
        Col::Initiative => "INIT",
        Col::Assignee => "WHO",
        Col::Wsjf => "WSJF",
        Col::Rice => "RICE",
        Col::Updated => "UPDATED",
        Col::Lands => "LANDS BY",
        Col::Release => "RELEASE",
        Col::RankPos => "RANK",
    }
}
