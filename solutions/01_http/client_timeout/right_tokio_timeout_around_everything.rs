//! right: one tokio::time::timeout around sending and reading the whole body

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
    let exchange = async {
        let response = client.get(format!("{base}/report")).send().await?;
        response.error_for_status()?.text().await
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(result) => result.map_err(FetchError::Http),
        Err(_elapsed) => Err(FetchError::TimedOut(timeout)),
    }
}

fn main() {
    // The tests start servers that answer, stay silent, or stall, and call `fetch_report`.
}

