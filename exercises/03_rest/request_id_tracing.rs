//! # Request ids and request logs
//!
//! Give every request an id and put it everywhere you will look when something goes wrong:
//! - keep the `x-request-id` a client (or the load balancer in front) sent, or generate one
//!   (`SetRequestIdLayer` with `MakeRequestUuid`);
//! - log each request (`TraceLayer`) inside a span that records the method, the URI and the
//!   request id;
//! - send the id back in the response's `x-request-id` header (`PropagateRequestIdLayer`).
//!
//! Why it matters: when a user reports "request abc-123 failed", the id in the response lets you
//! find every log line of that request among millions, and pass it on to the services you call.
//!
//! The order of the layers is the lesson: in a `tower::ServiceBuilder` the first layer listed is
//! the outermost one, which sees the request first and the response last.

use axum::{Router, body::Body, http::Request, routing::get};
use tracing::Span;

pub async fn hello() -> &'static str {
    "hello"
}

/// The span every log line of one request is recorded in.
pub fn make_span(request: &Request<Body>) -> Span {
    // TODO: read the `x-request-id` header of `request` (it is set by the time this runs, if
    // the layers are in the right order) and return
    // `tracing::info_span!("request", method = %..., uri = %..., request_id)`.
    todo!()
}

pub fn app() -> Router {
    // TODO: wrap the router in `.layer(ServiceBuilder::new().layer(..).layer(..).layer(..))`
    // with, from the outside in:
    //   `SetRequestIdLayer::x_request_id(MakeRequestUuid)`,
    //   `TraceLayer::new_for_http().make_span_with(make_span)`,
    //   `PropagateRequestIdLayer::x_request_id()`.
    // They live in `tower::ServiceBuilder`, `tower_http::request_id` and `tower_http::trace`.
    Router::new().route("/hello", get(hello))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // `RUST_LOG=debug cargo run --bin request_id_tracing`, then `curl -i 127.0.0.1:3000/hello`.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{
        cell::RefCell,
        io::Write,
        sync::{Arc, Mutex, Once},
    };

    /// Where the log lines written on this thread go, if a test asked to see them.
    #[derive(Clone, Default)]
    struct Logs(Arc<Mutex<Vec<u8>>>);

    impl Logs {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
        }
    }

    thread_local! {
        static CAPTURE: RefCell<Option<Logs>> = const { RefCell::new(None) };
    }

    /// Writes a log line into this thread's `CAPTURE`, or nowhere.
    struct ThreadCapture;

    impl Write for ThreadCapture {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            CAPTURE.with(|capture| {
                if let Some(logs) = &*capture.borrow() {
                    logs.0.lock().unwrap().extend_from_slice(buf);
                }
            });
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// One subscriber for the whole test binary, installed before any test logs anything.
    fn init_logging() {
        static INIT: Once = Once::new();
        INIT.call_once(|| {
            let _ = tracing_subscriber::fmt()
                .with_writer(|| ThreadCapture)
                .with_max_level(tracing::Level::TRACE)
                .with_ansi(false)
                .try_init();
        });
    }

    async fn spawn_app() -> String {
        init_logging();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
        format!("http://{addr}")
    }

    /// `GET /hello`, with an `x-request-id` if given; answers the response's `x-request-id`.
    async fn hello_request_id(base: &str, request_id: Option<&str>) -> Option<String> {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let mut request = client.get(format!("{base}/hello"));
        if let Some(id) = request_id {
            request = request.header("x-request-id", id);
        }
        let response = request.send().await.expect(
            "the server closed the connection without answering: did `make_span` panic? \
             Look for `not yet implemented` above",
        );
        assert_eq!(
            response.status().as_u16(),
            200,
            "GET /hello should still answer 200"
        );
        response
            .headers()
            .get("x-request-id")
            .map(|v| v.to_str().unwrap().to_owned())
    }

    #[tokio::test]
    async fn echoes_the_client_request_id() {
        let base = spawn_app().await;
        let id = hello_request_id(&base, Some("client-abc-123")).await;
        assert_eq!(
            id.as_deref(),
            Some("client-abc-123"),
            "a request that arrives with `x-request-id: client-abc-123` must get the same id back \
             in the response: keep it (SetRequestIdLayer does) and copy it to the response \
             (PropagateRequestIdLayer)"
        );
    }

    #[tokio::test]
    async fn generates_an_id_when_the_client_sent_none() {
        let base = spawn_app().await;
        let first = hello_request_id(&base, None).await;
        let second = hello_request_id(&base, None).await;
        let first = first.expect(
            "a request without `x-request-id` must get a generated one in the response: \
             SetRequestIdLayer (with MakeRequestUuid) must run before, that is outside, \
             PropagateRequestIdLayer (in a ServiceBuilder the first layer is the outermost; \
             with `Router::layer` calls, the last call is)",
        );
        let second = second.expect("every response needs an `x-request-id`");
        assert!(
            !first.is_empty(),
            "the generated request id must not be empty"
        );
        assert_ne!(first, second, "two requests must get two different ids");
    }

    #[tokio::test]
    async fn logs_each_request_with_its_id() {
        let base = spawn_app().await;
        // The server runs on this test's thread, so its log lines land in `logs`.
        let logs = Logs::default();
        CAPTURE.with(|capture| *capture.borrow_mut() = Some(logs.clone()));

        hello_request_id(&base, Some("client-log-42")).await;
        let generated = hello_request_id(&base, None).await;
        let text = logs.text();
        assert!(
            text.contains("/hello"),
            "no log line mentions the path /hello: add a TraceLayer whose span records the \
             method and the URI. Captured logs:\n{text}"
        );
        assert!(
            text.contains("client-log-42"),
            "the logs of a request sent with `x-request-id: client-log-42` must contain that id: \
             record it in the span made by `make_span`. Captured logs:\n{text}"
        );
        let with_method_and_uri = text
            .lines()
            .filter(|line| line.contains("client-log-42"))
            .any(|line| line.contains("GET") && line.contains("/hello"));
        assert!(
            with_method_and_uri,
            "the log lines of `GET /hello` sent with `x-request-id: client-log-42` must show its \
             method (GET) and its URI (/hello) beside the id: record `method`, `uri` and \
             `request_id` in the one span made by `make_span`. Captured logs:\n{text}"
        );
        let generated = generated.expect("every response needs an `x-request-id`");
        assert!(
            text.contains(&generated),
            "the logs of a request without an id must contain the generated id ({generated}): \
             TraceLayer must come after (inside) SetRequestIdLayer, or the id does not exist yet \
             when the span is made. Captured logs:\n{text}"
        );
    }
}
