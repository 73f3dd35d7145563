//! right: two Router::layer calls, the body limit inside the timeout

use std::time::Duration;

use axum::{
    Json, Router,
    body::Bytes,
    http::StatusCode,
    routing::{get, post},
};
use serde_json::{Value, json};
use tower_http::{limit::RequestBodyLimitLayer, timeout::TimeoutLayer};

pub async fn fast() -> &'static str {
    "fast"
}

/// Waits for an upstream service that never answers.
pub async fn stuck() -> &'static str {
    std::future::pending().await
}

/// Reads the whole body and says how many bytes arrived.
pub async fn upload(body: Bytes) -> Json<Value> {
    Json(json!({ "received": body.len() }))
}

pub fn app(request_timeout: Duration, max_body_bytes: usize) -> Router {
    Router::new()
        .route("/fast", get(fast))
        .route("/stuck", get(stuck))
        .route("/upload", post(upload))
        .layer(RequestBodyLimitLayer::new(max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            request_timeout,
        ))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(Duration::from_secs(10), 1024 * 1024)).await
}
