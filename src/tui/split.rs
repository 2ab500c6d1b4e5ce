//! Splitting a story, and duplicating items: UI state for the split popup,
//! its keys, and the one batch each turns into (one undo step).
//!
//! The popup lists the new stories' titles (Enter on a title adds another,
//! Backspace on an empty one removes it), then each acceptance criterion
//! with where it goes (← → : the original, or new story 1, 2, …), then
//! whether the original is kept or dropped. Ctrl-S (or Enter off a title)
//! splits; Esc cancels.

use super::input::LineInput;
use crate::domain::command::{ItemPatch, NewItem, Position};
use crate::domain::item::{Criterion, Item, Status};
use crate::domain::{Command, Workspace};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub item: Uuid,
    pub titles: Vec<LineInput>,
    /// Per criterion of the original: 0 keeps it there, `n` sends it to new
    /// story `n`.
    pub targets: Vec<usize>,
    pub drop_original: bool,
    /// The row in focus: titles, then criteria, then the original.
    pub focus: usize,
    pub error: Option<String>,
    /// The story as it was when the popup opened: what the split is merged
    /// against if another session changes it meanwhile.
    pub base: Vec<crate::domain::Snapshot>,
}

/// What a key did to the popup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitKey {
    Continue,
    Submit,
    Cancel,
}

impl Split {
    pub fn new(ws: &Workspace, item: &Item) -> Split {
        let r = crate::domain::EntityRef::Item(item.meta.id);
        Split {
            base: vec![crate::domain::Snapshot { entity: r, value: ws.get(r) }],
            item: item.meta.id,
            titles: vec![LineInput::default()],
            targets: vec![0; item.acceptance_criteria.len()],
            drop_original: false,
            focus: 0,
            error: None,
        }
    }

    fn rows(&self) -> usize {
        self.titles.len() + self.targets.len() + 1
    }

    /// The title row in focus, if it is one.
    pub fn title_focus(&self) -> Option<usize> {
        (self.focus < self.titles.len()).then_some(self.focus)
    }

    /// The criterion row in focus, if it is one.
    pub fn criterion_focus(&self) -> Option<usize> {
        self.focus.checked_sub(self.titles.len()).filter(|&c| c < self.targets.len())
    }

    pub fn original_focus(&self) -> bool {
        self.focus + 1 == self.rows()
    }

    pub fn paste(&mut self, s: &str) {
        if let Some(t) = self.title_focus() {
            self.titles[t].paste(s);
        }
    }

    pub fn handle_key(&mut self, e: &KeyEvent) -> SplitKey {
        let rows = self.rows();
        match e.code {
            KeyCode::Esc => return SplitKey::Cancel,
            KeyCode::Char('s') if e.modifiers.contains(KeyModifiers::CONTROL) => return SplitKey::Submit,
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % rows,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + rows - 1) % rows,
            _ => {}
        }
        if matches!(e.code, KeyCode::Tab | KeyCode::Down | KeyCode::BackTab | KeyCode::Up) {
            return SplitKey::Continue;
        }
        let n = self.titles.len();
        if let Some(t) = self.title_focus() {
            match e.code {
                KeyCode::Enter => {
                    self.titles.insert(t + 1, LineInput::default());
                    // Criteria sent to stories after the new one move along.
                    for x in &mut self.targets {
                        if *x > t + 1 {
                            *x += 1;
                        }
                    }
                    self.focus = t + 1;
                }
                KeyCode::Backspace if self.titles[t].text().is_empty() && n > 1 => {
                    self.titles.remove(t);
                    for x in &mut self.targets {
                        if *x == t + 1 {
                            *x = 0;
                        } else if *x > t + 1 {
                            *x -= 1;
                        }
                    }
                    self.focus = t.saturating_sub(1);
                }
                _ => {
                    if self.titles[t].handle(e) {
                        self.error = None;
                    }
                }
            }
            return SplitKey::Continue;
        }
        let step: Option<bool> = match e.code {
            KeyCode::Right | KeyCode::Char('l') | KeyCode::Char(' ') => Some(true),
            KeyCode::Left | KeyCode::Char('h') => Some(false),
            KeyCode::Enter => return SplitKey::Submit,
            _ => None,
        };
        let Some(fwd) = step else { return SplitKey::Continue };
        if let Some(c) = self.criterion_focus() {
            let len = n + 1;
            let x = &mut self.targets[c];
            *x = if fwd { (*x + 1) % len } else { (*x + len - 1) % len };
        } else {
            self.drop_original = !self.drop_original;
        }
        SplitKey::Continue
    }

    /// The batch that splits the story: new stories right after the
    /// original, in the order typed, each with the original's parent,
    /// initiative, labels, story triple and description and the criteria
    /// sent to it; the original keeps the rest, and is dropped if asked.
    /// `None` (with `error` set) if no title was typed.
    pub fn command(&mut self, ws: &Workspace, next: Option<Uuid>) -> Option<Command> {
        let Some(orig) = ws.item(self.item).filter(|i| i.is_live()) else {
            self.error = Some("The story is gone (deleted in another session)".into());
            return None;
        };
        let titles: Vec<(usize, String)> = self
            .titles
            .iter()
            .enumerate()
            .map(|(i, t)| (i + 1, crate::domain::text::clean_line(t.text())))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        if titles.is_empty() {
            self.error = Some("Type a title for at least one new story".into());
            self.focus = 0;
            return None;
        }
        if let Some(c) = self.targets.iter().position(|&x| x > 0 && !titles.iter().any(|(n, _)| *n == x)) {
            self.error = Some(format!("Criterion {} goes to story {}, which has no title", c + 1, self.targets[c]));
            self.focus = self.titles.len() + c;
            return None;
        }
        let ac = &orig.acceptance_criteria;
        let given = |n: usize| -> Vec<Criterion> {
            ac.iter().zip(&self.targets).filter(|(_, x)| **x == n).map(|(c, _)| c.clone()).collect()
        };
        // Each new story goes before the item that followed the original,
        // so they line up after it in the order typed.
        let position = next.map_or(Position::Bottom, Position::Before);
        let mut cmds: Vec<Command> = titles
            .iter()
            .map(|(n, title)| {
                Command::AddItem(Box::new(NewItem {
                    kind: Some(orig.kind),
                    title: title.clone(),
                    description: orig.description.clone(),
                    story: orig.story.clone(),
                    acceptance_criteria: given(*n),
                    labels: orig.labels.clone(),
                    parent: orig.parent,
                    initiative: orig.initiative,
                    position,
                    ..NewItem::default()
                }))
            })
            .collect();
        let moved = self.targets.iter().any(|&x| x > 0);
        let patch = ItemPatch {
            acceptance_criteria: moved.then(|| given(0)),
            status: (self.drop_original && orig.status != Status::Dropped).then_some(Status::Dropped),
            ..ItemPatch::default()
        };
        if patch != ItemPatch::default() {
            cmds.push(Command::EditItem { id: orig.meta.id, patch: Box::new(patch) });
        }
        let k = titles.len();
        let fate = if self.drop_original { "dropped" } else { "kept" };
        let summary =
            format!("Split {} into {k} new stor{} ({} {fate})", orig.key, if k == 1 { "y" } else { "ies" }, orig.key);
        Some(Command::Batch { commands: cmds, summary: Some(summary) })
    }
}

/// A copy of `item` (new key, status new, criteria unmet, no sprint, no
/// external links) placed right after it.
pub fn duplicate(item: &Item, next: Option<Uuid>) -> Command {
    Command::AddItem(Box::new(NewItem {
        kind: Some(item.kind),
        title: item.title.clone(),
        description: item.description.clone(),
        story: item.story.clone(),
        acceptance_criteria: item.acceptance_criteria.iter().map(|c| Criterion::new(c.text.clone(), false)).collect(),
        estimate: item.estimate,
        labels: item.labels.clone(),
        parent: item.parent,
        initiative: item.initiative,
        moscow: item.scoring.moscow,
        wsjf: item.scoring.wsjf.clone(),
        rice: item.scoring.rice.clone(),
        assignee: item.assignee.clone(),
        position: next.map_or(Position::Bottom, Position::Before),
        ..NewItem::default()
    }))
}
