//! A one-line text input with a cursor: what forms, the filter and the
//! palette type into. The cursor moves by grapheme, never inside one.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// Byte offset, always on a grapheme boundary.
    cursor: usize,
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        LineInput { text: text.to_owned(), cursor: text.len() }
    }
    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn cursor(&self) -> usize {
        self.cursor
    }
    pub fn set(&mut self, text: &str) {
        self.text = text.to_owned();
        self.cursor = self.text.len();
    }
    pub fn clear(&mut self) {
        self.set("");
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor].grapheme_indices(true).next_back().map_or(0, |(i, _)| i)
    }
    fn next_boundary(&self) -> usize {
        self.text[self.cursor..].graphemes(true).next().map_or(self.cursor, |g| self.cursor + g.len())
    }

    /// Applies an editing key; returns false if the key is not an edit
    /// (so the caller can treat it as navigation).
    pub fn handle(&mut self, e: &KeyEvent) -> bool {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        match e.code {
            KeyCode::Char('u') if ctrl => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            KeyCode::Char('w') if ctrl => {
                let before = &self.text[..self.cursor];
                let trimmed = before.trim_end();
                let start = trimmed.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.text.len(),
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
            }
            KeyCode::Backspace => {
                let p = self.prev_boundary();
                self.text.replace_range(p..self.cursor, "");
                self.cursor = p;
            }
            KeyCode::Delete => {
                let n = self.next_boundary();
                self.text.replace_range(self.cursor..n, "");
            }
            KeyCode::Left => self.cursor = self.prev_boundary(),
            KeyCode::Right => self.cursor = self.next_boundary(),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.text.len(),
            _ => return false,
        }
        true
    }

    /// Starts a new line at the cursor (a text area's Enter).
    pub fn newline(&mut self) {
        self.text.insert(self.cursor, '\n');
        self.cursor += 1;
    }

    /// Pastes text keeping its line breaks (a text area).
    pub fn paste_lines(&mut self, s: &str) {
        let clean: Vec<String> = s.lines().map(crate::domain::text::clean_line).collect();
        let clean = clean.join("\n");
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
    }

    /// Pastes text (line breaks become spaces: this is a one-line input).
    pub fn paste(&mut self, s: &str) {
        let clean = crate::domain::text::clean_line(s);
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn edits_by_grapheme() {
        let mut i = LineInput::new("né");
        i.handle(&key(KeyCode::Backspace));
        assert_eq!(i.text(), "n");
        i.handle(&key(KeyCode::Char('🙂')));
        i.handle(&key(KeyCode::Left));
        i.handle(&key(KeyCode::Char('x')));
        assert_eq!(i.text(), "nx🙂");
        i.handle(&KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(i.text(), "🙂");
    }
}
