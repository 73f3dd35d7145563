//! # POST a JSON body and follow the Location of what you created
//!
//! Write `create_order`: send the order as JSON with `POST {base}/orders`. The orders API
//! answers `201 Created` with a `Location` header naming the new order, for example
//! `Location: /orders/42`. Return that location as an absolute `Url`, resolved against the URL
//! the request was sent to (`base` may have a path of its own, such as `http://shop/api`). Any
//! other status, a 200 or a 202 included, means the order was not created; a 201 without a
//! Location is `MissingLocation`, and one whose Location is not text or not a URL reference is
//! `BadLocation`.
//!
//! Why it matters: the status code is the server's statement of what happened. `201` says "a new
//! resource exists, and here is where"; a `200` from a create endpoint means something else
//! happened (a cache, a proxy, a different route). Reading `Location` instead of guessing the
//! URL keeps you correct when the other service changes its URL scheme.

// The tests call these items; `main` does not.
#![allow(dead_code)]

use reqwest::header::LOCATION;
use reqwest::{Client, StatusCode};
use serde::Serialize;
use url::Url;

/// What we ask the orders API to create.
#[derive(Debug, Serialize)]
pub struct NewOrder {
    pub sku: String,
    pub quantity: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// The server answered something other than 201 Created.
    #[error("expected 201 Created, got {0}")]
    UnexpectedStatus(StatusCode),
    /// 201 Created, but no Location header.
    #[error("201 Created without a Location header")]
    MissingLocation,
    /// A Location header that is not a valid URL reference.
    #[error("invalid Location header: {0}")]
    BadLocation(String),
    #[error(transparent)]
    Http(#[from] reqwest::Error),
}

/// `POST {base}/orders` with `order` as a JSON body; returns the absolute URL of the new order.
///
/// `Location` may be relative (`/orders/42`): resolve it against the URL of the request.
pub async fn create_order(
    client: &Client,
    base: &str,
    order: &NewOrder,
) -> Result<Url, CreateError> {
    // TODO: send `POST {base}/orders` with `order` as a JSON body.
    // TODO: anything but 201 Created is `CreateError::UnexpectedStatus(status)`.
    // TODO: read the `Location` header (`MissingLocation` when absent) and resolve it against
    //   `response.url()` with `Url::join` (`BadLocation` when that fails).
    todo!()
}

fn main() {
    // The tests start a mock orders server and call `create_order` against it.
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;
    use serde_json::json;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn order() -> NewOrder {
        NewOrder {
            sku: "KB-42".into(),
            quantity: 3,
        }
    }

    /// Calls `create_order` with the base `{server}{prefix}` against a server that answers
    /// `response`, checks the request it received, and returns the server (for its URI) with
    /// the result.
    async fn create_under(
        prefix: &str,
        response: ResponseTemplate,
    ) -> (MockServer, Result<Url, CreateError>) {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(response)
            .mount(&server)
            .await;

        let base = format!("{}{prefix}", server.uri());
        let result = create_order(&Client::new(), &base, &order()).await;

        let requests = server.received_requests().await.unwrap();
        assert_eq!(
            requests.len(),
            1,
            "create_order sends exactly one request (creating twice would create two orders)"
        );
        let request = &requests[0];
        assert_eq!(
            request.method.as_str(),
            "POST",
            "creating a resource is a POST"
        );
        assert_eq!(
            request.url.path(),
            format!("{prefix}/orders"),
            "orders are created at {{base}}/orders"
        );
        let content_type = request
            .headers
            .get("content-type")
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        assert_eq!(
            content_type.as_deref(),
            Some("application/json"),
            "a JSON body is labelled `Content-Type: application/json` (RequestBuilder::json does it)"
        );
        let body: serde_json::Value =
            serde_json::from_slice(&request.body).expect("the request body must be JSON");
        assert_eq!(
            body,
            json!({"sku": "KB-42", "quantity": 3}),
            "the body is the order as JSON"
        );
        (server, result)
    }

    async fn create(response: ResponseTemplate) -> (MockServer, Result<Url, CreateError>) {
        create_under("", response).await
    }

    #[tokio::test]
    async fn returns_the_absolute_location_of_the_new_order() {
        let (server, result) =
            create(ResponseTemplate::new(201).insert_header("Location", "/orders/42")).await;
        let location = result.expect(
            "201 Created with `Location: /orders/42` is a success; a relative Location is \
             resolved against the request's URL (response.url().join(..))",
        );
        assert_eq!(
            location.as_str(),
            format!("{}/orders/42", server.uri()),
            "a relative Location (`/orders/42`) is resolved against the request's URL \
             (Url::join)"
        );
    }

    #[tokio::test]
    async fn a_location_is_resolved_against_the_request_url_not_the_base() {
        for (location, expected) in [
            ("/orders/42", "/orders/42"),
            ("orders/42", "/shop/api/orders/42"),
            ("42", "/shop/api/42"),
            ("?id=42", "/shop/api/orders?id=42"),
        ] {
            let (server, result) = create_under(
                "/shop/api",
                ResponseTemplate::new(201).insert_header("Location", location),
            )
            .await;
            let location_url = result.unwrap_or_else(|err| {
                panic!("201 Created with `Location: {location}` is a success; got Err({err:?})")
            });
            assert_eq!(
                location_url.as_str(),
                format!("{}{expected}", server.uri()),
                "the request went to {}/shop/api/orders, and `Location: {location}` is resolved \
                 against the request's URL as a browser resolves a link (response.url().join), \
                 not pasted after the base or joined onto it",
                server.uri()
            );
        }
    }

    #[tokio::test]
    async fn an_absolute_location_is_kept() {
        let (_, result) = create(
            ResponseTemplate::new(201)
                .insert_header("Location", "http://orders.internal/v2/orders/43"),
        )
        .await;
        let location = result.expect("201 Created with a Location is a success");
        assert_eq!(
            location.as_str(),
            "http://orders.internal/v2/orders/43",
            "an absolute Location is already the URL of the new order"
        );
    }

    #[tokio::test]
    async fn ok_200_is_not_created() {
        let (_, result) = create(
            ResponseTemplate::new(200)
                .insert_header("Location", "/orders/42")
                .set_body_json(json!({"status": "queued"})),
        )
        .await;
        assert!(
            matches!(result, Err(CreateError::UnexpectedStatus(StatusCode::OK))),
            "a created resource answers 201 Created; a 200 OK means the order was NOT created, \
             so return UnexpectedStatus(200); got {result:?}"
        );
    }

    #[tokio::test]
    async fn other_statuses_are_reported_with_their_status() {
        for status in [202, 204, 409, 500, 503] {
            let (_, result) =
                create(ResponseTemplate::new(status).insert_header("Location", "/orders/42")).await;
            assert!(
                matches!(&result, Err(CreateError::UnexpectedStatus(s)) if s.as_u16() == status),
                "only 201 Created means the order exists: a {status} is \
                 UnexpectedStatus({status}), even with a Location (reqwest does not turn error \
                 statuses into errors by itself); got {result:?}"
            );
        }
    }

    #[tokio::test]
    async fn created_without_location_is_an_error() {
        let (_, result) = create(ResponseTemplate::new(201)).await;
        assert!(
            matches!(result, Err(CreateError::MissingLocation)),
            "a 201 without a Location header is MissingLocation: don't guess the URL; \
             got {result:?}"
        );
    }

    #[tokio::test]
    async fn an_unusable_location_is_bad_location() {
        let not_text = HeaderValue::from_bytes(b"/orders/\xff42").unwrap();
        let not_a_url = HeaderValue::from_static("http://[::1/orders/42");
        for (value, what) in [(not_text, "is not text"), (not_a_url, "is not a URL")] {
            let (_, result) =
                create(ResponseTemplate::new(201).insert_header("Location", value.clone())).await;
            assert!(
                matches!(result, Err(CreateError::BadLocation(_))),
                "a Location that {what} ({value:?}) is BadLocation: there is a header, but no \
                 usable URL in it; got {result:?}"
            );
        }
    }
}
