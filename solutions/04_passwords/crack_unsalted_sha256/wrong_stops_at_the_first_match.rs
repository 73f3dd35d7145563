//! wrong: uses find_map, which stops at the first cracked user instead of keeping every one
//! expect: alice, bob and dave used listed passwords
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
        .find_map(|(user, digest)| table.get(*digest).map(|password| (*user, password.clone())))
        .into_iter()
        .collect()
}

fn main() {}
