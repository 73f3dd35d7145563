//! wrong: leaves out HttpOnly, so page scripts can read the session id
//! expect: the session cookie needs `HttpOnly`
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;

pub const SESSION_COOKIE: &str = "session";
/// How long the browser keeps the cookie: 30 minutes.
pub const SESSION_SECONDS: i64 = 30 * 60;

/// Session id -> user name.
#[derive(Clone, Default)]
pub struct AppState {
    sessions: Arc<Mutex<HashMap<String, String>>>,
}

#[derive(Deserialize)]
pub struct Login {
    pub user: String,
}

/// A new session id: 32 bytes (256 bits) from a CSPRNG, hex-encoded.
pub fn new_session_id() -> String {
    // The thread-local generator behind `rand::random` is a CSPRNG seeded by the OS.
    hex::encode(rand::random::<[u8; 32]>())
}

/// The `Set-Cookie` that carries a session id.
pub fn session_cookie(id: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, id))
        .secure(true)
        .same_site(SameSite::Lax)
        .path("/")
        .max_age(cookie::time::Duration::seconds(SESSION_SECONDS))
        .build()
}

async fn login(
    State(state): State<AppState>,
    jar: CookieJar,
    Json(login): Json<Login>,
) -> Response {
    let id = new_session_id();
    let Ok(mut sessions) = state.sessions.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    sessions.insert(id.clone(), login.user);
    (jar.add(session_cookie(id)), StatusCode::NO_CONTENT).into_response()
}

async fn me(State(state): State<AppState>, jar: CookieJar) -> Response {
    let Some(id) = jar.get(SESSION_COOKIE) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Ok(sessions) = state.sessions.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match sessions.get(id.value()) {
        Some(user) => user.clone().into_response(),
        None => StatusCode::UNAUTHORIZED.into_response(),
    }
}

pub fn app() -> Router {
    Router::new()
        .route("/auth/login", post(login))
        .route("/me", get(me))
        .with_state(AppState::default())
}

fn main() {
    println!("{}", new_session_id());
}

