//! # One error type that turns into the right response
//!
//! Handlers return `Result<_, AppError>` and use `?`; `impl IntoResponse for AppError` decides
//! what the client sees. Make `AppError::NotFound` answer `404` and `AppError::Internal` answer
//! `500`, both with a JSON body `{"error": "..."}`. The 500 body must be a generic message: the
//! internal error (a database message, a file path, a host name) goes to the log, logged with
//! its message at ERROR level (`tracing::error!`), never to the client.
//!
//! Why it matters: internal error text tells an attacker which database, paths and hosts you run
//! (OWASP calls this "improper error handling"), and it changes whenever a library does.
//! Centralising the mapping in one `IntoResponse` keeps every handler consistent.

use std::{collections::HashMap, sync::Arc};

use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize)]
pub struct Order {
    pub id: u64,
    pub item: String,
    pub quantity: u32,
}

/// A storage failure, with details meant for operators only.
#[derive(Debug, thiserror::Error)]
#[error("order storage failed: {0}")]
pub struct StoreError(pub String);

/// Where orders live. The tests plug in a store that works and one that fails.
pub trait OrderStore: Send + Sync {
    fn find(&self, id: u64) -> Result<Option<Order>, StoreError>;
}

/// A store in memory.
impl OrderStore for HashMap<u64, Order> {
    fn find(&self, id: u64) -> Result<Option<Order>, StoreError> {
        Ok(self.get(&id).cloned())
    }
}

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Internal(#[from] StoreError),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "not found"),
            AppError::Internal(err) => {
                tracing::error!(error = %err, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
            }
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}

/// `GET /orders/{id}`: `?` converts a `StoreError` into `AppError::Internal` (see `#[from]`).
pub async fn get_order(
    State(store): State<Arc<dyn OrderStore>>,
    Path(id): Path<u64>,
) -> Result<Json<Order>, AppError> {
    let order = store.find(id)?.ok_or(AppError::NotFound)?;
    Ok(Json(order))
}

pub fn app(store: Arc<dyn OrderStore>) -> Router {
    Router::new()
        .route("/orders/{id}", get(get_order))
        .with_state(store)
}

fn main() {
    // Checked by the tests: `GET /orders/{id}` against a working and a failing store.
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// What a real driver error looks like: full of details an attacker would love.
    const INTERNAL_DETAIL: &str = "connection to postgres://orders_rw@db-7.internal:5432 \
                                   refused: password authentication failed";

    struct BrokenStore;

    impl OrderStore for BrokenStore {
        fn find(&self, _id: u64) -> Result<Option<Order>, StoreError> {
            Err(StoreError(INTERNAL_DETAIL.to_owned()))
        }
    }

    fn working_store() -> Arc<dyn OrderStore> {
        let order = Order {
            id: 1,
            item: "keyboard".to_owned(),
            quantity: 2,
        };
        Arc::new(HashMap::from([(1, order)]))
    }

    /// Starts the app on a free port and answers (status, content type, body) of `GET path`.
    async fn get(store: Arc<dyn OrderStore>, path: &str) -> (u16, String, String) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app(store)).await.unwrap() });
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let response = client
            .get(format!("http://{addr}{path}"))
            .send()
            .await
            .expect(
                "the server closed the connection without answering: did `into_response` panic? \
             Look for `not yet implemented` above",
            );
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        (status, content_type, response.text().await.unwrap())
    }

    fn assert_json_error(content_type: &str, body: &str, what: &str) {
        assert!(
            content_type.starts_with("application/json"),
            "{what}: the error body must be JSON (`content-type: application/json`), got \
             `{content_type}`: return `Json(...)` from `into_response`"
        );
        let json: Value = serde_json::from_str(body)
            .unwrap_or_else(|e| panic!("{what}: the error body is not valid JSON ({e}): {body}"));
        assert!(
            json["error"].as_str().is_some_and(|m| !m.is_empty()),
            "{what}: the error body must look like {{\"error\": \"...\"}}, got {body}"
        );
    }

    #[tokio::test]
    async fn found_order_is_200() {
        let (status, _, body) = get(working_store(), "/orders/1").await;
        assert_eq!(status, 200, "GET /orders/1 should find the order: {body}");
        let order: Value = serde_json::from_str(&body).expect("the order should be JSON");
        assert_eq!(order["item"], "keyboard", "wrong order: {body}");
    }

    #[tokio::test]
    async fn missing_order_is_404_with_json_error() {
        let (status, content_type, body) = get(working_store(), "/orders/42").await;
        assert_eq!(
            status, 404,
            "AppError::NotFound must answer 404 Not Found, got {status}: {body}"
        );
        assert_json_error(&content_type, &body, "404");
    }

    #[tokio::test]
    async fn store_failure_is_500_with_json_error() {
        let (status, content_type, body) = get(Arc::new(BrokenStore), "/orders/1").await;
        assert_eq!(
            status, 500,
            "a failing store is the server's fault: AppError::Internal must answer \
             500 Internal Server Error, got {status}: {body}"
        );
        assert_json_error(&content_type, &body, "500");
    }

    /// A log destination the tests can read: what `tracing` writes while `logs_of` runs.
    #[derive(Clone, Default)]
    struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Runs `f` with a subscriber that records every event on this thread; answers the lines.
    fn logs_of(f: impl FnOnce()) -> String {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .without_time()
            .finish();
        tracing::subscriber::with_default(subscriber, f);
        String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned()
    }

    #[test]
    fn store_failure_is_logged_as_an_error() {
        let logs = logs_of(|| {
            let _ = AppError::Internal(StoreError(INTERNAL_DETAIL.to_owned())).into_response();
        });
        let line = logs.lines().find(|line| line.contains(INTERNAL_DETAIL));
        let line = line.unwrap_or_else(|| {
            panic!(
                "the internal error goes to the log: `into_response` must log the `Internal` \
                 error (with its message) using `tracing::error!`, for the operators who will \
                 debug it. Logged:\n{logs}"
            )
        });
        assert!(
            line.trim_start().starts_with("ERROR"),
            "a failing store is logged at ERROR level (`tracing::error!`), so that alerts and \
             operators see it; logged:\n{line}"
        );
    }

    #[tokio::test]
    async fn store_failure_does_not_leak_details() {
        let (_, _, body) = get(Arc::new(BrokenStore), "/orders/1").await;
        for secret in [
            "db-7.internal",
            "postgres://",
            "password",
            "order storage failed",
        ] {
            assert!(
                !body.contains(secret),
                "the 500 body leaks the internal error (`{secret}` in `{body}`): log the error \
                 with `tracing::error!` and send the client a generic message such as \
                 \"internal server error\""
            );
        }
    }
}
