//! wrong: reads SystemTime::now in get instead of the injected clock
//! expect: review: get reads the time from self.clock
//! expect: uses `SystemTime::now`
use std::collections::HashMap;

/// Seconds since the Unix epoch, from a clock the tests control.
pub trait Clock {
    fn now(&self) -> u64;
}

pub const IDLE_TIMEOUT_SECS: u64 = 15 * 60;
pub const ABSOLUTE_TIMEOUT_SECS: u64 = 8 * 60 * 60;

#[derive(Debug)]
struct Session {
    user: String,
    created_at: u64,
    last_seen: u64,
}

pub struct SessionStore<C: Clock> {
    clock: C,
    sessions: HashMap<String, Session>,
}

impl<C: Clock> SessionStore<C> {
    pub fn new(clock: C) -> Self {
        Self {
            clock,
            sessions: HashMap::new(),
        }
    }

    /// Starts a session for `user`; returns its id.
    pub fn create(&mut self, user: &str) -> String {
        let id = hex::encode(rand::random::<[u8; 32]>());
        let now = self.clock.now();
        let session = Session {
            user: user.to_owned(),
            created_at: now,
            last_seen: now,
        };
        self.sessions.insert(id.clone(), session);
        id
    }

    /// The user of a live session, marking it used now; `None` for an unknown or expired one
    /// (which is removed).
    pub fn get(&mut self, id: &str) -> Option<String> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let session = self.sessions.get_mut(id)?;
        let idle = now.saturating_sub(session.last_seen);
        let age = now.saturating_sub(session.created_at);
        if idle >= IDLE_TIMEOUT_SECS || age >= ABSOLUTE_TIMEOUT_SECS {
            self.sessions.remove(id);
            return None;
        }
        session.last_seen = now;
        Some(session.user.clone())
    }

    /// How many sessions the store holds.
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }
}

fn main() {}

