//! wrong: records the transfer first, then refuses the forged form
//! expect: a refused form must not transfer anything
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
    let _ = record(
        &state,
        Transfer {
            from: session.user.clone(),
            to: form.to.clone(),
            amount: form.amount,
        },
    );
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
    let _ = transfer;
    (StatusCode::OK, "transfer sent").into_response()
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
