//! # Timeouts: never wait forever on another service
//!
//! Write `fetch_report`: `GET {base}/report` and return the body as text, but give up after
//! `timeout` with `FetchError::TimedOut`. The deadline covers the whole exchange, from connecting
//! until the last byte of the body: a server that sends its headers quickly and then stalls in
//! the middle of the body must time out too, and so must one that keeps sending a little at a
//! time but finishes after the deadline. An error status or any other failure is
//! `FetchError::Http`.
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
    use std::time::Instant;
    use testkit::{RawServer, Script};
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// The deadline of the tests whose server never finishes its answer.
    const DEADLINE: Duration = Duration::from_millis(200);
    /// The deadline of the tests whose server answers at once: far longer than any answer
    /// takes, even on a loaded machine.
    const GENEROUS: Duration = Duration::from_secs(10);

    /// Calls `fetch_report` with `deadline`; fails the test if it has not returned 2 s after
    /// its deadline, explaining `what` the server did.
    async fn fetch_within(
        base: &str,
        deadline: Duration,
        what: &str,
    ) -> (Result<String, FetchError>, Duration) {
        let started = Instant::now();
        let result = tokio::time::timeout(
            deadline + Duration::from_secs(2),
            fetch_report(&Client::new(), base, deadline),
        )
        .await
        .unwrap_or_else(|_| {
            panic!(
                "fetch_report was still waiting 2 s past its deadline of {deadline:?} after the \
                 server {what}. Set a deadline for the whole request, body included \
                 (RequestBuilder::timeout does), not just until the headers"
            )
        });
        (result, started.elapsed())
    }

    async fn fetch_with_deadline(base: &str, what: &str) -> (Result<String, FetchError>, Duration) {
        fetch_within(base, DEADLINE, what).await
    }

    /// A server that answers with the steps of `script`, then holds the connection open.
    async fn stalling_server(script: Script) -> RawServer {
        RawServer::start(script.then_hold()).await
    }

    #[tokio::test]
    async fn a_quick_answer_is_returned() {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_string("all systems nominal"))
            .mount(&server)
            .await;

        let (result, _) = fetch_within(&server.uri(), GENEROUS, "answered").await;

        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1, "fetch_report sends exactly one request");
        assert_eq!(
            requests[0].url.path(),
            "/report",
            "the report lives at {{base}}/report"
        );
        assert_eq!(
            result.expect("a quick 200 answer is a success"),
            "all systems nominal",
            "return the body of the answer as text"
        );
    }

    #[tokio::test]
    async fn a_silent_server_times_out() {
        let server = stalling_server(Script::new()).await;

        let (result, elapsed) = fetch_with_deadline(&server.url(), "went silent").await;

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
        let server = stalling_server(Script::new().send(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nthe first",
        ))
        .await;

        let (result, _) =
            fetch_with_deadline(&server.url(), "sent its headers and stalled in the body").await;

        assert!(
            matches!(result, Err(FetchError::TimedOut(d)) if d == DEADLINE),
            "a body that stops arriving must time out too: return FetchError::TimedOut(timeout); \
             got {result:?}"
        );
    }

    #[tokio::test]
    async fn a_slow_but_steady_answer_is_still_held_to_the_deadline() {
        let deadline = Duration::from_millis(900);
        let pause = Duration::from_millis(550);
        let server = RawServer::start(
            Script::new()
                .sleep(pause)
                .send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\n")
                .sleep(pause)
                .send("late"),
        )
        .await;

        let (result, elapsed) = fetch_within(
            &server.url(),
            deadline,
            "sent its headers after 550 ms and its body 550 ms later",
        )
        .await;

        assert!(
            matches!(result, Err(FetchError::TimedOut(d)) if d == deadline),
            "the server sent its headers after 550 ms and its body 550 ms later: {elapsed:?} in \
             all, past the {deadline:?} deadline. The deadline covers the whole exchange, so this \
             is FetchError::TimedOut(timeout): a timeout per read (ClientBuilder::read_timeout), \
             or one for the headers and another for the body, lets a slow server keep you longer \
             than the deadline; got {result:?}"
        );
    }

    #[tokio::test]
    async fn an_error_status_is_an_http_error() {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503).set_body_string("down for maintenance"))
            .mount(&server)
            .await;

        let (result, _) = fetch_within(&server.uri(), GENEROUS, "answered 503").await;

        match result {
            Err(FetchError::Http(err)) => assert_eq!(
                err.status().map(|status| status.as_u16()),
                Some(503),
                "a 503 is FetchError::Http with the error of error_for_status; got {err:?}"
            ),
            other => panic!(
                "a 503 answer is not the report: turn the error status into an error \
                 (error_for_status) and return it as FetchError::Http(err), since only a missed \
                 deadline is TimedOut; got {other:?}"
            ),
        }
    }

    #[tokio::test]
    async fn a_refused_connection_is_an_http_error() {
        // A port with nothing listening: the connection is refused at once.
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = closed.local_addr().unwrap();
        drop(closed);

        let (result, _) = fetch_within(
            &format!("http://{addr}"),
            GENEROUS,
            "refused the connection",
        )
        .await;

        assert!(
            matches!(&result, Err(FetchError::Http(err)) if err.is_connect()),
            "a refused connection is not a timeout: only a missed deadline is TimedOut, any \
             other error is FetchError::Http(err); got {result:?}"
        );
    }
}
