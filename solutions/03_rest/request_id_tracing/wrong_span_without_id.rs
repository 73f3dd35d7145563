//! wrong: the span records the method and the URI but not the request id
//! expect: record it in the span made by `make_span`

use axum::{Router, body::Body, http::Request, routing::get};
use tower::ServiceBuilder;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};
use tracing::Span;

pub async fn hello() -> &'static str {
    "hello"
}

/// The span every log line of one request is recorded in.
pub fn make_span(request: &Request<Body>) -> Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        uri = %request.uri(),
    )
}

pub fn app() -> Router {
    Router::new().route("/hello", get(hello)).layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(make_span))
            .layer(PropagateRequestIdLayer::x_request_id()),
    )
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
