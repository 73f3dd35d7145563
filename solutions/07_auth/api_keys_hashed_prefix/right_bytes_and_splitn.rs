//! right: parses with splitn, decodes the stored digest to bytes and compares the raw digests with ct_eq; the secret comes from rand::fill
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
        let mut secret_bytes = [0u8; 32];
        rand::fill(&mut secret_bytes);
        let secret = hex::encode(secret_bytes);
        let prefix = hex::encode(rand::random::<u32>().to_be_bytes());
        let key = format!("ak_{prefix}_{secret}");
        self.records.insert(
            prefix,
            StoredKey {
                owner: owner.to_owned(),
                secret_hash: hex::encode(Sha256::digest(secret.as_bytes())),
            },
        );
        key
    }

    /// The owner of a valid key.
    pub fn authenticate(&self, presented: &str) -> Option<&str> {
        let mut parts = presented.splitn(3, '_');
        let (Some("ak"), Some(prefix), Some(secret)) = (parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let record = self.records.get(prefix)?;
        let stored = hex::decode(&record.secret_hash).ok()?;
        let computed = Sha256::digest(secret.as_bytes());
        if computed.as_slice().ct_eq(stored.as_slice()).into() {
            Some(&record.owner)
        } else {
            None
        }
    }
}

fn main() {
    let mut store = KeyStore::default();
    let key = store.issue_key("acme");
    println!("{key} belongs to {:?}", store.authenticate(&key));
}

