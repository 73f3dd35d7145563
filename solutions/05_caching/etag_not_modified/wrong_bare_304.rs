//! wrong: answers the 304 with the status alone, without the ETag and Cache-Control headers
//! expect: the 304 response must carry an ETag header
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
    format!("\"{}\"", hex::encode(Sha256::digest(body)))
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
        return StatusCode::NOT_MODIFIED.into_response();
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

