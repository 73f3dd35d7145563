//! right: a predicate over the allow-list, methods parsed from text, a header-name constant
use std::time::Duration;

use axum::{
    Router,
    extract::Path,
    http::{HeaderName, HeaderValue, Method, request::Parts},
    routing::{get, put},
};
use tower_http::cors::{AllowOrigin, CorsLayer};

pub const ALLOWED_ORIGINS: [&str; 2] = ["https://notes.example.com", "https://admin.example.com"];

const CSRF_HEADER: HeaderName = HeaderName::from_static("x-csrf-token");

fn is_allowed(origin: &HeaderValue, _request: &Parts) -> bool {
    ALLOWED_ORIGINS.contains(&origin.to_str().unwrap_or_default())
}

pub fn cors_layer() -> CorsLayer {
    let methods: Vec<Method> = ["GET", "POST", "PUT", "DELETE"]
        .iter()
        .filter_map(|name| name.parse().ok())
        .collect();
    CorsLayer::new()
        .allow_methods(methods)
        .allow_headers(vec![axum::http::header::CONTENT_TYPE, CSRF_HEADER])
        .allow_origin(AllowOrigin::predicate(is_allowed))
        .max_age(Duration::from_secs(10 * 60))
        .allow_credentials(true)
}

async fn list_notes() -> &'static str {
    r#"[{"id": 1, "text": "buy milk"}]"#
}

async fn create_note() -> &'static str {
    r#"{"id": 2}"#
}

async fn update_note(Path(id): Path<u64>) -> String {
    format!(r#"{{"id": {id}, "updated": true}}"#)
}

async fn delete_note(Path(id): Path<u64>) -> String {
    format!(r#"{{"id": {id}, "deleted": true}}"#)
}

pub fn app() -> Router {
    Router::new()
        .route("/api/notes", get(list_notes).post(create_note))
        .route("/api/notes/{id}", put(update_note).delete(delete_note))
        .layer(cors_layer())
}

fn main() {}
