//! # Many requests at once, but never more than `limit`
//!
//! Write `fetch_products`: fetch `GET {base}/products/{id}` for every id, with up to `limit`
//! requests in flight at the same time, and return the products in the order of `ids`
//! (whatever order the answers arrive in). Stop at the first error.
//!
//! Why it matters: one request after another wastes time waiting on the network; all of them at
//! once opens hundreds of connections, trips the other service's rate limits, or knocks it over.
//! A bounded number of requests in flight is the polite and fast middle, and a stream with
//! `buffered(limit)` gives it to you in a few lines.

// The tests call these items; `main` does not.
#![allow(dead_code)]

use futures::{StreamExt, TryStreamExt, stream};
use reqwest::Client;
use serde::Deserialize;

#[derive(Debug, PartialEq, Deserialize)]
pub struct Product {
    pub id: u64,
    pub name: String,
}

/// Every product of `ids`, in the order of `ids`, with at most `limit` requests in flight.
pub async fn fetch_products(
    client: &Client,
    base: &str,
    ids: &[u64],
    limit: usize,
) -> reqwest::Result<Vec<Product>> {
    // TODO: turn `ids` into a stream (`stream::iter`) and `map` each id to a future that GETs
    //   `{base}/products/{id}`, turns an error status into an error and decodes the JSON.
    //   (`async move { ... }` inside the closure; `client` and `base` are references, so
    //   moving them into each future is fine.)
    // TODO: let at most `limit` of those futures run at once, keeping input order, and collect
    //   the results, stopping at the first error (`try_collect`).
    todo!()
}

fn main() {
    // The tests start a product server that counts requests in flight, and call
    // `fetch_products` against it.
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Json;
    use axum::Router;
    use axum::extract::{Path, State};
    use axum::routing::get;
    use serde_json::{Value, json};
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    use tokio::sync::watch;

    /// What the test server observes.
    struct Tracker {
        /// How many requests the server must see in flight at once before it answers any.
        expected_limit: usize,
        in_flight: AtomicUsize,
        max_in_flight: AtomicUsize,
        /// Becomes true, for good, once `expected_limit` requests were in flight together.
        gate: watch::Sender<bool>,
        requested: Mutex<Vec<u64>>,
    }

    async fn product(State(tracker): State<Arc<Tracker>>, Path(id): Path<u64>) -> Json<Value> {
        tracker.requested.lock().unwrap().push(id);
        let now = tracker.in_flight.fetch_add(1, SeqCst) + 1;
        tracker.max_in_flight.fetch_max(now, SeqCst);
        if now >= tracker.expected_limit {
            tracker.gate.send_replace(true);
        }
        // Hold every request until `expected_limit` of them are in flight together. This is
        // what proves the client sends them concurrently, without relying on timing.
        let _ = tracker.gate.subscribe().wait_for(|open| *open).await;
        // Then keep each one a little longer, so that a client sending more than the limit
        // would be seen overlapping; and answer higher ids sooner, so that answers arrive in a
        // different order than they were asked for.
        let extra = 5 * (10 - id.min(10));
        tokio::time::sleep(Duration::from_millis(30 + extra)).await;
        tracker.in_flight.fetch_sub(1, SeqCst);
        Json(json!({"id": id, "name": format!("product {id}")}))
    }

    /// Starts the product server and runs `fetch_products(ids, limit)` against it.
    async fn run(ids: &[u64], limit: usize) {
        let (gate, _) = watch::channel(false);
        let tracker = Arc::new(Tracker {
            expected_limit: limit.min(ids.len()),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            gate,
            requested: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .route("/products/{id}", get(product))
            .with_state(tracker.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });

        let result = tokio::time::timeout(
            Duration::from_secs(2),
            fetch_products(&Client::new(), &base, ids, limit),
        )
        .await;

        let max = tracker.max_in_flight.load(SeqCst);
        let result = result.unwrap_or_else(|_| {
            panic!(
                "fetch_products did not finish: at most {max} request(s) were in flight at once, \
                 and the server waits until {} are before it answers. Send up to `limit` \
                 requests concurrently (stream::iter(..).map(..).buffered(limit)), not one \
                 after another",
                tracker.expected_limit
            )
        });
        assert!(
            max <= limit,
            "{max} requests were in flight at once, but the limit is {limit}: never start more \
             than `limit` requests before earlier ones have finished"
        );
        let mut requested = tracker.requested.lock().unwrap().clone();
        requested.sort_unstable();
        let mut expected = ids.to_vec();
        expected.sort_unstable();
        assert_eq!(requested, expected, "fetch each product exactly once");

        let products = result.expect("every product exists: fetching must succeed");
        let returned: Vec<u64> = products.iter().map(|product| product.id).collect();
        assert_eq!(
            returned, ids,
            "return the products in the order of `ids`, not in the order the answers arrived \
             (buffer_unordered yields in completion order; buffered keeps input order)"
        );
        assert_eq!(products[0].name, format!("product {}", ids[0]));
    }

    #[tokio::test]
    async fn at_most_three_at_once_in_input_order() {
        run(&[9, 2, 7, 4, 1, 8, 3], 3).await;
    }

    #[tokio::test]
    async fn the_limit_is_a_parameter() {
        run(&[5, 11, 2, 9, 12, 1, 7, 3, 10, 6, 4, 8], 5).await;
    }

    #[tokio::test]
    async fn a_limit_of_one_is_one_at_a_time() {
        run(&[3, 1, 2], 1).await;
    }
}
