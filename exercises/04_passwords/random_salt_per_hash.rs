//! # A fresh random salt for every hash
//!
//! This hasher was written with one app-wide salt, `APP_SALT`, which is INSECURE. Give every hash its own
//! 16 random bytes from a cryptographically secure generator.
//! Why it matters: with a shared (or per-username) salt, users with the same password get the
//! same hash, and an attacker can build one table for your whole database. With a unique
//! random salt every guess must be computed again for every single user.
//! (`PasswordHasher::hash_password` does this for you; here you write it once to see there is
//! no magic in it.)

use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};

/// Salt length in bytes: 16 is the length the PHC string format and RFC 9106 recommend.
pub const SALT_LEN: usize = 16;

/// INSECURE: one salt shared by every user. Remove it once `hash_password` uses `new_salt`.
pub const APP_SALT: &[u8; SALT_LEN] = b"my-app-salt-2024";

const PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("invalid Argon2 parameters"),
};

/// Returns 16 bytes from a cryptographically secure random generator, all 16 of them random
/// and drawn afresh on every call: never the clock, a counter, or a generator with a fixed or
/// guessable seed.
pub fn new_salt() -> [u8; SALT_LEN] {
    // TODO: fill 16 bytes from a cryptographically secure generator. `rand::random()` draws
    // from the thread-local generator, a CSPRNG seeded by the operating system.
    todo!()
}

/// Hashes `password` with Argon2id and a fresh salt into a PHC string.
pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, PARAMS);
    // TODO: INSECURE: every user gets the same salt. Hash with a fresh `new_salt()` instead.
    let hash = argon2.hash_password_with_salt(password.as_bytes(), APP_SALT)?;
    Ok(hash.to_string())
}

fn main() {
    for _ in 0..2 {
        match hash_password("same password") {
            Ok(phc) => println!("{phc}"),
            Err(err) => eprintln!("hashing failed: {err}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{PasswordHash, PasswordVerifier};
    use std::collections::HashSet;

    /// The app-wide salt the original code used.
    const APP_SALT: &[u8; SALT_LEN] = b"my-app-salt-2024";

    fn salt_of(phc: &str) -> Vec<u8> {
        let parsed = PasswordHash::new(phc).expect("hash_password must return a PHC string");
        parsed
            .salt
            .expect("the PHC string must contain the salt")
            .as_ref()
            .to_vec()
    }

    #[test]
    fn new_salt_never_repeats() {
        let salts: HashSet<[u8; SALT_LEN]> = (0..200).map(|_| new_salt()).collect();
        assert_eq!(
            salts.len(),
            200,
            "200 calls to new_salt gave repeated values: a salt must come from a random generator \
             (not a constant, not a generator re-seeded with a fixed seed on every call)"
        );
        assert!(
            !salts.contains(&[0; SALT_LEN]) && !salts.contains(APP_SALT),
            "a salt of all zeros, or the app-wide salt, is not random"
        );
    }

    #[test]
    fn every_byte_of_the_salt_is_random() {
        let salts: Vec<[u8; SALT_LEN]> = (0..200).map(|_| new_salt()).collect();
        for position in 0..SALT_LEN {
            let values: HashSet<u8> = salts.iter().map(|salt| salt[position]).collect();
            assert!(
                values.len() >= 32,
                "byte {position} of the salt took only {} different values in 200 salts: all {SALT_LEN} \
                 bytes must be random (a clock, a counter, or a u64 padded with zeros leaves bytes \
                 that barely change)",
                values.len()
            );
        }
        for salt in &salts {
            let distinct: HashSet<u8> = salt.iter().copied().collect();
            assert!(
                distinct.len() >= 8,
                "the salt {salt:?} has only {} different bytes: draw all {SALT_LEN} bytes \
                 independently (`[rand::random(); 16]` repeats one random byte)",
                distinct.len()
            );
        }
    }

    #[test]
    fn the_same_password_twice_gives_two_different_hashes_that_both_verify() {
        let first = hash_password("same password").expect("hashing should succeed");
        let second = hash_password("same password").expect("hashing should succeed");
        assert_ne!(
            salt_of(&first),
            salt_of(&second),
            "each hash must get its own salt: hash_password must use a fresh new_salt(), not APP_SALT or any value that repeats"
        );
        assert_ne!(
            first, second,
            "two users with the same password must not get the same stored hash"
        );
        let argon2 = Argon2::default();
        for phc in [&first, &second] {
            assert!(
                argon2
                    .verify_password(b"same password", phc.as_str())
                    .is_ok(),
                "a salted hash must still verify: the salt is stored in the PHC string ({phc})"
            );
        }
    }

    #[test]
    fn the_stored_salt_is_fresh_and_full_length() {
        let phc = hash_password("correct horse battery staple").expect("hashing should succeed");
        let salt = salt_of(&phc);
        assert_ne!(
            salt.as_slice(),
            APP_SALT.as_slice(),
            "APP_SALT is shared by every user, so it does not stop precomputed tables"
        );
        assert_eq!(
            salt.len(),
            SALT_LEN,
            "store all {SALT_LEN} random bytes as the salt"
        );
    }
}
