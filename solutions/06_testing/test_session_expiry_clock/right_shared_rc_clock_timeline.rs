//! right: a cloneable fake clock (`Rc<Cell<_>>`) owned by `Sessions`, and each scenario a timeline of steps
#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    /// Clones share one instant, so `Sessions` can own a clone while the test keeps another.
    #[derive(Clone)]
    struct FakeClock(Rc<Cell<SystemTime>>);

    impl Clock for FakeClock {
        fn now(&self) -> SystemTime {
            self.0.get()
        }
    }

    impl FakeClock {
        fn at_epoch_plus(secs: u64) -> Self {
            Self(Rc::new(Cell::new(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))))
        }

        fn set_secs_after_start(&self, start: SystemTime, secs: u64) {
            self.0.set(start + Duration::from_secs(secs));
        }
    }

    const TTL_SECS: u64 = 600;

    enum Step {
        At(u64),
        Start(&'static str),
        Touch(&'static str, bool),
        End(&'static str),
        Active(&'static str, bool),
    }
    use Step::*;

    fn run(steps: &[Step]) {
        let clock = FakeClock::at_epoch_plus(5_000_000);
        let start = clock.now();
        let mut sessions = Sessions::new(clock.clone(), Duration::from_secs(TTL_SECS));
        for (i, step) in steps.iter().enumerate() {
            match *step {
                At(secs) => clock.set_secs_after_start(start, secs),
                Start(token) => sessions.start(token),
                Touch(token, expected) => assert_eq!(sessions.touch(token), expected, "step {i}: touch {token}"),
                End(token) => sessions.end(token),
                Active(token, expected) => assert_eq!(sessions.is_active(token), expected, "step {i}: active {token}"),
            }
        }
    }

    #[test]
    fn a_session_lives_exactly_ttl() {
        run(&[Start("a"), Active("a", true), Active("b", false), At(599), Active("a", true), At(600), Active("a", false)]);
    }

    #[test]
    fn touch_slides_from_now() {
        run(&[Start("a"), At(400), Touch("a", true), At(999), Active("a", true), At(1000), Active("a", false)]);
    }

    #[test]
    fn expired_or_unknown_sessions_refuse_a_touch() {
        run(&[Start("a"), At(600), Touch("a", false), Active("a", false), Touch("zz", false), Active("zz", false)]);
    }

    #[test]
    fn start_reopens_and_end_is_per_session() {
        run(&[Start("a"), Start("b"), At(700), Start("a"), Active("a", true), At(1299), Active("a", true)]);
        run(&[Start("a"), Start("b"), At(10), End("a"), Active("a", false), Active("b", true)]);
    }
}
