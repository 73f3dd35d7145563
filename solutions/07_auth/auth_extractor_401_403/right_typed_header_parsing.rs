//! right: parses the header in a helper returning Option, builds the challenge with a status and a HeaderMap, checks the role with contains
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
        let challenge = match self {
            AuthError::Forbidden => return StatusCode::FORBIDDEN.into_response(),
            AuthError::MissingCredentials => CHALLENGE.to_owned(),
            AuthError::InvalidToken => format!("{CHALLENGE}, error=\"invalid_token\""),
        };
        let mut headers = axum::http::HeaderMap::new();
        if let Ok(value) = challenge.parse() {
            headers.insert(header::WWW_AUTHENTICATE, value);
        }
        (StatusCode::UNAUTHORIZED, headers).into_response()
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AuthError> {
        let Some(token) = bearer_token(parts) else {
            return Err(AuthError::MissingCredentials);
        };
        state
            .tokens
            .get(token)
            .cloned()
            .map(AuthUser)
            .ok_or(AuthError::InvalidToken)
    }
}

fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let mut words = value.splitn(2, ' ');
    let scheme = words.next()?;
    let token = words.next()?.trim();
    (scheme.to_ascii_lowercase() == "bearer" && !token.is_empty()).then_some(token)
}

async fn list_orders(AuthUser(user): AuthUser) -> String {
    format!("orders of {}", user.name)
}

async fn delete_order(
    AuthUser(user): AuthUser,
    Path(id): Path<u32>,
) -> Result<StatusCode, AuthError> {
    if !user.roles.contains(&"admin".to_owned()) {
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

