//! wrong: checks a session long after it expired (a whole day), so its length is never pinned
//! expect: sessions last twice as long as the configured ttl
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
    fn fresh_is_active() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        assert!(sessions.is_active("abc"));
        clock.advance(DAY);
        assert!(!sessions.is_active("abc"), "gone a day later");
    }

    #[test]
    fn touch_keeps_it_alive() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        clock.advance(TTL - SECOND);
        assert!(sessions.touch("abc"));
        clock.advance(SECOND * 2);
        assert!(sessions.is_active("abc"), "past the first deadline");
    }

    const DAY: Duration = Duration::from_secs(24 * 60 * 60);

    #[test]
    fn expired_and_unknown_cannot_be_touched() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        clock.advance(DAY);
        assert!(!sessions.touch("abc"));
        assert!(!sessions.is_active("abc"));
        assert!(!sessions.touch("ghost"));
        assert!(!sessions.is_active("ghost"));
    }

    #[test]
    fn restart_the_next_day() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        clock.advance(DAY);
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
