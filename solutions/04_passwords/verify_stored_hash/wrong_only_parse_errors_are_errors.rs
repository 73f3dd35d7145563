//! wrong: treats a string that parses as a valid hash, so unusable parameters read as a wrong password
//! expect: is not a hash that can be verified: return Err
use argon2::password_hash;
use argon2::{Argon2, PasswordVerifier};
use argon2::PasswordHash;

pub fn verify_password(password: &str, stored: &str) -> Result<bool, password_hash::Error> {
    let parsed = PasswordHash::new(stored).map_err(password_hash::Error::from)?;
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

fn main() {}
