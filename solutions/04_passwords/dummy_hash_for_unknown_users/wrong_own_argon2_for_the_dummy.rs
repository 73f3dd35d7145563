//! wrong: verifies the dummy with a new Argon2::default() instead of the verifier it was given
//! expect: an unknown email must cost exactly one `verifier.verify_password` call
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

pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$VPq9SkCbrrNutPRZuTjdTg$lEzp7mnishbgpul0vy4FUTgnf/gdvIenuB5MYi1j9vw";

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("invalid email or password")]
    InvalidCredentials,
    #[error("database error")]
    Database(#[from] rusqlite::Error),
    #[error("password hashing error")]
    Hashing(#[from] password_hash::Error),
}

pub fn register(conn: &Connection, email: &str, password: &str) -> Result<i64, AuthError> {
    let phc = Argon2::default()
        .hash_password(password.as_bytes())?
        .to_string();
    conn.execute(
        "INSERT INTO users (email, password_hash) VALUES (?1, ?2)",
        params![email, phc],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn login(
    conn: &Connection,
    verifier: &dyn PasswordVerifier<str>,
    email: &str,
    password: &str,
) -> Result<i64, AuthError> {
    let user: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, password_hash FROM users WHERE email = ?1",
            params![email],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((id, stored)) = user else {
        let _ = Argon2::default().verify_password(password.as_bytes(), DUMMY_HASH);
        return Err(AuthError::InvalidCredentials);
    };
    match verifier.verify_password(password.as_bytes(), &stored) {
        Ok(()) => Ok(id),
        Err(password_hash::Error::PasswordInvalid) => Err(AuthError::InvalidCredentials),
        Err(err) => Err(err.into()),
    }
}

fn main() {}
