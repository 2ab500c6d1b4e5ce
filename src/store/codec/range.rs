//! Numbers too big for a double (`1e400`). serde_json refuses them outright
//! ("number out of range"), which would refuse a whole file over one value
//! in a field this version does not even know, though such fields are kept
//! as they were. So a file holding them is read again with each one stood
//! in for by the object that carries a number's text in memory (see
//! [`crate::domain::json`]): a field we do not know keeps it, and the save
//! writes the number back as it was; a field we know cannot take an
//! object, so the read fails there, and the error names that field.

use crate::domain::json::{NUMBER_KEY, out_of_range};

/// A file's text with its out-of-range numbers stood in for.
pub struct Tamed {
    pub text: String,
    /// Per replacement: the line (1-based), the column (1-based, in
    /// bytes) where it starts in the tamed text, and how many bytes longer
    /// it is than the number it replaced.
    shifts: Vec<(usize, usize, usize)>,
}

/// `text` with every number too big for a double replaced by its carried
/// form; `None` if it holds none (then its error is another one).
pub fn tame(text: &str) -> Option<Tamed> {
    let b = text.as_bytes();
    let (mut out, mut shifts) = (String::new(), Vec::new());
    let (mut copied, mut i, mut line, mut line_start) = (0, 0, 1, 0);
    let mut in_string = false;
    while i < b.len() {
        let c = b[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'-' | b'0'..=b'9' => {
                let end = i + b[i..]
                    .iter()
                    .take_while(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .count();
                let number = &text[i..end];
                if out_of_range(number) {
                    out.push_str(&text[copied..i]);
                    let column = out.len() - (line_start + shifted(&shifts, line)) + 1;
                    let carried = format!("{{\"{NUMBER_KEY}\":\"{number}\"}}");
                    shifts.push((line, column, carried.len() - number.len()));
                    out.push_str(&carried);
                    copied = end;
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if shifts.is_empty() {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(Tamed { text: out, shifts })
}

/// Bytes the replacements before this line added.
fn shifted(shifts: &[(usize, usize, usize)], line: usize) -> usize {
    shifts.iter().filter(|s| s.0 < line).map(|s| s.2).sum()
}

impl Tamed {
    /// Where a position in the tamed text is in the file as written.
    pub fn original(&self, line: usize, column: usize) -> (usize, usize) {
        let before: usize = self.shifts.iter().filter(|s| s.0 == line && s.1 < column).map(|s| s.2).sum();
        (line, column.saturating_sub(before).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_numbers_too_big_for_a_double_are_replaced_and_positions_map_back() {
        let text = "{\"a\": 1e400, \"s\": \"1e400 \\\" 2e999\",\n \"b\": [1, -2E+999, 3.5e-400, 1e308]}";
        let t = tame(text).unwrap();
        assert_eq!(
            t.text,
            "{\"a\": {\"$backlog:number\":\"1e400\"}, \"s\": \"1e400 \\\" 2e999\",\n \"b\": [1, {\"$backlog:number\":\"-2E+999\"}, 3.5e-400, 1e308]}"
        );
        let after = t.text.find(", \"s\"").unwrap() + 1;
        assert_eq!(t.original(1, after + 1), (1, text.find(", \"s\"").unwrap() + 2));
        let neg = t.text.lines().nth(1).unwrap().find("{\"$").unwrap() + 1;
        assert_eq!(t.original(2, neg), (2, text.lines().nth(1).unwrap().find("-2E").unwrap() + 1));
        assert!(tame("{\"a\": 1e308, \"b\": \"1e400\"}").is_none());
    }
}
