//! One place for every style. Only the 16 named ANSI colours are used, so
//! the terminal's own palette decides the exact shades (which is what makes
//! a theme readable on both dark and light backgrounds); with `NO_COLOR`
//! everything falls back to bold, reverse and underline.

use crate::domain::Role;
use crate::domain::item::Status;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub light: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true, light: false }
    }
}

impl Theme {
    /// The theme names the config accepts.
    pub const NAMES: [&'static str; 2] = ["dark", "light"];

    /// From the config's `theme` and the `NO_COLOR` convention; an unknown
    /// name is an error that lists the valid ones.
    pub fn from_config(name: Option<&str>, no_color: bool) -> Result<Theme, String> {
        let light = match name.map(str::trim) {
            None => false,
            Some(n) if n.eq_ignore_ascii_case("dark") => false,
            Some(n) if n.eq_ignore_ascii_case("light") => true,
            Some(n) => {
                return Err(format!("theme: unknown theme {n:?}: use one of {}", Theme::NAMES.join(", ")));
            }
        };
        Ok(Theme { color: !no_color, light })
    }

    /// A monochrome theme (tests and `NO_COLOR`).
    pub fn plain() -> Theme {
        Theme { color: false, light: false }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color { Style::new().fg(c) } else { Style::new() }
    }

    pub fn text(&self) -> Style {
        Style::new()
    }
    /// Secondary text: hints, empty states, metadata.
    pub fn dim(&self) -> Style {
        if self.color { self.fg(if self.light { Color::DarkGray } else { Color::Gray }) } else { Style::new() }
    }
    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn accent(&self) -> Style {
        self.fg(if self.light { Color::Blue } else { Color::Cyan }).add_modifier(Modifier::BOLD)
    }
    pub fn border(&self) -> Style {
        self.fg(if self.light { Color::DarkGray } else { Color::Gray })
    }
    pub fn border_focus(&self) -> Style {
        self.fg(if self.light { Color::Blue } else { Color::Cyan })
    }
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn key(&self) -> Style {
        self.fg(if self.light { Color::Magenta } else { Color::Yellow }).add_modifier(Modifier::BOLD)
    }
    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn warn(&self) -> Style {
        let s = self.fg(if self.light { Color::Magenta } else { Color::Yellow });
        if self.color { s } else { s.add_modifier(Modifier::UNDERLINED) }
    }
    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn role(&self, r: Role) -> Style {
        match r {
            Role::Pm => self.fg(Color::Magenta),
            Role::Po => self.fg(if self.light { Color::Blue } else { Color::Cyan }),
        }
    }
    pub fn role_badge(&self, r: Role) -> Style {
        if !self.color {
            return Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        }
        let bg = match r {
            Role::Pm => Color::Magenta,
            Role::Po => {
                if self.light {
                    Color::Blue
                } else {
                    Color::Cyan
                }
            }
        };
        Style::new().fg(Color::Black).bg(bg).add_modifier(Modifier::BOLD)
    }
    pub fn status(&self, s: Status) -> Style {
        match s {
            Status::New => self.dim(),
            Status::Refined => self.text(),
            Status::Ready => self.accent(),
            Status::InProgress => self.warn(),
            Status::Review => self.fg(Color::Magenta),
            Status::Done => self.ok(),
            Status::Dropped => self.dim().add_modifier(Modifier::CROSSED_OUT),
        }
    }
    pub fn tab(&self, active: bool) -> Style {
        if active { self.accent().add_modifier(Modifier::REVERSED) } else { self.text() }
    }
    pub fn gauge(&self, over: bool) -> Style {
        if over { self.error() } else { self.ok() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_theme_names_the_valid_ones() {
        assert!(Theme::from_config(Some("Light"), false).unwrap().light);
        assert!(!Theme::from_config(None, false).unwrap().light);
        let e = Theme::from_config(Some("solarized"), false).unwrap_err();
        assert_eq!(e, "theme: unknown theme \"solarized\": use one of dark, light");
    }
}
