//! wrong: checks exp but not nbf
//! expect: before nbf - leeway the token is not valid yet
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
    let key = DecodingKey::from_secret(secret).map_err(|_| TokenError::Invalid)?;
    // The server chooses the algorithm, never the token's header.
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
    // jsonwebtoken compares exp and nbf with the system clock; ours is `now`.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    let claims = decode::<Claims>(token, &key, &validation)
        .map_err(|_| TokenError::Invalid)?
        .claims;
    if now >= claims.exp + LEEWAY_SECS {
        return Err(TokenError::Expired);
    }
    Ok(claims)
}

fn main() {}

