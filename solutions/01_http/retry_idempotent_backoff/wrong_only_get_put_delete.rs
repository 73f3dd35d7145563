//! wrong: lists the idempotent methods by hand and forgets HEAD and OPTIONS
//! expect: HEAD is idempotent

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
    let mut attempt = 1;
    loop {
        let result = client.request(method.clone(), url).send().await;

        let idempotent = matches!(method, Method::GET | Method::PUT | Method::DELETE);
        let may_retry = idempotent && attempt < policy.max_attempts;
        let delay = match &result {
            _ if !may_retry => None,
            Ok(response) if response.status() == StatusCode::SERVICE_UNAVAILABLE => {
                Some(retry_after(response).unwrap_or_else(|| backoff(policy.base_delay, attempt)))
            }
            Err(err) if err.is_connect() => Some(backoff(policy.base_delay, attempt)),
            _ => None,
        };
        let Some(delay) = delay else {
            return result;
        };
        sleeper.sleep(delay).await;
        attempt += 1;
    }
}

/// The wait before retry number `retry` (1 for the first retry): `base * 2^(retry - 1)`.
fn backoff(base: Duration, retry: u32) -> Duration {
    base.saturating_mul(2u32.saturating_pow(retry - 1))
}

/// The delay a `Retry-After: <seconds>` header asks for. (The header may also hold an HTTP
/// date; this client treats that like no header at all.)
fn retry_after(response: &Response) -> Option<Duration> {
    let value = response.headers().get(RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse().ok().map(Duration::from_secs)
}

fn main() {
    // The tests start mock servers that fail on purpose and call `send_with_retry`.
}

