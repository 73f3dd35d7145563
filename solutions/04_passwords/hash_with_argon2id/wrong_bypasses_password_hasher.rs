//! wrong: hash_password builds its own Argon2 instead of calling password_hasher()
//! expect: review: hash_password hashes with password_hasher()
//! expect: does not use `password_hasher`
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};

pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

pub fn password_hasher() -> Result<Argon2<'static>, argon2::Error> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let hash = Argon2::default().hash_password(password.as_bytes())?;
    Ok(hash.to_string())
}

fn main() {}
