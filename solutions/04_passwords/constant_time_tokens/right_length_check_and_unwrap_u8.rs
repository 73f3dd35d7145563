//! right: rejects other lengths first (a length is not secret), ct_eq on the Vecs, unwrap_u8
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
        self.0.ct_eq(&other.0)
    }
}

pub fn is_authorized(presented: &str, expected: &ApiToken) -> bool {
    if presented.len() != expected.0.len() {
        return false;
    }
    expected.ct_eq(&ApiToken::new(presented)).unwrap_u8() == 1
}

fn main() {}
