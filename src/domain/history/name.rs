//! The names an edit holds: the entity's kind and the field's. They come
//! from a short list, so one read from the file that is on the list is
//! borrowed from it rather than copied: two allocations fewer per record,
//! a tenth of what the history of 100k items holds in memory.

use serde::Deserializer;
use serde::de::{Error, Visitor};
use std::borrow::Cow;
use std::fmt;

pub type Name = Cow<'static, str>;

/// Entity kinds (as [`crate::domain::EntityRef::kind`] writes them) and the
/// fields changes record most.
const KNOWN: &[&str] = &[
    "created",
    "item",
    "sprint",
    "goal",
    "initiative",
    "release",
    "member",
    "workspace",
    "settings",
    "vision",
    "conflicts",
    "status",
    "rank",
    "title",
    "description",
    "estimate",
    "labels",
    "comments",
    "assignee",
    "acceptance_criteria",
    "story",
    "parent",
    "blocks",
    "checked",
    "scoring",
    "kind",
    "external",
    "state",
    "started_at",
    "review",
    "kpis",
    "deleted_at",
];

/// `s` as a name: borrowed from the list when it is on it.
pub fn name(s: &str) -> Name {
    match KNOWN.iter().find(|k| **k == s) {
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(s.to_owned()),
    }
}

/// For `#[serde(deserialize_with = "…")]`.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Name, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = Name;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a name")
        }
        fn visit_str<E: Error>(self, s: &str) -> Result<Name, E> {
            Ok(name(s))
        }
    }
    d.deserialize_str(V)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_name_is_borrowed_and_any_other_kept_as_written() {
        assert!(matches!(name("created"), Cow::Borrowed("created")));
        assert!(matches!(name("item"), Cow::Borrowed("item")));
        assert!(matches!(name("custom_field"), Cow::Owned(ref s) if s == "custom_field"));
        let mut de = serde_json::Deserializer::from_str(r#""stat\u0075s""#);
        assert!(matches!(deserialize(&mut de).unwrap(), Cow::Borrowed("status")), "escaped text too");
    }
}
