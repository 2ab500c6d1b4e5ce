//! A value that copies of the workspace share until one of them changes it.
//!
//! The TUI keeps two workspaces (the screen's, and the saver's that folds
//! in the same changes), and a merge, a preview or an import works on a
//! copy: with items and history records behind [`Shared`], such a copy
//! costs a pointer per element, and an edit copies only the element it
//! touches ([`Arc::make_mut`] on the way to a `&mut`). Reading goes
//! through `Deref` as if the value were held inline, so the model's code
//! reads and writes items as before.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

#[derive(Default)]
pub struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Shared<T> {
        Shared(Arc::new(value))
    }

    /// Whether the two are one value, not two equal ones (a copy not yet
    /// written to).
    pub fn same(a: &Shared<T>, b: &Shared<T>) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl<T: Clone> Shared<T> {
    /// The value itself: moved out when nothing else holds it, else copied.
    pub fn into_inner(self) -> T {
        Arc::unwrap_or_clone(self.0)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Writing copies the value first if another workspace still holds it.
impl<T: Clone> DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Shared<T> {
        Shared::new(value)
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Shared::same(self, other) || *self.0 == *other.0
    }
}

impl<T: Eq> Eq for Shared<T> {}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Shared<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Shared::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_shares_until_written_and_the_write_stays_its_own() {
        let a = vec![Shared::new(String::from("one")), Shared::new(String::from("two"))];
        let mut b = a.clone();
        assert!(Shared::same(&a[0], &b[0]));
        b[1].push_str(" changed");
        assert!(Shared::same(&a[0], &b[0]), "the untouched element is still shared");
        assert!(!Shared::same(&a[1], &b[1]));
        assert_eq!(*a[1], "two");
        assert_eq!(*b[1], "two changed");
    }

    #[test]
    fn a_value_held_once_is_written_in_place() {
        let mut a = Shared::new(vec![1, 2]);
        let before: *const Vec<i32> = &*a;
        a.push(3);
        assert_eq!(before, &*a as *const Vec<i32>, "no copy when nothing else holds it");
        assert_eq!(a.into_inner(), vec![1, 2, 3]);
    }

    #[test]
    fn it_reads_and_writes_as_the_value_itself() {
        let v: Vec<Shared<u32>> = serde_json::from_str("[1,2,3]").unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), "[1,2,3]");
        assert_eq!(v, vec![Shared::new(1), Shared::new(2), Shared::new(3)]);
        assert_eq!(format!("{:?}", v[0]), "1");
    }
}
