//! Keys to actions: a default table, overridden by name from the config
//! file. A key is written the way people say it: `J`, `ctrl-r`, `shift-tab`.

use super::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;

/// A key press, normalised: a shifted character is just that character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// `KeyCode` with an order, so bindings list stably.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Insert,
}

impl Key {
    pub fn from_event(e: &KeyEvent) -> Option<Key> {
        use KeyCodeOrd as K;
        let code = match e.code {
            KeyCode::Char(c) => K::Char(c),
            KeyCode::F(n) => K::F(n),
            KeyCode::Enter => K::Enter,
            KeyCode::Esc => K::Esc,
            KeyCode::Tab if e.modifiers.contains(KeyModifiers::SHIFT) => K::BackTab,
            KeyCode::Tab => K::Tab,
            KeyCode::BackTab => K::BackTab,
            KeyCode::Backspace => K::Backspace,
            KeyCode::Delete => K::Delete,
            KeyCode::Up => K::Up,
            KeyCode::Down => K::Down,
            KeyCode::Left => K::Left,
            KeyCode::Right => K::Right,
            KeyCode::Home => K::Home,
            KeyCode::End => K::End,
            KeyCode::PageUp => K::PageUp,
            KeyCode::PageDown => K::PageDown,
            KeyCode::Insert => K::Insert,
            _ => return None,
        };
        Some(Key {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        })
    }

    pub fn parse(s: &str) -> Result<Key, String> {
        use KeyCodeOrd as K;
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-").or_else(|| lower.strip_prefix("c-")) {
                ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-").or_else(|| lower.strip_prefix("m-")) {
                alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let lower = rest.to_ascii_lowercase();
        let code = match lower.as_str() {
            "enter" | "return" => K::Enter,
            "esc" | "escape" => K::Esc,
            "tab" => K::Tab,
            "backtab" | "shift-tab" => K::BackTab,
            "backspace" => K::Backspace,
            "delete" | "del" => K::Delete,
            "up" => K::Up,
            "down" => K::Down,
            "left" => K::Left,
            "right" => K::Right,
            "home" => K::Home,
            "end" => K::End,
            "pageup" | "pgup" => K::PageUp,
            "pagedown" | "pgdn" => K::PageDown,
            "insert" => K::Insert,
            "space" => K::Char(' '),
            f if f.starts_with('f') && f.len() > 1 && f[1..].parse::<u8>().is_ok() => K::F(f[1..].parse().unwrap_or(1)),
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => K::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
                    _ => {
                        return Err(format!(
                            "unknown key {s:?}: use a character, or a name such as enter, esc, tab, up, pgdn, f1, with ctrl- or alt- in front"
                        ));
                    }
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use KeyCodeOrd as K;
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            K::Char(' ') => f.write_str("Space"),
            K::Char(c) => write!(f, "{c}"),
            K::F(n) => write!(f, "F{n}"),
            K::Enter => f.write_str("Enter"),
            K::Esc => f.write_str("Esc"),
            K::Tab => f.write_str("Tab"),
            K::BackTab => f.write_str("Shift-Tab"),
            K::Backspace => f.write_str("Backspace"),
            K::Delete => f.write_str("Del"),
            K::Up => f.write_str("↑"),
            K::Down => f.write_str("↓"),
            K::Left => f.write_str("←"),
            K::Right => f.write_str("→"),
            K::Home => f.write_str("Home"),
            K::End => f.write_str("End"),
            K::PageUp => f.write_str("PgUp"),
            K::PageDown => f.write_str("PgDn"),
            K::Insert => f.write_str("Ins"),
        }
    }
}

const DEFAULTS: &[(&str, Action)] = &[
    ("q", Action::Quit),
    ("ctrl-z", Action::Suspend),
    ("?", Action::Help),
    ("@", Action::Messages),
    (":", Action::Palette),
    ("1", Action::PaneVision),
    ("2", Action::PaneRoadmap),
    ("3", Action::PaneBacklog),
    ("4", Action::PaneSprint),
    ("tab", Action::NextPane),
    ("shift-tab", Action::PrevPane),
    ("k", Action::Up),
    ("up", Action::Up),
    ("j", Action::Down),
    ("down", Action::Down),
    ("h", Action::Left),
    ("left", Action::Left),
    ("l", Action::Right),
    ("right", Action::Right),
    ("g", Action::Top),
    ("home", Action::Top),
    ("G", Action::Bottom),
    ("end", Action::Bottom),
    ("pgup", Action::PageUp),
    ("ctrl-b", Action::PageUp),
    ("pgdn", Action::PageDown),
    ("ctrl-f", Action::PageDown),
    ("enter", Action::Open),
    ("esc", Action::Back),
    ("n", Action::New),
    ("e", Action::Edit),
    ("E", Action::EditLong),
    ("d", Action::Delete),
    ("delete", Action::Delete),
    ("J", Action::MoveDown),
    ("K", Action::MoveUp),
    ("s", Action::ToggleSprint),
    ("/", Action::Filter),
    ("ctrl-g", Action::GoTo),
    ("o", Action::OwnerFilter),
    ("<", Action::MoveLeft),
    (">", Action::MoveRight),
    ("v", Action::CycleView),
    ("O", Action::Sort),
    ("b", Action::Breakdown),
    ("i", Action::Intake),
    ("a", Action::Alignment),
    ("R", Action::RerankByScore),
    ("c", Action::Criteria),
    ("space", Action::Mark),
    ("V", Action::MarkRange),
    ("T", Action::MoveToTop),
    ("B", Action::MoveToBottom),
    ("M", Action::MoveMarkedHere),
    ("y", Action::Duplicate),
    ("x", Action::Split),
    ("z", Action::ToggleExpand),
    ("H", Action::ToggleDone),
    ("m", Action::Comment),
    ("D", Action::Definition),
    ("Y", Action::History),
    ("A", Action::Activity),
    ("w", Action::Views),
    ("L", Action::Links),
    ("S", Action::SprintLifecycle),
    ("t", Action::SwitchSprint),
    ("W", Action::WipLimit),
    ("+", Action::UpdateKpi),
    ("C", Action::Conflicts),
    ("u", Action::Undo),
    ("ctrl-r", Action::Redo),
];

/// The bindings in force.
#[derive(Debug, Clone)]
pub struct Keymap {
    map: BTreeMap<Key, Action>,
}

impl Default for Keymap {
    fn default() -> Self {
        let map = DEFAULTS.iter().map(|(k, a)| (Key::parse(k).expect("default keys parse"), *a)).collect();
        Keymap { map }
    }
}

impl Keymap {
    /// The defaults with the config's overrides: each named action gets
    /// exactly the keys listed for it (a string or a list of strings; an
    /// empty list leaves it without a key, on purpose). A key given to two
    /// actions, or taken from an action the config leaves alone (which
    /// would hide it), is refused naming both.
    pub fn with_overrides(overrides: &BTreeMap<String, toml::Value>) -> Result<Keymap, String> {
        let mut km = Keymap::default();
        let defaults = km.map.clone();
        let mut given: BTreeMap<Key, (Action, &str)> = BTreeMap::new();
        let mut rebound: Vec<Action> = Vec::new();
        for (name, value) in overrides {
            let action = Action::from_name(name).ok_or_else(|| {
                format!("keys.{name}: no such action (the names are listed by `?` and in the README)")
            })?;
            let specs: Vec<&str> = match value {
                toml::Value::String(s) => vec![s.as_str()],
                toml::Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect(),
                _ => return Err(format!("keys.{name}: use a key such as \"ctrl-y\", or a list of keys")),
            };
            rebound.push(action);
            for s in specs {
                let key = Key::parse(s).map_err(|e| format!("keys.{name}: {e}"))?;
                if let Some((_, other)) = given.insert(key, (action, name)).filter(|(a, _)| *a != action) {
                    return Err(format!("keys.{name} and keys.{other} both take {key}: one key, one action"));
                }
            }
        }
        for (key, (action, name)) in &given {
            if let Some(hidden) = defaults.get(key).filter(|d| **d != *action && !rebound.contains(d)) {
                let h = hidden.name();
                return Err(format!(
                    "keys.{name}: {key} is {h}'s key, which would leave {h} hidden; give {h} another key \
                     too (keys.{h} = \"…\", or [] for none), or choose another key for {name}"
                ));
            }
        }
        km.map.retain(|_, a| !rebound.contains(a));
        km.map.extend(given.into_iter().map(|(k, (a, _))| (k, a)));
        Ok(km)
    }

    pub fn action(&self, e: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(e)?;
        self.map.get(&key).copied()
    }

    /// Keys bound to `action`, for hints and help.
    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        self.map.iter().filter(|(_, a)| **a == action).map(|(k, _)| *k).collect()
    }

    /// The key shown in hints for `action`: the first one bound, preferring
    /// a plain key to one with Ctrl or Alt (PgDn rather than Ctrl-f).
    pub fn hint(&self, action: Action) -> String {
        self.keys_for(action)
            .into_iter()
            .min_by_key(|k| k.ctrl || k.alt)
            .map_or_else(|| "-".to_owned(), |k| k.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn defaults_match_the_product_brief() {
        let km = Keymap::default();
        assert_eq!(km.action(&ev(KeyCode::Char('J'), KeyModifiers::SHIFT)), Some(Action::MoveDown));
        assert_eq!(km.action(&ev(KeyCode::Char('j'), KeyModifiers::NONE)), Some(Action::Down));
        assert_eq!(km.action(&ev(KeyCode::Char('r'), KeyModifiers::CONTROL)), Some(Action::Redo));
        assert_eq!(km.action(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)), Some(Action::PrevPane));
        assert_eq!(km.action(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT)), Some(Action::Help));
    }

    #[test]
    fn the_defaults_give_each_key_one_action() {
        let mut seen = BTreeMap::new();
        for (k, a) in DEFAULTS {
            if let Some(other) = seen.insert(Key::parse(k).unwrap(), a) {
                panic!("{k} is both {} and {}", other.name(), a.name());
            }
        }
    }

    #[test]
    fn overrides_replace_an_actions_keys() {
        let mut o = BTreeMap::new();
        o.insert("undo".to_owned(), toml::Value::Array(vec!["ctrl-z".into(), "U".into()]));
        o.insert("suspend".to_owned(), toml::Value::String("ctrl-s".into()));
        let km = Keymap::with_overrides(&o).unwrap();
        assert_eq!(km.action(&ev(KeyCode::Char('s'), KeyModifiers::CONTROL)), Some(Action::Suspend));
        assert_eq!(km.action(&ev(KeyCode::Char('z'), KeyModifiers::CONTROL)), Some(Action::Undo));
        assert_eq!(km.action(&ev(KeyCode::Char('U'), KeyModifiers::SHIFT)), Some(Action::Undo));
        assert_eq!(km.action(&ev(KeyCode::Char('u'), KeyModifiers::NONE)), None);
        let mut bad = BTreeMap::new();
        bad.insert("fly".to_owned(), toml::Value::String("x".into()));
        assert!(Keymap::with_overrides(&bad).unwrap_err().contains("no such action"));
    }

    #[test]
    fn a_key_that_would_hide_another_action_is_refused_naming_both() {
        let one = |pairs: &[(&str, toml::Value)]| {
            Keymap::with_overrides(&pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
        };
        // `d` is delete's: undo would hide it.
        let e = one(&[("undo", "d".into())]).unwrap_err();
        assert!(e.contains("keys.undo") && e.contains("d is delete's key") && e.contains("keys.delete"), "{e}");
        // Two actions given one key.
        let e = one(&[("undo", "U".into()), ("redo", "U".into())]).unwrap_err();
        assert!(e.contains("keys.redo") && e.contains("keys.undo") && e.contains("both take U"), "{e}");
        // Rebinding the other action too, or leaving it without a key on
        // purpose, is fine.
        assert!(one(&[("undo", "d".into()), ("delete", "X".into())]).is_ok());
        let km = one(&[("undo", "d".into()), ("delete", toml::Value::Array(vec![]))]).unwrap();
        assert_eq!(km.keys_for(Action::Delete).len(), 0);
        assert_eq!(km.action(&ev(KeyCode::Char('d'), KeyModifiers::NONE)), Some(Action::Undo));
        // Swapping two actions' keys is fine too.
        assert!(one(&[("up", "j".into()), ("down", "k".into())]).is_ok());
    }
}
