//! # Bounded time, bounded bodies
//!
//! Protect the server with two limits applied to every route:
//! - a request that takes longer than `request_timeout` is abandoned and answered
//!   `503 Service Unavailable`, whether its handler is stuck or its body never finishes arriving
//!   (`tower_http::timeout::TimeoutLayer`);
//! - a request body larger than `max_body_bytes` (exactly `max_body_bytes` is fine) is refused
//!   with `413 Content Too Large` before a handler buffers it, whether or not the handler reads
//!   the body (`tower_http::limit::RequestBodyLimitLayer`).
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
    use std::net::SocketAddr;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const MAX_BODY: usize = 1024;
    /// For the tests of the timeout: a correct server answers 503 after it.
    const SHORT: Duration = Duration::from_millis(200);
    /// For the other tests: long enough never to fire, even on a loaded machine.
    const LONG: Duration = Duration::from_secs(60);

    async fn spawn_app(request_timeout: Duration) -> SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = app(request_timeout, MAX_BODY);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    }

    fn client() -> reqwest::Client {
        // Only a safety net for a server that never answers: a correct server answers /stuck
        // after its own 200 ms limit, and everything else at once.
        reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap()
    }

    /// Sends `len` bytes to `method path`; answers the status and the body.
    async fn send_bytes(addr: SocketAddr, method: &str, path: &str, len: usize) -> (u16, String) {
        let verb = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = client()
            .request(verb, format!("http://{addr}{path}"))
            .body(vec![b'x'; len])
            .send()
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "{method} {path} with a body of {len} bytes got no answer ({e}): a body over \
                     the limit is refused with 413 at once, on every route, before any handler \
                     runs"
                )
            });
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    #[tokio::test]
    async fn a_stuck_handler_is_cut_off_with_503() {
        let addr = spawn_app(SHORT).await;
        let response = client().get(format!("http://{addr}/stuck")).send().await;
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
             (408 would blame the client, 504 is for a gateway whose upstream did not answer)"
        );
    }

    #[tokio::test]
    async fn a_stalled_upload_is_cut_off_too() {
        let addr = spawn_app(SHORT).await;
        // A client that announces 100 bytes, sends 10 and then nothing: the upload never ends.
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(
                b"POST /upload HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 100\r\n\r\nten bytes.",
            )
            .await
            .unwrap();
        let mut answer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), async {
            let mut buf = [0; 1024];
            while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => answer.extend_from_slice(&buf[..n]),
                }
            }
        })
        .await;
        let answer = String::from_utf8_lossy(&answer);
        let status_line = answer.lines().next().unwrap_or("");
        assert!(
            read.is_ok() && status_line.starts_with("HTTP/1.1 503"),
            "POST /upload whose body stalls after 10 of 100 bytes must be cut off after \
             `request_timeout` with 503 too: the timeout applies to every route, not only \
             /stuck. Got {}",
            if read.is_ok() {
                format!("`{status_line}`")
            } else {
                "no answer within 5 s".to_owned()
            }
        );
    }

    #[tokio::test]
    async fn fast_requests_are_untouched() {
        let addr = spawn_app(LONG).await;
        let response = client()
            .get(format!("http://{addr}/fast"))
            .send()
            .await
            .expect("GET /fast got no answer");
        let status = response.status().as_u16();
        let body = response.text().await.unwrap_or_default();
        assert!(
            status == 200 && body == "fast",
            "GET /fast should still answer 200 OK with `fast`, got {status} `{body}`"
        );
    }

    #[tokio::test]
    async fn a_body_at_the_limit_is_accepted() {
        let addr = spawn_app(LONG).await;
        let (status, body) = send_bytes(addr, "POST", "/upload", MAX_BODY).await;
        assert_eq!(
            status, 200,
            "a body of exactly max_body_bytes ({MAX_BODY}) is allowed: only a larger one is \
             refused. Got {status}: {body}"
        );
        let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        assert_eq!(
            json["received"], MAX_BODY,
            "the whole body should reach the handler: {body}"
        );
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_413() {
        let addr = spawn_app(LONG).await;
        for len in [MAX_BODY + 1, 8 * MAX_BODY] {
            let (status, _) = send_bytes(addr, "POST", "/upload", len).await;
            assert_eq!(
                status, 413,
                "a body of {len} bytes is over the {MAX_BODY}-byte limit: answer 413 Content Too \
                 Large (RequestBodyLimitLayer), got {status}"
            );
        }
    }

    #[tokio::test]
    async fn the_body_limit_applies_to_every_route() {
        let addr = spawn_app(LONG).await;
        for path in ["/fast", "/stuck"] {
            let (status, _) = send_bytes(addr, "GET", path, MAX_BODY + 1).await;
            assert_eq!(
                status,
                413,
                "GET {path} with a body of {} bytes: the body limit applies to every route, \
                 whether or not its handler reads the body, so it answers 413 Content Too Large \
                 before the handler runs (a RequestBodyLimitLayer around the whole router), \
                 got {status}",
                MAX_BODY + 1
            );
        }
    }
}
