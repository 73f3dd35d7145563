//! # Testing database code against an in-memory SQLite
//!
//! `UserRepo` stores users in SQLite and is correct. Test it against a real database, not a
//! pretend one: `Connection::open_in_memory()` gives every test a private, empty database in
//! microseconds, so a fixture can create the schema, insert known rows, and the test can check
//! what the repository returns.
//!
//! The behaviour: emails are unique regardless of case (`Ada@Example.com` and `ada@example.com`
//! are the same user), and a second insert with the same email fails with
//! `RepoError::DuplicateEmail`. `find_by_email` returns `Ok(None)` for an unknown email.
//! `list_newest(n)` returns at most `n` users, newest `created_at` first, and among users created
//! at the same second, the one inserted last first.
//!
//! Why it matters: SQL lives in strings the compiler never checks. Ordering, limits, collations
//! and constraint errors are exactly where repositories go wrong, and only running the SQL shows
//! it.

use rusqlite::{Connection, ErrorCode, OptionalExtension, Row, params};
use thiserror::Error;

/// The schema the repository needs; `UserRepo::new` applies it.
pub const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS users (
        id         INTEGER PRIMARY KEY,
        email      TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name       TEXT NOT NULL,
        created_at INTEGER NOT NULL -- unix seconds
    );";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub created_at: i64,
}

#[derive(Debug, Error)]
pub enum RepoError {
    #[error("a user with this email already exists")]
    DuplicateEmail,
    #[error(transparent)]
    Db(#[from] rusqlite::Error),
}

pub struct UserRepo {
    conn: Connection,
}

impl UserRepo {
    /// Wraps a connection, creating the schema if it is not there yet.
    pub fn new(conn: Connection) -> Result<Self, RepoError> {
        conn.execute_batch(SCHEMA)?;
        Ok(Self { conn })
    }

    /// Stores a new user and returns it with its id.
    pub fn insert(&self, email: &str, name: &str, created_at: i64) -> Result<User, RepoError> {
        let inserted = self.conn.execute(
            "INSERT INTO users (email, name, created_at) VALUES (?1, ?2, ?3)",
            params![email, name, created_at],
        );
        match inserted {
            Ok(_) => Ok(User {
                id: self.conn.last_insert_rowid(),
                email: email.to_string(),
                name: name.to_string(),
                created_at,
            }),
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
                Err(RepoError::DuplicateEmail)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The user with this email (compared without regard to case), if any.
    pub fn find_by_email(&self, email: &str) -> Result<Option<User>, RepoError> {
        let user = self
            .conn
            .query_row(
                "SELECT id, email, name, created_at FROM users WHERE email = ?1",
                [email],
                user_from_row,
            )
            .optional()?;
        Ok(user)
    }

    /// At most `limit` users, newest first.
    pub fn list_newest(&self, limit: u32) -> Result<Vec<User>, RepoError> {
        let mut statement = self.conn.prepare(
            "SELECT id, email, name, created_at FROM users
             ORDER BY created_at DESC, id DESC
             LIMIT ?1",
        )?;
        let users = statement
            .query_map([limit], user_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(users)
    }
}

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        email: row.get(1)?,
        name: row.get(2)?,
        created_at: row.get(3)?,
    })
}

fn main() -> Result<(), RepoError> {
    let repo = UserRepo::new(Connection::open_in_memory()?)?;
    repo.insert("ada@example.com", "Ada", 1_700_000_000)?;
    repo.insert("grace@example.com", "Grace", 1_700_000_100)?;
    for user in repo.list_newest(10)? {
        println!("{user:?}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh, empty repository on a private in-memory database.
    fn repo() -> UserRepo {
        let conn = Connection::open_in_memory().expect("in-memory database opens");
        UserRepo::new(conn).expect("schema applies")
    }

    #[test]
    fn an_inserted_user_can_be_found_by_email() {
        let repo = repo();
        let ada = repo.insert("ada@example.com", "Ada", 100).unwrap();
        assert_eq!(repo.find_by_email("ada@example.com").unwrap(), Some(ada));
    }

    // TODO: a second fixture that inserts a few known users (choose their `created_at` with
    // care), then tests for case-insensitive emails, unknown emails, duplicates (which error?),
    // and the order and limit of `list_newest`.
}
