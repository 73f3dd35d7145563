//! # Timeouts: never wait forever on another service
//!
//! Write `fetch_report`: `GET {base}/report` and return the body as text, but give up after
//! `timeout` with `FetchError::TimedOut`. The deadline covers the whole exchange, from connecting
//! until the last byte of the body: a server that sends its headers quickly and then stalls in
//! the middle of the body must time out too.
//!
//! Why it matters: a `reqwest::Client` has no total timeout by default. One stuck dependency then
//! holds your request handlers, their memory and their connections until your own service stops
//! answering. Every outbound call in a backend needs a deadline.

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
    // TODO: send `GET {base}/report` with a deadline that covers the whole exchange, body
    //   included, turn an error status into an error, and read the body as text.
    // TODO: a timeout becomes `FetchError::TimedOut(timeout)`; any other error is
    //   `FetchError::Http(err)`.
    todo!()
}

fn main() {
    // The tests start servers that answer, stay silent, or stall, and call `fetch_report`.
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;
    use std::time::Instant;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const DEADLINE: Duration = Duration::from_millis(200);

    /// A server that accepts connections, reads the request, writes `answer` (possibly
    /// nothing), then keeps the connection open without ever finishing.
    async fn stalling_server(answer: &'static str) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(async move {
                    let mut buf = [0u8; 4096];
                    let _ = socket.read(&mut buf).await;
                    let _ = socket.write_all(answer.as_bytes()).await;
                    // Hold the connection open; the test's runtime drops this task at the end.
                    std::future::pending::<()>().await;
                });
            }
        });
        addr
    }

    /// Calls `fetch_report` with DEADLINE; fails the test if it has not returned within a
    /// generous bound, explaining `what` the server did.
    async fn fetch_with_deadline(base: &str, what: &str) -> (Result<String, FetchError>, Duration) {
        let started = Instant::now();
        let result = tokio::time::timeout(
            Duration::from_secs(2),
            fetch_report(&Client::new(), base, DEADLINE),
        )
        .await
        .unwrap_or_else(|_| {
            panic!(
                "fetch_report was still waiting 2 s after the server {what}, although its \
                         deadline was {DEADLINE:?}. Set a deadline for the whole request, body \
                         included (RequestBuilder::timeout does), not just until the headers"
            )
        });
        (result, started.elapsed())
    }

    #[tokio::test]
    async fn a_quick_answer_is_returned() {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_string("all systems nominal"))
            .mount(&server)
            .await;

        let (result, _) = fetch_with_deadline(&server.uri(), "answered").await;

        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1, "fetch_report sends exactly one request");
        assert_eq!(
            requests[0].url.path(),
            "/report",
            "the report lives at {{base}}/report"
        );
        assert_eq!(
            result.expect("a quick 200 answer is a success"),
            "all systems nominal"
        );
    }

    #[tokio::test]
    async fn a_silent_server_times_out() {
        let addr = stalling_server("").await;

        let (result, elapsed) = fetch_with_deadline(&format!("http://{addr}"), "went silent").await;

        assert!(
            matches!(result, Err(FetchError::TimedOut(d)) if d == DEADLINE),
            "when the deadline passes, return FetchError::TimedOut(timeout) \
             (reqwest::Error::is_timeout tells you it was a timeout); got {result:?}"
        );
        assert!(
            elapsed >= DEADLINE,
            "fetch_report gave up after {elapsed:?}, before its deadline of {DEADLINE:?}: use the \
             `timeout` you are given"
        );
    }

    #[tokio::test]
    async fn a_body_that_stalls_times_out() {
        let addr = stalling_server(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nthe first",
        )
        .await;

        let (result, _) = fetch_with_deadline(
            &format!("http://{addr}"),
            "sent its headers and stalled in the body",
        )
        .await;

        assert!(
            matches!(result, Err(FetchError::TimedOut(d)) if d == DEADLINE),
            "a body that stops arriving must time out too: return FetchError::TimedOut(timeout); \
             got {result:?}"
        );
    }
}
