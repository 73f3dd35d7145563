//! wrong: makes only limit optional; a request without offset is rejected
//! expect: both parameters are optional

use axum::{
    Json, Router,
    extract::{Path, Query},
    http::StatusCode,
    routing::get,
};
use serde::{Deserialize, Serialize};

pub const CATALOG_SIZE: u32 = 250;
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

#[derive(Debug, Serialize)]
pub struct Item {
    pub id: u32,
    pub name: String,
}

/// The "database": items 1 to 250.
pub fn find_item(id: u32) -> Option<Item> {
    (1..=CATALOG_SIZE).contains(&id).then(|| Item {
        id,
        name: format!("item {id}"),
    })
}

/// Up to `limit` items, skipping the first `offset`.
pub fn page(offset: u32, limit: u32) -> Vec<Item> {
    (1..=CATALOG_SIZE)
        .skip(offset as usize)
        .take(limit as usize)
        .filter_map(find_item)
        .collect()
}

/// The query string of `GET /items`. A missing parameter must not be an error.
#[derive(Debug, Deserialize)]
pub struct Pagination {
    pub limit: Option<u32>,
    pub offset: u32,
}

/// `GET /items/{id}`
pub async fn get_item(Path(id): Path<u32>) -> Result<Json<Item>, StatusCode> {
    find_item(id).map(Json).ok_or(StatusCode::NOT_FOUND)
}

/// `GET /items?limit=&offset=`
pub async fn list_items(
    Query(pagination): Query<Pagination>,
) -> Result<Json<Vec<Item>>, (StatusCode, &'static str)> {
    let limit = match pagination.limit {
        None => DEFAULT_LIMIT,
        Some(0) => return Err((StatusCode::BAD_REQUEST, "limit must be at least 1")),
        Some(limit) => limit.min(MAX_LIMIT),
    };
    let offset = pagination.offset;
    Ok(Json(page(offset, limit)))
}

pub fn app() -> Router {
    Router::new()
        .route("/items", get(list_items))
        .route("/items/{id}", get(get_item))
}

fn main() {
    // Checked by the tests: `GET /items/{id}` and `GET /items` are described at the top.
}
