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

    const TEXT: &str = "HTTP caching saves round trips.\n";

    struct Reply {
        status: StatusCode,
        headers: HeaderMap,
        body: String,
    }

    /// Starts `app(body)` on an ephemeral port and returns the article's URL.
    async fn serve(body: &str) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = app(body.to_string());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        format!("http://{addr}/article")
    }

    async fn fetch(url: &str, if_none_match: Option<&str>) -> Reply {
        let mut request = reqwest::Client::new().get(url);
        if let Some(tag) = if_none_match {
            request = request.header(IF_NONE_MATCH, tag);
        }
        let response = request
            .send()
            .await
            .expect("the server closed the connection: did the handler panic (a todo!() left)?");
        Reply {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.text().await.unwrap(),
        }
    }

    fn etag(reply: &Reply) -> String {
        reply
            .headers
            .get(ETAG)
            .expect("every response of /article must carry an ETag header")
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
        assert!(
            value
                .split(',')
                .any(|directive| directive.trim().eq_ignore_ascii_case("max-age=60")),
            "{what}: Cache-Control is `{value}`, it must contain the directive max-age=60"
        );
    }

    #[tokio::test]
    async fn a_first_request_gets_the_body_an_etag_and_max_age() {
        let url = serve(TEXT).await;
        let reply = fetch(&url, None).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "a request without validators gets 200 OK"
        );
        assert_eq!(reply.body, TEXT, "the 200 response carries the article");
        let tag = etag(&reply);
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
    async fn the_etag_is_derived_from_the_content() {
        let first = etag(&fetch(&serve(TEXT).await, None).await);
        let again = etag(&fetch(&serve(TEXT).await, None).await);
        let other = etag(&fetch(&serve("A different article.\n").await, None).await);
        assert_eq!(
            first, again,
            "two servers with the same content gave different ETags: derive the tag from the \
             content only (no time, counter or randomness), or every restart invalidates clients"
        );
        assert_ne!(
            first, other,
            "different content got the same ETag: clients would keep a stale copy forever"
        );
    }

    #[tokio::test]
    async fn a_matching_if_none_match_gets_304_without_a_body() {
        let url = serve(TEXT).await;
        let tag = etag(&fetch(&url, None).await);
        let reply = fetch(&url, Some(&tag)).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_MODIFIED,
            "If-None-Match: {tag} is the current ETag, echoed exactly (quotes included): the \
             answer is 304 Not Modified, not a full 200"
        );
        assert!(reply.body.is_empty(), "a 304 response has no body");
        assert_eq!(
            etag(&reply),
            tag,
            "a 304 must repeat the ETag a 200 would carry (RFC 9110 §15.4.5)"
        );
        assert_max_age_60(&reply, "the 304 response (it refreshes the client's copy)");
    }

    #[tokio::test]
    async fn a_stale_etag_gets_the_full_response() {
        let url = serve(TEXT).await;
        let reply = fetch(&url, Some("\"an-old-version\"")).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "If-None-Match carries another tag: the client's copy is outdated, send 200"
        );
        assert_eq!(reply.body, TEXT, "the 200 response carries the article");
        assert_max_age_60(&reply, "the 200 response");
    }
}
