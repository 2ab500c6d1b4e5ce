//! Small pieces every pane uses: safe text, truncation, popups.

use crate::domain::text::for_terminal;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
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

pub use crate::domain::text::truncate;

/// A line being typed, as `width` columns show it: the end of long text
/// when the cursor is there. Returns the text shown and the cursor's
/// column in it.
pub fn input_window(input: &crate::tui::input::LineInput, width: usize) -> (String, usize) {
    let full = safe(input.text());
    let before = safe(&input.text()[..input.cursor()]);
    let bw = before.width();
    let shown_from = bw.saturating_sub(width.saturating_sub(1));
    let shown: String = if shown_from > 0 {
        let mut acc = 0;
        full.chars()
            .skip_while(|c| {
                acc += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                acc <= shown_from
            })
            .collect()
    } else {
        full
    };
    (truncate(&shown, width), bw - shown_from.min(bw))
}

/// Pads or cuts `s` to exactly `width` columns.
pub fn fit(s: &str, width: usize) -> String {
    let t = truncate(s, width);
    let pad = width.saturating_sub(t.width());
    format!("{t}{}", " ".repeat(pad))
}

/// Cuts styled text to `width` columns by grapheme, ending in `…` (in the
/// style of the span it cut) when anything was cut.
pub fn truncate_spans(spans: Vec<Span<'_>>, width: usize) -> Vec<Span<'_>> {
    if spans.iter().map(Span::width).sum::<usize>() <= width {
        return spans;
    }
    let budget = width.saturating_sub(1);
    let mut out = Vec::new();
    let mut used = 0;
    for s in spans {
        if used + s.width() <= budget {
            used += s.width();
            out.push(s);
            continue;
        }
        let mut part = String::new();
        for g in s.content.graphemes(true) {
            if used + g.width() > budget {
                break;
            }
            part.push_str(g);
            used += g.width();
        }
        if width > 0 {
            part.push('…');
        }
        out.push(Span::styled(part, s.style));
        break;
    }
    out
}

/// A block title cut to fit between the corners of a block `block_width`
/// wide, ending in `…` when cut (ratatui would clip it silently).
pub fn title(spans: Vec<Span<'_>>, block_width: u16) -> Line<'_> {
    Line::from(truncate_spans(spans, usize::from(block_width.saturating_sub(2))))
}

/// Pads a line with spaces to `width` columns, so a style set on the line
/// (the selection) covers the whole row and not just the text.
pub fn pad_line(mut line: Line<'_>, width: usize) -> Line<'_> {
    let pad = width.saturating_sub(line.width());
    if pad > 0 {
        line.spans.push(Span::raw(" ".repeat(pad)));
    }
    line
}

/// Word-wraps text to `width` columns, each line starting with `indent`
/// (so a wrapped paragraph keeps its indent). Words wider than a line are
/// cut by grapheme. Line breaks in the text are kept.
pub fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let room = width.saturating_sub(indent.width()).max(1);
    let mut out = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split_whitespace() {
            let w = word.width();
            if used > 0 && used + 1 + w <= room {
                line.push(' ');
                line.push_str(word);
                used += 1 + w;
                continue;
            }
            if used > 0 {
                out.push(format!("{indent}{line}"));
                line.clear();
                used = 0;
            }
            // A word longer than the line: cut it across lines.
            for g in word.graphemes(true) {
                if used + g.width() > room && used > 0 {
                    out.push(format!("{indent}{line}"));
                    line.clear();
                    used = 0;
                }
                line.push_str(g);
                used += g.width();
            }
        }
        out.push(format!("{indent}{line}"));
    }
    out
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

    #[test]
    fn truncates_styled_text_with_an_ellipsis() {
        let text = |v: Vec<Span>| v.iter().map(|s| s.content.to_string()).collect::<String>();
        let spans = || vec![Span::raw("in progress"), Span::raw(" · Payroll"), Span::raw(" · G1")];
        assert_eq!(text(truncate_spans(spans(), 30)), "in progress · Payroll · G1");
        assert_eq!(text(truncate_spans(spans(), 15)), "in progress · …");
        assert_eq!(text(truncate_spans(spans(), 11)), "in progres…");
        assert_eq!(text(truncate_spans(spans(), 1)), "…");
        assert_eq!(text(truncate_spans(spans(), 0)), "");
        assert_eq!(text(truncate_spans(vec![Span::raw("日本語")], 4)), "日…");
    }

    #[test]
    fn wraps_by_word_and_keeps_the_indent() {
        assert_eq!(wrap("one two three four", 11, "  "), ["  one two", "  three", "  four"]);
        assert_eq!(wrap("a\n\nb", 10, ""), ["a", "", "b"]);
        assert_eq!(wrap("abcdefgh", 5, "  "), ["  abc", "  def", "  gh"]);
        assert_eq!(wrap("", 5, "  "), Vec::<String>::new());
        for l in wrap("Every small hospitality team plans its week in ten minutes", 20, "  ") {
            assert!(l.width() <= 20, "{l:?}");
        }
    }
}
