//! wrong: a hand-written loop that returns at the first differing byte
//! expect: review: is_authorized compares the tokens in constant time
//! expect: uses `!=`
use std::fmt;

use subtle::{Choice, ConstantTimeEq};


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
    if presented.len() != expected.0.len() {
        return false;
    }
    for (a, b) in presented.as_bytes().iter().zip(&expected.0) {
        if a != b {
            return false;
        }
    }
    true
}

fn main() {}
