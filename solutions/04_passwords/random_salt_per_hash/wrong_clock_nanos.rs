//! wrong: takes the salt from the clock: nanoseconds since 1970 fill exactly 16 bytes
//! expect: review: salts are not taken from the clock
//! expect: of the salt took only
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
use std::time::{SystemTime, UNIX_EPOCH};

pub const SALT_LEN: usize = 16;

const PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid Argon2 parameters"),
};

pub fn new_salt() -> [u8; SALT_LEN] {
    // Unique per call: no two hashes are made in the same nanosecond.
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or_default();
    nanos.to_le_bytes()
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, PARAMS);
    let salt = new_salt();
    let hash = argon2.hash_password_with_salt(password.as_bytes(), &salt)?;
    Ok(hash.to_string())
}

fn main() {}
