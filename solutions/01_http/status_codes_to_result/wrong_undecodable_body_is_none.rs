//! wrong: turns a body that does not decode into Ok(None)
//! expect: None means the server said 404

// The tests call these items; `main` does not.
#![allow(dead_code)]

use reqwest::{Client, StatusCode};
use serde::Deserialize;

#[derive(Debug, PartialEq, Deserialize)]
pub struct User {
    pub id: u64,
    pub name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A 4xx other than 404: the request was wrong (bad input, not allowed, too many...).
    #[error("request rejected with {0}")]
    Client(StatusCode),
    /// A 5xx: the server failed to answer.
    #[error("server failed with {0}")]
    Server(StatusCode),
    /// A status this API never sends (1xx, or a 3xx that was not followed).
    #[error("unexpected status {0}")]
    Unexpected(StatusCode),
    /// The request could not be sent, or the body could not be read or decoded.
    #[error(transparent)]
    Http(#[from] reqwest::Error),
}

/// `GET {base}/users/{id}`: `Ok(Some(user))`, `Ok(None)` for 404, or an `ApiError`.
pub async fn find_user(client: &Client, base: &str, id: u64) -> Result<Option<User>, ApiError> {
    let response = client.get(format!("{base}/users/{id}")).send().await?;
    match response.status() {
        status if status.is_success() => Ok(response.json().await.ok()),
        StatusCode::NOT_FOUND => Ok(None),
        status if status.is_client_error() => Err(ApiError::Client(status)),
        status if status.is_server_error() => Err(ApiError::Server(status)),
        status => Err(ApiError::Unexpected(status)),
    }
}

fn main() {
    // The tests start a mock users server and call `find_user` against it.
}

