//! # API keys: a public prefix, a hashed secret, a constant-time check
//!
//! An API key is `ak_<prefix>_<secret>`: a prefix of 8 hex characters that identifies the key,
//! and a secret of 64 hex characters (32 bytes), both from a CSPRNG. Complete `issue_key`, which
//! stores only the owner and the hex SHA-256 of the secret under the prefix and returns the whole
//! key (shown to the customer once), and `authenticate`, which splits a presented key, looks the
//! record up by its prefix and compares the SHA-256 of the presented secret with the stored one
//! in constant time. Anything malformed is simply `None`.
//! Why it matters: a leaked database (or backup, or log) of API keys in clear is every
//! customer's account. A hash of a 256-bit random secret cannot be reversed, and unlike a
//! password it needs no slow hash: there is nothing to guess. The prefix finds the record
//! without scanning every key, and shows up in logs and dashboards without revealing anything.

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
        // TODO: a prefix of 4 and a secret of 32 CSPRNG bytes, hex-encoded; store
        // `StoredKey { owner, secret_hash: sha256_hex(&secret) }` under the prefix and return
        // `ak_<prefix>_<secret>`.
        let _ = owner;
        todo!()
    }

    /// The owner of a valid key.
    pub fn authenticate(&self, presented: &str) -> Option<&str> {
        // TODO: `strip_prefix("ak_")` and `split_once('_')` (None if either fails), the record of
        // the prefix, and `ct_eq` between sha256_hex(secret) and the stored hash.
        let _ = presented;
        todo!()
    }
}

fn main() {
    let mut store = KeyStore::default();
    let key = store.issue_key("acme");
    println!("{key} belongs to {:?}", store.authenticate(&key));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(key: &str) -> (String, String) {
        let rest = key
            .strip_prefix("ak_")
            .unwrap_or_else(|| panic!("a key starts with `ak_`: {key:?}"));
        let (prefix, secret) = rest
            .split_once('_')
            .unwrap_or_else(|| panic!("a key is ak_<prefix>_<secret>: {key:?}"));
        (prefix.to_owned(), secret.to_owned())
    }

    #[test]
    fn an_issued_key_authenticates_its_owner() {
        let mut store = KeyStore::default();
        let acme = store.issue_key("acme");
        let globex = store.issue_key("globex");
        assert_eq!(
            store.authenticate(&acme),
            Some("acme"),
            "the key issue_key returned must authenticate its owner"
        );
        assert_eq!(
            store.authenticate(&globex),
            Some("globex"),
            "each key finds its own record, by its prefix"
        );
    }

    #[test]
    fn keys_have_the_documented_shape() {
        let mut store = KeyStore::default();
        let key = store.issue_key("acme");
        let (prefix, secret) = parts(&key);
        assert!(
            prefix.len() == 8 && prefix.chars().all(|c| c.is_ascii_hexdigit()),
            "the prefix is 8 hex characters: {key}"
        );
        assert!(
            secret.len() == 64 && secret.chars().all(|c| c.is_ascii_hexdigit()),
            "the secret is 32 random bytes as 64 hex characters: {key}"
        );
        assert!(
            store.records.contains_key(&prefix),
            "the record is stored under the key's prefix"
        );
    }

    #[test]
    fn only_a_hash_of_the_secret_is_stored() {
        let mut store = KeyStore::default();
        let key = store.issue_key("acme");
        let (prefix, secret) = parts(&key);
        let record = &store.records[&prefix];
        assert!(
            !format!("{record:?}").contains(&secret),
            "the stored record must not contain the secret: a leaked table would hand out every \
             key. Store its SHA-256 instead; got {record:?}"
        );
        assert_eq!(
            record.secret_hash,
            hex::encode(Sha256::digest(secret.as_bytes())),
            "secret_hash is the hex SHA-256 of the secret part"
        );
    }

    #[test]
    fn a_wrong_secret_is_refused() {
        let mut store = KeyStore::default();
        let key = store.issue_key("acme");
        let (prefix, secret) = parts(&key);
        let flipped = if secret.ends_with('0') { "1" } else { "0" };
        let wrong = format!("ak_{prefix}_{}{flipped}", &secret[..63]);
        assert_eq!(
            store.authenticate(&wrong),
            None,
            "the right prefix with a wrong secret (last character changed) is refused: the \
             prefix is public, the secret is the credential"
        );
        let other = store.issue_key("globex");
        let (_, other_secret) = parts(&other);
        assert_eq!(
            store.authenticate(&format!("ak_{prefix}_{other_secret}")),
            None,
            "acme's prefix with globex's secret is refused: the secret must match the record \
             of THIS prefix"
        );
    }

    #[test]
    fn unknown_and_malformed_keys_are_refused() {
        let mut store = KeyStore::default();
        let key = store.issue_key("acme");
        let (_, secret) = parts(&key);
        let unknown = format!("ak_00000000_{secret}");
        for bad in [
            unknown.as_str(),
            "",
            "ak_",
            "ak__",
            "nonsense",
            &key[..10],
            &key[3..],
        ] {
            assert_eq!(
                store.authenticate(bad),
                None,
                "{bad:?} is not a valid key: None (and no panic)"
            );
        }
    }
}
