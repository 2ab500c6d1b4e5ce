//! Numbers as people type them, read the same way wherever they are typed:
//! the forms and the command line (`--kpi`, `--kpi-current`, `--wsjf`,
//! `--rice`, `--points`, `--capacity`).
//!
//! A point is the decimal mark. A comma or a space groups thousands (`1,000`,
//! `12 500`, `1,000.5`; the no-break, narrow no-break and thin spaces that
//! word processors put there count as spaces), in groups of three after a
//! first group of one to three digits, with one kind of separator per number.
//!
//! A decimal comma (`2,5`, `0,125`, `1.000,5`, as German writes them) is
//! refused, with the number written as it is read here, rather than
//! accepted: a comma that is a decimal mark in `2,5` but a thousands group in
//! `2,500` would make what a comma means depend on how many digits follow
//! it. Refusing costs one correction and never stores a wrong number. The
//! one text read differently from German is a comma before exactly three
//! digits (`1,500`): a thousands group, as in the exports and spreadsheets
//! people paste from; what was stored is shown back at once (the KPI gauge,
//! the command's summary).

/// Why typed text is not a number of the kind asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("a number is needed")]
    Empty,
    #[error("{0:?} is not a number")]
    NotANumber(String),
    /// A decimal comma, or points grouping thousands: `fixed` is the same
    /// number as it is written here.
    #[error("{text:?}: use a point for decimals{}: {fixed}", if text.contains(',') { "" } else { " and a comma for thousands" })]
    Locale { text: String, fixed: String },
    #[error("{0:?} is not a number: group thousands in threes (1,000 or 1 000) and use a point for decimals (2.5)")]
    Grouping(String),
    #[error("{0:?} is too large")]
    TooLarge(String),
    #[error("{0:?} is not a whole number")]
    NotWhole(String),
    #[error("{0:?} is negative")]
    Negative(String),
}

/// A number as typed (see the module comment): finite, any sign.
pub fn parse(text: &str) -> Result<f64, NumberError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    // A typographic minus (U+2212), as some keyboards and documents have it.
    let (negative, body) = match t.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if body.starts_with(['-', '+', '\u{2212}']) {
        return Err(NumberError::NotANumber(t.to_owned()));
    }
    let grouped = body.contains(',') || body.chars().any(is_space);
    let plain = if grouped { english(body) } else { Some(body.to_owned()) };
    let value = match plain.as_deref().map(str::parse::<f64>) {
        Some(Ok(v)) => v,
        _ => {
            return Err(match german(body) {
                Some(fixed) => NumberError::Locale { text: t.to_owned(), fixed: format!("{}{fixed}", sign(negative)) },
                None if grouped => NumberError::Grouping(t.to_owned()),
                None => NumberError::NotANumber(t.to_owned()),
            });
        }
    };
    if !value.is_finite() {
        // `inf`, `NaN`, `1e999`: JSON cannot hold them.
        return Err(if value.is_nan() {
            NumberError::NotANumber(t.to_owned())
        } else {
            NumberError::TooLarge(t.to_owned())
        });
    }
    // `-0` is stored as 0, not as `-0.0`.
    Ok(if value == 0.0 {
        0.0
    } else if negative {
        -value
    } else {
        value
    })
}

/// A whole, non-negative number as typed (points, capacity): `1,000` is
/// a thousand, `8.0` is 8, `2.5` and `-3` are refused.
pub fn parse_whole(text: &str) -> Result<u32, NumberError> {
    let v = parse(text)?;
    let t = text.trim().to_owned();
    if v.fract() != 0.0 {
        return Err(NumberError::NotWhole(t));
    }
    if v < 0.0 {
        return Err(NumberError::Negative(t));
    }
    if v > f64::from(u32::MAX) {
        return Err(NumberError::TooLarge(t));
    }
    Ok(v as u32)
}

/// A list of numbers as typed (`8, 5, 3, 4`): what separates them is read
/// so that a number may have a thousands comma. `;` separates when there is
/// one; else a comma followed by a space (`1,000, 2, 80, 3`); else every
/// comma (`8,5,3,4`, where no number can have one).
pub fn split_list(text: &str) -> Vec<&str> {
    let t = text.trim();
    if t.contains(';') {
        t.split(';').map(str::trim).collect()
    } else if comma_space(t) {
        let mut parts = Vec::new();
        let mut start = 0;
        for (i, c) in t.char_indices() {
            if c == ',' && t[i + 1..].starts_with(char::is_whitespace) {
                parts.push(t[start..i].trim());
                start = i + 1;
            }
        }
        parts.push(t[start..].trim());
        parts
    } else {
        t.split(',').map(str::trim).collect()
    }
}

/// Whether a comma followed by white space is in `t`.
fn comma_space(t: &str) -> bool {
    t.match_indices(',').any(|(i, _)| t[i + 1..].starts_with(char::is_whitespace))
}

/// Spaces that group thousands: the space, no-break (U+00A0), narrow
/// no-break (U+202F) and thin (U+2009) spaces.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn sign(negative: bool) -> &'static str {
    if negative { "-" } else { "" }
}

/// `body` read with `.` as the decimal mark and `,` or a space grouping
/// thousands: the plain digits Rust reads (`1,000.5` -> `1000.5`).
fn english(body: &str) -> Option<String> {
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if frac.is_some_and(|f| !f.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let digits = groups(int, |c| c == ',' || is_space(c))?;
    Some(match frac {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    })
}

/// `body` read with `,` as the decimal mark and `.` or a space grouping
/// thousands, written back with a point for decimals and a comma for
/// thousands (`1.000,5` -> `1,000.5`); `None` if it is not such a number,
/// or has neither a decimal comma nor a grouping point.
fn german(body: &str) -> Option<String> {
    let (int, frac) = match body.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    groups(int, |c| c == '.' || is_space(c))?;
    if frac.is_none() && !int.contains('.') {
        return None;
    }
    Some(
        body.chars()
            .map(|c| match c {
                '.' => ',',
                ',' => '.',
                c => c,
            })
            .collect(),
    )
}

/// The digits of `int` if it is digits, or digits grouped in threes by one
/// kind of separator (`is_sep`; all spaces are one kind). A grouped number
/// does not start with 0.
fn groups(int: &str, is_sep: impl Fn(char) -> bool) -> Option<String> {
    let mut parts = int.split(&is_sep);
    let first = parts.next().unwrap_or("");
    if !first.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return Some(first.to_owned());
    }
    let seps: Vec<char> = int.chars().filter(|c| is_sep(*c)).map(|c| if is_space(c) { ' ' } else { c }).collect();
    let one_kind = seps.windows(2).all(|w| w[0] == w[1]);
    let ok = one_kind
        && (1..=3).contains(&first.len())
        && !first.starts_with('0')
        && rest.iter().all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
    ok.then(|| std::iter::once(first).chain(rest).collect())
}

#[cfg(test)]
mod tests;
