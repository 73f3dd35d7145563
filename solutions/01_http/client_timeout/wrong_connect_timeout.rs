//! wrong: sets only a connect timeout, which a connected but silent server never trips
//! expect: still waiting 2 s past its deadline of 200ms after the server went silent

// The tests call these items; `main` does not.
#![allow(dead_code)]

use std::time::Duration;

use reqwest::Client;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// No complete answer within the deadline.
    #[error("no complete answer within {0:?}")]
    TimedOut(Duration),
    /// Any other failure: connection refused, error status, unreadable body...
    #[error(transparent)]
    Http(reqwest::Error),
}

/// `GET {base}/report` as text, within `timeout` from start to the end of the body.
pub async fn fetch_report(
    client: &Client,
    base: &str,
    timeout: Duration,
) -> Result<String, FetchError> {
    let client = Client::builder()
        .connect_timeout(timeout)
        .build()
        .map_err(FetchError::Http)?;
    let classify = |err: reqwest::Error| {
        if err.is_timeout() {
            FetchError::TimedOut(timeout)
        } else {
            FetchError::Http(err)
        }
    };
    client
        .get(format!("{base}/report"))
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(classify)?
        .text()
        .await
        .map_err(classify)
}

fn main() {
    // The tests start servers that answer, stay silent, or stall, and call `fetch_report`.
}

