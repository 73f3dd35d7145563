//! # Hashing with Argon2id into a PHC string
//!
//! Build an Argon2id hasher with the OWASP minimum parameters (19 MiB of memory, 2 passes,
//! 1 lane) and use it to turn a password into a PHC string such as
//! `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`.
//! Why it matters: Argon2id is slow and memory-hard on purpose, so each guess costs an attacker
//! real memory and time, and the PHC string stores the algorithm, parameters and salt next to
//! the hash, so any later version of your service can still verify it.

use argon2::password_hash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};

/// Memory cost in KiB (19 MiB): the OWASP minimum for Argon2id.
pub const MEMORY_KIB: u32 = 19_456;
/// Number of passes over the memory.
pub const ITERATIONS: u32 = 2;
/// Degree of parallelism (lanes).
pub const PARALLELISM: u32 = 1;

/// The hasher of this service: Argon2id, version 0x13 (19), with the parameters above.
pub fn password_hasher() -> Result<Argon2<'static>, argon2::Error> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes `password` with a fresh random salt and returns the PHC string to store.
pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    let hash = password_hasher()?.hash_password(password.as_bytes())?;
    Ok(hash.to_string())
}

fn main() {
    match hash_password("correct horse battery staple") {
        Ok(phc) => println!("{phc}"),
        Err(err) => eprintln!("hashing failed: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{PasswordHash, PasswordVerifier};

    fn hash_and_parse(password: &str) -> (String, PasswordHash) {
        let phc = hash_password(password).expect("hashing should succeed");
        let parsed = PasswordHash::new(&phc).unwrap_or_else(|err| {
            panic!("hash_password must return a PHC string ($argon2id$v=19$m=..,t=..,p=..$salt$hash); got {phc:?} ({err})")
        });
        (phc, parsed)
    }

    fn param(parsed: &PasswordHash, name: &str) -> u32 {
        parsed
            .params
            .get_decimal(name)
            .unwrap_or_else(|| panic!("the PHC string must carry the `{name}` parameter"))
    }

    #[test]
    fn the_phc_string_names_argon2id_version_19() {
        let (phc, parsed) = hash_and_parse("correct horse battery staple");
        assert_eq!(
            parsed.algorithm.as_str(),
            "argon2id",
            "use Algorithm::Argon2id: Argon2i is weaker against GPU cracking and Argon2d leaks through side channels; got {phc}"
        );
        assert_eq!(
            parsed.version,
            Some(19),
            "use Version::V0x13 (19), the current Argon2 version; got {phc}"
        );
    }

    #[test]
    fn the_parameters_meet_the_owasp_minimum() {
        let (phc, parsed) = hash_and_parse("correct horse battery staple");
        assert!(
            param(&parsed, "m") >= 19_456,
            "memory cost m must be at least 19456 KiB (19 MiB): memory is what makes GPU cracking expensive; got {phc}"
        );
        assert!(
            param(&parsed, "t") >= 2,
            "iterations t must be at least 2 with 19 MiB of memory; got {phc}"
        );
        assert!(
            param(&parsed, "p") >= 1,
            "parallelism p must be at least 1; got {phc}"
        );
    }

    #[test]
    fn the_hash_verifies_and_rejects_other_passwords() {
        let (_, parsed) = hash_and_parse("correct horse battery staple");
        let argon2 = Argon2::default();
        assert!(
            argon2
                .verify_password(b"correct horse battery staple", &parsed)
                .is_ok(),
            "the stored hash must verify the password it was made from"
        );
        assert!(
            argon2
                .verify_password(b"Correct horse battery staple", &parsed)
                .is_err(),
            "the stored hash must reject any other password"
        );
    }

    #[test]
    fn every_hash_gets_its_own_salt() {
        let (first, first_parsed) = hash_and_parse("same password");
        let (second, second_parsed) = hash_and_parse("same password");
        assert_ne!(
            first_parsed.salt, second_parsed.salt,
            "a fixed salt is no salt: let `hash_password` generate a random one each time; got {first} and {second}"
        );
        assert_ne!(first, second);
    }
}
