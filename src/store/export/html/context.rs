//! What every page is made from: the context (the workspace, the day, the
//! commit trail, for whom), the place of a page in a site, and the index of
//! lists and page names a build makes once.

use crate::domain::Workspace;
use crate::domain::forecast::{Basis, Forecast, Options, Pace, Refusal, Sample, scope};
use crate::domain::item::{Item, ItemKind, Status};
use crate::domain::sprint::Sprint;
use crate::domain::strategy::{Initiative, InitiativeStatus};
use crate::domain::workspace::InitiativeProgress;
use crate::store::trail::Trail;
use chrono::NaiveDate;
use std::cell::OnceCell;
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
    /// The lists pages show, and in a site the file of each page.
    pub index: &'a Index<'a>,
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
    /// Whether the page is one of a site's, linking to the others.
    pub fn in_site(&self) -> bool {
        self.index.site
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
        match self.index.of(id) {
            Some(file) => format!("<a href=\"{file}\">{text}</a>"),
            None => text.to_owned(),
        }
    }
}

/// An initiative is internal when its theme says so.
fn internal_initiative(i: &Initiative) -> bool {
    i.theme.trim().eq_ignore_ascii_case(INTERNAL)
}

/// A pace, found when first asked for.
type KeptPace = OnceCell<Result<(Pace, Vec<Sample>), Refusal>>;

/// What pages look up, made in one pass over the items so that a site of
/// thousands of pages reads the workspace a few times, not once a page:
/// the items in rank order, by parent, by the initiative they deliver and
/// by sprint; and in a site, the file of each initiative, epic and sprint
/// page, named for its key (or a sprint's name) in lower case, so that the
/// names stay the same from one build to the next and read well in a URL.
#[derive(Debug, Default)]
pub struct Index<'a> {
    /// Whether the pages are a site's (and link to each other).
    site: bool,
    files: HashMap<Uuid, String>,
    /// The pages, in the order the site lists them.
    pub initiatives: Vec<Uuid>,
    pub epics: Vec<Uuid>,
    pub sprints: Vec<Uuid>,
    /// Live items in rank order.
    pub ranked: Vec<&'a Item>,
    children: HashMap<Uuid, Vec<&'a Item>>,
    stories: HashMap<Uuid, Vec<&'a Item>>,
    in_sprint: HashMap<Uuid, Vec<&'a Item>>,
    progress: HashMap<Uuid, InitiativeProgress>,
    /// What a sprint delivers, counted in points and in items: found once
    /// for the many forecasts of a site.
    paces: [KeptPace; 2],
}

impl<'a> Index<'a> {
    /// The lists of `ws`; with `site`, a page for each live initiative and
    /// epic not dropped and each live sprint, in `public` none marked
    /// internal.
    pub fn new(ws: &'a Workspace, site: bool, public: bool) -> Index<'a> {
        let ranked: Vec<&Item> = ws.ranked_item_positions().into_iter().map(|p| &*ws.items[p]).collect();
        let mut ix = Index {
            site,
            stories: ws.stories_by_initiative(&ranked),
            progress: ws.initiative_progress(),
            ..Index::default()
        };
        for i in &ranked {
            if let Some(p) = i.parent {
                ix.children.entry(p).or_default().push(i);
            }
            if let Some(s) = i.sprint {
                ix.in_sprint.entry(s).or_default().push(i);
            }
        }
        ix.ranked = ranked;
        if !site {
            return ix;
        }
        let probe = Ctx { ws, today: NaiveDate::MIN, trail: None, public, index: &Index::default() };
        let mut taken = std::collections::HashSet::new();
        let mut name = |prefix: &str, text: &str| {
            let mut slug = super::super::slug(text);
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
        let mut files = HashMap::new();
        for i in ws
            .roadmap
            .iter()
            .filter(|i| i.meta.is_live() && i.status != InitiativeStatus::Dropped && probe.shows_initiative(i))
        {
            files.insert(i.meta.id, name("initiative", &i.key));
            ix.initiatives.push(i.meta.id);
        }
        for e in &ix.ranked {
            if e.kind == ItemKind::Epic && e.status != Status::Dropped && probe.shows(e) {
                files.insert(e.meta.id, name("epic", &e.key));
                ix.epics.push(e.meta.id);
            }
        }
        for s in sprint_order(ws) {
            files.insert(s.meta.id, name("sprint", &s.name));
            ix.sprints.push(s.meta.id);
        }
        ix.files = files;
        ix
    }

    /// The file of the page of `id`, in a site that has one.
    pub fn of(&self, id: Uuid) -> Option<&str> {
        self.files.get(&id).map(String::as_str)
    }

    /// The live children of `id`, in rank order.
    pub fn children(&self, id: Uuid) -> &[&'a Item] {
        self.children.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The stories initiative `id` counts, in rank order.
    pub fn stories(&self, id: Uuid) -> &[&'a Item] {
        self.stories.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The live items in sprint `id`, in rank order.
    pub fn in_sprint(&self, id: Uuid) -> &[&'a Item] {
        self.in_sprint.get(&id).map_or(&[], Vec::as_slice)
    }

    /// When the open work among `items` is done, as `backlog forecast`
    /// says for the epic or initiative they are (the same items, sprints
    /// sampled, trials and seed).
    pub fn forecast(&self, ws: &Workspace, items: &[&Item], today: NaiveDate) -> Result<Forecast, Refusal> {
        let open: Vec<&Item> = items.iter().copied().filter(|i| scope::open_work(i)).collect();
        let remaining = scope::remaining(&open);
        let opts = Options::default();
        let kept = &self.paces[usize::from(remaining.basis == Basis::Items)];
        let (pace, sampled) =
            kept.get_or_init(|| scope::pace(ws, remaining.basis, opts)).as_ref().map_err(Clone::clone)?;
        Ok(scope::at_pace(ws, remaining, pace, sampled.clone(), today, opts))
    }

    /// What initiative `id`'s stories add up to.
    pub fn progress(&self, id: Uuid) -> InitiativeProgress {
        self.progress.get(&id).copied().unwrap_or_default()
    }
}

/// Live sprints, the latest first.
pub(crate) fn sprint_order(ws: &Workspace) -> Vec<&Sprint> {
    let mut v: Vec<&Sprint> = ws.live_sprints().collect();
    v.sort_by_key(|s| std::cmp::Reverse((s.start, s.meta.id)));
    v
}
