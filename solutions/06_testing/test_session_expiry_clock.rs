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
            // Any fixed instant will do; far from the real "now" on purpose.
            let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
            Self {
                now: Cell::new(start),
            }
        }

        fn advance(&self, by: Duration) {
            self.now.set(self.now.get() + by);
        }
    }

    impl Clock for FakeClock {
        fn now(&self) -> SystemTime {
            self.now.get()
        }
    }

    const TTL: Duration = Duration::from_secs(30 * 60);
    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn an_unknown_token_is_not_active() {
        let sessions = Sessions::new(SystemClock, TTL);
        assert!(!sessions.is_active("nope"));
    }

    #[test]
    fn a_session_is_active_until_the_last_second_before_expiry() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        assert!(sessions.is_active("abc"), "a fresh session is active");

        clock.advance(TTL - SECOND);
        assert!(
            sessions.is_active("abc"),
            "one second before expiry it is still active"
        );
    }

    #[test]
    fn a_session_expires_exactly_at_ttl() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        clock.advance(TTL);
        assert!(
            !sessions.is_active("abc"),
            "at the expiry instant the session is over"
        );
    }

    #[test]
    fn touching_an_active_session_extends_it() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        clock.advance(TTL - SECOND);
        assert!(sessions.touch("abc"), "touching an active session succeeds");

        clock.advance(TTL - SECOND);
        assert!(
            sessions.is_active("abc"),
            "the expiry moved to ttl after the touch"
        );
        clock.advance(SECOND);
        assert!(
            !sessions.is_active("abc"),
            "and it ends exactly ttl after the touch"
        );
    }

    #[test]
    fn an_expired_session_cannot_be_revived() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        clock.advance(TTL);
        assert!(!sessions.touch("abc"), "touching an expired session fails");
        assert!(!sessions.is_active("abc"), "and leaves it expired");
        assert!(!sessions.touch("unknown"));
    }

    #[test]
    fn an_expired_session_can_be_started_again() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        clock.advance(TTL);
        sessions.start("abc");
        assert!(sessions.is_active("abc"), "start reopens the session");
        clock.advance(TTL - SECOND);
        assert!(sessions.is_active("abc"), "for ttl from the new start");
    }

    #[test]
    fn ending_a_session_deactivates_it_at_once() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        sessions.start("def");
        sessions.end("abc");
        assert!(!sessions.is_active("abc"), "a logged-out session is over");
        assert!(sessions.is_active("def"), "other sessions are untouched");
    }
}
