//! wrong: "also accepts the old HS256 tokens": any other algorithm is verified with the key bytes as an HMAC secret
//! expect: an HS256 token whose HMAC key is the PUBLIC key is a forgery
use std::collections::HashMap;

use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header,
};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "https://auth.example.test";
pub const AUDIENCE: &str = "orders-api";
pub const LEEWAY_SECS: u64 = 60;

/// The auth server's published public keys, by `kid`.
pub const CURRENT_KID: &str = "2026-01";
pub const CURRENT_PUBLIC_PEM: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAr5w24hfu7iFnfGyCtCGxZjKBSF0hHVsyPlEbyKLpA80=
-----END PUBLIC KEY-----";
pub const PREVIOUS_KID: &str = "2025-07";
pub const PREVIOUS_PUBLIC_PEM: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAsEMTMZaXzAv2JOwcTuR/v6tpsHt6hHNABAAxTLw8Z7c=
-----END PUBLIC KEY-----";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub nbf: u64,
    pub exp: u64,
}

#[derive(Debug, PartialEq)]
pub enum TokenError {
    Invalid,
    Expired,
    NotYetValid,
}

/// Public keys (PEM) by key id.
pub struct KeySet {
    pub keys: HashMap<String, String>,
}

impl KeySet {
    /// The keys the auth server publishes today: the current one and the one before it.
    pub fn published() -> Self {
        let keys = [
            (CURRENT_KID, CURRENT_PUBLIC_PEM),
            (PREVIOUS_KID, PREVIOUS_PUBLIC_PEM),
        ];
        Self {
            keys: keys
                .into_iter()
                .map(|(kid, pem)| (kid.to_owned(), pem.to_owned()))
                .collect(),
        }
    }
}

/// exp and nbf against our clock, with leeway (as in `jwt_hs256_claims`).
pub fn check_times(claims: Claims, now: u64) -> Result<Claims, TokenError> {
    if now >= claims.exp + LEEWAY_SECS {
        Err(TokenError::Expired)
    } else if now + LEEWAY_SECS < claims.nbf {
        Err(TokenError::NotYetValid)
    } else {
        Ok(claims)
    }
}

/// An EdDSA token signed with `private_pem`, naming `kid` in its header.
pub fn issue(
    private_pem: &str,
    kid: &str,
    claims: &Claims,
) -> Result<String, jsonwebtoken::errors::Error> {
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(kid.to_owned());
    let key = EncodingKey::from_ed_pem(private_pem.as_bytes())?;
    jsonwebtoken::encode(&header, claims, &key)
}

/// The claims of a token signed by one of `keys`, for us, at `now`.
pub fn verify(keys: &KeySet, token: &str, now: u64) -> Result<Claims, TokenError> {
    let header = decode_header(token).map_err(|_| TokenError::Invalid)?;
    let kid = header.kid.ok_or(TokenError::Invalid)?;
    let pem = keys.keys.get(&kid).ok_or(TokenError::Invalid)?;
    let key = match header.alg {
        Algorithm::EdDSA => DecodingKey::from_ed_pem(pem.as_bytes()),
        _ => DecodingKey::from_secret(pem.as_bytes()),
    }
    .map_err(|_| TokenError::Invalid)?;
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    let claims = decode::<Claims>(token, &key, &validation)
        .map_err(|_| TokenError::Invalid)?
        .claims;
    check_times(claims, now)
}

fn main() {}

