//! right: stamps every use with a counter and keeps a BTreeMap from stamp to key; the smallest stamp is the least recently used
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

pub struct LruCache<K, V> {
    capacity: usize,
    /// Each key's value and the stamp of its last use.
    entries: HashMap<K, (V, u64)>,
    /// Stamp of last use -> key; the first entry is the least recently used.
    by_use: BTreeMap<u64, K>,
    clock: u64,
}

impl<K: Hash + Eq + Clone, V> LruCache<K, V> {
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "an LRU cache needs room for at least one entry");
        Self {
            capacity,
            entries: HashMap::new(),
            by_use: BTreeMap::new(),
            clock: 0,
        }
    }

    pub fn contains(&self, key: &K) -> bool {
        self.entries.contains_key(key)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn next_stamp(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    pub fn get(&mut self, key: &K) -> Option<&V> {
        let stamp = self.next_stamp();
        let (_, last_use) = self.entries.get_mut(key)?;
        let old = std::mem::replace(last_use, stamp);
        let key = self.by_use.remove(&old)?;
        self.by_use.insert(stamp, key.clone());
        self.entries.get(&key).map(|(value, _)| value)
    }

    pub fn put(&mut self, key: K, value: V) -> Option<K> {
        let stamp = self.next_stamp();
        if let Some((old_value, last_use)) = self.entries.get_mut(&key) {
            *old_value = value;
            let old = std::mem::replace(last_use, stamp);
            self.by_use.remove(&old);
            self.by_use.insert(stamp, key);
            return None;
        }
        let mut evicted = None;
        if self.entries.len() >= self.capacity
            && let Some((_, coldest)) = self.by_use.pop_first()
        {
            self.entries.remove(&coldest);
            evicted = Some(coldest);
        }
        self.by_use.insert(stamp, key.clone());
        self.entries.insert(key, (value, stamp));
        evicted
    }
}

fn main() {}
