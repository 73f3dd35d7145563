//! right: parses the PHC string first, verifies the parsed hash, and maps errors with or_else
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordVerifier, Version};

pub fn verify_password(password: &str, stored: &str) -> Result<bool, password_hash::Error> {
    let parsed = PasswordHash::new(stored).map_err(password_hash::Error::from)?;
    // The context's own parameters do not matter: verification reads them from `parsed`.
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default());
    argon2
        .verify_password(password.as_bytes(), &parsed)
        .map(|()| true)
        .or_else(|err| {
            if err == password_hash::Error::PasswordInvalid {
                Ok(false)
            } else {
                Err(err)
            }
        })
}

fn main() {}
