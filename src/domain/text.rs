//! Text hygiene. Everything a user or an import hands us passes through
//! [`clean`] before it is stored, so a title can never carry an escape
//! sequence or a bidi override into someone else's terminal.

/// True for characters that must never be stored: C0 controls except
/// newline and tab, DEL, C1 controls, and the bidi embedding, override and
/// isolate controls (the "Trojan Source" set).
pub fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// True when `s` holds a forbidden character or a carriage return: a scan
/// of bytes, not characters, as imports clean hundreds of megabytes. In
/// UTF-8 the C0 controls, DEL and CR are single bytes, the C1 controls are
/// `c2 80..9f`, and the bidi controls `e2 80 aa..ae` and `e2 81 a6..a9`.
/// Eight bytes at a time skip the words holding none of the bytes that can
/// start one (`< 0x20`, `0x7f`, `0xc2`, `0xe2`): most words of most text.
fn may_need_cleaning(s: &str) -> bool {
    let b = s.as_bytes();
    let mut words = b.chunks_exact(8);
    for (n, w) in (&mut words).enumerate() {
        if may_start_forbidden(u64::from_le_bytes(w.try_into().expect("eight bytes"))) {
            // Something here may start one: check these eight bytes one by
            // one (a sequence that runs past them is read whole from `b`).
            let i = n * 8;
            if (i..i + 8).any(|j| forbidden_at(b, j)) {
                return true;
            }
        }
    }
    let rest = b.len() - words.remainder().len();
    (rest..b.len()).any(|j| forbidden_at(b, j))
}

/// True if any byte of `w` is below 0x20, or 0x7f, 0xc2 or 0xe2 (false
/// positives only for bytes that borrow across lanes, which the byte check
/// then clears; never a false negative).
fn may_start_forbidden(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let below_0x20 = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    below_0x20 | zero_byte(w ^ (ONES * 0x7f)) | zero_byte(w ^ (ONES * 0xc2)) | zero_byte(w ^ (ONES * 0xe2)) != 0
}

/// Whether a forbidden character (or CR) starts at byte `i` of `b`.
fn forbidden_at(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'\n' | b'\t' => false,
        0..0x20 | 0x7f => true,
        0xc2 => b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        0xe2 => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(n)) => (0xaa..=0xae).contains(n),
            (Some(0x81), Some(n)) => (0xa6..=0xa9).contains(n),
            _ => false,
        },
        _ => false,
    }
}

/// Strips forbidden characters from multi-line text. Carriage returns are
/// dropped too, so `\r\n` from Windows editors becomes `\n`.
pub fn clean(s: &str) -> String {
    clean_cow(s).into_owned()
}

/// [`clean`] of a string the caller gives up: handed back as it is when
/// there is nothing to strip (an imported description is not copied).
pub fn clean_owned(s: String) -> String {
    if may_need_cleaning(&s) { clean(&s) } else { s }
}

/// [`clean`], borrowing when there is nothing to strip (the common case,
/// and a copy saved per description on a big import).
pub fn clean_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if !may_need_cleaning(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().filter(|&c| !is_forbidden(c) && c != '\r').collect())
}

/// Cleans a one-line field (a title, a name, a label): forbidden characters
/// go, any line break or tab becomes a space, and the ends are trimmed.
pub fn clean_line(s: &str) -> String {
    // Most names need nothing but the trim: one scan of bytes, one copy.
    if !may_need_cleaning(s) && !s.contains(['\n', '\t']) {
        return s.trim().to_owned();
    }
    let cleaned: String = s
        .chars()
        .filter(|&c| !is_forbidden(c))
        .map(|c| if c == '\n' || c == '\r' || c == '\t' { ' ' } else { c })
        .collect();
    cleaned.trim().to_owned()
}

/// Makes text safe to print on a terminal: anything that could be read as
/// a control sequence is shown as a visible `\u{..}` escape instead.
/// Newlines survive when `multiline` is set; tabs become spaces.
pub fn for_terminal(s: &str, multiline: bool) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| is_forbidden(c) || c == '\r' || c == '\t' || (c == '\n' && !multiline);
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push(' '),
            '\n' if !multiline => out.push(' '),
            c if bad(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Cuts `s` to at most `width` terminal columns, by grapheme (never inside
/// a character), ending in `…` when it was cut.
pub fn truncate(s: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_exactly_what_clean_strips() {
        for s in [
            "plain",
            "smart “quotes” … ’",
            "a\u{85}b",
            "x\u{202e}y",
            "x\u{2069}",
            "a\r\nb",
            "tab\tnl\n",
            "é\u{9f}",
            "\u{7f}",
        ] {
            let want = s.chars().any(|c| is_forbidden(c) || c == '\r');
            assert_eq!(may_need_cleaning(s), want, "{s:?}");
        }
    }

    #[test]
    fn the_word_scan_finds_them_at_every_offset_and_across_words() {
        for bad in
            ["\u{0}", "\r", "\u{1b}", "\u{7f}", "\u{85}", "\u{9f}", "\u{202a}", "\u{202e}", "\u{2066}", "\u{2069}"]
        {
            for at in 0..20 {
                let s = format!("{}{bad}{}", "x".repeat(at), "é—y".repeat(3));
                assert!(may_need_cleaning(&s), "{s:?}");
            }
        }
        for ok in ["\n", "\t", "\u{a0}", "\u{2014}", "\u{2029}", "\u{2070}", "é", "\u{20ac}"] {
            for at in 0..20 {
                let s = format!("{}{ok}{}", "x".repeat(at), "abc\tdef\nghi");
                assert!(!may_need_cleaning(&s), "{s:?}");
            }
        }
        assert_eq!(clean_owned("plain text, no change".to_owned()), "plain text, no change");
        assert_eq!(clean_owned("a\r\nb".repeat(5)), "a\nb".repeat(5));
        assert_eq!(clean_line("  padded title  "), "padded title");
    }

    #[test]
    fn strips_escape_sequences_and_bidi_overrides() {
        assert_eq!(clean("a\u{1b}[31mred\u{7}\u{9b}x"), "a[31mredx");
        assert_eq!(clean("abc\u{202e}cba\u{2066}"), "abccba");
        assert_eq!(clean("line1\r\nline2\ttab"), "line1\nline2\ttab");
    }

    #[test]
    fn clean_line_folds_breaks_and_trims() {
        assert_eq!(clean_line("  two\nlines\there \u{0} "), "two lines here");
    }

    #[test]
    fn terminal_output_shows_controls_visibly() {
        assert_eq!(for_terminal("a\u{1b}b", false), "a\\u{1b}b");
        assert_eq!(for_terminal("a\nb", false), "a b");
        assert_eq!(for_terminal("a\nb", true), "a\nb");
        assert_eq!(for_terminal("plain ünïcode", false), "plain ünïcode");
    }
}

/// "1 item", "3 items": a count with the word that agrees with it.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// A type name as words: `ItemKind` -> "item kind".
pub fn words_of(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// "As a manager", "As an employee": the article the word after it takes
/// (by its first letter, which is right for the roles stories name).
pub fn as_a(who: &str) -> &'static str {
    let vowel = who.trim_start().chars().next().is_some_and(|c| "aeiouAEIOU".contains(c));
    if vowel { "As an" } else { "As a" }
}

#[cfg(test)]
mod wording_tests {
    use super::*;

    #[test]
    fn type_names_read_as_words_and_articles_agree() {
        assert_eq!(words_of("ItemKind"), "item kind");
        assert_eq!(words_of("Status"), "status");
        assert_eq!(as_a("employee"), "As an");
        assert_eq!(as_a("shift manager"), "As a");
        assert_eq!(as_a(""), "As a");
        assert_eq!(count(1u32, "pt", "pts"), "1 pt");
        assert_eq!(count(2u32, "story", "stories"), "2 stories");
    }
}

/// Labels (and other sets of short names) as the store keeps them:
/// each cleaned to one line, empty ones dropped, sorted, once each.
pub fn clean_labels(labels: &[String]) -> Vec<String> {
    let mut out: Vec<String> = labels.iter().map(|l| clean_line(l)).filter(|l| !l.is_empty()).collect();
    out.sort();
    out.dedup();
    out
}
