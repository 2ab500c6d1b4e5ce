//! Which item keys a commit message or a branch name names, and which of
//! them it says it closes. Pure text: no git here.
//!
//! A key is a workspace prefix (any case), a hyphen and a number, not
//! inside a longer word: `BL-12`, `bl-12`, `[BL-12]`, `BL-12:` and
//! `feature/bl-12-login` name BL-12; `XBL-12`, `BL-123`, `BL-12a` and
//! `BL_12` do not. A key right after a closing word (close, fix, resolve,
//! complete, implement, in any tense, optionally followed by `:` and a
//! `#`) is closed, and so is every key listed after it (`fixes BL-1, BL-2
//! and BL-3`). Any other mention only links: `refs`, `part of`, `see`.

/// The verbs whose every tense closes a story (GitHub's and Linear's
/// closing words).
const CLOSING_STEMS: [&str; 5] = ["close", "fix", "resolve", "complete", "implement"];

/// One key a text names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// As the workspace writes keys: the prefix upper-cased (`BL-12`).
    pub key: String,
    /// A closing word came before it.
    pub closes: bool,
}

/// The keys of one workspace: its prefix, and any other prefix its items'
/// keys carry (keys keep their prefix when the workspace's changes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPattern {
    /// Upper-case ASCII, longest first (so `ABC` is tried before `AB`).
    prefixes: Vec<String>,
}

/// A word character, as in a regular expression's `\w`: a key touching
/// one is part of a longer word.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl KeyPattern {
    pub fn new<'a>(prefixes: impl IntoIterator<Item = &'a str>) -> KeyPattern {
        let mut prefixes: Vec<String> = prefixes
            .into_iter()
            .map(|p| p.trim().to_ascii_uppercase())
            .filter(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
            .collect();
        prefixes.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        prefixes.dedup();
        KeyPattern { prefixes }
    }

    /// The prefixes, for the cache to tell whether it was made with these.
    pub fn prefixes(&self) -> &[String] {
        &self.prefixes
    }

    /// Every key occurrence in `text`: (start byte, end byte, key).
    fn occurrences(&self, text: &str) -> Vec<(usize, usize, String)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut prev: Option<char> = None;
        for (i, c) in text.char_indices() {
            let starts_word = prev.is_none_or(|p| !word_char(p));
            prev = Some(c);
            if !starts_word || !c.is_ascii_alphanumeric() {
                continue;
            }
            for p in &self.prefixes {
                let end = i + p.len();
                if bytes.len() <= end || !bytes[i..end].eq_ignore_ascii_case(p.as_bytes()) || bytes[end] != b'-' {
                    continue;
                }
                let digits = bytes[end + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
                // Keys are never written with a leading zero.
                if digits == 0 || bytes[end + 1] == b'0' {
                    continue;
                }
                let stop = end + 1 + digits;
                if text[stop..].chars().next().is_some_and(word_char) {
                    continue;
                }
                out.push((i, stop, format!("{p}-{}", &text[end + 1..stop])));
                break;
            }
        }
        out
    }

    /// The keys `message` names, each once, in the order first named; a key
    /// is closed if any of its mentions is. A revert's message quotes the
    /// commit it takes back: nothing in it closes.
    pub fn mentions(&self, message: &str) -> Vec<Mention> {
        let revert = message.trim_start().starts_with("Revert \"");
        let mut out: Vec<Mention> = Vec::new();
        let mut last: Option<(usize, bool)> = None;
        for (start, end, key) in self.occurrences(message) {
            let before = &message[..start];
            let closes = !revert
                && match last {
                    // A list after a closing word: `fixes BL-1, BL-2 and BL-3`.
                    Some((prev_end, true)) if is_list_gap(&message[prev_end..start]) => true,
                    _ => after_closing_word(before),
                };
            last = Some((end, closes));
            match out.iter_mut().find(|m| m.key == key) {
                Some(m) => m.closes |= closes,
                None => out.push(Mention { key, closes }),
            }
        }
        out
    }

    /// The keys a branch name holds (`bl-12-login`, `feature/BL-12`).
    pub fn keys_in(&self, name: &str) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for (_, _, k) in self.occurrences(name) {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        keys
    }
}

/// True if `gap` (between two keys) only separates items of a list:
/// commas, `and`, `&`, spaces and a `#` before the next key.
fn is_list_gap(gap: &str) -> bool {
    let rest = gap.trim_end().strip_suffix('#').unwrap_or(gap.trim_end());
    let words = rest.split(|c: char| c.is_whitespace() || c == ',' || c == '&').filter(|w| !w.is_empty());
    let mut any_sep = rest.contains([',', '&']);
    for w in words {
        if !w.eq_ignore_ascii_case("and") {
            return false;
        }
        any_sep = true;
    }
    // Two keys with only a space between them are a list too (`fixes BL-1 BL-2`).
    any_sep || !gap.contains('\n')
}

/// True if the text before a key ends with a closing word, then an
/// optional `:`, spaces (on the same line) and an optional `#`.
fn after_closing_word(before: &str) -> bool {
    let s = before.strip_suffix('#').unwrap_or(before);
    let s = s.trim_end_matches([' ', '\t']);
    let s = s.strip_suffix(':').unwrap_or(s);
    let s = s.trim_end_matches([' ', '\t']);
    if s.len() == before.len() && !before.ends_with('#') {
        // Nothing between the word and the key: `fixBL-12` is not a word.
        return false;
    }
    let word_start = s.char_indices().rev().take_while(|(_, c)| c.is_alphabetic()).last().map(|(i, _)| i);
    let Some(start) = word_start else { return false };
    is_closing_word(&s[start..])
}

/// close/closes/closed/closing and the same for each closing verb.
pub fn is_closing_word(word: &str) -> bool {
    let w = word.to_lowercase();
    CLOSING_STEMS.iter().any(|stem| {
        let Some(tail) = w.strip_prefix(stem.trim_end_matches('e')) else { return false };
        if stem.ends_with('e') {
            // close: close, closes, closed, closing.
            ["e", "es", "ed", "ing"].contains(&tail)
        } else {
            // fix: fix, fixes, fixed, fixing; implement: implements, ….
            let s = if stem.ends_with('x') { "es" } else { "s" };
            ["", s, "ed", "ing"].contains(&tail)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bl() -> KeyPattern {
        KeyPattern::new(["BL"])
    }

    fn keys(text: &str) -> Vec<String> {
        bl().mentions(text).into_iter().map(|m| m.key).collect()
    }

    fn closed(text: &str) -> Vec<String> {
        bl().mentions(text).into_iter().filter(|m| m.closes).map(|m| m.key).collect()
    }

    #[test]
    fn a_key_is_the_prefix_in_any_case_and_a_number_not_inside_a_longer_word() {
        for (text, want) in [
            ("BL-12 login", vec!["BL-12"]),
            ("bl-12: login", vec!["BL-12"]),
            ("[BL-12] login", vec!["BL-12"]),
            ("Bl-12. done", vec!["BL-12"]),
            ("(bl-12)", vec!["BL-12"]),
            ("feature/bl-12-login", vec!["BL-12"]),
            ("#BL-12", vec!["BL-12"]),
            ("XBL-12", vec![]),
            ("fixBL-12", vec![]),
            ("BL-12a", vec![]),
            ("BL-12_x", vec![]),
            ("x_BL-12", vec![]),
            ("ÜBL-12", vec![]),
            ("BL-", vec![]),
            ("BL-x", vec![]),
            ("BL-012", vec![]),
            ("BL12", vec![]),
            ("BL-123", vec!["BL-123"]),
            ("BL-1 and BL-2, bl-1 again", vec!["BL-1", "BL-2"]),
        ] {
            assert_eq!(keys(text), want, "{text:?}");
        }
        assert!(!keys("BL-123").contains(&"BL-12".to_owned()), "BL-123 does not name BL-12");
    }

    #[test]
    fn several_prefixes_and_the_longest_first() {
        let p = KeyPattern::new(["AB", "abc", "ab"]);
        assert_eq!(p.prefixes(), ["ABC", "AB"]);
        let m: Vec<String> = p.mentions("ABC-1 and ab-2").into_iter().map(|m| m.key).collect();
        assert_eq!(m, ["ABC-1", "AB-2"]);
    }

    #[test]
    fn every_closing_word_in_every_tense_closes() {
        for stem in ["close", "fix", "resolve", "complete", "implement"] {
            let tenses: Vec<String> = if let Some(base) = stem.strip_suffix('e') {
                vec![stem.into(), format!("{stem}s"), format!("{stem}d"), format!("{base}ing")]
            } else if stem == "fix" {
                vec!["fix".into(), "fixes".into(), "fixed".into(), "fixing".into()]
            } else {
                vec![stem.into(), format!("{stem}s"), format!("{stem}ed"), format!("{stem}ing")]
            };
            for word in tenses {
                for text in [
                    format!("{word} BL-12"),
                    format!("{} BL-12", word.to_uppercase()),
                    format!("Login: {word}: BL-12"),
                    format!("x\n\n{word} #BL-12\n"),
                ] {
                    assert_eq!(closed(&text), ["BL-12"], "{text:?}");
                }
            }
        }
    }

    #[test]
    fn trailers_and_lists_close_every_key() {
        assert_eq!(closed("Login form\n\nFixes: BL-12\n"), ["BL-12"]);
        assert_eq!(closed("fixes BL-1, BL-2"), ["BL-1", "BL-2"]);
        assert_eq!(closed("fixes BL-1, BL-2 and BL-3 & BL-4"), ["BL-1", "BL-2", "BL-3", "BL-4"]);
        assert_eq!(closed("closes BL-1 BL-2"), ["BL-1", "BL-2"]);
        assert_eq!(closed("fixes BL-1, refs BL-2"), ["BL-1"]);
        assert_eq!(closed("fixes BL-1 in the login, BL-2 later"), ["BL-1"]);
    }

    #[test]
    fn other_words_only_link() {
        for text in [
            "refs BL-12",
            "Refs: BL-12",
            "references BL-12",
            "part of BL-12",
            "relates to BL-12",
            "related to BL-12",
            "see BL-12",
            "BL-12: login form",
            "prefixes BL-12",
            "bugfix BL-12",
            "fix-BL-12",
            "fix for BL-12",
            "fixes\nBL-12",
            "Revert \"fixes BL-12\"",
        ] {
            assert_eq!(keys(text), ["BL-12"], "{text:?} names it");
            assert!(closed(text).is_empty(), "{text:?} only links");
        }
    }

    #[test]
    fn a_key_named_twice_is_closed_if_either_mention_closes() {
        let m = bl().mentions("BL-7: start\n\nfixes BL-7");
        assert_eq!(m, [Mention { key: "BL-7".into(), closes: true }]);
    }

    #[test]
    fn branch_names() {
        assert_eq!(bl().keys_in("bl-12-login-form"), ["BL-12"]);
        assert_eq!(bl().keys_in("feature/BL-3-and-BL-4"), ["BL-3", "BL-4"]);
        assert!(bl().keys_in("main").is_empty());
        assert!(bl().keys_in("xbl-12").is_empty());
    }
}
