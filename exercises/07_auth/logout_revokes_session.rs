//! # Logout revokes the session on the server
//!
//! Complete `logout` (`POST /auth/logout`): delete the session from the server's store, then
//! tell the browser to drop the cookie with a removal cookie (`Max-Age=0`) for the same name and
//! `Path=/`. Answer `204 No Content`, also when there is no session (logging out twice is fine).
//! Why it matters: deleting only the cookie is a request the browser may ignore, and does
//! nothing to a copy: a stolen cookie, a proxy log, another tab. Until the server forgets the id,
//! whoever holds it is still logged in.

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
    // TODO: if the request has a session cookie, remove its id from `sessions` (the server
    // forgets the session), then answer 204 with `jar.remove(..)` of a cookie named
    // SESSION_COOKIE with `Path=/`, the path the login set.
    let _ = (sessions, jar);
    todo!()
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

    async fn log_in(base: &str, user: &str) -> String {
        let response = client()
            .post(format!("{base}/auth/login"))
            .json(&serde_json::json!({ "user": user }))
            .send()
            .await
            .unwrap();
        let header = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned();
        cookie::Cookie::parse(header).unwrap().value().to_owned()
    }

    /// `POST /auth/logout` with `session` as the cookie; the status and every `Set-Cookie`.
    async fn log_out(base: &str, session: Option<&str>) -> (u16, Vec<String>) {
        let mut request = client().post(format!("{base}/auth/logout"));
        if let Some(id) = session {
            request = request.header("cookie", format!("session={id}"));
        }
        let response = request.send().await.expect(
            "the server closed the connection without answering: did the handler panic? Look \
             for `not yet implemented` (or an unwrap on a missing cookie) above",
        );
        let set_cookies = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect();
        (response.status().as_u16(), set_cookies)
    }

    async fn me(base: &str, session: &str) -> u16 {
        client()
            .get(format!("{base}/me"))
            .header("cookie", format!("session={session}"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    #[tokio::test]
    async fn a_copy_of_the_cookie_is_dead_after_logout() {
        let base = spawn_app().await;
        let id = log_in(&base, "ada").await;
        assert_eq!(me(&base, &id).await, 200, "logged in before the logout");
        let (status, _) = log_out(&base, Some(&id)).await;
        assert_eq!(status, 204, "POST /auth/logout answers 204 No Content");
        assert_eq!(
            me(&base, &id).await,
            401,
            "after logout the old session id must be refused: delete the session from the \
             server's store. Removing the cookie alone leaves every copy of it (a stolen cookie, \
             another tab) logged in"
        );
    }

    #[tokio::test]
    async fn the_browser_is_told_to_drop_the_cookie() {
        let base = spawn_app().await;
        let id = log_in(&base, "ada").await;
        let (_, set_cookies) = log_out(&base, Some(&id)).await;
        let removal = set_cookies
            .iter()
            .filter_map(|h| cookie::Cookie::parse(h.clone()).ok())
            .find(|c| c.name() == "session")
            .unwrap_or_else(|| {
                panic!(
                    "the logout response needs a `Set-Cookie: session=...; Max-Age=0; Path=/` that \
                     removes the cookie from the browser (`jar.remove(..)`); got {set_cookies:?}"
                )
            });
        let expired = removal.max_age().is_some_and(|age| age.is_zero())
            || removal
                .expires_datetime()
                .is_some_and(|at| at < cookie::time::OffsetDateTime::now_utc());
        assert!(
            expired,
            "the removal cookie needs `Max-Age=0` (or an Expires in the past): an empty value \
             alone is still a cookie; got `{removal}`"
        );
        assert_eq!(
            removal.path(),
            Some("/"),
            "the removal cookie needs the same `Path=/` as the session cookie: the browser only \
             replaces a cookie of the same name and path, and without one it scopes the removal \
             to /auth; got `{removal}`"
        );
    }

    #[tokio::test]
    async fn only_this_session_is_revoked() {
        let base = spawn_app().await;
        let ada = log_in(&base, "ada").await;
        let bob = log_in(&base, "bob").await;
        log_out(&base, Some(&ada)).await;
        assert_eq!(
            me(&base, &bob).await,
            200,
            "ada's logout must revoke ada's session only: bob stays logged in"
        );
    }

    #[tokio::test]
    async fn logging_out_without_a_session_is_fine() {
        let base = spawn_app().await;
        let (status, _) = log_out(&base, None).await;
        assert_eq!(
            status, 204,
            "logout without a session cookie still answers 204: there is nothing to revoke"
        );
        let (status, _) = log_out(&base, Some("not-a-session")).await;
        assert_eq!(
            status, 204,
            "logout with an unknown session id answers 204 too (logging out twice is fine)"
        );
    }
}
