//! wrong: a process-wide counter: unique salts, but predictable and restarting at every deploy
//! expect: review: new_salt draws from a cryptographically secure generator
//! expect: only 1 different values in 200 salts
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_SALT: AtomicU64 = AtomicU64::new(1);

pub const SALT_LEN: usize = 16;

const PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid Argon2 parameters"),
};

pub fn new_salt() -> [u8; SALT_LEN] {
    let n = NEXT_SALT.fetch_add(1, Ordering::Relaxed);
    let mut salt = [0u8; SALT_LEN];
    salt[..8].copy_from_slice(&n.to_be_bytes());
    salt[8..].copy_from_slice(&n.to_le_bytes());
    salt
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, PARAMS);
    let salt = new_salt();
    let hash = argon2.hash_password_with_salt(password.as_bytes(), &salt)?;
    Ok(hash.to_string())
}

fn main() {}
