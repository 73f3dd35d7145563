//! wrong: sheds load with 429 Too Many Requests
//! expect: 429 is for rate limits

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
            (StatusCode::TOO_MANY_REQUESTS, [(RETRY_AFTER, "1")])
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

