//! # Cache-aside, and invalidation on write
//!
//! `CachedUsers` sits in front of a slow `UserRepo` (the database) using the
//! cache-aside pattern. Finish `get`: answer from the cache when you can; on a
//! miss load from the repository and, if it found the user, remember a copy.
//! Then finish `update`: write the repository first (it is the source of
//! truth), then remove that user's cache entry, so the next `get` loads the row
//! as the database stored it (do not cache the value you were given: the
//! database may store it differently). Leave the other cached users alone.
//!
//! Why it matters: cache-aside is the most common way services cache database
//! rows. Its classic bug is forgetting invalidation: the write succeeds, and
//! readers keep seeing the old data until the entry happens to expire.

use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: u64,
    pub name: String,
}

/// The slow backend: each call is a database round trip.
pub trait UserRepo {
    fn load(&self, id: u64) -> Option<User>;
    fn save(&self, user: &User);
}

pub struct CachedUsers<R> {
    repo: R,
    cache: HashMap<u64, User>,
}

impl<R: UserRepo> CachedUsers<R> {
    pub fn new(repo: R) -> Self {
        Self {
            repo,
            cache: HashMap::new(),
        }
    }

    pub fn repo(&self) -> &R {
        &self.repo
    }

    /// Cache-aside read: cache first, repository on a miss.
    pub fn get(&mut self, id: u64) -> Option<User> {
        if let Some(user) = self.cache.get(&id) {
            return Some(user.clone());
        }
        let user = self.repo.load(id)?;
        self.cache.insert(id, user.clone());
        Some(user)
    }

    /// Writes through to the repository and invalidates the cached copy.
    pub fn update(&mut self, user: User) {
        // Database first: if the cache were cleared first, a concurrent reader
        // could reload the old row and cache it again before the write lands.
        self.repo.save(&user);
        self.cache.remove(&user.id);
    }
}

/// An in-memory stand-in for the database, for the demo in `main`.
struct MemoryRepo(std::cell::RefCell<HashMap<u64, User>>);

impl UserRepo for MemoryRepo {
    fn load(&self, id: u64) -> Option<User> {
        self.0.borrow().get(&id).cloned()
    }

    fn save(&self, user: &User) {
        self.0.borrow_mut().insert(user.id, user.clone());
    }
}

fn main() {
    let ada = User {
        id: 1,
        name: "Ada".into(),
    };
    let mut users = CachedUsers::new(MemoryRepo(Default::default()));
    users.repo().save(&ada);
    println!("{:?}", users.get(1));
    users.update(User {
        name: "Ada Lovelace".into(),
        ..ada
    });
    println!("{:?}", users.get(1));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};

    /// A repository that counts its round trips per user.
    #[derive(Default)]
    struct CountingRepo {
        rows: RefCell<HashMap<u64, User>>,
        loads: RefCell<HashMap<u64, usize>>,
        saves: Cell<usize>,
    }

    impl CountingRepo {
        fn with(users: &[(u64, &str)]) -> Self {
            let repo = Self::default();
            for &(id, name) in users {
                repo.rows.borrow_mut().insert(id, user(id, name));
            }
            repo
        }

        fn loads_of(&self, id: u64) -> usize {
            self.loads.borrow().get(&id).copied().unwrap_or(0)
        }
    }

    impl UserRepo for CountingRepo {
        fn load(&self, id: u64) -> Option<User> {
            *self.loads.borrow_mut().entry(id).or_default() += 1;
            self.rows.borrow().get(&id).cloned()
        }

        /// Like a real database, it normalises what it stores: names are trimmed.
        fn save(&self, user: &User) {
            self.saves.set(self.saves.get() + 1);
            let stored = User {
                id: user.id,
                name: user.name.trim().to_string(),
            };
            self.rows.borrow_mut().insert(user.id, stored);
        }
    }

    fn user(id: u64, name: &str) -> User {
        User {
            id,
            name: name.to_string(),
        }
    }

    #[test]
    fn repeated_reads_hit_the_repository_once() {
        let mut users = CachedUsers::new(CountingRepo::with(&[(1, "Ada")]));
        for _ in 0..3 {
            assert_eq!(
                users.get(1),
                Some(user(1, "Ada")),
                "get(1) must return user 1"
            );
        }
        assert_eq!(
            users.repo().loads_of(1),
            1,
            "three reads of user 1 made {} repository calls: after the first miss, the \
             cached copy must answer",
            users.repo().loads_of(1)
        );
    }

    #[test]
    fn a_missing_user_is_none_and_not_remembered() {
        let mut users = CachedUsers::new(CountingRepo::with(&[(1, "Ada")]));
        assert_eq!(
            users.get(404),
            None,
            "a user the repository does not have is None"
        );
        // Another service creates user 404 in the database.
        users
            .repo()
            .rows
            .borrow_mut()
            .insert(404, user(404, "Grace"));
        assert_eq!(
            users.get(404),
            Some(user(404, "Grace")),
            "only a user the repository found is cached: after a miss that found nobody, the \
             next get must ask the repository again (here the user now exists)"
        );
    }

    #[test]
    fn an_update_is_written_to_the_repository() {
        let mut users = CachedUsers::new(CountingRepo::with(&[(1, "Ada")]));
        users.update(user(1, "Ada Lovelace"));
        assert_eq!(
            users.repo().saves.get(),
            1,
            "update must save to the repository: the database is the source of truth, \
             the cache only holds copies"
        );
        assert_eq!(
            users.repo().rows.borrow().get(&1),
            Some(&user(1, "Ada Lovelace")),
            "the repository must hold the new value after update"
        );
    }

    #[test]
    fn a_read_after_an_update_is_not_stale() {
        let mut users = CachedUsers::new(CountingRepo::with(&[(1, "Ada")]));
        assert_eq!(
            users.get(1),
            Some(user(1, "Ada")),
            "get(1) must return user 1"
        );
        users.update(user(1, "Ada Lovelace"));
        assert_eq!(
            users.get(1),
            Some(user(1, "Ada Lovelace")),
            "after update the cache served the old value: invalidate the user's entry on \
             write, or readers see stale data until it happens to expire"
        );
    }

    #[test]
    fn after_an_update_the_next_read_loads_the_stored_row() {
        let mut users = CachedUsers::new(CountingRepo::with(&[(1, "Ada")]));
        assert_eq!(
            users.get(1),
            Some(user(1, "Ada")),
            "get(1) must return user 1"
        );
        users.update(user(1, "  Ada Lovelace "));
        assert_eq!(
            users.get(1),
            Some(user(1, "Ada Lovelace")),
            "the database stored the trimmed name \"Ada Lovelace\": after update, remove the \
             user's entry so the next get loads the row as stored; do not put the value passed \
             to update in the cache yourself"
        );
        assert_eq!(
            users.repo().loads_of(1),
            2,
            "the get after update must load user 1 from the repository once (its entry was \
             removed), then answer from the cache again"
        );
    }

    #[test]
    fn an_update_of_an_uncached_user_is_read_back() {
        let mut users = CachedUsers::new(CountingRepo::with(&[(1, "Ada")]));
        users.update(user(2, "Grace"));
        assert_eq!(
            users.get(2),
            Some(user(2, "Grace")),
            "user 2 was saved by update: get(2) must find it in the repository"
        );
    }

    #[test]
    fn an_update_leaves_other_entries_cached() {
        let mut users = CachedUsers::new(CountingRepo::with(&[(1, "Ada"), (2, "Grace")]));
        users.get(1);
        users.get(2);
        users.update(user(1, "Ada Lovelace"));
        assert_eq!(
            users.get(2),
            Some(user(2, "Grace")),
            "get(2) must return user 2"
        );
        assert_eq!(
            users.repo().loads_of(2),
            1,
            "updating user 1 sent user 2 back to the repository: invalidate only the \
             entry that changed, not the whole cache"
        );
    }
}
