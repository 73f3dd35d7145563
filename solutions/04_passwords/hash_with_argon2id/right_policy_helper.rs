//! right: the Params in a helper the hasher calls, errors converted with map_err
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};

pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

fn policy() -> Result<Params, argon2::Error> {
    Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
}

pub fn password_hasher() -> Result<Argon2<'static>, argon2::Error> {
    policy().map(|params| Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let hasher = password_hasher().map_err(password_hash::Error::from)?;
    let phc = hasher.hash_password(password.as_bytes())?;
    Ok(format!("{phc}"))
}

fn main() {}
