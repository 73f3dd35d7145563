//! wrong: copies the session to a new id but leaves the old id in the store
//! expect: the old id must stop working after the login
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
use serde_json::json;

pub const SESSION_COOKIE: &str = "session";

#[derive(Clone, Debug, Default)]
pub struct Session {
    /// `None` until the visitor logs in.
    pub user: Option<String>,
    pub cart: Vec<String>,
}

/// Session id -> session.
pub type Sessions = Arc<Mutex<HashMap<String, Session>>>;

#[derive(Deserialize)]
pub struct Login {
    pub user: String,
}

#[derive(Deserialize)]
pub struct Item {
    pub item: String,
}

/// 32 bytes from a CSPRNG, hex-encoded.
pub fn new_session_id() -> String {
    hex::encode(rand::random::<[u8; 32]>())
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

/// `POST /login` with `{"user": "..."}` (the password check is left out: stage 04 did it).
pub async fn login(
    State(sessions): State<Sessions>,
    jar: CookieJar,
    Json(login): Json<Login>,
) -> Response {
    let Ok(mut sessions) = sessions.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    // Whatever id the browser sent, it is not reused: an unknown one is ignored, a known one
    // is retired, and its cart moves to the new id.
    let old = jar
        .get(SESSION_COOKIE)
        .and_then(|cookie| sessions.get(cookie.value()).cloned());
    let session = Session {
        user: Some(login.user),
        cart: old.map(|session| session.cart).unwrap_or_default(),
    };
    let id = new_session_id();
    sessions.insert(id.clone(), session);
    (jar.add(session_cookie(id)), StatusCode::NO_CONTENT).into_response()
}

/// `POST /cart` with `{"item": "..."}`: adds to the visitor's session, starting one if needed.
async fn add_to_cart(
    State(sessions): State<Sessions>,
    jar: CookieJar,
    Json(item): Json<Item>,
) -> Response {
    let Ok(mut sessions) = sessions.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Some(session) = jar
        .get(SESSION_COOKIE)
        .and_then(|cookie| sessions.get_mut(cookie.value()))
    {
        session.cart.push(item.item);
        return StatusCode::NO_CONTENT.into_response();
    }
    let id = new_session_id();
    let session = Session {
        user: None,
        cart: vec![item.item],
    };
    sessions.insert(id.clone(), session);
    (jar.add(session_cookie(id)), StatusCode::NO_CONTENT).into_response()
}

/// `GET /me`: the logged-in user and their cart, or 401.
async fn me(State(sessions): State<Sessions>, jar: CookieJar) -> Response {
    let Ok(sessions) = sessions.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let session = jar
        .get(SESSION_COOKIE)
        .and_then(|cookie| sessions.get(cookie.value()));
    match session {
        Some(Session {
            user: Some(user),
            cart,
        }) => Json(json!({ "user": user, "cart": cart })).into_response(),
        _ => StatusCode::UNAUTHORIZED.into_response(),
    }
}

pub fn app() -> Router {
    Router::new()
        .route("/login", post(login))
        .route("/cart", post(add_to_cart))
        .route("/me", get(me))
        .with_state(Sessions::default())
}

fn main() {}

