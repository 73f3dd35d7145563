//! right: incremental Sha256 with hex written by hand, and responses built with Response::builder
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
    let mut hasher = Sha256::new();
    hasher.update(body.as_bytes());
    let mut tag = String::from("\"");
    for byte in hasher.finalize() {
        tag.push_str(&format!("{byte:02x}"));
    }
    tag.push('"');
    tag
}

async fn show_article(State(article): State<Arc<Article>>, headers: HeaderMap) -> Response {
    let matches = match headers.get(IF_NONE_MATCH) {
        Some(value) => value.as_bytes() == article.etag.as_bytes(),
        None => false,
    };
    let builder = Response::builder()
        .header(ETAG, &article.etag)
        .header(CACHE_CONTROL, "max-age=60");
    let response = if matches {
        builder
            .status(StatusCode::NOT_MODIFIED)
            .body(axum::body::Body::empty())
    } else {
        builder
            .status(StatusCode::OK)
            .body(axum::body::Body::from(article.body.clone()))
    };
    response.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_string());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("try: curl -i http://127.0.0.1:{port}/article");
    axum::serve(listener, app("Caching is hard.\n".to_string())).await
}

