//! wrong: returns whether verification succeeded, so a corrupt hash reads as a wrong password
//! expect: is not a hash that can be verified: return Err
use argon2::password_hash;
use argon2::{Argon2, PasswordVerifier};


pub fn verify_password(password: &str, stored: &str) -> Result<bool, password_hash::Error> {
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok())
}

fn main() {}
