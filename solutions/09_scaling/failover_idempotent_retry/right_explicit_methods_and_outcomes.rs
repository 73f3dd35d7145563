//! right: the idempotent methods listed by hand, each attempt sorted into an Outcome enum

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
    // RFC 9110 section 9.2.2: the methods a client may send twice.
    let idempotent = matches!(
        method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE
    );
    let mut last_answer: Option<Answer> = None;
    for addr in upstreams.order() {
        let outcome = match client
            .request(method.clone(), format!("http://{addr}{path}"))
            .body(body.to_owned())
            .send()
            .await
        {
            Err(err) if err.is_connect() => Outcome::NotSent,
            Err(_) => Outcome::Broken,
            Ok(response) => {
                let status = response.status();
                match response.text().await {
                    Ok(body) => Outcome::Answered(Answer { status, body }),
                    Err(_) => Outcome::Broken,
                }
            }
        };
        match outcome {
            Outcome::NotSent => {}
            Outcome::Broken if idempotent => {}
            Outcome::Broken => return Answer::bad_gateway(),
            Outcome::Answered(answer) => {
                let gateway_failure = [502, 503, 504].contains(&answer.status.as_u16());
                if !(idempotent && gateway_failure) {
                    return answer;
                }
                last_answer = Some(answer);
            }
        }
    }
    match last_answer {
        Some(answer) => answer,
        None => Answer::bad_gateway(),
    }
}

/// What became of one attempt.
enum Outcome {
    /// The connection could not be opened.
    NotSent,
    /// Sent, and the connection broke before a whole answer came back.
    Broken,
    Answered(Answer),
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
