//! # Load shedding: 503 when full, never an endless queue
//!
//! Finish `app`: at most `max_in_flight` requests to `/work` run at once. While that many are
//! running, the next one is refused at once with `503 Service Unavailable` and `Retry-After: 1`
//! instead of waiting in a queue, and a finished request frees its place for the next. `/health`
//! stays outside the limit: a busy instance is still alive, and a load balancer whose health
//! check failed would take it out and pile its load onto the others.
//!
//! tower has the parts: `ConcurrencyLimitLayer` counts the requests in flight, `LoadShedLayer`
//! turns "no room" into an error at once instead of waiting, and axum's `HandleErrorLayer`
//! turns that error into a response.
//!
//! Why it matters: a server that queues without bound under overload answers everything late,
//! after the clients gave up and retried (more load), and runs out of memory in the end.
//! Refusing fast keeps the accepted requests fast and lets the client or the load balancer go
//! elsewhere.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::{
    Router,
    error_handling::HandleErrorLayer,
    extract::State,
    http::{StatusCode, header::RETRY_AFTER},
    routing::get,
};
use tokio::sync::{Notify, Semaphore};
use tower::{BoxError, ServiceBuilder};

/// What `/work` waits for: a slow query, an upstream call. Each request takes one permit of
/// `done`; the tests hand them out one at a time.
#[derive(Clone)]
pub struct Upstream {
    /// How many requests reached the handler.
    pub started: Arc<AtomicUsize>,
    pub on_start: Arc<Notify>,
    pub done: Arc<Semaphore>,
}

impl Upstream {
    /// An upstream that answers at once.
    pub fn fast() -> Self {
        Self {
            started: Arc::default(),
            on_start: Arc::default(),
            done: Arc::new(Semaphore::new(Semaphore::MAX_PERMITS)),
        }
    }
}

async fn work(State(upstream): State<Upstream>) -> &'static str {
    upstream.started.fetch_add(1, Ordering::SeqCst);
    upstream.on_start.notify_waiters();
    if let Ok(permit) = upstream.done.acquire().await {
        permit.forget();
    }
    "done"
}

async fn health() -> &'static str {
    "ok"
}

pub fn app(max_in_flight: usize, upstream: Upstream) -> Router {
    let shed_when_full = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(|_: BoxError| async {
            (StatusCode::SERVICE_UNAVAILABLE, [(RETRY_AFTER, "1")])
        }))
        .load_shed()
        .concurrency_limit(max_in_flight);
    Router::new()
        .route("/work", get(work).layer(shed_when_full))
        .route("/health", get(health))
        .with_state(upstream)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(64, Upstream::fast())).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;
    use std::time::Duration;

    const MAX: usize = 2;

    struct Server {
        addr: SocketAddr,
        upstream: Upstream,
        client: reqwest::Client,
    }

    type Answer = (u16, Option<String>);

    impl Server {
        /// A server whose /work requests wait until the test releases them.
        async fn start() -> Self {
            let upstream = Upstream {
                started: Arc::default(),
                on_start: Arc::default(),
                done: Arc::new(Semaphore::new(0)),
            };
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let app = app(MAX, upstream.clone());
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            let client = reqwest::Client::builder()
                .no_proxy()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap();
            Server {
                addr,
                upstream,
                client,
            }
        }

        fn started(&self) -> usize {
            self.upstream.started.load(Ordering::SeqCst)
        }

        /// Waits until `n` requests have reached the handler in all.
        async fn until_started(&self, n: usize) {
            loop {
                let notified = self.upstream.on_start.notified();
                if self.started() >= n {
                    return;
                }
                notified.await;
            }
        }

        fn send(&self, path: &str) -> tokio::task::JoinHandle<Answer> {
            let request = self.client.get(format!("http://{}{path}", self.addr));
            tokio::spawn(async move {
                let response = request.send().await.expect("the server did not answer");
                let retry_after = response
                    .headers()
                    .get(RETRY_AFTER)
                    .map(|v| v.to_str().unwrap_or("(not text)").to_owned());
                (response.status().as_u16(), retry_after)
            })
        }

        /// Starts a /work request that must get into the handler, and waits until it has.
        async fn fill_one(&self) -> tokio::task::JoinHandle<Answer> {
            let before = self.started();
            let mut request = self.send("/work");
            tokio::select! {
                () = self.until_started(before + 1) => request,
                answer = &mut request => panic!(
                    "with {before} of {MAX} places taken, a /work request must get in, but it \
                     was answered {:?} without reaching the handler: up to max_in_flight \
                     requests run at once",
                    answer.map(|(status, _)| status)
                ),
            }
        }

        /// Sends /work while every place is taken: it must be refused without reaching the
        /// handler, and without waiting for a place.
        async fn expect_shed(&self, when: &str) -> Answer {
            let before = self.started();
            let mut request = self.send("/work");
            tokio::select! {
                answer = &mut request => answer.expect("the request task panicked"),
                () = self.until_started(before + 1) => panic!(
                    "{when}, a /work request reached the handler: at most max_in_flight \
                     ({MAX}) requests may run at once (is the limit missing, or the permit of a \
                     hand-written limit dropped before the handler runs?)"
                ),
                () = tokio::time::sleep(Duration::from_secs(5)) => panic!(
                    "{when}, a /work request waited 5 s without an answer: it was queued. When \
                     the server is full it must refuse at once with 503 (LoadShedLayer outside \
                     the ConcurrencyLimitLayer), not wait for a place"
                ),
            }
        }
    }

    #[tokio::test]
    async fn when_full_the_next_request_gets_503_at_once() {
        let server = Server::start().await;
        let first = server.fill_one().await;
        let second = server.fill_one().await;
        let (status, retry_after) = server.expect_shed(&format!("with {MAX} in flight")).await;
        assert_eq!(
            status, 503,
            "a server with no room answers 503 Service Unavailable (the server is overloaded, \
             not the client too fast: 429 is for rate limits), got {status}"
        );
        assert_eq!(
            retry_after.as_deref(),
            Some("1"),
            "the 503 of a full server carries `Retry-After: 1` so the client comes back later \
             instead of at once"
        );
        server.upstream.done.add_permits(MAX);
        for (n, request) in [first, second].into_iter().enumerate() {
            let (status, _) = request.await.unwrap();
            assert_eq!(
                status,
                200,
                "request {} got in before the server was full: it must complete with 200",
                n + 1
            );
        }
    }

    #[tokio::test]
    async fn a_finished_request_frees_its_place() {
        let server = Server::start().await;
        let first = server.fill_one().await;
        let _second = server.fill_one().await;
        server.upstream.done.add_permits(1); // one of the two finishes
        let (status, _) = first.await.unwrap();
        assert_eq!(status, 200, "a request that got in completes with 200");
        let _third = server.fill_one().await; // the freed place is taken again
        let (status, _) = server
            .expect_shed("once the freed place is taken again")
            .await;
        assert_eq!(status, 503, "the server is full again: 503");
    }

    #[tokio::test]
    async fn health_stays_outside_the_limit() {
        let server = Server::start().await;
        let _first = server.fill_one().await;
        let _second = server.fill_one().await;
        let answer = tokio::time::timeout(Duration::from_secs(5), server.send("/health")).await;
        let status = answer.map(|answer| answer.unwrap().0);
        assert_eq!(
            status,
            Ok(200),
            "while /work is full, GET /health must still answer 200 at once: the limit is on \
             /work only, or the load balancer takes a busy but healthy instance out \
             (Err(Elapsed) means it waited 5 s)"
        );
    }

    #[tokio::test]
    async fn requests_after_the_load_are_served() {
        let server = Server::start().await;
        server.upstream.done.add_permits(100);
        for n in 1..=5 {
            let (status, _) = server.send("/work").await.unwrap();
            assert_eq!(
                status, 200,
                "request {n}, sent after the previous one finished, must be served: the limit \
                 counts requests in flight, not requests per period of time"
            );
        }
    }
}
