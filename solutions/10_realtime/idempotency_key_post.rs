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
    {
        let mut keys = state
            .keys
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match keys.get(&key) {
            Some(Stored::InFlight(first) | Stored::Done(first, ..)) if *first != payment => {
                return error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "this Idempotency-Key was used with a different request",
                );
            }
            Some(Stored::InFlight(_)) => {
                return error(
                    StatusCode::CONFLICT,
                    "a request with this Idempotency-Key is still being processed",
                );
            }
            Some(Stored::Done(_, status, body)) => {
                return (*status, Json(body.clone())).into_response();
            }
            // Take the key before charging, so a concurrent retry sees it.
            None => {
                keys.insert(key.clone(), Stored::InFlight(payment.clone()));
            }
        }
    }
    let id = (state.charge)(payment.clone()).await;
    let body = json!({ "id": id, "amount": payment.amount, "to": payment.to });
    let status = StatusCode::CREATED;
    state
        .keys
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(key, Stored::Done(payment, status, body.clone()));
    (status, Json(body)).into_response()
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, http::Request};
    use std::sync::atomic::{AtomicU64, Ordering};
    use tokio::sync::{Semaphore, mpsc};
    use tower::ServiceExt;

    /// A charge that counts its calls and returns ids 101, 102, ...
    fn counting() -> (Charge, Arc<AtomicU64>) {
        let calls = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&calls);
        let charge: Charge = Arc::new(move |_payment| {
            let id = 101 + counter.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move { id })
        });
        (charge, calls)
    }

    async fn post(app: &Router, key: Option<&str>, body: Value) -> (u16, Value) {
        let mut request = Request::post("/payments").header("content-type", "application/json");
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        let response = app
            .clone()
            .oneshot(request.body(Body::from(body.to_string())).unwrap())
            .await
            .unwrap();
        let status = response.status().as_u16();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    fn pay(amount: u64, to: &str) -> Value {
        json!({ "amount": amount, "to": to })
    }

    #[tokio::test]
    async fn a_post_without_a_key_is_refused() {
        let (charge, calls) = counting();
        let app = app(charge);
        let (status, body) = post(&app, None, pay(500, "acme")).await;
        assert_eq!(
            status, 400,
            "a POST without an Idempotency-Key header is refused with 400 Bad Request"
        );
        assert!(
            body["error"].is_string(),
            "an error answers a JSON body {{\"error\": \"...\"}}, got {body}"
        );
        assert_eq!(
            calls.load(Ordering::SeqCst),
            0,
            "a POST without an Idempotency-Key header charges nothing"
        );
    }

    #[tokio::test]
    async fn the_first_request_with_a_key_charges_once() {
        let (charge, calls) = counting();
        let app = app(charge);
        let (status, body) = post(&app, Some("k-1"), pay(500, "acme")).await;
        assert_eq!(
            status, 201,
            "the first request with a key answers 201 Created"
        );
        assert_eq!(
            body,
            json!({ "id": 101, "amount": 500, "to": "acme" }),
            "the answer is the payment as JSON, with the id `charge` returned"
        );
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "the first request charges once"
        );
    }

    #[tokio::test]
    async fn the_same_request_retried_has_one_effect_and_the_same_answer() {
        let (charge, calls) = counting();
        let app = app(charge);
        let first = post(&app, Some("k-1"), pay(500, "acme")).await;
        for retry in 1..=3 {
            let again = post(&app, Some("k-1"), pay(500, "acme")).await;
            assert_eq!(
                calls.load(Ordering::SeqCst),
                1,
                "the same request retried has exactly one effect: retry {retry} charged again"
            );
            assert_eq!(
                again.0, first.0,
                "a retry gets the same answer: the same status as the first time ({})",
                first.0
            );
            assert_eq!(
                again.1, first.1,
                "a retry gets the same answer: the same body as the first time"
            );
        }
        let other = post(&app, Some("k-2"), pay(500, "acme")).await;
        assert_eq!(
            (other.0, calls.load(Ordering::SeqCst)),
            (201, 2),
            "another key is another operation: the same payment with a new key charges again"
        );
        assert_eq!(
            other.1["id"], 102,
            "another key gets its own payment, got {}",
            other.1
        );
    }

    #[tokio::test]
    async fn a_key_reused_with_a_different_body_is_refused() {
        let (charge, calls) = counting();
        let app = app(charge);
        post(&app, Some("k-1"), pay(500, "acme")).await;
        let (status, body) = post(&app, Some("k-1"), pay(900, "acme")).await;
        assert_eq!(
            status, 422,
            "a key reused with a different body is a client bug: 422 Unprocessable Content, \
             not the first request's answer"
        );
        assert!(
            body["error"].is_string(),
            "an error answers a JSON body {{\"error\": \"...\"}}, got {body}"
        );
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "a key reused with a different body charges nothing"
        );
    }

    #[tokio::test]
    async fn a_retry_while_the_first_is_in_flight_is_a_conflict() {
        // The first charge tells the test when it starts, and finishes only when the test
        // says so; any later one finishes at once.
        let (started_tx, mut started) = mpsc::unbounded_channel();
        let release = Arc::new(Semaphore::new(0));
        let calls = Arc::new(AtomicU64::new(0));
        let charge: Charge = {
            let (release, calls) = (Arc::clone(&release), Arc::clone(&calls));
            Arc::new(move |_payment| {
                let call = calls.fetch_add(1, Ordering::SeqCst);
                let (started_tx, release) = (started_tx.clone(), Arc::clone(&release));
                Box::pin(async move {
                    if call == 0 {
                        let _ = started_tx.send(());
                        release.acquire().await.unwrap().forget();
                    }
                    101 + call
                })
            })
        };
        let app = app(charge);
        let first = tokio::spawn({
            let app = app.clone();
            async move { post(&app, Some("k-1"), pay(500, "acme")).await }
        });
        started.recv().await.expect("the first request charges");
        let (status, body) = post(&app, Some("k-1"), pay(500, "acme")).await;
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "a retry that arrives while the first request is still in flight charges nothing: \
             take the key before calling `charge`"
        );
        assert_eq!(
            status, 409,
            "a retry that arrives while the first request is still in flight is 409 Conflict"
        );
        assert!(
            body["error"].is_string(),
            "an error answers a JSON body {{\"error\": \"...\"}}, got {body}"
        );
        release.add_permits(1);
        let (status, _) = first.await.unwrap();
        assert_eq!(
            status, 201,
            "the first request still completes: 201 Created"
        );
        let (status, body) = post(&app, Some("k-1"), pay(500, "acme")).await;
        assert_eq!(
            (status, body["id"].clone()),
            (201, json!(101)),
            "once the first request is answered, a retry gets its answer"
        );
    }
}
