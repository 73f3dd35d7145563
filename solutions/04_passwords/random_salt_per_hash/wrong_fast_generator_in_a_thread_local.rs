//! wrong: a fast non-cryptographic generator (SmallRng) kept in a thread_local, seeded once
//! expect: review: new_salt draws from a cryptographically secure generator
use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
use rand::rngs::SmallRng;
use rand::{RngExt, SeedableRng};
use std::cell::RefCell;

pub const SALT_LEN: usize = 16;

const PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid Argon2 parameters"),
};

thread_local! {
    // Seeding once per thread is cheaper than asking the OS every time.
    static FAST: RefCell<SmallRng> = RefCell::new(SmallRng::from_rng(&mut rand::rng()));
}

pub fn new_salt() -> [u8; SALT_LEN] {
    FAST.with(|rng| rng.borrow_mut().random())
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, PARAMS);
    let salt = new_salt();
    let hash = argon2.hash_password_with_salt(password.as_bytes(), &salt)?;
    Ok(hash.to_string())
}

fn main() {}
