//! wrong: after a touch, checks the session only before its original deadline
//! expect: touching an active session does not extend it
#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    struct FakeClock {
        now: Cell<SystemTime>,
    }

    impl FakeClock {
        fn new() -> Self {
            let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
            Self { now: Cell::new(start) }
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
    fn active_until_the_last_second() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        assert!(sessions.is_active("abc"));
        assert!(!sessions.is_active("nope"));
        clock.advance(TTL - SECOND);
        assert!(sessions.is_active("abc"));
    }

    #[test]
    fn expires_exactly_at_ttl() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        clock.advance(TTL);
        assert!(!sessions.is_active("abc"));
    }

    #[test]
    fn touch_keeps_it_active() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        clock.advance(TTL / 2);
        assert!(sessions.touch("abc"));
        clock.advance(TTL / 4);
        assert!(sessions.is_active("abc"), "still active after a touch");
    }

    #[test]
    fn expired_and_unknown_cannot_be_touched() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        clock.advance(TTL);
        assert!(!sessions.touch("abc"));
        assert!(!sessions.is_active("abc"));
        assert!(!sessions.touch("ghost"));
        assert!(!sessions.is_active("ghost"));
    }

    #[test]
    fn restart_after_expiry() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        clock.advance(TTL);
        sessions.start("abc");
        assert!(sessions.is_active("abc"));
    }

    #[test]
    fn logout_ends_only_that_session() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        sessions.start("def");
        sessions.end("abc");
        assert!(!sessions.is_active("abc"));
        assert!(sessions.is_active("def"));
    }
}
