//! right: tower-http's CorsLayer with a list of origins and credentials (it appends its Vary)
use axum::{Router, http::HeaderValue, http::header, response::IntoResponse, routing::get};
use tower_http::cors::{AllowOrigin, CorsLayer};

pub const ALLOWED_ORIGINS: [&str; 2] = ["https://app.example.com", "https://admin.example.com"];

async fn me() -> impl IntoResponse {
    (
        [(header::VARY, "accept-language")],
        r#"{"name": "Ada", "email": "ada@example.com"}"#,
    )
}

pub fn app() -> Router {
    let origins = ALLOWED_ORIGINS.map(HeaderValue::from_static);
    Router::new().route("/api/me", get(me)).layer(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_credentials(true),
    )
}

fn main() {}
