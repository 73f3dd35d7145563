//! right: fills a buffer from the thread-local CSPRNG with RngExt::fill, and hashes in a helper
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
use rand::RngExt;

pub const SALT_LEN: usize = 16;

const PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid Argon2 parameters"),
};

pub fn new_salt() -> [u8; SALT_LEN] {
    let mut salt = [0u8; SALT_LEN];
    rand::rng().fill(&mut salt[..]);
    salt
}

fn hash_with_salt(password: &str, salt: &[u8]) -> Result<String, password_hash::Error> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, PARAMS)
        .hash_password_with_salt(password.as_bytes(), salt)
        .map(|hash| hash.to_string())
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    hash_with_salt(password, &new_salt())
}

fn main() {}
