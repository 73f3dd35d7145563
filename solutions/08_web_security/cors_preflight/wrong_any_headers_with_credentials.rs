//! wrong: allows any request header (`*`) with credentials, which tower-http refuses
//! expect: building the app panicked
//! expect: Cannot combine `Access-Control-Allow-Credentials: true`
use std::time::Duration;

use axum::{
    Router,
    extract::Path,
    http::{HeaderValue, Method},
    routing::{get, put},
};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

/// The exact origins (scheme, host and port) of the company's front ends.
pub const ALLOWED_ORIGINS: [&str; 2] = ["https://notes.example.com", "https://admin.example.com"];

/// The CORS policy of the notes API.
pub fn cors_layer() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(
            ALLOWED_ORIGINS.map(HeaderValue::from_static),
        ))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers(Any)
        .max_age(Duration::from_secs(600))
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

fn main() {
    // Checked by the tests, which send preflights and requests as a browser does.
}
