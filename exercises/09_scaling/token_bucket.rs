//! # A token bucket per client
//!
//! Finish `RateLimiter::check`. Every client key has a bucket of its own that holds at most
//! `capacity` tokens and starts full. A request takes one token. Tokens come back at `refill`
//! (one token per `refill` of time) continuously: half of `refill` gives back half a token, and a
//! check in between must not lose that progress. The bucket never holds more than `capacity`.
//! When it has less than one whole token, the request is refused, costs nothing, and the answer
//! says how long until a whole token is back (that wait becomes the `Retry-After` header).
//!
//! Read the time from `self.clock`, never from `Instant::now()`.
//!
//! Why it matters: a token bucket lets a client burst (up to `capacity` at once) but holds it to
//! an average rate over time. It is what API gateways (nginx `limit_req`, AWS API Gateway, Stripe)
//! use to keep one noisy client from using up a service that everyone shares.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Where the limiter gets the current time from.
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

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    /// The request may go ahead.
    Allowed,
    /// Refused: a whole token is back after this wait.
    Limited { retry_after: Duration },
}

/// One client's bucket.
struct Bucket {
    /// Tokens left, a fraction included (0.5 is half a token).
    tokens: f64,
    /// When `tokens` was last brought up to date.
    updated_at: Instant,
}

pub struct RateLimiter<C> {
    capacity: u32,
    /// The time it takes to earn one token back.
    refill: Duration,
    clock: C,
    buckets: HashMap<String, Bucket>,
}

impl<C: Clock> RateLimiter<C> {
    pub fn new(capacity: u32, refill: Duration, clock: C) -> Self {
        Self {
            capacity,
            refill,
            clock,
            buckets: HashMap::new(),
        }
    }

    /// Takes a token from `key`'s bucket if it has a whole one.
    pub fn check(&mut self, key: &str) -> Decision {
        // TODO: find or create `key`'s bucket (a new one is full: `capacity` tokens), add the
        // tokens earned since it was last updated (elapsed / refill, a fraction included; never
        // more than capacity), then take one whole token, or answer how long until one is back.
        todo!()
    }
}

fn main() {
    let mut limiter = RateLimiter::new(3, Duration::from_secs(1), SystemClock);
    for attempt in 1..=5 {
        println!("request {attempt}: {:?}", limiter.check("client-a"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    /// A clock that only moves when told to; clones share the same time.
    #[derive(Clone)]
    struct FakeClock(Rc<Cell<Instant>>);

    impl FakeClock {
        fn start() -> Self {
            Self(Rc::new(Cell::new(Instant::now())))
        }
        fn advance(&self, by: Duration) {
            self.0.set(self.0.get() + by);
        }
    }

    impl Clock for FakeClock {
        fn now(&self) -> Instant {
            self.0.get()
        }
    }

    /// One token every 2 s: the fractions below are exact in binary floating point.
    const REFILL: Duration = Duration::from_secs(2);

    fn limiter(capacity: u32) -> (FakeClock, RateLimiter<FakeClock>) {
        let clock = FakeClock::start();
        (clock.clone(), RateLimiter::new(capacity, REFILL, clock))
    }

    fn is_limited(decision: Decision) -> bool {
        matches!(decision, Decision::Limited { .. })
    }

    #[test]
    fn a_new_client_can_burst_up_to_capacity() {
        let (_clock, mut limiter) = limiter(3);
        for n in 1..=3 {
            assert_eq!(
                limiter.check("alice"),
                Decision::Allowed,
                "request {n} of a new client with capacity 3 must be allowed: a bucket starts \
                 full, so a client may burst up to `capacity` requests at once"
            );
        }
        assert!(
            is_limited(limiter.check("alice")),
            "the 4th request at the same instant must be refused: the 3 tokens are spent and \
             no time has passed to earn one back"
        );
    }

    #[test]
    fn each_client_key_has_its_own_bucket() {
        let (_clock, mut limiter) = limiter(2);
        limiter.check("alice");
        limiter.check("alice");
        assert!(
            is_limited(limiter.check("alice")),
            "alice spent her 2 tokens: her 3rd request must be refused"
        );
        assert_eq!(
            limiter.check("bob"),
            Decision::Allowed,
            "bob has not sent anything yet: each client key has a bucket of its own, so \
             alice's requests must not use up bob's tokens"
        );
    }

    #[test]
    fn tokens_come_back_at_the_refill_rate() {
        let (clock, mut limiter) = limiter(2);
        limiter.check("alice");
        limiter.check("alice");
        clock.advance(REFILL);
        assert_eq!(
            limiter.check("alice"),
            Decision::Allowed,
            "one `refill` (2 s) after the bucket ran dry, one token is back: the request \
             must be allowed (read the time from self.clock, not Instant::now())"
        );
        assert!(
            is_limited(limiter.check("alice")),
            "2 s give back exactly one token, so a second request at that instant must be \
             refused"
        );
    }

    #[test]
    fn partial_refills_add_up_across_checks() {
        let (clock, mut limiter) = limiter(1);
        limiter.check("alice");
        // Half a token, a refused check, another half: one whole token.
        clock.advance(REFILL / 2);
        let early = limiter.check("alice");
        assert_eq!(
            early,
            Decision::Limited {
                retry_after: REFILL / 2
            },
            "1 s after the bucket ran dry it holds half a token: the request is refused and a \
             whole token is back in the other 1 s, so retry_after is 1 s, not the full 2 s of \
             `refill`"
        );
        clock.advance(REFILL / 2);
        assert_eq!(
            limiter.check("alice"),
            Decision::Allowed,
            "1 s + 1 s = one whole token: tokens come back continuously, so a check in \
             between (here a refused one) must keep the half token it found, not throw it away \
             by resetting the time without adding it"
        );
    }

    #[test]
    fn a_refused_request_costs_nothing() {
        let (clock, mut limiter) = limiter(1);
        limiter.check("alice");
        let Decision::Limited { retry_after } = limiter.check("alice") else {
            panic!("the 2nd request of a 1-token bucket at the same instant must be refused");
        };
        for _ in 0..5 {
            limiter.check("alice"); // a client that keeps hammering while refused
        }
        clock.advance(retry_after);
        assert_eq!(
            limiter.check("alice"),
            Decision::Allowed,
            "a client that waits the retry_after it was given ({retry_after:?}) must get in, \
             even if it sent more requests meanwhile: a refused request costs no token (the \
             bucket never goes below zero)"
        );
    }

    #[test]
    fn the_bucket_never_holds_more_than_its_capacity() {
        let (clock, mut limiter) = limiter(3);
        limiter.check("alice");
        clock.advance(Duration::from_secs(3600)); // an hour idle
        for n in 1..=3 {
            assert_eq!(
                limiter.check("alice"),
                Decision::Allowed,
                "after an hour idle the bucket is full again: request {n} of 3 must be allowed"
            );
        }
        assert!(
            is_limited(limiter.check("alice")),
            "after an hour idle the bucket holds 3 tokens, not the 1800 an hour would earn: the \
             4th request at once must be refused. Cap the tokens at `capacity` when refilling"
        );
    }

    #[test]
    fn retry_after_is_the_time_until_a_whole_token() {
        let (clock, mut limiter) = limiter(2);
        limiter.check("alice");
        limiter.check("alice");
        assert_eq!(
            limiter.check("alice"),
            Decision::Limited {
                retry_after: REFILL
            },
            "an empty bucket earns a whole token in one `refill`: retry_after is 2 s"
        );
        clock.advance(Duration::from_millis(500));
        assert_eq!(
            limiter.check("alice"),
            Decision::Limited {
                retry_after: Duration::from_millis(1500)
            },
            "500 ms after running dry the bucket has a quarter of a token, so a whole one is \
             back in 1.5 s: retry_after counts from now, not from when the bucket ran dry"
        );
    }
}
