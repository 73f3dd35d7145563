//! wrong: checks POST only, so PUT, PATCH and DELETE are open to forgery
//! expect: PUT with `Origin: https://evil.example` is not from
use axum::{
    Router,
    extract::Request,
    http::{HeaderMap, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};

/// The one origin the site's pages are served from.
pub const SITE_ORIGIN: &str = "https://bank.example.com";

/// The `Set-Cookie` value for a new session.
pub fn session_cookie(session_id: &str) -> String {
    format!("session={session_id}; HttpOnly; Secure; Path=/; SameSite=Lax")
}

/// Where the request comes from: its `Origin`, or without one the origin of its `Referer`.
fn request_origin(headers: &HeaderMap) -> Option<String> {
    if let Some(origin) = headers.get(header::ORIGIN) {
        return origin.to_str().ok().map(str::to_owned);
    }
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let url = url::Url::parse(referer).ok()?;
    Some(url.origin().ascii_serialization())
}

/// Refuses state-changing requests that do not come from `SITE_ORIGIN`.
pub async fn verify_origin(request: Request, next: Next) -> Response {
    if request.method() != axum::http::Method::POST {
        return next.run(request).await;
    }
    match request_origin(request.headers()) {
        Some(origin) if origin == SITE_ORIGIN => next.run(request).await,
        _ => (StatusCode::FORBIDDEN, "cross-site request refused").into_response(),
    }
}

/// `POST /login` (the password check is left out).
async fn login() -> Response {
    let session_id = hex::encode(rand::random::<[u8; 32]>());
    (
        [(header::SET_COOKIE, session_cookie(&session_id))],
        "signed in",
    )
        .into_response()
}

async fn account() -> &'static str {
    r#"{"email": "ada@example.com"}"#
}

async fn change_email() -> &'static str {
    "email changed"
}

async fn close_account() -> StatusCode {
    StatusCode::NO_CONTENT
}

pub fn app() -> Router {
    Router::new()
        .route("/login", post(login))
        .route(
            "/account",
            get(account).post(change_email).delete(close_account),
        )
        .layer(middleware::from_fn(verify_origin))
}

fn main() {
    // Checked by the tests, which send the headers a browser sends from this site and others.
}
