//! right: Router::layer calls innermost first (the last call is the outermost)

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
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        method = %request.method(),
        uri = %request.uri(),
        request_id,
    )
}

pub fn app() -> Router {
    Router::new()
        .route("/hello", get(hello))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(make_span))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
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
