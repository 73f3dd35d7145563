//! wrong: checks Content-Length in its own middleware and refuses a body of exactly the limit
//! expect: a body of exactly max_body_bytes (1024) is allowed

use std::time::Duration;

use axum::{
    Json, Router,
    body::Bytes,
    http::StatusCode,
    routing::{get, post},
};
use serde_json::{Value, json};
use tower::ServiceBuilder;
use axum::response::IntoResponse;
use tower_http::timeout::TimeoutLayer;

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
        .layer(
            ServiceBuilder::new()
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    request_timeout,
                ))
                .layer(axum::middleware::from_fn(
                    move |request: axum::extract::Request, next: axum::middleware::Next| async move {
                        let too_large = request
                            .headers()
                            .get(axum::http::header::CONTENT_LENGTH)
                            .and_then(|value| value.to_str().ok())
                            .and_then(|value| value.parse::<usize>().ok())
                            .is_some_and(|length| length >= max_body_bytes);
                        if too_large {
                            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
                        }
                        next.run(request).await
                    },
                )),
        )
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(Duration::from_secs(10), 1024 * 1024)).await
}
