//! # A TTL cache with a clock you control
//!
//! Every entry of `TtlCache` lives for a fixed time-to-live (TTL) after it was
//! written; reading it does not extend its life. Finish `insert` and `get`:
//! remember when each entry was written (ask `self.clock`, never
//! `Instant::now()` directly) and stop serving an entry once its age reaches
//! the TTL. A `get` that finds an expired entry removes it from the map.
//!
//! The boundary, used throughout this stage: an entry written at `t` is fresh
//! while `now - t < ttl`. At `now - t == ttl` it is expired.
//!
//! Why it matters: a TTL puts an upper bound on how stale a cached answer can
//! be. Reading time through an injected `Clock` lets tests jump forward
//! instantly and exactly, instead of sleeping and hoping the timing works out.

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
    written_at: Instant,
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
        // TODO: store an `Entry` holding the value and the time it was written
        // (from `self.clock`).
        todo!()
    }

    /// The value under `key`, unless it is missing or expired.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        // TODO: compute the entry's age (`now.duration_since(written_at)`).
        // Expired (age >= ttl): remove it and return `None`; fresh: return it.
        todo!()
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

#[cfg(test)]
mod tests {
    use super::*;

    const TTL: Duration = Duration::from_secs(30);

    fn cache() -> (FakeClock, TtlCache<&'static str, u32, FakeClock>) {
        let clock = FakeClock::start();
        (clock.clone(), TtlCache::new(TTL, clock))
    }

    #[test]
    fn a_fresh_entry_is_served() {
        let (_clock, mut cache) = cache();
        cache.insert("a", 1);
        assert_eq!(
            cache.get(&"a"),
            Some(&1),
            "an entry just written must be served"
        );
        assert_eq!(cache.get(&"b"), None, "a key never written is a miss");
    }

    #[test]
    fn an_entry_is_still_fresh_just_before_the_ttl() {
        let (clock, mut cache) = cache();
        cache.insert("a", 1);
        clock.advance(TTL - Duration::from_millis(1));
        assert_eq!(
            cache.get(&"a"),
            Some(&1),
            "an entry aged 29.999 s under a 30 s TTL is still fresh (fresh while age < ttl)"
        );
    }

    #[test]
    fn an_entry_expires_exactly_at_the_ttl() {
        let (clock, mut cache) = cache();
        cache.insert("a", 1);
        clock.advance(TTL);
        assert_eq!(
            cache.get(&"a"),
            None,
            "an entry whose age equals the TTL is expired (the documented boundary): \
             test `age >= ttl`, not `age > ttl`"
        );
    }

    #[test]
    fn a_cache_that_never_expires_is_a_bug() {
        let (clock, mut cache) = cache();
        cache.insert("a", 1);
        clock.advance(Duration::from_secs(3600));
        assert_eq!(
            cache.get(&"a"),
            None,
            "an hour after writing it, an entry with a 30 s TTL was still served: a cache \
             that never expires serves stale data forever. Compare the entry's age (from \
             self.clock) with the TTL in `get`"
        );
    }

    #[test]
    fn the_write_time_comes_from_the_injected_clock() {
        let (clock, mut cache) = cache();
        // The cache's clock runs an hour ahead of the machine's.
        clock.advance(Duration::from_secs(3600));
        cache.insert("a", 1);
        assert_eq!(
            cache.get(&"a"),
            Some(&1),
            "an entry just written (by the cache's clock) was not served: take the write \
             time from self.clock.now(), never Instant::now(), or the cache mixes two clocks"
        );
    }

    #[test]
    fn reading_an_entry_does_not_extend_its_life() {
        let (clock, mut cache) = cache();
        cache.insert("a", 1);
        clock.advance(Duration::from_secs(20));
        assert_eq!(cache.get(&"a"), Some(&1), "20 s after the write: fresh");
        clock.advance(Duration::from_secs(10));
        assert_eq!(
            cache.get(&"a"),
            None,
            "the entry was written 30 s ago and read 10 s ago: it lives a fixed time after \
             it was written, so it is expired. A read must not restart the TTL (that is \
             time-to-idle, which keeps a popular entry stale forever)"
        );
    }

    #[test]
    fn an_expired_entry_is_removed_when_read() {
        let (clock, mut cache) = cache();
        cache.insert("a", 1);
        cache.insert("b", 2);
        clock.advance(TTL);
        assert_eq!(cache.get(&"a"), None, "`a` is 30 s old: expired");
        assert_eq!(
            cache.len(),
            1,
            "a get that finds an expired entry must remove it from the map (only `b`, not \
             read yet, may remain): otherwise dead entries hold memory until overwritten"
        );
    }

    #[test]
    fn writing_again_restarts_the_ttl() {
        let (clock, mut cache) = cache();
        cache.insert("a", 1);
        clock.advance(Duration::from_secs(20));
        cache.insert("a", 2);
        clock.advance(Duration::from_secs(20));
        assert_eq!(
            cache.get(&"a"),
            Some(&2),
            "the second write (value 2) was 20 s ago, so under a 30 s TTL it is fresh: \
             `insert` must replace the value and record the time of the latest write"
        );
    }

    #[test]
    fn entries_expire_independently() {
        let (clock, mut cache) = cache();
        cache.insert("old", 1);
        clock.advance(Duration::from_secs(20));
        cache.insert("new", 2);
        clock.advance(Duration::from_secs(10));
        assert_eq!(cache.get(&"old"), None, "`old` is 30 s old: expired");
        assert_eq!(
            cache.get(&"new"),
            Some(&2),
            "`new` is only 10 s old: each entry keeps its own write time"
        );
    }
}
