//! wrong: adds the earned tokens without capping them at capacity
//! expect: Cap the tokens at `capacity` when refilling

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
        let now = self.clock.now();
        let capacity = f64::from(self.capacity);
        let bucket = self.buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: capacity,
            updated_at: now,
        });
        let earned =
            now.duration_since(bucket.updated_at).as_secs_f64() / self.refill.as_secs_f64();
        bucket.tokens += earned;
        bucket.updated_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Decision::Allowed
        } else {
            let missing = 1.0 - bucket.tokens;
            Decision::Limited {
                retry_after: self.refill.mul_f64(missing),
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

