//! wrong: builds the table the natural way round, word -> digest, so it cannot be looked up by digest
//! expect: the table's key is the hex digest and its value the password it came from
use std::collections::HashMap;

use sha2::{Digest, Sha256};

pub fn sha256_hex(password: &str) -> String {
    hex::encode(Sha256::digest(password.as_bytes()))
}

pub fn build_lookup_table(wordlist: &[&str]) -> HashMap<String, String> {
    wordlist
        .iter()
        .map(|word| ((*word).to_string(), sha256_hex(word)))
        .collect()
}

pub fn crack_leak<'a>(
    leak: &[(&'a str, &str)],
    table: &HashMap<String, String>,
) -> Vec<(&'a str, String)> {
    leak.iter()
        .filter_map(|(user, digest)| {
            table
                .iter()
                .find(|(_, hashed)| hashed.as_str() == *digest)
                .map(|(word, _)| (*user, word.clone()))
        })
        .collect()
}

fn main() {}
