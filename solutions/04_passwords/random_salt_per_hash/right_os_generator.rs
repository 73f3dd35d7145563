//! right: the salt straight from the operating system's generator (password_hash::generate_salt)
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};

pub const SALT_LEN: usize = 16;

const PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid Argon2 parameters"),
};

pub fn new_salt() -> [u8; SALT_LEN] {
    password_hash::generate_salt()
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let salt = new_salt();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, PARAMS)
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
}

fn main() {}
