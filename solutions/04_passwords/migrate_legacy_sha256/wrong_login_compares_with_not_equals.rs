//! wrong: login checks the legacy digest itself with `!=` instead of calling legacy_sha256_matches
//! expect: review: login checks legacy rows with legacy_sha256_matches
//! expect: does not use `legacy_sha256_matches`
use argon2::password_hash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub const SCHEMA: &str = "
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL
    );
";

pub const LEGACY_PREFIX: &str = "sha256$";

const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$VPq9SkCbrrNutPRZuTjdTg$lEzp7mnishbgpul0vy4FUTgnf/gdvIenuB5MYi1j9vw";

fn hasher() -> Argon2<'static> {
    Argon2::default()
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("invalid email or password")]
    InvalidCredentials,
    #[error("database error")]
    Database(#[from] rusqlite::Error),
    #[error("password hashing error")]
    Hashing(#[from] password_hash::Error),
}

pub fn legacy_sha256_matches(password: &str, hex_digest: &str) -> bool {
    let Ok(expected) = hex::decode(hex_digest) else {
        return false;
    };
    let actual = Sha256::digest(password.as_bytes());
    actual.as_slice().ct_eq(expected.as_slice()).into()
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
        let _ = hasher().verify_password(password.as_bytes(), DUMMY_HASH);
        return Err(AuthError::InvalidCredentials);
    };

    if let Some(legacy_digest) = stored.strip_prefix(LEGACY_PREFIX) {
        if hex::encode(Sha256::digest(password.as_bytes())) != legacy_digest {
            return Err(AuthError::InvalidCredentials);
        }
        let upgraded = hasher().hash_password(password.as_bytes())?.to_string();
        conn.execute(
            "UPDATE users SET password_hash = ?1 WHERE id = ?2",
            params![upgraded, id],
        )?;
        return Ok(id);
    }

    match hasher().verify_password(password.as_bytes(), stored.as_str()) {
        Ok(()) => Ok(id),
        Err(password_hash::Error::PasswordInvalid) => Err(AuthError::InvalidCredentials),
        Err(err) => Err(err.into()),
    }
}

fn main() {}
