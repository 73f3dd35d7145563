//! wrong: compares SHA-256 digests of the tokens with `==`, believing the hashing makes it safe
//! expect: review: is_authorized compares the tokens in constant time
//! expect: uses `==`
use std::fmt;

use subtle::{Choice, ConstantTimeEq};
use sha2::{Digest, Sha256};

pub struct ApiToken(Vec<u8>);

impl ApiToken {
    pub fn new(token: &str) -> Self {
        Self(token.as_bytes().to_vec())
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

impl ConstantTimeEq for ApiToken {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0.as_slice().ct_eq(other.0.as_slice())
    }
}

pub fn is_authorized(presented: &str, expected: &ApiToken) -> bool {
    Sha256::digest(presented.as_bytes()) == Sha256::digest(&expected.0)
}

fn main() {}
