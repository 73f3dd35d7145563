//! right: a Vec pruned with retain, the key as a tuple, the seconds rounded up with ceil

use std::collections::HashMap;
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
    log: Mutex<HashMap<String, Vec<Instant>>>,
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
        let now = self.clock.now();
        let window = self.window;
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let times = log.entry(key.to_owned()).or_default();
        times.retain(|&made| now.duration_since(made) < window);
        if times.len() < self.limit {
            times.push(now);
            return Ok(());
        }
        let oldest = times.iter().min().copied().unwrap_or(now);
        Err((oldest + window).duration_since(now))
    }
}

pub async fn rate_limit(
    State(limiter): State<Arc<SlidingWindow>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let api_key = request
        .headers()
        .get("x-api-key")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let key = match api_key {
        Some(api_key) => ("api-key", api_key),
        None => ("ip", peer.ip().to_string()),
    };
    match limiter.check(&format!("{key:?}")) {
        Ok(()) => next.run(request).await,
        Err(wait) => (
            StatusCode::TOO_MANY_REQUESTS,
            [(RETRY_AFTER, HeaderValue::from(wait.as_secs_f64().ceil() as u64))],
        )
            .into_response(),
    }
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

