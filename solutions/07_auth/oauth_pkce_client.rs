//! # OAuth 2 login: the authorisation-code flow with PKCE
//!
//! Your backend logs users in with an identity provider. Complete `start_login`: a fresh random
//! `state` and `code_verifier` (32 CSPRNG bytes each, base64url without padding), kept in the
//! user's session as a `PendingLogin`, and the provider's authorise URL with `response_type=code`,
//! `client_id`, `redirect_uri`, `scope=openid`, `state`, `code_challenge` (`code_challenge` of the
//! verifier) and `code_challenge_method=S256`. Complete `code_challenge` (BASE64URL(SHA-256)) and
//! `finish_login`: on the callback, refuse a missing or different `state` and an `error` before
//! anything else, then redeem the code at the token endpoint (a form POST with
//! `grant_type=authorization_code`, `code`, the same `redirect_uri`, `client_id` and the
//! `code_verifier`), and return the access token.
//! Why it matters: `state` ties the callback to the browser that started the login, so an
//! attacker cannot log you into THEIR account (login CSRF). PKCE ties the code to the verifier
//! only your backend knows, so a code stolen from a redirect (a log, a referrer, a malicious app)
//! is worthless. RFC 9700 requires PKCE for every client.

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
    if callback.get("state") != Some(&pending.state) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    use axum::{
        Form, Json, Router,
        extract::{Query, State},
        http::{StatusCode, header},
        response::{IntoResponse, Response},
        routing::{get, post},
    };

    const CLIENT_ID: &str = "shop-web";
    const REDIRECT_URI: &str = "https://shop.example.test/auth/callback";

    /// What the fake provider saw.
    #[derive(Default)]
    struct Provider {
        /// code -> (client_id, redirect_uri, code_challenge)
        codes: HashMap<String, (String, String, String)>,
        token_requests: Vec<HashMap<String, String>>,
    }

    type Shared = Arc<Mutex<Provider>>;

    /// `GET /authorize`: the user "consents" at once; redirects back with a code and the state.
    async fn authorize(
        State(provider): State<Shared>,
        Query(query): Query<HashMap<String, String>>,
    ) -> Response {
        let get = |key: &str| query.get(key).cloned().unwrap_or_default();
        if get("response_type") != "code" || get("code_challenge_method") != "S256" {
            return (StatusCode::BAD_REQUEST, "unsupported request").into_response();
        }
        let code = format!("code-{}", provider.lock().unwrap().codes.len() + 1);
        provider.lock().unwrap().codes.insert(
            code.clone(),
            (get("client_id"), get("redirect_uri"), get("code_challenge")),
        );
        let mut back = Url::parse(&get("redirect_uri")).unwrap();
        back.query_pairs_mut()
            .append_pair("code", &code)
            .append_pair("state", &get("state"));
        (StatusCode::FOUND, [(header::LOCATION, back.to_string())]).into_response()
    }

    /// `POST /token`: checks the code, the redirect URI, the client and the PKCE verifier.
    async fn token(
        State(provider): State<Shared>,
        Form(form): Form<HashMap<String, String>>,
    ) -> Response {
        let mut provider = provider.lock().unwrap();
        provider.token_requests.push(form.clone());
        let get = |key: &str| form.get(key).cloned().unwrap_or_default();
        let Some((client_id, redirect_uri, challenge)) = provider.codes.remove(&get("code")) else {
            return (
                StatusCode::BAD_REQUEST,
                Json(serde_json::json!({"error": "invalid_grant"})),
            )
                .into_response();
        };
        let verifier = get("code_verifier");
        let ok = get("grant_type") == "authorization_code"
            && get("client_id") == client_id
            && get("redirect_uri") == redirect_uri
            && URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == challenge;
        if !ok {
            return (
                StatusCode::BAD_REQUEST,
                Json(serde_json::json!({"error": "invalid_grant"})),
            )
                .into_response();
        }
        Json(serde_json::json!({"access_token": "at-for-ada", "token_type": "Bearer"}))
            .into_response()
    }

    async fn spawn_provider() -> (OAuthConfig, Shared) {
        let shared = Shared::default();
        let app = Router::new()
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let config = OAuthConfig {
            authorize_endpoint: format!("http://{addr}/authorize"),
            token_endpoint: format!("http://{addr}/token"),
            client_id: CLIENT_ID.into(),
            redirect_uri: REDIRECT_URI.into(),
        };
        (config, shared)
    }

    fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    fn params(url: &Url) -> HashMap<String, String> {
        url.query_pairs().into_owned().collect()
    }

    fn started(config: &OAuthConfig) -> (Url, PendingLogin) {
        start_login(config).expect("start_login builds the URL from the configured endpoint")
    }

    /// The browser's part: follows the authorise URL, returns the callback's query.
    async fn consent(url: &Url) -> HashMap<String, String> {
        let response = client().get(url.as_str()).send().await.unwrap();
        assert_eq!(
            response.status().as_u16(),
            302,
            "the provider refused the authorise request: response_type=code and \
             code_challenge_method=S256 are required ({url})"
        );
        let location = response.headers()["location"].to_str().unwrap();
        params(&Url::parse(location).unwrap())
    }

    #[test]
    fn the_code_challenge_is_s256() {
        // RFC 7636 Appendix B.
        assert_eq!(
            code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            "code_challenge is BASE64URL(SHA-256(verifier)) without `=` padding (RFC 7636 §4.2)"
        );
    }

    #[tokio::test]
    async fn the_authorise_url_carries_every_parameter() {
        let (config, _) = spawn_provider().await;
        let (url, pending) = started(&config);
        let p = params(&url);
        let expected = [
            ("response_type", "code"),
            ("client_id", CLIENT_ID),
            ("redirect_uri", REDIRECT_URI),
            ("scope", "openid"),
            ("code_challenge_method", "S256"),
        ];
        for (key, value) in expected {
            assert_eq!(
                p.get(key).map(String::as_str),
                Some(value),
                "the authorise URL needs `{key}={value}`: {url}"
            );
        }
        assert_eq!(
            p.get("state"),
            Some(&pending.state),
            "the URL's `state` is the one kept in PendingLogin: {url}"
        );
        assert_eq!(
            p.get("code_challenge"),
            Some(&code_challenge(&pending.code_verifier)),
            "the URL carries code_challenge(verifier), never the verifier itself: {url}"
        );
        assert!(
            url.as_str().starts_with(&config.authorize_endpoint),
            "the URL starts with the provider's authorise endpoint: {url}"
        );
    }

    #[tokio::test]
    async fn state_and_verifier_are_fresh_and_random() {
        let (config, _) = spawn_provider().await;
        let (_, a) = started(&config);
        let (_, b) = started(&config);
        for pending in [&a, &b] {
            for (what, value) in [
                ("state", &pending.state),
                ("code_verifier", &pending.code_verifier),
            ] {
                assert!(
                    value.len() >= 43
                        && value
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c)),
                    "the {what} is 32 random bytes in base64url (43 characters of [A-Za-z0-9-._~], \
                     RFC 7636 §4.1); got {value:?}"
                );
            }
        }
        assert!(
            a.state != b.state && a.code_verifier != b.code_verifier,
            "every login gets its own state and verifier: a fixed one can be replayed"
        );
    }

    #[tokio::test]
    async fn a_full_login_returns_the_access_token() {
        let (config, provider) = spawn_provider().await;
        let (url, pending) = started(&config);
        let callback = consent(&url).await;
        let token = finish_login(&client(), &config, pending, &callback).await;
        let form = provider.lock().unwrap().token_requests.first().cloned();
        assert!(
            matches!(&token, Ok(t) if t == "at-for-ada"),
            "the provider gave a code; redeeming it must return the access token. The token \
             endpoint got {form:?} and answered {token:?}: it wants grant_type=authorization_code, \
             the code, the SAME redirect_uri, client_id and the code_verifier, as a form"
        );
    }

    #[tokio::test]
    async fn a_different_state_is_refused_before_redeeming() {
        let (config, provider) = spawn_provider().await;
        let (url, pending) = started(&config);
        let mut callback = consent(&url).await;
        callback.insert("state".into(), "attacker-state".into());
        let result = finish_login(&client(), &config, pending.clone(), &callback).await;
        assert!(
            matches!(result, Err(OAuthError::StateMismatch)),
            "a callback whose state is not this session's is an attacker's (login CSRF): \
             Err(StateMismatch), got {result:?}"
        );
        assert!(
            provider.lock().unwrap().token_requests.is_empty(),
            "check the state BEFORE redeeming the code: the token endpoint must not be called for \
             a callback that failed the check"
        );
        callback.remove("state");
        let result = finish_login(&client(), &config, pending, &callback).await;
        assert!(
            matches!(result, Err(OAuthError::StateMismatch)),
            "a callback without state is refused too, got {result:?}"
        );
        assert!(
            provider.lock().unwrap().token_requests.is_empty(),
            "check the state BEFORE redeeming the code: the token endpoint must not be called for \
             a callback that failed the check"
        );
    }

    #[tokio::test]
    async fn an_error_callback_is_denied() {
        let (config, provider) = spawn_provider().await;
        let (_, pending) = started(&config);
        let callback = HashMap::from([
            ("error".to_owned(), "access_denied".to_owned()),
            ("state".to_owned(), pending.state.clone()),
        ]);
        let result = finish_login(&client(), &config, pending, &callback).await;
        assert!(
            matches!(&result, Err(OAuthError::Denied(e)) if e == "access_denied"),
            "a callback with `error=access_denied` is Err(Denied(\"access_denied\")), got {result:?}"
        );
        assert!(
            provider.lock().unwrap().token_requests.is_empty(),
            "nothing to redeem after an error"
        );
    }

    #[tokio::test]
    async fn a_callback_without_a_code_is_an_error() {
        let (config, _) = spawn_provider().await;
        let (_, pending) = started(&config);
        let callback = HashMap::from([("state".to_owned(), pending.state.clone())]);
        let result = finish_login(&client(), &config, pending, &callback).await;
        assert!(
            matches!(result, Err(OAuthError::MissingCode)),
            "a callback with the right state but no code is Err(MissingCode), got {result:?}"
        );
    }

    #[tokio::test]
    async fn a_refused_code_is_an_error() {
        let (config, _) = spawn_provider().await;
        let (_, pending) = started(&config);
        let callback = HashMap::from([
            ("code".to_owned(), "code-never-issued".to_owned()),
            ("state".to_owned(), pending.state.clone()),
        ]);
        let result = finish_login(&client(), &config, pending, &callback).await;
        assert!(
            matches!(result, Err(OAuthError::TokenRefused(400))),
            "when the token endpoint answers 400 the login fails with TokenRefused(400), got \
             {result:?}"
        );
    }
}
