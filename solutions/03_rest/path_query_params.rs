//! # Path and query parameters, validated and bounded
//!
//! Serve a read-only catalogue of 250 items:
//! - `GET /items/{id}` answers the item as JSON, `404` if no item has that id, and `400` if the
//!   id is not a non-negative integer (`/items/abc`).
//! - `GET /items?limit=&offset=` answers a JSON array of items: it skips the first `offset`
//!   items and lists the next `limit`. Both are optional: `offset` defaults to 0 and `limit` to
//!   20. A `limit` above 100 is capped to 100 (still `200`, with 100 items). `limit=0`, or a
//!   parameter that is not a non-negative integer (`limit=abc`, `offset=-1`), is `400` with a
//!   short message in the body.
//!
//! Why it matters: every parameter in a URL is untrusted input. Typed extractors reject garbage
//! before your code runs, and a capped page size stops one request from dumping (or timing out
//! on) a whole table.

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
    pub offset: Option<u32>,
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
    let offset = pagination.offset.unwrap_or(0);
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

    async fn get(path: &str) -> (u16, String) {
        let base = spawn_app().await;
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let response = client.get(format!("{base}{path}")).send().await.expect(
            "the server closed the connection without answering: did a handler panic? \
             Look for `not yet implemented` above",
        );
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// The ids of the items `GET path` lists; `rule` says why it must answer 200.
    async fn get_ids(path: &str, rule: &str) -> Vec<u64> {
        let (status, body) = get(path).await;
        assert_eq!(
            status, 200,
            "GET {path} should answer 200 OK with a page of items ({rule}), got {status}: {body}"
        );
        let items: Vec<Value> = serde_json::from_str(&body).unwrap_or_else(|e| {
            panic!("GET {path} should answer a JSON array of items ({e}): {body}")
        });
        items
            .iter()
            .map(|item| {
                item["id"]
                    .as_u64()
                    .unwrap_or_else(|| panic!("each item needs a numeric \"id\": {item}"))
            })
            .collect()
    }

    #[tokio::test]
    async fn get_item_by_id() {
        let (status, body) = get("/items/7").await;
        assert_eq!(status, 200, "GET /items/7 should find item 7: {body}");
        let item: Value = serde_json::from_str(&body).expect("the item should be JSON");
        assert_eq!(
            item["id"], 7,
            "GET /items/7 answered the wrong item: {body}"
        );
        assert_eq!(
            item["name"], "item 7",
            "GET /items/7 answered the wrong item: {body}"
        );
    }

    #[tokio::test]
    async fn unknown_id_is_404() {
        for path in ["/items/9999", "/items/0"] {
            let (status, _) = get(path).await;
            assert_eq!(
                status, 404,
                "GET {path}: a well-formed id that matches no item is 404 Not Found, not {status}"
            );
        }
    }

    #[tokio::test]
    async fn malformed_id_is_400() {
        for path in ["/items/abc", "/items/-1", "/items/1.5"] {
            let (status, _) = get(path).await;
            assert_eq!(
                status, 400,
                "GET {path}: an id that is not a non-negative integer is the client's mistake, \
                 400 Bad Request (let the `Path<u32>` extractor reject it), not {status}"
            );
        }
    }

    #[tokio::test]
    async fn list_defaults_to_first_20() {
        let ids = get_ids(
            "/items",
            "both parameters are optional: make the query fields `Option`s",
        )
        .await;
        assert_eq!(
            ids,
            (1..=20).collect::<Vec<_>>(),
            "GET /items without parameters should list items 1 to 20 (limit defaults to 20, \
             offset to 0)"
        );
        let ids = get_ids("/items?offset=30", "`limit` is optional").await;
        assert_eq!(
            ids,
            (31..=50).collect::<Vec<_>>(),
            "GET /items?offset=30 should list the 20 items after the first 30 (limit defaults \
             to 20)"
        );
        let ids = get_ids("/items?limit=3", "`offset` is optional").await;
        assert_eq!(
            ids,
            vec![1, 2, 3],
            "GET /items?limit=3 should list items 1 to 3 (offset defaults to 0)"
        );
    }

    #[tokio::test]
    async fn list_with_limit_and_offset() {
        let ids = get_ids("/items?limit=5&offset=10", "both parameters are valid").await;
        assert_eq!(
            ids,
            vec![11, 12, 13, 14, 15],
            "GET /items?limit=5&offset=10 should skip 10 items and return the next 5 \
             (`offset` counts items, not pages)"
        );
        let ids = get_ids("/items?offset=245", "`limit` is optional").await;
        assert_eq!(
            ids,
            vec![246, 247, 248, 249, 250],
            "GET /items?offset=245: the last page is shorter"
        );
        let ids = get_ids("/items?offset=1000", "an offset past the end is valid").await;
        assert!(
            ids.is_empty(),
            "an offset past the end gives an empty list, got {ids:?}"
        );
    }

    #[tokio::test]
    async fn limit_is_capped_at_100() {
        for limit in [100, 101, 1000] {
            let path = format!("/items?limit={limit}");
            let ids = get_ids(
                &path,
                "a limit above 100 is capped to 100, not refused: the client still gets a page",
            )
            .await;
            assert_eq!(
                ids,
                (1..=100).collect::<Vec<_>>(),
                "GET {path} must answer items 1 to 100: a limit is capped at 100 items, so that \
                 no client can ask for an unbounded page"
            );
        }
    }

    #[tokio::test]
    async fn invalid_limit_is_400() {
        for path in ["/items?limit=0", "/items?limit=abc", "/items?limit=-5"] {
            let (status, body) = get(path).await;
            assert_eq!(
                status, 400,
                "GET {path}: a limit that is not a positive integer is 400 Bad Request, \
                 not {status}"
            );
            assert!(
                !body.trim().is_empty(),
                "GET {path}: the 400 answer should say what is wrong in its body (a short \
                 message), got an empty body"
            );
        }
    }

    #[tokio::test]
    async fn invalid_offset_is_400() {
        for path in ["/items?offset=abc", "/items?offset=-1"] {
            let (status, _) = get(path).await;
            assert_eq!(
                status, 400,
                "GET {path}: an offset that is not a non-negative integer is 400 Bad Request, \
                 not {status}: do not silently read it as 0"
            );
        }
    }
}
