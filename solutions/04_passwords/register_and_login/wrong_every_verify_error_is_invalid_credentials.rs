//! wrong: any verification failure is InvalidCredentials, so a corrupt stored hash hides as a wrong password
//! expect: a stored value that cannot be verified is a server fault
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
    let user: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, password_hash FROM users WHERE email = ?1",
            params![email],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((id, stored)) = user else {
        return Err(AuthError::InvalidCredentials);
    };
    if hasher().verify_password(password.as_bytes(), stored.as_str()).is_ok() {
        Ok(id)
    } else {
        Err(AuthError::InvalidCredentials)
    }
}

fn main() {}
