//! # One error format everywhere: RFC 9457 problem details
//!
//! Make every error of this API a problem details document (RFC 9457), even the ones axum
//! produces before any handler runs:
//! - `impl IntoResponse for Problem`: the status, `content-type: application/problem+json`, and
//!   a JSON body with `type` ("about:blank"), `title`, `status` (the same number as the HTTP
//!   status) and `detail` when there is one;
//! - a fallback for URLs that match no route: a `404` problem whose `detail` names the path;
//! - a fallback for a known URL with the wrong method: a `405` problem whose `detail` names the
//!   method (axum still adds the `Allow` header listing the methods that are allowed).
//!
//! Why it matters: a client should parse one error format, not one for your handlers and another
//! (an empty body, or plain text) for the router. RFC 9457 is the standard shape, understood by
//! API gateways and client libraries.

use axum::{
    Json, Router,
    extract::{Path, rejection::PathRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Serialize;

/// An RFC 9457 problem: what went wrong, for machines (`status`) and humans (`title`, `detail`).
#[derive(Debug)]
pub struct Problem {
    pub status: StatusCode,
    pub title: String,
    pub detail: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, title: impl Into<String>) -> Problem {
        Problem {
            status,
            title: title.into(),
            detail: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }
}

/// The JSON body of a problem.
#[derive(Serialize)]
pub struct ProblemBody {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        // TODO: build a `ProblemBody` (type "about:blank", the title, the status as a number,
        // the detail) and answer `(status, [(header::CONTENT_TYPE, "application/problem+json")],
        // Json(body))`. The header given in the tuple replaces the one `Json` sets.
        todo!()
    }
}

#[derive(Serialize)]
pub struct Book {
    pub id: u32,
    pub title: &'static str,
}

/// `GET /books/{id}`: only book 1 exists.
pub async fn get_book(id: Result<Path<u32>, PathRejection>) -> Result<Json<Book>, Problem> {
    let Path(id) = id.map_err(|rejection| {
        Problem::new(StatusCode::BAD_REQUEST, "Invalid book id").with_detail(rejection.body_text())
    })?;
    if id == 1 {
        Ok(Json(Book { id, title: "Dune" }))
    } else {
        Err(Problem::new(StatusCode::NOT_FOUND, "Book not found")
            .with_detail(format!("there is no book with id {id}")))
    }
}

/// Any URL that matches no route.
pub async fn not_found() -> Problem {
    // TODO: a 404 problem. A handler may take extractors: `uri: Uri` gives the path to mention
    // in the detail.
    todo!()
}

/// A known URL called with a method it does not support.
pub async fn method_not_allowed() -> Problem {
    // TODO: a 405 problem (`method: Method` is an extractor too).
    todo!()
}

pub fn app() -> Router {
    // TODO: send unmatched URLs to `not_found` with `.fallback(..)`, and wrong methods to
    // `method_not_allowed` with `.method_not_allowed_fallback(..)`. The latter only applies to
    // the routes added before it.
    Router::new().route("/books/{id}", get(get_book))
}

fn main() {
    // Checked by the tests: the error format is described at the top.
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    async fn send(method: &str, path: &str) -> reqwest::Response {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        client
            .request(method, format!("http://{addr}{path}"))
            .send()
            .await
            .expect(
                "the server closed the connection without answering: did a handler panic? \
                 Look for `not yet implemented` above",
            )
    }

    /// Asserts `response` is a problem details document with the given status; returns its body.
    async fn assert_problem(response: reqwest::Response, status: u16, what: &str) -> Value {
        let got = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = response.text().await.unwrap();
        assert_eq!(
            got, status,
            "{what}: expected status {status}, got {got} ({body})"
        );
        let media_type = content_type.split(';').next().unwrap_or("").trim();
        assert_eq!(
            media_type, "application/problem+json",
            "{what}: a problem details body is sent as `content-type: application/problem+json`, \
             got `{content_type}` with body `{body}`"
        );
        let json: Value = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("{what}: the problem body is not valid JSON ({e}): {body}"));
        assert_eq!(
            json["status"].as_u64(),
            Some(u64::from(status)),
            "{what}: the body's \"status\" must be the HTTP status as a number: {body}"
        );
        assert!(
            json["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{what}: the body needs a \"title\", a short human-readable summary: {body}"
        );
        assert_eq!(
            json["type"], "about:blank",
            "{what}: the body's \"type\" is \"about:blank\" (a problem with no more specific \
             type than its status): {body}"
        );
        json
    }

    /// The `detail` of a problem body, which must be there.
    fn detail<'a>(problem: &'a Value, what: &str) -> &'a str {
        problem["detail"].as_str().unwrap_or_else(|| {
            panic!(
                "{what}: the body needs the problem's \"detail\" (serialise `self.detail`; it \
                 is left out only when it is `None`): {problem}"
            )
        })
    }

    #[tokio::test]
    async fn existing_book_is_200_json() {
        let response = send("GET", "/books/1").await;
        let status = response.status().as_u16();
        let book: Value = response.json().await.unwrap_or_default();
        assert!(
            status == 200 && book["title"] == "Dune",
            "GET /books/1 should still answer the book (200 OK), got {status}: {book}"
        );
    }

    #[tokio::test]
    async fn missing_book_is_a_404_problem() {
        let response = send("GET", "/books/2").await;
        let what = "GET /books/2 (no such book)";
        let problem = assert_problem(response, 404, what).await;
        assert_eq!(
            detail(&problem, what),
            "there is no book with id 2",
            "{what}: the body's \"detail\" is the problem's own detail: {problem}"
        );
    }

    #[tokio::test]
    async fn malformed_id_is_a_400_problem() {
        let response = send("GET", "/books/abc").await;
        assert_problem(response, 400, "GET /books/abc (not a number)").await;
    }

    #[tokio::test]
    async fn unknown_route_is_a_404_problem() {
        for (method, path) in [("GET", "/no/such/page"), ("POST", "/books")] {
            let response = send(method, path).await;
            let what = format!(
                "{method} {path} (no route matches; without a `.fallback(..)` axum answers an \
                 empty 404)"
            );
            let problem = assert_problem(response, 404, &what).await;
            assert!(
                detail(&problem, &what).contains(path),
                "{what}: the 404's \"detail\" says which path has no resource ({path}): \
                 {problem}"
            );
        }
    }

    #[tokio::test]
    async fn wrong_method_is_a_405_problem_with_allow() {
        let response = send("DELETE", "/books/1").await;
        let allow = response
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let what = "DELETE /books/1 (the route exists, the method does not; axum answers an \
                    empty 405 unless `.method_not_allowed_fallback(..)` is called after the \
                    routes)";
        let problem = assert_problem(response, 405, what).await;
        assert!(
            detail(&problem, what).contains("DELETE"),
            "DELETE /books/1: the 405's \"detail\" says which method is not supported \
             (DELETE): {problem}"
        );
        assert!(
            allow.contains("GET"),
            "a 405 response must keep the `Allow` header listing the allowed methods, got `{allow}`"
        );
    }
}
