//! wrong: derives PartialEq on the token so `==` works
//! expect: ApiToken must not implement PartialEq
//! expect: uses `==`
use std::fmt;

use subtle::{Choice, ConstantTimeEq};

#[derive(PartialEq)]
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
    ApiToken::new(presented) == *expected
}

fn main() {}
