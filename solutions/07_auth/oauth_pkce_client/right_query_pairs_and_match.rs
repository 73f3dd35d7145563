//! right: fills the bytes with rand::fill, builds the URL with query_pairs_mut, checks the callback with a match, encodes the form with byte_serialize
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
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The S256 code challenge: BASE64URL(SHA-256(verifier)), no padding (RFC 7636 §4.2).
pub fn code_challenge(code_verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(code_verifier.as_bytes()))
}

/// The URL to send the browser to, and what to keep in its session.
pub fn start_login(config: &OAuthConfig) -> Result<(Url, PendingLogin), url::ParseError> {
    let state = random_token();
    let code_verifier = random_token();
    let mut url = Url::parse(&config.authorize_endpoint)?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &config.client_id)
        .append_pair("redirect_uri", &config.redirect_uri)
        .append_pair("scope", "openid")
        .append_pair("state", &state)
        .append_pair("code_challenge", &code_challenge(&code_verifier))
        .append_pair("code_challenge_method", "S256");
    Ok((
        url,
        PendingLogin {
            state,
            code_verifier,
        },
    ))
}

/// Handles the callback's query parameters; returns the access token.
pub async fn finish_login(
    client: &reqwest::Client,
    config: &OAuthConfig,
    pending: PendingLogin,
    callback: &HashMap<String, String>,
) -> Result<String, OAuthError> {
    let code = match (
        callback.get("state"),
        callback.get("error"),
        callback.get("code"),
    ) {
        (Some(state), _, _) if *state != pending.state => return Err(OAuthError::StateMismatch),
        (None, _, _) => return Err(OAuthError::StateMismatch),
        (_, Some(error), _) => return Err(OAuthError::Denied(error.to_owned())),
        (_, None, None) => return Err(OAuthError::MissingCode),
        (_, None, Some(code)) => code,
    };
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let body = format!(
        "grant_type=authorization_code&code={}&redirect_uri={}&client_id={}&code_verifier={}",
        enc(code),
        enc(&config.redirect_uri),
        enc(&config.client_id),
        enc(&pending.code_verifier)
    );
    let response = client
        .post(config.token_endpoint.as_str())
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .map_err(OAuthError::Http)?;
    let status = response.status();
    if !status.is_success() {
        return Err(OAuthError::TokenRefused(status.as_u16()));
    }
    response
        .json::<TokenResponse>()
        .await
        .map(|t| t.access_token)
        .map_err(OAuthError::Http)
}

fn main() {}

