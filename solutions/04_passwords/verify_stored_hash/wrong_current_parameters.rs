//! wrong: reuses the stored salt but recomputes with the current parameters, so old hashes never verify
//! expect: must use the parameters written in the PHC string
use argon2::password_hash;
use argon2::{Argon2, PasswordVerifier};
use argon2::{PasswordHash, PasswordHasher};

pub fn verify_password(password: &str, stored: &str) -> Result<bool, password_hash::Error> {
    let parsed = PasswordHash::new(stored).map_err(password_hash::Error::from)?;
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return Err(password_hash::Error::SaltInvalid);
    };
    // Output compares in constant time.
    let attempt = Argon2::default().hash_password_with_salt(password.as_bytes(), salt.as_ref())?;
    Ok(attempt.hash.as_ref() == Some(expected))
}

fn main() {}
