//! A valid form turns into a domain command; an edit sends only the
//! fields the user touched.

use super::Form;
use super::build::KPI_FIELDS;
use crate::domain::command::{
    GoalPatch, InitiativePatch, ItemPatch, NewGoal, NewInitiative, NewItem, NewSprint, Position, SprintPatch,
    VisionPatch,
};
use crate::domain::item::{Criterion, ItemKind, Status, Story};
use crate::domain::number;
use crate::domain::resolve::{self, RefError};
use crate::domain::score::Moscow;
use crate::domain::strategy::{Direction, GoalStatus, Horizon, InitiativeStatus, Kpi, Timeframe, VISION_SECTIONS};
use crate::domain::{Command, Workspace};
use uuid::Uuid;

impl Form {
    /// The points typed in field `name` (`estimate`): a whole number (read
    /// as the CLI reads `--points`) on the workspace's scale; `None` with
    /// the field's error if not. `or` names another way out.
    pub(super) fn points(&mut self, ws: &Workspace, name: &str, text: &str, or: &str) -> Option<u32> {
        match number::parse_whole(text) {
            Ok(p) if ws.settings.point_scale.contains(&p) => Some(p),
            _ => {
                let scale: Vec<String> = ws.settings.point_scale.iter().map(u32::to_string).collect();
                self.set_error(name, format!("use one of {}{or}", scale.join(", ")));
                None
            }
        }
    }

    /// What the resolver `found` for field `name`; `None` with the field's
    /// error if it names nothing.
    pub(super) fn resolved<T>(&mut self, name: &str, found: Result<T, RefError>) -> Option<T> {
        found.map_err(|e| self.set_error(name, e.0)).ok()
    }

    pub(super) fn item_command(
        &mut self,
        ws: &Workspace,
        user: &str,
        id: Option<Uuid>,
        default_initiative: Option<Uuid>,
        sprint: Option<Uuid>,
    ) -> Option<Command> {
        let title = self.required("title");
        let kind: ItemKind = self.raw("kind").parse().unwrap_or(ItemKind::Story);
        let status: Status = self.raw("status").parse().unwrap_or(Status::New);
        let est_text = self.raw("estimate");
        let estimate = if est_text.is_empty() { None } else { self.points(ws, "estimate", &est_text, "") };
        // References are read only when typed (an edit sends no other), so
        // what a field already held (`me` stored as a name by an old
        // version) cannot hold up an edit of something else.
        let assignee = match self.touched("assignee") {
            true => {
                let who = resolve::assignee(&self.raw("assignee"), user);
                self.resolved("assignee", who).flatten()
            }
            false => None,
        };
        let labels: Vec<String> =
            self.raw("labels").split(',').map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        let story = Story::new(self.raw("as_a"), self.raw("i_want"), self.raw("so_that"));
        let story = (!story.is_empty()).then_some(story);
        let init_key = self.raw("initiative");
        let initiative = if init_key.is_empty() {
            None
        } else {
            ws.initiative_by_key(&init_key).map(|i| i.meta.id).or(default_initiative)
        };
        // The field is there only when the workspace has releases.
        let has_release = self.fields.iter().any(|f| f.name == "release");
        let release = match has_release {
            true => Some(self.raw("release"))
                .filter(|n| !n.is_empty())
                .and_then(|n| ws.release_by_name(&n))
                .map(|r| r.meta.id),
            false => None,
        };
        let parent_ref = self.raw("parent");
        let parent = if resolve::is_none(&parent_ref) || !self.touched("parent") {
            None
        } else {
            match resolve::epic(ws, &parent_ref).map(|p| p.meta.id) {
                Ok(p) if Some(p) == id => {
                    self.set_error("parent", "an item cannot be its own parent");
                    None
                }
                found => self.resolved("parent", found),
            }
        };
        let description = self.field("description").raw().to_owned();
        let moscow: Option<Moscow> = self.raw("moscow").parse().ok();
        let (wsjf, rice) = (self.wsjf(), self.rice());
        if self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        let (wsjf, rice) = (wsjf?, rice?);
        match id.and_then(|id| ws.item(id)) {
            None => Some(Command::AddItem(Box::new(NewItem {
                kind: Some(kind),
                title,
                description,
                story,
                acceptance_criteria: Vec::<Criterion>::new(),
                estimate,
                status: Some(status),
                labels,
                parent,
                initiative,
                sprint,
                release,
                moscow,
                wsjf,
                rice,
                external: Vec::new(),
                assignee,
                position: Position::Bottom,
                created_at: None,
                ..Default::default()
            }))),
            Some(item) => {
                let t = |n: &str| self.touched(n);
                let story_touched = t("as_a") || t("i_want") || t("so_that");
                let p = ItemPatch {
                    kind: t("kind").then_some(kind),
                    title: t("title").then_some(title),
                    description: t("description").then_some(description),
                    story: story_touched.then_some(story),
                    estimate: t("estimate").then_some(estimate),
                    status: t("status").then_some(status),
                    labels: t("labels").then_some(labels),
                    parent: t("parent").then_some(parent),
                    initiative: t("initiative").then_some(initiative),
                    release: t("release").then_some(release),
                    moscow: t("moscow").then_some(moscow),
                    wsjf: t("wsjf").then_some(wsjf),
                    rice: t("rice").then_some(rice),
                    assignee: t("assignee").then_some(assignee),
                    ..ItemPatch::default()
                };
                Some(Command::EditItem { id: item.meta.id, patch: Box::new(p) })
            }
        }
    }

    pub(super) fn initiative_command(&mut self, ws: &Workspace, id: Option<Uuid>) -> Option<Command> {
        let title = self.required("title");
        let status: InitiativeStatus = self.raw("status").parse().unwrap_or(InitiativeStatus::Idea);
        let mut goals = Vec::new();
        let typed = if self.touched("goals") { self.raw("goals") } else { String::new() };
        for r in resolve::list(&typed) {
            if let Some(g) = self.resolved("goals", resolve::goal(ws, r))
                && !goals.contains(&g.meta.id)
            {
                goals.push(g.meta.id);
            }
        }
        let (start, end) = (self.date("start"), self.date("end"));
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            self.set_error("end", "ends before it starts");
        }
        let label = self.raw("timeframe");
        let tf = Timeframe { label, start, end, ..Timeframe::default() };
        let timeframe = (tf != Timeframe::default()).then_some(tf);
        let theme = self.raw("theme");
        let description = self.field("description").raw().to_owned();
        let (wsjf, rice) = (self.wsjf(), self.rice());
        if self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        let (wsjf, rice) = (wsjf?, rice?);
        match id.and_then(|id| ws.initiative(id)) {
            None => {
                let horizon: Horizon = self.raw("horizon").parse().unwrap_or(Horizon::Later);
                Some(Command::AddInitiative(Box::new(NewInitiative {
                    title,
                    description,
                    horizon: Some(horizon),
                    timeframe,
                    theme,
                    goals,
                    status: Some(status),
                    wsjf,
                    rice,
                    position: Position::Bottom,
                    ..NewInitiative::default()
                })))
            }
            Some(i) => {
                let t = |n: &str| self.touched(n);
                let p = InitiativePatch {
                    title: t("title").then_some(title),
                    description: t("description").then_some(description),
                    timeframe: (t("timeframe") || t("start") || t("end")).then_some(timeframe),
                    theme: t("theme").then_some(theme),
                    goals: t("goals").then_some(goals),
                    status: t("status").then_some(status),
                    wsjf: t("wsjf").then_some(wsjf),
                    rice: t("rice").then_some(rice),
                    ..InitiativePatch::default()
                };
                Some(Command::EditInitiative { id: i.meta.id, patch: Box::new(p) })
            }
        }
    }

    /// The KPI of slot `names` as filled in, starting from `was` (so what
    /// this version does not know is kept); `None` when the slot is empty.
    fn kpi_slot(&mut self, names: &[&'static str; 6], was: Option<&Kpi>) -> Option<Kpi> {
        if !self.fields.iter().any(|f| f.name == names[0]) {
            return was.cloned();
        }
        let name = self.raw(names[0]);
        if name.is_empty() {
            return None;
        }
        let baseline = self.number(names[2]);
        let target = self.number(names[3]);
        let current = self.number(names[4]);
        if baseline.is_none() && self.fields.iter().all(|f| f.name != names[2] || f.error.is_none()) {
            self.set_error(names[2], "required");
        }
        if target.is_none() && self.fields.iter().all(|f| f.name != names[3] || f.error.is_none()) {
            self.set_error(names[3], "required");
        }
        let (baseline, target) = (baseline?, target?);
        let direction = match self.raw(names[5]).as_str() {
            "" => {
                if target < baseline {
                    Direction::Down
                } else {
                    Direction::Up
                }
            }
            d => d.parse().unwrap_or(Direction::Up),
        };
        let mut k = was.cloned().unwrap_or_else(|| Kpi {
            name: String::new(),
            unit: String::new(),
            baseline,
            target,
            current: baseline,
            direction,
            extra: Default::default(),
        });
        k.name = name;
        k.unit = self.raw(names[1]);
        k.baseline = baseline;
        k.target = target;
        k.current = current.unwrap_or(baseline);
        k.direction = direction;
        Some(k)
    }

    pub(super) fn goal_command(&mut self, ws: &Workspace, id: Option<Uuid>) -> Option<Command> {
        let title = self.required("title");
        let status: GoalStatus = self.raw("status").parse().unwrap_or(GoalStatus::OnTrack);
        let description = self.field("description").raw().to_owned();
        let old = id.and_then(|id| ws.goal(id));
        let mut kpis = Vec::new();
        for (n, names) in KPI_FIELDS.iter().enumerate() {
            if let Some(k) = self.kpi_slot(names, old.and_then(|g| g.kpis.get(n))) {
                kpis.push(k);
            }
        }
        if self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        match old {
            None => Some(Command::AddGoal(NewGoal { title, description, status: Some(status), kpis, key: None })),
            Some(g) => {
                // Keep KPIs beyond the slots the form has.
                kpis.extend(g.kpis.iter().skip(KPI_FIELDS.len()).cloned());
                let t = |n: &str| self.touched(n);
                let kpis_touched = KPI_FIELDS.iter().flatten().any(|n| t(n));
                let p = GoalPatch {
                    title: t("title").then_some(title),
                    description: t("description").then_some(description),
                    status: t("status").then_some(status),
                    kpis: kpis_touched.then_some(kpis),
                    owner: None,
                };
                Some(Command::EditGoal { id: g.meta.id, patch: p })
            }
        }
    }

    /// The KPI update form: each KPI's current value, the rest as it is.
    pub(super) fn kpi_current_command(&mut self, ws: &Workspace, id: Uuid) -> Option<Command> {
        let g = ws.goal(id)?;
        let mut kpis = g.kpis.clone();
        for (k, names) in kpis.iter_mut().zip(KPI_FIELDS.iter()) {
            if !self.touched(names[4]) {
                continue;
            }
            match self.number(names[4]) {
                Some(v) => k.current = v,
                None if self.raw(names[4]).is_empty() => self.set_error(names[4], "a number, such as 31"),
                None => {}
            }
        }
        if self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        let p = GoalPatch { kpis: Some(kpis), ..GoalPatch::default() };
        Some(Command::EditGoal { id, patch: p })
    }

    pub(super) fn wip_limit_command(&mut self, c: usize) -> Option<Command> {
        let text = self.raw("limit");
        let limit = if text.is_empty() {
            None
        } else {
            match number::parse_whole(&text) {
                Ok(0) => {
                    self.set_error("limit", "at least 1 (empty lifts the limit)");
                    return None;
                }
                Ok(n) => Some(n),
                Err(e) => {
                    self.set_error("limit", format!("{e}: a whole number of cards"));
                    return None;
                }
            }
        };
        let slug = crate::domain::board::BOARD[c].1.to_owned();
        Some(Command::EditSettings(Box::new(crate::domain::command::SettingsPatch {
            wip_limits: Some(vec![(slug, limit)]),
            ..Default::default()
        })))
    }

    pub(super) fn sprint_command(&mut self, ws: &Workspace, id: Option<Uuid>) -> Option<Command> {
        let name = self.required("name");
        let goal = self.raw("goal");
        let has_dates = self.fields.iter().any(|f| f.name == "start");
        let (start, end) = if has_dates { (self.date("start"), self.date("end")) } else { (None, None) };
        if has_dates {
            for (n, v) in [("start", start), ("end", end)] {
                if v.is_none() && self.field(n).error.is_none() {
                    self.set_error(n, "required: YYYY-MM-DD");
                }
            }
        }
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            self.set_error("end", "ends before it starts");
        }
        let capacity = if has_dates {
            let c = self.raw("capacity");
            if c.is_empty() {
                Some(None)
            } else {
                match number::parse_whole(&c) {
                    Ok(v) => Some(Some(v)),
                    Err(e) => {
                        self.set_error("capacity", format!("{e}: a whole number of points"));
                        None
                    }
                }
            }
        } else {
            None
        };
        if let Some(other) = ws.sprint_by_name(&name)
            && Some(other.meta.id) != id
        {
            self.set_error("name", "another sprint has this name");
        }
        if self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        match id.and_then(|id| ws.sprint(id)) {
            None => {
                Some(Command::AddSprint(NewSprint { name: Some(name), goal, start, end, capacity: capacity.flatten() }))
            }
            Some(s) => {
                let t = |n: &str| self.touched(n);
                let p = SprintPatch {
                    name: t("name").then_some(name),
                    goal: t("goal").then_some(goal),
                    start: start.filter(|_| t("start")),
                    end: end.filter(|_| t("end")),
                    capacity: capacity.filter(|_| t("capacity")),
                };
                Some(Command::EditSprint { id: s.meta.id, patch: p })
            }
        }
    }

    pub(super) fn vision_command(&mut self, _ws: &Workspace) -> Command {
        let mut patch = VisionPatch::default();
        for (i, (name, _)) in VISION_SECTIONS.iter().enumerate() {
            if self.touched(name) {
                patch.set(i, self.field(name).raw().trim().to_owned());
            }
        }
        Command::EditVision(patch)
    }
}
