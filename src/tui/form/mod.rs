//! Forms for creating and editing: fields, validation, and the command a
//! valid form turns into. An edit sends only the fields that changed, so a
//! concurrent edit of another field merges cleanly. Numbers and references
//! are read by the domain ([`crate::domain::number`],
//! [`crate::domain::resolve`]), as the command line reads its flags.

mod build;
mod bulk;
mod commands;
mod links;

use super::input::LineInput;
use crate::domain::number;
use crate::domain::score::{Rice, ScoreError, Wsjf};
use crate::domain::{Command, EntityRef, Snapshot, Workspace};
use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::borrow::Cow;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub enum FormKind {
    NewItem {
        initiative: Option<Uuid>,
        sprint: Option<Uuid>,
    },
    EditItem(Uuid),
    NewInitiative,
    EditInitiative(Uuid),
    NewGoal,
    EditGoal(Uuid),
    /// The current values of a goal's KPIs (from the Vision pane).
    KpiCurrent(Uuid),
    NewSprint,
    EditSprint(Uuid),
    Vision,
    /// The marked items, in rank order.
    BulkEdit(Vec<Uuid>),
    /// A comment on an item.
    Comment(Uuid),
    /// The items an item blocks and is blocked by.
    Links(Uuid),
    /// Saving the backlog's filter and sort as a named view.
    SaveView,
    /// A board column's WIP limit (the column's index in the board).
    WipLimit(usize),
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
    pub label: Cow<'static, str>,
    pub value: Value,
    pub hint: Cow<'static, str>,
    pub error: Option<String>,
    /// Lines shown: more than one makes a text area (Enter starts a new
    /// line, Ctrl-s saves).
    pub rows: u16,
    /// The value the form opened with: an edit sends only fields the user
    /// changed, so it cannot undo someone else's concurrent change.
    initial: String,
}

impl Field {
    pub(super) fn text(
        name: &'static str,
        label: impl Into<Cow<'static, str>>,
        value: &str,
        hint: impl Into<Cow<'static, str>>,
    ) -> Field {
        Field {
            name,
            label: label.into(),
            value: Value::Text(LineInput::new(value)),
            hint: hint.into(),
            error: None,
            rows: 1,
            initial: value.to_owned(),
        }
    }

    /// A text area of `rows` lines.
    pub(super) fn area(mut self, rows: u16) -> Field {
        self.rows = rows.max(1);
        self
    }
    pub(super) fn choice(
        name: &'static str,
        label: impl Into<Cow<'static, str>>,
        options: Vec<(String, String)>,
        current: &str,
    ) -> Field {
        let selected = options.iter().position(|(v, _)| v == current).unwrap_or(0);
        let initial = options.get(selected).map_or(String::new(), |o| o.0.clone());
        Field {
            name,
            label: label.into(),
            value: Value::Choice { options, selected },
            hint: "← → to choose".into(),
            error: None,
            rows: 1,
            initial,
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
    /// The entity an edit form opened on, as it was then: the base its
    /// changes are merged against.
    pub base: Vec<Snapshot>,
    /// The user already said yes to editing what the other role owns (the
    /// role guard asks before the form opens, not again on submit).
    pub confirmed: bool,
}

pub(super) fn enum_options<T: Copy + std::fmt::Display>(all: &[T]) -> Vec<(String, String)> {
    all.iter().map(|v| (v.to_string(), v.to_string().replace('_', " "))).collect()
}

pub(super) fn none_option() -> (String, String) {
    (String::new(), "—".to_owned())
}

pub(super) fn list(v: &[String]) -> String {
    v.join(", ")
}

/// The WSJF and RICE fields every prioritised form has, filled from
/// `scoring` (read back by `Form::wsjf` and `Form::rice`).
pub(super) fn score_fields(scoring: Option<&crate::domain::score::Scoring>) -> [Field; 2] {
    let wsjf = scoring.and_then(|s| s.wsjf.as_ref()).map_or(String::new(), |w| {
        format!("{}, {}, {}, {}", w.business_value, w.time_criticality, w.risk_reduction, w.job_size)
    });
    let rice = scoring
        .and_then(|s| s.rice.as_ref())
        .map_or(String::new(), |r| format!("{}, {}, {}, {}", r.reach, r.impact, r.confidence, r.effort));
    [Field::text("wsjf", "WSJF", &wsjf, Wsjf::INPUTS), Field::text("rice", "RICE", &rice, Rice::INPUTS)]
}

impl Form {
    pub(super) fn new(title: impl Into<String>, kind: FormKind, fields: Vec<Field>) -> Form {
        Form { title: title.into(), kind, fields, focus: 0, error: None, base: Vec::new(), confirmed: false }
    }

    /// Remembers the entity `r` as it is now, as the base of this form.
    pub(super) fn based_on(mut self, ws: &Workspace, r: EntityRef) -> Form {
        self.base = vec![Snapshot { entity: r, value: ws.get(r) }];
        self
    }

    /// Who owns what this form changes, and how the role guard names it.
    pub fn owner(&self, ws: &Workspace) -> Option<(crate::domain::Role, String)> {
        use crate::domain::Role;
        Some(match self.kind {
            FormKind::NewItem { .. } => (Role::Po, "the backlog".to_owned()),
            FormKind::EditItem(id) => ws.item(id).map(|i| (i.meta.owner, i.key.clone()))?,
            FormKind::NewInitiative => (Role::Pm, "the roadmap".to_owned()),
            FormKind::EditInitiative(id) => ws.initiative(id).map(|i| (i.meta.owner, i.key.clone()))?,
            FormKind::NewGoal => (Role::Pm, "the goal list".to_owned()),
            FormKind::EditGoal(id) | FormKind::KpiCurrent(id) => ws.goal(id).map(|g| (g.meta.owner, g.key.clone()))?,
            FormKind::NewSprint => (Role::Po, "the sprint list".to_owned()),
            FormKind::EditSprint(id) => ws.sprint(id).map(|s| (s.meta.owner, s.name.clone()))?,
            FormKind::Vision => (ws.vision.meta.owner, "the vision".to_owned()),
            FormKind::Links(id) => ws.item(id).map(|i| (i.meta.owner, i.key.clone()))?,
            // Anyone may comment, and settings are nobody's; a bulk edit is
            // asked about once, for all its items, when it is applied.
            FormKind::Comment(_) | FormKind::SaveView | FormKind::BulkEdit(_) | FormKind::WipLimit(_) => return None,
        })
    }

    /// True if the user changed any field since the form opened.
    pub fn changed(&self) -> bool {
        self.fields.iter().any(Field::touched)
    }

    pub fn field(&self, name: &str) -> &Field {
        self.fields.iter().find(|f| f.name == name).expect("form field exists")
    }
    pub(super) fn raw(&self, name: &str) -> String {
        self.field(name).raw().trim().to_owned()
    }
    /// True if the user changed the field (and it exists in this form).
    pub(super) fn touched(&self, name: &str) -> bool {
        self.fields.iter().any(|f| f.name == name && f.touched())
    }
    pub(super) fn set_error(&mut self, name: &str, msg: impl Into<String>) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.name == name) {
            f.error = Some(msg.into());
        }
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
            // In a text area Enter starts a new line; Ctrl-s saves.
            KeyCode::Enter if self.fields[self.focus].rows > 1 && e.modifiers.is_empty() => {
                let field = &mut self.fields[self.focus];
                if let Value::Text(t) = &mut field.value {
                    t.newline();
                    field.error = None;
                }
            }
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
        let area = self.fields[self.focus].rows > 1;
        if let Value::Text(t) = &mut self.fields[self.focus].value {
            if area { t.paste_lines(s) } else { t.paste(s) }
        }
    }

    /// Validates every field; on success, the command to run. On failure the
    /// fields carry their errors and the focus moves to the first one.
    /// `user` is the session's person (`me`, `@me`).
    pub fn submit(&mut self, ws: &Workspace, user: &str) -> Option<Command> {
        for f in &mut self.fields {
            f.error = None;
        }
        self.error = None;
        let cmd = match self.kind.clone() {
            FormKind::NewItem { initiative, sprint } => self.item_command(ws, user, None, initiative, sprint),
            FormKind::EditItem(id) => self.item_command(ws, user, Some(id), None, None),
            FormKind::NewInitiative => self.initiative_command(ws, None),
            FormKind::EditInitiative(id) => self.initiative_command(ws, Some(id)),
            FormKind::NewGoal => self.goal_command(ws, None),
            FormKind::EditGoal(id) => self.goal_command(ws, Some(id)),
            FormKind::KpiCurrent(id) => self.kpi_current_command(ws, id),
            FormKind::NewSprint => self.sprint_command(ws, None),
            FormKind::EditSprint(id) => self.sprint_command(ws, Some(id)),
            FormKind::Vision => Some(self.vision_command(ws)),
            FormKind::BulkEdit(ids) => self.bulk_command(ws, user, &ids),
            FormKind::Comment(id) => self.comment_command(id),
            FormKind::Links(id) => self.links_command(ws, id),
            FormKind::SaveView => self.save_view_command(ws, user),
            FormKind::WipLimit(c) => self.wip_limit_command(c),
        };
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
            return None;
        }
        cmd
    }

    pub(super) fn required(&mut self, name: &str) -> String {
        let v = self.raw(name);
        if v.is_empty() {
            self.set_error(name, "required");
        }
        v
    }

    pub(super) fn date(&mut self, name: &str) -> Option<NaiveDate> {
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

    /// A number typed in field `name` (`None` when empty, or with an
    /// error on the field when it is not a number).
    pub(super) fn number(&mut self, name: &str) -> Option<f64> {
        let v = self.raw(name);
        if v.is_empty() {
            return None;
        }
        number::parse(&v).map_err(|e| self.set_error(name, e.to_string())).ok()
    }

    /// The WSJF field when the user changed it: `None` if invalid (the
    /// field has the error), `Some(None)` if empty or untouched (so an edit
    /// is not held up by what the field already had).
    pub(super) fn wsjf(&mut self) -> Option<Option<Wsjf>> {
        self.scores("wsjf", Wsjf::parse)
    }

    /// The RICE field, like [`Form::wsjf`].
    pub(super) fn rice(&mut self) -> Option<Option<Rice>> {
        self.scores("rice", Rice::parse)
    }

    fn scores<T>(&mut self, name: &str, parse: fn(&str) -> Result<T, ScoreError>) -> Option<Option<T>> {
        let v = self.raw(name);
        if v.is_empty() || !self.touched(name) {
            return Some(None);
        }
        match parse(&v) {
            Ok(s) => Some(Some(s)),
            Err(e) => {
                self.set_error(name, e.to_string());
                None
            }
        }
    }
}
