//! wrong: formats the digest as uppercase hex, so no leaked (lowercase) digest is ever found
//! expect: 64 lowercase hex characters
use std::collections::HashMap;

use sha2::{Digest, Sha256};

pub fn sha256_hex(password: &str) -> String {
    hex::encode_upper(Sha256::digest(password.as_bytes()))
}

pub fn build_lookup_table(wordlist: &[&str]) -> HashMap<String, String> {
    wordlist
        .iter()
        .map(|word| (sha256_hex(word), (*word).to_string()))
        .collect()
}

pub fn crack_leak<'a>(
    leak: &[(&'a str, &str)],
    table: &HashMap<String, String>,
) -> Vec<(&'a str, String)> {
    leak.iter()
        .filter_map(|(user, digest)| table.get(*digest).map(|password| (*user, password.clone())))
        .collect()
}

fn main() {}
