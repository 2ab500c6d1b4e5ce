//! JSON values kept exactly as a file wrote them, numbers included.
//!
//! serde_json's `Value` holds a number as a u64, i64 or f64, so
//! `123456789012345678901234567890`, `1E+2` or `0.10` would come back
//! changed. (Its `arbitrary_precision` feature does not help: its parser
//! rewrites `1E+2` as `1e+2`, and numbers buffered by `#[serde(flatten)]`
//! stop fitting plain integer fields.) So a number whose text a `Value`
//! cannot reproduce is carried as a one-key object, `{"$backlog:number":
//! "1E+2"}`, which compares, clones and merges like any other value, and
//! [`Exact`] writes it back as the bare number. Numbers a `Value` writes
//! back unchanged (`3`, `-7`, `2.5`) stay plain numbers, so files without
//! such numbers read and write exactly as before. A file's own object that
//! looks like a carried number is wrapped once more (`{"$backlog:literal":
//! {…}}`) on reading and unwrapped on writing, so no text is misread.

use serde::ser::{Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Number, Value};

/// The key of the object that carries a number's text.
pub const NUMBER_KEY: &str = "$backlog:number";
/// The key of the object that carries a file's own object whose only key
/// is one of these two.
pub const LITERAL_KEY: &str = "$backlog:literal";

fn reserved(m: &Map<String, Value>) -> bool {
    m.len() == 1 && (m.contains_key(NUMBER_KEY) || m.contains_key(LITERAL_KEY))
}

/// A number as a value: plain if a `Value` writes it back as `text`, else
/// carried in a one-key object.
pub fn number(text: &str) -> Result<Value, serde_json::Error> {
    let n: Number = match serde_json::from_str(text) {
        Ok(n) => n,
        // Too big for a double (`1e400`): no `Number` holds it, but the
        // text is a number all the same, and is carried like any other.
        Err(_) if out_of_range(text) => return Ok(carry(text)),
        Err(e) => return Err(e),
    };
    if n.to_string() == text {
        return Ok(Value::Number(n));
    }
    Ok(carry(text))
}

fn carry(text: &str) -> Value {
    Value::Object(Map::from_iter([(NUMBER_KEY.to_owned(), Value::String(text.to_owned()))]))
}

/// True if `text` is one JSON number whose value no double holds
/// (`1e400`, `-2E+999`): serde_json refuses to read it.
pub fn out_of_range(text: &str) -> bool {
    is_number_text(text) && text.parse::<f64>().is_ok_and(f64::is_infinite)
}

/// JSON's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn is_number_text(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// The number's text if `v` carries one (see [`number`]).
pub fn carried_number(v: &Value) -> Option<&str> {
    let Value::Object(m) = v else { return None };
    let text = m.get(NUMBER_KEY)?.as_str()?;
    let is_number = m.len() == 1
        && text.starts_with(|c: char| c == '-' || c.is_ascii_digit())
        && (serde_json::from_str::<Number>(text).is_ok() || out_of_range(text));
    is_number.then_some(text)
}

/// Reads JSON text into a value, keeping every number's text (see the
/// module docs). Each level is parsed as raw text first, so this costs a
/// pass per level of nesting: meant for the few values a schema does not
/// describe, and for single entities.
pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
    let raw: &RawValue = serde_json::from_str(text)?;
    from_raw(raw)
}

/// [`parse`] for text already split out by serde_json.
pub fn from_raw(raw: &RawValue) -> Result<Value, serde_json::Error> {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'{') => {
            // A map in key order, as serde_json's own `Map` keeps it; a
            // repeated key keeps its last value, as theirs does.
            let fields: std::collections::BTreeMap<String, &RawValue> = serde_json::from_str(text)?;
            let m = fields.into_iter().map(|(k, v)| Ok((k, from_raw(v)?))).collect::<Result<Map<_, _>, _>>()?;
            if reserved(&m) {
                return Ok(Value::Object(Map::from_iter([(LITERAL_KEY.to_owned(), Value::Object(m))])));
            }
            Ok(Value::Object(m))
        }
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text)?;
            items.into_iter().map(from_raw).collect::<Result<Vec<_>, _>>().map(Value::Array)
        }
        Some(b'-' | b'0'..=b'9') => number(text),
        _ => serde_json::from_str(text),
    }
}

/// True if `v`, read from text through a plain `Value`, may differ from
/// what [`parse`] gives: it holds a number, or an object that looks like
/// a carried one.
pub fn needs_reread(v: &Value) -> bool {
    match v {
        Value::Number(_) => true,
        Value::Array(a) => a.iter().any(needs_reread),
        Value::Object(m) => reserved(m) || m.values().any(needs_reread),
        _ => false,
    }
}

/// Writes a value with carried numbers back as the bare numbers they were.
#[derive(Debug, Clone, Copy)]
pub struct Exact<'a>(pub &'a Value);

impl Serialize for Exact<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Some(text) = carried_number(self.0) {
            let raw = RawValue::from_string(text.to_owned()).map_err(serde::ser::Error::custom)?;
            return raw.serialize(s);
        }
        match self.0 {
            Value::Object(m) => match m.get(LITERAL_KEY) {
                Some(Value::Object(inner)) if m.len() == 1 => s.collect_map(inner.iter().map(|(k, v)| (k, Exact(v)))),
                _ => s.collect_map(m.iter().map(|(k, v)| (k, Exact(v)))),
            },
            Value::Array(a) => s.collect_seq(a.iter().map(Exact)),
            other => other.serialize(s),
        }
    }
}

/// For `#[serde(serialize_with)]` on a free-form `Value` field.
pub fn serialize_exact<S: Serializer>(v: &Value, s: S) -> Result<S::Ok, S::Error> {
    Exact(v).serialize(s)
}

/// Reads a value from its text with numbers kept, as [`from_raw`] does,
/// in the same pass that reads the rest: no second reading of the file
/// for values that are known to hold numbers (the edits in history).
pub fn deserialize_exact<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    let raw: Box<RawValue> = serde::Deserialize::deserialize(d)?;
    from_raw(&raw).map_err(serde::de::Error::custom)
}

/// [`deserialize_exact`] for a list of values.
pub fn deserialize_exact_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Box<[Value]>, D::Error> {
    let raws: Vec<Box<RawValue>> = serde::Deserialize::deserialize(d)?;
    // A boxed slice: no room beyond the elements, and 8 bytes less than a
    // `Vec` on every edit, where the list is almost always empty.
    raws.iter().map(|raw| from_raw(raw)).collect::<Result<_, _>>().map_err(serde::de::Error::custom)
}

/// A value's JSON text turned into a `Value` with numbers kept: what
/// `serde_json::to_value` would give if it kept numbers (it re-reads
/// carried numbers through f64).
pub fn to_value<T: Serialize>(x: &T) -> Result<Value, serde_json::Error> {
    parse(&serde_json::to_string(x)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ODD: [&str; 9] = [
        "123456789012345678901234567890",
        "1e400",
        "-2.5E+999",
        "1E+2",
        "1e5",
        "0.1000000000000000055511151231257827",
        "-0",
        "2.50",
        "-1.0e-7",
    ];

    #[test]
    fn numbers_a_value_cannot_write_back_are_carried_and_written_back_verbatim() {
        for text in ODD {
            let v = number(text).unwrap();
            assert_eq!(carried_number(&v), Some(text), "{text}");
            assert_eq!(serde_json::to_string(&Exact(&v)).unwrap(), text);
        }
        for text in ["0", "3", "-7", "2.5", "1.0", "18446744073709551615", "-9223372036854775808", "1e-7"] {
            let v = number(text).unwrap();
            assert!(matches!(v, Value::Number(_)), "{text} stays a plain number");
            assert_eq!(serde_json::to_string(&Exact(&v)).unwrap(), text);
        }
    }

    #[test]
    fn parse_keeps_every_number_at_every_depth() {
        let text = format!(r#"{{"b":[{}],"a":{{"deep":[[{}]]}},"s":"1E+2","t":true,"n":null}}"#, ODD.join(","), ODD[1]);
        let v = parse(&text).unwrap();
        assert_eq!(v["s"], "1E+2", "a string is not a number");
        assert_eq!(serde_json::to_string(&Exact(&v)).unwrap(), {
            // Keys come out sorted, as serde_json's Map keeps them.
            format!(r#"{{"a":{{"deep":[[{}]]}},"b":[{}],"n":null,"s":"1E+2","t":true}}"#, ODD[1], ODD.join(","))
        });
        assert!(needs_reread(&v) && !needs_reread(&parse(r#"{"a":["x",null,{}]}"#).unwrap()));
    }

    #[test]
    fn a_files_own_lookalike_objects_are_written_back_as_they_were() {
        for text in [
            r#"{"$backlog:number":"1"}"#,
            r#"{"$backlog:number":"abc"}"#,
            r#"{"$backlog:number":"1","x":2}"#,
            r#"{"$backlog:number":1}"#,
            r#"{"$backlog:literal":{"$backlog:number":"1"}}"#,
            r#"[{"$backlog:literal":"x"},{"$backlog:number":"1E+2"}]"#,
        ] {
            let v = parse(text).unwrap();
            assert!(needs_reread(&serde_json::from_str(text).unwrap()), "{text}");
            assert_eq!(carried_number(&v), None, "{text}");
            assert_eq!(serde_json::to_string(&Exact(&v)).unwrap(), text);
            // And again through a second reading, as a merge does.
            let again = to_value(&Exact(&v)).unwrap();
            assert_eq!(again, v, "{text}");
        }
    }
}
