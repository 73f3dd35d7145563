//! wrong: the same challenge for a missing and an invalid token
//! expect: adds `error="invalid_token"` to the challenge
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
                    CHALLENGE.to_owned(),
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

