//! wrong: hex-encodes each byte with `{:x}`, which drops the leading zero of bytes below 0x10
//! expect: 64 lowercase hex characters
use std::collections::HashMap;

use sha2::{Digest, Sha256};

pub fn sha256_hex(password: &str) -> String {
    Sha256::digest(password.as_bytes())
        .iter()
        .map(|byte| format!("{byte:x}"))
        .collect()
}

pub fn build_lookup_table(wordlist: &[&str]) -> HashMap<String, String> {
    let mut table = HashMap::new();
    for word in wordlist {
        table.insert(sha256_hex(word), word.to_string());
    }
    table
}

pub fn crack_leak<'a>(
    leak: &[(&'a str, &str)],
    table: &HashMap<String, String>,
) -> Vec<(&'a str, String)> {
    let mut cracked = Vec::new();
    for (user, digest) in leak {
        if let Some(password) = table.get(*digest) {
            cracked.push((*user, password.clone()));
        }
    }
    cracked
}

fn main() {}
