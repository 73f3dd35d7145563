//! wrong: one random u64 in the first 8 bytes, zeros after: 64 bits of salt presented as 128
//! expect: byte 8 of the salt took only 1 different values
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};


pub const SALT_LEN: usize = 16;

const PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid Argon2 parameters"),
};

pub fn new_salt() -> [u8; SALT_LEN] {
    let mut salt = [0u8; SALT_LEN];
    salt[..8].copy_from_slice(&rand::random::<u64>().to_le_bytes());
    salt
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, PARAMS);
    let salt = new_salt();
    let hash = argon2.hash_password_with_salt(password.as_bytes(), &salt)?;
    Ok(hash.to_string())
}

fn main() {}
