//! wrong: names the algorithm and version but takes Params::default() instead of the constants
//! expect: review: password_hasher spells out MEMORY_KIB, ITERATIONS and PARALLELISM
//! expect: uses `Params::default`
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};

pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

pub fn password_hasher() -> Result<Argon2<'static>, argon2::Error> {
    Ok(Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::default(),
    ))
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let hash = password_hasher()?.hash_password(password.as_bytes())?;
    Ok(hash.to_string())
}

fn main() {}
