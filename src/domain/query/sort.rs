//! Orders of the backlog other than its rank: by any column, either way,
//! the same for `list --sort`, the TUI and named views. A sort is a way of
//! looking: it never changes the rank, and items that tie stay in rank
//! order. Items with no value (no points, no sprint, no score) come last
//! whichever way the sort goes, so the ones that have one lead.

use crate::domain::item::{Item, Status};
use crate::domain::workspace::Workspace;
use std::cmp::Ordering;

macro_rules! fields {
    ($($variant:ident = $name:literal $(| $alias:literal)*, $label:literal;)+) => {
        /// What the backlog can be sorted by.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum SortField { $($variant),+ }

        impl SortField {
            pub const ALL: &'static [SortField] = &[$(SortField::$variant),+];
            /// The name `--sort` and named views use.
            pub fn name(self) -> &'static str {
                match self { $(SortField::$variant => $name),+ }
            }
            /// The name as a person reads it ("WSJF").
            pub fn label(self) -> &'static str {
                match self { $(SortField::$variant => $label),+ }
            }
            fn from_name(s: &str) -> Option<SortField> {
                match s { $($name $(| $alias)* => Some(SortField::$variant),)+ _ => None }
            }
        }
    };
}

fields! {
    Rank = "rank", "rank";
    Key = "key", "key";
    Kind = "kind" | "type", "kind";
    Title = "title", "title";
    Points = "points" | "pts" | "estimate", "points";
    Status = "status", "status";
    Owner = "owner" | "by", "owner";
    Sprint = "sprint", "sprint";
    Initiative = "initiative" | "init", "initiative";
    Assignee = "assignee" | "who", "assignee";
    Wsjf = "wsjf", "WSJF";
    Rice = "rice", "RICE";
    Updated = "updated" | "changed", "updated";
}

impl SortField {
    /// The way a sort goes unless told: highest score first, most recently
    /// updated first; everything else A to Z, low to high, first to last.
    pub fn natural_desc(self) -> bool {
        matches!(self, SortField::Wsjf | SortField::Rice | SortField::Updated)
    }

    /// The names, for messages.
    pub fn names() -> String {
        SortField::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
    }

    fn value(self, ws: &Workspace, i: &Item) -> Option<Value> {
        Some(match self {
            SortField::Rank => return None,
            SortField::Key => keyed(&i.key),
            SortField::Kind => Value::Text(i.kind.as_str().to_owned()),
            SortField::Title => Value::Text(i.title.to_lowercase()),
            SortField::Points => Value::Num(f64::from(i.estimate?)),
            SortField::Status => Value::Num(Status::ALL.iter().position(|s| *s == i.status).unwrap_or(0) as f64),
            SortField::Owner => Value::Text(i.meta.owner.label().to_owned()),
            // Sprints in the order they run.
            SortField::Sprint => {
                let s = ws.sprint(i.sprint?)?;
                Value::Text(format!("{} {}", s.start, s.name.to_lowercase()))
            }
            SortField::Initiative => keyed(&ws.initiative(i.initiative?)?.key),
            SortField::Assignee => Value::Text(i.assignee.as_deref()?.to_lowercase()),
            SortField::Wsjf => Value::Num(i.scoring.wsjf_score()?),
            SortField::Rice => Value::Num(i.scoring.rice_score()?),
            SortField::Updated => Value::Num(i.meta.updated_at.timestamp_millis() as f64),
        })
    }
}

/// A key in its natural order: `BL-9` before `BL-10`.
fn keyed(key: &str) -> Value {
    match key.rsplit_once('-').map(|(p, n)| (p, n.parse::<u64>())) {
        Some((prefix, Ok(n))) => Value::Keyed(prefix.to_lowercase(), n),
        _ => Value::Keyed(key.to_lowercase(), 0),
    }
}

/// What one item is sorted by.
enum Value {
    Num(f64),
    Text(String),
    Keyed(String, u64),
}

impl Value {
    fn cmp(&self, other: &Value) -> Ordering {
        match (self, other) {
            (Value::Num(a), Value::Num(b)) => a.total_cmp(b),
            (Value::Text(a), Value::Text(b)) => a.cmp(b),
            (Value::Keyed(a, n), Value::Keyed(b, m)) => a.cmp(b).then(n.cmp(m)),
            // One field gives one kind of value.
            _ => Ordering::Equal,
        }
    }
}

/// A field and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sort {
    pub field: SortField,
    pub desc: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort::new(SortField::Rank)
    }
}

impl Sort {
    /// By `field`, the way it naturally goes.
    pub fn new(field: SortField) -> Sort {
        Sort { field, desc: field.natural_desc() }
    }

    /// `FIELD`, `FIELD:asc` or `FIELD:desc` (empty: rank).
    pub fn parse(text: &str) -> Result<Sort, String> {
        let t = text.trim().to_ascii_lowercase();
        if t.is_empty() {
            return Ok(Sort::default());
        }
        let (name, dir) = match t.split_once(':') {
            Some((n, d)) => (n.trim(), Some(d.trim())),
            None => (t.as_str(), None),
        };
        let field = SortField::from_name(name)
            .ok_or_else(|| format!("{name:?} is not something to sort by: use {}", SortField::names()))?;
        let desc = match dir {
            None => field.natural_desc(),
            Some("desc" | "down") => true,
            Some("asc" | "up") => false,
            Some(d) => return Err(format!("{name}:{d}? add :asc or :desc, or nothing for the usual way")),
        };
        Ok(Sort { field, desc })
    }

    /// The backlog's own order: rank, top first.
    pub fn is_rank(self) -> bool {
        self == Sort::default()
    }

    /// "points, highest first": what the order is, in words.
    pub fn describe(self) -> String {
        format!("{}, {}", self.field.label(), self.way())
    }

    /// "highest first": which way the order goes, in words.
    pub fn way(self) -> &'static str {
        use SortField as F;
        let (up, down) = match self.field {
            F::Rank => ("top first", "bottom first"),
            F::Kind | F::Title | F::Owner | F::Assignee => ("A to Z", "Z to A"),
            F::Status => ("new first", "done first"),
            F::Sprint => ("earliest first", "latest first"),
            F::Updated => ("oldest first", "newest first"),
            F::Key | F::Points | F::Initiative | F::Wsjf | F::Rice => ("lowest first", "highest first"),
        };
        if self.desc { down } else { up }
    }

    /// The other way round.
    pub fn flipped(self) -> Sort {
        Sort { desc: !self.desc, ..self }
    }

    /// Puts `rows` (given in rank order) in this order; `item` finds a
    /// row's item. Ties keep their rank order, and rows with no value go
    /// last. Each value is worked out once, so this costs a sort of the
    /// rows, not a lookup per comparison.
    pub fn order<T: Copy>(self, ws: &Workspace, rows: &mut Vec<T>, item: impl Fn(T) -> usize) {
        if self.field == SortField::Rank {
            if self.desc {
                rows.reverse();
            }
            return;
        }
        let mut keyed: Vec<(Option<Value>, T)> =
            rows.iter().map(|&r| (self.field.value(ws, &ws.items[item(r)]), r)).collect();
        keyed.sort_by(|(a, _), (b, _)| match (a, b) {
            (Some(x), Some(y)) if self.desc => y.cmp(x),
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        });
        rows.clear();
        rows.extend(keyed.into_iter().map(|(_, r)| r));
    }
}

impl std::fmt::Display for Sort {
    /// The name alone for the usual way (`wsjf`), else with the way
    /// (`points:desc`), so a named view saved before sorts were general
    /// reads the same.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.field.name())?;
        if self.desc != self.field.natural_desc() {
            f.write_str(if self.desc { ":desc" } else { ":asc" })?;
        }
        Ok(())
    }
}
