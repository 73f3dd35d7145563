//! wrong: get moves the key to the back of the order before checking it is cached, so a miss adds a phantom key
//! expect: A miss must not enter `order`
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
        self.order.retain(|k| k != key);
        self.order.push_back(key.clone());
        self.entries.get(key)
    }

    /// Writes `key`, which becomes the most recently used entry. When a new
    /// key does not fit, evicts the least recently used entry and returns its
    /// key.
    pub fn put(&mut self, key: K, value: V) -> Option<K> {
        if let Some(slot) = self.entries.get_mut(&key) {
            *slot = value;
            self.touch(&key);
            return None;
        }
        let evicted = if self.entries.len() == self.capacity {
            let oldest = self.order.pop_front();
            if let Some(oldest) = &oldest {
                self.entries.remove(oldest);
            }
            oldest
        } else {
            None
        };
        self.order.push_back(key.clone());
        self.entries.insert(key, value);
        evicted
    }

    /// Moves an existing `key` to the most recently used end of `order`.
    fn touch(&mut self, key: &K) {
        if let Some(position) = self.order.iter().position(|k| k == key)
            && let Some(k) = self.order.remove(position)
        {
            self.order.push_back(k);
        }
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

