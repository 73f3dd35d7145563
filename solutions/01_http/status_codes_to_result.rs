//! # Status codes: 404 is an answer, 500 is a failure
//!
//! Write `find_user` for `GET {base}/users/{id}`. Map the status classes onto Rust types:
//! a 2xx carries the user (`Ok(Some(user))`); 404 Not Found means there is no such user
//! (`Ok(None)`, a normal answer); any other 4xx is our mistake (`ApiError::Client(status)`);
//! a 5xx is the server's failure (`ApiError::Server(status)`); anything else is
//! `ApiError::Unexpected(status)`.
//!
//! Why it matters: reqwest hands you a `Response` for every status, 500 included, and its body
//! may even parse. Callers must be able to tell "not there" from "broken": a 404 may be shown to
//! a user, a 4xx is a bug to fix on our side, a 5xx may be retried or alerted on.

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
        status if status.is_success() => Ok(Some(response.json().await?)),
        StatusCode::NOT_FOUND => Ok(None),
        status if status.is_client_error() => Err(ApiError::Client(status)),
        status if status.is_server_error() => Err(ApiError::Server(status)),
        status => Err(ApiError::Unexpected(status)),
    }
}

fn main() {
    // The tests start a mock users server and call `find_user` against it.
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// Calls `find_user(.., 7)` against a server that answers `response`, and checks that it
    /// sent exactly one `GET /users/7`.
    async fn find_with(response: ResponseTemplate) -> Result<Option<User>, ApiError> {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(response)
            .mount(&server)
            .await;

        let result = find_user(&Client::new(), &server.uri(), 7).await;

        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1, "find_user sends exactly one request");
        assert_eq!(
            requests[0].method.as_str(),
            "GET",
            "reading a user is a GET"
        );
        assert_eq!(
            requests[0].url.path(),
            "/users/7",
            "users live at {{base}}/users/{{id}}"
        );
        result
    }

    /// Calls `find_user(.., 7)` against a server that answers `status` with a body that looks
    /// like a user (so that parsing it "works" whatever the status).
    async fn find_with_status(status: u16) -> Result<Option<User>, ApiError> {
        find_with(ResponseTemplate::new(status).set_body_json(json!({"id": 7, "name": "Ada"})))
            .await
    }

    fn ada() -> User {
        User {
            id: 7,
            name: "Ada".into(),
        }
    }

    #[tokio::test]
    async fn ok_returns_the_user() {
        let result = find_with_status(200).await;
        assert!(
            matches!(&result, Ok(Some(user)) if *user == ada()),
            "a 200 carries the user: Ok(Some(user)); got {result:?}"
        );
    }

    #[tokio::test]
    async fn every_2xx_carries_the_user() {
        let result = find_with_status(203).await;
        assert!(
            matches!(&result, Ok(Some(user)) if *user == ada()),
            "any 2xx is a success, not only 200 (here 203 Non-Authoritative Information, from a \
             caching proxy): Ok(Some(user)); got {result:?}"
        );
    }

    #[tokio::test]
    async fn a_body_that_is_not_a_user_is_an_http_error() {
        let result =
            find_with(ResponseTemplate::new(200).set_body_json(json!({"user": "Ada"}))).await;
        assert!(
            matches!(&result, Err(ApiError::Http(err)) if err.is_decode()),
            "a 200 whose body does not decode as a user is an error, ApiError::Http (the `?` \
             on `json()` converts it), not Ok(None): None means the server said 404; got \
             {result:?}"
        );
    }

    #[tokio::test]
    async fn not_found_is_none_not_an_error() {
        let result = find_with(
            ResponseTemplate::new(404).set_body_json(json!({"error": "no user with id 7"})),
        )
        .await;
        assert!(
            matches!(result, Ok(None)),
            "404 means there is no such user: that is an answer, Ok(None), not an error; \
             got {result:?}"
        );
    }

    #[tokio::test]
    async fn a_user_shaped_404_is_still_none() {
        let result = find_with_status(404).await;
        assert!(
            matches!(result, Ok(None)),
            "decide by the status first, never by whether the body parses: 404 is Ok(None); \
             got {result:?}"
        );
    }

    #[tokio::test]
    async fn other_4xx_are_client_errors_with_their_status() {
        for status in [400, 401, 403, 409, 410, 422, 429] {
            let result = find_with_status(status).await;
            assert!(
                matches!(&result, Err(ApiError::Client(s)) if s.as_u16() == status),
                "{status} is a client error: Err(ApiError::Client({status})), since only 404 \
                 means there is no such user; got {result:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_500_is_a_server_error_even_if_the_body_parses() {
        let result = find_with_status(500).await;
        assert!(
            matches!(&result, Err(ApiError::Server(s)) if *s == StatusCode::INTERNAL_SERVER_ERROR),
            "a 500 is a failure even when its body happens to look like a user: \
             Err(ApiError::Server(500)); reqwest does not check the status for you; \
             got {result:?}"
        );
    }

    #[tokio::test]
    async fn other_5xx_are_server_errors_with_their_status() {
        for status in [501, 502, 503, 504, 599] {
            let result = find_with_status(status).await;
            assert!(
                matches!(&result, Err(ApiError::Server(s)) if s.as_u16() == status),
                "{status} is a server error: Err(ApiError::Server({status})); got {result:?}"
            );
        }
    }

    #[tokio::test]
    async fn anything_else_is_unexpected() {
        // 3xx answers without a Location: reqwest has nowhere to follow them, so it returns them.
        for status in [304, 300] {
            let result = find_with_status(status).await;
            assert!(
                matches!(&result, Err(ApiError::Unexpected(s)) if s.as_u16() == status),
                "{status} is neither a success nor a 4xx or 5xx: anything else is \
                 Err(ApiError::Unexpected({status})); got {result:?}"
            );
        }
    }
}
