//! wrong: a stable but general-purpose hasher (DefaultHasher) instead of SHA-256
//! expect: review: the ETag is a SHA-256 of the body
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
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    format!("\"{:016x}\"", hasher.finish())
}

async fn show_article(State(article): State<Arc<Article>>, headers: HeaderMap) -> Response {
    let cache_headers = [
        (ETAG, article.etag.clone()),
        (CACHE_CONTROL, "max-age=60".to_string()),
    ];
    let not_modified = headers
        .get(IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value == article.etag);
    if not_modified {
        // A 304 repeats the validators and caching headers, never the body.
        return (StatusCode::NOT_MODIFIED, cache_headers).into_response();
    }
    (cache_headers, article.body.clone()).into_response()
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_string());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("try: curl -i http://127.0.0.1:{port}/article");
    axum::serve(listener, app("Caching is hard.\n".to_string())).await
}

