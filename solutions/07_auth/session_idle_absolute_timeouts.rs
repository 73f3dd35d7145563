//! # Idle and absolute session timeouts
//!
//! Complete `SessionStore::get`. A session ends after 15 minutes without use (the idle timeout,
//! counted from its last successful use, so every use slides it) and 8 hours after login whatever
//! the activity (the absolute timeout, never extended). A session that has reached either limit,
//! to the second, is expired: `get` removes it from the store and returns `None`. Read the time
//! from the store's clock only.
//! Why it matters: a stolen or forgotten session (a shared computer, a leaked cookie) must stop
//! working on its own. The idle timeout closes abandoned sessions quickly; the absolute one caps
//! how long a hijacker who keeps the session busy can ride on it. The cookie's Max-Age does
//! neither: the browser enforces it, not an attacker's script.

use std::collections::HashMap;

/// Seconds since the Unix epoch, from a clock the tests control.
pub trait Clock {
    fn now(&self) -> u64;
}

pub const IDLE_TIMEOUT_SECS: u64 = 15 * 60;
pub const ABSOLUTE_TIMEOUT_SECS: u64 = 8 * 60 * 60;

#[derive(Debug)]
struct Session {
    user: String,
    created_at: u64,
    last_seen: u64,
}

pub struct SessionStore<C: Clock> {
    clock: C,
    sessions: HashMap<String, Session>,
}

impl<C: Clock> SessionStore<C> {
    pub fn new(clock: C) -> Self {
        Self {
            clock,
            sessions: HashMap::new(),
        }
    }

    /// Starts a session for `user`; returns its id.
    pub fn create(&mut self, user: &str) -> String {
        let id = hex::encode(rand::random::<[u8; 32]>());
        let now = self.clock.now();
        let session = Session {
            user: user.to_owned(),
            created_at: now,
            last_seen: now,
        };
        self.sessions.insert(id.clone(), session);
        id
    }

    /// The user of a live session, marking it used now; `None` for an unknown or expired one
    /// (which is removed).
    pub fn get(&mut self, id: &str) -> Option<String> {
        let now = self.clock.now();
        let session = self.sessions.get_mut(id)?;
        let idle = now.saturating_sub(session.last_seen);
        let age = now.saturating_sub(session.created_at);
        if idle >= IDLE_TIMEOUT_SECS || age >= ABSOLUTE_TIMEOUT_SECS {
            self.sessions.remove(id);
            return None;
        }
        session.last_seen = now;
        Some(session.user.clone())
    }

    /// How many sessions the store holds.
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    const START: u64 = 1_700_000_000;
    const MINUTE: u64 = 60;

    /// A clock the test moves by hand.
    #[derive(Clone)]
    struct FakeClock(Rc<Cell<u64>>);

    impl FakeClock {
        fn advance(&self, secs: u64) {
            self.0.set(self.0.get() + secs);
        }
    }

    impl Clock for FakeClock {
        fn now(&self) -> u64 {
            self.0.get()
        }
    }

    fn store() -> (SessionStore<FakeClock>, FakeClock) {
        let clock = FakeClock(Rc::new(Cell::new(START)));
        (SessionStore::new(clock.clone()), clock)
    }

    #[test]
    fn a_session_in_use_is_alive() {
        let (mut store, clock) = store();
        let id = store.create("ada");
        assert_eq!(
            store.get(&id),
            Some("ada".to_owned()),
            "a fresh session finds its user"
        );
        clock.advance(14 * MINUTE);
        assert_eq!(
            store.get(&id),
            Some("ada".to_owned()),
            "14 minutes without use is within the 15-minute idle timeout"
        );
        assert_eq!(store.get("unknown"), None, "an unknown id has no user");
    }

    #[test]
    fn fifteen_idle_minutes_end_the_session() {
        let (mut store, clock) = store();
        let id = store.create("ada");
        clock.advance(15 * MINUTE);
        assert_eq!(
            store.get(&id),
            None,
            "a session unused for exactly 15 minutes has reached the idle timeout: it is expired \
             (check the time before marking the session used, and `>=` the limit)"
        );
    }

    #[test]
    fn every_use_slides_the_idle_timeout() {
        let (mut store, clock) = store();
        let id = store.create("ada");
        for step in 1..=6 {
            clock.advance(10 * MINUTE);
            assert_eq!(
                store.get(&id),
                Some("ada".to_owned()),
                "a session used every 10 minutes is never idle for 15: the idle time counts from \
                 the last use, not from the login (failed after {} minutes)",
                step * 10
            );
        }
    }

    #[test]
    fn eight_hours_end_even_a_busy_session() {
        let (mut store, clock) = store();
        let id = store.create("ada");
        for _ in 0..47 {
            clock.advance(10 * MINUTE);
            assert!(store.get(&id).is_some(), "used every 10 minutes: alive");
        }
        // 7 h 50 min now; the next use is at exactly 8 hours.
        clock.advance(10 * MINUTE);
        assert_eq!(
            store.get(&id),
            None,
            "8 hours after login the session is over however busy it is: the absolute timeout \
             counts from the login and is never extended by use"
        );
    }

    #[test]
    fn an_expired_session_is_removed() {
        let (mut store, clock) = store();
        let old = store.create("ada");
        clock.advance(20 * MINUTE);
        let fresh = store.create("bob");
        assert_eq!(store.get(&old), None, "idle for 20 minutes: expired");
        assert_eq!(
            store.len(),
            1,
            "an expired session must be removed from the store when found (only bob's is left): \
             otherwise dead sessions pile up"
        );
        assert_eq!(
            store.get(&fresh),
            Some("bob".to_owned()),
            "bob's session is alive"
        );
    }
}
