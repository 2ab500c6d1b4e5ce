//! From the bytes of a file to text and, for CSV, to a table: the
//! encoding (a BOM, `--encoding`), the separator (detected or
//! `--delimiter`), and a parse that fails with the line and the fix
//! instead of importing wrong data.

use super::ImportError;
use std::path::Path;

/// A CSV file as read: the header row and every data row with the line it
/// starts on.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    pub delimiter: u8,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The line (1-based) the row starts on.
    pub line: u64,
    pub fields: csv::StringRecord,
}

impl Row {
    pub fn get(&self, i: usize) -> &str {
        self.fields.get(i).unwrap_or("")
    }
}

impl Table {
    /// Every column whose header is one of `names` (compared without case
    /// and surrounding blanks), in file order: Jira repeats a header once
    /// per value.
    pub fn columns(&self, names: &[&str]) -> Vec<usize> {
        self.headers
            .iter()
            .enumerate()
            .filter(|(_, h)| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
            .map(|(i, _)| i)
            .collect()
    }
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        // The first name that is present wins, so callers list preferences.
        names.iter().find_map(|n| self.headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
    }
}

/// Looks an encoding up by the names people use (`utf-16`, `utf-16le`,
/// `windows-1252`, `latin1`, `cp1252`, …).
pub fn encoding_for(label: &str) -> Option<&'static encoding_rs::Encoding> {
    let l = label.trim().to_ascii_lowercase();
    let l = match l.as_str() {
        "utf16" | "utf-16" | "ucs-2" => "utf-16le",
        "cp1252" | "win1252" | "ansi" => "windows-1252",
        "latin-1" => "latin1",
        other => other,
    };
    encoding_rs::Encoding::for_label(l.as_bytes())
}

/// The file's text. UTF-8 (with or without a BOM) and UTF-16 with a BOM
/// are read as they are; anything else needs `--encoding`.
pub fn decode(
    path: &Path,
    mut bytes: Vec<u8>,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<String, ImportError> {
    let text = match encoding {
        Some(enc) => {
            let (text, _, bad) = enc.decode(&bytes);
            if bad {
                return Err(ImportError::Encoding {
                    path: path.to_owned(),
                    detail: format!("some bytes are not valid {}", enc.name()),
                    fix: "check the file's encoding (Excel writes UTF-16 or Windows-1252) and pass it with --encoding"
                        .into(),
                });
            }
            text.into_owned()
        }
        None => match encoding_rs::Encoding::for_bom(&bytes) {
            Some((enc, _)) if enc != encoding_rs::UTF_8 => enc.decode(&bytes).0.into_owned(),
            _ => {
                if bytes.starts_with(b"\xEF\xBB\xBF") {
                    bytes.drain(..3);
                }
                let body = &bytes[..];
                // Text full of NUL bytes is UTF-16 without a BOM: valid
                // UTF-8, but not text anyone wrote.
                if body.iter().take(400).filter(|b| **b == 0).count() > 4 {
                    return Err(ImportError::Encoding {
                        path: path.to_owned(),
                        detail: "the file is full of NUL bytes, as UTF-16 without a byte-order mark is".into(),
                        fix: "pass --encoding utf-16 (or utf-16be)".into(),
                    });
                }
                match std::str::from_utf8(body) {
                    Ok(_) => String::from_utf8(bytes).expect("checked"),
                    Err(e) => {
                        let at = e.valid_up_to();
                        let line = 1 + body[..at].iter().filter(|b| **b == b'\n').count();
                        let utf16 = body.len() > 1 && body.iter().take(200).filter(|b| **b == 0).count() > 10;
                        return Err(ImportError::Encoding {
                            path: path.to_owned(),
                            detail: format!("line {line}: not UTF-8 (byte {} at offset {at})", body[at]),
                            fix: if utf16 {
                                "it looks like UTF-16: pass --encoding utf-16".into()
                            } else {
                                "files saved by Excel on Windows are often Windows-1252: pass --encoding windows-1252 (or --encoding utf-16)".into()
                            },
                        });
                    }
                }
            }
        },
    };
    if text.trim().is_empty() {
        return Err(ImportError::Empty { path: path.to_owned() });
    }
    Ok(text)
}

/// The separator: the one given, else whichever of `,` `;` tab appears
/// most often outside quotes in the header line.
pub fn detect_delimiter(text: &str) -> u8 {
    let (mut counts, mut quoted) = ([0usize; 3], false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    if counts[best] == 0 { b',' } else { [b',', b';', b'\t'][best] }
}

/// Parses `--delimiter`: one character, or `tab`.
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        s if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!("--delimiter {s:?}: give one character such as , ; | or the word tab")),
    }
}

/// Where a quote opened that is never closed, as the line it opened on (a
/// CSV reader would otherwise swallow the rest of the file into one field).
fn unterminated_quote(text: &str, delimiter: u8) -> Option<u64> {
    // Bytes, not chars: every byte that matters here is ASCII, and in UTF-8
    // no byte of a multi-byte character is. Only quotes matter, so the scan
    // jumps from one to the next (a file is hundreds of megabytes), and
    // lines are counted only for the quote that is never closed.
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(q) = memchr::memchr(b'"', &b[i..]).map(|q| i + q) {
        i = q + 1;
        // A quote opens a quoted field only where a field starts: at the
        // start of the file, or after a separator or a line break
        // (carriage returns aside). Elsewhere it is text.
        let opens = b[..q].iter().rev().find(|&&c| c != b'\r').is_none_or(|&c| c == delimiter || c == b'\n');
        if !opens {
            continue;
        }
        // Inside, a doubled quote is text; the first single one closes.
        loop {
            let Some(c) = memchr::memchr(b'"', &b[i..]).map(|c| i + c) else {
                return Some(1 + memchr::memchr_iter(b'\n', &b[..q]).count() as u64);
            };
            if b.get(c + 1) == Some(&b'"') {
                i = c + 2;
            } else {
                i = c + 1;
                break;
            }
        }
    }
    None
}

/// Reads CSV text into a table. Every row must have as many fields as the
/// header: Jira, GitHub, Linear and Excel all write them so, and a row
/// that does not is the sign of a broken quote.
pub fn table(path: &Path, text: &str, delimiter: Option<u8>) -> Result<Table, ImportError> {
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(text));
    if let Some(line) = unterminated_quote(text, delimiter) {
        return Err(ImportError::Csv {
            path: path.to_owned(),
            line,
            detail: "a quoted field opens here and is never closed".into(),
            fix: "close the quote (a quote inside a quoted field is written twice: \"\")".into(),
        });
    }
    let mut rdr = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).from_reader(text.as_bytes());
    let mut records = rdr.records();
    let csv_err = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line());
        let (detail, fix) = match e.kind() {
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => (
                format!("this row has {len} fields where the header has {expected_len}"),
                "look for a quote that is not closed or a separator that should be quoted; if the file uses another separator, pass --delimiter".to_owned(),
            ),
            csv::ErrorKind::Utf8 { .. } => {
                ("not UTF-8".to_owned(), "pass --encoding windows-1252 or --encoding utf-16".to_owned())
            }
            _ => (e.to_string(), "check the file is CSV".to_owned()),
        };
        ImportError::Csv { path: path.to_owned(), line, detail, fix }
    };
    let headers = match records.next() {
        Some(h) => h.map_err(csv_err)?,
        None => return Err(ImportError::Empty { path: path.to_owned() }),
    };
    let headers = headers.iter().map(|h| h.trim().trim_start_matches('\u{feff}').trim().to_owned()).collect();
    let mut rows = Vec::new();
    for rec in records {
        let rec = rec.map_err(csv_err)?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        rows.push(Row { line, fields: rec });
    }
    Ok(Table { headers, rows, delimiter })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_detected_from_the_header() {
        assert_eq!(detect_delimiter("a,b,c\n1;2;3"), b',');
        assert_eq!(detect_delimiter("a;b;\"x,y,z\"\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(detect_delimiter("title\n"), b',');
    }

    #[test]
    fn an_unterminated_quote_is_found_where_it_opens() {
        assert_eq!(unterminated_quote("a,b\n1,\"x\"\"y\"\n2,\"open\n3,4\n", b','), Some(3));
        assert_eq!(unterminated_quote("a,b\n1,5\" screen\n", b','), None);
        assert_eq!(unterminated_quote("a,b\r\n1,\"two\r\nlines\"\r\n", b','), None);
        assert_eq!(unterminated_quote("a,b\r\n\"x\r\n", b','), Some(2), "a quote after CR LF opens a field");
        assert_eq!(unterminated_quote("\"a\";b\n1;x\"y\n", b';'), None, "a quote inside a field is text");
        assert_eq!(unterminated_quote("a\n\"x\"\"\n", b','), Some(2), "a doubled quote does not close");
        assert_eq!(unterminated_quote("a\n\"x\"\"\"\n", b','), None);
        assert_eq!(unterminated_quote("\"open", b','), Some(1));
    }

    #[test]
    fn bom_and_utf16_are_read() {
        let p = Path::new("x.csv");
        assert_eq!(decode(p, b"\xEF\xBB\xBFa,b\n".to_vec(), None).unwrap(), "a,b\n");
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("a,b\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(p, utf16, None).unwrap(), "a,b\n");
        let err = decode(p, b"a,b\ncaf\xe9,1\n".to_vec(), None).unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("--encoding windows-1252"), "{err}");
        assert_eq!(decode(p, b"a,b\ncaf\xe9,1\n".to_vec(), encoding_for("windows-1252")).unwrap(), "a,b\ncafé,1\n");
        assert!(matches!(decode(p, b"  \n".to_vec(), None), Err(ImportError::Empty { .. })));
    }
}
