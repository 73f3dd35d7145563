//! # A sliding window, answered with 429 and Retry-After
//!
//! Finish `SlidingWindow::check` and the `rate_limit` middleware. A client may make at most
//! `limit` requests in any `window` of time: an allowed request counts from the moment it was made
//! until `window` later (made at `t`, it no longer counts at `t + window`). Refused requests do
//! not count. The client's key is its `x-api-key` header; a request without one is keyed by the
//! client's IP address, the IP alone: a client that opens a new connection gets a new port, not a
//! new allowance.
//!
//! A refused request is answered `429 Too Many Requests` with a `Retry-After` header: the number
//! of seconds until the oldest counted request leaves the window, rounded up to a whole second.
//!
//! Why it matters: a fixed window ("3 per calendar minute") lets a client send 3 requests at
//! 11:59:59 and 3 more at 12:00:00, twice the limit in one second. A sliding window has no such
//! edge. `Retry-After` tells well-behaved clients exactly when to come back instead of hammering.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::{
    Router,
    extract::{ConnectInfo, Request, State},
    http::{HeaderValue, StatusCode, header::RETRY_AFTER},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};

/// Where the limiter gets the current time from.
pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;
}

/// The real clock, for production.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

pub struct SlidingWindow {
    limit: usize,
    window: Duration,
    clock: Arc<dyn Clock>,
    /// For each client key, when its counted requests were made, oldest first.
    log: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl SlidingWindow {
    pub fn new(limit: usize, window: Duration, clock: Arc<dyn Clock>) -> Self {
        Self {
            limit,
            window,
            clock,
            log: Mutex::new(HashMap::new()),
        }
    }

    /// `Ok(())` if `key` may make a request now (and counts it), or `Err(wait)`: the time until
    /// its oldest counted request leaves the window.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        // TODO: in `key`'s log, drop the requests made `window` or more ago. With fewer than
        // `limit` left, record `now` and allow; otherwise refuse (recording nothing) with the
        // time until the oldest one leaves the window. The time comes from `self.clock`.
        todo!()
    }
}

pub async fn rate_limit(
    State(limiter): State<Arc<SlidingWindow>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    // TODO: the key is the `x-api-key` header, or else the peer's IP (not its port). Allowed:
    // `next.run(request).await`. Refused: 429 with `Retry-After`, the wait in whole seconds
    // rounded up (`HeaderValue::from(u64)` makes a header value of a number).
    todo!()
}

async fn search() -> &'static str {
    "results"
}

pub fn app(limiter: Arc<SlidingWindow>) -> Router {
    Router::new()
        .route("/search", get(search))
        .layer(middleware::from_fn_with_state(limiter, rate_limit))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let limiter = SlidingWindow::new(5, Duration::from_secs(60), Arc::new(SystemClock));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    let app = app(Arc::new(limiter)).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clock that only moves when told to; clones share the same time.
    #[derive(Clone)]
    struct FakeClock(Arc<Mutex<Instant>>);

    impl FakeClock {
        fn advance(&self, by: Duration) {
            *self.0.lock().unwrap() += by;
        }
    }

    impl Clock for FakeClock {
        fn now(&self) -> Instant {
            *self.0.lock().unwrap()
        }
    }

    const LIMIT: usize = 3;
    const WINDOW: Duration = Duration::from_secs(10);

    struct Server {
        base: String,
        clock: FakeClock,
        /// A new connection for every request, as many real clients do.
        client: reqwest::Client,
    }

    impl Server {
        async fn start() -> Self {
            let clock = FakeClock(Arc::new(Mutex::new(Instant::now())));
            let limiter = SlidingWindow::new(LIMIT, WINDOW, Arc::new(clock.clone()));
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let app = app(Arc::new(limiter)).into_make_service_with_connect_info::<SocketAddr>();
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            let client = reqwest::Client::builder()
                .no_proxy()
                .pool_max_idle_per_host(0)
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            Server {
                base: format!("http://{addr}"),
                clock,
                client,
            }
        }

        /// GET /search with this API key (None: without one); the status and the Retry-After.
        async fn get(&self, key: Option<&str>) -> (u16, Option<String>) {
            let mut request = self.client.get(format!("{}/search", self.base));
            if let Some(key) = key {
                request = request.header("x-api-key", key);
            }
            let response = request
                .send()
                .await
                .expect("GET /search got no answer: is a todo!() left in check or rate_limit?");
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .map(|v| v.to_str().unwrap_or("(not text)").to_owned());
            (response.status().as_u16(), retry_after)
        }

        /// Sends `n` requests that must all be allowed.
        async fn allowed(&self, key: Option<&str>, n: usize, why: &str) {
            for i in 1..=n {
                let (status, _) = self.get(key).await;
                assert_eq!(status, 200, "request {i} of {n} ({why}) must be allowed");
            }
        }
    }

    #[tokio::test]
    async fn over_the_limit_is_429_with_retry_after() {
        let server = Server::start().await;
        server
            .allowed(Some("k1"), LIMIT, "a fresh key may make `limit` requests")
            .await;
        let (status, retry_after) = server.get(Some("k1")).await;
        assert_eq!(
            status,
            429,
            "request {} in the same window is over the limit of {LIMIT}: answer 429 Too Many \
             Requests (RFC 6585), got {status}",
            LIMIT + 1
        );
        assert_eq!(
            retry_after.as_deref(),
            Some("10"),
            "the three requests were made at 0 s, so the oldest leaves the 10 s window in 10 s: \
             a 429 carries `Retry-After: 10`, a whole number of seconds (RFC 9110 10.2.3)"
        );
    }

    #[tokio::test]
    async fn retry_after_is_rounded_up_and_honoured() {
        let server = Server::start().await;
        server.allowed(Some("k1"), LIMIT, "at 0 s").await;
        server.clock.advance(Duration::from_millis(2500));
        let (status, retry_after) = server.get(Some("k1")).await;
        assert_eq!(status, 429, "at 2.5 s the 3 requests of 0 s still count");
        assert_eq!(
            retry_after.as_deref(),
            Some("8"),
            "at 2.5 s the oldest request leaves the window in 7.5 s: Retry-After is whole \
             seconds rounded up, 8 (rounded down, 7, would send the client back too early)"
        );
        server.clock.advance(Duration::from_secs(8));
        let (status, _) = server.get(Some("k1")).await;
        assert_eq!(
            status, 200,
            "a client that waited the Retry-After it was given must be allowed"
        );
    }

    #[tokio::test]
    async fn the_window_slides_instead_of_resetting() {
        let server = Server::start().await;
        server
            .allowed(Some("k1"), 1, "the first request, at 0 s")
            .await;
        server.clock.advance(Duration::from_secs(9));
        server.allowed(Some("k1"), 2, "at 9 s, 3 in 10 s").await;
        server.clock.advance(Duration::from_secs(1));
        let (status, _) = server.get(Some("k1")).await;
        assert_eq!(
            status, 200,
            "at 10 s the request made at 0 s no longer counts (made at t, it counts until \
             t + window, excluded): one request is allowed again"
        );
        let (status, retry_after) = server.get(Some("k1")).await;
        assert_eq!(
            status, 429,
            "at 10 s the window (0 s, 10 s] holds the two requests of 9 s and the one just \
             allowed: at most {LIMIT} requests in ANY 10 s window, so this one is refused. A \
             fixed window that restarts at 10 s would let {LIMIT} more through"
        );
        assert_eq!(
            retry_after.as_deref(),
            Some("9"),
            "the oldest counted request (9 s) leaves the window at 19 s: Retry-After: 9"
        );
    }

    #[tokio::test]
    async fn refused_requests_do_not_count() {
        let server = Server::start().await;
        server.allowed(Some("k1"), LIMIT, "at 0 s").await;
        server.clock.advance(Duration::from_secs(5));
        for _ in 0..5 {
            let (status, _) = server.get(Some("k1")).await;
            assert_eq!(status, 429, "at 5 s the three requests of 0 s still count");
        }
        server.clock.advance(Duration::from_secs(5));
        let (status, _) = server.get(Some("k1")).await;
        assert_eq!(
            status, 200,
            "at 10 s the three allowed requests have left the window, and the refused ones of \
             5 s do not count: a client that hammered while refused must not be locked out \
             for longer"
        );
    }

    #[tokio::test]
    async fn each_key_has_its_own_window() {
        let server = Server::start().await;
        server.allowed(Some("alice"), LIMIT, "for alice").await;
        let (status, _) = server.get(Some("alice")).await;
        assert_eq!(status, 429, "alice is over the limit");
        server
            .allowed(
                Some("bob"),
                LIMIT,
                "for bob, whose key has its own window: alice's requests must not count for him",
            )
            .await;
        server
            .allowed(
                None,
                LIMIT,
                "without a key, keyed by IP: the keyed requests must not count for it",
            )
            .await;
    }

    #[tokio::test]
    async fn requests_without_a_key_are_limited_by_ip_alone() {
        let server = Server::start().await;
        server
            .allowed(
                None,
                LIMIT,
                "without an x-api-key, each on a new connection",
            )
            .await;
        let (status, retry_after) = server.get(None).await;
        assert_eq!(
            status,
            429,
            "{} requests without an x-api-key from 127.0.0.1 in one window: the key is the \
             client's IP alone (`peer.ip()`), not its address with the port, or every new \
             connection would get a fresh allowance. Got {status}",
            LIMIT + 1
        );
        assert_eq!(
            retry_after.as_deref(),
            Some("10"),
            "a 429 without a key carries Retry-After too"
        );
    }
}
