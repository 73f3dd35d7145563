//! # Cracking unsalted SHA-256 password hashes
//!
//! A site stored `sha256(password)` for every user and its database leaked. Play the attacker:
//! hash a word list once into a lookup table, then read passwords straight out of the leak.
//! Why it matters: this is how real breaches get cracked within hours. SHA-256 is built to be
//! fast (billions of guesses a second on one GPU) and, without a salt, one table cracks every
//! user at once and shows who shares a password. The storage scheme below is INSECURE.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

/// INSECURE storage scheme, shown so you can break it: an unsalted, fast hash.
/// Returns the SHA-256 digest of the password as lowercase hex (64 characters).
pub fn sha256_hex(password: &str) -> String {
    // TODO: hash the password's bytes with `Sha256::digest` and hex-encode the result.
    todo!()
}

/// Hashes every candidate once: maps hex digest -> candidate password.
pub fn build_lookup_table(wordlist: &[&str]) -> HashMap<String, String> {
    // TODO: one `sha256_hex` per word, collected into digest -> word.
    todo!()
}

/// Looks every leaked `(user, hex digest)` up in the table and returns the users whose password
/// was found, with that password. Users whose digest is not in the table are left out.
pub fn crack_leak<'a>(
    leak: &[(&'a str, &str)],
    table: &HashMap<String, String>,
) -> Vec<(&'a str, String)> {
    // TODO: for each leaked row, look its digest up in the table; keep the rows that are found.
    todo!()
}

fn main() {
    let table = build_lookup_table(&["123456", "password", "sunshine"]);
    let leak = [(
        "mallory",
        "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
    )];
    for (user, password) in crack_leak(&leak, &table) {
        println!("{user}: {password}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDLIST: &[&str] = &[
        "123456", "password", "qwerty", "letmein", "sunshine", "dragon", "iloveyou", "monkey",
    ];

    /// The leaked `users` table: (email, sha256 hex of the password).
    const LEAK: &[(&str, &str)] = &[
        (
            "alice@example.com",
            "a941a4c4fd0c01cddef61b8be963bf4c1e2b0811c037ce3f1835fddf6ef6c223",
        ),
        (
            "bob@example.com",
            "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
        ),
        (
            "carol@example.com",
            "e1c9d9c1a0e6e2d6c1f7b56e7f2b2bd3d4c2a0e2f1a7d0b5c3e9f8a6b4d2c1e0",
        ),
        (
            "dave@example.com",
            "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
        ),
    ];

    #[test]
    fn sha256_hex_is_the_lowercase_hex_digest() {
        assert_eq!(
            sha256_hex("password"),
            "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
            "sha256_hex must return the SHA-256 digest of the password's UTF-8 bytes as 64 lowercase hex characters (hex::encode does this)"
        );
        assert_eq!(
            sha256_hex("sunshine"),
            "a941a4c4fd0c01cddef61b8be963bf4c1e2b0811c037ce3f1835fddf6ef6c223",
            "every byte of the digest is two hex digits, a leading zero included (0x0c is \"0c\", not \"c\")"
        );
    }

    #[test]
    fn the_same_password_always_gives_the_same_digest() {
        assert_eq!(
            sha256_hex("letmein"),
            sha256_hex("letmein"),
            "an unsalted hash is deterministic: that is exactly what makes precomputed tables work"
        );
    }

    #[test]
    fn the_table_maps_each_digest_back_to_its_password() {
        let table = build_lookup_table(WORDLIST);
        assert_eq!(
            table.len(),
            WORDLIST.len(),
            "one entry per candidate password"
        );
        for word in WORDLIST {
            assert_eq!(
                table.get(&sha256_hex(word)).map(String::as_str),
                Some(*word),
                "the table's key is the hex digest and its value the password it came from"
            );
        }
    }

    #[test]
    fn one_table_cracks_every_user_that_picked_a_listed_password() {
        let table = build_lookup_table(WORDLIST);
        let mut cracked = crack_leak(LEAK, &table);
        cracked.sort();
        assert_eq!(
            cracked,
            vec![
                ("alice@example.com", "sunshine".to_string()),
                ("bob@example.com", "password".to_string()),
                ("dave@example.com", "password".to_string()),
            ],
            "alice, bob and dave used listed passwords; carol's is not in the list and must be left out. \
             Note that bob and dave share one digest: without a salt the leak shows who shares a password"
        );
    }

    #[test]
    fn an_empty_table_cracks_nothing() {
        let table = build_lookup_table(&[]);
        assert!(
            crack_leak(LEAK, &table).is_empty(),
            "with no candidates nothing is cracked: leave out every user whose digest is not in the table"
        );
    }
}
