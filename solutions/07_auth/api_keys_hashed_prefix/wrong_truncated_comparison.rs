//! wrong: checks that the stored hash starts with the first 16 characters of the presented one
//! expect: review: authenticate compares the hashes in constant time
//! expect: uses `.starts_with`
use std::collections::HashMap;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// What the server stores for a key.
#[derive(Debug, Clone)]
pub struct StoredKey {
    pub owner: String,
    /// Hex SHA-256 of the secret part; never the secret itself.
    pub secret_hash: String,
}

#[derive(Default)]
pub struct KeyStore {
    /// prefix -> record
    pub records: HashMap<String, StoredKey>,
}

fn sha256_hex(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

impl KeyStore {
    /// Creates a key for `owner`; returns it whole (the only time it exists in clear).
    pub fn issue_key(&mut self, owner: &str) -> String {
        let prefix = hex::encode(rand::random::<[u8; 4]>());
        let secret = hex::encode(rand::random::<[u8; 32]>());
        let record = StoredKey {
            owner: owner.to_owned(),
            secret_hash: sha256_hex(&secret),
        };
        self.records.insert(prefix.clone(), record);
        format!("ak_{prefix}_{secret}")
    }

    /// The owner of a valid key.
    pub fn authenticate(&self, presented: &str) -> Option<&str> {
        let (prefix, secret) = presented.strip_prefix("ak_")?.split_once('_')?;
        let record = self.records.get(prefix)?;
        let presented_hash = sha256_hex(secret);
        record
            .secret_hash
            .starts_with(&presented_hash[..16])
            .then_some(record.owner.as_str())
    }
}

fn main() {
    let mut store = KeyStore::default();
    let key = store.issue_key("acme");
    println!("{key} belongs to {:?}", store.authenticate(&key));
}

