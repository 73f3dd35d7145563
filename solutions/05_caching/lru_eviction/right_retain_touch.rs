//! right: touches with VecDeque::retain and evicts after inserting, once the map is over capacity
use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

pub struct LruCache<K, V> {
    capacity: usize,
    entries: HashMap<K, V>,
    /// Every key in `entries`, least recently used at the front.
    order: VecDeque<K>,
}

impl<K: Hash + Eq + Clone, V> LruCache<K, V> {
    pub fn new(capacity: usize) -> Self {
        assert!(
            capacity > 0,
            "an LRU cache needs room for at least one entry"
        );
        Self {
            capacity,
            entries: HashMap::with_capacity(capacity),
            order: VecDeque::with_capacity(capacity),
        }
    }

    /// Whether `key` is cached. Only looks: does not count as a use.
    pub fn contains(&self, key: &K) -> bool {
        self.entries.contains_key(key)
    }

    /// How many entries are cached.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Reads `key`. A hit makes `key` the most recently used entry.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        if self.entries.contains_key(key) {
            self.order.retain(|k| k != key);
            self.order.push_back(key.clone());
        }
        self.entries.get(key)
    }

    /// Writes `key`, which becomes the most recently used entry. When a new
    /// key does not fit, evicts the least recently used entry and returns its
    /// key.
    pub fn put(&mut self, key: K, value: V) -> Option<K> {
        self.order.retain(|k| k != &key);
        self.order.push_back(key.clone());
        if self.entries.insert(key, value).is_some() || self.entries.len() <= self.capacity {
            return None;
        }
        let coldest = self.order.pop_front()?;
        self.entries.remove(&coldest);
        Some(coldest)
    }

}

fn main() {
    let mut pages = LruCache::new(2);
    pages.put("/home", "<h1>Home</h1>");
    pages.put("/about", "<h1>About</h1>");
    pages.get(&"/home");
    let evicted = pages.put("/blog", "<h1>Blog</h1>");
    println!("evicted {evicted:?}; {} pages cached", pages.len());
    println!("/home still cached: {}", pages.contains(&"/home"));
    println!("empty: {}", pages.is_empty());
}

