//! # A fake clock for time-dependent code
//!
//! `Sessions` keeps login sessions that expire `ttl` after they were last used (sliding expiry).
//! It is correct. Testing it against the real clock would mean sleeping for half an hour, or
//! tests that pass or fail depending on timing. It reads the time through the `Clock` trait
//! instead, so a test can hand it a fake clock that stands still until the test moves it.
//!
//! The behaviour: `start` opens a session valid for `ttl` from now (reopening it if it existed);
//! `is_active` is true strictly before the expiry instant and false from that instant on;
//! `touch` on an active session pushes its expiry to `ttl` from now and returns true, but on an
//! expired or unknown session does nothing and returns false; `end` (logout) removes that
//! session at once, and no other.
//!
//! Why it matters: expiry bugs are security bugs (sessions that outlive their timeout, or that
//! an attacker can keep alive), and "is it `<` or `<=`?" is exactly the question a test with a
//! controllable clock can answer to the second.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

/// Where the code under test gets the current time.
pub trait Clock {
    fn now(&self) -> SystemTime;
}

/// The real clock, for production.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A borrowed clock is a clock too, so a test can keep its own handle to a fake one.
impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> SystemTime {
        (**self).now()
    }
}

pub struct Sessions<C> {
    clock: C,
    ttl: Duration,
    expires_at: HashMap<String, SystemTime>,
}

impl<C: Clock> Sessions<C> {
    pub fn new(clock: C, ttl: Duration) -> Self {
        Self {
            clock,
            ttl,
            expires_at: HashMap::new(),
        }
    }

    /// Opens (or reopens) the session `token`, valid for `ttl` from now.
    pub fn start(&mut self, token: &str) {
        let deadline = self.deadline();
        self.expires_at.insert(token.to_string(), deadline);
    }

    /// Whether `token` names a session that has not expired yet.
    pub fn is_active(&self, token: &str) -> bool {
        self.expires_at
            .get(token)
            .is_some_and(|&expires_at| self.clock.now() < expires_at)
    }

    /// Extends an active session to `ttl` from now. Returns whether the session was active.
    pub fn touch(&mut self, token: &str) -> bool {
        if !self.is_active(token) {
            return false;
        }
        let extended = self.deadline();
        self.expires_at.insert(token.to_string(), extended);
        true
    }

    /// Ends the session `token` (logout).
    pub fn end(&mut self, token: &str) {
        self.expires_at.remove(token);
    }

    fn deadline(&self) -> SystemTime {
        self.clock.now() + self.ttl
    }
}

fn main() {
    let mut sessions = Sessions::new(SystemClock, Duration::from_secs(30 * 60));
    sessions.start("abc");
    println!("abc active: {}", sessions.is_active("abc"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A clock that stands still until the test advances it.
    struct FakeClock {
        now: Cell<SystemTime>,
    }

    impl FakeClock {
        fn new() -> Self {
            // Any fixed instant will do.
            let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
            Self {
                now: Cell::new(start),
            }
        }

        fn advance(&self, by: Duration) {
            // TODO: move the fake time forward by `by`.
            todo!()
        }
    }

    impl Clock for FakeClock {
        fn now(&self) -> SystemTime {
            // TODO: the fake time.
            todo!()
        }
    }

    const TTL: Duration = Duration::from_secs(30 * 60);

    #[test]
    fn a_fresh_session_is_active() {
        let clock = FakeClock::new();
        // `Sessions` gets a reference: a `&FakeClock` is a `Clock` too, and the test keeps
        // `clock` to move the time with `clock.advance(...)`.
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        assert!(sessions.is_active("abc"));
        assert!(
            !sessions.is_active("nope"),
            "an unknown token is not active"
        );
    }

    // TODO: tests that advance the clock and check `is_active`, `touch` and `end`. Put the
    // clock exactly where the behaviour changes.
}
