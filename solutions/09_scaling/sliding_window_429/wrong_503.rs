//! wrong: refuses with 503 Service Unavailable
//! expect: answer 429 Too Many Requests (RFC 6585), got 503

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
        let now = self.clock.now();
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let times = log.entry(key.to_owned()).or_default();
        while times
            .front()
            .is_some_and(|&made| now.duration_since(made) >= self.window)
        {
            times.pop_front();
        }
        match times.front() {
            Some(&oldest) if times.len() >= self.limit => Err(oldest + self.window - now),
            _ => {
                times.push_back(now);
                Ok(())
            }
        }
    }
}

/// Whole seconds, rounded up: what `Retry-After` carries (RFC 9110, section 10.2.3).
fn whole_seconds_up(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

pub async fn rate_limit(
    State(limiter): State<Arc<SlidingWindow>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let key = match request
        .headers()
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
    {
        Some(api_key) => format!("key:{api_key}"),
        None => format!("ip:{}", peer.ip()),
    };
    match limiter.check(&key) {
        Ok(()) => next.run(request).await,
        Err(wait) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(RETRY_AFTER, HeaderValue::from(whole_seconds_up(wait)))],
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

