//! Small pieces every pane uses: safe text, truncation, popups.

use crate::domain::text::for_terminal;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Workspace text made safe for the screen: control characters are shown,
/// not sent (the file may have been edited by anyone).
pub fn safe(s: &str) -> String {
    for_terminal(s, false).into_owned()
}

/// Multi-line workspace text made safe for the screen.
pub fn safe_block(s: &str) -> String {
    for_terminal(s, true).into_owned()
}

/// Cuts `s` to `width` columns by grapheme, ending in `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// Pads or cuts `s` to exactly `width` columns.
pub fn fit(s: &str, width: usize) -> String {
    let t = truncate(s, width);
    let pad = width.saturating_sub(t.width());
    format!("{t}{}", " ".repeat(pad))
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))]).flex(Flex::Center).areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))]).flex(Flex::Center).areas(v);
    r
}

/// A text bar of `width` cells, `ratio` (0..=1) filled.
pub fn bar(ratio: f64, width: usize) -> String {
    let filled = ((ratio.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_by_width_not_bytes() {
        assert_eq!(truncate("日本語のタイトル", 7), "日本語…");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(truncate("x", 0), "");
        assert_eq!(safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
    }
}
