//! # JWTs with HS256: sign, then check every claim
//!
//! Complete `issue` and `verify` with the `jsonwebtoken` crate. `issue` signs an HS256 token
//! with `sub`, `iss` = ISSUER, `aud` = AUDIENCE, `iat` = `nbf` = now and `exp` = now + 15
//! minutes. `verify` accepts only an HS256 token with a valid signature, ISSUER as `iss` and
//! AUDIENCE as `aud`; it answers `Expired` from `exp` + LEEWAY_SECS on and `NotYetValid` until
//! `nbf` - LEEWAY_SECS, measured against `now`, the service's clock (jsonwebtoken's own time
//! checks read the system clock, so turn them off and make them yourself).
//! Why it matters: a JWT is only as good as its checks (RFC 8725). A verifier that lets the token
//! pick its algorithm, trusts claims it has not verified, or forgets `exp` or `aud` accepts
//! forged, stolen-forever or someone-else's tokens.

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
    // TODO: build the `Claims` and `encode` them with `Header::new(Algorithm::HS256)` and
    // `EncodingKey::from_secret(secret)?`.
    todo!()
}

/// The claims of a token this service accepts at `now`.
pub fn verify(secret: &[u8], token: &str, now: u64) -> Result<Claims, TokenError> {
    // TODO: `decode::<Claims>` with `DecodingKey::from_secret(secret)` and a `Validation` for
    // HS256 only, ISSUER, AUDIENCE, and exp, nbf, iss, aud, sub required. Turn its
    // `validate_exp` and `validate_nbf` off and compare exp and nbf with `now` yourself,
    // with LEEWAY_SECS of leeway. Any decode error is `TokenError::Invalid`.
    todo!()
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::{Value, json};

    /// An HS256 secret is at least 32 random bytes (RFC 7518 §3.2); never a word.
    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef-test-only";
    const NOW: u64 = 1_700_000_000;

    fn claims_at(now: u64) -> Value {
        json!({
            "sub": "ada", "iss": ISSUER, "aud": AUDIENCE,
            "iat": now, "nbf": now, "exp": now + LIFETIME_SECS,
        })
    }

    /// A token the test signs itself, with any header and claims.
    fn forge(alg: Algorithm, secret: &[u8], claims: &Value) -> String {
        encode(
            &Header::new(alg),
            claims,
            &EncodingKey::from_secret(secret).unwrap(),
        )
        .unwrap()
    }

    fn issued() -> String {
        issue(SECRET, "ada", NOW).expect("issue signs a token with the secret")
    }

    #[test]
    fn a_token_it_issued_verifies() {
        let token = issued();
        let claims = verify(SECRET, &token, NOW).unwrap_or_else(|e| {
            panic!(
                "verify must accept a token it just issued, at `now` (got {e:?}). Its time \
                 checks use `now`, the service's clock: jsonwebtoken's own exp check reads the \
                 system clock, which is not the time here"
            )
        });
        assert_eq!(
            (
                claims.sub.as_str(),
                claims.iss.as_str(),
                claims.aud.as_str()
            ),
            ("ada", ISSUER, AUDIENCE),
            "issue puts the user in `sub`, ISSUER in `iss` and AUDIENCE in `aud`"
        );
        assert_eq!(
            (claims.iat, claims.nbf, claims.exp),
            (NOW, NOW, NOW + LIFETIME_SECS),
            "iat and nbf are now, exp is now + LIFETIME_SECS (JWT times are seconds)"
        );
        let header = jsonwebtoken::decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::HS256, "issue signs with HS256");
    }

    #[test]
    fn an_expired_token_is_refused() {
        let token = issued();
        assert_eq!(
            verify(SECRET, &token, NOW + LIFETIME_SECS + LEEWAY_SECS + 1),
            Err(TokenError::Expired),
            "past exp + leeway the token is expired: check exp against `now` yourself, since \
             jsonwebtoken's check is off"
        );
    }

    #[test]
    fn the_leeway_absorbs_clock_skew() {
        let token = issued();
        assert!(
            verify(SECRET, &token, NOW + LIFETIME_SECS + LEEWAY_SECS - 1).is_ok(),
            "a token within LEEWAY_SECS after its exp is still accepted: the issuer's clock may \
             be a little ahead of ours"
        );
        let early = issue(SECRET, "ada", NOW + LEEWAY_SECS - 1).unwrap();
        assert!(
            verify(SECRET, &early, NOW).is_ok(),
            "a token whose nbf is less than LEEWAY_SECS ahead is accepted: clock skew again"
        );
    }

    #[test]
    fn a_token_from_the_future_is_not_yet_valid() {
        let future = issue(SECRET, "ada", NOW + LEEWAY_SECS + 60).unwrap();
        assert_eq!(
            verify(SECRET, &future, NOW),
            Err(TokenError::NotYetValid),
            "before nbf - leeway the token is not valid yet: check nbf against `now`"
        );
    }

    #[test]
    fn another_audience_is_refused() {
        let mut claims = claims_at(NOW);
        claims["aud"] = json!("billing-api");
        assert_eq!(
            verify(SECRET, &forge(Algorithm::HS256, SECRET, &claims), NOW),
            Err(TokenError::Invalid),
            "a token for another audience (`billing-api`) is not for us: check aud, or a token \
             meant for one service opens every other service sharing the issuer"
        );
    }

    #[test]
    fn another_issuer_is_refused() {
        let mut claims = claims_at(NOW);
        claims["iss"] = json!("https://evil.example.test");
        assert_eq!(
            verify(SECRET, &forge(Algorithm::HS256, SECRET, &claims), NOW),
            Err(TokenError::Invalid),
            "a token from another issuer is refused: check iss"
        );
    }

    #[test]
    fn another_secret_is_refused() {
        let token = forge(
            Algorithm::HS256,
            b"attacker-secret-attacker-secret!",
            &claims_at(NOW),
        );
        assert_eq!(
            verify(SECRET, &token, NOW),
            Err(TokenError::Invalid),
            "a token signed with another secret is forged: verify the signature (claims read \
             without verifying it are whatever the sender wrote)"
        );
    }

    #[test]
    fn only_the_algorithm_the_server_chose() {
        let token = forge(Algorithm::HS512, SECRET, &claims_at(NOW));
        assert_eq!(
            verify(SECRET, &token, NOW),
            Err(TokenError::Invalid),
            "this service signs with HS256, so an HS512 token is refused: the server chooses the \
             algorithm (`Validation::new(Algorithm::HS256)`), never the token's header"
        );
    }

    #[test]
    fn alg_none_is_refused() {
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(claims_at(NOW).to_string());
        let token = format!("{header}.{payload}.");
        assert_eq!(
            verify(SECRET, &token, NOW),
            Err(TokenError::Invalid),
            "a token with `alg: none` has no signature at all: refuse it"
        );
    }

    #[test]
    fn a_token_without_exp_is_refused() {
        let mut claims = claims_at(NOW);
        claims.as_object_mut().unwrap().remove("exp");
        assert_eq!(
            verify(SECRET, &forge(Algorithm::HS256, SECRET, &claims), NOW),
            Err(TokenError::Invalid),
            "a token without exp would be valid forever: exp is required"
        );
    }
}
