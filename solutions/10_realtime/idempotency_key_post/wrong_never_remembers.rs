//! wrong: reads the key but never looks it up, so every retry charges again
//! expect: the same request retried has exactly one effect
//! # Idempotency keys: a retried POST has exactly one effect
//!
//! A client sends `POST /payments`, the connection drops before the answer arrives, and the
//! client does not know whether the payment went through. If it retries, the server must not
//! charge twice. The client sends an `Idempotency-Key` header (a fresh random value per
//! operation, the same on every retry of it); finish `create_payment`:
//!
//! - without an `Idempotency-Key` header the request is refused: `400 Bad Request`;
//! - the first request with a key charges once (`charge`) and answers `201 Created` with the
//!   payment as JSON (`{"id", "amount", "to"}`);
//! - the same key with the same body, retried, charges nothing and gets the same answer: the
//!   same status and the same body;
//! - the same key with a different body is a client bug: `422 Unprocessable Content`, nothing
//!   charged;
//! - a retry that arrives while the first request with its key is still being processed gets
//!   `409 Conflict` and charges nothing (the key is taken before `charge` starts).
//!
//! Every error answers a JSON body `{"error": "..."}`.
//!
//! Why it matters: Stripe, PayPal and most payment and order APIs work this way (the IETF
//! `Idempotency-Key` header draft), because networks fail in the middle and clients retry.

use std::collections::HashMap;
#[allow(unused_imports)]
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
};
use futures::future::BoxFuture;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct NewPayment {
    pub amount: u64,
    pub to: String,
}

/// Charges a payment and returns its id: the effect that must happen once.
pub type Charge = Arc<dyn Fn(NewPayment) -> BoxFuture<'static, u64> + Send + Sync>;

/// What the server remembers about a key.
enum Stored {
    /// The first request with this key is being processed.
    InFlight(NewPayment),
    /// The first request with this key was answered with this status and body.
    Done(NewPayment, StatusCode, Value),
}

#[derive(Clone)]
pub struct AppState {
    charge: Charge,
    keys: Arc<Mutex<HashMap<String, Stored>>>,
}

pub fn app(charge: Charge) -> Router {
    let state = AppState {
        charge,
        keys: Arc::default(),
    };
    Router::new()
        .route("/payments", post(create_payment))
        .with_state(state)
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// `POST /payments`: charges once per idempotency key.
pub async fn create_payment(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(payment): Json<NewPayment>,
) -> Response {
    let Some(key) = headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "an Idempotency-Key header is required",
        );
    };
    let _ = key;
    let id = (state.charge)(payment.clone()).await;
    let body = json!({ "id": id, "amount": payment.amount, "to": payment.to });
    (StatusCode::CREATED, Json(body)).into_response()
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let next_id = Arc::new(std::sync::atomic::AtomicU64::new(1));
    let charge: Charge = Arc::new(move |_payment| {
        let id = next_id.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Box::pin(async move { id })
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(charge)).await
}

