//! right: a for loop over the attempt numbers, with the decision in a helper

// The tests call these items; `main` does not.
#![allow(dead_code)]

use std::time::Duration;

use reqwest::header::RETRY_AFTER;
use reqwest::{Client, Method, Response, StatusCode};

/// Something that can wait. Production code passes `TokioSleeper`; the tests pass a sleeper
/// that records each delay and returns at once, so that they run instantly and can check every
/// wait.
pub trait Sleeper {
    fn sleep(&self, delay: Duration) -> impl Future<Output = ()> + Send;
}

/// Really waits, on the tokio timer.
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    async fn sleep(&self, delay: Duration) {
        tokio::time::sleep(delay).await;
    }
}

#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// How many times the request may be sent in total, the first attempt included (>= 1).
    pub max_attempts: u32,
    /// The wait before the first retry; it doubles before each later retry.
    pub base_delay: Duration,
}

/// Sends `method url`, retrying as described at the top of this file.
///
/// Returns the last response (which may still be a 503 once the attempts are used up: the
/// caller decides what that means), or the last error.
pub async fn send_with_retry(
    client: &Client,
    method: Method,
    url: &str,
    policy: RetryPolicy,
    sleeper: &impl Sleeper,
) -> reqwest::Result<Response> {
    let attempts = policy.max_attempts.max(1);
    for attempt in 1..attempts {
        let result = client.request(method.clone(), url).send().await;
        match wait_before_retry(&method, &result, policy.base_delay, attempt) {
            Some(delay) => sleeper.sleep(delay).await,
            None => return result,
        }
    }
    client.request(method, url).send().await
}

/// How long to wait before trying again after `result`, or `None` to stop here.
fn wait_before_retry(
    method: &Method,
    result: &reqwest::Result<Response>,
    base: Duration,
    attempt: u32,
) -> Option<Duration> {
    if !method.is_idempotent() {
        return None;
    }
    match result {
        Ok(response) if response.status() == StatusCode::SERVICE_UNAVAILABLE => {
            Some(retry_after(response).unwrap_or(backoff(base, attempt)))
        }
        Ok(_) => None,
        Err(err) => err.is_connect().then(|| backoff(base, attempt)),
    }
}

/// The wait before retry number `retry` (1 for the first retry): `base * 2^(retry - 1)`.
fn backoff(base: Duration, retry: u32) -> Duration {
    let mut delay = base;
    for _ in 1..retry {
        delay = delay.saturating_mul(2);
    }
    delay
}

/// The delay a `Retry-After: <seconds>` header asks for. (The header may also hold an HTTP
/// date; this client treats that like no header at all.)
fn retry_after(response: &Response) -> Option<Duration> {
    let seconds: u64 = response.headers().get(RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(seconds))
}

fn main() {
    // The tests start mock servers that fail on purpose and call `send_with_retry`.
}

