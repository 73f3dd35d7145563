//! wrong: keeps every leaked user, with an empty password when the digest is not in the table
//! expect: carol's is not in the list and must be left out
use std::collections::HashMap;

use sha2::{Digest, Sha256};

pub fn sha256_hex(password: &str) -> String {
    hex::encode(Sha256::digest(password.as_bytes()))
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
        .map(|(user, digest)| (*user, table.get(*digest).cloned().unwrap_or_default()))
        .collect()
}

fn main() {}
