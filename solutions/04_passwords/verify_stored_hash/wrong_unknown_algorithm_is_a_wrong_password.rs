//! wrong: treats a hash of another algorithm as a wrong password, hiding rows the service cannot verify
//! expect: is not a hash that can be verified: return Err
use argon2::password_hash;
use argon2::{Argon2, PasswordVerifier};

pub fn verify_password(password: &str, stored: &str) -> Result<bool, password_hash::Error> {
    match Argon2::default().verify_password(password.as_bytes(), stored) {
        Ok(()) => Ok(true),
        // Not an Argon2 hash (an old bcrypt row): it cannot match, so the password is wrong.
        Err(password_hash::Error::PasswordInvalid | password_hash::Error::Algorithm) => Ok(false),
        Err(err) => Err(err),
    }
}

fn main() {}
