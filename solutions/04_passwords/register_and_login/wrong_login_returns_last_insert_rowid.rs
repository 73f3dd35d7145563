//! wrong: login answers with the connection's last inserted id instead of the row it read
//! expect: must return the id of the row with that email
use argon2::password_hash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rusqlite::{Connection, OptionalExtension, params};

pub const SCHEMA: &str = "
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL
    );
";

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
    let phc = hasher().hash_password(password.as_bytes())?.to_string();
    conn.execute(
        "INSERT INTO users (email, password_hash) VALUES (?1, ?2)",
        params![email, phc],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn login(conn: &Connection, email: &str, password: &str) -> Result<i64, AuthError> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT password_hash FROM users WHERE email = ?1",
            params![email],
            |row| row.get(0),
        )
        .optional()?;
    let Some(stored) = stored else {
        return Err(AuthError::InvalidCredentials);
    };
    match hasher().verify_password(password.as_bytes(), stored.as_str()) {
        Ok(()) => Ok(conn.last_insert_rowid()),
        Err(password_hash::Error::PasswordInvalid) => Err(AuthError::InvalidCredentials),
        Err(err) => Err(err.into()),
    }
}

fn main() {}
