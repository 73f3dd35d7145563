//! wrong: update clears the whole cache instead of the one entry
//! expect: invalidate only the entry that changed
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
        self.cache.clear();
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

