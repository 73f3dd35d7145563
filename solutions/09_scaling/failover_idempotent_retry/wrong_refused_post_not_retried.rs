//! wrong: treats a refused connection like a failed answer, so a POST to a backend that is down is never retried
//! expect: a POST included, goes to the next backend

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::http::{Method, StatusCode};

/// The backends, and where the round robin stands.
pub struct Upstreams {
    addrs: Vec<SocketAddr>,
    next: AtomicUsize,
}

impl Upstreams {
    pub fn new(addrs: Vec<SocketAddr>) -> Self {
        Self {
            addrs,
            next: AtomicUsize::new(0),
        }
    }

    /// Every backend once, starting with the next one in turn.
    pub fn order(&self) -> Vec<SocketAddr> {
        let start = self.next.fetch_add(1, Ordering::SeqCst);
        let count = self.addrs.len();
        (0..count)
            .map(|i| self.addrs[(start + i) % count])
            .collect()
    }
}

/// What the proxy sends back.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: StatusCode,
    pub body: String,
}

impl Answer {
    /// The proxy's own answer when no backend gave one.
    pub fn bad_gateway() -> Self {
        Answer {
            status: StatusCode::BAD_GATEWAY,
            body: String::new(),
        }
    }
}

/// Sends the request to the backends in turn until one gives an answer that ends the attempt.
pub async fn forward(
    client: &reqwest::Client,
    upstreams: &Upstreams,
    method: Method,
    path: &str,
    body: &str,
) -> Answer {
    let retry_allowed = method.is_idempotent();
    let mut last_answer = None;
    for addr in upstreams.order() {
        let sent = client
            .request(method.clone(), format!("http://{addr}{path}"))
            .body(body.to_owned())
            .send()
            .await;
        let answer = match sent {
            // Nothing reached this backend: the next one may have the request, whatever it is.
            Err(_) => None,
            Ok(response) => {
                let status = response.status();
                response
                    .text()
                    .await
                    .ok()
                    .map(|body| Answer { status, body })
            }
        };
        match answer {
            // Sent, then the connection broke: the backend may have carried it out.
            None if retry_allowed => continue,
            None => return Answer::bad_gateway(),
            Some(answer) if retry_allowed && is_gateway_failure(answer.status) => {
                last_answer = Some(answer);
            }
            Some(answer) => return answer,
        }
    }
    last_answer.unwrap_or_else(Answer::bad_gateway)
}

/// The statuses that say "this backend could not handle it now", not "this is the answer".
fn is_gateway_failure(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT
    )
}

#[tokio::main]
async fn main() {
    let upstreams = Upstreams::new(
        ["127.0.0.1:8081", "127.0.0.1:8082"]
            .iter()
            .filter_map(|addr| addr.parse().ok())
            .collect(),
    );
    // Straight to 127.0.0.1, whatever proxy the environment names.
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a client without TLS or proxies builds");
    let answer = forward(&client, &upstreams, Method::GET, "/", "").await;
    println!("{answer:?}");
}
