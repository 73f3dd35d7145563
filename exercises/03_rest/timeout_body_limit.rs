//! # Bounded time, bounded bodies
//!
//! Protect the server with two limits applied to every route:
//! - a request that takes longer than `request_timeout` is abandoned and answered
//!   `503 Service Unavailable` (`tower_http::timeout::TimeoutLayer`);
//! - a request body larger than `max_body_bytes` is refused with `413 Content Too Large`
//!   before a handler buffers it (`tower_http::limit::RequestBodyLimitLayer`).
//!
//! Why it matters: without a timeout, a stuck database or upstream call holds a connection (and
//! the memory behind it) forever, and clients pile up. Without a body limit, one client can send
//! gigabytes and exhaust your memory. Both are cheap denial-of-service attacks.
//!
//! 503 rather than 408: 408 Request Timeout means the *client* was too slow to send its request;
//! here the server ran out of time, and 503 tells the client it may retry later.

use std::time::Duration;

use axum::{
    Json, Router,
    body::Bytes,
    routing::{get, post},
};
use serde_json::{Value, json};

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
    // TODO: after the routes (`.layer` only wraps what was added before it), add
    // `.layer(ServiceBuilder::new().layer(..).layer(..))` with
    // - `tower_http::timeout::TimeoutLayer::with_status_code(status, request_timeout)`, with the
    //   status `axum::http::StatusCode::SERVICE_UNAVAILABLE`
    // - `tower_http::limit::RequestBodyLimitLayer::new(max_body_bytes)`
    Router::new()
        .route("/fast", get(fast))
        .route("/stuck", get(stuck))
        .route("/upload", post(upload))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(Duration::from_secs(10), 1024 * 1024)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX_BODY: usize = 1024;

    async fn spawn_app() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = app(Duration::from_millis(200), MAX_BODY);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    }

    fn client() -> reqwest::Client {
        // Only a safety net for a server that never answers; a correct server answers /stuck
        // after its own 200 ms limit.
        reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap()
    }

    async fn upload_bytes(base: &str, len: usize) -> (u16, String) {
        let response = client()
            .post(format!("{base}/upload"))
            .body(vec![b'x'; len])
            .send()
            .await
            .expect("the server closed the connection without answering");
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    #[tokio::test]
    async fn a_stuck_handler_is_cut_off_with_503() {
        let base = spawn_app().await;
        let response = client().get(format!("{base}/stuck")).send().await;
        let response = response.unwrap_or_else(|e| {
            panic!(
                "GET /stuck got no answer within 5 s ({e}): the server must give up after \
                 `request_timeout` with a TimeoutLayer. Note that `.layer(...)` only wraps the \
                 routes added before it"
            )
        });
        let status = response.status().as_u16();
        assert_eq!(
            status, 503,
            "a request the server gave up on answers 503 Service Unavailable, got {status}: \
             build the layer with \
             `TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, ..)` \
             (408 would blame the client)"
        );
    }

    #[tokio::test]
    async fn fast_requests_are_untouched() {
        let base = spawn_app().await;
        let response = client().get(format!("{base}/fast")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.text().await.unwrap(), "fast");
    }

    #[tokio::test]
    async fn a_body_at_the_limit_is_accepted() {
        let base = spawn_app().await;
        let (status, body) = upload_bytes(&base, MAX_BODY).await;
        assert_eq!(
            status, 200,
            "a body of exactly max_body_bytes is allowed: {body}"
        );
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            json["received"], MAX_BODY,
            "the whole body should reach the handler"
        );
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_413() {
        let base = spawn_app().await;
        for len in [MAX_BODY + 1, 8 * MAX_BODY] {
            let (status, _) = upload_bytes(&base, len).await;
            assert_eq!(
                status, 413,
                "a body of {len} bytes is over the {MAX_BODY}-byte limit: answer 413 Content Too \
                 Large (RequestBodyLimitLayer), got {status}"
            );
        }
    }
}
