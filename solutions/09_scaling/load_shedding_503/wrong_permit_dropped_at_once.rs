//! wrong: a hand-written limit whose permit is dropped before the handler runs (`let _ =`)
//! expect: at most max_in_flight

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::{
    Router,
    extract::{Request, State},
    http::{StatusCode, header::RETRY_AFTER},
    middleware::{self, Next},
    response::IntoResponse,
    routing::get,
};
use tokio::sync::{Notify, Semaphore};

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
    let places = Arc::new(Semaphore::new(max_in_flight));
    Router::new()
        .route("/work", get(work))
        .route_layer(middleware::from_fn(move |request: Request, next: Next| {
            let places = places.clone();
            async move {
                let Ok(_) = places.try_acquire_owned() else {
                    return (StatusCode::SERVICE_UNAVAILABLE, [(RETRY_AFTER, "1")])
                        .into_response();
                };
                next.run(request).await
            }
        }))
        .route("/health", get(health))
        .with_state(upstream)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(64, Upstream::fast())).await
}

