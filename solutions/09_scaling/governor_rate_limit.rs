//! # Rate limiting with governor
//!
//! Replace a hand-written limiter with `governor`, a well-kept rate-limiting crate. Finish
//! `quota`: each client may make 10 requests per minute on average (one every 6 s), in bursts
//! of at most 3. Finish `rate_limit`: the client's key is its `x-api-key` header (requests
//! without one share the key `anonymous`); a refused request is answered `429 Too Many
//! Requests` with `Retry-After`, the wait until the client's next request would be allowed,
//! counted from now in whole seconds rounded up. Finish `forget_idle`: drop the state of every
//! key whose allowance is full again, so memory grows with the active clients only.
//!
//! Time comes from `limits.clock`, which the tests replace with governor's `FakeRelativeClock`.
//!
//! Why it matters: governor implements GCRA, the token bucket's exact twin: one 64-bit
//! timestamp per key updated with a compare-and-swap, no background refill task, no lock around
//! the whole map. It is tested, fast and used widely (tower_governor wraps it for tower). A keyed
//! limiter whose keys come from clients must also forget them, or anyone can fill its memory.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::{
    Router,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header::RETRY_AFTER},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};
use governor::{
    Quota, RateLimiter,
    clock::{Clock, DefaultClock},
    middleware::NoOpMiddleware,
    state::keyed::DashMapStateStore,
};

/// A rate limiter with a state per client key.
pub type KeyedLimiter<C> =
    RateLimiter<String, DashMapStateStore<String>, C, NoOpMiddleware<<C as Clock>::Instant>>;

pub struct Limits<C: Clock + Clone> {
    pub limiter: KeyedLimiter<C>,
    pub clock: C,
}

impl<C: Clock + Clone> Limits<C> {
    pub fn new(clock: C) -> Self {
        Self {
            limiter: RateLimiter::dashmap_with_clock(quota(), clock.clone()),
            clock,
        }
    }
}

/// 10 requests per minute (one every 6 s), in bursts of at most 3.
pub fn quota() -> Quota {
    let burst = NonZeroU32::new(3).expect("3 is not zero");
    Quota::with_period(Duration::from_secs(6))
        .expect("6 s is not zero")
        .allow_burst(burst)
}

pub async fn rate_limit<C>(
    State(limits): State<Arc<Limits<C>>>,
    request: Request,
    next: Next,
) -> Response
where
    C: Clock + Clone + Send + Sync + 'static,
{
    let key = request
        .headers()
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("anonymous")
        .to_owned();
    match limits.limiter.check_key(&key) {
        Ok(()) => next.run(request).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(limits.clock.now());
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(RETRY_AFTER, HeaderValue::from(seconds))],
            )
                .into_response()
        }
    }
}

/// Forgets the keys whose allowance is full again: they behave exactly as new keys.
pub fn forget_idle<C: Clock + Clone>(limits: &Limits<C>) {
    limits.limiter.retain_recent();
    limits.limiter.shrink_to_fit();
}

async fn search() -> &'static str {
    "results"
}

pub fn app<C>(limits: Arc<Limits<C>>) -> Router
where
    C: Clock + Clone + Send + Sync + 'static,
    C::Instant: Send + Sync,
{
    Router::new()
        .route("/search", get(search))
        .layer(middleware::from_fn_with_state(limits, rate_limit::<C>))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let limits = Arc::new(Limits::new(DefaultClock::default()));
    let sweeper = limits.clone();
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            forget_idle(&sweeper);
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(limits)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;

    struct Server {
        base: String,
        limits: Arc<Limits<FakeRelativeClock>>,
        client: reqwest::Client,
    }

    impl Server {
        async fn start() -> Self {
            let limits = Arc::new(Limits::new(FakeRelativeClock::default()));
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let app = app(limits.clone());
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            let client = reqwest::Client::builder()
                .no_proxy()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            Server {
                base: format!("http://{addr}"),
                limits,
                client,
            }
        }

        fn advance(&self, by: Duration) {
            self.limits.clock.advance(by);
        }

        /// GET /search with this API key (None: without one); the status and the Retry-After.
        async fn get(&self, key: Option<&str>) -> (u16, Option<String>) {
            let mut request = self.client.get(format!("{}/search", self.base));
            if let Some(key) = key {
                request = request.header("x-api-key", key);
            }
            let response = request.send().await.expect(
                "GET /search got no answer: is a todo!() left in quota, rate_limit or \
                 forget_idle?",
            );
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .map(|v| v.to_str().unwrap_or("(not text)").to_owned());
            (response.status().as_u16(), retry_after)
        }

        async fn allowed(&self, key: Option<&str>, n: usize, why: &str) {
            for i in 1..=n {
                let (status, _) = self.get(key).await;
                assert_eq!(status, 200, "request {i} of {n} ({why}) must be allowed");
            }
        }
    }

    #[tokio::test]
    async fn a_burst_of_three_then_429() {
        let server = Server::start().await;
        server
            .allowed(Some("k1"), 3, "a burst of up to 3 at once")
            .await;
        let (status, retry_after) = server.get(Some("k1")).await;
        assert_eq!(
            status, 429,
            "the 4th request at the same instant is over the burst of 3: answer 429 Too Many \
             Requests, got {status} (a quota without `allow_burst(3)` lets the whole minute's \
             10 through at once)"
        );
        assert_eq!(
            retry_after.as_deref(),
            Some("6"),
            "after a burst of 3 the next request is allowed in 6 s (10 per minute is one \
             every 6 s): Retry-After: 6"
        );
    }

    #[tokio::test]
    async fn one_request_comes_back_every_six_seconds() {
        let server = Server::start().await;
        server.allowed(Some("k1"), 3, "a burst of 3").await;
        server.advance(Duration::from_secs(6));
        let (status, _) = server.get(Some("k1")).await;
        assert_eq!(
            status, 200,
            "6 s after the burst, one request is allowed again: 10 per minute is one every \
             6 s"
        );
        let (status, retry_after) = server.get(Some("k1")).await;
        assert_eq!(
            (status, retry_after.as_deref()),
            (429, Some("6")),
            "6 s earn one request, not more: the next is refused with Retry-After: 6"
        );
    }

    #[tokio::test]
    async fn retry_after_counts_from_now_and_rounds_up() {
        let server = Server::start().await;
        server.advance(Duration::from_secs(60)); // the clock is not at its origin any more
        server.allowed(Some("k1"), 3, "a burst of 3").await;
        server.advance(Duration::from_millis(2500));
        let (status, retry_after) = server.get(Some("k1")).await;
        assert_eq!(
            status, 429,
            "2.5 s after a burst of 3, no request is back yet"
        );
        assert_eq!(
            retry_after.as_deref(),
            Some("4"),
            "2.5 s after the burst the next request is allowed in 3.5 s: Retry-After is the \
             wait from now (`NotUntil::wait_time_from(clock.now())`, not the instant \
             `earliest_possible`), in whole seconds rounded up: 4"
        );
        server.advance(Duration::from_secs(4));
        server
            .allowed(Some("k1"), 1, "after waiting the Retry-After")
            .await;
    }

    #[tokio::test]
    async fn each_key_has_its_own_allowance() {
        let server = Server::start().await;
        server.allowed(Some("alice"), 3, "alice's burst").await;
        let (status, _) = server.get(Some("alice")).await;
        assert_eq!(status, 429, "alice is over her burst");
        server
            .allowed(
                Some("bob"),
                3,
                "bob's burst: each x-api-key has its own allowance (a keyed limiter, \
                 `check_key`), so alice's requests must not count for him",
            )
            .await;
        server
            .allowed(None, 3, "without a key, the `anonymous` key's own burst")
            .await;
        let (status, _) = server.get(None).await;
        assert_eq!(
            status, 429,
            "requests without an x-api-key share the key `anonymous`: the 4th is refused"
        );
    }

    #[tokio::test]
    async fn idle_keys_are_forgotten() {
        let server = Server::start().await;
        for key in ["a", "b", "c"] {
            server.allowed(Some(key), 3, "a burst").await;
        }
        server.advance(Duration::from_secs(21));
        server.allowed(Some("c"), 1, "c, back after 21 s").await;
        server.advance(Duration::from_secs(3));
        // a and b have had 24 s: their burst of 3 is whole again. c has not.
        forget_idle(&server.limits);
        let tracked = server.limits.limiter.len();
        assert_eq!(
            tracked, 1,
            "24 s after their last request, keys a and b have their whole burst back and are \
             indistinguishable from new keys: forget_idle must drop them \
             (`retain_recent`), while c, which sent a request 3 s ago, is kept. {tracked} keys \
             are still tracked"
        );
        server
            .allowed(Some("c"), 2, "c has earned 2 of its 3 requests back")
            .await;
        let (status, _) = server.get(Some("c")).await;
        assert_eq!(
            status, 429,
            "c had 2 requests left: forgetting idle keys must keep the state of active ones"
        );
    }
}
