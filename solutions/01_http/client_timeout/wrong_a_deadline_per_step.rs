//! wrong: gives the headers and the body a full deadline each, so the whole exchange may take twice as long
//! expect: or one for the headers and another for the body

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
    let send = client.get(format!("{base}/report")).send();
    let response = tokio::time::timeout(timeout, send)
        .await
        .map_err(|_| FetchError::TimedOut(timeout))?
        .and_then(reqwest::Response::error_for_status)
        .map_err(FetchError::Http)?;
    tokio::time::timeout(timeout, response.text())
        .await
        .map_err(|_| FetchError::TimedOut(timeout))?
        .map_err(FetchError::Http)
}

fn main() {
    // The tests start servers that answer, stay silent, or stall, and call `fetch_report`.
}

