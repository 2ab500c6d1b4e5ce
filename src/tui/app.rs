//! The driver: owns the session's copy of the workspace, runs the effects
//! `update` returns (domain commands, undo, redo), keeps the views in step
//! with each change, and trades changes with the saver thread. It knows no
//! terminal: the event loop in `tui::run` feeds it and draws it.

use super::saver::{Saver, SaverEvent};
use super::state::{Confirm, Effect, Modal, SaveState, State};
use super::update;
use crate::domain::{Change, Command, Ctx, DomainError, EntityRef, Snapshot, Workspace, apply};
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
    clock: Box<dyn Fn() -> DateTime<Utc>>,
    saver: Option<Saver>,
    seq: u64,
    /// Changes sent to the saver and not yet confirmed written.
    inflight: VecDeque<(u64, Change)>,
    /// Work for the terminal owner.
    pub outside: Option<Outside>,
}

impl App {
    pub fn new(ws: Workspace, state: State, ctx: Ctx, clock: Box<dyn Fn() -> DateTime<Utc>>) -> App {
        App { ws, state, ctx, clock, saver: None, seq: 0, inflight: VecDeque::new(), outside: None }
    }

    pub fn with_saver(mut self, saver: Saver) -> App {
        self.saver = Some(saver);
        self
    }

    pub fn take_saver(&mut self) -> Option<Saver> {
        self.saver.take()
    }

    /// Handles a terminal event; true if anything may look different.
    pub fn on_event(&mut self, event: &Event) -> bool {
        let effects = update::handle_event(&mut self.state, &self.ws, event);
        self.run(effects);
        true
    }

    /// Background work (the filter scan); true while more remains.
    pub fn step(&mut self) -> bool {
        update::step(&mut self.state, &self.ws)
    }

    pub fn run(&mut self, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Apply(cmd) => self.apply(cmd, false),
                Effect::ApplyConfirmed(cmd) => self.apply(cmd, true),
                Effect::Undo => self.undo(),
                Effect::Redo => self.redo(),
                Effect::EditItemText(id) => self.outside = Some(Outside::EditItemText(id)),
                Effect::EditVisionText(i) => self.outside = Some(Outside::EditVisionText(i)),
                Effect::Suspend => self.outside = Some(Outside::Suspend),
                Effect::Quit => self.state.quit = true,
            }
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
        if let Some(id) = card {
            update::select_card(&mut self.state, &self.ws, id);
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
                    self.state.modal = Some(Modal::Review { sprint });
                }
                let mut msg = change.summary.clone();
                for w in &change.warnings {
                    msg.push_str(" · ");
                    msg.push_str(w);
                }
                self.commit(change.clone());
                self.state.undo.push(change);
                if self.state.undo.len() > UNDO_DEPTH {
                    self.state.undo.remove(0);
                }
                self.state.redo.clear();
                self.state.info(msg);
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
                    yes: Effect::ApplyConfirmed(cmd),
                }));
            }
            Err(e) => self.state.error(e.to_string()),
        }
    }

    fn undo(&mut self) {
        let Some(change) = self.state.undo.pop() else {
            self.state.info("Nothing to undo");
            return;
        };
        match self.exec(Command::Restore(change.before.clone()), true) {
            Ok(c) => {
                self.commit(c);
                self.state.info(format!("Undone: {}", change.summary));
                self.state.redo.push(change);
            }
            Err(e) => {
                self.state.error(format!("Could not undo: {e}"));
                self.state.undo.push(change);
            }
        }
    }

    fn redo(&mut self) {
        let Some(change) = self.state.redo.pop() else {
            self.state.info("Nothing to redo");
            return;
        };
        match self.exec(Command::Restore(change.after.clone()), true) {
            Ok(c) => {
                self.commit(c);
                self.state.info(format!("Redone: {}", change.summary));
                self.state.undo.push(change);
            }
            Err(e) => {
                self.state.error(format!("Could not redo: {e}"));
                self.state.redo.push(change);
            }
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
        let selected = st.selected_item();
        let items: Vec<usize> = change
            .after
            .iter()
            .filter_map(|s| match s.entity {
                EntityRef::Item(id) => ws.item_pos(id),
                _ => None,
            })
            .collect();
        let initiatives_changed = change.after.iter().any(|s| matches!(s.entity, EntityRef::Initiative(_)));
        if initiatives_changed && st.backlog.intake {
            let spec = st.filter_spec(ws);
            st.backlog.list.set_filter(spec);
            st.backlog.list.rebuild(ws);
        } else {
            st.backlog.list.on_items_changed(ws, &items, Some(st.backlog.cursor));
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
    }

    /// Something from the saver thread.
    pub fn on_saver(&mut self, ev: SaverEvent) {
        match ev {
            SaverEvent::Saved { upto } => {
                self.confirm_upto(upto);
            }
            SaverEvent::Failed { error, .. } => {
                self.state.save = SaveState::Failed(error.clone());
                self.state.error(format!("Not saved: {error}"));
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
            self.state.save = SaveState::Saved;
        }
    }

    /// Takes in the workspace as merged on disk, keeping the changes this
    /// session made since the saver produced it, the selection and any open
    /// form.
    pub fn replace_workspace(&mut self, mut ws: Workspace) {
        for (_, change) in &self.inflight {
            for Snapshot { value, .. } in &change.after {
                if let Some(e) = value {
                    ws.put(e.clone());
                }
            }
        }
        let selected = self.state.selected_item().map(|p| self.ws.items[p].meta.id);
        self.ws = ws;
        let st = &mut self.state;
        st.backlog.list.rebuild(&self.ws);
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
