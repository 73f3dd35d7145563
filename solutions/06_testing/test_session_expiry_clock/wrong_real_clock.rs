//! wrong: tests with the real SystemClock, so it can only check "right now", never expiry
//! expect: expiry is checked against the real system time instead of the injected clock
#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const TTL: Duration = Duration::from_secs(30 * 60);

    #[test]
    fn a_fresh_session_is_active_and_can_be_touched() {
        let mut sessions = Sessions::new(SystemClock, TTL);
        sessions.start("abc");
        assert!(sessions.is_active("abc"));
        assert!(sessions.touch("abc"));
        assert!(!sessions.touch("ghost"));
        assert!(!sessions.is_active("ghost"));
    }

    #[test]
    fn logout() {
        let mut sessions = Sessions::new(SystemClock, TTL);
        sessions.start("abc");
        sessions.start("def");
        sessions.end("abc");
        assert!(!sessions.is_active("abc"));
        assert!(sessions.is_active("def"));
    }
}
