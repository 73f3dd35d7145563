//! wrong: logs that something failed, but not the error itself
//! expect: must log the `Internal` error (with its message)

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
            AppError::Internal(_) => {
                tracing::error!("request failed: internal error");
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
