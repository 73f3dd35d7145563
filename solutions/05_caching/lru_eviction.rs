//! # LRU eviction, by hand
//!
//! `LruCache` holds at most `capacity` entries. When a new key arrives and the
//! cache is full, it evicts the *least recently used* entry: the one that has
//! gone longest without being read (`get`) or written (`put`). Finish `get` and
//! `put`, keeping `order` up to date: its front is the least recently used key,
//! its back the most recently used.
//!
//! Why it matters: memory is finite, so every in-process cache needs a bound
//! and a rule for what to drop. LRU keeps the hot keys (the ones requests keep
//! asking for) and drops the cold ones. Production LRUs pair the map with a
//! linked list so that "touch" is O(1); a `VecDeque` keeps this one readable.

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
        if !self.entries.contains_key(key) {
            return None;
        }
        self.touch(key);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cached(cache: &LruCache<&'static str, u32>, keys: &[&'static str]) -> Vec<&'static str> {
        keys.iter().copied().filter(|k| cache.contains(k)).collect()
    }

    #[test]
    fn a_full_cache_evicts_the_least_recently_used_entry() {
        let mut cache = LruCache::new(2);
        assert_eq!(
            cache.put("a", 1),
            None,
            "the cache has room: nothing is evicted"
        );
        assert_eq!(
            cache.put("b", 2),
            None,
            "the cache has room: nothing is evicted"
        );
        let evicted = cache.put("c", 3);
        assert_eq!(
            evicted,
            Some("a"),
            "after put a, put b, put c into a cache of 2, `a` is the least recently used \
             and must go; evicting `b`, the most recently used, throws away the hottest entry"
        );
        assert_eq!(
            cached(&cache, &["a", "b", "c"]),
            ["b", "c"],
            "the evicted key must leave `entries` too"
        );
        assert_eq!(cache.len(), 2, "a cache of capacity 2 holds 2 entries");
    }

    #[test]
    fn a_get_refreshes_an_entry() {
        let mut cache = LruCache::new(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assert_eq!(
            cache.get(&"a"),
            Some(&1),
            "get returns the value put under the key"
        );
        let evicted = cache.put("c", 3);
        assert_eq!(
            evicted,
            Some("b"),
            "get(a) made `a` the most recently used, so `b` is the least recently used and \
             must go; evicting `a` is insertion order (FIFO): a read counts as a use (move \
             the key to the back of `order`, keeping each key in `order` once)"
        );
        assert_eq!(
            cached(&cache, &["a", "b", "c"]),
            ["a", "c"],
            "after get(a) and put(c), `a` and `c` stay cached"
        );
    }

    #[test]
    fn a_put_on_an_existing_key_updates_and_refreshes_it() {
        let mut cache = LruCache::new(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assert_eq!(
            cache.put("a", 10),
            None,
            "overwriting a cached key needs no room, so nothing is evicted"
        );
        assert_eq!(
            cache.len(),
            2,
            "overwriting a key must not add a second entry"
        );
        assert_eq!(
            cache.put("c", 3),
            Some("b"),
            "put(a) again made `a` the most recently used: `b` must be evicted next"
        );
        assert_eq!(
            cache.get(&"a"),
            Some(&10),
            "the overwrite must replace the value"
        );
    }

    #[test]
    fn a_miss_changes_nothing() {
        let mut cache = LruCache::new(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assert_eq!(cache.get(&"zzz"), None, "a key never written is a miss");
        assert_eq!(
            cache.put("c", 3),
            Some("a"),
            "a miss is not a use of any entry: `a` is still the least recently used"
        );
        assert_eq!(cache.put("d", 4), Some("b"), "use order was b, c: `b` goes");
        assert_eq!(
            cache.put("e", 5),
            Some("c"),
            "use order was c, d: `c` goes. A miss must not enter `order`: only cached keys \
             are in it, and eviction must always remove a cached entry"
        );
        assert_eq!(
            cached(&cache, &["c", "d", "e", "zzz"]),
            ["d", "e"],
            "after the evictions, `d` and `e` are the two cached keys"
        );
    }

    #[test]
    fn the_cache_never_grows_past_its_capacity() {
        let keys = ["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"];
        let mut cache = LruCache::new(3);
        for (i, key) in keys.into_iter().enumerate() {
            cache.put(key, i as u32);
            assert!(
                cache.len() <= 3,
                "a cache with capacity 3 holds {} entries: evict before inserting",
                cache.len()
            );
        }
        assert_eq!(
            cached(&cache, &keys),
            ["k5", "k6", "k7"],
            "after eight puts into a cache of 3, the last three keys remain"
        );
    }

    #[test]
    fn a_longer_mix_of_reads_and_writes() {
        let mut cache = LruCache::new(3);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.put("c", 3);
        cache.get(&"a"); // use order now: b, c, a
        cache.put("b", 20); // c, a, b
        assert_eq!(
            cache.put("d", 4),
            Some("c"),
            "use order was c, a, b: `c` goes"
        );
        cache.get(&"a"); // b, d, a
        assert_eq!(
            cache.put("e", 5),
            Some("b"),
            "use order was b, d, a: `b` goes"
        );
        assert_eq!(
            cache.put("f", 6),
            Some("d"),
            "use order was d, a, e: `d` goes"
        );
        assert_eq!(
            cached(&cache, &["a", "b", "c", "d", "e", "f"]),
            ["a", "e", "f"],
            "`a`, `e` and `f` are the three most recently used keys"
        );
        assert_eq!(cache.get(&"a"), Some(&1), "`a` still holds its value");
        assert_eq!(cache.get(&"e"), Some(&5), "`e` still holds its value");
    }

    /// A list of (key, value), least recently used first: slow and obviously right.
    struct Model {
        capacity: usize,
        entries: Vec<(&'static str, u32)>,
    }

    impl Model {
        fn get(&mut self, key: &str) -> Option<u32> {
            let position = self.entries.iter().position(|(k, _)| *k == key)?;
            let entry = self.entries.remove(position);
            self.entries.push(entry);
            Some(entry.1)
        }

        fn put(&mut self, key: &'static str, value: u32) -> Option<&'static str> {
            let existing = self.entries.iter().position(|(k, _)| *k == key);
            let evicted = match existing {
                Some(position) => {
                    self.entries.remove(position);
                    None
                }
                None if self.entries.len() == self.capacity => Some(self.entries.remove(0).0),
                None => None,
            };
            self.entries.push((key, value));
            evicted
        }
    }

    #[test]
    fn a_long_pseudo_random_workload_matches_the_lru_rule() {
        const KEYS: [&str; 6] = ["k0", "k1", "k2", "k3", "k4", "k5"];
        let mut cache = LruCache::new(3);
        let mut model = Model {
            capacity: 3,
            entries: Vec::new(),
        };
        let mut seed: u32 = 7;
        for step in 0..400_u32 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let key = KEYS[(seed >> 16) as usize % KEYS.len()];
            let order: Vec<&str> = model.entries.iter().map(|(k, _)| *k).collect();
            if (seed >> 8).is_multiple_of(3) {
                let expected = model.put(key, step);
                assert_eq!(
                    cache.put(key, step),
                    expected,
                    "step {step}: the cached keys from least to most recently used are \
                     {order:?}, so put({key:?}) must evict {expected:?} (capacity 3; a get \
                     hit and a put are uses, a miss is not)"
                );
            } else {
                let expected = model.get(key);
                assert_eq!(
                    cache.get(&key).copied(),
                    expected,
                    "step {step}: the cached keys from least to most recently used are \
                     {order:?}, so get({key:?}) must return {expected:?}"
                );
            }
            assert_eq!(
                cache.len(),
                model.entries.len(),
                "step {step}: the cache must hold {} entries (capacity 3)",
                model.entries.len()
            );
        }
    }
}
