//! wrong: removes the cookie by name only, so the removal has no Path and misses the Path=/ cookie
//! expect: the removal cookie needs the same `Path=/`
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

/// Session id -> user name.
pub type Sessions = Arc<Mutex<HashMap<String, String>>>;

#[derive(Deserialize)]
pub struct Login {
    pub user: String,
}

pub fn session_cookie(id: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, id))
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Lax)
        .path("/")
        .max_age(cookie::time::Duration::minutes(30))
        .build()
}

async fn login(
    State(sessions): State<Sessions>,
    jar: CookieJar,
    Json(login): Json<Login>,
) -> Response {
    let id = hex::encode(rand::random::<[u8; 32]>());
    let Ok(mut sessions) = sessions.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    sessions.insert(id.clone(), login.user);
    (jar.add(session_cookie(id)), StatusCode::NO_CONTENT).into_response()
}

/// `POST /auth/logout`
pub async fn logout(State(sessions): State<Sessions>, jar: CookieJar) -> Response {
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        let Ok(mut sessions) = sessions.lock() else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        sessions.remove(cookie.value());
    }
    // A removal cookie matches the original by name, path (and domain): `Path=/` like the login's.
    let jar = jar.remove(Cookie::from(SESSION_COOKIE));
    (jar, StatusCode::NO_CONTENT).into_response()
}

async fn me(State(sessions): State<Sessions>, jar: CookieJar) -> Response {
    let Ok(sessions) = sessions.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match jar
        .get(SESSION_COOKIE)
        .and_then(|cookie| sessions.get(cookie.value()))
    {
        Some(user) => user.clone().into_response(),
        None => StatusCode::UNAUTHORIZED.into_response(),
    }
}

pub fn app() -> Router {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/me", get(me))
        .with_state(Sessions::default())
}

fn main() {}

