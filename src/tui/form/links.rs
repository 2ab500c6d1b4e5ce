//! The small forms: a comment on an item, the keys it blocks and is
//! blocked by, and a named view of the backlog.

use super::{Field, Form, FormKind};
use crate::domain::resolve;
use crate::domain::{Command, EntityRef, Workspace};
use uuid::Uuid;

impl Form {
    pub fn comment(ws: &Workspace, id: Uuid) -> Option<Form> {
        let item = ws.item(id)?;
        let field = Field::text("comment", "Comment", "", "Enter adds it; comments are kept, never edited");
        Some(Form::new(format!("Comment on {}", item.key), FormKind::Comment(id), vec![field]))
    }

    pub fn links(ws: &Workspace, id: Uuid) -> Option<Form> {
        let item = ws.item(id)?;
        let keys = |ids: &mut dyn Iterator<Item = Uuid>| -> String {
            let mut k: Vec<String> =
                ids.filter_map(|b| ws.item(b)).filter(|b| b.is_live()).map(|b| b.key.clone()).collect();
            k.sort();
            k.join(", ")
        };
        let blocks = keys(&mut item.blocks.iter().copied());
        let blocked_by = keys(&mut ws.live_items().filter(|b| b.blocks.contains(&id)).map(|b| b.meta.id));
        let fields = vec![
            Field::text("blocks", "Blocks", &blocks, "keys or numbers this must finish before, comma-separated"),
            Field::text("blocked_by", "Blocked by", &blocked_by, "keys or numbers that must finish first"),
        ];
        let form = Form::new(format!("Dependencies of {}", item.key), FormKind::Links(id), fields);
        Some(form.based_on(ws, EntityRef::Item(id)))
    }

    pub fn save_view(ws: &Workspace, filter: &str, sort: crate::domain::query::Sort) -> Form {
        use crate::domain::query::{Sort, SortField};
        // Every column either way, the current sort chosen.
        let sorts: Vec<(String, String)> = SortField::ALL
            .iter()
            .flat_map(|&f| [Sort::new(f), Sort::new(f).flipped()])
            .map(|s| (s.to_string(), s.describe()))
            .collect();
        let same = ws.settings.views.iter().find(|v| v.filter == filter).map_or("", |v| v.name.as_str());
        let options = |o: &[&str]| o.iter().map(|s| (s.to_string(), s.to_string())).collect::<Vec<_>>();
        let fields = vec![
            Field::text("name", "Name", same, "required; a view of the same name is replaced"),
            Field::text("filter", "Filter", filter, "as typed after /"),
            Field::choice("sort", "Sort", sorts, &sort.to_string()),
            Field::choice("done", "Done work", options(&["hidden", "shown"]), "hidden"),
            Field::text(
                "columns",
                "Columns",
                "",
                "empty = as many as fit; else some of kind, pts, status, by, sprint, init, who, wsjf, rice, updated, lands, release",
            ),
        ];
        Form::new("Save view", FormKind::SaveView, fields)
    }

    pub(super) fn save_view_command(&mut self, ws: &Workspace, user: &str) -> Option<Command> {
        let name = self.required("name");
        let filter = self.raw("filter");
        let problems = crate::domain::query::Query::parse(&filter, ws, user).problems;
        if let Some(p) = problems.first() {
            self.set_error("filter", p.clone());
        }
        if self.view_columns().is_none() || self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        let columns = self.view_columns();
        let sort = self.raw("sort");
        let view = crate::domain::workspace::View {
            name: name.clone(),
            filter,
            sort: if sort == "rank" { String::new() } else { sort },
            columns: columns?,
            show_done: self.raw("done") == "shown",
            extra: Default::default(),
        };
        let mut views = ws.settings.views.clone();
        match views.iter_mut().find(|v| v.name.eq_ignore_ascii_case(&name)) {
            Some(old) => *old = crate::domain::workspace::View { extra: std::mem::take(&mut old.extra), ..view },
            None => views.push(view),
        }
        let patch = crate::domain::command::SettingsPatch { views: Some(views), ..Default::default() };
        Some(Command::EditSettings(Box::new(patch)))
    }

    /// The columns field as names; `None` (with the field's error) if one
    /// is not a column.
    fn view_columns(&mut self) -> Option<Vec<String>> {
        let names = crate::domain::workspace::VIEW_COLUMNS;
        let list: Vec<String> =
            self.raw("columns").split(',').map(|c| c.trim().to_lowercase()).filter(|c| !c.is_empty()).collect();
        match list.iter().find(|c| !names.contains(&c.as_str())) {
            Some(bad) => {
                self.set_error("columns", format!("{bad}? use {}", names.join(", ")));
                None
            }
            None => Some(list),
        }
    }

    pub(super) fn comment_command(&mut self, id: Uuid) -> Option<Command> {
        let text = self.required("comment");
        (!text.is_empty()).then_some(Command::AddComment { id, text })
    }

    /// The links added and removed, as one change.
    pub(super) fn links_command(&mut self, ws: &Workspace, id: Uuid) -> Option<Command> {
        let mut commands = Vec::new();
        for (name, outgoing) in [("blocks", true), ("blocked_by", false)] {
            if !self.touched(name) {
                continue;
            }
            let mut want = Vec::new();
            for r in resolve::list(&self.raw(name)) {
                match resolve::item(ws, r) {
                    Ok(i) if i.meta.id == id => self.set_error(name, "an item cannot block itself"),
                    Ok(i) if !want.contains(&i.meta.id) => want.push(i.meta.id),
                    Ok(_) => {}
                    Err(e) => self.set_error(name, e.0),
                }
            }
            let have: Vec<Uuid> = if outgoing {
                ws.item(id).map(|i| i.blocks.clone()).unwrap_or_default()
            } else {
                ws.live_items().filter(|b| b.blocks.contains(&id)).map(|b| b.meta.id).collect()
            };
            let pair = |other: Uuid| if outgoing { (id, other) } else { (other, id) };
            for &other in have.iter().filter(|o| !want.contains(o)) {
                let (blocker, blocked) = pair(other);
                commands.push(Command::LinkItems { blocker, blocked, linked: false });
            }
            for &other in want.iter().filter(|o| !have.contains(o)) {
                let (blocker, blocked) = pair(other);
                commands.push(Command::LinkItems { blocker, blocked, linked: true });
            }
        }
        if self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        Some(Command::Batch { commands, summary: None })
    }
}
