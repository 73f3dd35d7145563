//! wrong: 3 per minute: the burst taken for the rate
//! expect: (10 per minute is one every 6 s)

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
    Quota::per_minute(NonZeroU32::new(3).expect("3 is not zero"))
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

