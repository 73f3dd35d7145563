//! right: stores the expiry instant and removes through the entry API
use std::cell::Cell;
use std::collections::HashMap;
use std::hash::Hash;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// Where the cache gets the current time from.
pub trait Clock {
    fn now(&self) -> Instant;
}

/// The real clock, for production.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that only moves when told to. Clones share the same time, so a
/// test keeps one clone and hands the other to the cache.
#[derive(Clone)]
pub struct FakeClock {
    now: Rc<Cell<Instant>>,
}

impl FakeClock {
    pub fn start() -> Self {
        Self {
            now: Rc::new(Cell::new(Instant::now())),
        }
    }

    pub fn advance(&self, by: Duration) {
        self.now.set(self.now.get() + by);
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.now.get()
    }
}

struct Entry<V> {
    value: V,
    expires_at: Instant,
}

/// A map whose entries expire `ttl` after they were written.
pub struct TtlCache<K, V, C> {
    ttl: Duration,
    clock: C,
    entries: HashMap<K, Entry<V>>,
}

impl<K: Hash + Eq, V, C: Clock> TtlCache<K, V, C> {
    pub fn new(ttl: Duration, clock: C) -> Self {
        Self {
            ttl,
            clock,
            entries: HashMap::new(),
        }
    }

    /// How many entries the map holds (expired ones not yet removed included).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Stores `value` under `key`; writing a key again restarts its TTL.
    pub fn insert(&mut self, key: K, value: V) {
        let expires_at = self.clock.now() + self.ttl;
        self.entries.insert(key, Entry { value, expires_at });
    }

    /// The value under `key`, unless it is missing or expired.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        let now = self.clock.now();
        let expired = self.entries.get(key)?.expires_at <= now;
        if expired {
            self.entries.remove(key);
            None
        } else {
            self.entries.get(key).map(|entry| &entry.value)
        }
    }
}

fn main() {
    let mut sessions = TtlCache::new(Duration::from_secs(30), SystemClock);
    sessions.insert("session-42", "ada");
    println!("session-42 -> {:?}", sessions.get(&"session-42"));

    let clock = FakeClock::start();
    let mut rates = TtlCache::new(Duration::from_secs(30), clock.clone());
    rates.insert("EUR", 1.08);
    clock.advance(Duration::from_secs(30));
    println!("EUR after 30 s -> {:?}", rates.get(&"EUR"));
    println!("entries left: {}, empty: {}", rates.len(), rates.is_empty());
}

