//! The bulk-edit form for marked items: every field starts as "leave
//! alone", and only the fields the user sets change, on every marked item,
//! as one batch (one undo step).

use super::{Field, Form, FormKind, enum_options};
use crate::domain::command::ItemPatch;
use crate::domain::entity::Role;
use crate::domain::item::{ItemKind, Status};
use crate::domain::resolve;
use crate::domain::strategy::Horizon;
use crate::domain::{Command, Snapshot, Workspace};
use uuid::Uuid;

/// The first option of every choice: change nothing.
fn leave() -> (String, String) {
    (String::new(), "— leave as is —".to_owned())
}

/// Typed into a text field to clear the value on every item.
const CLEAR: &str = "-";

fn labels_of(s: &str) -> Vec<String> {
    s.split(',').map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

impl Form {
    pub fn bulk_edit(ws: &Workspace, ids: Vec<Uuid>, base: Vec<Snapshot>) -> Form {
        let with_leave = |o: Vec<(String, String)>| std::iter::once(leave()).chain(o).collect::<Vec<_>>();
        let mut initiatives = vec![leave(), (CLEAR.to_owned(), "none (unlink)".to_owned())];
        for h in Horizon::ALL {
            for i in ws.ranked_initiatives(*h) {
                initiatives.push((i.key.clone(), format!("{} {} ({h})", i.key, i.title)));
            }
        }
        let owners =
            vec![(Role::Po.as_str().to_owned(), "PO".to_owned()), (Role::Pm.as_str().to_owned(), "PM".to_owned())];
        let fields = vec![
            Field::choice("status", "Status", with_leave(enum_options(Status::ALL)), ""),
            Field::text("estimate", "Points", "", "empty = leave as is; - clears"),
            Field::choice("kind", "Kind", with_leave(enum_options(ItemKind::ALL)), ""),
            Field::choice("owner", "Owner", with_leave(owners), ""),
            Field::text("assignee", "Assignee", "", "a name, or me; empty = leave as is; - unassigns"),
            Field::choice("initiative", "Initiative", initiatives, ""),
            Field::text("parent", "Epic", "", "key or number of the epic; empty = leave; - unlinks"),
            Field::text("add_labels", "Add labels", "", "comma-separated"),
            Field::text("remove_labels", "Remove labels", "", "comma-separated"),
        ];
        let n = ids.len();
        let mut form = Form::new(format!("Edit {n} marked items"), FormKind::BulkEdit(ids), fields);
        form.base = base;
        form
    }

    /// The batch a valid bulk form turns into (`None`: an error is shown).
    pub(super) fn bulk_command(&mut self, ws: &Workspace, user: &str, ids: &[Uuid]) -> Option<Command> {
        let status: Option<Status> = self.raw("status").parse().ok();
        let kind: Option<ItemKind> = self.raw("kind").parse().ok();
        let owner: Option<Role> = match self.raw("owner").as_str() {
            "" => None,
            o => o.parse().ok(),
        };
        let estimate = match self.raw("estimate").as_str() {
            "" => None,
            CLEAR => Some(None),
            t => self.points(ws, "estimate", t, ", or - to clear").map(Some),
        };
        let initiative = match self.raw("initiative").as_str() {
            "" => None,
            CLEAR => Some(None),
            k => ws.initiative_by_key(k).map(|i| Some(i.meta.id)),
        };
        let parent = match self.raw("parent").as_str() {
            "" => None,
            CLEAR => Some(None),
            k => match resolve::epic(ws, k) {
                Ok(p) if ids.contains(&p.meta.id) => {
                    self.set_error("parent", format!("{} is one of the marked items", p.key));
                    None
                }
                found => self.resolved("parent", found.map(|p| Some(p.meta.id))),
            },
        };
        // Empty leaves it; `-`, `none`, a name or `me` as in the item form.
        let assignee = match self.raw("assignee").as_str() {
            "" => None,
            a => {
                let who = resolve::assignee(a, user);
                self.resolved("assignee", who)
            }
        };
        let (add, remove) = (labels_of(&self.raw("add_labels")), labels_of(&self.raw("remove_labels")));
        if self.fields.iter().any(|f| f.error.is_some()) {
            return None;
        }
        let mut cmds = Vec::new();
        for id in ids {
            let Some(item) = ws.item(*id).filter(|i| i.is_live()) else { continue };
            let labels = (!add.is_empty() || !remove.is_empty()).then(|| {
                let mut l: Vec<String> =
                    item.labels.iter().filter(|x| !remove.iter().any(|r| r.eq_ignore_ascii_case(x))).cloned().collect();
                for a in &add {
                    if !l.iter().any(|x| x.eq_ignore_ascii_case(a)) {
                        l.push(a.clone());
                    }
                }
                l
            });
            let patch = ItemPatch {
                status: status.filter(|s| *s != item.status),
                kind: kind.filter(|k| *k != item.kind),
                owner: owner.filter(|o| *o != item.meta.owner),
                assignee: assignee.clone().filter(|a| *a != item.assignee),
                estimate: estimate.filter(|e| *e != item.estimate),
                initiative: initiative.filter(|i| *i != item.initiative),
                parent: parent.filter(|p| *p != item.parent),
                labels: labels.filter(|l| *l != item.labels),
                ..ItemPatch::default()
            };
            if patch != ItemPatch::default() {
                cmds.push(Command::EditItem { id: *id, patch: Box::new(patch) });
            }
        }
        let mut what: Vec<String> = Vec::new();
        if let Some(s) = status {
            what.push(format!("status {}", s.as_str().replace('_', " ")));
        }
        if let Some(e) = estimate {
            what.push(e.map_or("points cleared".to_owned(), |p| format!("{p} points")));
        }
        if let Some(k) = kind {
            what.push(format!("kind {k}"));
        }
        if let Some(o) = owner {
            what.push(format!("owner {}", o.label()));
        }
        if let Some(a) = &assignee {
            what.push(a.as_ref().map_or("unassigned".to_owned(), |a| format!("assignee {a}")));
        }
        if let Some(i) = initiative {
            what.push(
                i.and_then(|i| ws.initiative(i))
                    .map_or("no initiative".to_owned(), |i| format!("initiative {}", i.key)),
            );
        }
        if let Some(p) = parent {
            what.push(p.and_then(|p| ws.item(p)).map_or("no epic".to_owned(), |p| format!("epic {}", p.key)));
        }
        what.extend(add.iter().map(|l| format!("+{l}")));
        what.extend(remove.iter().map(|l| format!("-{l}")));
        if what.is_empty() {
            self.error = Some("Nothing set: every field is left as it is (Esc closes)".into());
            return None;
        }
        let n = cmds.len();
        let summary = format!("Edited {n} item{}: {}", if n == 1 { "" } else { "s" }, what.join(", "));
        Some(Command::Batch { commands: cmds, summary: Some(summary) })
    }
}
