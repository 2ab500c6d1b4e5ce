//! A valid form turns into a domain command; an edit sends only the
//! fields the user touched.

use super::Form;
use crate::domain::command::{
    GoalPatch, InitiativePatch, ItemPatch, NewGoal, NewInitiative, NewItem, NewSprint, Position, SprintPatch,
    VisionPatch,
};
use crate::domain::item::{Criterion, ItemKind, Status, Story};
use crate::domain::score::{Moscow, Rice, Wsjf};
use crate::domain::strategy::{GoalStatus, Horizon, InitiativeStatus, Kpi, Timeframe, VISION_SECTIONS};
use crate::domain::{Command, Workspace};
use uuid::Uuid;

impl Form {
    /// The WSJF field: `None` if invalid (the field has the error),
    /// `Some(None)` if empty.
    fn wsjf(&mut self) -> Option<Option<Wsjf>> {
        self.numbers("wsjf").map(|o| {
            o.map(|[business_value, time_criticality, risk_reduction, job_size]| {
                Wsjf::new(business_value, time_criticality, risk_reduction, job_size)
            })
        })
    }

    /// The RICE field, like [`Form::wsjf`].
    fn rice(&mut self) -> Option<Option<Rice>> {
        self.numbers("rice")
            .map(|o| o.map(|[reach, impact, confidence, effort]| Rice::new(reach, impact, confidence, effort)))
    }

    pub(super) fn item_command(
        &mut self,
        ws: &Workspace,
        id: Option<Uuid>,
        default_initiative: Option<Uuid>,
        sprint: Option<Uuid>,
    ) -> Option<Command> {
        let title = self.required("title");
        let kind: ItemKind = self.raw("kind").parse().unwrap_or(ItemKind::Story);
        let status: Status = self.raw("status").parse().unwrap_or(Status::New);
        let est_text = self.raw("estimate");
        let estimate = if est_text.is_empty() {
            None
        } else {
            match est_text.parse::<u32>() {
                Ok(p) if ws.settings.point_scale.contains(&p) => Some(p),
                _ => {
                    let scale: Vec<String> = ws.settings.point_scale.iter().map(u32::to_string).collect();
                    self.set_error("estimate", format!("use one of {}", scale.join(", ")));
                    None
                }
            }
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
        let parent_key = self.raw("parent");
        let parent = if parent_key.is_empty() {
            None
        } else {
            match ws.item_by_key(&parent_key) {
                Some(p) if p.kind == ItemKind::Epic && Some(p.meta.id) != id => Some(p.meta.id),
                Some(p) if p.kind != ItemKind::Epic => {
                    self.set_error("parent", format!("{} is a {}, not an epic", p.key, p.kind));
                    None
                }
                _ => {
                    self.set_error("parent", format!("no epic {parent_key}"));
                    None
                }
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
                moscow,
                wsjf,
                rice,
                external: Vec::new(),
                position: Position::Bottom,
                created_at: None,
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
                    moscow: t("moscow").then_some(moscow),
                    wsjf: t("wsjf").then_some(wsjf),
                    rice: t("rice").then_some(rice),
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
        for key in self.raw("goals").split(',').map(str::trim).filter(|k| !k.is_empty()) {
            match ws.goal_by_key(key) {
                Some(g) => goals.push(g.meta.id),
                None => self.set_error("goals", format!("no goal {key}")),
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

    pub(super) fn goal_command(&mut self, ws: &Workspace, id: Option<Uuid>) -> Option<Command> {
        let title = self.required("title");
        let status: GoalStatus = self.raw("status").parse().unwrap_or(GoalStatus::OnTrack);
        let description = self.field("description").raw().to_owned();
        let mut kpis = Vec::new();
        for name in ["kpi1", "kpi2", "kpi3"] {
            let spec = self.raw(name);
            if spec.is_empty() {
                continue;
            }
            match Kpi::parse_spec(&spec) {
                Ok(k) => kpis.push(k),
                Err(e) => self.set_error(name, e),
            }
        }
        if self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        match id.and_then(|id| ws.goal(id)) {
            None => Some(Command::AddGoal(NewGoal { title, description, status: Some(status), kpis })),
            Some(g) => {
                // Keep KPIs beyond the three the form shows.
                kpis.extend(g.kpis.iter().skip(3).cloned());
                let t = |n: &str| self.touched(n);
                let p = GoalPatch {
                    title: t("title").then_some(title),
                    description: t("description").then_some(description),
                    status: t("status").then_some(status),
                    kpis: (t("kpi1") || t("kpi2") || t("kpi3")).then_some(kpis),
                    owner: None,
                };
                Some(Command::EditGoal { id: g.meta.id, patch: p })
            }
        }
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
                match c.parse::<u32>() {
                    Ok(v) => Some(Some(v)),
                    Err(_) => {
                        self.set_error("capacity", "a whole number of points");
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
