//! Stakeholder pages: the roadmap, the vision board with KPI gauges, a
//! sprint review with its burndown and burnup, and (for `backlog site`)
//! a page per initiative and epic, the releases, the sprints and the
//! changelog. Each page is self-contained HTML (inline CSS, charts as
//! inline SVG with their numbers as a table, no scripts) that can be
//! mailed, put on a wiki or served as it is. Every piece of text is
//! escaped.

mod delivery;
mod parts;
mod strategy;

pub use delivery::{changelog, epic, sprint as sprint_page, sprints};
pub use parts::esc;
pub use strategy::{index, initiative, releases, roadmap as roadmap_page};

use crate::domain::Workspace;
use crate::domain::item::{Item, ItemKind, Status};
use crate::domain::sprint::Sprint;
use crate::domain::strategy::{Initiative, InitiativeStatus};
use crate::store::trail::Trail;
use chrono::NaiveDate;
use std::collections::HashMap;
use uuid::Uuid;

/// What a page is made from, and for whom.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub ws: &'a Workspace,
    /// The day forecasts and charts are made as of.
    pub today: NaiveDate,
    /// The commits that name stories, where the workspace is in git.
    pub trail: Option<&'a Trail>,
    /// For readers outside the team: no people's names, no comments,
    /// nothing marked internal ([`Ctx::internal_item`]).
    pub public: bool,
    /// In a site: the file of each page, so that pages link to each other.
    pub files: Option<&'a Files>,
}

/// Which of a site's top pages a page is (its place in the navigation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Here {
    Index,
    Roadmap,
    Releases,
    Sprints,
    Changelog,
    /// A page of one initiative, epic or sprint.
    Detail,
}

/// The label that marks an item (with an epic, its stories) as internal.
pub const INTERNAL: &str = "internal";

impl<'a> Ctx<'a> {
    /// A page alone, as `export --format html` writes it: no links.
    pub fn alone(ws: &'a Workspace, today: NaiveDate, trail: Option<&'a Trail>) -> Ctx<'a> {
        Ctx { ws, today, trail, public: false, files: None }
    }

    /// Whether `i` is marked internal: labelled `internal`, or a child of
    /// an epic that is, or delivering an initiative whose theme is.
    pub fn internal_item(&self, i: &Item) -> bool {
        let labelled = |i: &Item| i.labels.iter().any(|l| l.eq_ignore_ascii_case(INTERNAL));
        labelled(i)
            || i.parent.and_then(|p| self.ws.item(p)).is_some_and(labelled)
            || self.ws.initiative_of(i).and_then(|id| self.ws.initiative(id)).is_some_and(internal_initiative)
    }

    /// Whether this page shows `i` at all.
    pub fn shows(&self, i: &Item) -> bool {
        !self.public || !self.internal_item(i)
    }

    /// Whether this page shows initiative `i`.
    pub fn shows_initiative(&self, i: &Initiative) -> bool {
        !self.public || !internal_initiative(i)
    }

    /// `text` as a link to the page of `id` when the site has one.
    pub fn link(&self, id: Uuid, text: &str) -> String {
        match self.files.and_then(|f| f.of(id)) {
            Some(file) => format!("<a href=\"{file}\">{text}</a>"),
            None => text.to_owned(),
        }
    }
}

/// An initiative is internal when its theme says so.
fn internal_initiative(i: &Initiative) -> bool {
    i.theme.trim().eq_ignore_ascii_case(INTERNAL)
}

/// The file of each initiative, epic and sprint page of a site: named for
/// its key (or a sprint's name), lower case, so that the names stay the
/// same from one build to the next and read well in a URL.
#[derive(Debug, Default)]
pub struct Files {
    by_id: HashMap<Uuid, String>,
    /// In the order the site lists them.
    pub initiatives: Vec<Uuid>,
    pub epics: Vec<Uuid>,
    pub sprints: Vec<Uuid>,
}

impl Files {
    /// The pages `ctx` makes: live initiatives and epics not dropped, every
    /// live sprint; in public, none marked internal.
    pub fn new(ctx: &Ctx) -> Files {
        let ws = ctx.ws;
        let mut f = Files::default();
        let mut taken = std::collections::HashSet::new();
        let mut name = |prefix: &str, text: &str| {
            let mut slug: String = text
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
                .collect::<String>()
                .split('-')
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            if slug.is_empty() {
                slug = "page".into();
            }
            // "Sprint 22" is sprint-22, not sprint-sprint-22.
            let base = if slug.starts_with(&format!("{prefix}-")) { slug } else { format!("{prefix}-{slug}") };
            let mut file = format!("{base}.html");
            let mut n = 2;
            while !taken.insert(file.clone()) {
                file = format!("{base}-{n}.html");
                n += 1;
            }
            file
        };
        for i in ws
            .roadmap
            .iter()
            .filter(|i| i.meta.is_live() && i.status != InitiativeStatus::Dropped && ctx.shows_initiative(i))
        {
            f.by_id.insert(i.meta.id, name("initiative", &i.key));
            f.initiatives.push(i.meta.id);
        }
        for p in ws.ranked_item_positions() {
            let e = &ws.items[p];
            if e.kind == ItemKind::Epic && e.status != Status::Dropped && ctx.shows(e) {
                f.by_id.insert(e.meta.id, name("epic", &e.key));
                f.epics.push(e.meta.id);
            }
        }
        for s in sprint_order(ws) {
            f.by_id.insert(s.meta.id, name("sprint", &s.name));
            f.sprints.push(s.meta.id);
        }
        f
    }

    pub fn of(&self, id: Uuid) -> Option<&str> {
        self.by_id.get(&id).map(String::as_str)
    }
}

/// Live sprints, the latest first.
pub(crate) fn sprint_order(ws: &Workspace) -> Vec<&Sprint> {
    let mut v: Vec<&Sprint> = ws.live_sprints().collect();
    v.sort_by_key(|s| std::cmp::Reverse((s.start, s.meta.id)));
    v
}

/// Now / Next / Later with goals, progress and forecasts as of `today`;
/// with `commits`, each initiative's done stories and the commits that
/// delivered them.
pub fn roadmap(ws: &Workspace, commits: Option<&Trail>, today: NaiveDate) -> String {
    strategy::roadmap(&Ctx::alone(ws, today, commits))
}

/// The product vision board and the goals with KPI gauges.
pub fn vision(ws: &Workspace) -> String {
    strategy::vision(&Ctx::alone(ws, chrono::Utc::now().date_naive(), None))
}

/// A sprint review: goal, numbers, burndown and burnup, what was done;
/// with `commits`, the commits that delivered each done story.
pub fn sprint(ws: &Workspace, s: &Sprint, today: NaiveDate, commits: Option<&Trail>) -> String {
    delivery::sprint(&Ctx::alone(ws, today, commits), s)
}
