//! A part that most entities leave empty, kept off the entity until set.
//!
//! An item's scoring is 160 bytes held inline, and four items in five have
//! none: behind [`Sparse`] an empty one costs a pointer, and a set one a
//! box. Reading sees the empty value when there is none, so code reads
//! `item.scoring.wsjf` as before; writing makes the box on first use.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::{Deref, DerefMut};

/// A type with one empty value that every reader of an absent part sees.
pub trait Empty: Default + Sync + 'static {
    fn empty() -> &'static Self;
}

#[derive(Clone, Default)]
pub struct Sparse<T>(Option<Box<T>>);

impl<T> Sparse<T> {
    pub fn new(value: T) -> Sparse<T> {
        Sparse(Some(Box::new(value)))
    }
}

impl<T: Empty> Deref for Sparse<T> {
    type Target = T;
    fn deref(&self) -> &T {
        match &self.0 {
            Some(value) => value,
            None => T::empty(),
        }
    }
}

impl<T: Empty> DerefMut for Sparse<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.0.get_or_insert_default()
    }
}

/// An empty value takes no box.
impl<T: Empty + PartialEq> From<T> for Sparse<T> {
    fn from(value: T) -> Sparse<T> {
        if value == *T::empty() { Sparse(None) } else { Sparse::new(value) }
    }
}

/// Absent and empty are one value.
impl<T: Empty + PartialEq> PartialEq for Sparse<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Empty + fmt::Debug> fmt::Debug for Sparse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: Empty + Serialize> Serialize for Sparse<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sparse<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Sparse::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
    struct Part {
        n: u32,
    }

    impl Empty for Part {
        fn empty() -> &'static Part {
            static EMPTY: Part = Part { n: 0 };
            &EMPTY
        }
    }

    #[test]
    fn an_absent_part_reads_as_empty_and_is_made_on_first_write() {
        let mut s: Sparse<Part> = Sparse::default();
        assert_eq!(s.n, 0);
        assert!(s.0.is_none(), "reading made nothing");
        assert_eq!(s, Sparse::new(Part::default()), "absent equals empty");
        s.n = 7;
        assert_eq!(*s, Part { n: 7 });
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"n":7}"#);
        let back: Sparse<Part> = serde_json::from_str(r#"{"n":7}"#).unwrap();
        assert_eq!(back, s);
        assert!(Sparse::from(Part::default()).0.is_none(), "an empty value takes no box");
        assert!(Sparse::from(Part { n: 1 }).0.is_some());
    }
}
