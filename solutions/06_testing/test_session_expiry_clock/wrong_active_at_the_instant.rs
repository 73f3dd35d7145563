//! wrong: expects the session to be still active at the expiry instant itself
//! expect: your tests fail on the correct implementation
//! expect: still active at ttl
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
    fn active_at_ttl_inclusive() {
        let clock = FakeClock::new();
        let mut sessions = Sessions::new(&clock, TTL);
        sessions.start("abc");
        clock.advance(TTL);
        assert!(sessions.is_active("abc"), "still active at ttl");
    }
}
