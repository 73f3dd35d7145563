//! # 401 or 403: authentication in an extractor
//!
//! Complete the `AuthUser` extractor and `AuthError::into_response`. The extractor reads
//! `Authorization: Bearer <token>` (the scheme is case-insensitive, any other scheme does not
//! count) and finds the token's user. No usable credentials is `401 Unauthorized` with a
//! `WWW-Authenticate: Bearer ...` header (`error="invalid_token"` when a token was sent but is
//! not valid). A known user without the right role is `403 Forbidden`. `DELETE /orders/{id}`
//! needs the `admin` role; `GET /orders` needs only a user.
//! Why it matters: clients act on the difference. 401 means "who are you?": log in again, refresh
//! the token. 403 means "I know who you are, and no": logging in again will not help. An
//! extractor puts the check in every handler that names it, so no route forgets it.

use std::collections::HashMap;
use std::sync::Arc;

use axum::{
    Router,
    extract::{FromRequestParts, Path},
    http::{StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::{delete, get},
};

#[derive(Debug, Clone)]
pub struct User {
    pub name: String,
    pub roles: Vec<String>,
}

/// Bearer token -> user. (A real service verifies a JWT here, or looks a hashed token up.)
#[derive(Clone)]
pub struct AppState {
    pub tokens: Arc<HashMap<String, User>>,
}

/// The authenticated user of a request.
pub struct AuthUser(pub User);

#[derive(Debug)]
pub enum AuthError {
    /// No `Authorization: Bearer` header.
    MissingCredentials,
    /// A bearer token we do not know.
    InvalidToken,
    /// Authenticated, but without the permission.
    Forbidden,
}

const CHALLENGE: &str = r#"Bearer realm="orders""#;

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        match self {
            AuthError::MissingCredentials => (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, CHALLENGE.to_owned())],
            )
                .into_response(),
            AuthError::InvalidToken => (
                StatusCode::UNAUTHORIZED,
                [(
                    header::WWW_AUTHENTICATE,
                    format!(r#"{CHALLENGE}, error="invalid_token""#),
                )],
            )
                .into_response(),
            AuthError::Forbidden => StatusCode::FORBIDDEN.into_response(),
        }
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AuthError> {
        let value = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .ok_or(AuthError::MissingCredentials)?;
        let (scheme, token) = value.split_once(' ').ok_or(AuthError::MissingCredentials)?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(AuthError::MissingCredentials);
        }
        match state.tokens.get(token.trim()) {
            Some(user) => Ok(AuthUser(user.clone())),
            None => Err(AuthError::InvalidToken),
        }
    }
}

async fn list_orders(AuthUser(user): AuthUser) -> String {
    format!("orders of {}", user.name)
}

async fn delete_order(
    AuthUser(user): AuthUser,
    Path(id): Path<u32>,
) -> Result<StatusCode, AuthError> {
    if !user.roles.iter().any(|role| role == "admin") {
        return Err(AuthError::Forbidden);
    }
    let _deleted = id;
    Ok(StatusCode::NO_CONTENT)
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/orders", get(list_orders))
        .route("/orders/{id}", delete(delete_order))
        .with_state(state)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    const ADA: &str = "tok-ada-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    const ROOT: &str = "tok-root-0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    async fn spawn_app() -> String {
        let tokens = HashMap::from([
            (
                ADA.to_owned(),
                User {
                    name: "ada".into(),
                    roles: vec!["customer".into()],
                },
            ),
            (
                ROOT.to_owned(),
                User {
                    name: "root".into(),
                    roles: vec!["customer".into(), "admin".into()],
                },
            ),
        ]);
        let state = AppState {
            tokens: Arc::new(tokens),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app(state)).await.unwrap() });
        format!("http://{addr}")
    }

    /// Sends `method path` with the given Authorization header; the status and WWW-Authenticate.
    async fn send(
        base: &str,
        method: &str,
        path: &str,
        auth: Option<&str>,
    ) -> (u16, Option<String>) {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = client.request(method, format!("{base}{path}"));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.expect(
            "the server closed the connection without answering: did the extractor panic? Look \
             for `not yet implemented` above",
        );
        let challenge = response
            .headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        (response.status().as_u16(), challenge)
    }

    fn assert_challenge(challenge: &Option<String>, what: &str) {
        assert!(
            challenge
                .as_deref()
                .is_some_and(|c| c.to_ascii_lowercase().starts_with("bearer")),
            "{what}: a 401 must say how to authenticate, `WWW-Authenticate: Bearer realm=\"orders\"` \
             (RFC 9110 §15.5.2); got {challenge:?}"
        );
    }

    #[tokio::test]
    async fn no_credentials_is_401_with_a_challenge() {
        let base = spawn_app().await;
        let (status, challenge) = send(&base, "GET", "/orders", None).await;
        assert_eq!(
            status, 401,
            "a request without credentials is 401 Unauthorized (\"who are you?\"), not 403"
        );
        assert_challenge(&challenge, "no Authorization header");
        let (status, _) = send(&base, "DELETE", "/orders/1", None).await;
        assert_eq!(
            status, 401,
            "without credentials even an admin route answers 401: the server does not know who \
             asks, so it cannot say they lack the role"
        );
    }

    #[tokio::test]
    async fn an_unknown_token_is_401_invalid_token() {
        let base = spawn_app().await;
        let (status, challenge) =
            send(&base, "GET", "/orders", Some("Bearer tok-nobody-123")).await;
        assert_eq!(status, 401, "an unknown bearer token is 401");
        assert_challenge(&challenge, "an unknown token");
        assert!(
            challenge
                .as_deref()
                .is_some_and(|c| c.contains(r#"error="invalid_token""#)),
            "a token that was sent but is not valid adds `error=\"invalid_token\"` to the \
             challenge (RFC 6750 §3.1), so the client knows to refresh it; got {challenge:?}"
        );
    }

    #[tokio::test]
    async fn a_valid_token_is_let_in() {
        let base = spawn_app().await;
        let (status, _) = send(&base, "GET", "/orders", Some(&format!("Bearer {ADA}"))).await;
        assert_eq!(
            status, 200,
            "a known bearer token is let in; GET /orders needs no role"
        );
        let (status, _) = send(&base, "GET", "/orders", Some(&format!("bearer {ADA}"))).await;
        assert_eq!(
            status, 200,
            "the auth scheme is case-insensitive (RFC 9110 §11.1): `bearer` is `Bearer`"
        );
    }

    #[tokio::test]
    async fn another_scheme_is_not_a_bearer_token() {
        let base = spawn_app().await;
        let (status, challenge) =
            send(&base, "GET", "/orders", Some(&format!("Basic {ADA}"))).await;
        assert_eq!(
            status, 401,
            "`Authorization: Basic ...` is not a bearer token, whatever follows the scheme: read \
             the token only after `Bearer `"
        );
        assert_challenge(&challenge, "another scheme");
        let (status, _) = send(&base, "GET", "/orders", Some(ADA)).await;
        assert_eq!(
            status, 401,
            "a bare token without the `Bearer ` scheme is refused"
        );
    }

    #[tokio::test]
    async fn a_user_without_the_role_is_403() {
        let base = spawn_app().await;
        let (status, _) = send(&base, "DELETE", "/orders/1", Some(&format!("Bearer {ADA}"))).await;
        assert_eq!(
            status, 403,
            "ada is authenticated but not an admin: 403 Forbidden. A 401 would send the client \
             to log in again, which cannot help"
        );
        let (status, _) = send(
            &base,
            "DELETE",
            "/orders/1",
            Some(&format!("Bearer {ROOT}")),
        )
        .await;
        assert_eq!(
            status, 204,
            "root has the admin role: the delete goes through"
        );
    }
}
