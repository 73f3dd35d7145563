//! wrong: propagates every verification error with `?`, a wrong password included
//! expect: a wrong password is an expected outcome: Ok(false), not Err
use argon2::password_hash;
use argon2::{Argon2, PasswordVerifier};


pub fn verify_password(password: &str, stored: &str) -> Result<bool, password_hash::Error> {
    Argon2::default().verify_password(password.as_bytes(), stored)?;
    Ok(true)
}

fn main() {}
