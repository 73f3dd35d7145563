//! wrong: turns a database error into "not found" (unwrap_or_default) and caches it
//! expect: the database failed: return its error
use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::{Duration, Instant};

pub const HIT_TTL: Duration = Duration::from_secs(60);
pub const MISS_TTL: Duration = Duration::from_secs(5);

pub trait Clock {
    fn now(&self) -> Instant;
}

/// A clock that only moves when told to; clones share the same time.
#[derive(Clone)]
pub struct FakeClock {
    now: Rc<Cell<Instant>>,
}

impl FakeClock {
    pub fn start() -> Self {
        Self {
            now: Rc::new(Cell::new(Instant::now())),
        }
    }

    pub fn advance(&self, by: Duration) {
        self.now.set(self.now.get() + by);
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.now.get()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: u64,
    pub name: String,
}

#[derive(Debug, PartialEq, thiserror::Error)]
#[error("the database is unavailable")]
pub struct DbError;

/// The user table: `Ok(None)` means the query ran and found no such user.
pub trait UserRepo {
    fn find(&self, id: u64) -> Result<Option<User>, DbError>;
}

/// A cached answer: the user, or `None` for "not found".
struct Cached {
    user: Option<User>,
    expires_at: Instant,
}

pub struct UserLookup<R, C> {
    repo: R,
    clock: C,
    answers: HashMap<u64, Cached>,
}

impl<R: UserRepo, C: Clock> UserLookup<R, C> {
    pub fn new(repo: R, clock: C) -> Self {
        Self {
            repo,
            clock,
            answers: HashMap::new(),
        }
    }

    /// The user `id`, or `None` if there is no such user.
    pub fn find(&mut self, id: u64) -> Result<Option<User>, DbError> {
        let now = self.clock.now();
        if let Some(cached) = self.answers.get(&id)
            && now < cached.expires_at
        {
            return Ok(cached.user.clone());
        }
        // An error returns here, before anything is cached.
        let user = self.repo.find(id).unwrap_or_default();
        let ttl = if user.is_some() { HIT_TTL } else { MISS_TTL };
        self.answers.insert(
            id,
            Cached {
                user: user.clone(),
                expires_at: now + ttl,
            },
        );
        Ok(user)
    }
}

struct Nobody;

impl UserRepo for Nobody {
    fn find(&self, _id: u64) -> Result<Option<User>, DbError> {
        Ok(None)
    }
}

fn main() -> Result<(), DbError> {
    let clock = FakeClock::start();
    let mut users = UserLookup::new(Nobody, clock.clone());
    println!("user 404: {:?}", users.find(404)?);
    clock.advance(MISS_TTL);
    println!("user 404 again: {:?}", users.find(404)?);
    Ok(())
}

