//! right: GCRA in exact durations: each key keeps the instant its bucket will be full again

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


pub struct RateLimiter<C> {
    capacity: u32,
    /// The time it takes to earn one token back.
    refill: Duration,
    clock: C,
    /// For each key, when its bucket will be full again (in the past: it is full).
    full_at: HashMap<String, Instant>,
}

impl<C: Clock> RateLimiter<C> {
    pub fn new(capacity: u32, refill: Duration, clock: C) -> Self {
        Self {
            capacity,
            refill,
            clock,
            full_at: HashMap::new(),
        }
    }

    /// Takes a token from `key`'s bucket if it has a whole one.
    pub fn check(&mut self, key: &str) -> Decision {
        let now = self.clock.now();
        let whole_bucket = self.refill * self.capacity;
        let full_at = self.full_at.entry(key.to_owned()).or_insert(now);
        // Taking a token pushes the "full again" instant one refill further.
        let after_this_one = (*full_at).max(now) + self.refill;
        let debt = after_this_one - now;
        if debt <= whole_bucket {
            *full_at = after_this_one;
            Decision::Allowed
        } else {
            Decision::Limited {
                retry_after: debt - whole_bucket,
            }
        }
    }
}

fn main() {
    let mut limiter = RateLimiter::new(3, Duration::from_secs(1), SystemClock);
    for attempt in 1..=5 {
        println!("request {attempt}: {:?}", limiter.check("client-a"));
    }
}

