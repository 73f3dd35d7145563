//! wrong: folds ct_eq over zipped bytes, so a prefix of the token (or a longer string) matches
//! expect: is a prefix or extension of the token, not the token
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
        self.0
            .iter()
            .zip(other.0.iter())
            .fold(Choice::from(1), |same, (a, b)| same & a.ct_eq(b))
    }
}

pub fn is_authorized(presented: &str, expected: &ApiToken) -> bool {
    ApiToken::new(presented).ct_eq(expected).into()
}

fn main() {}
