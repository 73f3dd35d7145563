//! right: races the exchange against a sleep with tokio::select!, and matches on the error

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
    let url = format!("{base}/report");
    let exchange = async {
        let response = client.get(&url).send().await?.error_for_status()?;
        response.text().await
    };
    tokio::select! {
        result = exchange => match result {
            Ok(text) => Ok(text),
            Err(err) if err.is_timeout() => Err(FetchError::TimedOut(timeout)),
            Err(err) => Err(FetchError::Http(err)),
        },
        () = tokio::time::sleep(timeout) => Err(FetchError::TimedOut(timeout)),
    }
}

fn main() {
    // The tests start servers that answer, stay silent, or stall, and call `fetch_report`.
}

