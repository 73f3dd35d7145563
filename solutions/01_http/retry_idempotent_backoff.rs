//! # Retries with exponential backoff, for idempotent requests only
//!
//! Write `send_with_retry`. It sends a request and, when the failure is probably temporary
//! (a `503 Service Unavailable`, or a connection that could not be opened), waits and tries
//! again, up to `policy.max_attempts` attempts in total. Nothing else is retried: not a 500 or a
//! 429, nor a connection that broke after the request was sent. The n-th retry waits
//! `base_delay * 2^(n-1)` (so: base, 2 x base, 4 x base...), unless the 503 carries
//! `Retry-After: <seconds>`, in which case it waits exactly that long (a `Retry-After` that is
//! not a number of seconds counts as none). Only idempotent methods (GET, HEAD, PUT, DELETE,
//! OPTIONS, TRACE) are ever retried: a POST or a PATCH is sent once, whatever happens. All
//! waiting goes through the `Sleeper` you are given.
//!
//! Why it matters: retries turn a blip into a non-event, but done carelessly they charge a
//! customer twice (retrying a POST that did reach the server) or keep a struggling service down
//! (retrying at once, in lockstep, against its explicit `Retry-After`).

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

        let may_retry = method.is_idempotent() && attempt < policy.max_attempts;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use testkit::{RawServer, Script};
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// Records every delay it is asked for, and returns at once.
    #[derive(Default)]
    struct RecordingSleeper {
        delays: Mutex<Vec<Duration>>,
    }

    impl Sleeper for RecordingSleeper {
        async fn sleep(&self, delay: Duration) {
            self.delays.lock().unwrap().push(delay);
        }
    }

    impl RecordingSleeper {
        fn delays(&self) -> Vec<Duration> {
            self.delays.lock().unwrap().clone()
        }
    }

    const BASE: Duration = Duration::from_millis(10);

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    /// A server that answers the first requests with `failures`, one each, in order, and 200
    /// afterwards.
    async fn server_failing_with(failures: Vec<ResponseTemplate>) -> MockServer {
        let server = MockServer::start().await;
        for failure in failures {
            Mock::given(any())
                .respond_with(failure)
                .up_to_n_times(1)
                .mount(&server)
                .await;
        }
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_string("in stock"))
            .mount(&server)
            .await;
        server
    }

    /// A server that answers the first `failures` requests with `failure`, and 200 afterwards.
    async fn flaky_server(failures: u64, failure: ResponseTemplate) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(failure)
            .up_to_n_times(failures)
            .mount(&server)
            .await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_string("in stock"))
            .mount(&server)
            .await;
        server
    }

    async fn run(
        server_url: &str,
        method: Method,
        max_attempts: u32,
    ) -> (reqwest::Result<Response>, Vec<Duration>) {
        let sleeper = RecordingSleeper::default();
        let policy = RetryPolicy {
            max_attempts,
            base_delay: BASE,
        };
        let url = format!("{server_url}/stock/42");
        let result = tokio::time::timeout(
            Duration::from_secs(2),
            send_with_retry(&Client::new(), method, &url, policy, &sleeper),
        )
        .await
        .expect(
            "send_with_retry was still running after 2 s, although the test's sleeper returns at \
             once: do all waiting through `sleeper.sleep(delay).await`, never with \
             tokio::time::sleep",
        );
        (result, sleeper.delays())
    }

    async fn requests_received(server: &MockServer) -> usize {
        server.received_requests().await.unwrap().len()
    }

    #[tokio::test]
    async fn retries_503_with_exponential_backoff() {
        let server = flaky_server(3, ResponseTemplate::new(503)).await;

        let (result, delays) = run(&server.uri(), Method::GET, 5).await;

        assert_eq!(
            requests_received(&server).await,
            4,
            "three 503s then a 200: a GET is sent 4 times in all"
        );
        assert_eq!(
            delays,
            vec![ms(10), ms(20), ms(40)],
            "wait base, 2 x base, 4 x base before retries 1, 2, 3 (base = 10 ms), each through \
             the sleeper; the delay doubles so a struggling server gets room to recover"
        );
        let response = result.expect("the 4th attempt succeeds");
        assert_eq!(
            response.status(),
            200,
            "return the response of the successful attempt"
        );
    }

    #[tokio::test]
    async fn honours_retry_after_seconds() {
        let server = flaky_server(
            1,
            ResponseTemplate::new(503).insert_header("Retry-After", "7"),
        )
        .await;

        let (result, delays) = run(&server.uri(), Method::GET, 5).await;

        assert_eq!(
            requests_received(&server).await,
            2,
            "one 503, then a 200: two attempts"
        );
        assert_eq!(
            delays,
            vec![Duration::from_secs(7)],
            "the server answered `Retry-After: 7`: wait exactly 7 seconds before retrying, \
             instead of the computed backoff; it knows when it will be ready"
        );
        assert_eq!(
            result.expect("the 2nd attempt succeeds").status(),
            200,
            "return the response of the successful attempt"
        );
    }

    #[tokio::test]
    async fn retry_after_counts_for_the_retry_it_comes_with() {
        let server = server_failing_with(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(503).insert_header("Retry-After", "3"),
        ])
        .await;

        let (result, delays) = run(&server.uri(), Method::GET, 5).await;

        assert_eq!(
            delays,
            vec![ms(10), Duration::from_secs(3)],
            "the first 503 has no Retry-After: wait the backoff, base; the second says \
             `Retry-After: 3`: wait exactly 3 s, not a multiple of it"
        );
        assert_eq!(
            result.expect("the 3rd attempt succeeds").status(),
            200,
            "return the response of the successful attempt"
        );
    }

    #[tokio::test]
    async fn a_retry_after_date_means_the_backoff() {
        let server = flaky_server(
            1,
            ResponseTemplate::new(503)
                .insert_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
        )
        .await;

        let (_, delays) = run(&server.uri(), Method::GET, 5).await;

        assert_eq!(
            delays,
            vec![ms(10)],
            "`Retry-After` may hold an HTTP date, which this client treats like no header at \
             all: wait the backoff (base), not zero"
        );
    }

    #[tokio::test]
    async fn gives_up_after_max_attempts_and_returns_the_last_answer() {
        let server = flaky_server(100, ResponseTemplate::new(503)).await;

        let (result, delays) = run(&server.uri(), Method::GET, 3).await;

        assert_eq!(
            requests_received(&server).await,
            3,
            "max_attempts = 3 counts every send, the first one included"
        );
        assert_eq!(
            delays,
            vec![ms(10), ms(20)],
            "three attempts mean two waits, base then 2 x base, each through the sleeper; \
             there is no wait after the last attempt"
        );
        let response = result.expect("a 503 is still a response: return it, don't invent an error");
        assert_eq!(response.status(), 503, "return the last response");
    }

    #[tokio::test]
    async fn never_retries_a_post() {
        let server = flaky_server(100, ResponseTemplate::new(503)).await;

        let (result, delays) = run(&server.uri(), Method::POST, 5).await;

        assert_eq!(
            requests_received(&server).await,
            1,
            "POST is not idempotent: the first attempt may have created the order before the \
             503, and a retry could create it twice. Send a POST exactly once"
        );
        assert_eq!(delays, Vec::<Duration>::new(), "no retry, so no wait");
        assert_eq!(
            result.expect("a 503 is a response").status(),
            503,
            "return the response as it is"
        );
    }

    #[tokio::test]
    async fn never_retries_a_patch() {
        let server = flaky_server(100, ResponseTemplate::new(503)).await;

        let (_, delays) = run(&server.uri(), Method::PATCH, 5).await;

        assert_eq!(
            requests_received(&server).await,
            1,
            "PATCH is not idempotent either (a patch may append or increment): only GET, HEAD, \
             PUT, DELETE, OPTIONS and TRACE are retried, as Method::is_idempotent says"
        );
        assert_eq!(delays, Vec::<Duration>::new(), "no retry, so no wait");
    }

    #[tokio::test]
    async fn never_retries_a_post_even_when_the_connection_is_refused() {
        let addr = closed_port().await;

        let (result, delays) = run(&format!("http://{addr}"), Method::POST, 4).await;

        assert_eq!(
            delays,
            Vec::<Duration>::new(),
            "a POST is sent once, whatever happens: a refused connection is not retried for a \
             POST either"
        );
        assert!(
            result.is_err(),
            "return the connection error; got {result:?}"
        );
    }

    #[tokio::test]
    async fn retries_the_other_idempotent_methods() {
        for method in [Method::PUT, Method::DELETE, Method::HEAD, Method::OPTIONS] {
            let server = flaky_server(1, ResponseTemplate::new(503)).await;

            let (result, delays) = run(&server.uri(), method.clone(), 5).await;

            assert_eq!(
                requests_received(&server).await,
                2,
                "{method} is idempotent (sending it twice has the same effect as once), so a 503 \
                 is retried: Method::is_idempotent tells you"
            );
            assert_eq!(
                delays,
                vec![ms(10)],
                "one retry: wait base_delay, through the sleeper"
            );
            assert_eq!(
                result.expect("the retry succeeds").status(),
                200,
                "return the response of the successful attempt"
            );
        }
    }

    #[tokio::test]
    async fn only_a_503_is_retried() {
        for status in [400, 404, 429, 500, 502, 504] {
            let server = flaky_server(100, ResponseTemplate::new(status)).await;

            let (result, delays) = run(&server.uri(), Method::GET, 5).await;

            assert_eq!(
                requests_received(&server).await,
                1,
                "only a 503 (and a connection that could not be opened) is retried: a {status} \
                 is returned as it is, after one attempt"
            );
            assert_eq!(delays, Vec::<Duration>::new(), "no retry, so no wait");
            let response = result.unwrap_or_else(|err| panic!("a {status} is a response: {err}"));
            assert_eq!(response.status(), status, "return the response as it is");
        }
    }

    /// A port with nothing listening: every connection attempt is refused.
    async fn closed_port() -> std::net::SocketAddr {
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        closed.local_addr().unwrap()
    }

    #[tokio::test]
    async fn retries_a_refused_connection() {
        let addr = closed_port().await;

        let (result, delays) = run(&format!("http://{addr}"), Method::GET, 4).await;

        assert_eq!(
            delays,
            vec![ms(10), ms(20), ms(40)],
            "a refused connection is retried like a 503 (the service may be restarting): with \
             max_attempts = 4, wait 10, 20 and 40 ms through the sleeper, then give up; \
             reqwest::Error::is_connect tells you the connection failed"
        );
        let err = result.expect_err("nothing ever answered: return the last error");
        assert!(
            err.is_connect(),
            "return the connection error itself; got {err:?}"
        );
    }

    #[tokio::test]
    async fn a_connection_dropped_after_the_request_is_not_retried() {
        // Accepts the connection, reads the request, and closes without answering.
        let server = RawServer::start(Script::new()).await;

        let (result, delays) = run(&server.url(), Method::GET, 4).await;

        assert_eq!(
            (server.connections(), delays),
            (1, Vec::new()),
            "the connection was opened and the request sent, then the server closed it without \
             answering: that is not a connection that could not be opened (err.is_connect() is \
             false), so it is not retried; return the error"
        );
        assert!(result.is_err(), "return the error; got {result:?}");
    }
}
