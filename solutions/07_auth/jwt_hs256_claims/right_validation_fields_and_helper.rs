//! right: fills the Validation's fields directly, maps errors by kind, and checks the times in a helper
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "https://auth.example.test";
pub const AUDIENCE: &str = "orders-api";
pub const LIFETIME_SECS: u64 = 15 * 60;
/// Clock skew tolerated between the issuer's clock and ours.
pub const LEEWAY_SECS: u64 = 60;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub iat: u64,
    pub nbf: u64,
    pub exp: u64,
}

#[derive(Debug, PartialEq)]
pub enum TokenError {
    /// Bad signature, algorithm, issuer, audience or shape.
    Invalid,
    /// `exp` (plus the leeway) has passed.
    Expired,
    /// `nbf` (minus the leeway) has not come yet.
    NotYetValid,
}

/// An HS256 token for `sub`, valid from `now` for LIFETIME_SECS.
pub fn issue(secret: &[u8], sub: &str, now: u64) -> Result<String, jsonwebtoken::errors::Error> {
    let claims = Claims {
        sub: sub.to_owned(),
        iss: ISSUER.to_owned(),
        aud: AUDIENCE.to_owned(),
        iat: now,
        nbf: now,
        exp: now + LIFETIME_SECS,
    };
    encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret)?,
    )
}

/// The claims of a token this service accepts at `now`.
pub fn verify(secret: &[u8], token: &str, now: u64) -> Result<Claims, TokenError> {
    let mut validation = Validation::default();
    validation.algorithms = vec![Algorithm::HS256];
    validation.iss = Some(std::collections::HashSet::from([ISSUER.to_owned()]));
    validation.aud = Some(std::collections::HashSet::from([AUDIENCE.to_owned()]));
    validation.required_spec_claims = ["exp", "nbf", "iss", "aud"]
        .into_iter()
        .map(String::from)
        .collect();
    validation.validate_exp = false;
    validation.validate_nbf = false;
    let key = match DecodingKey::from_secret(secret) {
        Ok(key) => key,
        Err(_) => return Err(TokenError::Invalid),
    };
    match decode::<Claims>(token, &key, &validation) {
        Ok(data) => check_times(data.claims, now),
        Err(_) => Err(TokenError::Invalid),
    }
}

fn check_times(claims: Claims, now: u64) -> Result<Claims, TokenError> {
    if claims.exp.saturating_add(LEEWAY_SECS) <= now {
        Err(TokenError::Expired)
    } else if claims.nbf.saturating_sub(LEEWAY_SECS) > now {
        Err(TokenError::NotYetValid)
    } else {
        Ok(claims)
    }
}

fn main() {}

