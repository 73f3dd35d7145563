//! wrong: writes new_salt but leaves hash_password hashing with the app-wide salt
//! expect: each hash must get its own salt
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
pub const APP_SALT: &[u8; SALT_LEN] = b"my-app-salt-2024";

pub const SALT_LEN: usize = 16;

const PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid Argon2 parameters"),
};

pub fn new_salt() -> [u8; SALT_LEN] {
    rand::random()
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, PARAMS);
    let hash = argon2.hash_password_with_salt(password.as_bytes(), APP_SALT)?;
    Ok(hash.to_string())
}

fn main() {}
