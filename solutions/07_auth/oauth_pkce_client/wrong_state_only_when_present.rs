//! wrong: compares the state only when the callback has one
//! expect: a callback without state is refused too
use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use url::Url;

#[derive(Debug, Clone)]
pub struct OAuthConfig {
    pub authorize_endpoint: String,
    pub token_endpoint: String,
    pub client_id: String,
    /// Registered with the provider, character for character.
    pub redirect_uri: String,
}

/// What the backend keeps in the user's session between the redirect and the callback.
#[derive(Debug, Clone)]
pub struct PendingLogin {
    pub state: String,
    pub code_verifier: String,
}

#[derive(Debug)]
pub enum OAuthError {
    /// The callback's `state` is missing or is not the one this session started with.
    StateMismatch,
    /// The provider sent `error=...` (the user said no, for example).
    Denied(String),
    /// No `code` in the callback.
    MissingCode,
    /// The token endpoint refused the code (its status).
    TokenRefused(u16),
    Http(reqwest::Error),
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
}

/// 32 bytes from a CSPRNG, base64url without padding (43 characters).
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// The S256 code challenge: BASE64URL(SHA-256(verifier)), no padding (RFC 7636 §4.2).
pub fn code_challenge(code_verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(code_verifier.as_bytes()))
}

/// The URL to send the browser to, and what to keep in its session.
pub fn start_login(config: &OAuthConfig) -> Result<(Url, PendingLogin), url::ParseError> {
    let pending = PendingLogin {
        state: random_token(),
        code_verifier: random_token(),
    };
    let url = Url::parse_with_params(
        &config.authorize_endpoint,
        [
            ("response_type", "code"),
            ("client_id", config.client_id.as_str()),
            ("redirect_uri", config.redirect_uri.as_str()),
            ("scope", "openid"),
            ("state", pending.state.as_str()),
            ("code_challenge", &code_challenge(&pending.code_verifier)),
            ("code_challenge_method", "S256"),
        ],
    )?;
    Ok((url, pending))
}

/// Handles the callback's query parameters; returns the access token.
pub async fn finish_login(
    client: &reqwest::Client,
    config: &OAuthConfig,
    pending: PendingLogin,
    callback: &HashMap<String, String>,
) -> Result<String, OAuthError> {
    if let Some(state) = callback.get("state")
        && *state != pending.state
    {
        return Err(OAuthError::StateMismatch);
    }
    if let Some(error) = callback.get("error") {
        return Err(OAuthError::Denied(error.clone()));
    }
    let code = callback.get("code").ok_or(OAuthError::MissingCode)?;
    let form = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "authorization_code")
        .append_pair("code", code)
        .append_pair("redirect_uri", &config.redirect_uri)
        .append_pair("client_id", &config.client_id)
        .append_pair("code_verifier", &pending.code_verifier)
        .finish();
    let response = client
        .post(&config.token_endpoint)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .map_err(OAuthError::Http)?;
    if !response.status().is_success() {
        return Err(OAuthError::TokenRefused(response.status().as_u16()));
    }
    let token: TokenResponse = response.json().await.map_err(OAuthError::Http)?;
    Ok(token.access_token)
}

fn main() {}

