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
    // TODO: build `Params` from the three constants (no custom output length), then an
    // `Argon2` context that names the algorithm and version explicitly.
    todo!()
}

/// Hashes `password` with a fresh random salt and returns the PHC string to store.
pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    // TODO: hash the password's bytes with `password_hasher()` (the `PasswordHasher` trait picks
    // a random salt for you) and return the result as a string.
    todo!()
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
        let phc = hash_password(password).unwrap_or_else(|err| {
            panic!(
                "hash_password returned an error ({err}): check the Params built in \
                 password_hasher (memory in KiB, then iterations, then parallelism)"
            )
        });
        let parsed = PasswordHash::new(&phc).unwrap_or_else(|err| {
            panic!("hash_password must return the whole PHC string ($argon2id$v=19$m=..,t=..,p=..$salt$hash), not a part of it; got {phc:?} ({err})")
        });
        (phc, parsed)
    }

    fn param(parsed: &PasswordHash, name: &str) -> u32 {
        parsed
            .params
            .get_decimal(name)
            .unwrap_or_else(|| panic!("the PHC string must carry the `{name}` parameter"))
    }

    /// What every hash of this service must say about itself; `made_by` names the function.
    fn assert_follows_the_policy(made_by: &str, phc: &str, parsed: &PasswordHash) {
        assert_eq!(
            parsed.algorithm.as_str(),
            "argon2id",
            "{made_by}: use Algorithm::Argon2id: Argon2i is weaker against GPU cracking and Argon2d leaks through side channels; got {phc}"
        );
        assert_eq!(
            parsed.version,
            Some(19),
            "{made_by}: use Version::V0x13 (19), the current Argon2 version; got {phc}"
        );
        for (name, expected, what) in [
            (
                "m",
                MEMORY_KIB,
                "memory cost m must be MEMORY_KIB (19456 KiB = 19 MiB, the OWASP minimum): memory is what makes GPU cracking expensive",
            ),
            (
                "t",
                ITERATIONS,
                "iterations t must be ITERATIONS (2 passes, the OWASP minimum with 19 MiB)",
            ),
            (
                "p",
                PARALLELISM,
                "parallelism p must be PARALLELISM (1 lane)",
            ),
        ] {
            assert_eq!(
                param(parsed, name),
                expected,
                "{made_by}: {what}; got {phc}"
            );
        }
        assert_eq!(
            parsed.hash.as_ref().map(|hash| hash.len()),
            Some(32),
            "{made_by}: the hash must be 32 bytes, the default output length (Params::new(.., None)), as RFC 9106 recommends; got {phc}"
        );
    }

    #[test]
    fn password_hasher_is_argon2id_v19_with_the_owasp_parameters() {
        let hasher = password_hasher().unwrap_or_else(|err| {
            panic!(
                "password_hasher must build valid Params from MEMORY_KIB, ITERATIONS and \
                 PARALLELISM, in that order ({err})"
            )
        });
        let hash = hasher
            .hash_password_with_salt(b"correct horse battery staple", b"a fixed test salt")
            .unwrap_or_else(|err| panic!("the hasher from password_hasher cannot hash ({err})"));
        let phc = hash.to_string();
        assert_follows_the_policy("password_hasher", &phc, &hash);
    }

    #[test]
    fn hash_password_makes_a_phc_string_that_follows_the_policy() {
        let (phc, parsed) = hash_and_parse("correct horse battery staple");
        assert_follows_the_policy("hash_password", &phc, &parsed);
    }

    #[test]
    fn the_hash_verifies_and_rejects_other_passwords() {
        let (phc, parsed) = hash_and_parse("correct horse battery staple");
        let argon2 = Argon2::default();
        assert!(
            argon2
                .verify_password(b"correct horse battery staple", &parsed)
                .is_ok(),
            "the stored hash must verify the password it was made from (hash the password's bytes as they are); got {phc}"
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
        assert_ne!(
            first, second,
            "two hashes of the same password must differ, or the table shows who shares a password"
        );
    }
}
