//! wrong: groups the leak by digest first, so of two users sharing a password only one is reported
//! expect: bob and dave share one digest
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
    // Each digest only needs to be looked up once.
    let by_digest: HashMap<&str, &'a str> = leak.iter().map(|(user, digest)| (*digest, *user)).collect();
    by_digest
        .into_iter()
        .filter_map(|(digest, user)| table.get(digest).map(|password| (user, password.clone())))
        .collect()
}

fn main() {}
