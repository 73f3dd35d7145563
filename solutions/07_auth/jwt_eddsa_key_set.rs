//! # JWTs with EdDSA: a private key signs, a key set verifies
//!
//! The auth server signs with its private Ed25519 key and names the key in the header's `kid`;
//! this API verifies with the public keys the auth server publishes (two during a key rotation).
//! Complete `issue` (an EdDSA token with `kid`) and `verify`: read only the `kid` from the
//! unverified header, look its public key up in the key set (an unknown or missing `kid` is
//! `Invalid`), accept EdDSA only, check `iss` and `aud`, and the times with `check_times`.
//! Why it matters: with a public-key algorithm only the auth server can sign, and any service can
//! verify without holding a secret. But everything in the header is the attacker's to write: a
//! verifier that takes the algorithm (`HS256` keyed with the public key, which everyone has) or
//! the key itself (an embedded `jwk`) from the token accepts tokens anyone can forge.

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
    // The header is unverified: use it only to pick one of OUR keys.
    let header = decode_header(token).map_err(|_| TokenError::Invalid)?;
    let kid = header.kid.ok_or(TokenError::Invalid)?;
    let pem = keys.keys.get(&kid).ok_or(TokenError::Invalid)?;
    let key = DecodingKey::from_ed_pem(pem.as_bytes()).map_err(|_| TokenError::Invalid)?;
    let mut validation = Validation::new(Algorithm::EdDSA);
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

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    // TEST KEYS ONLY. A real private key lives in a secrets manager or an HSM, never in source.
    const CURRENT_PRIVATE_PEM: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIFSHNgsZlQd3K/vyMAthJPh8nw9+n0RuDDc/iN/3ybJO
-----END PRIVATE KEY-----";
    const PREVIOUS_PRIVATE_PEM: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIBwMO3do0XZiUTuJ9PdV/PmhquvVH76k88P/tIck0yeo
-----END PRIVATE KEY-----";
    const ATTACKER_PRIVATE_PEM: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIF42dP84xi/pUBv/hCfmkKe3Y+nkAcrDGLJFPnVNHCsN
-----END PRIVATE KEY-----";
    const ATTACKER_PUBLIC_X: &str = "BOrwVt_2FeLYqz6kNpYYMSA1xH_Mz2a0gpVQg4Dos5w";
    const NOW: u64 = 1_700_000_000;

    fn claims() -> Claims {
        Claims {
            sub: "ada".into(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            nbf: NOW,
            exp: NOW + 900,
        }
    }

    /// Signs `claims` with any header and key, as an attacker can.
    fn forge(header: &Header, claims: &Claims, key: &EncodingKey) -> String {
        jsonwebtoken::encode(header, claims, key).unwrap()
    }

    fn with_kid(alg: Algorithm, kid: &str) -> Header {
        let mut header = Header::new(alg);
        header.kid = Some(kid.into());
        header
    }

    fn ed_key(pem: &str) -> EncodingKey {
        EncodingKey::from_ed_pem(pem.as_bytes()).unwrap()
    }

    #[test]
    fn issue_signs_eddsa_with_the_kid() {
        let token = issue(CURRENT_PRIVATE_PEM, CURRENT_KID, &claims())
            .expect("issue signs with the Ed25519 private key (EncodingKey::from_ed_pem)");
        let header = decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::EdDSA, "issue signs with EdDSA");
        assert_eq!(
            header.kid.as_deref(),
            Some(CURRENT_KID),
            "issue names the signing key in the header's `kid`, so verifiers can pick it"
        );
        assert_eq!(
            verify(&KeySet::published(), &token, NOW),
            Ok(claims()),
            "a token signed with the current key verifies with the published key set"
        );
    }

    #[test]
    fn the_previous_key_still_verifies() {
        let token = forge(
            &with_kid(Algorithm::EdDSA, PREVIOUS_KID),
            &claims(),
            &ed_key(PREVIOUS_PRIVATE_PEM),
        );
        assert_eq!(
            verify(&KeySet::published(), &token, NOW),
            Ok(claims()),
            "during a key rotation both published keys verify: pick the key by the token's kid"
        );
    }

    #[test]
    fn an_unknown_or_missing_kid_is_refused() {
        let key = ed_key(ATTACKER_PRIVATE_PEM);
        let unknown = forge(&with_kid(Algorithm::EdDSA, "attacker"), &claims(), &key);
        assert_eq!(
            verify(&KeySet::published(), &unknown, NOW),
            Err(TokenError::Invalid),
            "a kid that is not in the key set is refused (no fallback to some other key)"
        );
        let current = ed_key(CURRENT_PRIVATE_PEM);
        let missing = forge(&Header::new(Algorithm::EdDSA), &claims(), &current);
        assert_eq!(
            verify(&KeySet::published(), &missing, NOW),
            Err(TokenError::Invalid),
            "a token without a kid is refused: this issuer always names its key"
        );
    }

    #[test]
    fn hs256_keyed_with_the_public_key_is_refused() {
        let public_as_secret = EncodingKey::from_secret(CURRENT_PUBLIC_PEM.as_bytes()).unwrap();
        let token = forge(
            &with_kid(Algorithm::HS256, CURRENT_KID),
            &claims(),
            &public_as_secret,
        );
        assert_eq!(
            verify(&KeySet::published(), &token, NOW),
            Err(TokenError::Invalid),
            "an HS256 token whose HMAC key is the PUBLIC key is a forgery anyone can make \
             (algorithm confusion): accept EdDSA only, and never use a public key as a secret"
        );
    }

    #[test]
    fn a_key_embedded_in_the_token_is_not_trusted() {
        let mut header = with_kid(Algorithm::EdDSA, CURRENT_KID);
        header.jwk = Some(
            serde_json::from_value(serde_json::json!({
                "kty": "OKP", "crv": "Ed25519", "x": ATTACKER_PUBLIC_X,
            }))
            .unwrap(),
        );
        let token = forge(&header, &claims(), &ed_key(ATTACKER_PRIVATE_PEM));
        assert_eq!(
            verify(&KeySet::published(), &token, NOW),
            Err(TokenError::Invalid),
            "a token that brings its own key (`jwk` in the header) proves only that its sender \
             has that key: verify with the key set's key for the kid"
        );
    }

    #[test]
    fn alg_none_is_refused() {
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","kid":"2026-01"}"#);
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_string(&claims()).unwrap());
        assert_eq!(
            verify(&KeySet::published(), &format!("{header}.{payload}."), NOW),
            Err(TokenError::Invalid),
            "a token with `alg: none` has no signature: refuse it"
        );
    }

    #[test]
    fn another_audience_is_refused() {
        let mut for_billing = claims();
        for_billing.aud = "billing-api".into();
        let token = forge(
            &with_kid(Algorithm::EdDSA, CURRENT_KID),
            &for_billing,
            &ed_key(CURRENT_PRIVATE_PEM),
        );
        assert_eq!(
            verify(&KeySet::published(), &token, NOW),
            Err(TokenError::Invalid),
            "a token for another audience is refused: the auth server signs tokens for every \
             service, and one for `billing-api` must not open `orders-api`"
        );
    }

    #[test]
    fn another_issuer_is_refused() {
        let mut elsewhere = claims();
        elsewhere.iss = "https://other-idp.example.test".into();
        let token = forge(
            &with_kid(Algorithm::EdDSA, CURRENT_KID),
            &elsewhere,
            &ed_key(CURRENT_PRIVATE_PEM),
        );
        assert_eq!(
            verify(&KeySet::published(), &token, NOW),
            Err(TokenError::Invalid),
            "a token whose iss is not ISSUER is refused: check iss as well as the signature"
        );
    }

    #[test]
    fn an_expired_token_is_refused() {
        let token = forge(
            &with_kid(Algorithm::EdDSA, CURRENT_KID),
            &claims(),
            &ed_key(CURRENT_PRIVATE_PEM),
        );
        assert_eq!(
            verify(&KeySet::published(), &token, NOW + 3600),
            Err(TokenError::Expired),
            "an hour after issue the 15-minute token is expired: pass the verified claims \
             through check_times"
        );
    }
}
