//! right: an axum middleware that inserts the headers (insert replaces a handler's value)
use axum::{
    Router,
    extract::Request,
    http::{HeaderName, HeaderValue, header},
    middleware::{self, Next},
    response::{Html, IntoResponse, Response},
    routing::get,
};

async fn home() -> Html<&'static str> {
    Html(r#"<!doctype html><title>Shop</title><script src="/app.js"></script><h1>Shop</h1>"#)
}

async fn widget() -> impl IntoResponse {
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src *; script-src * 'unsafe-inline' 'unsafe-eval'",
        )],
        Html("<!doctype html><title>Widget</title><p>widget</p>"),
    )
}

const SECURITY_HEADERS: [(HeaderName, &str); 4] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'",
    ),
    (
        header::STRICT_TRANSPORT_SECURITY,
        "max-age=63072000; includeSubDomains; preload",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
];

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    for (name, value) in SECURITY_HEADERS {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    response
}

pub fn with_security_headers(router: Router) -> Router {
    router.layer(middleware::from_fn(security_headers))
}

pub fn app() -> Router {
    with_security_headers(
        Router::new()
            .route("/", get(home))
            .route("/widget", get(widget)),
    )
}

fn main() {}
