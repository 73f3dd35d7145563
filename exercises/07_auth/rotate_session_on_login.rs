//! # A new session id on login
//!
//! Visitors get a session before they log in (it holds their cart). Complete `login` so that it
//! never keeps the id the browser came with: it creates a session under a NEW id, moves the cart
//! over, records the user, deletes the old id from the store, and sends the new id in the cookie.
//! Why it matters: session fixation. An attacker who plants an id in your browser (a link on a
//! shared computer, a subdomain that sets cookies, an id the server accepts from the client)
//! waits until you log in; if the id survives the login, the attacker is logged in as you.

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
    // TODO: log the visitor in under a NEW session id:
    // - take the old session (if the cookie names one) out of `sessions`: its id must stop
    //   working, and an id the server never issued must not be adopted;
    // - insert a `Session` with the user and the old cart under `new_session_id()`;
    // - answer 204 with `jar.add(session_cookie(id))` so the browser learns the new id.
    let _ = (&mut sessions, jar, login);
    todo!()
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    async fn spawn_app() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
        format!("http://{addr}")
    }

    /// Sends a request with `session` (if any) as the cookie; returns the status, the session
    /// id in `Set-Cookie` (if any) and the body.
    async fn send(
        base: &str,
        method: &str,
        path: &str,
        session: Option<&str>,
        body: Value,
    ) -> (u16, Option<String>, String) {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let mut request = match method {
            "POST" => client.post(format!("{base}{path}")).json(&body),
            _ => client.get(format!("{base}{path}")),
        };
        if let Some(id) = session {
            request = request.header("cookie", format!("session={id}"));
        }
        let response = request.send().await.expect(
            "the server closed the connection without answering: did a handler panic? Look for \
             `not yet implemented` above",
        );
        let status = response.status().as_u16();
        let set = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| cookie::Cookie::parse(v.to_owned()).ok())
            .map(|c| c.value().to_owned());
        (status, set, response.text().await.unwrap())
    }

    /// A visitor puts "book" in the cart; returns the anonymous session id.
    async fn anonymous_cart(base: &str) -> String {
        let (status, id, _) = send(base, "POST", "/cart", None, json!({"item": "book"})).await;
        assert_eq!(status, 204, "POST /cart answers 204");
        id.expect("the first POST /cart sets a session cookie")
    }

    async fn log_in(base: &str, session: Option<&str>, user: &str) -> String {
        let (status, id, body) = send(base, "POST", "/login", session, json!({"user": user})).await;
        assert_eq!(status, 204, "POST /login answers 204 No Content ({body})");
        // Without a Set-Cookie the browser keeps the cookie it had.
        id.or(session.map(str::to_owned)).expect(
            "the login response must set the session cookie (`Set-Cookie: session=<new id>`): the \
             browser needs to learn the new id",
        )
    }

    #[tokio::test]
    async fn login_issues_a_new_id() {
        let base = spawn_app().await;
        let before = anonymous_cart(&base).await;
        let after = log_in(&base, Some(&before), "ada").await;
        assert_ne!(
            after, before,
            "login must issue a new session id: keeping the one the browser came with lets an \
             attacker who planted it ride on your login (session fixation)"
        );
        let (status, _, body) = send(&base, "GET", "/me", Some(&after), json!({})).await;
        assert_eq!(status, 200, "GET /me with the new id must be logged in");
        let me: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            me["user"], "ada",
            "the new session belongs to the user who logged in"
        );
    }

    #[tokio::test]
    async fn the_cart_moves_to_the_new_id() {
        let base = spawn_app().await;
        let before = anonymous_cart(&base).await;
        let after = log_in(&base, Some(&before), "ada").await;
        let (_, _, body) = send(&base, "GET", "/me", Some(&after), json!({})).await;
        let me: Value = serde_json::from_str(&body).unwrap_or_default();
        assert_eq!(
            me["cart"],
            json!(["book"]),
            "carry the cart over to the new session: a new id, not a new, empty session ({body})"
        );
    }

    #[tokio::test]
    async fn the_old_id_stops_working() {
        let base = spawn_app().await;
        let before = anonymous_cart(&base).await;
        let first = log_in(&base, Some(&before), "ada").await;
        let (status, _, body) = send(&base, "GET", "/me", Some(&before), json!({})).await;
        assert_eq!(
            status, 401,
            "the old id must stop working after the login (delete it from the store) ({body})"
        );
        // Logging in again (a re-authentication, a switch of account) rotates the id too.
        let second = log_in(&base, Some(&first), "ada").await;
        assert_ne!(second, first, "every login issues a new session id");
        let (status, _, body) = send(&base, "GET", "/me", Some(&first), json!({})).await;
        assert_eq!(
            status, 401,
            "the old id must stop working after the login (delete it from the store): whoever \
             holds the previous, logged-in id would otherwise still be logged in as ada ({body})"
        );
    }

    #[tokio::test]
    async fn an_id_the_server_never_issued_is_not_adopted() {
        let base = spawn_app().await;
        let planted = "a".repeat(64);
        let after = log_in(&base, Some(&planted), "ada").await;
        assert_ne!(
            after, planted,
            "an id the server never issued (planted by an attacker) must not become the logged-in \
             session: create a new id whatever the browser sent"
        );
        let (status, _, _) = send(&base, "GET", "/me", Some(&planted), json!({})).await;
        assert_eq!(
            status, 401,
            "the planted id must not be logged in: the attacker knows it"
        );
    }

    #[tokio::test]
    async fn other_sessions_are_left_alone() {
        let base = spawn_app().await;
        let bob = log_in(&base, None, "bob").await;
        let before = anonymous_cart(&base).await;
        log_in(&base, Some(&before), "ada").await;
        let (status, _, body) = send(&base, "GET", "/me", Some(&bob), json!({})).await;
        assert_eq!(
            status, 200,
            "ada's login must retire only her own old id: bob's session must still work"
        );
        let me: Value = serde_json::from_str(&body).unwrap_or_default();
        assert_eq!(me["user"], "bob", "bob's session is still bob's");
    }

    #[tokio::test]
    async fn login_without_a_session_works() {
        let base = spawn_app().await;
        let id = log_in(&base, None, "ada").await;
        let (status, _, _) = send(&base, "GET", "/me", Some(&id), json!({})).await;
        assert_eq!(
            status, 200,
            "a login without a previous session starts a logged-in one"
        );
    }
}
