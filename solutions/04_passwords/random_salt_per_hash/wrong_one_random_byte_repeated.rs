//! wrong: `[rand::random(); 16]` draws ONE random byte and repeats it 16 times
//! expect: draw all 16 bytes independently
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};


pub const SALT_LEN: usize = 16;

const PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid Argon2 parameters"),
};

pub fn new_salt() -> [u8; SALT_LEN] {
    [rand::random::<u8>(); SALT_LEN]
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, PARAMS);
    let salt = new_salt();
    let hash = argon2.hash_password_with_salt(password.as_bytes(), &salt)?;
    Ok(hash.to_string())
}

fn main() {}
