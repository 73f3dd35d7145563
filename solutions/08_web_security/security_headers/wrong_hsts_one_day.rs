//! wrong: HSTS max-age of one day
//! expect: HSTS max-age is 86400 seconds: it must be two years
use axum::{
    Router,
    http::{HeaderValue, header},
    response::{Html, IntoResponse},
    routing::get,
};
use tower_http::set_header::SetResponseHeaderLayer;

/// Only the site's own resources, no plugins, no `<base>`, never framed.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
/// Two years, subdomains included.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=86400; includeSubDomains";

async fn home() -> Html<&'static str> {
    Html(r#"<!doctype html><title>Shop</title><script src="/app.js"></script><h1>Shop</h1>"#)
}

/// A legacy page that still sets its own, far weaker policy. The site's policy must win.
async fn widget() -> impl IntoResponse {
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src *; script-src * 'unsafe-inline' 'unsafe-eval'",
        )],
        Html("<!doctype html><title>Widget</title><p>widget</p>"),
    )
}

/// Adds the four security headers to every response of `router`.
pub fn with_security_headers(router: Router) -> Router {
    router
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
}

pub fn app() -> Router {
    with_security_headers(
        Router::new()
            .route("/", get(home))
            .route("/widget", get(widget)),
    )
}

fn main() {
    // Checked by the tests, which read the headers of real responses.
}
