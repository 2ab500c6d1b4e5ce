//! One scroll behaviour for everything drawn over the panes. The keys that
//! move a list (`j` `k`, `PgUp` `PgDn`, `g` `G`, `Home` `End`, and whatever
//! the config binds to those actions) move a popup's text, or its
//! selection, the same way; a popup never closes on them.

use super::action::Action;
use super::keymap::Keymap;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// A move through lines or rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
}

impl Move {
    /// The move `key` makes: the keymap's navigation actions (a key rebound
    /// for lists works in popups too), and the keys named for it (arrows,
    /// `PgUp` `PgDn`, `Home` `End`) whatever the keymap binds them to.
    pub fn of(keymap: &Keymap, key: &KeyEvent) -> Option<Move> {
        let by_action = match keymap.action(key) {
            Some(Action::Up) => Some(Move::Up),
            Some(Action::Down) => Some(Move::Down),
            Some(Action::PageUp) => Some(Move::PageUp),
            Some(Action::PageDown) => Some(Move::PageDown),
            Some(Action::Top) => Some(Move::Top),
            Some(Action::Bottom) => Some(Move::Bottom),
            _ => None,
        };
        by_action.or(match key.code {
            KeyCode::Up => Some(Move::Up),
            KeyCode::Down => Some(Move::Down),
            KeyCode::PageUp => Some(Move::PageUp),
            KeyCode::PageDown => Some(Move::PageDown),
            KeyCode::Home => Some(Move::Top),
            KeyCode::End => Some(Move::Bottom),
            _ => None,
        })
    }

    /// Where `at` (a row in `0..len`) is after the move, a page being
    /// `page` rows (one at least).
    pub fn apply(self, at: usize, len: usize, page: usize) -> usize {
        let last = len.saturating_sub(1);
        let at = at.min(last);
        let page = page.max(1);
        match self {
            Move::Up => at.saturating_sub(1),
            Move::Down => (at + 1).min(last),
            Move::PageUp => at.saturating_sub(page),
            Move::PageDown => (at + page).min(last),
            Move::Top => 0,
            Move::Bottom => last,
        }
    }

    /// A text `len` lines long shown `page` at a time, scrolled to
    /// `offset`: where it is after the move (never past the last page).
    pub fn scroll(self, offset: usize, len: usize, page: usize) -> usize {
        self.apply(offset, last_offset(len, page) + 1, page)
    }
}

/// The last first line of a text `len` lines long shown `page` at a time:
/// the last page is full.
pub fn last_offset(len: usize, page: usize) -> usize {
    len.saturating_sub(page.max(1))
}

/// The first line to show of `len` lines, `page` at a time, so that line
/// `at` (a selection) is in view: centred while there is room, the first
/// and last pages full.
pub fn around(at: usize, len: usize, page: usize) -> usize {
    at.saturating_sub(page / 2).min(last_offset(len, page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn list_keys_and_named_keys_move() {
        let km = Keymap::default();
        assert_eq!(Move::of(&km, &key(KeyCode::Char('j'))), Some(Move::Down));
        assert_eq!(Move::of(&km, &key(KeyCode::Char('k'))), Some(Move::Up));
        assert_eq!(Move::of(&km, &key(KeyCode::Char('g'))), Some(Move::Top));
        assert_eq!(Move::of(&km, &KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Move::Bottom));
        assert_eq!(Move::of(&km, &key(KeyCode::PageDown)), Some(Move::PageDown));
        assert_eq!(Move::of(&km, &KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)), Some(Move::PageDown));
        assert_eq!(Move::of(&km, &key(KeyCode::Home)), Some(Move::Top));
        assert_eq!(Move::of(&km, &key(KeyCode::End)), Some(Move::Bottom));
        assert_eq!(Move::of(&km, &key(KeyCode::Char('x'))), None);
        assert_eq!(Move::of(&km, &key(KeyCode::Esc)), None);
    }

    #[test]
    fn a_rebound_list_key_moves_popups_too() {
        let mut o = std::collections::BTreeMap::new();
        o.insert("down".to_owned(), toml::Value::String("n".into()));
        // `n` is new's: it moves too, or the config is refused.
        o.insert("new".to_owned(), toml::Value::String("N".into()));
        let km = Keymap::with_overrides(&o).unwrap();
        assert_eq!(Move::of(&km, &key(KeyCode::Char('n'))), Some(Move::Down));
        assert_eq!(Move::of(&km, &key(KeyCode::Char('j'))), None, "j no longer moves");
        assert_eq!(Move::of(&km, &key(KeyCode::Down)), Some(Move::Down), "the arrow always does");
    }

    #[test]
    fn moves_stay_in_range() {
        assert_eq!(Move::Down.apply(9, 10, 5), 9);
        assert_eq!(Move::Up.apply(0, 10, 5), 0);
        assert_eq!(Move::PageDown.apply(0, 100, 20), 20);
        assert_eq!(Move::PageDown.apply(95, 100, 20), 99);
        assert_eq!(Move::PageUp.apply(50, 100, 20), 30);
        assert_eq!(Move::Bottom.apply(0, 100, 20), 99);
        assert_eq!(Move::Top.apply(70, 100, 20), 0);
        assert_eq!(Move::Down.apply(0, 0, 5), 0, "nothing to move over");
        assert_eq!(Move::PageDown.apply(0, 10, 1), 1, "a page of one row still moves");
        // An offset beyond the end (a text that shrank) comes back first.
        assert_eq!(Move::Up.apply(500, 10, 5), 8);
    }

    #[test]
    fn text_scrolls_to_its_last_full_page() {
        assert_eq!(Move::Bottom.scroll(0, 100, 20), 80);
        assert_eq!(Move::Down.scroll(80, 100, 20), 80);
        assert_eq!(Move::Up.scroll(usize::MAX, 100, 20), 79);
        assert_eq!(Move::PageDown.scroll(0, 10, 20), 0, "a text that fits does not move");
        assert_eq!(around(0, 100, 20), 0);
        assert_eq!(around(50, 100, 20), 40);
        assert_eq!(around(99, 100, 20), 80);
        assert_eq!(around(3, 5, 20), 0);
    }
}
