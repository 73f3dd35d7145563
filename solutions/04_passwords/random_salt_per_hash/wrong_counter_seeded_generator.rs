//! wrong: seeds a (cryptographic) generator with a counter, so every salt is computable in advance
//! expect: review: new_salt draws from a cryptographically secure generator
//! expect: uses `seed_from_u64`
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::sync::atomic::{AtomicU64, Ordering};

static CALLS: AtomicU64 = AtomicU64::new(0);

pub const SALT_LEN: usize = 16;

const PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid Argon2 parameters"),
};

pub fn new_salt() -> [u8; SALT_LEN] {
    // A new seed on every call, so salts never repeat.
    let mut rng = StdRng::seed_from_u64(CALLS.fetch_add(1, Ordering::Relaxed));
    rng.random()
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, PARAMS);
    let salt = new_salt();
    let hash = argon2.hash_password_with_salt(password.as_bytes(), &salt)?;
    Ok(hash.to_string())
}

fn main() {}
