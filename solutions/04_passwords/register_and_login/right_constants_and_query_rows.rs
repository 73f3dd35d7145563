//! right: SQL in named constants, values bound as a tuple, the row read with query + next, or_else
use argon2::password_hash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rusqlite::Connection;

pub const SCHEMA: &str = "
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL
    );
";

const INSERT_USER: &str = "INSERT INTO users (email, password_hash) VALUES (?1, ?2)";
const FIND_USER: &str = "SELECT id, password_hash FROM users WHERE email = ?1";

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("invalid email or password")]
    InvalidCredentials,
    #[error("database error")]
    Database(#[from] rusqlite::Error),
    #[error("password hashing error")]
    Hashing(#[from] password_hash::Error),
}

fn hasher() -> Argon2<'static> {
    Argon2::default()
}

pub fn register(conn: &Connection, email: &str, password: &str) -> Result<i64, AuthError> {
    let phc = hasher().hash_password(password.as_bytes())?;
    conn.execute(INSERT_USER, (email, phc.to_string()))?;
    Ok(conn.last_insert_rowid())
}

fn find_user(conn: &Connection, email: &str) -> Result<Option<(i64, String)>, rusqlite::Error> {
    let mut stmt = conn.prepare_cached(FIND_USER)?;
    let mut rows = stmt.query([email])?;
    match rows.next()? {
        Some(row) => Ok(Some((row.get("id")?, row.get("password_hash")?))),
        None => Ok(None),
    }
}

pub fn login(conn: &Connection, email: &str, password: &str) -> Result<i64, AuthError> {
    // As in the reference, an unknown email is refused without verifying anything, which a
    // stopwatch can tell apart; `dummy_hash_for_unknown_users` closes that gap.
    let (id, stored) = find_user(conn, email)?.ok_or(AuthError::InvalidCredentials)?;
    hasher()
        .verify_password(password.as_bytes(), stored.as_str())
        .map(|()| id)
        .or_else(|err| match err {
            password_hash::Error::PasswordInvalid => Err(AuthError::InvalidCredentials),
            other => Err(AuthError::Hashing(other)),
        })
}

fn main() {}
