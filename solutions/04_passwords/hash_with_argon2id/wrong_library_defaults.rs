//! wrong: returns Argon2::default(), which matches the policy today but spells none of it out
//! expect: review: password_hasher names Algorithm::Argon2id
//! expect: review: password_hasher spells out MEMORY_KIB, ITERATIONS and PARALLELISM
//! expect: uses `Argon2::default`
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};

pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

pub fn password_hasher() -> Result<Argon2<'static>, argon2::Error> {
    // The defaults are Argon2id v19 with m=19456, t=2, p=1 anyway.
    Ok(Argon2::default())
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let hash = password_hasher()?.hash_password(password.as_bytes())?;
    Ok(hash.to_string())
}

fn main() {}
