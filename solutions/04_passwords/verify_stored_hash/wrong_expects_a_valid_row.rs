//! wrong: parses the stored string with expect(), so one corrupt row panics the request
//! expect: must come back as an Err, never crash the request
use argon2::password_hash;
use argon2::{Argon2, PasswordVerifier};
use argon2::PasswordHash;

pub fn verify_password(password: &str, stored: &str) -> Result<bool, password_hash::Error> {
    let parsed = PasswordHash::new(stored).expect("the database only holds valid hashes");
    match Argon2::default().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(password_hash::Error::PasswordInvalid) => Ok(false),
        Err(err) => Err(err),
    }
}

fn main() {}
