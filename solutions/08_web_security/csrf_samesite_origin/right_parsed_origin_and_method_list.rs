//! right: both headers parsed as URLs, the unsafe methods listed, the cookie joined from parts
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
    ["session=", session_id].concat()
        + &["HttpOnly", "Secure", "Path=/", "SameSite=Strict"]
            .iter()
            .map(|attribute| format!("; {attribute}"))
            .collect::<String>()
}

/// Where the request comes from: its `Origin`, or without one the origin of its `Referer`.
fn request_origin(headers: &HeaderMap) -> Option<String> {
    let source = match headers.get(header::ORIGIN) {
        Some(origin) => origin,
        None => headers.get(header::REFERER)?,
    };
    let url = url::Url::parse(source.to_str().ok()?).ok()?;
    match url.origin() {
        origin @ url::Origin::Tuple(..) => Some(origin.ascii_serialization()),
        url::Origin::Opaque(_) => None,
    }
}

/// Refuses state-changing requests that do not come from `SITE_ORIGIN`.
pub async fn verify_origin(request: Request, next: Next) -> Response {
    use axum::http::Method;
    let changes_state =
        [Method::POST, Method::PUT, Method::PATCH, Method::DELETE].contains(request.method());
    let from_site = request_origin(request.headers()).as_deref() == Some(SITE_ORIGIN);
    if changes_state && !from_site {
        return StatusCode::FORBIDDEN.into_response();
    }
    next.run(request).await
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
