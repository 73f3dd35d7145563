//! # ETag, 304 Not Modified and Cache-Control
//!
//! `GET /article` serves a text that rarely changes. Make it cacheable:
//! 1. `etag_for` derives a *strong* validator from the content: a hash of the
//!    body, hex-encoded, in double quotes (`"3a7bd3e2..."`). Same content, same
//!    tag; any change, a new tag.
//! 2. `show_article` always sends `ETag` and `Cache-Control: max-age=60`. When
//!    the request's `If-None-Match` carries the current tag (the client echoes
//!    it back exactly, quotes included), answer `304 Not Modified` with no body
//!    and the same two headers. Otherwise answer `200 OK` with the text.
//!
//! Why it matters: `max-age` lets clients and proxies reuse a response without
//! asking at all; once it is stale, the ETag lets them revalidate for the cost
//! of a tiny 304 instead of downloading the body again.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

pub struct Article {
    body: String,
    /// The ETag header value, quotes included.
    etag: String,
}

/// The app: the article and its ETag are computed once, at startup.
pub fn app(body: String) -> Router {
    let etag = etag_for(&body);
    Router::new()
        .route("/article", get(show_article))
        .with_state(Arc::new(Article { body, etag }))
}

/// A strong ETag for `body`: a quoted hex SHA-256 of its bytes.
pub fn etag_for(body: &str) -> String {
    // TODO: hash the body (`Sha256::digest(body)`), hex-encode it
    // (`hex::encode`), and wrap it in double quotes.
    todo!()
}

async fn show_article(State(article): State<Arc<Article>>, headers: HeaderMap) -> Response {
    // TODO: read `If-None-Match` (`headers.get(IF_NONE_MATCH)`, then
    // `.to_str()`). If it equals `article.etag`, answer 304 with the `ETag` and
    // `Cache-Control: max-age=60` headers and no body; otherwise 200 with the
    // same headers and `article.body`. A tuple such as
    // `(StatusCode::NOT_MODIFIED, [(ETAG, ...), (CACHE_CONTROL, ...)])` works.
    todo!()
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_string());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("try: curl -i http://127.0.0.1:{port}/article");
    axum::serve(listener, app("Caching is hard.\n".to_string())).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    const TEXT: &str = "HTTP caching saves round trips.\n";

    struct Reply {
        status: StatusCode,
        headers: HeaderMap,
        body: String,
    }

    /// Sends `GET /article` straight to `app(body)` (no socket, so the exact
    /// response the handler built is seen, body included).
    async fn fetch(body: &str, if_none_match: Option<&str>) -> Reply {
        let mut request = Request::get("/article");
        if let Some(tag) = if_none_match {
            request = request.header(IF_NONE_MATCH, tag);
        }
        let request = request.body(Body::empty()).unwrap();
        let response = app(body.to_string()).oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    fn etag(reply: &Reply, what: &str) -> String {
        reply
            .headers
            .get(ETAG)
            .unwrap_or_else(|| panic!("{what} must carry an ETag header"))
            .to_str()
            .unwrap()
            .to_string()
    }

    fn assert_max_age_60(reply: &Reply, what: &str) {
        let value = reply
            .headers
            .get(CACHE_CONTROL)
            .unwrap_or_else(|| panic!("{what} must carry `Cache-Control: max-age=60`"))
            .to_str()
            .unwrap();
        let directives: Vec<String> = value
            .split(',')
            .map(|directive| directive.trim().to_ascii_lowercase())
            .collect();
        assert!(
            directives.iter().any(|d| d == "max-age=60"),
            "{what}: Cache-Control is `{value}`, it must contain the directive max-age=60"
        );
        assert!(
            !directives
                .iter()
                .any(|d| d == "no-store" || d == "no-cache"),
            "{what}: Cache-Control is `{value}`: no-store and no-cache forbid reusing the \
             response for 60 s without asking; send `max-age=60`"
        );
    }

    #[tokio::test]
    async fn a_first_request_gets_the_body_an_etag_and_max_age() {
        let reply = fetch(TEXT, None).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "a request without If-None-Match gets 200 OK"
        );
        assert_eq!(reply.body, TEXT, "the 200 response carries the article");
        let tag = etag(&reply, "the 200 response");
        assert!(
            !tag.starts_with("W/"),
            "`{tag}` is a weak ETag: a hash of the exact bytes is a strong validator, send it without W/"
        );
        let inner = tag
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or_else(|| {
                panic!(
                    "the ETag `{tag}` must be a quoted string such as \"3a7b...\" (RFC 9110 §8.8.3)"
                )
            });
        assert!(
            !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_graphic() && b != b'"'),
            "the ETag `{tag}` must be one quoted, non-empty run of visible characters"
        );
        assert_max_age_60(&reply, "the 200 response");
    }

    #[tokio::test]
    async fn the_same_content_always_gets_the_same_etag() {
        let first = etag(&fetch(TEXT, None).await, "the 200 response");
        let again = etag(&fetch(TEXT, None).await, "the 200 response");
        assert_eq!(
            first, again,
            "two servers with the same content gave different ETags: derive the tag from the \
             content only (no time, counter or randomness), or every restart invalidates clients"
        );
    }

    #[tokio::test]
    async fn any_change_of_the_content_gives_a_new_etag() {
        let long = "All about caches. ".repeat(500);
        let cases = [
            (
                "another text",
                TEXT.to_string(),
                "A different article.\n".to_string(),
            ),
            (
                "one character changed, same length",
                "Price: 10 EUR\n".to_string(),
                "Price: 90 EUR\n".to_string(),
            ),
            (
                "the same bytes in another order",
                "Price: 19 EUR\n".to_string(),
                "Price: 91 EUR\n".to_string(),
            ),
            (
                "only the last of 9001 bytes changed",
                format!("{long}1"),
                format!("{long}2"),
            ),
            (
                "only a trailing newline added",
                "Caching is hard.".to_string(),
                "Caching is hard.\n".to_string(),
            ),
        ];
        for (change, before, after) in cases {
            let old = etag(&fetch(&before, None).await, "the 200 response");
            let new = etag(&fetch(&after, None).await, "the 200 response");
            assert_ne!(
                old, new,
                "two contents that differ ({change}) got the same ETag: any change of the \
                 content must give a new tag, or clients keep a stale copy. Hash every byte \
                 of the body (SHA-256), not its length or a checksum"
            );
        }
    }

    #[tokio::test]
    async fn a_matching_if_none_match_gets_304_without_a_body() {
        let tag = etag(&fetch(TEXT, None).await, "the 200 response");
        let reply = fetch(TEXT, Some(&tag)).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_MODIFIED,
            "If-None-Match: {tag} is the current ETag, echoed exactly (quotes included): the \
             answer is 304 Not Modified, not a full 200"
        );
        assert!(
            reply.body.is_empty(),
            "a 304 response has no body (the client already holds it), but this one carried \
             {} bytes",
            reply.body.len()
        );
        assert_eq!(
            etag(&reply, "the 304 response"),
            tag,
            "a 304 must repeat the ETag a 200 would carry (RFC 9110 §15.4.5)"
        );
        assert_max_age_60(&reply, "the 304 response (it refreshes the client's copy)");
    }

    #[tokio::test]
    async fn a_stale_etag_gets_the_full_response() {
        let tag = etag(&fetch(TEXT, None).await, "the 200 response");
        let reply = fetch(TEXT, Some("\"an-old-version\"")).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "If-None-Match carries another tag: the client's copy is outdated, send 200"
        );
        assert_eq!(reply.body, TEXT, "the 200 response carries the article");
        assert_eq!(
            etag(&reply, "the 200 response to a stale If-None-Match"),
            tag,
            "every 200 response carries the current ETag"
        );
        assert_max_age_60(&reply, "the 200 response");
    }
}
