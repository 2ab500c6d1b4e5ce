//! The driver: owns the session's copy of the workspace, runs the effects
//! `update` returns (domain commands, undo, redo), keeps the views in step
//! with each change, and trades changes with the saver thread. It knows no
//! terminal: the event loop in `tui::run` feeds it and draws it.

use super::saver::{Saver, SaverEvent};
use super::state::{Confirm, Effect, ExportFormat, ExportWhat, Modal, Quitting, SaveState, State};
use super::update;
use crate::domain::{Change, Command, Ctx, DomainError, EntityRef, Snapshot, Workspace, apply};
use crate::store::export;
use crate::store::merge::{self, Clash, Prefer};
use chrono::{DateTime, Utc};
use ratatui::crossterm::event::Event;
use std::collections::VecDeque;
use uuid::Uuid;

/// How much undo history is kept.
pub const UNDO_DEPTH: usize = 200;

/// What the event loop must do outside the app (it owns the terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outside {
    EditItemText(Uuid),
    EditVisionText(usize),
    /// Give the terminal back to the shell until `fg` (Ctrl-Z).
    Suspend,
}

pub struct App {
    pub ws: Workspace,
    pub state: State,
    ctx: Ctx,
    /// Shared with the state, which stamps its messages with it.
    clock: std::rc::Rc<dyn Fn() -> DateTime<Utc>>,
    saver: Option<Saver>,
    seq: u64,
    /// Changes sent to the saver and not yet confirmed written.
    inflight: VecDeque<(u64, Change)>,
    /// The board card to keep selected once the change being made is taken
    /// into the views (see [`App::exec`]).
    follow_card: Option<Uuid>,
    /// Work for the terminal owner.
    pub outside: Option<Outside>,
    /// The user chose to quit without what is unsaved.
    pub discard: bool,
    /// The workspace file, beside which exports are written.
    pub workspace_path: Option<std::path::PathBuf>,
    /// Reads the stories' commits off the input path.
    trail: Option<super::trail::TrailReader>,
    archive: Option<super::archive::ArchiveReader>,
}

impl App {
    /// The state learns the session's person from `ctx` (see [`State::user`]).
    pub fn new(ws: Workspace, mut state: State, ctx: Ctx, clock: Box<dyn Fn() -> DateTime<Utc>>) -> App {
        state.user = ctx.user.clone();
        let clock: std::rc::Rc<dyn Fn() -> DateTime<Utc>> = clock.into();
        state.clock = clock.clone();
        App {
            ws,
            state,
            ctx,
            clock,
            saver: None,
            seq: 0,
            inflight: VecDeque::new(),
            follow_card: None,
            outside: None,
            discard: false,
            workspace_path: None,
            trail: None,
            archive: None,
        }
    }

    pub fn with_saver(mut self, saver: Saver) -> App {
        self.saver = Some(saver);
        self
    }

    pub fn with_trail(mut self, reader: super::trail::TrailReader) -> App {
        self.trail = Some(reader);
        self
    }

    pub fn with_archive(mut self, reader: super::archive::ArchiveReader) -> App {
        self.archive = Some(reader);
        self
    }

    pub fn take_saver(&mut self) -> Option<Saver> {
        self.saver.take()
    }

    /// Handles a terminal event; true if anything may look different.
    pub fn on_event(&mut self, event: &Event) -> bool {
        let effects = update::handle_event(&mut self.state, &self.ws, event);
        self.run(effects);
        self.state.recount_marks(&self.ws);
        true
    }

    /// Background work (the filter scan, then the forecasts when the
    /// workspace changed, then the filter's index); true while more
    /// remains.
    pub fn step(&mut self) -> bool {
        if update::step(&mut self.state, &self.ws) {
            return true;
        }
        let st = &mut self.state;
        if !st.progress.fresh(st.revision) || !st.forecasts.fresh(st.revision, st.today) {
            st.progress.refresh(&self.ws, st.revision);
            st.forecasts.refresh(&self.ws, st.revision, st.today);
            return st.backlog.list.indexing(&self.ws);
        }
        st.backlog.list.index_step(&self.ws)
    }

    /// Background work for up to `slice` (or until none is left), between
    /// two frames: the event loop redraws after each slice rather than
    /// after each step. True while more remains.
    pub fn work(&mut self, slice: std::time::Duration) -> bool {
        let started = std::time::Instant::now();
        while self.step() {
            if started.elapsed() >= slice {
                return true;
            }
        }
        false
    }

    /// Whether background work waits (see [`App::step`]).
    pub fn busy(&self) -> bool {
        let st = &self.state;
        st.backlog.list.scanning()
            || st.backlog.list.indexing(&self.ws)
            || !st.forecasts.fresh(st.revision, st.today)
            || !st.progress.fresh(st.revision)
    }

    pub fn run(&mut self, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Apply(cmd) => self.apply(cmd, false),
                Effect::ApplyConfirmed(cmd) => self.apply(cmd, true),
                Effect::Edit { cmd, base, confirmed } => self.apply_edit(cmd, confirmed, base),
                Effect::Undo => self.undo(),
                Effect::Redo => self.redo(),
                Effect::EditItemText(id) => self.outside = Some(Outside::EditItemText(id)),
                Effect::EditVisionText(i) => self.outside = Some(Outside::EditVisionText(i)),
                Effect::Suspend => self.outside = Some(Outside::Suspend),
                Effect::Quit => self.quit(),
                Effect::ReadArchive => {
                    if let Some(r) = &self.archive {
                        r.read_all();
                    }
                }
                Effect::RetrySave => {
                    if let Some(s) = &self.saver {
                        s.retry();
                        self.state.save = SaveState::Saving;
                    }
                }
                Effect::WriteRecovery => match &self.saver {
                    Some(s) => s.write_recovery(),
                    None => self.state.quit = true,
                },
                Effect::Discard => {
                    self.discard = true;
                    self.state.quit = true;
                }
                Effect::OpenForm(form) => self.state.modal = Some(Modal::Form(form)),
                Effect::Export(what, format) => self.export(what, format),
                Effect::MarkSeen(at) => {
                    if let Some(path) = &self.workspace_path
                        && let Err(e) = crate::store::seen::mark_seen(path, &self.state.user, at)
                    {
                        self.state.warn(format!("Could not remember what you have seen: {e}"));
                    }
                }
                Effect::MergeRecovery(file) => match &self.saver {
                    Some(s) => s.merge_recovery(file),
                    None => self.state.error("Read-only: recovery files cannot be merged here"),
                },
            }
        }
    }

    /// Writes an export beside the workspace file and says where.
    fn export(&mut self, what: ExportWhat, format: ExportFormat) {
        let Some(path) = self.workspace_path.clone() else {
            self.state.error("This session has no workspace file to write beside");
            return;
        };
        match super::export::text(&self.ws, &what, format, self.state.today, &self.state.user) {
            Ok((name, text, note)) => match export::write_beside(&path, &name, format.ext(), &text) {
                Ok(file) => self.state.info(format!("Exported to {}{note}", file.display())),
                Err(e) => self.state.error(format!("Export failed: {e}")),
            },
            Err(e) => self.state.error(e),
        }
    }

    /// Runs a command on the workspace. The card selected on the Sprint
    /// board, or the initiative on the Roadmap, goes wherever the change put
    /// it, only once it is made: a refused or cancelled move leaves the
    /// selection where it was.
    fn exec(&mut self, cmd: Command, confirmed: bool) -> Result<Change, DomainError> {
        self.ctx.set_now((self.clock)());
        self.ctx.confirmed = confirmed;
        let card = update::selected_card(&self.state, &self.ws);
        let initiative = update::selected_initiative(&self.state, &self.ws);
        let change = apply(&mut self.ws, cmd, &mut self.ctx)?;
        // The board reads the kept sprint lists: the card is found once the
        // change is in them (`sync_views`). Follow-up changes (a merge's
        // fixes) keep the first selection.
        if self.follow_card.is_none() {
            self.follow_card = card;
        }
        if let Some(id) = initiative {
            update::select_initiative(&mut self.state, &self.ws, id);
        }
        Ok(change)
    }

    /// What `cmd` would do, in the words of its change summary, worked out
    /// on a copy (for the role guard's question: it runs only then).
    fn preview(&self, cmd: &Command) -> Option<String> {
        let mut ws = self.ws.clone();
        let mut ctx = self.ctx.clone();
        ctx.confirmed = true;
        apply(&mut ws, cmd.clone(), &mut ctx).ok().map(|c| c.summary)
    }

    /// Applies a command: on screen at once, on disk through the saver.
    pub fn apply(&mut self, cmd: Command, confirmed: bool) {
        self.apply_edit(cmd, confirmed, Vec::new());
    }

    /// Applies a command made from `base` (a form or an editor opened on
    /// those entities): where another session changed them since, the edit
    /// is merged with what it saved, field by field, and a field both
    /// changed is kept side by side as a conflict.
    pub fn apply_edit(&mut self, cmd: Command, confirmed: bool, base: Vec<Snapshot>) {
        if let SaveState::ReadOnly(reason) = &self.state.save {
            let msg = format!("Read-only: {reason}");
            self.state.error(msg);
            return;
        }
        let closing = match &cmd {
            Command::CloseSprint { id, .. } => Some(*id),
            _ => None,
        };
        match self.exec(cmd.clone(), confirmed) {
            Ok(change) => {
                if let Some(sprint) = closing {
                    self.state.modal = Some(Modal::Review { sprint, scroll: 0 });
                }
                let (change, clashes) = self.settle(change, &base);
                let mut msg = change.summary.clone();
                let warned = !change.warnings.is_empty();
                for w in &change.warnings {
                    msg.push_str(" · ");
                    msg.push_str(w);
                }
                if !clashes.is_empty() {
                    msg.push_str(&format!(
                        " · {} changed meanwhile by another session: yours kept, both recorded ({} to resolve)",
                        fields_of(&clashes),
                        self.state.keymap.hint(crate::tui::action::Action::Conflicts)
                    ));
                }
                self.commit(change.clone());
                self.state.undo.push(change);
                if self.state.undo.len() > UNDO_DEPTH {
                    self.state.undo.remove(0);
                }
                self.state.redo.clear();
                // A change made with a warning (short of a definition,
                // over capacity) says it as one, in the log too.
                if clashes.is_empty() && !warned {
                    self.state.info(msg);
                } else {
                    self.state.warn(msg);
                }
            }
            Err(DomainError::NeedsConfirmation { entity, owner, role }) => {
                // Say which change is asked about: the same key can be
                // pressed on the wrong row, and a form may touch fields the
                // user did not mean to.
                let mut message =
                    format!("{entity} is owned by the {}. Make this change anyway as {}?", owner.label(), role.label());
                if let Some(what) = self.preview(&cmd) {
                    message.push_str(&format!("\n→ {what}"));
                }
                self.state.modal = Some(Modal::Confirm(Confirm {
                    title: "Owned by the other role".into(),
                    message,
                    yes: Effect::Edit { cmd, base, confirmed: true },
                }));
            }
            Err(DomainError::NeedsReadyConfirmation { key, gate, missing, items }) => {
                let mut message = match items {
                    1 => format!("{key} does not meet the {gate}:"),
                    n => format!("{n} items do not meet the {gate}:"),
                };
                // A long list is cut to what the question has room for.
                const SHOWN: usize = 8;
                for m in missing.iter().take(SHOWN) {
                    message.push_str(&format!("\n  · {m}"));
                }
                if missing.len() > SHOWN {
                    message.push_str(&format!("\n  · … and {} more", missing.len() - SHOWN));
                }
                message.push_str(if items == 1 { "\nMove it anyway?" } else { "\nMove them anyway?" });
                self.state.modal = Some(Modal::Confirm(Confirm {
                    title: gate.to_owned(),
                    message,
                    yes: Effect::Edit { cmd, base, confirmed: true },
                }));
            }
            Err(DomainError::Guard { entity, owner, .. }) => self.state.error(update::guard_refusal(&entity, owner)),
            Err(e) => self.state.error(e.to_string()),
        }
    }

    /// Merges an applied edit with what changed since its `base`: the
    /// change made from the current version is what the user asked for on
    /// the base version. Returns the whole change and the fields both sides
    /// changed.
    fn settle(&mut self, change: Change, base: &[Snapshot]) -> (Change, Vec<Clash>) {
        let mut fixes = Vec::new();
        let mut clashes = Vec::new();
        // By entity: a bulk edit's base holds every item it touches.
        let base: std::collections::HashMap<EntityRef, &Snapshot> = base.iter().map(|s| (s.entity, s)).collect();
        for (before, after) in change.before.iter().zip(&change.after) {
            let Some(Snapshot { value: Some(b), .. }) = base.get(&before.entity).copied() else {
                continue;
            };
            let (Some(now), Some(wrote)) = (&before.value, &after.value) else { continue };
            if now == b {
                continue; // nobody changed it since the form opened
            }
            let (merged, found) = merge::merge_entity(before.entity, Some(b), wrote, now, Prefer::Ours);
            clashes.extend(found);
            if &merged != wrote {
                fixes.push(Snapshot { entity: before.entity, value: Some(merged) });
            }
        }
        let mut change = change;
        if !fixes.is_empty()
            && let Ok(c) = self.exec(Command::Restore(fixes), true)
        {
            change = change.then(c);
        }
        if !clashes.is_empty() {
            let records =
                merge::records(clashes.clone(), self.ctx.now, self.ctx.role, &self.ctx.user, &merge::Names::session());
            if let Ok(c) = self.exec(Command::RecordConflicts(records), true) {
                change = change.then(c);
            }
        }
        (change, clashes)
    }

    /// Undoes `change` where what it wrote is still there: each field goes
    /// back only if it still holds the value the change gave it, so an
    /// undo never takes back what another session saved since. Returns the
    /// undo's own change (named like the undone one) and the fields left
    /// as they were.
    fn revert(&mut self, change: &Change, verb: &str) -> Result<(Change, Vec<Clash>), DomainError> {
        let now = self.ctx.now;
        let mut targets = Vec::new();
        let mut kept = Vec::new();
        for (before, after) in change.before.iter().zip(&change.after) {
            let r = before.entity;
            let (Some(current), Some(wrote)) = (self.ws.get(r), &after.value) else { continue };
            let want = match &before.value {
                Some(e) => e.clone(),
                // It did not exist before: undoing its creation deletes it.
                None => {
                    let mut e = wrote.clone();
                    if let Some(m) = e.meta_mut() {
                        m.deleted_at = Some(now);
                    }
                    e
                }
            };
            let (merged, found) = merge::revert_entity(r, wrote, &current, &want);
            kept.extend(found);
            if merged != current {
                targets.push(Snapshot { entity: r, value: Some(merged) });
            }
        }
        // History says what was taken back, and which change it was.
        let summary = Some(format!("{verb} {}", change.summary));
        self.ctx.reverts = change.records.first().map(|r| r.id);
        let undone = self.exec(Command::Batch { commands: vec![Command::Restore(targets)], summary }, true);
        self.ctx.reverts = None;
        let mut undone = undone?;
        undone.summary.clone_from(&change.summary);
        Ok((undone, kept))
    }

    fn undo(&mut self) {
        let Some(change) = self.state.undo.pop() else {
            self.state.info("Nothing to undo");
            return;
        };
        self.ctx.set_now((self.clock)());
        match self.revert(&change, "Undid") {
            Ok((undone, kept)) => {
                self.commit(undone.clone());
                self.state.redo.push(undone);
                self.partly("Undone", &change.summary, &kept);
            }
            Err(e) => {
                self.state.error(format!("Could not undo: {e}"));
                self.state.undo.push(change);
            }
        }
    }

    fn redo(&mut self) {
        let Some(undone) = self.state.redo.pop() else {
            self.state.info("Nothing to redo");
            return;
        };
        self.ctx.set_now((self.clock)());
        match self.revert(&undone, "Redid") {
            Ok((redone, kept)) => {
                self.commit(redone.clone());
                self.state.undo.push(redone);
                self.partly("Redone", &undone.summary, &kept);
            }
            Err(e) => {
                self.state.error(format!("Could not redo: {e}"));
                self.state.redo.push(undone);
            }
        }
    }

    /// The status line after an undo or redo, saying what it left alone.
    fn partly(&mut self, verb: &str, summary: &str, kept: &[Clash]) {
        if kept.is_empty() {
            self.state.info(format!("{verb}: {summary}"));
        } else {
            self.state.warn(format!(
                "{verb} partly: {summary} · {} changed since by another session, left as it is",
                fields_of(kept)
            ));
        }
    }

    /// A change is in the workspace: bring the views along and hand it to
    /// the saver.
    fn commit(&mut self, change: Change) {
        self.sync_views(&change);
        if let Some(s) = &self.saver {
            self.seq += 1;
            s.send(self.seq, change.clone());
            self.inflight.push_back((self.seq, change));
            self.state.save = SaveState::Saving;
        }
    }

    fn sync_views(&mut self, change: &Change) {
        let ws = &self.ws;
        let st = &mut self.state;
        st.revision += 1;
        let selected = st.selected_item();
        let items: Vec<usize> = change
            .after
            .iter()
            .filter_map(|s| match s.entity {
                EntityRef::Item(id) => ws.item_pos(id),
                _ => None,
            })
            .collect();
        // Marks on items this change deleted drop out.
        let ids: Vec<Uuid> = change
            .after
            .iter()
            .filter_map(|s| match s.entity {
                EntityRef::Item(id) => Some(id),
                _ => None,
            })
            .collect();
        st.backlog.marks.prune(ws, Some(&ids));
        // Links and the status of linked items decide what is blocked.
        let links_touched = change.before.iter().chain(&change.after).any(|s| match &s.value {
            Some(crate::domain::Entity::Item(i)) => !i.blocks.is_empty() || st.backlog.blocked.contains(&i.meta.id),
            _ => false,
        });
        if links_touched {
            st.backlog.blocked = crate::domain::ready::blocked_set(ws);
        }
        let initiatives_changed = change.after.iter().any(|s| matches!(s.entity, EntityRef::Initiative(_)));
        if initiatives_changed && st.backlog.intake {
            let spec = st.filter_spec(ws);
            st.backlog.list.set_filter(spec);
            st.backlog.list.rebuild(ws);
        } else {
            st.backlog.list.on_items_changed(ws, &items, Some(st.backlog.cursor));
        }
        let sprints_changed = change.after.iter().any(|s| matches!(s.entity, EntityRef::Sprint(_)));
        st.sprint.plan.on_change(ws, st.backlog.list.order(), &items, sprints_changed);
        if let Some(id) = self.follow_card.take() {
            update::select_card(st, ws, id);
        }
        // Follow a new item, else the one that was selected.
        let follow = match change.created {
            Some(EntityRef::Item(id)) => ws.item_pos(id),
            _ => selected,
        };
        if let Some(i) = follow.and_then(|p| st.backlog.list.index_of(ws, p)) {
            st.backlog.cursor = i;
        }
        st.clamp_backlog();
        // A new initiative is selected on the Roadmap, as a new item is in
        // the Backlog.
        if let Some(EntityRef::Initiative(id)) = change.created
            && st.pane == crate::tui::state::Pane::Roadmap
        {
            update::select_initiative(st, ws, id);
        }
    }

    /// Quits at once when everything is on disk; else asks what to do
    /// with what is not (and quits by itself once the saver catches up).
    fn quit(&mut self) {
        let failed = match &self.state.save {
            SaveState::Failed(e) => Some(e.clone()),
            _ => None,
        };
        if self.saver.is_none() || (self.inflight.is_empty() && failed.is_none()) {
            self.state.quit = true;
            return;
        }
        self.state.modal = Some(Modal::Quit(match failed {
            Some(e) => Quitting::Failed(e),
            None => Quitting::Saving,
        }));
    }

    /// Something from the saver thread.
    pub fn on_saver(&mut self, ev: SaverEvent) {
        self.saver_event(ev);
        self.state.recount_marks(&self.ws);
    }

    fn saver_event(&mut self, ev: SaverEvent) {
        match ev {
            SaverEvent::Saved { upto } => {
                self.confirm_upto(upto);
            }
            SaverEvent::Warning(w) => self.state.warn(w),
            SaverEvent::Failed { error, .. } => {
                self.state.save = SaveState::Failed(error.clone());
                self.state.error(format!("Not saved: {error}"));
                if let Some(Modal::Quit(q)) = &mut self.state.modal
                    && *q == Quitting::Saving
                {
                    *q = Quitting::Failed(error);
                }
            }
            // Kept in a recovery file (or saved meanwhile): the end of the
            // session says where.
            SaverEvent::Recovered(Ok(_)) => self.state.quit = true,
            SaverEvent::Recovered(Err(e)) => {
                let msg = format!("No recovery file could be written: {e}");
                self.state.modal = Some(Modal::Quit(Quitting::Failed(msg.clone())));
                self.state.error(msg);
            }
            SaverEvent::RecoveryMerged { upto, file, ws, report } => {
                self.confirm_upto(upto);
                self.replace_workspace(*ws);
                let mut msg = format!("Merged {} into the workspace", file.display());
                if !report.conflicts.is_empty() {
                    msg.push_str(&format!(
                        " · {} conflicting edit(s) kept side by side ({} to resolve)",
                        report.conflicts.len(),
                        self.state.keymap.hint(crate::tui::action::Action::Conflicts)
                    ));
                }
                self.state.info(msg);
            }
            SaverEvent::Merged { upto, ws, report } => {
                self.confirm_upto(upto);
                self.replace_workspace(*ws);
                let mut notes = Vec::new();
                if !report.conflicts.is_empty() {
                    notes.push(format!(
                        "{} conflicting edit(s) kept side by side ({} to resolve)",
                        report.conflicts.len(),
                        self.state.keymap.hint(crate::tui::action::Action::Conflicts)
                    ));
                }
                for (old, new) in &report.renumbered {
                    notes.push(format!("{old} became {new} (key taken concurrently)"));
                }
                if notes.is_empty() {
                    self.state.info("Updated with changes from another session");
                } else {
                    self.state.warn(notes.join(" · "));
                }
            }
        }
    }

    fn confirm_upto(&mut self, upto: u64) {
        while self.inflight.front().is_some_and(|(s, _)| *s <= upto) {
            self.inflight.pop_front();
        }
        if self.inflight.is_empty() {
            // A save that works again takes its old error off the screen.
            if matches!(self.state.save, SaveState::Failed(_))
                && self.state.message.as_ref().is_some_and(|(m, _)| m.starts_with("Not saved"))
            {
                self.state.info("Saved: the earlier problem is resolved");
            }
            self.state.save = SaveState::Saved;
            // Waiting to quit until everything was written: done.
            if matches!(self.state.modal, Some(Modal::Quit(Quitting::Saving | Quitting::Failed(_)))) {
                self.state.modal = None;
                self.state.quit = true;
            }
        }
    }

    /// Takes in the workspace as merged on disk, keeping the changes this
    /// session made since the saver produced it (merged with it as the
    /// saver will merge them), the selection and any open form.
    pub fn replace_workspace(&mut self, mut ws: Workspace) {
        for (_, change) in &self.inflight {
            // The saver records the clashes when it takes the change in.
            merge::replay(&mut ws, change, |_, _| {});
        }
        let selected = self.state.selected_item().map(|p| self.ws.items[p].meta.id);
        self.ws = ws;
        if let Some(t) = &mut self.trail {
            t.workspace_changed(&self.ws);
        }
        let st = &mut self.state;
        st.revision += 1;
        st.backlog.marks.prune(&self.ws, None);
        st.backlog.list.rebuild(&self.ws);
        st.sprint.plan = crate::tui::list::Planning::build(&self.ws, st.backlog.list.order());
        st.backlog.blocked = crate::domain::ready::blocked_set(&self.ws);
        let spec = st.filter_spec(&self.ws);
        st.backlog.list.set_filter(spec);
        while st.backlog.list.step(&self.ws, usize::MAX) {}
        if let Some(i) =
            selected.and_then(|id| self.ws.item_pos(id)).and_then(|p| st.backlog.list.index_of(&self.ws, p))
        {
            st.backlog.cursor = i;
        }
        st.clamp_backlog();
    }

    /// True while changes are on their way to disk.
    pub fn saving(&self) -> bool {
        !self.inflight.is_empty()
    }
}

/// "BL-7 title, BL-9 points": the fields of some clashes, for a message.
fn fields_of(clashes: &[Clash]) -> String {
    let mut names: Vec<String> = clashes.iter().map(|c| format!("{} {}", c.label, c.field.replace('_', " "))).collect();
    names.dedup();
    names.join(", ")
}
