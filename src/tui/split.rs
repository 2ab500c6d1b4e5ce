//! Splitting a story: UI state for the split popup and its keys; the batch
//! it turns into (one undo step) is built by `domain::split`.
//!
//! The popup lists the new stories' titles (Enter on a title adds another,
//! Backspace on an empty one removes it), then each acceptance criterion
//! with where it goes (← → : the original, or new story 1, 2, …), then
//! whether the original is kept or dropped. Ctrl-S (or Enter off a title)
//! splits; Esc cancels.

use super::input::LineInput;
use crate::domain::item::Item;
use crate::domain::split::Part;
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

    /// The batch that splits the story (built by the domain, as the CLI's
    /// `backlog split` is): new stories right after the original, in the
    /// order typed, each with the original's epic, initiative, labels, story
    /// triple and description and the criteria sent to it; the original
    /// keeps the rest, and is dropped if asked. `None` (with `error` set) if
    /// no title was typed or a criterion goes to a story without one.
    pub fn command(&mut self, ws: &Workspace) -> Option<Command> {
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
        let parts: Vec<Part> = titles
            .into_iter()
            .map(|(n, title)| Part {
                title,
                criteria: self.targets.iter().enumerate().filter(|(_, x)| **x == n).map(|(c, _)| c).collect(),
            })
            .collect();
        match crate::domain::split::split(ws, self.item, &parts, !self.drop_original) {
            Ok(cmd) => Some(cmd),
            Err(e) => {
                self.error = Some(e.to_string());
                None
            }
        }
    }
}
