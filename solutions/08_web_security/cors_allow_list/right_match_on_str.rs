//! right: the origin read as text and looked up with contains, headers set in one place
use axum::{
    Router,
    extract::Request,
    http::{HeaderMap, HeaderValue, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};

pub const ALLOWED_ORIGINS: [&str; 2] = ["https://app.example.com", "https://admin.example.com"];

async fn me() -> impl IntoResponse {
    (
        [(header::VARY, "accept-language")],
        r#"{"name": "Ada", "email": "ada@example.com"}"#,
    )
}

fn allowed_origin(headers: &HeaderMap) -> Option<&'static str> {
    let origin = headers.get(header::ORIGIN)?.to_str().ok()?;
    ALLOWED_ORIGINS
        .into_iter()
        .find(|allowed| *allowed == origin)
}

pub async fn cors(request: Request, next: Next) -> Response {
    let origin = allowed_origin(request.headers());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static(origin),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
    }
    response
}

pub fn app() -> Router {
    Router::new()
        .route("/api/me", get(me))
        .layer(middleware::from_fn(cors))
}

fn main() {}
