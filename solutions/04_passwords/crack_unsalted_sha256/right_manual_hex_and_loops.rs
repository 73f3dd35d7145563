//! right: hex written byte by byte with `{:02x}`, the table and the lookup as plain loops
use std::collections::HashMap;
use std::fmt::Write;

use sha2::{Digest, Sha256};

pub fn sha256_hex(password: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(password);
    let mut out = String::with_capacity(64);
    for byte in hasher.finalize() {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

pub fn build_lookup_table(wordlist: &[&str]) -> HashMap<String, String> {
    let mut table = HashMap::with_capacity(wordlist.len());
    for &word in wordlist {
        table.entry(sha256_hex(word)).or_insert_with(|| word.to_owned());
    }
    table
}

pub fn crack_leak<'a>(
    leak: &[(&'a str, &str)],
    table: &HashMap<String, String>,
) -> Vec<(&'a str, String)> {
    let mut cracked = Vec::new();
    for &(user, digest) in leak {
        match table.get(digest) {
            Some(password) => cracked.push((user, password.to_owned())),
            None => continue,
        }
    }
    cracked
}

fn main() {}
