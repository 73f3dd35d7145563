//! # CSRF: a token tied to the session
//!
//! The bank's transfer form is authenticated by the session cookie alone, so any site the user
//! visits could post it for them (cross-site request forgery). Defend it with the synchronizer
//! token pattern:
//! - `new_csrf_token` returns 32 bytes from a cryptographically secure generator, as 64 hex
//!   characters; each session gets its own at login, and the form page puts it in a hidden field;
//! - `transfer` refuses a request without a session with `401`, and one whose `csrf_token` is
//!   missing or is not *this session's* token with `403`, before anything is transferred;
//! - the token is a secret: compare it in constant time (`subtle::ConstantTimeEq`), never `==`.
//!
//! Why it matters: the browser attaches the cookie to a forged request as readily as to a real
//! one; only a value the attacker's page cannot read, bound to the victim's session, tells them
//! apart. A token that any session would accept is worth nothing: the attacker has a session too.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use axum::{
    Form, Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

#[derive(Clone)]
pub struct Session {
    pub user: String,
    pub csrf_token: String,
}

#[derive(Clone, Serialize)]
pub struct Transfer {
    pub from: String,
    pub to: String,
    pub amount: u64,
}

#[derive(Clone, Default)]
pub struct AppState {
    sessions: Arc<Mutex<HashMap<String, Session>>>,
    transfers: Arc<Mutex<Vec<Transfer>>>,
}

#[derive(Deserialize)]
pub struct TransferForm {
    pub to: String,
    pub amount: u64,
    /// Empty when the form was posted without it.
    #[serde(default)]
    pub csrf_token: String,
}

#[derive(Deserialize)]
pub struct LoginForm {
    pub user: String,
}

/// A fresh CSRF token: 32 bytes from a CSPRNG, hex-encoded.
pub fn new_csrf_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// The session the request's `session` cookie names, if any.
fn current_session(state: &AppState, headers: &HeaderMap) -> Option<Session> {
    let id = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("session="))?;
    state.sessions.lock().ok()?.get(id).cloned()
}

fn record(state: &AppState, transfer: Transfer) -> Result<(), StatusCode> {
    let mut transfers = state
        .transfers
        .lock()
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    transfers.push(transfer);
    Ok(())
}

/// `POST /login` (the password check is left out): a new session with its own CSRF token.
async fn login(State(state): State<AppState>, Form(form): Form<LoginForm>) -> Response {
    let session_id = hex::encode(rand::random::<[u8; 32]>());
    let session = Session {
        user: form.user,
        csrf_token: new_csrf_token(),
    };
    let Ok(mut sessions) = state.sessions.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    sessions.insert(session_id.clone(), session);
    let cookie = format!("session={session_id}; HttpOnly; Secure; SameSite=Lax; Path=/");
    ([(header::SET_COOKIE, cookie)], "signed in").into_response()
}

/// `GET /transfer`: the form, with this session's token in a hidden field.
async fn transfer_form(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(session) = current_session(&state, &headers) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    // The token is hex that this server made, so it needs no escaping; text a user typed would.
    Html(format!(
        r#"<form method="post" action="/transfer">
<input type="hidden" name="csrf_token" value="{}">
<input name="to"> <input name="amount"> <button>Send</button>
</form>"#,
        session.csrf_token
    ))
    .into_response()
}

/// `POST /transfer`: moves money, for the session's user, if the form is genuine.
pub async fn transfer(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<TransferForm>,
) -> Response {
    let Some(session) = current_session(&state, &headers) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let genuine: bool = form
        .csrf_token
        .as_bytes()
        .ct_eq(session.csrf_token.as_bytes())
        .into();
    if !genuine {
        return (StatusCode::FORBIDDEN, "invalid CSRF token").into_response();
    }
    let transfer = Transfer {
        from: session.user,
        to: form.to,
        amount: form.amount,
    };
    match record(&state, transfer) {
        Ok(()) => (StatusCode::OK, "transfer sent").into_response(),
        Err(status) => status.into_response(),
    }
}

/// `GET /transfers`: the transfers the session's user made.
async fn transfers(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(session) = current_session(&state, &headers) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Ok(transfers) = state.transfers.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mine: Vec<Transfer> = transfers
        .iter()
        .filter(|transfer| transfer.from.as_str() == session.user.as_str())
        .cloned()
        .collect();
    Json(mine).into_response()
}

pub fn app() -> Router {
    Router::new()
        .route("/login", post(login))
        .route("/transfer", get(transfer_form).post(transfer))
        .route("/transfers", get(transfers))
        .with_state(AppState::default())
}

fn main() {
    // Checked by the tests: a victim, an attacker with a session of their own, forged forms.
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

    /// Signs `user` in; returns the `Cookie` header value of their session.
    async fn login_as(base: &str, user: &str) -> String {
        let response = client()
            .post(format!("{base}/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("user={user}"))
            .send()
            .await
            .expect("POST /login did not answer: did new_csrf_token panic? Look for `not yet implemented`");
        let set_cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .expect("POST /login sets the session cookie");
        set_cookie.split(';').next().unwrap_or_default().to_owned()
    }

    /// The CSRF token in the hidden field of the form page.
    async fn form_token(base: &str, cookie: &str) -> String {
        let page = client()
            .get(format!("{base}/transfer"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let start = page
            .find(r#"name="csrf_token" value=""#)
            .expect("the form page has the hidden csrf_token field")
            + r#"name="csrf_token" value=""#.len();
        page[start..]
            .split('"')
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    /// Posts the transfer form with `body`; returns the status.
    async fn post_transfer(base: &str, cookie: Option<&str>, body: &str) -> u16 {
        let mut request = client()
            .post(format!("{base}/transfer"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned());
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.expect(
            "POST /transfer did not answer: did a handler panic? Look for `not yet implemented`",
        );
        response.status().as_u16()
    }

    async fn transfer_count(base: &str, cookie: &str) -> usize {
        let list: Vec<serde_json::Value> = client()
            .get(format!("{base}/transfers"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        list.len()
    }

    #[tokio::test]
    async fn each_session_gets_its_own_random_token() {
        let base = spawn_app().await;
        let alice = login_as(&base, "alice").await;
        let mallory = login_as(&base, "mallory").await;
        let (a, m) = (
            form_token(&base, &alice).await,
            form_token(&base, &mallory).await,
        );
        for token in [&a, &m] {
            assert!(
                token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()),
                "new_csrf_token must return 32 random bytes as 64 hex characters, got {token:?}"
            );
        }
        assert_ne!(
            a, m,
            "two sessions got the same CSRF token: new_csrf_token must draw fresh random bytes \
             on every call"
        );
    }

    #[tokio::test]
    async fn the_sessions_own_token_lets_the_transfer_through() {
        let base = spawn_app().await;
        let alice = login_as(&base, "alice").await;
        let token = form_token(&base, &alice).await;
        let status = post_transfer(
            &base,
            Some(&alice),
            &format!("to=bob&amount=10&csrf_token={token}"),
        )
        .await;
        assert_eq!(
            status, 200,
            "the genuine form (session cookie and that session's csrf_token) must go through"
        );
        assert_eq!(
            transfer_count(&base, &alice).await,
            1,
            "an accepted transfer must be recorded for the session's user"
        );
    }

    #[tokio::test]
    async fn a_form_without_the_token_is_refused() {
        let base = spawn_app().await;
        let alice = login_as(&base, "alice").await;
        for body in ["to=mallory&amount=500", "to=mallory&amount=500&csrf_token="] {
            let status = post_transfer(&base, Some(&alice), body).await;
            assert_eq!(
                status, 403,
                "a forged form has no token (`{body}`): refuse it with 403 Forbidden; a check \
                 that only runs when a token is sent lets every forgery through"
            );
        }
        assert_eq!(
            transfer_count(&base, &alice).await,
            0,
            "a refused form must not transfer anything"
        );
    }

    #[tokio::test]
    async fn a_wrong_token_is_refused() {
        let base = spawn_app().await;
        let alice = login_as(&base, "alice").await;
        let token = form_token(&base, &alice).await;
        let last = if token.ends_with('0') { "1" } else { "0" };
        let changed = format!("{}{last}", &token[..token.len() - 1]);
        for forged in [changed.as_str(), &token[..32], "0"] {
            let status = post_transfer(
                &base,
                Some(&alice),
                &format!("to=mallory&amount=500&csrf_token={forged}"),
            )
            .await;
            assert_eq!(
                status, 403,
                "csrf_token `{forged}` is not the session's token: 403 Forbidden"
            );
        }
        assert_eq!(
            transfer_count(&base, &alice).await,
            0,
            "a refused form must not transfer anything"
        );
    }

    #[tokio::test]
    async fn another_sessions_token_is_refused() {
        let base = spawn_app().await;
        let alice = login_as(&base, "alice").await;
        let mallory = login_as(&base, "mallory").await;
        let mallorys_token = form_token(&base, &mallory).await;
        let status = post_transfer(
            &base,
            Some(&alice),
            &format!("to=mallory&amount=500&csrf_token={mallorys_token}"),
        )
        .await;
        assert_eq!(
            status, 403,
            "the attacker signed in and got a valid token for *their* session; with the \
             victim's cookie it must be refused (403): the token must be the one of the \
             session the cookie names, not any token the server ever issued"
        );
        assert_eq!(
            transfer_count(&base, &alice).await,
            0,
            "a refused form must not transfer anything"
        );
    }

    #[tokio::test]
    async fn a_form_without_a_session_is_401() {
        let base = spawn_app().await;
        let status = post_transfer(&base, None, "to=mallory&amount=500&csrf_token=abc").await;
        assert_eq!(
            status, 401,
            "no session cookie means nobody is signed in: 401 Unauthorized"
        );
        let status = post_transfer(
            &base,
            Some("session=not-a-session"),
            "to=mallory&amount=500&csrf_token=abc",
        )
        .await;
        assert_eq!(
            status, 401,
            "a cookie naming no session means nobody is signed in: 401 Unauthorized"
        );
    }
}
