//! The forms' fields, filled from the workspace.

use super::{Field, Form, FormKind, Value, enum_options, list, none_option, score_fields};
use crate::domain::item::{ItemKind, Status};
use crate::domain::score::Moscow;
use crate::domain::sprint::SprintState;
use crate::domain::strategy::{GoalStatus, Horizon, InitiativeStatus, VISION_SECTIONS};
use crate::domain::{EntityRef, Workspace};
use chrono::NaiveDate;
use uuid::Uuid;

/// The fields of each KPI slot a goal form has: name, unit, baseline,
/// target, current, direction.
pub(super) const KPI_FIELDS: [[&str; 6]; 5] = [
    ["kpi1_name", "kpi1_unit", "kpi1_baseline", "kpi1_target", "kpi1_current", "kpi1_direction"],
    ["kpi2_name", "kpi2_unit", "kpi2_baseline", "kpi2_target", "kpi2_current", "kpi2_direction"],
    ["kpi3_name", "kpi3_unit", "kpi3_baseline", "kpi3_target", "kpi3_current", "kpi3_direction"],
    ["kpi4_name", "kpi4_unit", "kpi4_baseline", "kpi4_target", "kpi4_current", "kpi4_direction"],
    ["kpi5_name", "kpi5_unit", "kpi5_baseline", "kpi5_target", "kpi5_current", "kpi5_direction"],
];

impl Form {
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
        let form = Form::new(format!("Edit {}", item.key), FormKind::EditItem(id), Form::item_fields(ws, Some(id)));
        Some(form.based_on(ws, EntityRef::Item(id)))
    }

    fn item_fields(ws: &Workspace, id: Option<Uuid>) -> Vec<Field> {
        let item = id.and_then(|id| ws.item(id));
        let story = item.and_then(|i| i.story.clone()).unwrap_or_default();
        let init = item.and_then(|i| i.initiative).and_then(|x| ws.initiative(x)).map(|x| x.key.clone());
        let parent = item.and_then(|i| i.parent).and_then(|p| ws.item(p)).map(|p| p.key.clone());
        let mut fields = vec![
            Field::text("title", "Title", item.map_or("", |i| &i.title), "required"),
            Field::choice("kind", "Kind", enum_options(ItemKind::ALL), item.map_or("story", |i| i.kind.as_str())),
            Field::text(
                "estimate",
                "Points",
                &item.and_then(|i| i.estimate).map_or(String::new(), |p| p.to_string()),
                "from the point scale; empty = not estimated",
            ),
            Field::choice("status", "Status", enum_options(Status::ALL), item.map_or("new", |i| i.status.as_str())),
            Field::text(
                "assignee",
                "Assignee",
                item.and_then(|i| i.assignee.as_deref()).unwrap_or(""),
                "a name, or me; empty = nobody yet",
            ),
            Field::text("as_a", "As a", &story.as_a, "story triple: who"),
            Field::text("i_want", "I want", &story.i_want, "what"),
            Field::text("so_that", "So that", &story.so_that, "why"),
            Field::text("labels", "Labels", &item.map_or(String::new(), |i| list(&i.labels)), "comma-separated"),
            Field::choice("initiative", "Initiative", Form::initiative_options(ws), init.as_deref().unwrap_or("")),
        ];
        // Only a workspace with releases asks for one.
        if ws.live_releases().next().is_some() {
            let mut options = vec![none_option()];
            for r in ws.ordered_releases() {
                let due = r.target.map_or(String::new(), |t| format!(" (due {t})"));
                options.push((r.name.clone(), format!("{}{due}", r.name)));
            }
            let now = item.and_then(|i| i.release).and_then(|r| ws.release(r)).map_or("", |r| r.name.as_str());
            fields.push(Field::choice("release", "Release", options, now));
        }
        fields.extend([
            Field::text(
                "parent",
                "Epic",
                parent.as_deref().unwrap_or(""),
                "key or number of the parent epic, or empty",
            ),
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
        ]);
        fields.extend(score_fields(item.map(|i| &*i.scoring)));
        fields
    }

    pub fn new_initiative(ws: &Workspace, horizon: Horizon) -> Form {
        Form::new("New initiative", FormKind::NewInitiative, Form::initiative_fields(ws, None, horizon))
    }

    pub fn edit_initiative(ws: &Workspace, id: Uuid) -> Option<Form> {
        let i = ws.initiative(id)?;
        let form = Form::new(
            format!("Edit {}", i.key),
            FormKind::EditInitiative(id),
            Form::initiative_fields(ws, Some(id), i.horizon),
        );
        Some(form.based_on(ws, EntityRef::Initiative(id)))
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
            Field::text("goals", "Goals", &list(&goals), "goal keys or titles, comma-separated (G1, G2)"),
            Field::text("timeframe", "Timeframe", &tf.label, "a label such as Q1 2027"),
            Field::text("start", "Starts", &tf.start.map_or(String::new(), |d| d.to_string()), "YYYY-MM-DD"),
            Field::text("end", "Ends", &tf.end.map_or(String::new(), |d| d.to_string()), "YYYY-MM-DD"),
            Field::text("description", "Description", i.map_or("", |i| &i.description), ""),
        ]);
        fields.extend(score_fields(i.map(|i| &i.scoring)));
        fields
    }

    pub fn new_goal() -> Form {
        Form::new("New business goal", FormKind::NewGoal, Form::goal_fields(None))
    }

    pub fn edit_goal(ws: &Workspace, id: Uuid) -> Option<Form> {
        let g = ws.goal(id)?;
        let form = Form::new(format!("Edit {}", g.key), FormKind::EditGoal(id), Form::goal_fields(Some(g)));
        Some(form.based_on(ws, EntityRef::Goal(id)))
    }

    fn goal_fields(g: Option<&crate::domain::strategy::Goal>) -> Vec<Field> {
        let mut fields = vec![
            Field::text("title", "Title", g.map_or("", |g| &g.title), "required"),
            Field::choice(
                "status",
                "Status",
                enum_options(GoalStatus::ALL),
                g.map_or("on_track", |g| g.status.as_str()),
            ),
            Field::text("description", "Description", g.map_or("", |g| &g.description), ""),
        ];
        // Each KPI as its own fields; the ones there, and one more to add
        // (up to the slots the form has).
        let have = g.map_or(0, |g| g.kpis.len());
        for (n, names) in KPI_FIELDS.iter().enumerate().take((have + 1).min(KPI_FIELDS.len())) {
            let k = g.and_then(|g| g.kpis.get(n));
            let num = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
            let new = k.is_none();
            fields.extend([
                Field::text(
                    names[0],
                    format!("KPI {} name", n + 1),
                    k.map_or("", |k| &k.name),
                    if new { "a new KPI; empty = none" } else { "empty removes this KPI" },
                ),
                Field::text(names[1], "  unit", k.map_or("", |k| &k.unit), "%, venues, min, …"),
                Field::text(names[2], "  baseline", &num(k.map(|k| k.baseline)), "where it started"),
                Field::text(names[3], "  target", &num(k.map(|k| k.target)), "where it should get to"),
                Field::text(names[4], "  current", &num(k.map(|k| k.current)), "where it is (empty = baseline)"),
                Field::choice(
                    names[5],
                    "  direction",
                    vec![
                        (String::new(), "from baseline to target".to_owned()),
                        ("up".to_owned(), "up is better".to_owned()),
                        ("down".to_owned(), "down is better".to_owned()),
                    ],
                    k.map_or("", |k| k.direction.as_str()),
                ),
            ]);
        }
        fields
    }

    /// `+` on a goal in the Vision pane: each KPI's current value, and
    /// nothing else.
    pub fn kpi_current(ws: &Workspace, goal: Uuid) -> Option<Form> {
        let g = ws.goal(goal)?;
        if g.kpis.is_empty() {
            return None;
        }
        let fields = g
            .kpis
            .iter()
            .zip(KPI_FIELDS.iter())
            .map(|(k, names)| {
                let hint = format!("{}: {} → target {}", k.name, k.with_unit(k.baseline), k.with_unit(k.target));
                Field::text(names[4], k.name.clone(), &k.current.to_string(), hint)
            })
            .collect();
        let form = Form::new(format!("Update {}'s KPIs", g.key), FormKind::KpiCurrent(goal), fields);
        Some(form.based_on(ws, EntityRef::Goal(goal)))
    }

    /// The WIP limit of board column `c`: empty lifts it.
    pub fn wip_limit(ws: &Workspace, c: usize) -> Form {
        let (name, slug, _) = crate::domain::board::BOARD[c];
        let now = ws.settings.wip_limits.get(slug).map_or(String::new(), |n| n.to_string());
        let fields = vec![Field::text("limit", "Cards at most", &now, "a whole number; empty = no limit")];
        Form::new(format!("WIP limit: {name}"), FormKind::WipLimit(c), fields)
    }

    pub fn new_sprint(ws: &Workspace, today: NaiveDate) -> Form {
        let last = ws.live_sprints().max_by_key(|s| (s.end, s.meta.id));
        let start = last.and_then(|s| s.end.succ_opt()).unwrap_or(today);
        let end = start + chrono::Duration::days(i64::from(ws.settings.sprint_length_days.max(1)) - 1);
        let cap = last.and_then(|s| s.capacity).map_or(String::new(), |c| c.to_string());
        let fields = vec![
            Field::text("name", "Name", &crate::domain::planning::next_sprint_name(ws), "required"),
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
        Some(
            Form::new(format!("Edit {}", s.name), FormKind::EditSprint(id), fields).based_on(ws, EntityRef::Sprint(id)),
        )
    }

    pub fn vision(ws: &Workspace) -> Form {
        const HINTS: [&str; 6] = [
            "the change the product brings",
            "who it is for",
            "what problem it solves",
            "what it is, what makes it stand out",
            "why the company invests",
            "optional",
        ];
        let fields = VISION_SECTIONS
            .iter()
            .zip(ws.vision.texts())
            .zip(HINTS)
            .map(|(((name, label), text), hint)| Field::text(name, *label, text, hint).area(3))
            .collect();
        Form::new("Product vision board", FormKind::Vision, fields).based_on(ws, EntityRef::Vision)
    }
}
