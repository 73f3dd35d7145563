//! right: rand::random for the salt, and a main that times the hashing (the clock stays out of the salt)
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
use std::time::Instant;

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
    let salt = new_salt();
    let hash = argon2.hash_password_with_salt(password.as_bytes(), &salt)?;
    Ok(hash.to_string())
}

fn main() {
    let started = Instant::now();
    match hash_password("same password") {
        Ok(phc) => println!("{phc} in {:?}", started.elapsed()),
        Err(err) => eprintln!("hashing failed: {err}"),
    }
}
