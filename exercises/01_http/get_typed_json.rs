//! # GET a resource and read its JSON into a typed struct
//!
//! The catalogue service answers `GET /books/{id}` with a JSON object. Write `get_book`, which
//! fetches one book with the `reqwest::Client` it is given, and make `Book` deserializable so
//! that the JSON maps onto it: the API spells names in camelCase, `subtitle` may be `null` or
//! absent, `tags` is left out when a book has none, and fields `Book` does not have are ignored.
//! An error status is an error, whatever its body looks like.
//!
//! Why it matters: a typed struct is the contract between your service and the one you call.
//! Decoding into it once, at the edge, means the rest of your code never handles raw JSON, and a
//! change in the other service shows up as one clear decoding error.

// The tests call these items; `main` does not.
#![allow(dead_code)]

use reqwest::Client;
use serde::Deserialize;

/// A book as the catalogue API returns it, for example:
///
/// ```json
/// {"id": 7, "title": "Dune", "subtitle": null, "authors": ["Frank Herbert"],
///  "pageCount": 412, "tags": ["sf"], "isbn": "978-0441013593"}
/// ```
// TODO: derive `Deserialize` too, and tell serde how the API spells the fields:
//   `pageCount` in the JSON is `page_count` here, and `tags` may be missing entirely.
#[derive(Debug, PartialEq)]
pub struct Book {
    pub id: u64,
    pub title: String,
    /// `null` or absent when the book has no subtitle.
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    /// Sent as `pageCount`.
    pub page_count: u32,
    /// Absent when the book has no tags.
    pub tags: Vec<String>,
}

/// Fetches `GET {base}/books/{id}` and decodes the JSON body into a `Book`.
pub async fn get_book(client: &Client, base: &str, id: u64) -> reqwest::Result<Book> {
    // TODO: send a GET to `{base}/books/{id}` with `client`, turn an error status into an
    //   error, and decode the body as JSON.
    todo!()
}

fn main() {
    // The tests start a mock catalogue server and call `get_book` against it.
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// Starts a server that answers every request with `body`, calls `get_book(.., 7)`,
    /// checks that exactly one `GET /books/7` was sent, and returns the book, or fails the
    /// test with a hint about the decoding error.
    async fn get_book_7(what: &str, body: serde_json::Value) -> Book {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;

        let result = get_book(&Client::new(), &server.uri(), 7).await;

        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1, "get_book sends exactly one request");
        assert_eq!(
            requests[0].method.as_str(),
            "GET",
            "reading a resource is a GET"
        );
        assert_eq!(
            requests[0].url.path(),
            "/books/7",
            "the book lives at {{base}}/books/{{id}}"
        );
        result.unwrap_or_else(|err| {
            let cause = std::error::Error::source(&err).map(|source| source.to_string());
            let cause = cause.unwrap_or_else(|| err.to_string());
            let hint = if cause.contains("page_count") {
                "the JSON says `pageCount`: #[serde(rename_all = \"camelCase\")] on the struct \
                 maps camelCase names onto snake_case fields"
            } else if cause.contains("missing field `tags`") {
                "a missing list needs #[serde(default)] on the field to become empty"
            } else if cause.contains("unknown field") {
                "fields the struct doesn't know must be ignored: APIs add fields over time and \
                 that must not break their clients (no deny_unknown_fields here)"
            } else {
                "serde's message above names the field it could not map"
            };
            panic!("{what} must decode, but get_book failed: {cause}. Hint: {hint}")
        })
    }

    #[tokio::test]
    async fn decodes_a_complete_book() {
        let book = get_book_7(
            "a complete book",
            json!({
                "id": 7,
                "title": "Dune",
                "subtitle": "Book One",
                "authors": ["Frank Herbert"],
                "pageCount": 412,
                "tags": ["sf", "classic"],
            }),
        )
        .await;
        assert_eq!(
            book,
            Book {
                id: 7,
                title: "Dune".into(),
                subtitle: Some("Book One".into()),
                authors: vec!["Frank Herbert".into()],
                page_count: 412,
                tags: vec!["sf".into(), "classic".into()],
            },
            "every field of the JSON lands in its field of Book"
        );
    }

    #[tokio::test]
    async fn a_null_subtitle_is_none() {
        let book = get_book_7(
            "a book with `\"subtitle\": null`",
            json!({
                "id": 7, "title": "Dune", "subtitle": null, "authors": ["Frank Herbert"],
                "pageCount": 412, "tags": [],
            }),
        )
        .await;
        assert_eq!(book.subtitle, None, "`\"subtitle\": null` is None");
    }

    #[tokio::test]
    async fn missing_optional_fields_get_defaults() {
        let book = get_book_7(
            "a book without `subtitle` and `tags`",
            json!({"id": 7, "title": "Dune", "authors": ["Frank Herbert"], "pageCount": 412}),
        )
        .await;
        assert_eq!(book.subtitle, None, "a missing subtitle is None");
        assert_eq!(
            book.tags,
            Vec::<String>::new(),
            "missing tags are an empty list"
        );
    }

    #[tokio::test]
    async fn unknown_fields_are_ignored() {
        let book = get_book_7(
            "a book with fields the struct doesn't have",
            json!({
                "id": 7, "title": "Dune", "subtitle": null, "authors": ["Frank Herbert"],
                "pageCount": 412, "tags": [],
                "isbn": "978-0441013593", "_links": {"self": "/books/7"},
            }),
        )
        .await;
        assert_eq!(book.title, "Dune", "the known fields still decode");
    }

    #[tokio::test]
    async fn an_error_status_is_an_error() {
        // A proxy that answers 503 with the last book it had cached.
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503).set_body_json(json!({
                "id": 7, "title": "Dune", "authors": ["Frank Herbert"], "pageCount": 412,
            })))
            .mount(&server)
            .await;

        let result = get_book(&Client::new(), &server.uri(), 7).await;

        match result {
            Err(err) => assert_eq!(
                err.status().map(|status| status.as_u16()),
                Some(503),
                "a 503 is the error of error_for_status, with its status; got {err:?}"
            ),
            Ok(book) => panic!(
                "the server answered 503 Service Unavailable: turn an error status into an \
                 error (error_for_status) before decoding, even when the body looks like a \
                 book; got Ok({book:?})"
            ),
        }
    }
}
