//! Lists read at their own size. serde's reader grows a `Vec` as it reads
//! and leaves the room it grew (four places for a record's one edit), and
//! a loaded workspace is read once and kept: at 100k items that room was
//! a quarter of the memory the history took.

use serde::{Deserialize, Deserializer};

/// For `#[serde(deserialize_with = "…")]` on a `Vec` field.
pub fn vec<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    let mut v = Vec::<T>::deserialize(d)?;
    v.shrink_to_fit();
    Ok(v)
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Holder {
        #[serde(deserialize_with = "super::vec")]
        list: Vec<u64>,
    }

    #[test]
    fn a_list_keeps_no_room_beyond_its_elements() {
        for n in [0usize, 1, 5, 33] {
            let text = format!("{{\"list\":{:?}}}", (0..n as u64).collect::<Vec<_>>());
            let h: Holder = serde_json::from_str(&text).unwrap();
            assert_eq!(h.list, (0..n as u64).collect::<Vec<_>>());
            assert_eq!(h.list.capacity(), n, "{n} elements");
        }
    }
}
