//! # A session cookie done right
//!
//! `POST /auth/login` starts a session for the user named in its JSON body and answers
//! `204 No Content` with the session id in a cookie; `GET /me` reads the cookie back. Complete
//! `new_session_id` (32 bytes from a cryptographically secure generator, as 64 hex characters)
//! and `session_cookie`: `session=<id>` with `HttpOnly`, `Secure`, `SameSite=Lax`, `Path=/` and
//! `Max-Age=1800` (30 minutes, counted in seconds).
//! Why it matters: the session id IS the login. A script that can read it (no `HttpOnly`), a
//! plain-HTTP hop that sees it (no `Secure`), a cross-site form that sends it (no `SameSite`), or
//! an id an attacker can guess (a counter, the clock) hands the account to someone else.
//! (Passwords are left out here: stage 04 covered them.)

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
    // TODO: 32 bytes from a cryptographically secure generator, hex-encoded. Never a counter,
    // the clock, or a hash of either: an attacker who can guess an id is logged in.
    todo!()
}

/// The `Set-Cookie` that carries a session id.
pub fn session_cookie(id: String) -> Cookie<'static> {
    // TODO: `session=<id>` with HttpOnly, Secure, SameSite=Lax, Path=/ and a Max-Age of
    // SESSION_SECONDS (`cookie::time::Duration::seconds`). `Cookie::build((name, value))`
    // returns a builder with a method for each attribute.
    let _ = (SameSite::Lax, id);
    todo!()
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

#[cfg(test)]
mod tests {
    use super::*;

    async fn spawn_app() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
        format!("http://{addr}")
    }

    fn client() -> reqwest::Client {
        reqwest::Client::builder().no_proxy().build().unwrap()
    }

    /// Logs in as `user`; returns the parsed `Set-Cookie` of the session.
    async fn login_as(base: &str, user: &str) -> cookie::Cookie<'static> {
        let response = client()
            .post(format!("{base}/auth/login"))
            .json(&serde_json::json!({ "user": user }))
            .send()
            .await
            .expect(
                "the server closed the connection without answering: did a handler panic? \
                 Look for `not yet implemented` above",
            );
        assert_eq!(
            response.status().as_u16(),
            204,
            "POST /auth/login answers 204 No Content with the cookie"
        );
        let header = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .expect("the login response needs a `Set-Cookie: session=...` header")
            .to_owned();
        let parsed = cookie::Cookie::parse(header.clone())
            .unwrap_or_else(|e| panic!("`Set-Cookie: {header}` does not parse as a cookie: {e}"));
        assert_eq!(
            parsed.name(),
            "session",
            "the cookie is named `session`: `Set-Cookie: {header}`"
        );
        parsed
    }

    #[tokio::test]
    async fn the_cookie_logs_the_browser_in() {
        let base = spawn_app().await;
        let cookie = login_as(&base, "ada").await;
        let response = client()
            .get(format!("{base}/me"))
            .header("cookie", format!("session={}", cookie.value()))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status().as_u16(),
            200,
            "GET /me with the session cookie from the login must find the session"
        );
        assert_eq!(
            response.text().await.unwrap(),
            "ada",
            "GET /me answers the user of the session"
        );
        let anonymous = client().get(format!("{base}/me")).send().await.unwrap();
        assert_eq!(
            anonymous.status().as_u16(),
            401,
            "GET /me without a session cookie is 401 Unauthorized"
        );
    }

    #[tokio::test]
    async fn the_cookie_is_http_only() {
        let cookie = login_as(&spawn_app().await, "ada").await;
        assert_eq!(
            cookie.http_only(),
            Some(true),
            "the session cookie needs `HttpOnly`: without it any script on the page (an XSS) can \
             read `document.cookie` and steal the session; got `{cookie}`"
        );
    }

    #[tokio::test]
    async fn the_cookie_is_secure() {
        let cookie = login_as(&spawn_app().await, "ada").await;
        assert_eq!(
            cookie.secure(),
            Some(true),
            "the session cookie needs `Secure`: without it the browser also sends it over plain \
             HTTP, where anyone on the network reads it; got `{cookie}`"
        );
    }

    #[tokio::test]
    async fn the_cookie_is_same_site_lax() {
        let cookie = login_as(&spawn_app().await, "ada").await;
        assert_eq!(
            cookie.same_site(),
            Some(cookie::SameSite::Lax),
            "the session cookie needs `SameSite=Lax`: then a form on another site cannot send a \
             POST with it (CSRF), and links from other sites still arrive logged in. `None` sends \
             it everywhere; leaving it out leaves the choice to each browser; got `{cookie}`"
        );
    }

    #[tokio::test]
    async fn the_cookie_is_sent_to_every_path() {
        let cookie = login_as(&spawn_app().await, "ada").await;
        assert_eq!(
            cookie.path(),
            Some("/"),
            "the session cookie needs `Path=/`: without it the browser scopes it to the login's \
             directory, `/auth`, and never sends it to `/me`; got `{cookie}`"
        );
    }

    #[tokio::test]
    async fn the_cookie_lives_thirty_minutes() {
        let cookie = login_as(&spawn_app().await, "ada").await;
        assert_eq!(
            cookie.max_age().map(|age| age.whole_seconds()),
            Some(SESSION_SECONDS),
            "the session cookie needs `Max-Age=1800`: Max-Age counts seconds, and 30 minutes is \
             1800 of them; without it the cookie lives until the browser closes (or forever, with \
             session restore); got `{cookie}`"
        );
    }

    #[tokio::test]
    async fn session_ids_are_long_and_unpredictable() {
        let base = spawn_app().await;
        let mut ids = Vec::new();
        for _ in 0..20 {
            ids.push(login_as(&base, "ada").await.value().to_owned());
        }
        for id in &ids {
            assert!(
                id.len() == 64 && id.chars().all(|c| c.is_ascii_hexdigit()),
                "a session id is 32 random bytes as 64 hex characters (256 bits, far beyond \
                 guessing); got {id:?}"
            );
        }
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                assert!(
                    a[..8] != b[..8],
                    "two of 20 session ids start with the same 8 characters ({a} and {b}): ids \
                     from a counter or the clock share their first characters, random ones do \
                     not. Take all 32 bytes from a CSPRNG"
                );
            }
        }
    }
}
