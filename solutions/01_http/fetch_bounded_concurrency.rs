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
    stream::iter(ids)
        .map(|id| async move {
            client
                .get(format!("{base}/products/{id}"))
                .send()
                .await?
                .error_for_status()?
                .json::<Product>()
                .await
        })
        // Runs up to `limit` of these futures at once, and yields results in input order.
        .buffered(limit)
        .try_collect()
        .await
}

fn main() {
    // The tests start a product server that counts requests in flight, and call
    // `fetch_products` against it.
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::extract::{Path, State};
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};
    use axum::routing::get;
    use serde_json::json;
    use std::sync::Mutex;
    use std::time::Duration;
    use tokio::sync::{oneshot, watch};

    /// The id the test server has no product for: it answers 404.
    const MISSING: u64 = 404;

    /// The test server's state: it holds every request until the test releases it.
    #[derive(Default)]
    struct Held {
        /// Requests waiting for their answer, in the order they arrived.
        waiting: Vec<(u64, oneshot::Sender<()>)>,
        in_flight: usize,
        max_in_flight: usize,
        requested: Vec<u64>,
    }

    struct Tracker {
        held: Mutex<Held>,
        /// How many requests have arrived so far.
        arrivals: watch::Sender<usize>,
    }

    async fn product(
        State(tracker): State<std::sync::Arc<Tracker>>,
        Path(id): Path<u64>,
    ) -> Response {
        let (release, released) = oneshot::channel();
        {
            let mut held = tracker.held.lock().unwrap();
            held.requested.push(id);
            held.in_flight += 1;
            held.max_in_flight = held.max_in_flight.max(held.in_flight);
            held.waiting.push((id, release));
        }
        tracker.arrivals.send_modify(|count| *count += 1);
        let _ = released.await;
        tracker.held.lock().unwrap().in_flight -= 1;
        if id == MISSING {
            return (StatusCode::NOT_FOUND, "no such product").into_response();
        }
        axum::Json(json!({"id": id, "name": format!("product {id}")})).into_response()
    }

    /// Answers the requests round by round, without any timing: waits until the client has
    /// as many requests in flight as it may (`limit`, or fewer at the end), lets the runtime
    /// run until no more arrive (a client that ignores the limit sends them all), then
    /// answers the round's requests one at a time, the last to arrive first, so that answers
    /// complete in another order than they were asked for.
    async fn answer_rounds(tracker: &Tracker, total: usize, limit: usize) {
        let mut arrivals = tracker.arrivals.subscribe();
        let mut answered = 0;
        while answered < total {
            let expected = limit.min(total - answered);
            let _ = arrivals
                .wait_for(|_| tracker.held.lock().unwrap().waiting.len() >= expected)
                .await;
            loop {
                let before = *arrivals.borrow_and_update();
                testkit::settle().await;
                if *arrivals.borrow() == before {
                    break;
                }
            }
            let round = std::mem::take(&mut tracker.held.lock().unwrap().waiting);
            for (_, release) in round.into_iter().rev() {
                let _ = release.send(());
                answered += 1;
                testkit::settle().await;
            }
        }
    }

    /// Starts the product server, runs `fetch_products(ids, limit)` against it, and checks
    /// how it was asked. Returns the result and the ids requested, in the order asked.
    async fn run(ids: &[u64], limit: usize) -> (reqwest::Result<Vec<Product>>, Vec<u64>) {
        let tracker = std::sync::Arc::new(Tracker {
            held: Mutex::new(Held::default()),
            arrivals: watch::Sender::new(0),
        });
        let app = Router::new()
            .route("/products/{id}", get(product))
            .with_state(tracker.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });

        let client = Client::new();
        let fetch = fetch_products(&client, &base, ids, limit);
        let exchange = async {
            tokio::pin!(fetch);
            tokio::select! {
                result = &mut fetch => result,
                () = answer_rounds(&tracker, ids.len(), limit) => fetch.await,
            }
        };
        let result = tokio::time::timeout(Duration::from_secs(2), exchange).await;

        let held = tracker.held.lock().unwrap();
        let result = result.unwrap_or_else(|_| {
            panic!(
                "fetch_products did not finish: at most {} request(s) were in flight at once, \
                 and the server answers only once {} are (or all that are left). Send up to \
                 `limit` requests concurrently (stream::iter(..).map(..).buffered(limit)), not \
                 one after another",
                held.max_in_flight,
                limit.min(ids.len())
            )
        });
        assert!(
            held.max_in_flight <= limit,
            "{} requests were in flight at once, but the limit is {limit}: never start more \
             than `limit` requests before earlier ones have finished",
            held.max_in_flight
        );
        (result, held.requested.clone())
    }

    /// Fetches `ids`, all of which exist, and checks the products.
    async fn fetch_all(ids: &[u64], limit: usize) {
        let (result, requested) = run(ids, limit).await;

        let mut requested = requested;
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
        assert_eq!(
            products[0].name,
            format!("product {}", ids[0]),
            "decode each product from its answer"
        );
    }

    #[tokio::test]
    async fn at_most_three_at_once_in_input_order() {
        fetch_all(&[9, 2, 7, 4, 1, 8, 3], 3).await;
    }

    #[tokio::test]
    async fn the_limit_is_a_parameter() {
        fetch_all(&[5, 11, 2, 9, 12, 1, 7, 3, 10, 6, 4, 8], 5).await;
    }

    #[tokio::test]
    async fn a_limit_of_one_is_one_at_a_time() {
        fetch_all(&[3, 1, 2], 1).await;
    }

    #[tokio::test]
    async fn stops_at_the_first_error() {
        let ids = [1, 2, 3, MISSING, 5, 6, 7, 8, 9, 10];

        let (result, requested) = run(&ids, 2).await;

        match result {
            Err(err) => assert_eq!(
                err.status().map(|status| status.as_u16()),
                Some(404),
                "product {MISSING} answers 404: turn an error status into an error \
                 (error_for_status), which carries the status, instead of decoding the body; got \
                 {err:?}"
            ),
            Ok(products) => panic!(
                "product {MISSING} answers 404: turn an error status into an error \
                 (error_for_status) and return it; got Ok({products:?})"
            ),
        }
        assert!(
            requested.len() < ids.len(),
            "stop at the first error: once product {MISSING} failed, the products after it are \
             not fetched (try_collect stops polling the stream), but all {} were requested",
            requested.len()
        );
    }
}
