//! right: parses algorithm and version into argon2's types and compares (m, t, p) as tuples
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use rusqlite::{Connection, OptionalExtension, params};

pub const SCHEMA: &str = "
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL
    );
";

pub const CURRENT_PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid Argon2 parameters"),
};

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, CURRENT_PARAMS)
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

fn costs(params: &Params) -> (u32, u32, u32) {
    (params.m_cost(), params.t_cost(), params.p_cost())
}

pub fn needs_rehash(stored: &PasswordHash) -> bool {
    let algorithm = Algorithm::try_from(stored.algorithm.as_str()).ok();
    let version = stored.version.and_then(|v| Version::try_from(v).ok());
    let params = Params::try_from(stored).ok();
    algorithm != Some(Algorithm::Argon2id)
        || version != Some(Version::V0x13)
        || params.as_ref().map(costs) != Some(costs(&CURRENT_PARAMS))
}

pub fn login(conn: &Connection, email: &str, password: &str) -> Result<i64, AuthError> {
    let user: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, password_hash FROM users WHERE email = ?1",
            params![email],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    // Returning at once lets a stopwatch tell unknown emails apart (no hash is verified);
    // `dummy_hash_for_unknown_users` closes that gap.
    let Some((id, stored)) = user else {
        return Err(AuthError::InvalidCredentials);
    };
    let parsed = PasswordHash::new(&stored).map_err(password_hash::Error::from)?;
    if let Err(err) = hasher().verify_password(password.as_bytes(), &parsed) {
        return Err(match err {
            password_hash::Error::PasswordInvalid => AuthError::InvalidCredentials,
            other => other.into(),
        });
    }
    if needs_rehash(&parsed) {
        let upgraded = hasher().hash_password(password.as_bytes())?.to_string();
        // Only if no other request changed the hash meanwhile; the login stands either way.
        conn.execute(
            "UPDATE users SET password_hash = ?1 WHERE id = ?2 AND password_hash = ?3",
            params![upgraded, id, stored],
        )?;
    }
    Ok(id)
}

fn main() {}
