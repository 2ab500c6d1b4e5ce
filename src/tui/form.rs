//! Forms for creating and editing: fields, validation, and the command a
//! valid form turns into. An edit sends only the fields that changed, so a
//! concurrent edit of another field merges cleanly.

use super::input::LineInput;
use crate::domain::command::{
    GoalPatch, InitiativePatch, ItemPatch, NewGoal, NewInitiative, NewItem, NewSprint, Position, SprintPatch,
    VisionPatch,
};
use crate::domain::item::{Criterion, ItemKind, Status, Story};
use crate::domain::score::{Moscow, Rice, Wsjf};
use crate::domain::sprint::SprintState;
use crate::domain::strategy::{GoalStatus, Horizon, InitiativeStatus, Kpi, Timeframe};
use crate::domain::{Command, Workspace};
use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub enum FormKind {
    NewItem { initiative: Option<Uuid>, sprint: Option<Uuid> },
    EditItem(Uuid),
    NewInitiative,
    EditInitiative(Uuid),
    NewGoal,
    EditGoal(Uuid),
    NewSprint,
    EditSprint(Uuid),
    Vision,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(LineInput),
    /// (stored value, label shown); cycles with ← →.
    Choice {
        options: Vec<(String, String)>,
        selected: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub value: Value,
    pub hint: &'static str,
    pub error: Option<String>,
    /// The value the form opened with: an edit sends only fields the user
    /// changed, so it cannot undo someone else's concurrent change.
    initial: String,
}

impl Field {
    fn text(name: &'static str, label: &'static str, value: &str, hint: &'static str) -> Field {
        Field { name, label, value: Value::Text(LineInput::new(value)), hint, error: None, initial: value.to_owned() }
    }
    fn choice(name: &'static str, label: &'static str, options: Vec<(String, String)>, current: &str) -> Field {
        let selected = options.iter().position(|(v, _)| v == current).unwrap_or(0);
        let initial = options.get(selected).map_or(String::new(), |o| o.0.clone());
        Field {
            name, label, value: Value::Choice { options, selected }, hint: "← → to choose", error: None, initial
        }
    }
    pub fn touched(&self) -> bool {
        self.raw() != self.initial
    }
    /// The field's value as entered (a choice's stored value).
    pub fn raw(&self) -> &str {
        match &self.value {
            Value::Text(t) => t.text(),
            Value::Choice { options, selected } => options.get(*selected).map_or("", |o| o.0.as_str()),
        }
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Continue,
    Submit,
    Cancel,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: String,
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A problem that is not one field's (shown under the fields).
    pub error: Option<String>,
}

fn enum_options<T: Copy + std::fmt::Display>(all: &[T]) -> Vec<(String, String)> {
    all.iter().map(|v| (v.to_string(), v.to_string().replace('_', " "))).collect()
}

fn none_option() -> (String, String) {
    (String::new(), "—".to_owned())
}

fn list(v: &[String]) -> String {
    v.join(", ")
}

fn wsjf_text(w: Option<Wsjf>) -> String {
    w.map_or(String::new(), |w| {
        format!("{}, {}, {}, {}", w.business_value, w.time_criticality, w.risk_reduction, w.job_size)
    })
}

fn rice_text(r: Option<Rice>) -> String {
    r.map_or(String::new(), |r| format!("{}, {}, {}, {}", r.reach, r.impact, r.confidence, r.effort))
}

impl Form {
    fn new(title: impl Into<String>, kind: FormKind, fields: Vec<Field>) -> Form {
        Form { title: title.into(), kind, fields, focus: 0, error: None }
    }

    pub fn field(&self, name: &str) -> &Field {
        self.fields.iter().find(|f| f.name == name).expect("form field exists")
    }
    fn raw(&self, name: &str) -> String {
        self.field(name).raw().trim().to_owned()
    }
    /// True if the user changed the field (and it exists in this form).
    fn touched(&self, name: &str) -> bool {
        self.fields.iter().any(|f| f.name == name && f.touched())
    }
    fn set_error(&mut self, name: &str, msg: impl Into<String>) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.name == name) {
            f.error = Some(msg.into());
        }
    }

    fn initiative_options(ws: &Workspace) -> Vec<(String, String)> {
        let mut o = vec![none_option()];
        for h in Horizon::ALL {
            for i in ws.ranked_initiatives(*h) {
                o.push((i.key.clone(), format!("{} {} ({h})", i.key, i.title)));
            }
        }
        o
    }

    pub fn new_item(ws: &Workspace, initiative: Option<Uuid>, sprint: Option<Uuid>) -> Form {
        let init_key = initiative.and_then(|id| ws.initiative(id)).map(|i| i.key.clone()).unwrap_or_default();
        let mut f = Form::item_fields(ws, None);
        if let Some(Field { value: Value::Choice { options, selected }, .. }) =
            f.iter_mut().find(|x| x.name == "initiative")
        {
            *selected = options.iter().position(|o| o.0 == init_key).unwrap_or(0);
        }
        Form::new("New backlog item", FormKind::NewItem { initiative, sprint }, f)
    }

    pub fn edit_item(ws: &Workspace, id: Uuid) -> Option<Form> {
        let item = ws.item(id)?;
        Some(Form::new(format!("Edit {}", item.key), FormKind::EditItem(id), Form::item_fields(ws, Some(id))))
    }

    fn item_fields(ws: &Workspace, id: Option<Uuid>) -> Vec<Field> {
        let item = id.and_then(|id| ws.item(id));
        let story = item.and_then(|i| i.story.clone()).unwrap_or_default();
        let init = item.and_then(|i| i.initiative).and_then(|x| ws.initiative(x)).map(|x| x.key.clone());
        let parent = item.and_then(|i| i.parent).and_then(|p| ws.item(p)).map(|p| p.key.clone());
        vec![
            Field::text("title", "Title", item.map_or("", |i| &i.title), "required"),
            Field::choice("kind", "Kind", enum_options(ItemKind::ALL), item.map_or("story", |i| i.kind.as_str())),
            Field::text(
                "estimate",
                "Points",
                &item.and_then(|i| i.estimate).map_or(String::new(), |p| p.to_string()),
                "from the point scale; empty = not estimated",
            ),
            Field::choice("status", "Status", enum_options(Status::ALL), item.map_or("new", |i| i.status.as_str())),
            Field::text("as_a", "As a", &story.as_a, "story triple: who"),
            Field::text("i_want", "I want", &story.i_want, "what"),
            Field::text("so_that", "So that", &story.so_that, "why"),
            Field::text("labels", "Labels", &item.map_or(String::new(), |i| list(&i.labels)), "comma-separated"),
            Field::choice("initiative", "Initiative", Form::initiative_options(ws), init.as_deref().unwrap_or("")),
            Field::text("parent", "Epic", parent.as_deref().unwrap_or(""), "key of the parent epic, or empty"),
            Field::text(
                "description",
                "Description",
                item.map_or("", |i| i.description.as_str()),
                "E edits long text in $EDITOR",
            ),
            Field::choice(
                "moscow",
                "MoSCoW",
                std::iter::once(none_option()).chain(enum_options(Moscow::ALL)).collect(),
                item.and_then(|i| i.scoring.moscow).map_or("", |m| m.as_str()),
            ),
            Field::text(
                "wsjf",
                "WSJF",
                &wsjf_text(item.and_then(|i| i.scoring.wsjf)),
                "business value, time criticality, risk reduction, job size",
            ),
            Field::text(
                "rice",
                "RICE",
                &rice_text(item.and_then(|i| i.scoring.rice)),
                "reach, impact, confidence %, effort",
            ),
        ]
    }

    pub fn new_initiative(ws: &Workspace, horizon: Horizon) -> Form {
        Form::new("New initiative", FormKind::NewInitiative, Form::initiative_fields(ws, None, horizon))
    }

    pub fn edit_initiative(ws: &Workspace, id: Uuid) -> Option<Form> {
        let i = ws.initiative(id)?;
        Some(Form::new(
            format!("Edit {}", i.key),
            FormKind::EditInitiative(id),
            Form::initiative_fields(ws, Some(id), i.horizon),
        ))
    }

    fn initiative_fields(ws: &Workspace, id: Option<Uuid>, horizon: Horizon) -> Vec<Field> {
        let i = id.and_then(|id| ws.initiative(id));
        let tf = i.and_then(|i| i.timeframe.clone()).unwrap_or_default();
        let goals: Vec<String> =
            i.map(|i| i.goals.iter().filter_map(|g| ws.goal(*g)).map(|g| g.key.clone()).collect()).unwrap_or_default();
        let mut fields = vec![Field::text("title", "Title", i.map_or("", |i| &i.title), "required")];
        if id.is_none() {
            fields.push(Field::choice("horizon", "Horizon", enum_options(Horizon::ALL), horizon.as_str()));
        }
        fields.extend([
            Field::choice(
                "status",
                "Status",
                enum_options(InitiativeStatus::ALL),
                i.map_or("idea", |i| i.status.as_str()),
            ),
            Field::text("theme", "Theme", i.map_or("", |i| &i.theme), ""),
            Field::text("goals", "Goals", &list(&goals), "goal keys, comma-separated (G1, G2)"),
            Field::text("timeframe", "Timeframe", &tf.label, "a label such as Q1 2027"),
            Field::text("start", "Starts", &tf.start.map_or(String::new(), |d| d.to_string()), "YYYY-MM-DD"),
            Field::text("end", "Ends", &tf.end.map_or(String::new(), |d| d.to_string()), "YYYY-MM-DD"),
            Field::text("description", "Description", i.map_or("", |i| &i.description), ""),
            Field::text(
                "wsjf",
                "WSJF",
                &wsjf_text(i.and_then(|i| i.scoring.wsjf)),
                "business value, time criticality, risk reduction, job size",
            ),
            Field::text(
                "rice",
                "RICE",
                &rice_text(i.and_then(|i| i.scoring.rice)),
                "reach, impact, confidence %, effort",
            ),
        ]);
        fields
    }

    pub fn new_goal() -> Form {
        Form::new("New business goal", FormKind::NewGoal, Form::goal_fields(None))
    }

    pub fn edit_goal(ws: &Workspace, id: Uuid) -> Option<Form> {
        let g = ws.goal(id)?;
        Some(Form::new(format!("Edit {}", g.key), FormKind::EditGoal(id), Form::goal_fields(Some(g))))
    }

    fn goal_fields(g: Option<&crate::domain::strategy::Goal>) -> Vec<Field> {
        let kpi = |n: usize| g.and_then(|g| g.kpis.get(n)).map_or(String::new(), Kpi::spec);
        vec![
            Field::text("title", "Title", g.map_or("", |g| &g.title), "required"),
            Field::choice(
                "status",
                "Status",
                enum_options(GoalStatus::ALL),
                g.map_or("on_track", |g| g.status.as_str()),
            ),
            Field::text("description", "Description", g.map_or("", |g| &g.description), ""),
            Field::text("kpi1", "KPI 1", &kpi(0), "name=…;unit=…;baseline=…;target=…;current=…"),
            Field::text("kpi2", "KPI 2", &kpi(1), "empty = none"),
            Field::text("kpi3", "KPI 3", &kpi(2), "empty = none"),
        ]
    }

    pub fn new_sprint(ws: &Workspace, today: NaiveDate) -> Form {
        let last = ws.live_sprints().max_by_key(|s| (s.end, s.meta.id));
        let start = last.and_then(|s| s.end.succ_opt()).unwrap_or(today);
        let end = start + chrono::Duration::days(i64::from(ws.settings.sprint_length_days.max(1)) - 1);
        let cap = last.and_then(|s| s.capacity).map_or(String::new(), |c| c.to_string());
        let fields = vec![
            Field::text("name", "Name", &format!("Sprint {}", ws.sprints.len() + 1), "required"),
            Field::text("goal", "Goal", "", "what this sprint is for"),
            Field::text("start", "Starts", &start.to_string(), "YYYY-MM-DD"),
            Field::text("end", "Ends", &end.to_string(), "YYYY-MM-DD"),
            Field::text("capacity", "Capacity", &cap, "points the team can take"),
        ];
        Form::new("Plan a sprint", FormKind::NewSprint, fields)
    }

    pub fn edit_sprint(ws: &Workspace, id: Uuid) -> Option<Form> {
        let s = ws.sprint(id)?;
        let mut fields = vec![
            Field::text("name", "Name", &s.name, "required"),
            Field::text("goal", "Goal", &s.goal, "what this sprint is for"),
        ];
        if s.state != SprintState::Closed {
            fields.extend([
                Field::text("start", "Starts", &s.start.to_string(), "YYYY-MM-DD"),
                Field::text("end", "Ends", &s.end.to_string(), "YYYY-MM-DD"),
                Field::text("capacity", "Capacity", &s.capacity.map_or(String::new(), |c| c.to_string()), "points"),
            ]);
        }
        Some(Form::new(format!("Edit {}", s.name), FormKind::EditSprint(id), fields))
    }

    pub fn vision(ws: &Workspace) -> Form {
        let v = &ws.vision;
        let fields = vec![
            Field::text("statement", "Vision", &v.statement, "the change the product brings"),
            Field::text("target_group", "Target group", &v.target_group, "who it is for"),
            Field::text("needs", "Needs", &v.needs, "what problem it solves"),
            Field::text("product", "Product", &v.product, "what it is, what makes it stand out"),
            Field::text("business_goals", "Business goals", &v.business_goals, "why the company invests"),
            Field::text("pitch", "Elevator pitch", &v.pitch, "optional"),
        ];
        Form::new("Product vision board", FormKind::Vision, fields)
    }

    /// Puts the cursor on the named field (e.g. the one selected in a pane).
    pub fn focus_on(mut self, name: &str) -> Form {
        self.focus = self.fields.iter().position(|f| f.name == name).unwrap_or(0);
        self
    }

    pub fn handle_key(&mut self, e: &KeyEvent) -> Outcome {
        let n = self.fields.len();
        match e.code {
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::Enter => return Outcome::Submit,
            KeyCode::Char('s') if e.modifiers.contains(KeyModifiers::CONTROL) => return Outcome::Submit,
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % n,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + n - 1) % n,
            _ => {
                let field = &mut self.fields[self.focus];
                match &mut field.value {
                    Value::Text(t) => {
                        if t.handle(e) {
                            field.error = None;
                        }
                    }
                    Value::Choice { options, selected } => {
                        let len = options.len().max(1);
                        match e.code {
                            KeyCode::Left | KeyCode::Char('h') => *selected = (*selected + len - 1) % len,
                            KeyCode::Right | KeyCode::Char('l') | KeyCode::Char(' ') => {
                                *selected = (*selected + 1) % len
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        Outcome::Continue
    }

    pub fn paste(&mut self, s: &str) {
        if let Value::Text(t) = &mut self.fields[self.focus].value {
            t.paste(s);
        }
    }

    /// Validates every field; on success, the command to run. On failure the
    /// fields carry their errors and the focus moves to the first one.
    pub fn submit(&mut self, ws: &Workspace) -> Option<Command> {
        for f in &mut self.fields {
            f.error = None;
        }
        self.error = None;
        let cmd = match self.kind.clone() {
            FormKind::NewItem { initiative, sprint } => self.item_command(ws, None, initiative, sprint),
            FormKind::EditItem(id) => self.item_command(ws, Some(id), None, None),
            FormKind::NewInitiative => self.initiative_command(ws, None),
            FormKind::EditInitiative(id) => self.initiative_command(ws, Some(id)),
            FormKind::NewGoal => self.goal_command(ws, None),
            FormKind::EditGoal(id) => self.goal_command(ws, Some(id)),
            FormKind::NewSprint => self.sprint_command(ws, None),
            FormKind::EditSprint(id) => self.sprint_command(ws, Some(id)),
            FormKind::Vision => Some(self.vision_command(ws)),
        };
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
            return None;
        }
        cmd
    }

    fn required(&mut self, name: &str) -> String {
        let v = self.raw(name);
        if v.is_empty() {
            self.set_error(name, "required");
        }
        v
    }

    fn date(&mut self, name: &str) -> Option<NaiveDate> {
        let v = self.raw(name);
        if v.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(&v, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.set_error(name, format!("{v:?} is not a date: use YYYY-MM-DD"));
                None
            }
        }
    }

    fn numbers(&mut self, name: &str) -> Option<Option<[f64; 4]>> {
        let v = self.raw(name);
        if v.is_empty() {
            return Some(None);
        }
        let parts: Vec<Option<f64>> =
            v.split(',').map(|p| p.trim().parse::<f64>().ok().filter(|x| x.is_finite() && *x >= 0.0)).collect();
        match parts.as_slice() {
            [Some(a), Some(b), Some(c), Some(d)] => Some(Some([*a, *b, *c, *d])),
            _ => {
                self.set_error(name, "four non-negative numbers separated by commas");
                None
            }
        }
    }

    fn item_command(
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
        let story = Story { as_a: self.raw("as_a"), i_want: self.raw("i_want"), so_that: self.raw("so_that") };
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
        let wsjf = self.numbers("wsjf").map(|o| {
            o.map(|[business_value, time_criticality, risk_reduction, job_size]| Wsjf {
                business_value,
                time_criticality,
                risk_reduction,
                job_size,
            })
        });
        let rice = self
            .numbers("rice")
            .map(|o| o.map(|[reach, impact, confidence, effort]| Rice { reach, impact, confidence, effort }));
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

    fn initiative_command(&mut self, ws: &Workspace, id: Option<Uuid>) -> Option<Command> {
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
        let tf = Timeframe { label, start, end };
        let timeframe = (tf != Timeframe::default()).then_some(tf);
        let theme = self.raw("theme");
        let description = self.field("description").raw().to_owned();
        let wsjf = self.numbers("wsjf").map(|o| {
            o.map(|[business_value, time_criticality, risk_reduction, job_size]| Wsjf {
                business_value,
                time_criticality,
                risk_reduction,
                job_size,
            })
        });
        let rice = self
            .numbers("rice")
            .map(|o| o.map(|[reach, impact, confidence, effort]| Rice { reach, impact, confidence, effort }));
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

    fn goal_command(&mut self, ws: &Workspace, id: Option<Uuid>) -> Option<Command> {
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

    fn sprint_command(&mut self, ws: &Workspace, id: Option<Uuid>) -> Option<Command> {
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

    fn vision_command(&mut self, _ws: &Workspace) -> Command {
        let get = |f: &Form, n: &str| f.touched(n).then(|| f.field(n).raw().trim().to_owned());
        Command::EditVision(VisionPatch {
            statement: get(self, "statement"),
            target_group: get(self, "target_group"),
            needs: get(self, "needs"),
            product: get(self, "product"),
            business_goals: get(self, "business_goals"),
            pitch: get(self, "pitch"),
        })
    }
}
