//! wrong: adds Vary: Origin only to the responses that allow the origin
//! expect: send `Vary: Origin` on every response, allowed or not
use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};

/// The exact origins (scheme, host and port) of the company's front ends.
pub const ALLOWED_ORIGINS: [&str; 2] = ["https://app.example.com", "https://admin.example.com"];

/// `GET /api/me`: the signed-in user's profile (the session check is left out here). Its body
/// depends on the language asked for, and its own `Vary` says so.
async fn me() -> impl IntoResponse {
    (
        [(header::VARY, "accept-language")],
        r#"{"name": "Ada", "email": "ada@example.com"}"#,
    )
}

/// Adds the CORS headers to every response of the API.
pub async fn cors(request: Request, next: Next) -> Response {
    let allowed_origin = request
        .headers()
        .get(header::ORIGIN)
        .filter(|origin| {
            ALLOWED_ORIGINS
                .iter()
                .any(|allowed| origin.as_bytes() == allowed.as_bytes())
        })
        .cloned();

    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Some(origin) = allowed_origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        headers.append(header::VARY, HeaderValue::from_static("origin"));
    }
    response
}

pub fn app() -> Router {
    Router::new()
        .route("/api/me", get(me))
        .layer(middleware::from_fn(cors))
}

fn main() {
    // Checked by the tests, which send requests with various `Origin` headers.
}
