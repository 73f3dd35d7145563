//! # Negative caching: remember "not found", briefly
//!
//! `UserLookup` caches answers from the user table. Finish `find` so that it
//! caches both kinds of answer, with different lifetimes:
//! - a user that exists is cached for `HIT_TTL` (60 s);
//! - "no such user" is cached too, but only for `MISS_TTL` (5 s): the user may
//!   sign up any second, and nobody should wait a minute to see it;
//! - a database error is an outage, not an answer: never cache it.
//!
//! Same boundary as before: an answer cached at `t` with lifetime `ttl` is
//! fresh while `now - t < ttl` (time from `self.clock`); reading it does not
//! extend its life. Once it has expired, the next lookup asks the repository
//! again and caches that answer in its place.
//!
//! Why it matters: without negative caching, every request for an id that
//! does not exist goes straight to the database: a broken client (or an
//! attacker enumerating ids) can hammer it through an otherwise warm cache.

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
        // TODO: 1. A cached answer that has not expired (`now < expires_at`)
        //          is returned as it is, `None` included.
        //       2. Otherwise ask the repository. On `Err`, return the error
        //          and cache nothing (`?`).
        //       3. Cache the answer: `Some(user)` until now + HIT_TTL, `None`
        //          until now + MISS_TTL. Return it.
        todo!()
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    const MS: Duration = Duration::from_millis(1);

    /// A user table that counts queries and can be told to fail once.
    #[derive(Default)]
    struct TestRepo {
        rows: RefCell<HashMap<u64, User>>,
        queries: Cell<usize>,
        fail_next: Cell<bool>,
    }

    impl TestRepo {
        fn add(&self, id: u64, name: &str) {
            let user = User {
                id,
                name: name.to_string(),
            };
            self.rows.borrow_mut().insert(id, user);
        }
    }

    impl UserRepo for TestRepo {
        fn find(&self, id: u64) -> Result<Option<User>, DbError> {
            self.queries.set(self.queries.get() + 1);
            if self.fail_next.replace(false) {
                return Err(DbError);
            }
            Ok(self.rows.borrow().get(&id).cloned())
        }
    }

    fn lookup() -> (FakeClock, UserLookup<TestRepo, FakeClock>) {
        let clock = FakeClock::start();
        let repo = TestRepo::default();
        repo.add(1, "Ada");
        (clock.clone(), UserLookup::new(repo, clock))
    }

    fn ada() -> Option<User> {
        Some(User {
            id: 1,
            name: "Ada".to_string(),
        })
    }

    #[test]
    fn a_found_user_is_cached_for_the_hit_ttl() {
        let (clock, mut users) = lookup();
        assert_eq!(users.find(1), Ok(ada()), "user 1 is Ada");
        clock.advance(HIT_TTL - MS);
        assert_eq!(users.find(1), Ok(ada()), "user 1 is still Ada");
        assert_eq!(
            users.repo.queries.get(),
            1,
            "user 1 was found 59.999 s ago: a hit is cached for HIT_TTL (60 s)"
        );
        clock.advance(MS);
        assert_eq!(users.find(1), Ok(ada()), "user 1 is still Ada");
        assert_eq!(
            users.repo.queries.get(),
            2,
            "user 1 was cached exactly HIT_TTL ago (and read since): it is expired and must be \
             queried again. An answer lives a fixed time after it was cached, measured on \
             self.clock; reading it does not extend its life"
        );
        assert_eq!(users.find(1), Ok(ada()), "user 1 is still Ada");
        assert_eq!(
            users.repo.queries.get(),
            2,
            "the answer queried after the expiry must be cached again (replace the expired \
             entry), not queried on every lookup from now on"
        );
    }

    #[test]
    fn not_found_is_cached_too() {
        let (_clock, mut users) = lookup();
        for _ in 0..10 {
            assert_eq!(users.find(404), Ok(None), "there is no user 404");
        }
        let queries = users.repo.queries.get();
        assert_eq!(
            queries, 1,
            "ten lookups of a missing user made {queries} queries: cache \"not found\" as well, \
             or anyone asking for ids that do not exist goes straight to the database"
        );
    }

    #[test]
    fn not_found_expires_after_the_shorter_miss_ttl() {
        let (clock, mut users) = lookup();
        assert_eq!(users.find(7), Ok(None), "user 7 does not exist yet");
        users.repo.add(7, "Grace"); // Grace signs up
        clock.advance(MISS_TTL - MS);
        assert_eq!(
            users.find(7),
            Ok(None),
            "4.999 s after the miss, the cached \"not found\" is still fresh (MISS_TTL is 5 s)"
        );
        assert_eq!(
            users.repo.queries.get(),
            1,
            "the fresh \"not found\" must answer without a query"
        );
        clock.advance(MS);
        let grace = Some(User {
            id: 7,
            name: "Grace".to_string(),
        });
        assert_eq!(
            users.find(7),
            Ok(grace.clone()),
            "5 s after the miss, \"not found\" must be expired: a miss lives MISS_TTL, not \
             HIT_TTL (a user who just signed up must not be told they do not exist for a whole \
             minute), and an answer whose age equals its TTL is expired"
        );
        clock.advance(HIT_TTL - MS);
        assert_eq!(users.find(7), Ok(grace), "user 7 is Grace");
        assert_eq!(
            users.repo.queries.get(),
            2,
            "Grace was found 59.999 s ago: now that she exists, her answer is a hit, cached \
             for HIT_TTL"
        );
    }

    #[test]
    fn a_database_error_is_not_cached() {
        let (_clock, mut users) = lookup();
        users.repo.fail_next.set(true);
        assert_eq!(
            users.find(1),
            Err(DbError),
            "the database failed: return its error"
        );
        assert_eq!(
            users.find(1),
            Ok(ada()),
            "an error is an outage, not an answer: it must not be cached (neither as the error \
             nor as \"not found\"), so the next lookup asks the database again"
        );
        assert_eq!(
            users.repo.queries.get(),
            2,
            "one failed query, then one that found Ada"
        );
    }
}
