//! wrong: hashes the attempt again (with a new random salt) and compares the PHC strings
//! expect: the password the hash was made from must verify
use argon2::password_hash;
use argon2::{Argon2, PasswordVerifier};
use argon2::{PasswordHash, PasswordHasher};

pub fn verify_password(password: &str, stored: &str) -> Result<bool, password_hash::Error> {
    PasswordHash::new(stored).map_err(password_hash::Error::from)?;
    let attempt = Argon2::default().hash_password(password.as_bytes())?;
    Ok(attempt.to_string() == stored)
}

fn main() {}
