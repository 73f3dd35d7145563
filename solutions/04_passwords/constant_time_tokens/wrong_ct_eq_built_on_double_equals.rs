//! wrong: ApiToken::ct_eq wraps `==` in a Choice, which only looks constant time
//! expect: review: ApiToken::ct_eq compares the bytes in constant time
//! expect: uses `==`
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
        Choice::from(u8::from(self.0 == other.0))
    }
}

pub fn is_authorized(presented: &str, expected: &ApiToken) -> bool {
    ApiToken::new(presented).ct_eq(expected).into()
}

fn main() {}
