//! wrong: splits on ", " exactly and does not trim, so other spacing breaks the list
//! expect: spaces around the commas are allowed
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
    etag: String,
}

pub fn app(body: String) -> Router {
    let etag = format!("\"{}\"", hex::encode(Sha256::digest(&body)));
    Router::new()
        .route("/article", get(show_article))
        .with_state(Arc::new(Article { body, etag }))
}

async fn show_article(State(article): State<Arc<Article>>, headers: HeaderMap) -> Response {
    let cache_headers = [
        (ETAG, article.etag.clone()),
        (CACHE_CONTROL, "max-age=60".to_string()),
    ];
    // Several If-None-Match lines mean the same as one comma-joined line.
    let lines: Vec<&str> = headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    if !lines.is_empty() && if_none_match_hits(&lines.join(", "), &article.etag) {
        return (StatusCode::NOT_MODIFIED, cache_headers).into_response();
    }
    (cache_headers, article.body.clone()).into_response()
}

/// Whether the `If-None-Match` value `header` matches `current`, the ETag of
/// the representation the server holds (quoted, possibly with `W/`).
pub fn if_none_match_hits(header: &str, current: &str) -> bool {
    if header.trim() == "*" {
        return true;
    }
    let current = current.strip_prefix("W/").unwrap_or(current);
    header
        .split(", ")
        .any(|tag| tag.strip_prefix("W/").unwrap_or(tag) == current)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_string());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("try: curl -i -H 'If-None-Match: W/\"x\", \"y\"' http://127.0.0.1:{port}/article");
    axum::serve(listener, app("Caching is hard.\n".to_string())).await
}

