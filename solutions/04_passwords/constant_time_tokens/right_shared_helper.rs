//! right: one helper called with the trait's path, used by the impl and by is_authorized
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

fn same_bytes(a: &[u8], b: &[u8]) -> Choice {
    ConstantTimeEq::ct_eq(a, b)
}

impl ConstantTimeEq for ApiToken {
    fn ct_eq(&self, other: &Self) -> Choice {
        same_bytes(&self.0, &other.0)
    }
}

pub fn is_authorized(presented: &str, expected: &ApiToken) -> bool {
    bool::from(same_bytes(presented.as_bytes(), &expected.0))
}

fn main() {}
