//! wrong: builds the UPDATE with format! ("the hash is base64, it cannot contain a quote")
//! expect: review: SQL is a literal and the values are bound
//! expect: the SQL given to `execute`
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

pub fn needs_rehash(stored: &PasswordHash) -> bool {
    let Ok(params) = Params::try_from(stored) else {
        return true;
    };
    stored.algorithm.as_str() != Algorithm::Argon2id.as_str()
        || stored.version != Some(Version::V0x13.into())
        || params.m_cost() != CURRENT_PARAMS.m_cost()
        || params.t_cost() != CURRENT_PARAMS.t_cost()
        || params.p_cost() != CURRENT_PARAMS.p_cost()
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
    let parsed = PasswordHash::new(&stored).map_err(password_hash::Error::from)?;
    match hasher().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => {}
        Err(password_hash::Error::PasswordInvalid) => return Err(AuthError::InvalidCredentials),
        Err(err) => return Err(err.into()),
    }
    if needs_rehash(&parsed) {
        let upgraded = hasher().hash_password(password.as_bytes())?.to_string();
        let update = format!("UPDATE users SET password_hash = '{upgraded}' WHERE id = {id}");
        conn.execute(&update, [])?;
    }
    Ok(id)
}

fn main() {}
