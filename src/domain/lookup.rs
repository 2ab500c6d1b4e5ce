//! Where each item is, by id and by key. The tables hold positions only
//! (8 bytes an entry) and read ids and keys from the items themselves: a
//! map holding a copy of every key took 6 MB at 100k items.

use super::item::Item;
use super::shared::Shared;
use hashbrown::HashTable;
use std::hash::{BuildHasher, Hasher, RandomState};
use uuid::Uuid;

#[derive(Debug, Clone, Default)]
pub struct ItemLookup {
    ids: HashTable<usize>,
    keys: HashTable<usize>,
    state: RandomState,
}

fn id_hash(state: &RandomState, id: Uuid) -> u64 {
    state.hash_one(id)
}

/// Keys are found in any case (`bl-7` finds `BL-7`).
fn key_hash(state: &RandomState, key: &str) -> u64 {
    let mut h = state.build_hasher();
    for b in key.bytes() {
        h.write_u8(b.to_ascii_uppercase());
    }
    h.finish()
}

impl ItemLookup {
    /// The lookups of every item in `items`; where two hold one id or one
    /// key, the later wins.
    pub fn of(items: &[Shared<Item>]) -> ItemLookup {
        let mut l = ItemLookup {
            ids: HashTable::with_capacity(items.len()),
            keys: HashTable::with_capacity(items.len()),
            state: RandomState::new(),
        };
        for pos in 0..items.len() {
            l.insert(items, pos);
        }
        l
    }

    /// Room for `n` more items.
    pub fn reserve(&mut self, items: &[Shared<Item>], n: usize) {
        let state = &self.state;
        self.ids.reserve(n, |&p| id_hash(state, items[p].meta.id));
        self.keys.reserve(n, |&p| key_hash(state, &items[p].key));
    }

    /// Files the item at `pos` (in `items` already) under its id and key.
    pub fn insert(&mut self, items: &[Shared<Item>], pos: usize) {
        let state = &self.state;
        let id = items[pos].meta.id;
        let hash = id_hash(state, id);
        match self.ids.find_mut(hash, |&p| items[p].meta.id == id) {
            Some(p) => *p = pos,
            None => {
                self.ids.insert_unique(hash, pos, |&p| id_hash(state, items[p].meta.id));
            }
        }
        self.insert_key(items, pos);
    }

    /// Files the item at `pos` under the key it holds now.
    pub fn insert_key(&mut self, items: &[Shared<Item>], pos: usize) {
        let state = &self.state;
        let key = items[pos].key.as_str();
        let hash = key_hash(state, key);
        match self.keys.find_mut(hash, |&p| items[p].key.eq_ignore_ascii_case(key)) {
            Some(p) => *p = pos,
            None => {
                self.keys.insert_unique(hash, pos, |&p| key_hash(state, &items[p].key));
            }
        }
    }

    /// Takes the item at `pos` out of the key table, while it still holds
    /// the key it was filed under (before that key changes).
    pub fn remove_key(&mut self, items: &[Shared<Item>], pos: usize) {
        let hash = key_hash(&self.state, &items[pos].key);
        if let Ok(entry) = self.keys.find_entry(hash, |&p| p == pos) {
            entry.remove();
        }
    }

    pub fn pos_of_id(&self, items: &[Shared<Item>], id: Uuid) -> Option<usize> {
        self.ids.find(id_hash(&self.state, id), |&p| items[p].meta.id == id).copied()
    }

    /// The item holding `key`, in any case.
    pub fn pos_of_key(&self, items: &[Shared<Item>], key: &str) -> Option<usize> {
        self.keys.find(key_hash(&self.state, key), |&p| items[p].key.eq_ignore_ascii_case(key)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(n: u128, key: &str) -> Shared<Item> {
        let at = "2026-01-01T00:00:00Z";
        serde_json::from_value(serde_json::json!({
            "id": Uuid::from_u128(n), "owner": "po", "created_at": at, "updated_at": at, "updated_by": "po",
            "rev": 1, "key": key, "kind": "story", "title": "t", "status": "new", "rank": "a"
        }))
        .expect("an item")
    }

    #[test]
    fn finds_by_id_and_by_key_in_any_case_and_follows_a_new_key() {
        let mut items: Vec<Shared<Item>> = (1..=50).map(|n| item(n, &format!("BL-{n}"))).collect();
        let mut l = ItemLookup::of(&items);
        assert_eq!(l.pos_of_id(&items, Uuid::from_u128(7)), Some(6));
        assert_eq!(l.pos_of_key(&items, "bl-7"), Some(6));
        assert_eq!(l.pos_of_key(&items, "BL-77"), None);
        assert_eq!(l.pos_of_id(&items, Uuid::from_u128(77)), None);
        l.remove_key(&items, 6);
        items[6].key = "BL-77".into();
        l.insert_key(&items, 6);
        assert_eq!(l.pos_of_key(&items, "BL-7"), None);
        assert_eq!(l.pos_of_key(&items, "Bl-77"), Some(6));
        // Growing past the room it had keeps every entry findable.
        for n in 51..=500 {
            items.push(item(n, &format!("BL-{n}")));
            l.insert(&items, items.len() - 1);
        }
        assert!((1..=500).all(|n| l.pos_of_id(&items, Uuid::from_u128(n)) == Some(n as usize - 1)));
        assert_eq!(l.pos_of_key(&items, "bl-500"), Some(499));
    }

    #[test]
    fn of_two_holding_one_key_the_later_is_found() {
        let items = vec![item(1, "BL-1"), item(2, "bl-1")];
        assert_eq!(ItemLookup::of(&items).pos_of_key(&items, "BL-1"), Some(1));
    }
}
