//! # Fail over to another backend, only when it is safe
//!
//! Finish `forward`, the heart of a proxy: send the request to the backends in the order
//! `upstreams.order()` gives, each at most once, and return the first answer that ends the
//! attempt. When to try the next backend:
//! - the connection could not be opened: nothing was sent, so any request may go elsewhere;
//! - the request was sent and the backend answered 502, 503 or 504, or the connection broke
//!   before an answer: only an idempotent request (GET, HEAD, OPTIONS, TRACE, PUT, DELETE) is
//!   sent again. A POST or a PATCH may have been carried out already: its 502/503/504 is
//!   returned as it is, a broken connection as `502 Bad Gateway`;
//! - any other answer (2xx, 404, 500...) is returned as it is.
//!
//! When every backend was tried, return the last answer a backend gave, or `502 Bad Gateway`
//! if none answered.
//!
//! Why it matters: retrying on another instance hides a crashed or overloaded one from the users.
//! Retrying what is not idempotent charges a card twice. RFC 9110 section 9.2.2 defines which
//! methods are idempotent, and says a client may retry them automatically.

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
            Err(err) if err.is_connect() => continue,
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{Router, body::Bytes, extract::State};
    use std::sync::Arc;
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A backend that counts the requests it received and answers `status` with
    /// `"<name> <METHOD> <body>"`, or 404 for `/missing`.
    struct Counting {
        addr: SocketAddr,
        hits: Arc<AtomicUsize>,
    }

    impl Counting {
        async fn start(name: &'static str, status: u16) -> Self {
            let hits = Arc::new(AtomicUsize::new(0));
            let app = Router::new()
                .fallback(
                    move |State(hits): State<Arc<AtomicUsize>>,
                          method: Method,
                          uri: axum::http::Uri,
                          body: Bytes| async move {
                        hits.fetch_add(1, Ordering::SeqCst);
                        let status = if uri.path() == "/missing" {
                            404
                        } else {
                            status
                        };
                        let text = format!("{name} {method} {}", String::from_utf8_lossy(&body));
                        (StatusCode::from_u16(status).unwrap(), text)
                    },
                )
                .with_state(hits.clone());
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            Counting { addr, hits }
        }

        fn hits(&self) -> usize {
            self.hits.load(Ordering::SeqCst)
        }
    }

    /// A backend that reads a whole request and closes the connection without answering.
    async fn breaks_connections() -> Counting {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = hits.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let counted = counted.clone();
                tokio::spawn(async move {
                    let mut received = Vec::new();
                    let mut buf = [0; 4096];
                    while !received.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => received.extend_from_slice(&buf[..n]),
                        }
                    }
                    counted.fetch_add(1, Ordering::SeqCst);
                    let _ = stream.shutdown().await; // gone, with no answer
                });
            }
        });
        Counting { addr, hits }
    }

    /// An address where nothing listens: connecting to it is refused. The port stays bound (not
    /// listening) as long as the returned socket lives, so no other server can take it meanwhile.
    fn down() -> (SocketAddr, tokio::net::TcpSocket) {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        (socket.local_addr().unwrap(), socket)
    }

    async fn send(addrs: &[SocketAddr], method: Method, path: &str, body: &str) -> Answer {
        send_via(&Upstreams::new(addrs.to_vec()), method, path, body).await
    }

    async fn send_via(upstreams: &Upstreams, method: Method, path: &str, body: &str) -> Answer {
        let client = reqwest::Client::builder()
            .no_proxy()
            .pool_max_idle_per_host(0)
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        tokio::time::timeout(
            Duration::from_secs(20),
            forward(&client, upstreams, method.clone(), path, body),
        )
        .await
        .unwrap_or_else(|_| {
            panic!("{method} {path} got no answer in 20 s: try each backend at most once")
        })
    }

    #[tokio::test]
    async fn requests_start_at_the_backend_whose_turn_it_is() {
        let a = Counting::start("a", 200).await;
        let b = Counting::start("b", 200).await;
        let upstreams = Upstreams::new(vec![a.addr, b.addr]);
        let mut bodies = Vec::new();
        for _ in 0..4 {
            bodies.push(send_via(&upstreams, Method::GET, "/", "").await.body);
        }
        assert_eq!(
            bodies,
            ["a GET ", "b GET ", "a GET ", "b GET "],
            "four requests through one Upstreams take turns: each starts with the first backend \
             of `upstreams.order()`, not always with the first backend of the list"
        );
    }

    #[tokio::test]
    async fn any_request_goes_on_when_the_connection_is_refused() {
        let ok = Counting::start("ok", 200).await;
        let (down, _bound) = down();
        for method in [Method::GET, Method::POST] {
            let answer = send(&[down, ok.addr], method.clone(), "/orders", "{}").await;
            assert_eq!(
                answer,
                Answer {
                    status: StatusCode::OK,
                    body: format!("ok {method} {{}}")
                },
                "{method}: the first backend refused the connection, so nothing was sent: any \
                 request, a POST included, goes to the next backend, with its body"
            );
        }
    }

    #[tokio::test]
    async fn an_idempotent_request_is_retried_after_502_503_and_504() {
        let bad_gateway = Counting::start("bad gateway", 502).await;
        let busy = Counting::start("busy", 503).await;
        let timed_out = Counting::start("timed out", 504).await;
        let ok = Counting::start("ok", 200).await;
        let addrs = [bad_gateway.addr, busy.addr, timed_out.addr, ok.addr];
        for method in [
            Method::GET,
            Method::HEAD,
            Method::OPTIONS,
            Method::PUT,
            Method::DELETE,
        ] {
            let answer = send(&addrs, method.clone(), "/orders/7", "x").await;
            let body = if method == Method::HEAD {
                String::new()
            } else {
                format!("ok {method} x")
            };
            assert_eq!(
                (answer.status, answer.body),
                (StatusCode::OK, body),
                "{method} is idempotent: after 502, 503 and 504 from the first three backends \
                 it is sent to the next, which answers 200"
            );
        }
    }

    #[tokio::test]
    async fn a_post_or_a_patch_is_not_retried_once_it_was_sent() {
        let busy = Counting::start("busy", 503).await;
        let ok = Counting::start("ok", 200).await;
        for method in [Method::POST, Method::PATCH] {
            let answer = send(&[busy.addr, ok.addr], method.clone(), "/payments", "42").await;
            assert_eq!(
                (answer.status, ok.hits()),
                (StatusCode::SERVICE_UNAVAILABLE, 0),
                "a {method} that got 503 may have been carried out (it is not idempotent): it is \
                 not sent again (the next backend got {} requests), and its 503 goes back to \
                 the client as it is",
                ok.hits()
            );
            assert_eq!(
                answer.body,
                format!("busy {method} 42"),
                "the backend's own answer, body included"
            );
        }
    }

    #[tokio::test]
    async fn a_broken_connection_retries_only_idempotent_requests() {
        let broken = breaks_connections().await;
        let ok = Counting::start("ok", 200).await;
        let answer = send(&[broken.addr, ok.addr], Method::PUT, "/orders/7", "x").await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "the first backend read the PUT and closed the connection without an answer: a \
             PUT is idempotent, so it goes to the next backend"
        );
        let answer = send(&[broken.addr, ok.addr], Method::POST, "/payments", "42").await;
        assert_eq!(
            (answer.status, ok.hits()),
            (StatusCode::BAD_GATEWAY, 1),
            "the first backend read the POST and broke the connection: it may have charged the \
             card, so the POST is not sent again; the client gets 502 Bad Gateway. (Only a \
             connection that could not be opened is safe to retry for any method: \
             `reqwest::Error::is_connect`)"
        );
    }

    #[tokio::test]
    async fn other_answers_are_returned_as_they_are() {
        let first = Counting::start("first", 500).await;
        let second = Counting::start("second", 200).await;
        for path in ["/orders", "/missing"] {
            let answer = send(&[first.addr, second.addr], Method::GET, path, "").await;
            assert_eq!(
                (answer.status.as_u16(), second.hits()),
                (if path == "/missing" { 404 } else { 500 }, 0),
                "GET {path}: a 404 or a 500 is the backend's real answer, not a sign that it \
                 is down: only a refused connection, a broken one, 502, 503 or 504 move on to \
                 the next backend"
            );
        }
    }

    #[tokio::test]
    async fn each_backend_is_tried_once() {
        let busy = Counting::start("busy", 503).await;
        let also_busy = Counting::start("also busy", 503).await;
        let broken = breaks_connections().await;
        let (down, _bound) = down();
        let addrs = [busy.addr, also_busy.addr, broken.addr, down];
        let answer = send(&addrs, Method::GET, "/", "").await;
        assert_eq!(
            (busy.hits(), also_busy.hits(), broken.hits()),
            (1, 1, 1),
            "each backend is tried at most once per request"
        );
        assert_eq!(
            (answer.status, answer.body.as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, "also busy GET "),
            "when every backend was tried, the answer is the last one a backend gave: here the \
             second one's 503 (the third broke the connection and the fourth refused it, so \
             they gave no answer)"
        );
        let answer = send(&[down, down], Method::GET, "/", "").await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_GATEWAY,
            "when no backend could be reached at all, the answer is 502 Bad Gateway"
        );
    }
}
